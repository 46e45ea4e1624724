// Reads generated PDFs back with poppler-utils (pdftotext, pdffonts, pdfinfo). Missing tools fail
// the test loudly: install them with `apt-get install -y poppler-utils` (.ci/run does).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function requireTool(tool: string): void {
  const r = spawnSync(tool, ['-v'], { encoding: 'utf8' });
  if (r.error) {
    throw new Error(`${tool} saknas: installera poppler-utils (apt-get install -y poppler-utils) för att köra dokumenttesterna`);
  }
}

let dir: string | null = null;
function tempFile(bytes: Buffer): string {
  dir ??= mkdtempSync(join(tmpdir(), 'claims-pdf-'));
  const path = join(dir, `${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(path, bytes);
  return path;
}

function pathOf(pdf: Buffer | string): string {
  return typeof pdf === 'string' ? pdf : tempFile(pdf);
}

/** Text of the whole document (pages separated by form feeds), spaces normalised. */
export function pdfText(pdf: Buffer | string, opts: { layout?: boolean } = {}): string {
  requireTool('pdftotext');
  const args = [...(opts.layout ? ['-layout'] : []), '-enc', 'UTF-8', pathOf(pdf), '-'];
  return execFileSync('pdftotext', args, { encoding: 'utf8' }).replace(/[\u00a0\u202f]/g, ' ');
}

/** Text per page. */
export function pdfPages(pdf: Buffer | string, opts: { layout?: boolean } = {}): string[] {
  const pages = pdfText(pdf, opts).split('\f');
  if (pages[pages.length - 1]?.trim() === '') pages.pop();
  return pages;
}

export interface FontRow {
  name: string;
  type: string;
  embedded: boolean;
  subset: boolean;
  unicode: boolean;
}

export function pdfFonts(pdf: Buffer | string): FontRow[] {
  requireTool('pdffonts');
  const out = execFileSync('pdffonts', [pathOf(pdf)], { encoding: 'utf8' })
    .split('\n')
    .slice(2)
    .filter((l) => l.trim() !== '');
  return out.map((line) => {
    const cols = line.trim().split(/\s+/);
    // name, type (may contain spaces), encoding, emb, sub, uni, object, ID
    const [emb, sub, uni] = cols.slice(-5, -2);
    return { name: cols[0]!, type: cols.slice(1, -6).join(' '), embedded: emb === 'yes', subset: sub === 'yes', unicode: uni === 'yes' };
  });
}

export function pdfInfo(pdf: Buffer | string): Record<string, string> {
  requireTool('pdfinfo');
  const out = execFileSync('pdfinfo', ['-isodates', pathOf(pdf)], { encoding: 'utf8' });
  const info: Record<string, string> = {};
  for (const line of out.split('\n')) {
    const m = /^([^:]+):\s*(.*)$/.exec(line);
    if (m) info[m[1]!.trim()] = m[2]!.trim();
  }
  return info;
}

/** Collapses runs of whitespace so assertions do not depend on line layout. */
export function squash(text: string): string {
  return text.replace(/\s+/g, ' ');
}
