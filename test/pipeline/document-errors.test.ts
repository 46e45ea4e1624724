// One application that cannot be drawn or saved costs only itself (SPEC §6.1, exit 3): every other
// output is still written, the claim has `document: null`, reconciliation.json lists it under
// documentErrors with a Swedish reason, and the next run tries it again.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { defaultConfig } from '../../src/config.js';
import { runBatch } from '../../src/pipeline/run.js';
import { openDb } from '../../src/store/db.js';
import { runCli } from '../helpers/cli.js';

// In-process runs below draw every application except the one this names.
const failing = vi.hoisted(() => ({ claimId: null as string | null }));
vi.mock('../../src/documents/applications.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/documents/applications.js')>();
  return {
    ...original,
    renderApplicationPdf: async (input: Parameters<typeof original.renderApplicationPdf>[0]) => {
      if (input.claim.id === failing.claimId) throw new original.ApplicationError(input.claim.id, 'provfel: ansökan ska inte ritas');
      return original.renderApplicationPdf(input);
    },
  };
});

const temps: string[] = [];
afterAll(() => temps.forEach((t) => rmSync(t, { recursive: true, force: true })));
let dir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'claims-docerr-'));
  temps.push(dir);
  failing.claimId = null;
});

const COST_HEADER = 'Personnummer;Vårdkontakt;Datum;Belopp;Kostnadstyp;Vårdkategori;Vårdform;Patientavgift;Diagnos;Ordinerad av läkare;Vårdenhet';
const PERSON_HEADER = 'Personnummer;Grupp;Dossiernummer;LMA från;LMA till;Kommunmottagen;Varaktigt vårdbehov;Samband;Grundsjukdom';

function inputs(): string[] {
  const persons = join(dir, 'personer.csv');
  writeFileSync(
    persons,
    [PERSON_HEADER, '19881111-1015;asylsökande;11223344;2024-10-01;;;;;', '19750315-3038;asylsökande;99887766;2024-10-01;;;;;'].join('\n'),
  );
  const costs = join(dir, 'kostnader.csv');
  writeFileSync(
    costs,
    [
      COST_HEADER,
      '19881111-1015;S-1;2025-02-03;150 000,00;vård;akut;slutenvård_somatik;0;;ja;Medicin',
      '19750315-3038;S-2;2025-03-10;180 000,00;vård;akut;slutenvård_somatik;0;;ja;Kirurgi',
    ].join('\n'),
  );
  return [persons, costs];
}

interface ClaimsJson {
  claims: { id: string; status: string; document: string | null }[];
}

const read = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;

describe('a document that cannot be made', () => {
  it('a PDF that cannot be saved: everything else is written, exit 3, and the next run draws it', () => {
    const out = join(dir, 'out');
    const args = ['--as-of', '2025-11-01', '--db', join(dir, 'claims.db'), '--out', out];
    expect(runCli(['run', ...inputs(), ...args]).code).toBe(0);
    const [a, b] = read<ClaimsJson>(join(out, 'claims.json')).claims;
    expect(a!.status).toBe('ready');
    expect(b!.status).toBe('ready');

    // A folder where a's PDF must go: the atomic rename into place fails for that one file only.
    rmSync(join(out, 'applications', '.inputs.json'));
    rmSync(join(out, a!.document!));
    mkdirSync(join(out, a!.document!, 'in-the-way'), { recursive: true });
    for (const f of ['claims.json', 'reconciliation.json', 'finance/summary.xlsx', 'finance/summary.pdf', 'rejected-rows.csv']) rmSync(join(out, f));

    const r = runCli(['run', ...args, '--json']);
    expect(r.code, r.stderr).toBe(3);
    const claims = read<ClaimsJson>(join(out, 'claims.json')).claims;
    expect(claims.find((c) => c.id === a!.id)).toMatchObject({ status: 'ready', document: null });
    expect(claims.find((c) => c.id === b!.id)!.document).toBe(`applications/${b!.id}.pdf`);
    expect(readFileSync(join(out, b!.document!)).subarray(0, 5).toString()).toBe('%PDF-');
    for (const f of ['reconciliation.json', 'finance/summary.xlsx', 'finance/summary.pdf', 'rejected-rows.csv', 'rejected-rows.xlsx']) {
      expect(existsSync(join(out, f)), f).toBe(true);
    }
    const reconciliation = read<{ documentErrors: { claimId: string; reason: string }[]; invariant: { holds: boolean } }>(
      join(out, 'reconciliation.json'),
    );
    expect(reconciliation.invariant.holds).toBe(true);
    expect(reconciliation.documentErrors).toEqual([{ claimId: a!.id, reason: expect.stringMatching(/^ansökan kunde inte sparas \(E[A-Z]+\)$/) }]);
    expect(JSON.parse(r.stdout).documentErrors).toEqual(reconciliation.documentErrors);
    // One line on stderr, by claim id, no identity.
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringContaining(`ansökan ${a!.id} kunde inte skapas`)]);
    expect(r.stderr + r.stdout).not.toMatch(/19881111|19750315/);

    rmSync(join(out, a!.document!), { recursive: true });
    const again = runCli(['run', ...args]);
    expect(again.code, again.stderr).toBe(0);
    expect(read<ClaimsJson>(join(out, 'claims.json')).claims.find((c) => c.id === a!.id)!.document).toBe(`applications/${a!.id}.pdf`);
  });

  it('a form that fails its check: the others are drawn and the summary names it', async () => {
    const db = openDb(join(dir, 'claims.db'));
    try {
      const out = join(dir, 'out');
      const opts = { asOf: '2025-11-01', outDir: out, config: defaultConfig() };
      await runBatch(db, { ...opts, files: inputs() });
      const [a, b] = read<ClaimsJson>(join(out, 'claims.json')).claims;
      failing.claimId = a!.id;
      rmSync(join(out, 'applications'), { recursive: true });

      const result = await runBatch(db, { ...opts, files: [] });
      expect(result.documentErrors).toEqual([{ claimId: a!.id, reason: 'provfel: ansökan ska inte ritas' }]);
      expect(result.documents).toBe(1);
      const claims = read<ClaimsJson>(join(out, 'claims.json')).claims;
      expect(claims.find((c) => c.id === a!.id)!.document).toBeNull();
      expect(existsSync(join(out, 'applications', `${a!.id}.pdf`))).toBe(false);
      expect(existsSync(join(out, 'applications', `${b!.id}.pdf`))).toBe(true);
    } finally {
      db.close();
    }
  });
});
