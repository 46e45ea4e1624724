// What an input file may hold (README "Limits"). A cell over MAX_CELL_CHARS rejects its row; a row,
// a single value or an xlsx part over its limit makes the whole file unreadable, before it can cost
// more than bounded memory and time (under 300 MB resident). The part limits leave room for a
// 1 000 000-row export: the generated one has a 646 MB sheet and no shared strings; one saved by
// Excel would have some 35–45 MB of shared strings (a unique line id and contact id per row).

/** Excel's own limit for the text of one cell. */
export const MAX_CELL_CHARS = 32_767;

/** A csv record, an xlsx row element, or one value of an xlsx part (text, an attribute, a shared string). */
export const MAX_ROW_BYTES = 4 * 1024 * 1024;

/** One worksheet's XML, unpacked. */
export const MAX_SHEET_BYTES = 2 * 1024 ** 3;

/**
 * The shared-strings part, unpacked: held in memory whole while the sheets are read. At the limit,
 * 2.5 million short strings, `claims run` peaks at some 215 MB resident (100 MiB: 262 MB).
 */
export const MAX_SHARED_STRINGS_BYTES = 64 * 1024 * 1024;

/** The styles part, unpacked: held in memory whole. */
export const MAX_STYLES_BYTES = 16 * 1024 * 1024;

/** workbook.xml and its relationships, read whole up front. */
export const MAX_WORKBOOK_BYTES = 4 * 1024 * 1024;

/** Worksheets in one workbook (each may be searched for the header row). */
export const MAX_SHEETS = 1_000;

/** Entries in an xlsx archive (a workbook has tens). */
export const MAX_ZIP_ENTRIES = 10_000;

/** How a limit reads in a message: `4 MiB`, `100 MiB`, `2 GiB`. */
export function sizeText(bytes: number): string {
  return bytes >= 1024 ** 3 ? `${bytes / 1024 ** 3} GiB` : `${bytes / 1024 ** 2} MiB`;
}
