// What a run or a finished batch reports (SPEC §6.1 `--json`): counts and amounts, file names as
// given, never an identity.
import type { EvaluationSummary, FileReport, RunSummary } from '../domain/batch.js';
import { CLAIM_STATUSES, type Claim, type IsoDate } from '../domain/types.js';

export interface SummaryInput {
  files: readonly FileReport[];
  evaluation: EvaluationSummary;
  claims: readonly Claim[];
  documents: number;
  documentErrors: readonly { claimId: string; reason: string }[];
  netOre: number;
  rejectedRows: number;
  balanced: boolean;
}

export function runSummary(result: SummaryInput, asOf: IsoDate, outDir: string): RunSummary {
  const byStatus = Object.fromEntries(
    CLAIM_STATUSES.map((s) => {
      const of = result.claims.filter((c) => c.status === s);
      return [s, { count: of.length, claimOre: of.reduce((sum, c) => sum + c.claimOre, 0) }];
    }),
  ) as RunSummary['claims'];
  return {
    asOf,
    out: outDir,
    files: result.files.map((f) => ({
      file: f.file,
      kind: f.kind,
      rows: f.rows,
      accepted: f.accepted,
      rejected: f.rejected,
      duplicates: f.duplicates,
      alreadyIngested: f.alreadyIngested,
      error: f.error,
    })),
    evaluation: result.evaluation,
    claims: byStatus,
    documents: result.documents,
    documentErrors: [...result.documentErrors],
    netOre: result.netOre,
    rejectedRows: result.rejectedRows,
    balanced: result.balanced,
  };
}
