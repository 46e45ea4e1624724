// A dispatch (försändelse): chosen ready claims as one ZIP of their application PDFs and a cover
// letter listing them with the total; once it is sent, the same claims are marked submitted.
import { readFileSync } from 'node:fs';
import JSZip from 'jszip';
import type { Config } from '../../config.js';
import { maskIdentity } from '../../domain/identity.js';
import type { IsoDate } from '../../domain/types.js';
import { type DispatchLine, renderDispatchCover } from '../../documents/dispatch.js';
import { audit } from '../../store/audit.js';
import type { StoredClaim } from '../../store/claims.js';
import type { Db } from '../../store/db.js';
import { listVisibleClaims, personOfClaim } from '../../store/web-claims.js';
import { type MarkOutcome, documentFile, markSubmitted } from './claims.js';

/** Ready claims that have their PDF, by deadline: what a dispatch can hold. */
export function dispatchable(db: Db, outDir: string): StoredClaim[] {
  return listVisibleClaims(db, { status: 'ready' }).filter((c) => documentFile(db, outDir, c.id) !== null);
}

export type DispatchResult = { ok: true; zip: Buffer; fileName: string } | { ok: false; message: string };

export async function dispatchZip(
  db: Db,
  outDir: string,
  region: Config['region'],
  user: string,
  ids: readonly string[],
  date: IsoDate,
): Promise<DispatchResult> {
  const files: { claim: StoredClaim; path: string }[] = [];
  for (const id of ids) {
    const doc = documentFile(db, outDir, id);
    if (!doc || doc.claim.status !== 'ready') return { ok: false, message: `${id} är inte klar att skicka eller saknar sin PDF.` };
    files.push(doc);
  }
  const lines: DispatchLine[] = files.map(({ claim }) => ({
    claimId: claim.id,
    rule: claim.rule,
    person: personOfClaim(db, claim)?.dossierNumber ?? maskIdentity(claim.personId),
    periodStart: claim.periodStart,
    periodEnd: claim.periodEnd,
    claimOre: claim.claimOre,
  }));
  const zip = new JSZip();
  zip.file('foljebrev.pdf', await renderDispatchCover(region, date, lines));
  for (const f of files) zip.file(`${f.claim.id}.pdf`, readFileSync(f.path));
  const bytes = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
  for (const f of files) audit(db, { user, action: `försändelse ${date} hämtad`, object: f.claim.id, outcome: 'ok' });
  return { ok: true, zip: bytes, fileName: `forsandelse-${date}.zip` };
}

/** The dispatch is sent: its claims are submitted on that date. */
export function confirmDispatch(db: Db, user: string, ids: readonly string[], date: IsoDate): MarkOutcome {
  return markSubmitted(db, user, ids, date);
}
