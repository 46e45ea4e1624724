// Recording an assessment from a varaktig claim's page: the three register fields the rule needs
// (SPEC §5.3: care for at least three years, the link to the need of protection, the underlying
// diagnoses). The assessment is stored as pending and a batch without files is submitted: its
// evaluation step applies it under the writer lock and evaluates the person again, and its page
// lists the claims that changed (the claim may even be replaced by another period's).
import { FROZEN_STATUSES, type IsoDate } from '../../domain/types.js';
import { Invalid, parseIcd10List } from '../../ingest/values.js';
import { submitBatch } from '../../queue/submit.js';
import { type AssessmentRecord, addAssessment, assessmentsOf } from '../../store/assessments.js';
import { audit } from '../../store/audit.js';
import { writeWhenFree } from '../../store/busy.js';
import type { StoredClaim } from '../../store/claims.js';
import { getVisibleClaim, personOfClaim } from '../../store/web-claims.js';
import type { Person } from '../../domain/types.js';
import type { Db } from '../../store/db.js';
import type { WebDeps } from '../deps.js';
import { resolve } from 'node:path';

export type JaNej = 'ja' | 'nej' | '';

export interface AssessmentInput {
  chronic3y: JaNej;
  protectionLink: JaNej;
  /** As typed: ICD-10 codes separated by comma, semicolon or space. */
  underlyingDiagnoses: string;
}

/** What a claim page shows of the person's assessment, for varaktig claims. */
export interface AssessmentView {
  current: AssessmentInput;
  /** Whether it can be recorded from this claim (not once the claim is frozen). */
  open: boolean;
  history: AssessmentRecord[];
}

const toJaNej = (v: boolean | null): JaNej => (v === null ? '' : v ? 'ja' : 'nej');
const fromJaNej = (v: JaNej): boolean | null => (v === '' ? null : v === 'ja');

/** An assessment is recorded from a varaktig claim not yet frozen (a frozen claim never changes). */
const acceptsAssessment = (claim: StoredClaim): boolean => claim.rule === 'varaktig' && !FROZEN_STATUSES.includes(claim.status);

export function assessmentView(db: Db, claim: StoredClaim, person: Person | null): AssessmentView | null {
  if (claim.rule !== 'varaktig' || !person) return null;
  return {
    current: {
      chronic3y: toJaNej(person.chronic3y),
      protectionLink: toJaNej(person.protectionLink),
      underlyingDiagnoses: person.underlyingDiagnoses.join(', '),
    },
    open: acceptsAssessment(claim),
    history: assessmentsOf(db, person.personId),
  };
}

export type AssessmentOutcome = { batchId: string } | { field: 'underlyingDiagnoses' | null; text: string };

export async function recordAssessment(
  deps: WebDeps,
  user: string,
  claimId: string,
  input: AssessmentInput,
  today: IsoDate,
): Promise<AssessmentOutcome> {
  const claim = getVisibleClaim(deps.db, claimId);
  const person = claim && acceptsAssessment(claim) ? personOfClaim(deps.db, claim) : null;
  if (!claim || !person) {
    audit(deps.db, { user, action: 'bedömning registrerad', object: claimId, outcome: 'refused' });
    return { field: null, text: 'En bedömning kan bara registreras från en varaktig vård-ansökan som inte är inskickad.' };
  }
  const codes = parseIcd10List(input.underlyingDiagnoses);
  if (codes instanceof Invalid) return { field: 'underlyingDiagnoses', text: `${codes.reason.charAt(0).toUpperCase()}${codes.reason.slice(1)}.` };
  await writeWhenFree(deps.db, () =>
    addAssessment(deps.db, {
      personId: person.personId,
      claimId,
      chronic3y: fromJaNej(input.chronic3y),
      protectionLink: fromJaNej(input.protectionLink),
      underlyingDiagnoses: codes === null ? [] : codes.split(' '),
      recordedBy: user,
    }),
  );
  const { batchId } = await submitBatch(
    { db: deps.db, backend: deps.backend, spoolDir: deps.spoolDir },
    { files: [], asOf: today, outDir: resolve(deps.outDir), submittedBy: user },
  );
  audit(deps.db, { user, action: 'bedömning registrerad', object: `${claimId} (batch ${batchId})`, outcome: 'ok' });
  return { batchId };
}
