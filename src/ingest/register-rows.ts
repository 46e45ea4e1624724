// A person register's rows after its header (SPEC §3.2): several rows for one person are several
// LMA periods and must agree on everything else, else all that person's rows are rejected. The file
// replaces what earlier registers said about the persons it holds; a person whose rows are all
// rejected keeps the earlier record. Registers are small: read whole, stored in one transaction.
import { PERSON_AT, type PersonColumn } from '../domain/columns.js';
import { normaliseDossier } from '../domain/person-of-line.js';
import type { Group, IsoDate, Person } from '../domain/types.js';
import { type Db, inTransaction } from '../store/db.js';
import { markDirty } from '../store/dirty-persons.js';
import { PersonWriter } from '../store/persons.js';
import { type RejectedCell, insertRejectedCells } from '../store/rejected-rows.js';
import { type FileCounts, type SourceFileMeta, insertSourceFile } from '../store/source-files.js';
import { type RowValidator, displayValue } from './row-validator.js';
import { type FoundHeader, type RowSource, nextBatch } from './rows.js';
import { type Cell, isEmptyCell } from './values.js';
import { PERSON_COLUMNS } from '../domain/columns.js';

interface ValidRow {
  row: number;
  cells: Cell[];
  values: unknown[];
}

/** The fields that must agree across one person's rows (everything but the LMA period). */
const AGREEING: readonly PersonColumn[] = [
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

export interface RegisterFile {
  persons: Person[];
  rejected: RejectedCell[];
  counts: FileCounts;
}

/** Reads and checks the register's rows; nothing is stored yet. */
export async function readRegisterRows(
  found: FoundHeader,
  source: RowSource,
  validator: RowValidator<PersonColumn>,
  onRows: (rows: number) => void,
): Promise<RegisterFile> {
  const indexes = PERSON_COLUMNS.map((c) => found.match.index.get(c) ?? -1);
  const rejected: RejectedCell[] = [];
  const byPerson = new Map<string, ValidRow[]>();
  let rows = 0;
  let rejectedRows = 0;
  for (let next = await nextBatch(found.rows, source.format); !next.done; next = await nextBatch(found.rows, source.format)) {
    for (const row of next.value) {
      const cells = indexes.map((i) => (i < 0 ? null : source.cellAt(row, i)));
      if (cells.every(isEmptyCell)) continue;
      rows++;
      const number = source.rowNumber(row);
      const values = validator.validate(number, cells, rejected);
      if (!values) {
        rejectedRows++;
        continue;
      }
      const id = (values[PERSON_AT.person_id] as { id: string }).id;
      const list = byPerson.get(id);
      if (list) list.push({ row: number, cells, values });
      else byPerson.set(id, [{ row: number, cells, values }]);
    }
    onRows(rows);
  }

  const persons: Person[] = [];
  for (const list of byPerson.values()) {
    const disagreeing = AGREEING.filter((c) => list.some((r) => r.values[PERSON_AT[c]] !== list[0]!.values[PERSON_AT[c]]));
    if (disagreeing.length === 0) {
      persons.push(toPerson(list));
      continue;
    }
    const labels = disagreeing.map((c) => found.match.label.get(c) ?? c);
    const reason = `personen har flera rader som inte stämmer överens (${labels.join(', ')}); alla personens rader avvisas`;
    for (const r of list) {
      rejectedRows++;
      for (const c of disagreeing) rejected.push({ row: r.row, column: found.match.label.get(c) ?? c, value: displayValue(c, r.cells[PERSON_AT[c]]), reason });
    }
  }
  return { persons, rejected, counts: { rows, accepted: rows - rejectedRows, rejected: rejectedRows, duplicates: 0 } };
}

/** One person's agreeing rows as its record, with each distinct LMA period once. */
function toPerson(rows: readonly ValidRow[]): Person {
  const v = rows[0]!.values;
  const at = <T>(c: PersonColumn) => v[PERSON_AT[c]] as T;
  const identity = at<{ id: string; birthDate: IsoDate | null }>('person_id');
  const lma: Person['lma'] = [];
  for (const r of rows) {
    const from = r.values[PERSON_AT.lma_from] as IsoDate | null;
    const to = r.values[PERSON_AT.lma_to] as IsoDate | null;
    if (from !== null && !lma.some((p) => p.from === from && p.to === to)) lma.push({ from, to });
  }
  return {
    personId: identity.id,
    group: at<Group>('group'),
    birthDate: at<IsoDate | null>('birth_date') ?? identity.birthDate,
    dossierNumber: at<string | null>('dossier_number'),
    name: at<string | null>('name'),
    lma,
    receptionDate: at<IsoDate | null>('reception_date'),
    chronic3y: at<boolean | null>('chronic_3y'),
    protectionLink: at<boolean | null>('protection_link'),
    underlyingDiagnoses: (at<string | null>('underlying_diagnoses') ?? '').split(' ').filter((c) => c !== ''),
    municipality: at<string | null>('municipality'),
  };
}

/** Stores a register file whole: the file, its rejected rows, its persons; marks them for evaluation. */
export function storeRegisterFile(db: Db, meta: SourceFileMeta, file: RegisterFile): number {
  return inTransaction(db, () => {
    const fileId = insertSourceFile(db, meta, file.counts);
    insertRejectedCells(db, fileId, meta.sheet, file.rejected);
    const writer = new PersonWriter(db, fileId);
    const touched: string[] = [];
    for (const person of file.persons) {
      const previousDossier = writer.write(person);
      // Lines may name the person by either number, before and after the change.
      touched.push(person.personId);
      if (person.dossierNumber) touched.push(normaliseDossier(person.dossierNumber));
      if (previousDossier) touched.push(normaliseDossier(previousDossier));
    }
    markDirty(db, touched);
    return fileId;
  });
}
