// Evaluates the persons in the store: everyone when the as-of date or rule settings changed since
// the last evaluation, else only the persons whose inputs changed (dirty_persons). Both give the
// same result; the incremental path just skips persons nothing touched.
import { createHash } from 'node:crypto';
import type { Config } from '../config.js';
import type { IsoDate, Person } from '../domain/types.js';
import { claimIdFactory } from '../rules/claim-id.js';
import { evaluatePerson } from '../rules/evaluate-person.js';
import type { RuleLine } from '../rules/rule-line.js';
import { type LineReader, startLineReader } from '../store/all-lines.js';
import { type PersonResult, clearEvaluations, loadFrozenClaims, saveEvaluations } from '../store/claims.js';
import { type Db, inTransaction } from '../store/db.js';
import { clearDirty, dirtyKeys } from '../store/dirty-persons.js';
import { getMeta, setMeta } from '../store/meta.js';
import { personRuleLines } from './person-lines.js';
import { personResolver } from '../domain/person-of-line.js';
import { loadAllPersons, personRecordFiles } from '../store/persons.js';

/** Bump when the rules change so stored results are recomputed. */
const RULES_VERSION = 1;

export interface EvaluationSummary {
  mode: 'full' | 'incremental';
  persons: number;
  lines: number;
}

function settingsFingerprint(asOf: IsoDate, config: Config): string {
  const key = createHash('sha256').update(config.claimIdKey).digest('hex').slice(0, 16);
  return JSON.stringify({ rules: RULES_VERSION, asOf, key });
}

/**
 * What a person's evaluation is made from. Lines are only ever added and a register file replaces
 * a record whole, so the line count, the last line and the record's file (with the web assessment it
 * carries) identify the input.
 */
function personInputStamp(lines: readonly RuleLine[], recordFile: number | string | undefined): string {
  const lastSeq = lines.length === 0 ? 0 : lines[lines.length - 1]!.seq;
  return `${lines.length}/${lastSeq}/${recordFile ?? '-'}`;
}

export interface EvaluateOptions {
  asOf: IsoDate;
  config: Config;
  full?: boolean;
  /** The register as stored now, when the caller has it already (it is read otherwise). */
  persons?: ReadonlyMap<string, Person>;
}

export async function evaluateStore(db: Db, opts: EvaluateOptions): Promise<EvaluationSummary> {
  const fingerprint = settingsFingerprint(opts.asOf, opts.config);
  const full = opts.full === true || getMeta(db, 'evaluation') !== fingerprint;
  // A full evaluation reads the whole table on the reader thread: started first, it reads while
  // the register and the claims are loaded here.
  const reader = full ? startLineReader(db) : undefined;
  try {
    return await evaluateWith(db, opts, fingerprint, full, reader);
  } finally {
    await reader?.stop();
  }
}

async function evaluateWith(
  db: Db,
  opts: EvaluateOptions,
  fingerprint: string,
  full: boolean,
  reader: LineReader<RuleLine> | undefined,
): Promise<EvaluationSummary> {
  const persons = opts.persons ?? loadAllPersons(db);
  const resolve = personResolver(persons);
  const keyOf = (linePersonId: string) => resolve(linePersonId)?.personId ?? linePersonId;
  const frozen = loadFrozenClaims(db);
  const claimId = claimIdFactory(opts.config.claimIdKey);

  // Which person keys to evaluate: everyone with lines and everyone with frozen claims, or the
  // ones whose inputs changed. `keys` ends holding those that had no lines.
  let keys: Set<string>;
  let forget: string[] = [];
  if (full) keys = new Set(frozen.keys());
  else {
    const dirty = dirtyKeys(db);
    if (dirty.length === 0) return { mode: 'incremental', persons: 0, lines: 0 };
    keys = new Set(dirty.map(keyOf));
    forget = dirty.filter((id) => !keys.has(id));
  }
  const recordFiles = personRecordFiles(db, full ? undefined : keys);

  const results: PersonResult[] = [];
  let lineCount = 0;
  const evaluate = (personKey: string, lines: readonly RuleLine[]) => {
    const person: Person | null = persons.get(personKey) ?? null;
    const evaluation = evaluatePerson({ personKey, person, lines, frozen: frozen.get(personKey) ?? [], asOf: opts.asOf, claimId });
    results.push({ personKey, inputStamp: personInputStamp(lines, recordFiles.get(personKey)), ...evaluation });
  };
  for await (const batch of personRuleLines(db, { keys: full ? null : keys, wholeTable: full, persons, keyOf, reader })) {
    for (const [key, lines] of batch) {
      lineCount += lines.length;
      evaluate(key, lines);
      keys.delete(key);
    }
  }
  // Persons with frozen claims but no lines left still need their adjustments.
  for (const key of keys) evaluate(key, []);

  inTransaction(db, () => {
    if (full) clearEvaluations(db);
    saveEvaluations(db, results, forget, { replace: !full });
    clearDirty(db);
    setMeta(db, 'evaluation', fingerprint);
  });
  return { mode: full ? 'full' : 'incremental', persons: results.length, lines: lineCount };
}
