// Dedupe keys (SPEC §3.3) as 96-bit fingerprints: a SHA-256 of the key material, first 16 base64
// characters. Stored as text in cost_lines.dedupe_key; held in memory as three 32-bit words in an
// open-addressing table (12 bytes a key plus a counter word where one is needed), so a million
// keys cost tens of megabytes, not hundreds.
import { hash } from 'node:crypto';

/** 16 base64 characters = 96 bits: collisions are out of reach at any realistic number of lines. */
export function fingerprint(material: string): string {
  return hash('sha256', material, 'base64').slice(0, 16);
}

const B64 = new Int8Array(128).fill(-1);
'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.split('').forEach((c, i) => (B64[c.charCodeAt(0)] = i));

function word(key: string, from: number): number {
  // Four base64 characters hold 24 bits; 16 characters give four 24-bit groups = 96 bits.
  let w = 0;
  for (let i = from; i < from + 4; i++) w = (w << 6) | B64[key.charCodeAt(i)]!;
  return w;
}

/**
 * A hash table keyed by fingerprints, with a 32-bit counter per key. `increment` returns the new
 * count (1 for a key not seen before).
 */
export class FingerprintTable {
  private keys: Int32Array;
  private counts: Uint32Array;
  private mask: number;
  size = 0;

  constructor(expected = 1024) {
    let cap = 1024;
    while (cap < expected * 2) cap *= 2;
    this.keys = new Int32Array(cap * 4);
    this.counts = new Uint32Array(cap);
    this.mask = cap - 1;
  }

  private slot(a: number, b: number, c: number, d: number): number {
    let i = (a ^ Math.imul(b, 0x9e3779b1) ^ Math.imul(c, 0x85ebca6b) ^ d) & this.mask;
    const k = this.keys;
    for (;;) {
      if (this.counts[i] === 0) return i;
      const o = i * 4;
      if (k[o] === a && k[o + 1] === b && k[o + 2] === c && k[o + 3] === d) return i;
      i = (i + 1) & this.mask;
    }
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldCounts = this.counts;
    const cap = oldCounts.length * 2;
    this.keys = new Int32Array(cap * 4);
    this.counts = new Uint32Array(cap);
    this.mask = cap - 1;
    for (let i = 0; i < oldCounts.length; i++) {
      if (oldCounts[i] === 0) continue;
      const o = i * 4;
      const j = this.slot(oldKeys[o]!, oldKeys[o + 1]!, oldKeys[o + 2]!, oldKeys[o + 3]!);
      this.keys.set(oldKeys.subarray(o, o + 4), j * 4);
      this.counts[j] = oldCounts[i]!;
    }
  }

  /** Adds one to the key's counter and returns the new count. */
  increment(key: string): number {
    const a = word(key, 0);
    const b = word(key, 4);
    const c = word(key, 8);
    const d = word(key, 12);
    const i = this.slot(a, b, c, d);
    if (this.counts[i] === 0) {
      const o = i * 4;
      this.keys[o] = a;
      this.keys[o + 1] = b;
      this.keys[o + 2] = c;
      this.keys[o + 3] = d;
      this.size++;
      this.counts[i] = 1;
      if (this.size * 10 > this.counts.length * 7) this.grow();
      return 1;
    }
    return ++this.counts[i]!;
  }
}
