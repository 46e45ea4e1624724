// A table that flows over pages: the header row is repeated at the top of every page the table
// continues on (after an optional continuation heading), rows never split, cells either wrap or are
// cut with an ellipsis.
import { Canvas, type Align, type TextStyle } from './canvas.js';

export interface TableColumn {
  label: string;
  /** Relative width; the columns share the table's width in proportion. */
  width: number;
  align?: Align;
  wrap?: boolean;
}

export type RowKind = 'body' | 'subtotal' | 'total';

export interface TableRow {
  cells: string[];
  kind?: RowKind;
  /** The first cell spans this many columns (a subtotal's label); the cells that follow fill the rest. */
  span?: number;
}

export interface TableOptions {
  x?: number;
  width?: number;
  size?: number;
  headerSize?: number;
  /** Drawn above the repeated header on a continuation page (e.g. "5. Specifikation (forts.)"). */
  continued?: (c: Canvas) => void;
  zebra?: boolean;
}

const PAD_X = 3;
/** Room kept for a continuation heading above the repeated header. */
const CONTINUED_ROOM = 40;

export class Table {
  private readonly x: number;
  private readonly widths: number[];
  private readonly size: number;
  private readonly headerSize: number;
  private readonly pad: number;
  private bodyIndex = 0;
  /** The header's height, worked out once: every row asks for it (rows never split over a page). */
  private measuredHeaderHeight: number | null = null;

  constructor(
    private readonly c: Canvas,
    private readonly columns: TableColumn[],
    private readonly opts: TableOptions = {},
  ) {
    this.x = opts.x ?? c.left;
    const total = opts.width ?? c.right - this.x;
    const weight = columns.reduce((s, col) => s + col.width, 0);
    this.widths = columns.map((col) => (col.width / weight) * total);
    this.size = opts.size ?? c.sizes.table;
    this.headerSize = opts.headerSize ?? c.sizes.tableHeader;
    this.pad = c.layout.spacing.tableRowPadding;
  }

  private get totalWidth(): number {
    return this.widths.reduce((a, b) => a + b, 0);
  }

  private cellLines(text: string, i: number, style: TextStyle, wrap: boolean): readonly string[] {
    if (!wrap) return [text];
    return this.c.wrap(text, this.widths[i]! - 2 * PAD_X, style);
  }

  private headerHeight(): number {
    return (this.measuredHeaderHeight ??= this.measureHeader());
  }

  private measureHeader(): number {
    const style: TextStyle = { font: 'bold', size: this.headerSize };
    let lines = 1;
    this.columns.forEach((col, i) => {
      lines = Math.max(lines, this.cellLines(col.label, i, style, true).length);
    });
    return lines * this.c.lineHeight(this.headerSize) + 2 * this.pad + 1;
  }

  /** Height the header plus one body row need, to keep a header from standing alone at a page foot. */
  minStartHeight(): number {
    return this.headerHeight() + this.c.lineHeight(this.size) + 2 * this.pad;
  }

  header(): void {
    const c = this.c;
    const h = this.headerHeight();
    const style: TextStyle = { font: 'bold', size: this.headerSize };
    c.fillRect(this.x, c.y, this.totalWidth, h, c.colors.tableHeader);
    let x = this.x;
    this.columns.forEach((col, i) => {
      const lines = this.cellLines(col.label, i, style, true);
      // Bottom-align header labels so single- and two-line labels share a baseline.
      let ty = c.y + h - this.pad - lines.length * c.lineHeight(this.headerSize) + 1;
      for (const line of lines) {
        c.text(line, x + PAD_X, ty, style, { width: this.widths[i]! - 2 * PAD_X, align: col.align ?? 'left' });
        ty += c.lineHeight(this.headerSize);
      }
      x += this.widths[i]!;
    });
    c.hline(this.x, this.x + this.totalWidth, c.y + h, c.colors.rule, c.layout.lineWidths.box);
    c.y += h;
    this.bodyIndex = 0;
  }

  /** Starts the table: a new page first unless the header and one row fit. */
  start(): void {
    this.c.ensure(this.minStartHeight());
    this.header();
  }

  /** Column widths and alignments of a row, with its first cell widened over `span` columns. */
  private rowColumns(row: TableRow): { width: number; align: Align; wrap: boolean }[] {
    const span = Math.max(1, Math.min(row.span ?? 1, this.columns.length));
    const cols = this.columns.map((col, i) => ({ width: this.widths[i]!, align: col.align ?? 'left', wrap: col.wrap === true }));
    if (span === 1) return cols;
    const first = { width: cols.slice(0, span).reduce((s, c) => s + c.width, 0), align: 'left' as Align, wrap: true };
    return [first, ...cols.slice(span)];
  }

  row(row: TableRow): void {
    const c = this.c;
    const kind = row.kind ?? 'body';
    const style: TextStyle = { font: kind === 'body' ? 'regular' : 'bold', size: this.size };
    const cols = this.rowColumns(row);
    const lh = c.lineHeight(this.size);
    // Rows never split: a cell that would wrap past a fresh page is cut to what fits on one.
    const maxLines = Math.max(1, Math.floor((c.bottom - c.top - this.headerHeight() - 2 * this.pad - CONTINUED_ROOM) / lh));
    const cellLines = cols.map((col, i) => (col.wrap ? c.wrap(row.cells[i] ?? '', col.width - 2 * PAD_X, style, maxLines) : [row.cells[i] ?? '']));
    const lines = Math.max(1, ...cellLines.map((l) => l.length));
    const h = lines * lh + 2 * this.pad;
    if (c.ensure(h)) {
      if (this.opts.continued) this.opts.continued(c);
      this.header();
    }
    const fill =
      kind === 'subtotal'
        ? c.colors.subtotal
        : kind === 'total'
          ? c.colors.total
          : this.opts.zebra && this.bodyIndex % 2 === 1
            ? c.colors.zebra
            : null;
    if (fill) c.fillRect(this.x, c.y, this.totalWidth, h, fill);
    if (kind === 'total') c.hline(this.x, this.x + this.totalWidth, c.y, c.colors.rule, c.layout.lineWidths.box);
    let x = this.x;
    cols.forEach((col, i) => {
      let ty = c.y + this.pad + 0.5;
      for (const line of cellLines[i]!) {
        c.text(line, x + PAD_X, ty, style, { width: col.width - 2 * PAD_X, align: col.align });
        ty += lh;
      }
      x += col.width;
    });
    c.y += h;
    c.hline(this.x, this.x + this.totalWidth, c.y, c.colors.grid, c.layout.lineWidths.grid);
    if (kind === 'body') this.bodyIndex++;
  }
}
