// The only things a job payload may hold (SPEC §7): ids, spool paths named by sha256, hashes and
// dates. Each is a closed format a name, an identity number or a diagnosis cannot pass.
import { randomInt } from 'node:crypto';
import { basename, isAbsolute } from 'node:path';
import { z } from 'zod';
import { isIsoDate } from '../domain/dates.js';

// Letters only, so a batch id can never look like an identity number or a date.
const BATCH_ID_LETTERS = 'abcdefghjkmnpqrstuvwxyz';
const BATCH_ID = /^b_[a-z]{16}$/;

export function newBatchId(): string {
  let id = 'b_';
  for (let i = 0; i < 16; i++) id += BATCH_ID_LETTERS[randomInt(BATCH_ID_LETTERS.length)];
  return id;
}

export function isBatchId(value: string): boolean {
  return BATCH_ID.test(value);
}

export const batchIdField = z.string().regex(BATCH_ID, 'ett batch-id (b_ och 16 bokstäver)');
export const sha256Field = z.string().regex(/^[0-9a-f]{64}$/, 'en sha256 (64 hexsiffror)');
export const isoDateField = z.string().refine(isIsoDate, 'ett datum ÅÅÅÅ-MM-DD');
/** An absolute path whose file name is the file's sha256: the spool's naming. */
export const spoolPathField = z
  .string()
  .refine((p) => isAbsolute(p) && /^[0-9a-f]{64}$/.test(basename(p)), 'en absolut sökväg i spoolen, namngiven efter filens sha256');
export const countField = z.number().int().min(0).max(1_000_000);
