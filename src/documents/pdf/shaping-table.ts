// What fontkit answers about the embedded fonts, asked once and kept beside them
// (templates/fonts/<font>.shaping.json): each plain character's glyph, each pair's kerning and the
// shaped words of the templates. Asking fontkit costs ~0.1 ms a question and its first layout decodes
// the font's GPOS table; a process drawing twenty applications asked some 1 500 questions, for
// ~140 ms. A table is used only for the font file it was made from (its SHA-256); any question
// it does not answer goes to fontkit as before. `npm run fonts:tables` writes the tables again.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

/** One shaped word (see shaping.ts `Run`), in 1000 units per em. */
const WordSchema = z.object({
  gids: z.array(z.number().int()),
  advances: z.array(z.number()),
  kerns: z.array(z.number()),
  codePoints: z.array(z.array(z.number().int())),
  width: z.number(),
  positioned: z.boolean(),
});

const TableSchema = z.object({
  /** SHA-256 (hex) of the font file the table was made from. */
  font: z.string().regex(/^[0-9a-f]{64}$/),
  /** The characters whose glyphs and pairs the table answers for. */
  chars: z.string(),
  /** Per character of `chars`: [code, glyph id, advance], or [code] when it does not shape as one plain glyph. */
  glyphs: z.array(z.union([z.tuple([z.number().int(), z.number().int(), z.number()]), z.tuple([z.number().int()])])),
  /** Pairs of plain characters whose kerning is not 0: [first, second, kerning], or [first, second] when the pair is not plain. */
  kerning: z.array(z.union([z.tuple([z.number().int(), z.number().int(), z.number()]), z.tuple([z.number().int(), z.number().int()])])),
  words: z.record(z.string(), WordSchema),
});

export type ShapingTableFile = z.infer<typeof TableSchema>;
type TableWord = z.infer<typeof WordSchema>;

/** A character that shapes as one glyph with no offset: its glyph id and advance (1000 units per em). */
export interface PlainGlyph {
  gid: number;
  advance: number;
}

/** A table as it is looked up. */
export interface ShapingTable {
  chars: Set<number>;
  glyphs: Map<number, PlainGlyph | null>;
  /** first * 65536 + second; a pair of `chars` not here kerns by 0. */
  kerning: Map<number, number | null>;
  words: Map<string, TableWord>;
}

export const pairKey = (first: number, second: number): number => first * 65536 + second;

/** Where the table of a font file (as templates/layout.json names it) is kept. */
export function shapingTablePath(templatesDir: string, fontFile: string): string {
  return join(templatesDir, fontFile.replace(/\.ttf$/i, '.shaping.json'));
}

export function fontDigest(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * The table in `path` when it was made from these font bytes; null when there is none, it cannot be
 * read or it is of another font. The table only saves time: without it every answer is fontkit's.
 */
export function readShapingTable(path: string, fontBytes: Uint8Array): ShapingTable | null {
  if (!existsSync(path)) return null;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
  const parsed = TableSchema.safeParse(json);
  if (!parsed.success || parsed.data.font !== fontDigest(fontBytes)) return null;
  return tableOf(parsed.data);
}

function tableOf(file: ShapingTableFile): ShapingTable {
  const glyphs = new Map<number, PlainGlyph | null>();
  for (const g of file.glyphs) glyphs.set(g[0], g.length === 3 ? { gid: g[1], advance: g[2] } : null);
  const kerning = new Map<number, number | null>();
  for (const k of file.kerning) kerning.set(pairKey(k[0], k[1]), k.length === 3 ? k[2] : null);
  const chars = new Set<number>();
  for (let i = 0; i < file.chars.length; i++) chars.add(file.chars.charCodeAt(i));
  return { chars, glyphs, kerning, words: new Map(Object.entries(file.words)) };
}

/** The tables of the fonts in use, by fontkit font (set where the fonts are loaded). */
const TABLES = new WeakMap<object, ShapingTable>();

export function useShapingTable(font: object, table: ShapingTable): void {
  TABLES.set(font, table);
}

export function shapingTableOf(font: object): ShapingTable | undefined {
  return TABLES.get(font);
}
