// What `claims run` and `claims submit --wait` print: counts and amounts only, never an identity.
import type { RunSummary } from '../domain/batch.js';
import { formatKronor } from '../domain/money.js';
import { CLAIM_STATUSES, type IsoDate } from '../domain/types.js';
import type { RunResult } from '../pipeline/run.js';
import { runSummary } from '../pipeline/summary.js';
import { printable, terminalSafeJson } from '../util/printable.js';

export function runSummaryJson(result: RunResult, asOf: IsoDate, outDir: string): RunSummary {
  return runSummary(result, asOf, outDir);
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
export function runExitCode(summary: RunSummary, strict: boolean): number {
  if (summary.documentErrors.length > 0) return 3;
  if (summary.files.some((f) => f.error !== null)) return 2;
  return strict && summary.rejectedRows > 0 ? 1 : 0;
}

/** One stderr line per application that failed (claim ids only), at most `max`. */
export function documentErrorLines(summary: RunSummary, max = 20): string[] {
  const lines = summary.documentErrors.slice(0, max).map((e) => `claims: ansökan ${e.claimId} kunde inte skapas: ${e.reason}`);
  const more = summary.documentErrors.length - max;
  if (more > 0) lines.push(`claims: … och ${more} ansökningar till (se reconciliation.json)`);
  return lines;
}

/** Everything `claims run` writes to stdout and stderr for a run that finished. */
export function reportRun(summary: RunSummary, json: boolean): void {
  for (const f of summary.files) if (f.error) process.stderr.write(`claims: ${f.error}\n`);
  if (json) process.stdout.write(`${terminalSafeJson(summary)}\n`);
  else printRunSummary(summary);
  for (const line of documentErrorLines(summary)) process.stderr.write(`${line}\n`);
  if (!summary.balanced) process.stderr.write('claims: avstämningen går inte ihop: se reconciliation.json\n');
}

export function printRunSummary(summary: RunSummary): void {
  const outDir = printable(summary.out);
  const out: string[] = [];
  out.push(`Bedömningsdatum ${summary.asOf}`);
  for (const f of summary.files) {
    // Names escaped: one line per file, and no escape codes reach the terminal.
    const name = printable(f.file);
    if (f.error) out.push(`  ${name}: kunde inte läsas`);
    else if (f.alreadyIngested) out.push(`  ${name}: redan inläst tidigare, hoppas över`);
    else
      out.push(
        `  ${name} (${f.kind === 'costs' ? 'kostnader' : 'personregister'}): ${f.rows} rader, ${f.accepted} godkända, ${f.rejected} avvisade, ${f.duplicates} dubbletter`,
      );
  }
  out.push('Ansökningar:');
  for (const s of CLAIM_STATUSES) {
    const of = summary.claims[s];
    if (of.count === 0) continue;
    out.push(`  ${STATUS_LABEL[s]!.padEnd(20)} ${String(of.count).padStart(6)}  ${formatKronor(of.claimOre).padStart(18)}`);
  }
  out.push(`Dokument i ${outDir}: ${summary.documents} ansökningar, claims.json, reconciliation.json, rejected-rows.xlsx, finance/`);
  if (summary.documentErrors.length > 0) {
    out.push(`${summary.documentErrors.length} ansökningar kunde inte skapas: se documentErrors i ${outDir}/reconciliation.json`);
  }
  if (summary.rejectedRows > 0) out.push(`${summary.rejectedRows} rader avvisades: se ${outDir}/rejected-rows.xlsx`);
  process.stdout.write(`${out.join('\n')}\n`);
}
