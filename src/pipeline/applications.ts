// DIR/applications/<id>.pdf for every ready claim (SPEC §6.2). A PDF whose input did not change
// since the last run into the same folder is kept as it is; PDFs of claims no longer ready go.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config.js';
import type { ApplicationInput } from '../documents/application-input.js';
import { ApplicationError, applicationTemplateFingerprint, renderApplicationPdf } from '../documents/applications.js';
import type { Claim, IsoDate, Person } from '../domain/types.js';
import { claimDetail } from '../rules/claim-detail.js';
import { frozenClaimKey } from '../rules/evaluate-person.js';
import { personInputStamps } from '../store/claims.js';
import type { Db } from '../store/db.js';
import { readCostLinesOf } from '../store/cost-lines.js';
import { normaliseDossier } from '../domain/person-of-line.js';
import { writeFileAtomic, writeFileAtomicAsync } from '../util/atomic-file.js';
import { makePrivateDir } from '../util/private-dir.js';
import { applicationFileName, applicationPath } from './claims-json.js';
import { tracePhase } from './trace.js';

const MANIFEST = '.inputs.json';
const WRITES_IN_FLIGHT = 8;

export interface ApplicationsOptions {
  outDir: string;
  asOf: IsoDate;
  config: Config;
  /** Every claim in the store (frozen ones are needed for adjustments' earlier amounts). */
  claims: readonly Claim[];
  persons: ReadonlyMap<string, Person>;
  resolve: (linePersonId: string) => Person | null;
}

/**
 * What each PDF in the folder was drawn from, by claim id: `source` hashes the claim and the
 * person's input stamp (known without reading the person's lines), `input` hashes the document's
 * whole input. A new line of a person changes `source`, but often not the document (a line of
 * another contact or period): then `input` is unchanged and the PDF is kept.
 */
type Manifest = Record<string, { source: string; input: string }>;

function readManifest(path: string): Manifest {
  if (!existsSync(path)) return {};
  const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
  const manifest: Manifest = {};
  if (parsed && typeof parsed === 'object') {
    for (const [id, v] of Object.entries(parsed as Record<string, unknown>)) {
      const e = v as { source?: unknown; input?: unknown } | null;
      if (e && typeof e.source === 'string' && typeof e.input === 'string') manifest[id] = { source: e.source, input: e.input };
    }
  }
  return manifest;
}

const sha256 = (value: unknown): string => createHash('sha256').update(JSON.stringify(value)).digest('hex');

/** A claim whose application could not be drawn or saved: listed in reconciliation.json, its document null. */
export interface DocumentError {
  claimId: string;
  /** Swedish, without personal data. */
  reason: string;
}

export interface ApplicationsResult {
  /** Claims with a current application PDF in the folder. */
  documented: Set<string>;
  errors: DocumentError[];
}

/** Why one application failed, for the case officer; never the library's message, which may quote data. */
function documentErrorReason(err: unknown): string {
  if (err instanceof ApplicationError) return err.reason;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string') return `ansökan kunde inte sparas (${code})`;
  return `ansökan kunde inte ritas (internt fel: ${err instanceof Error ? err.name : typeof err})`;
}

/**
 * Draws the PDFs whose input changed. One application that cannot be drawn or saved costs only
 * itself: it is reported in `errors`, gets no document, and is tried again next run.
 */
