// `claims mark ID --submitted DATE [--case NR] | --paid KRONOR --on DATE [--reference REF] |
// --rejected REASON [--on DATE] | --case NR` (SPEC §5.5, §8): records what happened to a claim as
// a dated event (or Migrationsverket's case number for a submitted claim). A marked claim is
// frozen; later changes become adjustments. The same event twice is recorded once.
import { Command } from 'commander';
import { isIsoDate, todayInStockholm } from '../../domain/dates.js';
import { parseMoneyText } from '../../domain/money.js';
import { type ClaimEventKind, STATUS_AFTER, eventRefusal } from '../../finance/claim-events.js';
import { type NewClaimEvent, recordClaimEvent, setCaseNumber } from '../../store/claim-events.js';
import { getClaim } from '../../store/claims.js';
import { openDb } from '../../store/db.js';
import { dbOption } from '../options.js';
import { UsageError, type SetExitCode } from '../usage.js';

interface MarkOptions {
  submitted?: string;
  paid?: string;
  on?: string;
  rejected?: string;
  case?: string;
  reference?: string;
  db: string;
}

function requireDate(value: string | undefined, option: string): string {
  if (value === undefined || !isIsoDate(value)) throw new UsageError(`${option} måste vara ett datum ÅÅÅÅ-MM-DD`);
  return value;
}

function optionalText(value: string | undefined): string | null {
  const t = value?.trim();
  return t ? t : null;
}

/** The event the options describe, for a claim with the given status. */
function eventFrom(id: string, o: MarkOptions, currentStatus: Parameters<typeof eventRefusal>[0]): NewClaimEvent {
  const chosen = [o.submitted !== undefined, o.paid !== undefined, o.rejected !== undefined].filter(Boolean).length;
  if (chosen !== 1) throw new UsageError('ange exakt en av --submitted, --paid eller --rejected');
  const kind: ClaimEventKind = o.submitted !== undefined ? 'submitted' : o.paid !== undefined ? 'payment' : 'rejection';
  const refusal = eventRefusal(currentStatus, kind);
  if (refusal) throw new UsageError(refusal);
  const base = { claimId: id, source: 'mark', caseNumber: optionalText(o.case) };
  if (kind === 'submitted') return { ...base, kind, date: requireDate(o.submitted, '--submitted') };
  if (kind === 'payment') {
    const ore = parseMoneyText(o.paid!);
    if (ore === null) throw new UsageError(`--paid måste vara ett belopp i kronor, fick "${o.paid}"`);
    return { ...base, kind, amountOre: ore, date: requireDate(o.on, '--on'), reference: optionalText(o.reference) };
  }
  const reason = o.rejected!.trim();
  if (reason === '') throw new UsageError('--rejected behöver en orsak');
  return { ...base, kind, reason, date: o.on === undefined ? todayInStockholm() : requireDate(o.on, '--on') };
}

export function markCommand(setExitCode: SetExitCode): Command {
  return new Command('mark')
    .description('registrerar att en ansökan skickats in, betalats ut (helt eller delvis) eller avslagits')
    .argument('<id>', 'ansökans id (från claims.json)')
    .option('--submitted <date>', 'inskickad till Migrationsverket detta datum')
    .option('--case <number>', 'Migrationsverkets ärendenummer (med --submitted, --paid eller ensamt för en inskickad ansökan)')
    .option('--paid <kronor>', 'utbetalt belopp i kronor (flera delutbetalningar går bra)')
    .option('--on <date>', 'utbetalnings- eller avslagsdatum (med --paid, valfritt med --rejected: standard i dag)')
    .option('--reference <text>', 'betalningens referens (med --paid)')
    .option('--rejected <reason>', 'avslagen, med Migrationsverkets motivering (det som inte betalats ut)')
    .addOption(dbOption())
    .action((id: string, o: MarkOptions) => {
      const db = openDb(o.db);
      try {
        const claim = getClaim(db, id);
        if (!claim) throw new UsageError(`ingen ansökan med id ${id}`);
        if (o.case !== undefined && o.submitted === undefined && o.paid === undefined && o.rejected === undefined) {
          if (optionalText(o.case) === null) throw new UsageError('--case behöver ett ärendenummer');
          if (!setCaseNumber(db, id, o.case)) throw new UsageError(`ansökan måste först markeras som inskickad (den har status ${claim.status})`);
          process.stdout.write(`${id}: ärendenummer registrerat\n`);
          setExitCode(0);
          return;
        }
        const event = eventFrom(id, o, claim.status);
        const { recorded } = recordClaimEvent(db, event);
        process.stdout.write(`${id}: ${STATUS_AFTER[event.kind]}${recorded ? '' : ' (redan registrerat)'}\n`);
        setExitCode(0);
      } finally {
        db.close();
      }
    });
}
