// DIR/rejected-rows.xlsx and .csv: every row this run rejected, with where and why (in Swedish),
// so the handläggare can fix the source and send it again. Identity values arrive masked.
import { join } from 'node:path';
import { addListSheet, addPlainRow, safeText, writeWorkbook } from '../documents/xlsx.js';
import { writeFileAtomic } from '../util/atomic-file.js';

import type { RejectedRowView } from '../store/rejected-rows.js';

const SHEET = 'Avvisade rader';
const HEADERS = ['Fil', 'Flik', 'Rad', 'Kolumn', 'Värde', 'Orsak'];

function csvField(value: string): string {
  return /[";\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export async function writeRejectedRows(outDir: string, rows: readonly RejectedRowView[]): Promise<void> {
  const cells = (r: RejectedRowView) => [r.file, r.sheet ?? '', r.row, r.column ?? '', r.value ?? '', r.reason];

  await writeWorkbook(join(outDir, 'rejected-rows.xlsx'), { title: SHEET, subject: SHEET, author: '' }, (wb) => {
    const sheet = addListSheet(wb, SHEET, [36, 16, 8, 22, 24, 70], HEADERS);
    // Shared strings: text stays text even when it starts with '='.
    for (const r of rows) addPlainRow(sheet, cells(r));
  });

  // Semicolon and a BOM: what Swedish Excel opens correctly by double-click. A leading ' keeps
  // formula-like text as text there too.
  const lines = [
    HEADERS.join(';'),
    ...rows.map((r) =>
      cells(r)
        .map((v) => csvField(typeof v === 'number' ? String(v) : safeText(v)))
        .join(';'),
    ),
  ];
  writeFileAtomic(join(outDir, 'rejected-rows.csv'), `\uFEFF${lines.join('\r\n')}\r\n`);
}
