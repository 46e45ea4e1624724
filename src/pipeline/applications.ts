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
import { addTo } from '../domain/collections.js';
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
export type Manifest = Record<string, { source: string; input: string }>;

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

/** A share of the ready claims: the persons whose id hashes to `index` of `count` parts (a person's claims stay together, so its lines are read once). */
export interface ApplicationsPart {
  index: number;
  count: number;
}

export function partOfPerson(personId: string, count: number): number {
  return createHash('sha256').update(personId).digest().readUInt32BE(0) % count;
}

/**
 * What one drawing pass left: the manifest entries of the claims that now have a current PDF, and
 * the claims that failed, each with the source hash it was made from (so the final step can tell
 * whether the claim changed since).
 */
export interface DrawnApplications {
  entries: Manifest;
  errors: (DocumentError & { source: string })[];
}

interface Candidate {
  claim: Claim;
  previouslyClaimedOre: number | null;
  source: string;
}

/** The claims that may have an application, by person, and how many ready claims were looked at. */
interface Candidates {
  byPerson: Map<string, Candidate[]>;
  ready: number;
}

/** Every ready claim of a person who may have an application (of one part, or all), with its source hash, by person. */
function candidates(db: Db, opts: ApplicationsOptions, layout: string, part?: ApplicationsPart): Candidates {
  const ready = opts.claims.filter((c) => c.status === 'ready' && (!part || partOfPerson(c.personId, part.count) === part.index));
  const grouped = new Map<string, Claim[]>();
  for (const c of ready) {
    addTo(grouped, c.personId, c);
  }
  const earlierByKey = new Map<string, number>();
  for (const c of opts.claims) {
    if (c.status === 'submitted' || c.status === 'paid' || c.status === 'rejected') {
      const key = `${c.personId}\u0000${frozenClaimKey(c)}`;
      earlierByKey.set(key, (earlierByKey.get(key) ?? 0) + c.claimOre);
    }
  }
  const stamps = personInputStamps(db);
  const region = JSON.stringify(opts.config.region);
  const byPerson = new Map<string, Candidate[]>();
  for (const [personId, claims] of grouped) {
    const person = opts.persons.get(personId);
    if (!person || person.group === 'papperslös') continue; // never an application for papperslösa
    byPerson.set(
      personId,
      claims.map((claim) => {
        const previouslyClaimedOre = claim.adjustmentOf ? (earlierByKey.get(`${personId}\u0000${frozenClaimKey(claim)}`) ?? 0) : null;
        return { claim, previouslyClaimedOre, source: sha256([layout, opts.asOf, region, stamps.get(personId) ?? '', claim, previouslyClaimedOre]) };
      }),
    );
  }
  return { byPerson, ready: ready.length };
}

/**
 * Draws the candidates given, unless the folder already holds a PDF of the same whole input (per
 * `previous`). Drawing is synchronous work on this thread; the file writes go on in the
 * background, a few at a time, so the disk never holds up the drawing.
 */
async function draw(
  db: Db,
  opts: ApplicationsOptions,
  layout: string,
  toDraw: Map<string, Candidate[]>,
  previous: Manifest,
  present: Set<string>,
): Promise<DrawnApplications> {
  const entries = new Map<string, Manifest[string]>();
  const writing = new Set<Promise<void>>();
  const errors: DrawnApplications['errors'] = [];
  const failed = (claimId: string, source: string, err: unknown) => {
    entries.delete(claimId);
    errors.push({ claimId, reason: documentErrorReason(err), source });
  };
  let drawn = 0;
  for (const [personId, claims] of toDraw) {
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
        entries.set(claim.id, { source, input: inputKey });
        if (previous[claim.id]?.input === inputKey && present.has(applicationFileName(claim))) continue;
        drawn++;
        pdf = await renderApplicationPdf(input);
      } catch (err) {
        failed(claim.id, source, err);
        continue;
      }
      const write: Promise<void> = writeFileAtomicAsync(join(opts.outDir, applicationPath(claim)), pdf)
        .catch((err: unknown) => failed(claim.id, source, err))
        .finally(() => writing.delete(write));
      writing.add(write);
      if (writing.size >= WRITES_IN_FLIGHT) await Promise.race(writing);
    }
  }
  await Promise.all(writing);
  tracePhase(`applications: drawn (${drawn}, ${errors.length} failed)`);
  return { entries: Object.fromEntries(entries), errors };
}

/** The folder as a pass finds it: the manifest the last run left and the files in it. */
interface Folder {
  dir: string;
  previous: Manifest;
  present: Set<string>;
}

function openFolder(opts: ApplicationsOptions): Folder {
  const dir = join(opts.outDir, 'applications');
  makePrivateDir(dir);
  return { dir, previous: readManifest(join(dir, MANIFEST)), present: new Set(readdirSync(dir)) };
}

/**
 * Draws the PDFs of one part (or all) whose input changed, into the folder, without touching the
 * manifest or any other PDF: parts run side by side, and `finishApplications` settles the folder.
 * `known`: the candidates, when the caller has worked them out for the same claims.
 */
