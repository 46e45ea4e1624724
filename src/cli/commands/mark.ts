// `claims mark ID --submitted DATE | --paid KRONOR --on DATE | --rejected REASON` (SPEC §5.5):
// records what happened to a claim. A marked claim is frozen; later changes become adjustments.
import { Command } from 'commander';
import { isIsoDate } from '../../domain/dates.js';
import { parseMoneyText } from '../../domain/money.js';
import { getClaim, markClaim, type MarkUpdate } from '../../store/claims.js';
import { DEFAULT_DB_PATH, inTransaction, openDb } from '../../store/db.js';
import { markDirty } from '../../store/dirty-persons.js';
import { UsageError, type SetExitCode } from '../usage.js';

interface MarkOptions {
  submitted?: string;
  paid?: string;
  on?: string;
  rejected?: string;
  db: string;
}

function requireDate(value: string | undefined, option: string): string {
  if (value === undefined || !isIsoDate(value)) throw new UsageError(`${option} måste vara ett datum ÅÅÅÅ-MM-DD`);
  return value;
}

/** Which status changes the product allows, and what each needs. */
function updateFrom(o: MarkOptions, currentStatus: string): MarkUpdate {
  const chosen = [o.submitted !== undefined, o.paid !== undefined, o.rejected !== undefined].filter(Boolean).length;
  if (chosen !== 1) throw new UsageError('ange exakt en av --submitted, --paid eller --rejected');
  if (o.submitted !== undefined) {
    if (currentStatus !== 'ready') throw new UsageError(`bara en ansökan med status ready kan markeras som inskickad (den har status ${currentStatus})`);
    return { status: 'submitted', submittedOn: requireDate(o.submitted, '--submitted') };
  }
  if (currentStatus !== 'submitted' && currentStatus !== 'paid' && currentStatus !== 'rejected') {
    throw new UsageError(`ansökan måste först markeras som inskickad (den har status ${currentStatus})`);
  }
  if (o.paid !== undefined) {
    const ore = parseMoneyText(o.paid);
    if (ore === null) throw new UsageError(`--paid måste vara ett belopp i kronor, fick "${o.paid}"`);
    return { status: 'paid', paidOre: ore, paidOn: requireDate(o.on, '--on') };
  }
  const reason = o.rejected!.trim();
  if (reason === '') throw new UsageError('--rejected behöver en orsak');
  return { status: 'rejected', rejectedReason: reason };
}

export function markCommand(setExitCode: SetExitCode): Command {
  return new Command('mark')
    .description('registrerar att en ansökan skickats in, betalats ut eller avslagits')
    .argument('<id>', 'ansökans id (från claims.json)')
    .option('--submitted <date>', 'inskickad till Migrationsverket detta datum')
    .option('--paid <kronor>', 'utbetalt belopp i kronor')
    .option('--on <date>', 'utbetalningsdatum (med --paid)')
    .option('--rejected <reason>', 'avslagen, med Migrationsverkets motivering')
    .option('--db <file>', 'databasfil', DEFAULT_DB_PATH)
    .action((id: string, o: MarkOptions) => {
      const db = openDb(o.db);
      try {
        const claim = getClaim(db, id);
        if (!claim) throw new UsageError(`ingen ansökan med id ${id}`);
        const update = updateFrom(o, claim.status);
        inTransaction(db, () => {
          markClaim(db, id, update);
          // The person's next evaluation must see the claim as frozen.
          markDirty(db, [claim.personId]);
        });
        process.stdout.write(`${id}: ${update.status}\n`);
        setExitCode(0);
      } finally {
        db.close();
      }
    });
}
