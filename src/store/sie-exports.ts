// SIE exports (SPEC §8): which events were exported as which voucher, with the voucher's text as
// first written, so an event is never exported twice and `--again` writes the same vouchers with
// the same numbers.
import type { IsoDate } from '../domain/types.js';
import type { Db } from './db.js';

export interface StoredVoucher {
  eventKey: string;
  series: string;
  number: number;
  date: IsoDate;
  /** The #VER record and its rows, as written. */
  body: string;
  /** [[account, name]] and [[dimension, object, name]] the header declares for it. */
  accounts: [string, string][];
  objects: [number, string, string][];
}

interface VoucherRow {
  event_key: string;
  series: string;
  number: number;
  date: string;
  body: string;
  accounts: string;
  objects: string;
}

const fromRow = (r: VoucherRow): StoredVoucher => ({
  eventKey: r.event_key,
  series: r.series,
  number: r.number,
  date: r.date,
  body: r.body,
  accounts: JSON.parse(r.accounts) as [string, string][],
  objects: JSON.parse(r.objects) as [number, string, string][],
});

/** Keys of the events already exported, among those dated within [from, to]. */
export function exportedKeysBetween(db: Db, from: IsoDate, to: IsoDate): Set<string> {
  return new Set(db.prepare('SELECT event_key FROM sie_vouchers WHERE date >= ? AND date <= ?').pluck().all(from, to) as string[]);
}

/** The vouchers exported before for events dated within [from, to], by series and number. */
export function storedVouchersBetween(db: Db, from: IsoDate, to: IsoDate): StoredVoucher[] {
  return (db.prepare('SELECT * FROM sie_vouchers WHERE date >= ? AND date <= ? ORDER BY series, number').all(from, to) as VoucherRow[]).map(fromRow);
}

export function nextVoucherNumber(db: Db, series: string): number {
  return ((db.prepare('SELECT MAX(number) FROM sie_vouchers WHERE series = ?').pluck().get(series) as number | null) ?? 0) + 1;
}

export function nextExportNumber(db: Db): number {
  return ((db.prepare('SELECT MAX(id) FROM sie_exports').pluck().get() as number | null) ?? 0) + 1;
}

export interface ExportRecord {
  from: IsoDate;
  to: IsoDate;
  generatedOn: IsoDate;
  again: boolean;
  file: string;
  /** New vouchers (none for --again). */
  vouchers: StoredVoucher[];
  /** How many vouchers the file holds. */
  count: number;
}

/** Records an export and its new vouchers, in one transaction. */
export function recordExport(db: Db, e: ExportRecord): number {
  return db.transaction(() => {
    const id = Number(
      db
        .prepare('INSERT INTO sie_exports (period_from, period_to, generated_on, again, file, vouchers, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(e.from, e.to, e.generatedOn, e.again ? 1 : 0, e.file, e.count, new Date().toISOString()).lastInsertRowid,
    );
    const insert = db.prepare(
      'INSERT INTO sie_vouchers (event_key, export_id, series, number, date, body, accounts, objects) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    for (const v of e.vouchers) insert.run(v.eventKey, id, v.series, v.number, v.date, v.body, JSON.stringify(v.accounts), JSON.stringify(v.objects));
    return id;
  })();
}
