#!/usr/bin/env node
// Prepares a database for the finance stages (not timed): of the ready claims, three in five are
// marked submitted, half of those paid in full, one in five paid in part and the rest rejected,
// with the store function `claims mark` and the payment import use. Dates in December of the
// claims' year. Usage: node bench/stages/finance-events.mjs DB   → one JSON line {submitted, payments, rejections}
import { recordClaimEvent } from '../../dist/src/store/claim-events.js';
import { listClaims } from '../../dist/src/store/claims.js';
import { openDb } from '../../dist/src/store/db.js';

const [dbPath] = process.argv.slice(2);
if (!dbPath) {
  console.error('usage: node bench/stages/finance-events.mjs DB');
  process.exit(2);
}
const db = openDb(dbPath);
const counts = { submitted: 0, payments: 0, rejections: 0 };
const ready = listClaims(db).filter((c) => c.status === 'ready');
db.transaction(() => {
  ready.forEach((c, i) => {
    if (i % 5 >= 3) return;
    const year = c.periodEnd.slice(0, 4);
    recordClaimEvent(db, { claimId: c.id, kind: 'submitted', date: `${year}-12-01`, source: 'bench' });
    counts.submitted++;
    if (i % 10 === 0) return; // still open
    if (i % 5 === 0) {
      recordClaimEvent(db, { claimId: c.id, kind: 'payment', date: `${year}-12-15`, amountOre: Math.floor(c.claimOre * 0.6), source: 'bench' });
      recordClaimEvent(db, { claimId: c.id, kind: 'rejection', date: `${year}-12-20`, reason: 'delvis avslag', source: 'bench' });
      counts.payments++;
      counts.rejections++;
    } else if (i % 5 === 1) {
      recordClaimEvent(db, { claimId: c.id, kind: 'payment', date: `${year}-12-15`, amountOre: c.claimOre, source: 'bench' });
      counts.payments++;
    } else {
      recordClaimEvent(db, { claimId: c.id, kind: 'rejection', date: `${year}-12-20`, reason: 'avslag', source: 'bench' });
      counts.rejections++;
    }
  });
})();
db.close();
console.log(JSON.stringify(counts));
