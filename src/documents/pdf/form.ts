// Draws an application form from its template (templates/forms/*.json): the sender and reference
// block, title, recipient and deadline, then each section by kind. What the sections say comes
// from the template and the placeholder context; this module only knows how a kind looks.
import { Canvas, type TextStyle } from './canvas.js';
import { Table, type TableRow } from './table.js';
import { fill, holds, type FieldTemplate, type FormSection, type FormTemplate, type TemplateContext } from '../templates.js';

export interface FormData {
  ctx: TemplateContext;
  flags: ReadonlySet<string>;
  /** Sender block lines under the region's name. */
  senderLines: string[];
  /** Rows of the specification table, by the template's column keys. */
  specification: TableRow[];
}

const BOX_PAD = 3;
const LABEL_GAP = 1.5;

export class FormRenderer {
  constructor(
    private readonly c: Canvas,
    private readonly t: FormTemplate,
    private readonly data: FormData,
  ) {}

  private f(text: string): string {
    return fill(text, this.data.ctx);
  }

  draw(): void {
    const c = this.c;
    c.onContinuationPage = (cv) => this.continuationHeader(cv);
    this.head();
    for (const section of this.t.sections) this.section(section);
    c.footers(this.f(this.t.footerLeft));
  }

  private continuationHeader(c: Canvas): void {
    const style: TextStyle = { size: c.sizes.small, color: c.colors.muted };
    c.text(this.f(this.t.continuationHeader), c.left, c.y, style, { width: c.width });
    c.y += c.lineHeight(style.size) + 2;
    c.hline(c.left, c.right, c.y, c.colors.rule, c.layout.lineWidths.box);
    c.y += 8;
  }

  private head(): void {
    const c = this.c;
    const top = c.y;
    const refWidth = 190;
    const refX = c.right - refWidth;
    // Sender: the region.
    const senderStyle: TextStyle = { font: 'bold', size: c.sizes.sender };
    let y = top;
    for (const line of c.wrap(this.f('{region.name}'), refX - c.left - 16, senderStyle)) {
      c.text(line, c.left, y, senderStyle);
      y += c.lineHeight(senderStyle.size);
    }
    const small: TextStyle = { size: c.sizes.small, color: c.colors.muted };
    for (const line of this.data.senderLines) {
      if (line === '') continue;
      c.text(line, c.left, y, small, { width: refX - c.left - 16 });
      y += c.lineHeight(small.size);
    }
    // Reference box: form number, case id, date.
    const labelStyle: TextStyle = { size: c.sizes.label, color: c.colors.muted };
    const valueStyle: TextStyle = { size: c.sizes.body };
    const refs = this.t.reference.map((ref) => ({ label: ref.label, value: c.wrap(this.f(ref.value), refWidth - 2 * BOX_PAD - 2, valueStyle) }));
    const rowHeight = (lines: number): number => BOX_PAD + c.lineHeight(labelStyle.size) + lines * c.lineHeight(valueStyle.size) + BOX_PAD;
    const bandH = 16;
    const boxH = bandH + refs.reduce((s, r) => s + rowHeight(r.value.length), 0);
    c.strokeRect(refX, top, refWidth, boxH);
    c.fillRect(refX, top, refWidth, bandH, c.colors.band);
    c.strokeRect(refX, top, refWidth, bandH);
    c.text(this.t.formLabel, refX + BOX_PAD + 1, Canvas.topForBaseline(Canvas.centredBaseline(top, bandH, c.sizes.heading), c.sizes.heading), {
      font: 'bold',
      size: c.sizes.heading,
    });
    let ry = top + bandH;
    refs.forEach((ref, i) => {
      c.text(ref.label, refX + BOX_PAD + 1, ry + BOX_PAD - 0.5, labelStyle);
      let vy = ry + BOX_PAD - 0.5 + c.lineHeight(labelStyle.size) + 0.5;
      for (const line of ref.value) {
        c.text(line, refX + BOX_PAD + 1, vy, valueStyle);
        vy += c.lineHeight(valueStyle.size);
      }
      ry += rowHeight(ref.value.length);
      if (i < refs.length - 1) c.hline(refX, refX + refWidth, ry, c.colors.box, c.layout.lineWidths.box);
    });
    c.y = Math.max(y, top + boxH) + 10;
    // Title.
    const titleStyle: TextStyle = { font: 'bold', size: c.sizes.title };
    for (const line of c.wrap(this.t.title, c.width, titleStyle)) {
      c.text(line, c.left, c.y, titleStyle);
      c.y += c.lineHeight(titleStyle.size);
    }
    c.paragraph(this.t.subtitle, { size: c.sizes.subtitle, color: c.colors.muted }, { gapAfter: 4 });
    c.hline(c.left, c.right, c.y, c.colors.rule, c.layout.lineWidths.rule * 1.5);
    c.y += 8;
    this.recipientAndDeadline();
  }

