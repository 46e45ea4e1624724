// A progress line on stderr for large files, only when stderr is a terminal.
import { printable } from '../util/printable.js';

export interface ProgressEvent {
  file: string;
  rows: number;
  bytesRead?: number;
  totalBytes?: number;
}

export function progressReporter(): ((p: ProgressEvent) => void) | undefined {
  if (!process.stderr.isTTY) return undefined;
  let last = 0;
  return (p) => {
    const now = Date.now();
    if (now - last < 200) return;
    last = now;
    const pct = p.totalBytes ? ` ${Math.min(100, Math.floor(((p.bytesRead ?? 0) / p.totalBytes) * 100))} %` : '';
    process.stderr.write(`\r${printable(p.file)}: ${p.rows.toLocaleString('sv-SE')} rader${pct}   `);
    if (p.totalBytes && p.bytesRead !== undefined && p.bytesRead >= p.totalBytes) process.stderr.write('\n');
  };
}
