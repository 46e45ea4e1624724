// The shared examples (copied from ../shared/examples into test/fixtures/examples), run the way the
// acceptance check runs them: `claims run` with the example's arguments, claims.json compared field by field.
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FATES } from '../src/domain/types.js';
import { ROOT, runCli } from './helpers/cli.js';

const EXAMPLES = join(ROOT, 'test/fixtures/examples');

interface Expected {
  inputs?: string[];
  runs?: string[][];
  args: string[];
  exit: number;
  netOre: number;
  rejectedRows: number;
  claims: Record<string, unknown>[];
  fates: Record<string, number>;
}

const key = (c: Record<string, unknown>) => JSON.stringify([c.rule, c.personId, c.contactId ?? null, c.periodStart]);
const temps: string[] = [];
afterAll(() => temps.forEach((t) => rmSync(t, { recursive: true, force: true })));

describe('shared examples through `claims run`', () => {
  for (const name of readdirSync(EXAMPLES).sort()) {
    it(name, () => {
      const expected = JSON.parse(readFileSync(join(EXAMPLES, name, 'expected.json'), 'utf8')) as Expected;
      const tmp = mkdtempSync(join(tmpdir(), `example-${name}-`));
      temps.push(tmp);
      cpSync(join(EXAMPLES, name), tmp, { recursive: true });
      const out = join(tmp, 'out');
      for (const files of expected.runs ?? [expected.inputs!]) {
        const r = runCli(['run', ...files.map((f) => join(tmp, f)), ...expected.args, '--out', out, '--db', join(tmp, 'claims.db'), '--json']);
        expect(r.code, r.stderr).toBe(expected.exit);
      }
      const got = JSON.parse(readFileSync(join(out, 'claims.json'), 'utf8'));
      const have = new Map<string, Record<string, unknown>>(got.claims.map((c: Record<string, unknown>) => [key(c), c]));
      expect([...have.keys()].sort()).toEqual(expected.claims.map(key).sort());
      for (const want of expected.claims) {
        const h = have.get(key(want))!;
        for (const [field, value] of Object.entries(want)) expect({ [field]: h[field] ?? null }).toEqual({ [field]: value });
      }
      for (const f of FATES) expect({ [f]: got.fates[f] }).toEqual({ [f]: expected.fates[f] ?? 0 });
      expect(got.netOre).toBe(expected.netOre);
      expect(got.rejectedRows).toBe(expected.rejectedRows);
      for (const c of got.claims) {
        if (c.status !== 'ready') continue;
        expect(existsSync(join(out, c.document))).toBe(true);
        expect(readFileSync(join(out, c.document)).subarray(0, 5).toString()).toBe('%PDF-');
      }
    });
  }
});
