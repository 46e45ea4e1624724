// `claims deadlines [--within DAYS]`: claims not yet submitted, nearest deadline first (SPEC §5.6).
import { Command } from 'commander';
import { daysBetween, todayInStockholm } from '../../domain/dates.js';
import { maskIdentity } from '../../domain/identity.js';
import { formatKronor } from '../../domain/money.js';
import { listClaims } from '../../store/claims.js';
import { openDb } from '../../store/db.js';
import { dbOption, jsonOption } from '../options.js';
import { UsageError, parseAsOfOption, type SetExitCode } from '../usage.js';

const OPEN_STATUSES = new Set(['ready', 'waiting', 'needs_assessment']);

export function deadlinesCommand(setExitCode: SetExitCode): Command {
  return new Command('deadlines')
    .description('ansökningar som inte skickats in, med sista dag och dagar kvar')
    .option('--within <days>', 'bara de med högst så många dagar kvar')
    .option('--as-of <date>', 'räkna dagar kvar från detta datum (standard: i dag)')
    .addOption(dbOption())
    .addOption(jsonOption('listan'))
    .action((o: { within?: string; asOf?: string; db: string; json?: boolean }) => {
      const asOf = parseAsOfOption(o.asOf, todayInStockholm);
      let within: number | null = null;
      if (o.within !== undefined) {
        if (!/^\d+$/.test(o.within)) throw new UsageError(`--within måste vara ett antal dagar, fick "${o.within}"`);
        within = Number(o.within);
      }
      const db = openDb(o.db);
      try {
        const rows = listClaims(db)
          .filter((c) => OPEN_STATUSES.has(c.status))
          .map((c) => ({ claim: c, daysLeft: daysBetween(asOf, c.deadline) }))
          .filter((r) => within === null || r.daysLeft <= within);
        if (o.json) {
          const list = rows.map(({ claim: c, daysLeft }) => ({
            id: c.id,
            rule: c.rule,
            person: maskIdentity(c.personId),
            periodStart: c.periodStart,
            periodEnd: c.periodEnd,
            claimOre: c.claimOre,
            deadline: c.deadline,
            deadlineProvisional: c.deadlineProvisional,
            daysLeft,
            status: c.status,
          }));
          process.stdout.write(`${JSON.stringify({ asOf, claims: list })}\n`);
        } else {
          const lines = [
            ['Sista dag', 'Dagar kvar', 'Status', 'Regel', 'Person', 'Period', 'Belopp', 'Id'].join('\t'),
            ...rows.map(({ claim: c, daysLeft }) =>
              [
                `${c.deadline}${c.deadlineProvisional ? '*' : ''}`,
                String(daysLeft),
                c.status,
                c.rule === 'kostnadskravande' ? 'kostnadskrävande' : 'varaktig',
                maskIdentity(c.personId),
                `${c.periodStart}–${c.periodEnd}`,
                formatKronor(c.claimOre),
                c.id,
              ].join('\t'),
            ),
          ];
          if (rows.some((r) => r.claim.deadlineProvisional)) lines.push('* preliminär: vårdkontakten pågår');
          process.stdout.write(`${lines.join('\n')}\n`);
        }
        setExitCode(0);
      } finally {
        db.close();
      }
    });
}
