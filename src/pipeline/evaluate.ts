// Evaluates the persons in the store: everyone when the as-of date or rule settings changed since
// the last evaluation, else only the persons whose inputs changed (dirty_persons). Both give the
// same result; the incremental path just skips persons nothing touched.
import { createHash } from 'node:crypto';
import type { Config } from '../config.js';
import type { IsoDate, Person } from '../domain/types.js';
import { claimIdFactory } from '../rules/claim-id.js';
import { evaluatePerson } from '../rules/evaluate-person.js';
import { type PersonResult, clearEvaluations, loadFrozenClaims, saveEvaluations } from '../store/claims.js';
import type { Db } from '../store/db.js';
import { type LineTable, readAllLines, readLinesOf } from '../store/lines-read.js';
import { getMeta, setMeta } from '../store/meta.js';
import { loadAllPersons, personResolver } from '../store/persons-read.js';

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

export function evaluateStore(db: Db, opts: { asOf: IsoDate; config: Config; full?: boolean }): EvaluationSummary {
  const fingerprint = settingsFingerprint(opts.asOf, opts.config);
  const full = opts.full === true || getMeta(db, 'evaluation') !== fingerprint;
  const persons = loadAllPersons(db);
  const resolve = personResolver(persons);
  const keyOf = (linePersonId: string) => resolve(linePersonId)?.personId ?? linePersonId;
  const frozen = loadFrozenClaims(db);
  const claimId = claimIdFactory(opts.config.claimIdKey);

  let table: LineTable;
  let keys: Set<string>;
  let forget: string[] = [];
  if (full) {
    table = readAllLines(db);
    keys = new Set(frozen.keys());
  } else {
    const dirty = db.prepare('SELECT person_key FROM dirty_persons').pluck().all() as string[];
    if (dirty.length === 0) return { mode: 'incremental', persons: 0, lines: 0 };
    keys = new Set(dirty.map(keyOf));
    forget = dirty.filter((id) => !keys.has(id));
    const rawIds = new Set<string>();
    for (const key of keys) {
      rawIds.add(key);
      const dossier = persons.get(key)?.dossierNumber;
      if (dossier) rawIds.add(dossier.trim().toUpperCase());
    }
    table = readLinesOf(db, [...rawIds]);
  }

  const groups = table.groupBy(keyOf);
  if (full) for (const key of groups.keys()) keys.add(key);
  const results: PersonResult[] = [];
  for (const personKey of [...keys].sort()) {
    const indexes = groups.get(personKey) ?? new Int32Array(0);
    const lines = Array.from(indexes, (i) => table.line(i));
    const person: Person | null = persons.get(personKey) ?? null;
    const evaluation = evaluatePerson({ personKey, person, lines, frozen: frozen.get(personKey) ?? [], asOf: opts.asOf, claimId });
    results.push({ personKey, ...evaluation });
  }

  db.transaction(() => {
    if (full) clearEvaluations(db);
    saveEvaluations(db, results, forget);
    db.exec('DELETE FROM dirty_persons');
    setMeta(db, 'evaluation', fingerprint);
  })();
  return { mode: full ? 'full' : 'incremental', persons: results.length, lines: table.size };
}
