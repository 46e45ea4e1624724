// DIR/claims.json (SPEC §6.1, contract) and DIR/reconciliation.json.
import { join } from 'node:path';
import { FATES, type Claim, type Fates, type IsoDate } from '../domain/types.js';
import { writeFileAtomic } from '../util/atomic-file.js';

/** A claim's application PDF inside DIR/applications. */
export function applicationFileName(claim: Pick<Claim, 'id'>): string {
  return `${claim.id}.pdf`;
}

export function applicationPath(claim: Pick<Claim, 'id'>): string {
  return `applications/${applicationFileName(claim)}`;
}

/** The claims.json view of a claim: contract fields only, in contract order. */
export function publicClaim(c: Claim, hasDocument: boolean) {
  return {
    id: c.id,
    rule: c.rule,
    personId: c.personId,
    contactId: c.contactId,
    periodStart: c.periodStart,
    periodEnd: c.periodEnd,
    careOre: c.careOre,
    interpreterOre: c.interpreterOre,
    claimOre: c.claimOre,
    deadline: c.deadline,
    deadlineProvisional: c.deadlineProvisional,
    status: c.status,
    document: hasDocument ? applicationPath(c) : null,
    adjustmentOf: c.adjustmentOf,
  };
}

export interface ClaimsJsonInput {
  asOf: IsoDate;
  /** Sorted as §6.1 says. */
  claims: readonly Claim[];
  /** Ids of the claims that got an application PDF. */
  documented: ReadonlySet<string>;
  fates: Fates;
  netOre: number;
  rejectedRows: number;
}

export function writeClaimsJson(outDir: string, input: ClaimsJsonInput): void {
  writeFileAtomic(join(outDir, 'claims.json'), claimsJson(input));
}

const CLAIMS_PLACE = '"claims": []';
/** Claims stringified into one piece of text before it is written. */
const CLAIMS_PER_PIECE = 256;

/**
 * The bytes of `JSON.stringify(body, null, 2)` and a newline, in pieces: at a million lines the
 * claims are 7 MB of text, held twice over while a single string was written out.
 */
export function* claimsJson(input: ClaimsJsonInput): Generator<string> {
  const body = {
    asOf: input.asOf,
    claims: [],
    fates: Object.fromEntries(FATES.map((f) => [f, input.fates[f]])),
    netOre: input.netOre,
    rejectedRows: input.rejectedRows,
  };
  const frame = JSON.stringify(body, null, 2);
  if (input.claims.length === 0) {
    yield `${frame}\n`;
    return;
  }
  const place = frame.indexOf(CLAIMS_PLACE);
  yield `${frame.slice(0, place)}"claims": [\n`;
  // A claim at depth two: JSON.stringify escapes every newline inside a string, so each raw newline
  // starts a line of the claim's own layout, indented four more spaces.
  let piece = '';
  for (let i = 0; i < input.claims.length; i++) {
    const c = input.claims[i]!;
    const claim = JSON.stringify(publicClaim(c, input.documented.has(c.id)), null, 2).replace(/\n/g, '\n    ');
    piece += `${i === 0 ? '' : ',\n'}    ${claim}`;
    if ((i + 1) % CLAIMS_PER_PIECE === 0) {
      yield piece;
      piece = '';
    }
  }
  yield `${piece}\n  ]${frame.slice(place + CLAIMS_PLACE.length)}\n`;
}

export interface ReconciliationInput {
  asOf: IsoDate;
  files: readonly {
    file: string;
    kind: string | null;
    rows: number;
    accepted: number;
    rejected: number;
    duplicates: number;
    alreadyIngested: boolean;
  }[];
  storedLines: number;
  netOre: number;
  fates: Fates;
  claimsByStatus: Record<string, { count: number; claimOre: number }>;
  /** Claims whose application could not be drawn or saved (SPEC §6.1, exit 3). */
  documentErrors: readonly { claimId: string; reason: string }[];
}

/** Every krona of the input accounted for: the fates must sum to the net total (SPEC §5.4). */
export function writeReconciliationJson(outDir: string, input: ReconciliationInput): { balanced: boolean } {
  const fatesSumOre = FATES.reduce((sum, f) => sum + input.fates[f], 0);
  const balanced = fatesSumOre === input.netOre;
  const body = {
    asOf: input.asOf,
    thisRun: {
      files: input.files,
      rows: input.files.reduce((s, f) => s + f.rows, 0),
      accepted: input.files.reduce((s, f) => s + f.accepted, 0),
      rejected: input.files.reduce((s, f) => s + f.rejected, 0),
      duplicates: input.files.reduce((s, f) => s + f.duplicates, 0),
    },
    database: { lines: input.storedLines, netOre: input.netOre },
    fates: Object.fromEntries(FATES.map((f) => [f, input.fates[f]])),
    fatesSumOre,
    invariant: { rule: 'summan av alla öden = nettosumman av alla kostnadsrader', holds: balanced, differenceOre: input.netOre - fatesSumOre },
    claimsByStatus: input.claimsByStatus,
    documentErrors: input.documentErrors,
  };
  writeFileAtomic(join(outDir, 'reconciliation.json'), `${JSON.stringify(body, null, 2)}\n`);
  return { balanced };
}