  private recipientAndDeadline(): void {
    const c = this.c;
    const gap = 8;
    const leftW = (c.width - gap) * 0.38;
    const rightW = c.width - gap - leftW;
    const rightX = c.left + leftW + gap;
    const labelStyle: TextStyle = { size: c.sizes.label, color: c.colors.muted };
    const lhLabel = c.lineHeight(labelStyle.size);
    const bodyStyle: TextStyle = { size: c.sizes.body };
    const lhBody = c.lineHeight(bodyStyle.size);
    const noteStyle: TextStyle = { size: c.sizes.small };
    const notes = this.t.deadline.notes.filter((n) => holds(n.when, this.data.flags)).map((n) => this.f(n.text));
    const noteLines = notes.flatMap((n) => c.wrap(n, rightW - 2 * BOX_PAD - 4, noteStyle));
    const deadlineStyle: TextStyle = { font: 'bold', size: c.sizes.title };
    const rightH = BOX_PAD + lhLabel + LABEL_GAP + c.lineHeight(deadlineStyle.size) + noteLines.length * c.lineHeight(noteStyle.size) + BOX_PAD + 2;
    const leftH = BOX_PAD + lhLabel + LABEL_GAP + this.t.recipient.lines.length * lhBody + BOX_PAD;
    const h = Math.max(rightH, leftH);
    const top = c.y;
    c.strokeRect(c.left, top, leftW, h);
    c.text(this.t.recipient.label, c.left + BOX_PAD, top + BOX_PAD, labelStyle);
    let y = top + BOX_PAD + lhLabel + LABEL_GAP;
    for (const line of this.t.recipient.lines) {
      c.text(this.f(line), c.left + BOX_PAD, y, bodyStyle, { width: leftW - 2 * BOX_PAD });
      y += lhBody;
    }
    // The deadline box is drawn heavier: it is what the case officer must not miss.
    c.strokeRect(rightX, top, rightW, h, c.colors.rule, c.layout.lineWidths.rule * 1.5);
    c.text(this.t.deadline.label, rightX + BOX_PAD + 2, top + BOX_PAD, labelStyle);
    y = top + BOX_PAD + lhLabel + LABEL_GAP;
    c.text(this.f(this.t.deadline.value), rightX + BOX_PAD + 2, y, deadlineStyle);
    y += c.lineHeight(deadlineStyle.size);
    for (const line of noteLines) {
      c.text(line, rightX + BOX_PAD + 2, y, noteStyle);
      y += c.lineHeight(noteStyle.size);
    }
    c.y = top + h + c.layout.spacing.sectionGap;
  }

  private heading(text: string): void {
    this.c.heading(this.f(text));
  }

  private section(s: FormSection): void {
    const c = this.c;
    const headingH = c.layout.spacing.headingHeight + 4;
    switch (s.kind) {
      case 'fields': {
        const rows = s.rows.map((row) => this.measureFieldRow(row, false));
        c.ensure(headingH + (rows[0]?.height ?? 0));
        this.heading(s.heading);
        for (const row of rows) this.drawFieldRow(row);
        this.notes(s.notes.filter((n) => holds(n.when, this.data.flags)).map((n) => this.f(n.text)));
        break;
      }
      case 'specification': {
        const table = new Table(
          c,
          s.columns.map((col) => ({ label: col.label, width: col.width, align: col.align, wrap: col.wrap })),
          {
            zebra: true,
            continued: () => this.heading(s.continued),
          },
        );
        const introStyle: TextStyle = { size: c.sizes.small, color: c.colors.muted };
        const introH = s.intro ? c.wrap(s.intro, c.width, introStyle).length * c.lineHeight(introStyle.size) + 3 : 0;
        c.ensure(headingH + introH + table.minStartHeight());
        this.heading(s.heading);
        if (s.intro) c.paragraph(s.intro, introStyle, { gapAfter: 3 });
        table.header();
        for (const row of this.data.specification) table.row(row);
        c.y += c.layout.spacing.sectionGap;
        break;
      }
      case 'calculation':
        this.calculation(s, headingH);
        break;
      case 'paragraphs': {
        const style: TextStyle = { size: c.sizes.small };
        const first = s.paragraphs[0] ? c.wrap(this.f(s.paragraphs[0]), c.width, style).length : 0;
        c.ensure(headingH + Math.min(first, 3) * c.lineHeight(style.size));
        this.heading(s.heading);
        for (const p of s.paragraphs) c.paragraph(this.f(p), style, { gapAfter: 3 });
        break;
      }
      case 'checklist': {
        const items = s.items
          .map((item) => (typeof item === 'string' ? { text: item } : item))
          .filter((item) => holds('when' in item ? item.when : undefined, this.data.flags))
          .map((item) => this.f(item.text));
        c.ensure(headingH + 2 * c.lineHeight(c.sizes.body));
        this.heading(s.heading);
        const style: TextStyle = { size: c.sizes.body };
        const lh = c.lineHeight(style.size);
        for (const item of items) {
          const lines = c.wrap(item, c.width - 20, style);
          c.ensure(lines.length * lh + 3);
          c.strokeRect(c.left + 3, c.y + 1.5, 8, 8, c.colors.rule, c.layout.lineWidths.box);
          for (const line of lines) {
            c.text(line, c.left + 18, c.y, style);
            c.y += lh;
          }
          c.y += 3;
        }
        c.y += c.layout.spacing.sectionGap - 3;
        break;
      }
      case 'signature': {
        const style: TextStyle = { size: c.sizes.small };
        const declLines = c.wrap(this.f(s.declaration), c.width, style);
        const rows = s.rows.map((row) => this.measureFieldRow(row, true));
        const total = headingH + declLines.length * c.lineHeight(style.size) + 6 + rows.reduce((sum, r) => sum + r.height, 0);
        // The signature block is never split over two pages.
        c.ensure(total);
        this.heading(s.heading);
        c.paragraph(this.f(s.declaration), style, { gapAfter: 6 });
        for (const row of rows) this.drawFieldRow(row);
        break;
      }
    }
  }

