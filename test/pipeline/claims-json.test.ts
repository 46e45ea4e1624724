// src/pipeline/claims-json.ts: claims.json is written in pieces, and its bytes are those of the
// whole body stringified at once (the contract's layout, SPEC §6.1).
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type ClaimsJsonInput, claimsJson, publicClaim, writeClaimsJson } from '../../src/pipeline/claims-json.js';
import { FATES, type Claim, emptyFates } from '../../src/domain/types.js';

function claim(i: number, contactId: string | null): Claim {
  return {
    id: `KV-${String(i).padStart(16, '0')}`,
    rule: contactId === null ? 'varaktig' : 'kostnadskravande',
    personId: `P${i}`,
    contactId,
    periodStart: '2025-01-01',
    periodEnd: '2025-03-31',
    careOre: 12_345_600 + i,
    interpreterOre: 0,
    claimOre: 2_345_600 + i,
    deadline: '2026-06-30',
    deadlineProvisional: i % 2 === 0,
    status: 'ready',
    quarter: contactId === null ? null : '2025Q1',
    adjustmentOf: i % 7 === 0 ? `KV-${String(i - 1).padStart(16, '0')}` : null,
  };
}

function input(claims: Claim[]): ClaimsJsonInput {
  const fates = emptyFates();
  FATES.forEach((f, i) => (fates[f] = i * 1000));
  return {
    asOf: '2026-01-15',
    claims,
    documented: new Set(claims.filter((_, i) => i % 3 === 0).map((c) => c.id)),
    fates,
    netOre: 99,
    rejectedRows: 4,
  };
}

/** What claims.json held when it was written as one string. */
function whole(i: ClaimsJsonInput): string {
  const body = {
    asOf: i.asOf,
    claims: i.claims.map((c) => publicClaim(c, i.documented.has(c.id))),
    fates: Object.fromEntries(FATES.map((f) => [f, i.fates[f]])),
    netOre: i.netOre,
    rejectedRows: i.rejectedRows,
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}

describe('claims.json', () => {
  // Contact ids come from the cost files: newlines, quotes, backslashes and separators in them stay escaped text.
  const odd = ['K1', 'rad\nbryt', 'citat "x" \\ snedstreck', 'tab\there', 'ls\u2028ps\u2029', '   ', 'ÅÄÖ', '{"claims": []}'];
  for (const count of [0, 1, 2, 255, 256, 257, 600]) {
    it(`has the bytes of the body stringified whole (${count} claims)`, () => {
      const claims = Array.from({ length: count }, (_, i) => claim(i, i % 5 === 4 ? null : odd[i % odd.length]!));
      const i = input(claims);
      expect([...claimsJson(i)].join('')).toBe(whole(i));
    });
  }

  it('is written whole into the folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'claims-json-'));
    const i = input(Array.from({ length: 300 }, (_, n) => claim(n, `K${n}`)));
    writeClaimsJson(dir, i);
    const text = readFileSync(join(dir, 'claims.json'), 'utf8');
    expect(text).toBe(whole(i));
    expect((JSON.parse(text) as { claims: unknown[] }).claims).toHaveLength(300);
  });
});
