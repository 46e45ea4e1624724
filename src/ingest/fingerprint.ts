// Dedupe keys (SPEC §3.3) as 96-bit fingerprints: a SHA-256 of the key material, first 16 base64
// characters. Stored as text in cost_lines.dedupe_key; held in memory as three 32-bit words in an
// open-addressing table (16 bytes a slot with its counter), so a million keys cost about 24 MB
// rather than the ~100 MB a Set of strings would.
import { hash } from 'node:crypto';

/** 16 base64 characters = 96 bits: collisions are out of reach at any realistic number of lines. */
export function fingerprint(material: string): string {
  return hash('sha256', material, 'base64').slice(0, 16);
}

const B64 = new Int8Array(128).fill(-1);
'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.split('').forEach((c, i) => (B64[c.charCodeAt(0)] = i));

/** Bits 0..23 of the key's 96 as one number per 4 characters. */
function group(key: string, from: number): number {
  return (
    (B64[key.charCodeAt(from)]! << 18) |
    (B64[key.charCodeAt(from + 1)]! << 12) |
    (B64[key.charCodeAt(from + 2)]! << 6) |
    B64[key.charCodeAt(from + 3)]!
  );
}

/**
 * A hash table keyed by fingerprints (96 bits packed in three 32-bit words), with a 32-bit
 * counter per key (0 = empty slot). `increment` returns the new count (1 for a key not seen
 * before). 16 bytes a slot, at most 70 % full.
 */
export class FingerprintTable {
  private keys: Int32Array;
  private counts: Uint32Array;
  private mask: number;
  size = 0;

  constructor(expected = 1024) {
    let cap = 1024;
    while (cap * 0.7 < expected) cap *= 2;
    this.keys = new Int32Array(cap * 3);
    this.counts = new Uint32Array(cap);
    this.mask = cap - 1;
  }

  private slot(a: number, b: number, c: number): number {
    let i = (a ^ Math.imul(b, 0x9e3779b1) ^ Math.imul(c, 0x85ebca6b)) & this.mask;
    const k = this.keys;
    for (;;) {
      if (this.counts[i] === 0) return i;
      const o = i * 3;
      if (k[o] === a && k[o + 1] === b && k[o + 2] === c) return i;
      i = (i + 1) & this.mask;
    }
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldCounts = this.counts;
    const cap = oldCounts.length * 2;
    this.keys = new Int32Array(cap * 3);
    this.counts = new Uint32Array(cap);
    this.mask = cap - 1;
    for (let i = 0; i < oldCounts.length; i++) {
      if (oldCounts[i] === 0) continue;
      const o = i * 3;
      const j = this.slot(oldKeys[o]!, oldKeys[o + 1]!, oldKeys[o + 2]!);
      this.keys[j * 3] = oldKeys[o]!;
      this.keys[j * 3 + 1] = oldKeys[o + 1]!;
      this.keys[j * 3 + 2] = oldKeys[o + 2]!;
      this.counts[j] = oldCounts[i]!;
    }
  }

  /** Adds one to the key's counter and returns the new count. */
  increment(key: string): number {
    const g0 = group(key, 0);
    const g1 = group(key, 4);
    const g2 = group(key, 8);
    const g3 = group(key, 12);
    // 4 × 24 bits → 3 × 32 bits.
    const a = (g0 << 8) | (g1 >>> 16);
    const b = (g1 << 16) | (g2 >>> 8);
    const c = (g2 << 24) | g3;
    const i = this.slot(a, b, c);
    if (this.counts[i] === 0) {
      const o = i * 3;
      this.keys[o] = a;
      this.keys[o + 1] = b;
      this.keys[o + 2] = c;
      this.size++;
      this.counts[i] = 1;
      if (this.size > this.counts.length * 0.7) this.grow();
      return 1;
    }
    return ++this.counts[i]!;
  }
}
