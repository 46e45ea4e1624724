// The daily digest of deadline warnings (SPEC §7): claim id, rule, amount, deadline and days left,
// the person masked (`19850101-****`); nothing else about anyone.
import { maskIdentity } from '../domain/identity.js';
import { formatKronor } from '../domain/money.js';
import type { Claim, IsoDate } from '../domain/types.js';

export interface DigestLine {
  claim: Pick<Claim, 'id' | 'rule' | 'claimOre' | 'deadline' | 'personId' | 'deadlineProvisional'>;
  daysBefore: number;
  daysLeft: number;
}

const RULE = { kostnadskravande: 'kostnadskrävande vård', varaktig: 'varaktig vård' } as const;

export function reminderDigest(lines: readonly DigestLine[], asOf: IsoDate, regionName: string): { subject: string; text: string } {
  const subject = `Frister: ${lines.length} ${lines.length === 1 ? 'ansökan närmar sig' : 'ansökningar närmar sig'} sista dag (${asOf})`;
  const rows = lines.map(
    (l) =>
      `${l.claim.deadline}${l.claim.deadlineProvisional ? '*' : ' '}  ${String(l.daysLeft).padStart(3)} dagar  ${formatKronor(l.claim.claimOre).padStart(16)}  ${RULE[l.claim.rule].padEnd(21)}  ${maskIdentity(l.claim.personId).padEnd(14)}  ${l.claim.id}`,
  );
  const text = [
    `${regionName}`,
    '',
    `Ansökningar till Migrationsverket som inte skickats in och vars sista dag närmar sig (påminnelse ${[...new Set(lines.map((l) => l.daysBefore))].sort((a, b) => b - a).join(', ')} dagar före), per ${asOf}:`,
    '',
    ['Sista dag'.padEnd(11), 'Kvar'.padEnd(9), 'Belopp'.padStart(16), 'Regel'.padEnd(21), 'Person'.padEnd(14), 'Ansökan'].join('  '),
    ...rows,
    '',
    ...(lines.some((l) => l.claim.deadlineProvisional) ? ['* preliminär: vårdkontakten pågår', ''] : []),
    'Öppna ansökningarna i tjänsten eller kör `claims deadlines` för hela listan.',
  ].join('\n');
  return { subject, text };
}
