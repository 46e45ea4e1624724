// `claims run`, `mark` and `deadlines` end to end through the built CLI: frozen claims and
// adjustments, identical bytes on a re-run, exit codes, the deadline list.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const temps: string[] = [];
afterAll(() => temps.forEach((t) => rmSync(t, { recursive: true, force: true })));
let dir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'claims-run-'));
  temps.push(dir);
});

const COST_HEADER = 'Personnummer;Vårdkontakt;Datum;Belopp;Kostnadstyp;Vårdkategori;Vårdform;Patientavgift;Diagnos;Ordinerad av läkare;Vårdenhet';
const PERSON_HEADER = 'Personnummer;Grupp;Dossiernummer;LMA från;LMA till;Kommunmottagen;Varaktigt vårdbehov;Samband;Grundsjukdom';

function file(name: string, lines: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

const persons = () =>
  file('personer.csv', [
    PERSON_HEADER,
    '19881111-1015;asylsökande;11223344;2024-10-01;;;;;',
    '19750315-3038;uppehållstillstånd;99887766;;;2023-11-20;ja;ja;F43',
    '19900101-0017;papperslös;;;;;;;',
  ]);

function run(args: string[]) {
  return runCli(['run', ...args, '--db', join(dir, 'claims.db'), '--out', join(dir, 'out'), '--json']);
}

function pdfText(path: string): string {
  return execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' });
}

function claimsJson() {
  return JSON.parse(readFileSync(join(dir, 'out', 'claims.json'), 'utf8'));
}

describe('claims run', () => {
  it('a re-run with no new input changes nothing: same ids, same bytes', () => {
    const costs = file('k1.csv', [COST_HEADER, '19881111-1015;S-1;2025-02-03;150 000,00;vård;akut;slutenvård_somatik;0;;ja;Medicin']);
    expect(run([persons(), costs, '--as-of', '2025-11-01']).code).toBe(0);
    const first = readFileSync(join(dir, 'out', 'claims.json'));
    expect(run(['--as-of', '2025-11-01']).code).toBe(0);
    expect(readFileSync(join(dir, 'out', 'claims.json')).equals(first)).toBe(true);
    // The same files again add nothing.
    const again = run([persons(), costs, '--as-of', '2025-11-01']);
    expect(JSON.parse(again.stdout).files.every((f: { alreadyIngested: boolean }) => f.alreadyIngested)).toBe(true);
    expect(readFileSync(join(dir, 'out', 'claims.json')).equals(first)).toBe(true);
  });

  it('a submitted claim never changes; new lines on its contact make an adjustment claim', () => {
    run([
      persons(),
      file('k1.csv', [COST_HEADER, '19881111-1015;S-1;2025-02-03;150 000,00;vård;akut;slutenvård_somatik;0;;ja;Medicin']),
      '--as-of',
      '2025-11-01',
    ]);
    const [claim] = claimsJson().claims;
    expect(claim).toMatchObject({ claimOre: 5_000_000, status: 'ready' });

    const marked = runCli(['mark', claim.id, '--submitted', '2025-11-02', '--db', join(dir, 'claims.db')]);
    expect(marked.code, marked.stderr).toBe(0);
    run(['--as-of', '2025-11-03']);
    expect(claimsJson().claims).toEqual([{ ...claim, status: 'submitted', document: null }]);

    run([
      file('k2.csv', [COST_HEADER, '19881111-1015;S-1;2025-03-20;10 000,00;vård;akut;slutenvård_somatik;0;;ja;Medicin']),
      '--as-of',
      '2025-11-03',
    ]);
    const after = claimsJson();
    expect(after.claims).toHaveLength(2);
    const adjustment = after.claims.find((c: { id: string }) => c.id !== claim.id);
    expect(adjustment).toMatchObject({ adjustmentOf: claim.id, claimOre: 1_000_000, status: 'ready', contactId: 'S-1' });
    expect(after.claims.find((c: { id: string }) => c.id === claim.id)).toMatchObject({ claimOre: 5_000_000, status: 'submitted' });
    expect(after.fates.claimed).toBe(6_000_000);

    // Paid, then rejected is refused: only a submitted claim can be marked paid or rejected.
    expect(runCli(['mark', claim.id, '--paid', '50 000', '--on', '2026-01-10', '--db', join(dir, 'claims.db')]).code).toBe(0);
    const wrong = runCli(['mark', adjustment.id, '--paid', '1', '--on', '2026-01-10', '--db', join(dir, 'claims.db')]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/inskickad/);
  });

  it('papperslösa never appear in claims or applications, only in the fates', () => {
    const costs = file('k.csv', [COST_HEADER, '19900101-0017;P-1;2025-02-03;250 000,00;vård;akut;slutenvård_somatik;0;;ja;Akuten']);
    run([persons(), costs, '--as-of', '2025-11-01']);
    const out = claimsJson();
    expect(out.claims).toEqual([]);
    expect(out.fates.papperslos).toBe(25_000_000);
    expect(readFileSync(join(dir, 'out', 'claims.json'), 'utf8')).not.toContain('19900101');
  });

  it('exit 2 for an unreadable file, and the other files still go in', () => {
    const bad = join(dir, 'trasig.xlsx');
    writeFileSync(bad, 'det här är ingen zip-fil');
    const costs = file('k.csv', [COST_HEADER, '19881111-1015;S-1;2025-02-03;150 000,00;vård;akut;slutenvård_somatik;0;;ja;Medicin']);
    const r = run([persons(), bad, costs, '--as-of', '2025-11-01']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('trasig.xlsx');
    expect(claimsJson().claims).toHaveLength(1);
  });

  it('--strict exits 1 when a row was rejected; rejected rows are listed masked', () => {
    const costs = file('k.csv', [COST_HEADER, '19881111-1015;S-1;2025-02-03;12a;vård;akut;slutenvård_somatik;0;;ja;Medicin']);
    const r = run([persons(), costs, '--as-of', '2025-11-01', '--strict']);
    expect(r.code).toBe(1);
    expect(claimsJson().rejectedRows).toBe(1);
    const csv = readFileSync(join(dir, 'out', 'rejected-rows.csv'), 'utf8');
    expect(csv).toContain('k.csv');
    expect(csv).toContain('12a');
    expect(r.stdout + r.stderr).not.toContain('19881111-1015');
  });

  it('keeps the PDFs of persons nothing touched, redraws the rest, removes those no longer ready', () => {
    const costs = file('k1.csv', [
      COST_HEADER,
      '19881111-1015;S-1;2025-02-03;150 000,00;vård;akut;slutenvård_somatik;0;;ja;Medicin',
      '19750315-3038;R-1;2024-10-15;70 000,00;vård;övrig;öppen_specialistvård;0;F43.1;ja;Medicin',
    ]);
    run([persons(), costs, '--as-of', '2025-11-01']);
    const pdfOf = (rule: string) => join(dir, 'out', claimsJson().claims.find((c: { rule: string }) => c.rule === rule).document);
    const [k, v] = [pdfOf('kostnadskravande'), pdfOf('varaktig')];
    const mtime = (p: string) => statSync(p).mtimeMs;
    const before = { k: mtime(k), v: mtime(v) };

    run([file('k2.csv', [COST_HEADER, '19881111-1015;S-1;2025-02-04;1 000,00;vård;akut;slutenvård_somatik;0;;ja;Medicin']), '--as-of', '2025-11-01']);
    expect(mtime(v)).toBe(before.v);
    expect(mtime(k)).toBeGreaterThan(before.k);
    expect(pdfText(k)).toContain('51 000,00');

    // A line of another contact of the same person: the application does not change, so it is kept.
    const kDrawn = mtime(k);
    const other = run([
      file('k3.csv', [COST_HEADER, '19881111-1015;S-2;2025-03-10;2 000,00;vård;akut;öppen_specialistvård;0;;ja;Medicin']),
      '--as-of',
      '2025-11-01',
    ]);
    expect(JSON.parse(other.stdout).evaluation.persons).toBe(1);
    expect(mtime(k)).toBe(kDrawn);

    // A new as-of date is printed on every application: all are drawn again.
    run(['--as-of', '2025-11-02']);
    expect(mtime(v)).toBeGreaterThan(before.v);

    // Once submitted, a claim's PDF leaves the folder of claims to send.
    const kId = claimsJson().claims.find((c: { rule: string }) => c.rule === 'kostnadskravande').id;
    runCli(['mark', kId, '--submitted', '2025-11-02', '--db', join(dir, 'claims.db')]);
    run(['--as-of', '2025-11-02']);
    expect(existsSync(k)).toBe(false);
    expect(existsSync(v)).toBe(true);
  });

  it('exit 2 with one line on stderr for a wrong argument', () => {
    const r = run(['--as-of', '2025-13-01']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('reconciliation.json checks that the fates sum to the net total', () => {
    const costs = file('k.csv', [
      COST_HEADER,
      '19881111-1015;S-1;2025-02-03;150 000,00;vård;akut;slutenvård_somatik;100;;ja;Medicin',
      '19881111-1015;S-2;2025-03-01;1 000,00;vård;övrig;primärvård;0;;ja;VC',
      '19990101-0018;S-9;2025-03-01;500;vård;akut;primärvård;0;;ja;VC',
    ]);
    run([persons(), costs, '--as-of', '2025-11-01']);
    const rec = JSON.parse(readFileSync(join(dir, 'out', 'reconciliation.json'), 'utf8'));
    expect(rec.invariant.holds).toBe(true);
    expect(rec.fatesSumOre).toBe(rec.database.netOre);
    expect(rec.database.netOre).toBe(15_150_000 - 10_000);
  });
});

describe('claims deadlines', () => {
  it('lists unsubmitted claims nearest first with days left, identities masked', () => {
    const costs = file('k.csv', [
      COST_HEADER,
      '19881111-1015;S-1;2025-02-03;150 000,00;vård;akut;slutenvård_somatik;0;;ja;Medicin',
      '19881111-1015;S-2;2024-03-03;150 000,00;vård;akut;slutenvård_somatik;0;;ja;Medicin',
    ]);
    file('p.csv', [PERSON_HEADER, '19881111-1015;asylsökande;11223344;2024-01-01;;;;;']);
    run([join(dir, 'p.csv'), costs, '--as-of', '2025-05-01']);
    const r = runCli(['deadlines', '--json', '--as-of', '2025-05-01', '--db', join(dir, 'claims.db')]);
    expect(r.code).toBe(0);
    const list = JSON.parse(r.stdout).claims;
    expect(list.map((c: { deadline: string; daysLeft: number }) => [c.deadline, c.daysLeft])).toEqual([
      ['2025-06-30', 60],
      ['2026-06-30', 425],
    ]);
    expect(r.stdout).not.toContain('19881111-1015');
    expect(list[0].person).toBe('19881111-****');
    const within = JSON.parse(runCli(['deadlines', '--json', '--within', '60', '--as-of', '2025-05-01', '--db', join(dir, 'claims.db')]).stdout);
    expect(within.claims).toHaveLength(1);
  });
});
