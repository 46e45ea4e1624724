// DIR/applications/<id>.pdf for every ready claim (SPEC §6.2). A PDF whose input did not change
// since the last run into the same folder is kept as it is; PDFs of claims no longer ready go.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config.js';
import type { ApplicationInput } from '../documents/application-input.js';
import { applicationTemplateFingerprint, renderApplicationPdf } from '../documents/applications.js';
import type { Claim, IsoDate, Person } from '../domain/types.js';
import { claimDetail } from '../rules/claim-detail.js';
import { frozenClaimKey } from '../rules/evaluate-person.js';
import { personInputStamps } from '../store/claims.js';
import type { Db } from '../store/db.js';
import { readCostLinesOf } from '../store/lines-read.js';
import { normaliseDossier } from '../store/persons-read.js';
import { writeFileAtomic } from '../util/atomic-file.js';
import { applicationPath } from './claims-json.js';

const MANIFEST = '.inputs.json';

export interface ApplicationsOptions {
  outDir: string;
  asOf: IsoDate;
  config: Config;
  /** Every claim in the store (frozen ones are needed for adjustments' earlier amounts). */
  claims: readonly Claim[];
  persons: ReadonlyMap<string, Person>;
  resolve: (linePersonId: string) => Person | null;
}

export async function writeApplications(db: Db, opts: ApplicationsOptions): Promise<Set<string>> {
  const dir = join(opts.outDir, 'applications');
  mkdirSync(dir, { recursive: true });
  const manifestPath = join(dir, MANIFEST);
  const previous: Record<string, string> = existsSync(manifestPath) ? JSON.parse(readFileSync(manifestPath, 'utf8')) : {};
  const manifest: Record<string, string> = {};
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

  // A PDF is made from the claim, the person's lines and record (their input stamp), the region,
  // the as-of date and the layout. When none changed since the PDF in this folder was drawn, the
  // person's lines are not even read.
  const stamps = personInputStamps(db);
  const region = JSON.stringify(opts.config.region);
  for (const [personId, claims] of byPerson) {
    const person = opts.persons.get(personId);
    if (!person || person.group === 'papperslös') continue; // never an application for papperslösa
    const toDraw: { claim: Claim; previouslyClaimedOre: number | null }[] = [];
    for (const claim of claims) {
      const previouslyClaimedOre = claim.adjustmentOf ? (earlierByKey.get(`${personId}\u0000${frozenClaimKey(claim)}`) ?? 0) : null;
      const key = createHash('sha256')
        .update(JSON.stringify([layout, opts.asOf, region, stamps.get(personId) ?? '', claim, previouslyClaimedOre]))
        .digest('hex');
      manifest[claim.id] = key;
      if (previous[claim.id] !== key || !existsSync(join(opts.outDir, applicationPath(claim)))) toDraw.push({ claim, previouslyClaimedOre });
    }
    if (toDraw.length === 0) continue;
    const rawIds = [personId, ...(person.dossierNumber ? [normaliseDossier(person.dossierNumber)] : [])];
    const lines = readCostLinesOf(db, rawIds).filter((l) => opts.resolve(l.personId)?.personId === personId);
    for (const { claim, previouslyClaimedOre } of toDraw) {
      const input: ApplicationInput = {
        claim,
        person,
        region: opts.config.region,
        asOf: opts.asOf,
        ...claimDetail(claim, person, lines, opts.asOf),
        previouslyClaimedOre,
      };
      writeFileAtomic(join(opts.outDir, applicationPath(claim)), await renderApplicationPdf(input));
    }
  }

  for (const name of readdirSync(dir)) {
    if (name.endsWith('.pdf') && !(name.slice(0, -4) in manifest)) rmSync(join(dir, name), { force: true });
  }
  writeFileAtomic(manifestPath, JSON.stringify(manifest));
  return new Set(Object.keys(manifest));
}