export async function drawApplications(
  db: Db,
  opts: ApplicationsOptions,
  part?: ApplicationsPart,
  known?: Candidates,
  folder: Folder = openFolder(opts),
): Promise<DrawnApplications> {
  const { previous, present } = folder;
  // Templates and fonts are part of what a PDF is made from: a changed layout redraws every PDF.
  const layout = applicationTemplateFingerprint();
  const { byPerson, ready } = known ?? candidates(db, opts, layout, part);
  const kept: Manifest = {};
  const toDraw = new Map<string, Candidate[]>();
  let checkCount = 0;
  for (const [personId, list] of byPerson) {
    for (const c of list) {
      const before = previous[c.claim.id];
      if (before?.source === c.source && present.has(applicationFileName(c.claim))) {
        kept[c.claim.id] = before;
        continue;
      }
      const l = toDraw.get(personId);
      if (l) l.push(c);
      else toDraw.set(personId, [c]);
      checkCount++;
    }
  }
  tracePhase(`applications: sources changed (${checkCount} of ${ready})`);
  const drawn = await draw(db, opts, layout, toDraw, previous, present);
  return { entries: { ...kept, ...drawn.entries }, errors: drawn.errors };
}

/**
 * The folder's final state for the claims as they are now: what the parts drew is taken where the
 * claim has not changed since, anything else still missing is drawn here, PDFs of claims no
 * longer ready go, and the manifest is written. One application that cannot be drawn or saved
 * costs only itself: it is reported in `errors`, gets no document, and is tried again next run.
 * `known`: the candidates of every ready claim, when the caller has worked them out for the same claims.
 */
export async function finishApplications(
  db: Db,
  opts: ApplicationsOptions,
  parts: readonly DrawnApplications[],
  known?: Candidates,
  folder: Folder = openFolder(opts),
): Promise<ApplicationsResult> {
  const { dir, previous, present } = folder;
  const layout = applicationTemplateFingerprint();
  const partEntries: Manifest = {};
  const partErrors = new Map<string, DrawnApplications['errors'][number]>();
  for (const p of parts) {
    Object.assign(partEntries, p.entries);
    for (const e of p.errors) partErrors.set(e.claimId, e);
  }
  const { byPerson } = known ?? candidates(db, opts, layout);
  const settled = new Map<string, { source: string; input: string }>();
  const errors: DocumentError[] = [];
  const toDraw = new Map<string, Candidate[]>();
  for (const [personId, list] of byPerson) {
    for (const c of list) {
      const file = applicationFileName(c.claim);
      const drawnByPart = partEntries[c.claim.id];
      const failedInPart = partErrors.get(c.claim.id);
      const before = previous[c.claim.id];
      if (drawnByPart?.source === c.source && present.has(file)) settled.set(c.claim.id, drawnByPart);
      else if (failedInPart?.source === c.source) errors.push({ claimId: c.claim.id, reason: failedInPart.reason });
      else if (before?.source === c.source && present.has(file)) settled.set(c.claim.id, before);
      else {
        const l = toDraw.get(personId);
        if (l) l.push(c);
        else toDraw.set(personId, [c]);
      }
    }
  }
  if (toDraw.size > 0) {
    const drawn = await draw(db, opts, layout, toDraw, { ...previous, ...partEntries }, present);
    for (const [id, e] of Object.entries(drawn.entries)) settled.set(id, e);
    errors.push(...drawn.errors.map(({ claimId, reason }) => ({ claimId, reason })));
  }
  errors.sort((a, b) => (a.claimId < b.claimId ? -1 : a.claimId > b.claimId ? 1 : 0));

  // The manifest in claim order, whichever pass drew each PDF.
  const manifest: Manifest = {};
  for (const list of byPerson.values()) for (const c of list) if (settled.has(c.claim.id)) manifest[c.claim.id] = settled.get(c.claim.id)!;
  const current = new Set(Object.keys(manifest).map((id) => applicationFileName({ id })));
  for (const name of readdirSync(dir)) {
    if (!name.endsWith('.pdf') || current.has(name)) continue;
    try {
      rmSync(join(dir, name), { force: true });
    } catch {
      // Not a file of ours (a folder someone made): it is no document either way.
    }
  }
  writeFileAtomic(join(dir, MANIFEST), JSON.stringify(manifest));
  return { documented: new Set(Object.keys(manifest)), errors };
}

/**
 * Draws the PDFs whose input changed and settles the folder (what `claims run` does): one pass
 * over every ready claim, then `finishApplications`, which finds nothing left to draw. The claims
 * cannot change between the two here, so their source hashes are worked out once for both, and the
 * folder is read once (its manifest is 2 MB at a million lines); what the pass drew is in it then.
 */
export async function writeApplications(db: Db, opts: ApplicationsOptions): Promise<ApplicationsResult> {
  const known = candidates(db, opts, applicationTemplateFingerprint());
  const folder = openFolder(opts);
  const drawn = await drawApplications(db, opts, undefined, known, folder);
  for (const id of Object.keys(drawn.entries)) folder.present.add(applicationFileName({ id }));
  return finishApplications(db, opts, [drawn], known, folder);
}