export async function writeApplications(db: Db, opts: ApplicationsOptions): Promise<ApplicationsResult> {
  const dir = join(opts.outDir, 'applications');
  makePrivateDir(dir);
  const manifestPath = join(dir, MANIFEST);
  const previous = readManifest(manifestPath);
  const manifest: Manifest = {};
  const present = new Set(readdirSync(dir));
  // Templates and fonts are part of what a PDF is made from: a changed layout redraws every PDF.
  const layout = applicationTemplateFingerprint();

  const ready = opts.claims.filter((c) => c.status === 'ready');
  const byPerson = new Map<string, Claim[]>();
  for (const c of ready) {
    const list = byPerson.get(c.personId);
    if (list) list.push(c);
    else byPerson.set(c.personId, [c]);
  }
  const earlierByKey = new Map<string, number>();
  for (const c of opts.claims) {
    if (c.status === 'submitted' || c.status === 'paid' || c.status === 'rejected') {
      const key = `${c.personId}\u0000${frozenClaimKey(c)}`;
      earlierByKey.set(key, (earlierByKey.get(key) ?? 0) + c.claimOre);
    }
  }

  // The claims whose source changed since their PDF in this folder was drawn (or that have none).
  const stamps = personInputStamps(db);
  const region = JSON.stringify(opts.config.region);
  const toCheck = new Map<string, { claim: Claim; previouslyClaimedOre: number | null; source: string }[]>();
  let checkCount = 0;
  for (const [personId, claims] of byPerson) {
    const person = opts.persons.get(personId);
    if (!person || person.group === 'papperslös') continue; // never an application for papperslösa
    for (const claim of claims) {
      const previouslyClaimedOre = claim.adjustmentOf ? (earlierByKey.get(`${personId}\u0000${frozenClaimKey(claim)}`) ?? 0) : null;
      const source = sha256([layout, opts.asOf, region, stamps.get(personId) ?? '', claim, previouslyClaimedOre]);
      const before = previous[claim.id];
      if (before?.source === source && present.has(applicationFileName(claim))) {
        manifest[claim.id] = before;
        continue;
      }
      const list = toCheck.get(personId);
      if (list) list.push({ claim, previouslyClaimedOre, source });
      else toCheck.set(personId, [{ claim, previouslyClaimedOre, source }]);
      checkCount++;
    }
  }
  tracePhase(`applications: sources changed (${checkCount} of ${ready.length})`);

  // Drawing is synchronous work on this thread; the file writes go on in the background, a few at
  // a time, so the disk never holds up the drawing.
  const writing = new Set<Promise<void>>();
  const errors: DocumentError[] = [];
  const failed = (claimId: string, err: unknown) => {
    delete manifest[claimId];
    errors.push({ claimId, reason: documentErrorReason(err) });
  };
  let drawn = 0;
  for (const [personId, claims] of toCheck) {
    const person = opts.persons.get(personId)!;
    const rawIds = [personId, ...(person.dossierNumber ? [normaliseDossier(person.dossierNumber)] : [])];
    const lines = readCostLinesOf(db, rawIds).filter((l) => opts.resolve(l.personId)?.personId === personId);
    for (const { claim, previouslyClaimedOre, source } of claims) {
      let pdf: Buffer;
      try {
        const input: ApplicationInput = {
          claim,
          person,
          region: opts.config.region,
          asOf: opts.asOf,
          ...claimDetail(claim, person, lines, opts.asOf),
          previouslyClaimedOre,
        };
        const inputKey = sha256([layout, input]);
        manifest[claim.id] = { source, input: inputKey };
        if (previous[claim.id]?.input === inputKey && present.has(applicationFileName(claim))) continue;
        drawn++;
        pdf = await renderApplicationPdf(input);
      } catch (err) {
        failed(claim.id, err);
        continue;
      }
      const write: Promise<void> = writeFileAtomicAsync(join(opts.outDir, applicationPath(claim)), pdf)
        .catch((err: unknown) => failed(claim.id, err))
        .finally(() => writing.delete(write));
      writing.add(write);
      if (writing.size >= WRITES_IN_FLIGHT) await Promise.race(writing);
    }
  }
  await Promise.all(writing);
  errors.sort((a, b) => (a.claimId < b.claimId ? -1 : a.claimId > b.claimId ? 1 : 0));
  tracePhase(`applications: drawn (${drawn}, ${errors.length} failed)`);

  const current = new Set(Object.keys(manifest).map((id) => applicationFileName({ id })));
  for (const name of present) {
    if (!name.endsWith('.pdf') || current.has(name)) continue;
    try {
      rmSync(join(dir, name), { force: true });
    } catch {
      // Not a file of ours (a folder someone made): it is no document either way.
    }
  }
  writeFileAtomic(manifestPath, JSON.stringify(manifest));
  return { documented: new Set(Object.keys(manifest)), errors };
}
