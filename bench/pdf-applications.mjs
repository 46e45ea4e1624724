// Measures application PDFs per second (issue 4: at least 200/s on the 2-core machine).
// Not a test. Run after `npm run build`:  node bench/pdf-applications.mjs [count] [lines-per-claim]
// Profile with:  node --cpu-prof --cpu-prof-dir=bench/work bench/pdf-applications.mjs
import { renderApplicationPdf } from '../dist/src/documents/applications.js';

const count = Number(process.argv[2] ?? 1000);
const linesPerClaim = Number(process.argv[3] ?? 12);

const region = {
  name: 'Region Östergötland',
  organisationNumber: '232100-0040',
  address: { street: 'Box 1024', postalCode: '581 91', city: 'Linköping' },
  contact: { name: 'Åsa Ekström', phone: '010-103 00 00', email: 'asylvard@example.se' },
  place: 'Linköping',
};
const UNITS = ['Akutmottagningen Linköping', 'Kirurgkliniken avd 12', 'Infektionskliniken', 'Barnkliniken Norrköping'];

/** A synthetic ready kostnadskrävande claim number i: distinct people, dates and amounts. */
function input(i) {
  const personId = `1985${String((i % 12) + 1).padStart(2, '0')}${String((i % 28) + 1).padStart(2, '0')}-${String(1000 + (i % 9000)).padStart(4, '0')}`;
  const lines = [];
  let net = 0;
  for (let j = 0; j < linesPerClaim; j++) {
    const amountOre = 900_000 + ((i * 7919 + j * 104729) % 900_000);
    const feeOre = j === 0 ? 10_000 : 0;
    net += amountOre - feeOre;
    lines.push({
      seq: i * 1000 + j,
      personId,
      contactId: `K-${i}`,
      date: `2025-0${1 + (j % 3)}-${String(1 + ((i + j) % 28)).padStart(2, '0')}`,
      amountOre,
      feeOre,
      costType: j % 6 === 5 ? 'tolk' : 'vård',
      careCategory: 'akut',
      careSetting: 'slutenvård_somatik',
      activity: 'vårddag',
      quantity: 1,
      diagnosis: null,
      doctorOrdered: true,
      contactEnd: null,
      fileHasContactEnd: false,
      unit: UNITS[(i + j) % UNITS.length],
      lineId: null,
    });
  }
  const deduction = Math.min(net, 10_000_000);
  return {
    claim: {
      id: (0x9e3779b97f4a7c15n * BigInt(i + 1)).toString(16).slice(-16).padStart(16, '0'),
      rule: 'kostnadskravande',
      personId,
      contactId: `K-${i}`,
      periodStart: '2025-01-01',
      periodEnd: '2025-03-28',
      careOre: net,
      interpreterOre: 0,
      claimOre: net - deduction,
      deadline: '2026-06-30',
      deadlineProvisional: false,
      status: 'ready',
      quarter: '2025Q1',
      adjustmentOf: null,
    },
    person: {
      personId,
      group: 'asylsökande',
      birthDate: '1985-01-01',
      dossierNumber: `1-${100000 + i}`,
      name: null,
      lma: [],
      receptionDate: null,
      chronic3y: null,
      protectionLink: null,
      underlyingDiagnoses: [],
      municipality: null,
    },
    region,
    asOf: '2026-11-25',
    lines,
    kostnadskravande: {
      contactFirstDate: '2025-01-01',
      contactLastDate: '2025-03-28',
      contactEnd: '2025-03-28',
      units: UNITS.slice(0, 2),
      sumBeforeQuarterOre: 0,
      quarterSumOre: net,
      deductedBeforeOre: 0,
      deductionOre: deduction,
      multiQuarter: false,
    },
    varaktig: null,
    previouslyClaimedOre: null,
  };
}

const inputs = Array.from({ length: count }, (_, i) => input(i));
// Warm up: template parsing, font parsing, JIT.
for (let i = 0; i < 20; i++) await renderApplicationPdf(inputs[i % inputs.length]);
let bytes = 0;
const t0 = performance.now();
for (const inp of inputs) bytes += (await renderApplicationPdf(inp)).length;
const seconds = (performance.now() - t0) / 1000;
console.log(
  `${count} application PDFs (${linesPerClaim} lines each) in ${seconds.toFixed(2)} s: ${(count / seconds).toFixed(0)} PDFs/s, ${(bytes / count / 1024).toFixed(1)} KiB each, one process`,
);
