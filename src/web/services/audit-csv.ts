// The audit log as CSV (semicolon separated, as Swedish Excel opens it; UTF-8 with BOM). Cells
// that a spreadsheet would run as a formula are quoted with a leading apostrophe.
import type { AuditEntry } from '../../store/audit.js';

function cell(v: string | number | null): string {
  let s = v === null ? '' : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[";\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function auditCsv(entries: Iterable<AuditEntry>): string {
  const lines = ['\uFEFFtid;användare;händelse;objekt;utfall'];
  for (const e of entries) lines.push([e.at, e.user, e.action, e.object, e.outcome].map(cell).join(';'));
  return `${lines.join('\r\n')}\r\n`;
}