  private notes(notes: string[]): void {
    const c = this.c;
    const style: TextStyle = { size: c.sizes.small, color: c.colors.muted };
    if (notes.length > 0) c.y += 2;
    for (const n of notes) c.paragraph(n, style, { gapAfter: 2 });
    c.y += c.layout.spacing.sectionGap;
  }

  private measureFieldRow(
    row: FieldTemplate[],
    tall: boolean,
  ): { boxes: { label: readonly string[]; value: readonly string[]; width: number }[]; height: number } {
    const c = this.c;
    const weight = row.reduce((s, f) => s + f.width, 0);
    const labelStyle: TextStyle = { size: c.sizes.label };
    const valueStyle: TextStyle = { size: c.sizes.body };
    let height = tall ? 34 : c.layout.spacing.fieldHeight;
    const boxes = row.map((f) => {
      const width = (f.width / weight) * c.width;
      const inner = width - 2 * BOX_PAD;
      const label = c.wrap(f.label, inner, labelStyle);
      const valueText = this.f(f.value);
      const value = valueText === '' ? [] : c.wrap(valueText, inner, valueStyle);
      const h =
        BOX_PAD + label.length * c.lineHeight(labelStyle.size) + LABEL_GAP + Math.max(1, value.length) * c.lineHeight(valueStyle.size) + BOX_PAD;
      height = Math.max(height, h);
      return { label, value, width };
    });
    return { boxes, height };
  }

  private drawFieldRow(row: { boxes: { label: readonly string[]; value: readonly string[]; width: number }[]; height: number }): void {
    const c = this.c;
    c.ensure(row.height);
    const labelStyle: TextStyle = { size: c.sizes.label, color: c.colors.muted };
    const valueStyle: TextStyle = { size: c.sizes.body };
    let x = c.left;
    for (const box of row.boxes) {
      c.strokeRect(x, c.y, box.width, row.height);
      let y = c.y + BOX_PAD - 0.5;
      for (const line of box.label) {
        c.text(line, x + BOX_PAD, y, labelStyle);
        y += c.lineHeight(labelStyle.size);
      }
      y += LABEL_GAP;
      for (const line of box.value) {
        c.text(line, x + BOX_PAD, y, valueStyle);
        y += c.lineHeight(valueStyle.size);
      }
      x += box.width;
    }
    c.y += row.height;
  }

  private calculation(s: Extract<FormSection, { kind: 'calculation' }>, headingH: number): void {
    const c = this.c;
    const lines = s.lines.filter((l) => holds(l.when, this.data.flags));
    const valueW = 120;
    const labelW = c.width - valueW - 16;
    const body: TextStyle = { size: c.sizes.body };
    const lh = c.lineHeight(body.size);
    const measured = lines.map((l) => ({ l, label: c.wrap(this.f(l.label), labelW, body) }));
    const total = headingH + measured.reduce((sum, m) => sum + m.label.length * lh + 5, 0) + 8;
    // The arithmetic is read as one piece: keep it on one page.
    c.ensure(total);
    this.heading(s.heading);
    const valueX = c.right - valueW - 4;
    for (const { l, label } of measured) {
      const style: TextStyle = {
        font: l.result ? 'bold' : 'regular',
        size: l.result ? c.sizes.body + 1 : body.size,
        color: l.muted ? c.colors.muted : c.colors.text,
      };
      if (l.rule || l.result) {
        c.hline(valueX, c.right - 4, c.y + 0.5, c.colors.rule, l.result ? c.layout.lineWidths.rule * 1.5 : c.layout.lineWidths.box);
        c.y += 2.5;
      }
      if (l.result) c.fillRect(c.left, c.y - 0.5, c.width, label.length * lh + 4, c.colors.subtotal);
      let y = c.y + 1.5;
      for (const line of label) {
        c.text(line, c.left + 4, y, style);
        y += lh;
      }
      c.text(this.f(l.value), valueX, c.y + 1.5, style, { width: valueW, align: 'right' });
      c.y += label.length * lh + (l.result ? 4 : 2.5);
    }
    this.notes(s.notes.filter((n) => holds(n.when, this.data.flags)).map((n) => this.f(n.text)));
  }
}
