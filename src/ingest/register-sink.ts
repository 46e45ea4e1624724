// A person register's rows (SPEC §3.2): several rows for one person are several LMA periods and
// must agree on everything else, else all that person's rows are rejected. The file replaces what
// earlier registers said about the persons it holds; a person whose rows are all rejected keeps the
// earlier record. Registers are small: held whole, then stored in one transaction.
import { PERSON_AT, type PersonColumn } from '../domain/columns.js';
import { normaliseDossier } from '../domain/person-of-line.js';
import type { Group, IsoDate, Person } from '../domain/types.js';
import { type Db, inTransaction } from '../store/db.js';
import { markDirty } from '../store/dirty-persons.js';
import { PersonWriter } from '../store/persons.js';
import { type RejectedCell, insertRejectedCells } from '../store/rejected-rows.js';
import { type FileCounts, type SourceFileMeta, insertSourceFile } from '../store/source-files.js';
import type { HeaderMatch } from './headers.js';
import { displayValue } from './row-validator.js';
import type { RowSink } from './validate-rows.js';
import type { Cell } from './values.js';

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

export class RegisterSink implements RowSink {
  private readonly byPerson = new Map<string, ValidRow[]>();
  private readonly rejected: RejectedCell[] = [];
  private rows = 0;
  private rejectedRows = 0;

  constructor(
    private readonly db: Db,
    private readonly meta: SourceFileMeta,
    private readonly match: HeaderMatch,
  ) {}

  row(row: number, values: unknown[], cells: readonly Cell[]): void {
    this.rows++;
    const id = (values[PERSON_AT.person_id] as { id: string }).id;
    const valid = { row, cells: [...cells], values };
    // Not domain/collections.ts addTo: these lists live for the whole file, so V8 would learn to
    // allocate that helper's arrays in old space, and the evaluation's short-lived groups made by the
    // same helper would then fill old space (a million-line run: 150 MB more heap, measured).
    const list = this.byPerson.get(id);
    if (list) list.push(valid);
    else this.byPerson.set(id, [valid]);
  }

  rejectedRow(cells: readonly RejectedCell[]): void {
    this.rows++;
    this.rejectedRows++;
    this.rejected.push(...cells);
  }

  async flush(): Promise<void> {}

  /** Checks each person's rows agree, then stores the file whole and marks its persons for evaluation. */
  async finish(): Promise<FileCounts & { fileId: number }> {
    const persons: Person[] = [];
    for (const list of this.byPerson.values()) {
      const disagreeing = AGREEING.filter((c) => list.some((r) => r.values[PERSON_AT[c]] !== list[0]!.values[PERSON_AT[c]]));
      if (disagreeing.length === 0) {
        persons.push(toPerson(list));
        continue;
      }
      const label = (c: PersonColumn) => this.match.label.get(c) ?? c;
      const reason = `personen har flera rader som inte stämmer överens (${disagreeing.map(label).join(', ')}); alla personens rader avvisas`;
      for (const r of list) {
        this.rejectedRows++;
        for (const c of disagreeing) this.rejected.push({ row: r.row, column: label(c), value: displayValue(c, r.cells[PERSON_AT[c]]), reason });
      }
    }
    const counts: FileCounts = { rows: this.rows, accepted: this.rows - this.rejectedRows, rejected: this.rejectedRows, duplicates: 0 };
    const fileId = inTransaction(this.db, () => {
      const fileId = insertSourceFile(this.db, this.meta, counts);
      insertRejectedCells(this.db, fileId, this.meta.sheet, this.rejected);
      const writer = new PersonWriter(this.db, fileId);
      const touched: string[] = [];
      for (const person of persons) {
        const previousDossier = writer.write(person);
        // Lines may name the person by either number, before and after the change.
        touched.push(person.personId);
        if (person.dossierNumber) touched.push(normaliseDossier(person.dossierNumber));
        if (previousDossier) touched.push(normaliseDossier(previousDossier));
      }
      markDirty(this.db, touched);
      return fileId;
    });
    return { fileId, ...counts };
  }

  async abort(): Promise<void> {}
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
