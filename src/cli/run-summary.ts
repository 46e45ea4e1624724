// What `claims run` prints: counts and amounts only, never an identity.
import { formatKronor } from '../domain/money.js';
import { CLAIM_STATUSES, type IsoDate } from '../domain/types.js';
import type { RunResult } from '../pipeline/run.js';
import { printable } from '../util/printable.js';

export function runSummaryJson(result: RunResult, asOf: IsoDate, outDir: string) {
  const byStatus = Object.fromEntries(
    CLAIM_STATUSES.map((s) => {
      const of = result.claims.filter((c) => c.status === s);
      return [s, { count: of.length, claimOre: of.reduce((sum, c) => sum + c.claimOre, 0) }];
    }),
  );
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
    documentErrors: result.documentErrors,
    netOre: result.netOre,
    rejectedRows: result.rejectedRows,
    balanced: result.balanced,
  };
}

const STATUS_LABEL: Record<string, string> = {
  ready: 'klara att skicka',
  waiting: 'väntar (pågående)',
  needs_assessment: 'behöver bedömning',
  expired: 'för sent',
  submitted: 'inskickade',
  paid: 'utbetalda',
  rejected: 'avslagna',
};

/** The run's exit code (SPEC §6.1): where several apply, the highest wins. */
export function runExitCode(result: RunResult, strict: boolean): number {
  if (result.documentErrors.length > 0) return 3;
  if (result.files.some((f) => f.error !== null)) return 2;
  return strict && result.rejectedRows > 0 ? 1 : 0;
}

/** One stderr line per application that failed (claim ids only), at most `max`. */
export function documentErrorLines(result: RunResult, max = 20): string[] {
  const lines = result.documentErrors.slice(0, max).map((e) => `claims: ansökan ${e.claimId} kunde inte skapas: ${e.reason}`);
  const more = result.documentErrors.length - max;
  if (more > 0) lines.push(`claims: … och ${more} ansökningar till (se reconciliation.json)`);
  return lines;
}

export function printRunSummary(result: RunResult, asOf: IsoDate, outDir: string): void {
  const out: string[] = [];
  out.push(`Bedömningsdatum ${asOf}`);
  for (const f of result.files) {
    // Names escaped: one line per file, and no escape codes reach the terminal.
    const name = printable(f.file);
    if (f.error) out.push(`  ${name}: kunde inte läsas`);
    else if (f.alreadyIngested) out.push(`  ${name}: redan inläst tidigare, hoppas över`);
    else out.push(`  ${name} (${f.kind === 'costs' ? 'kostnader' : 'personregister'}): ${f.rows} rader, ${f.accepted} godkända, ${f.rejected} avvisade, ${f.duplicates} dubbletter`);
  }
  out.push('Ansökningar:');
  for (const s of CLAIM_STATUSES) {
    const of = result.claims.filter((c) => c.status === s);
    if (of.length === 0) continue;
    out.push(`  ${STATUS_LABEL[s]!.padEnd(20)} ${String(of.length).padStart(6)}  ${formatKronor(of.reduce((sum, c) => sum + c.claimOre, 0)).padStart(18)}`);
  }
  out.push(`Dokument i ${printable(outDir)}: ${result.documents} ansökningar, claims.json, reconciliation.json, rejected-rows.xlsx, finance/`);
  if (result.documentErrors.length > 0) {
    out.push(`${result.documentErrors.length} ansökningar kunde inte skapas: se documentErrors i ${printable(outDir)}/reconciliation.json`);
  }
  if (result.rejectedRows > 0) out.push(`${result.rejectedRows} rader avvisades: se ${printable(outDir)}/rejected-rows.xlsx`);
  process.stdout.write(`${out.join('\n')}\n`);
}
