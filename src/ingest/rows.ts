// The reader for a file's format (its bytes decided it, not its name). exceljs is loaded only for an
// xlsx: a csv ingest does not pay for it.
import { openCsvSource } from './readers/csv.js';
import type { ZipDirectory } from './readers/sniff.js';
import { type FileFormat, type RowSource, readFailure } from './readers/source.js';

export async function openRowSource(path: string, format: FileFormat, zip: ZipDirectory | null): Promise<RowSource> {
  try {
    if (format === 'csv') return (await openCsvSource(path)) as RowSource;
    const { openXlsxSource } = await import('./readers/xlsx.js');
    return (await openXlsxSource(path, zip ?? new Map())) as RowSource;
  } catch (err) {
    throw readFailure(err, format);
  }
}
