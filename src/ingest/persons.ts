// Person register ingest (SPEC §3.2): several rows for one person are several LMA periods and must
// agree on everything else (else all that person's rows are rejected); the file replaces what earlier
// registers said about the persons it holds, while a person whose rows are all rejected keeps the
// earlier record. Registers are small, so the file is read whole and written in one transaction.
import type { IsoDate } from '../domain/types.js';
import type { Db } from '../store/db.js';
import type { HeaderMatch } from './headers.js';
import { type FoundHeader, type RowSource, nextRow } from './rows.js';
import { type PersonRow, type RowContext, personRowSchema } from './schemas.js';
import { type RejectedCell, RowMapper, displayValue, issuesToCells } from './validate.js';
import type { Cell } from './values.js';

export interface RegisterFileMeta {
  sha256: string;
  name: string;
  sheet: string | null;
  ingestedAt: string;
}

export interface RegisterResult {
  fileId: number;
  rows: number;
  accepted: number;
  rejected: number;
}

interface ValidRow {
  row: number;
  input: Record<string, Cell>;
  data: PersonRow;
}

/** The fields that must agree across one person's rows (everything but the LMA period). */
const AGREEING: readonly (keyof PersonRow)[] = [
  'group',
  'birth_date',
  'dossier_number',
  'name',
  'reception_date',
  'chronic_3y',
  'protection_link',
  'underlying_diagnoses',
  'municipality',
];

function disagreeing(rows: readonly ValidRow[]): (keyof PersonRow)[] {
  const first = rows[0]!.data;
  return AGREEING.filter((f) => rows.some((r) => r.data[f] !== first[f]));
}

const triState = (v: boolean | null): number | null => (v === null ? null : v ? 1 : 0);

export async function ingestRegister(
  db: Db,
  found: FoundHeader,
  source: RowSource,
  meta: RegisterFileMeta,
  ctx: Omit<RowContext, 'date1904'>,
  onRows: (rows: number) => void,
): Promise<RegisterResult> {
  const match: HeaderMatch = found.match;
  const schema = personRowSchema({ ...ctx, date1904: source.date1904 });
  const mapper = new RowMapper(match, source);
  const rejectedCells: RejectedCell[] = [];
  const byPerson = new Map<string, ValidRow[]>();
  let rows = 0;
  let rejectedRows = 0;

  for (let next = await nextRow(found.rows, source.format); !next.done; next = await nextRow(found.rows, source.format)) {
    const number = source.rowNumber(next.value);
    const input = mapper.input(next.value);
    if (!input) continue;
    rows++;
    if (rows % 5000 === 0) onRows(rows);
    const parsed = schema.safeParse(input);
    if (!parsed.success) {
      rejectedRows++;
      rejectedCells.push(...issuesToCells(number, parsed.error.issues, input, match));
      continue;
    }
    const id = parsed.data.person_id.id;
    const list = byPerson.get(id);
    if (list) list.push({ row: number, input, data: parsed.data });
    else byPerson.set(id, [{ row: number, input, data: parsed.data }]);
  }
  onRows(rows);

  for (const [id, list] of byPerson) {
    if (list.length < 2) continue;
    const fields = disagreeing(list);
    if (fields.length === 0) continue;
    const labels = fields.map((f) => match.label.get(f) ?? f);
    const reason = `personen har flera rader som inte stämmer överens (${labels.join(', ')}); alla personens rader avvisas`;
    for (const r of list) {
      rejectedRows++;
      for (const f of fields) rejectedCells.push({ row: r.row, column: match.label.get(f) ?? f, value: displayValue(f, r.input[f]), reason });
    }
    byPerson.delete(id);
  }

  const accepted = rows - rejectedRows;
  const fileId = db.transaction(() => {
    const fileId = Number(
      db
        .prepare(
          `INSERT INTO source_files (sha256, name, kind, sheet, ingested_at, rows, accepted, rejected, duplicates, has_contact_end)
           VALUES (?, ?, 'persons', ?, ?, ?, ?, ?, 0, 0)`,
        )
        .run(meta.sha256, meta.name, meta.sheet, meta.ingestedAt, rows, accepted, rejectedRows).lastInsertRowid,
    );
    const insertRejected = db.prepare('INSERT INTO rejected_rows (file_id, sheet, row_no, column_name, value, reason) VALUES (?, ?, ?, ?, ?, ?)');
    for (const c of rejectedCells) insertRejected.run(fileId, meta.sheet, c.row, c.column, c.value, c.reason);

    const oldDossier = db.prepare('SELECT dossier_number FROM persons WHERE person_id = ?').pluck();
    const upsert = db.prepare(
      `INSERT INTO persons (person_id, grp, birth_date, dossier_number, name, reception_date, chronic_3y, protection_link, underlying_diagnoses, municipality, file_id)
       VALUES (@person_id, @grp, @birth_date, @dossier_number, @name, @reception_date, @chronic_3y, @protection_link, @underlying_diagnoses, @municipality, @file_id)
       ON CONFLICT (person_id) DO UPDATE SET grp = excluded.grp, birth_date = excluded.birth_date, dossier_number = excluded.dossier_number,
         name = excluded.name, reception_date = excluded.reception_date, chronic_3y = excluded.chronic_3y, protection_link = excluded.protection_link,
         underlying_diagnoses = excluded.underlying_diagnoses, municipality = excluded.municipality, file_id = excluded.file_id`,
    );
    const clearLma = db.prepare('DELETE FROM person_lma WHERE person_id = ?');
    const insertLma = db.prepare('INSERT INTO person_lma (person_id, lma_from, lma_to) VALUES (?, ?, ?)');
    const dirty = db.prepare('INSERT OR IGNORE INTO dirty_persons (person_key) VALUES (?)');

    for (const [id, list] of byPerson) {
      const d = list[0]!.data;
      const previous = oldDossier.get(id) as string | null | undefined;
      upsert.run({
        person_id: id,
        grp: d.group,
        birth_date: d.birth_date ?? d.person_id.birthDate,
        dossier_number: d.dossier_number,
        name: d.name,
        reception_date: d.reception_date,
        chronic_3y: triState(d.chronic_3y),
        protection_link: triState(d.protection_link),
        underlying_diagnoses: d.underlying_diagnoses ?? '',
        municipality: d.municipality,
        file_id: fileId,
      });
      clearLma.run(id);
      const periods = new Set<string>();
      for (const r of list) {
        const from: IsoDate | null = r.data.lma_from;
        if (from === null) continue;
        const key = `${from}|${r.data.lma_to ?? ''}`;
        if (periods.has(key)) continue;
        periods.add(key);
        insertLma.run(id, from, r.data.lma_to);
      }
      dirty.run(id);
      if (d.dossier_number) dirty.run(d.dossier_number);
      if (previous) dirty.run(previous);
    }
    return fileId;
  })();
  return { fileId, rows, accepted, rejected: rejectedRows };
}
