// DIR/rejected-rows.xlsx and .csv: every row this run rejected, with where and why (in Swedish),
// so the handläggare can fix the source and send it again. Identity values arrive masked.
import { join } from 'node:path';
import { WorkbookWriter } from '../documents/xlsx-writer.js';
import { withAtomicFile, writeFileAtomic } from '../util/atomic-file.js';

import type { RejectedRowView } from '../store/rejected-rows.js';

const HEADERS = ['Fil', 'Flik', 'Rad', 'Kolumn', 'Värde', 'Orsak'];

function csvField(value: string): string {
  return /[";\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export async function writeRejectedRows(outDir: string, rows: readonly RejectedRowView[]): Promise<void> {
  const cells = (r: RejectedRowView) => [r.file, r.sheet ?? '', r.row, r.column ?? '', r.value ?? '', r.reason];

  await withAtomicFile(join(outDir, 'rejected-rows.xlsx'), async (tmp) => {
    const workbook = new WorkbookWriter({ filename: tmp, useStyles: true });
    const sheet = workbook.addWorksheet('Avvisade rader');
    sheet.columns = [{ width: 36 }, { width: 16 }, { width: 8 }, { width: 22 }, { width: 24 }, { width: 70 }];
    const header = sheet.addRow(HEADERS);
    header.font = { bold: true };
    header.commit();
    for (const r of rows) {
      // Plain string cells: xlsx keeps them text even when they start with '='.
      sheet.addRow(cells(r)).commit();
    }
    sheet.commit();
    await workbook.commit();
  });

  // Semicolon and a BOM: what Swedish Excel opens correctly by double-click. A leading ' keeps
  // formula-like text as text there too.
  const lines = [
    HEADERS.join(';'),
    ...rows.map((r) =>
      cells(r)
        .map((v) => csvField(typeof v === 'number' ? String(v) : safeCsvText(v)))
        .join(';'),
    ),
  ];
  writeFileAtomic(join(outDir, 'rejected-rows.csv'), `\uFEFF${lines.join('\r\n')}\r\n`);
}

function safeCsvText(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
