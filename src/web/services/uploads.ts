// Uploads: the files are checked (xlsx or csv by name and by their first bytes), previewed without
// storing anything, and held in this process's memory under a random token until "Läs in" submits
// them as a batch (or they expire). Before that they touch the disk only while previewed, in a
// private temporary folder that the preview removes (src/pipeline/preview.ts).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { writeRejectedRows } from '../../pipeline/rejected-rows.js';
import type { MultipartFile } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { todayInStockholm } from '../../domain/dates.js';
import type { IsoDate } from '../../domain/types.js';
import { type Preview, type PreviewFile, previewFiles } from '../../pipeline/preview.js';
import { submitBatch } from '../../queue/submit.js';
import { audit } from '../../store/audit.js';
import { type ClaimChange, batchClaimCounts, listBatchClaims } from '../../store/batch-claims.js';
import { type Batch, getBatch } from '../../store/batches.js';
import { type RejectedRowView, listRejectedRows } from '../../store/rejected-rows.js';
import type { WebDeps } from '../deps.js';
import { type ClaimRow, claimRow } from './claims.js';

export class UploadRefused extends Error {}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

/** Why a file is not an upload we take (Swedish), or null. */
export function fileRefusal(name: string, bytes: Uint8Array): string | null {
  const lower = name.toLowerCase();
  if (bytes.length === 0) return `${name} är tom.`;
  if (lower.endsWith('.xlsx')) return ZIP_MAGIC.every((b, i) => bytes[i] === b) ? null : `${name} är inte en xlsx-fil.`;
  if (lower.endsWith('.csv')) return bytes.subarray(0, 65_536).includes(0) ? `${name} är inte en textfil (csv).` : null;
  return `${name}: bara xlsx- och csv-filer går att ladda upp.`;
}

export interface Upload {
  files: PreviewFile[];
  fields: Record<string, string>;
}

export class UploadTooLarge extends Error {}

/**
 * Reads a multipart body: its files (each checked) and its short text fields. Each file is held
 * in memory (the multipart limit caps it), and all of them together at most `maxTotalBytes`.
 */
export async function readUpload(req: FastifyRequest, maxTotalBytes: number): Promise<Upload> {
  const files: PreviewFile[] = [];
  const fields: Record<string, string> = {};
  let total = 0;
  for await (const part of req.parts()) {
    if (part.type === 'file') {
      const file = part as MultipartFile;
      if (file.fieldname !== 'files') throw new UploadRefused('Okänt filfält.');
      const bytes = await file.toBuffer();
      total += bytes.length;
      if (total > maxTotalBytes) throw new UploadTooLarge();
      if (file.filename === '' && bytes.length === 0) continue; // an empty file input
      const name = file.filename.replace(/[\\/]/g, '_').slice(0, 200);
      const refusal = fileRefusal(name, bytes);
      if (refusal) throw new UploadRefused(refusal);
      files.push({ name, bytes });
    } else if (typeof part.value === 'string') {
      fields[part.fieldname] = part.value;
    }
  }
  return { files, fields };
}

interface Pending {
  user: string;
  files: PreviewFile[];
  asOf: string;
  expires: number;
  bytes: number;
}

const PENDING_MS = 30 * 60 * 1000;
const MAX_PENDING = 20;

/**
 * Previews waiting for "Läs in", by token; per process, expiring, and bounded in number and in
 * bytes (the oldest go first: their "Läs in" then asks for the files again).
 */
export class PendingUploads {
  private readonly byToken = new Map<string, Pending>();

  constructor(private readonly maxBytes: number) {}

  put(user: string, files: PreviewFile[], asOf: string): string {
    this.prune();
    const bytes = files.reduce((s, f) => s + f.bytes.length, 0);
    const held = () => [...this.byToken.values()].reduce((s, p) => s + p.bytes, 0);
    while (this.byToken.size > 0 && (this.byToken.size >= MAX_PENDING || held() + bytes > this.maxBytes)) {
      this.byToken.delete(this.byToken.keys().next().value!);
    }
    const token = randomBytes(24).toString('base64url');
    this.byToken.set(token, { user, files, asOf, expires: Date.now() + PENDING_MS, bytes });
    return token;
  }

  /** The upload for this user and token, removed from the store; null when unknown or expired. */
  take(user: string, token: string): Pending | null {
    this.prune();
    const p = this.byToken.get(token);
    if (!p || p.user !== user) return null;
    this.byToken.delete(token);
    return p;
  }

  private prune(): void {
    const now = Date.now();
    for (const [k, v] of this.byToken) if (v.expires < now) this.byToken.delete(k);
  }
}

export async function preview(deps: WebDeps, user: string, files: PreviewFile[], asOf: string): Promise<Preview> {
  const result = await previewFiles(deps.db, files, { asOf, config: deps.config });
  audit(deps.db, { user, action: `förhandsgranskning (${files.length} filer)`, object: null, outcome: 'ok' });
  return result;
}

export async function submitUpload(deps: WebDeps, user: string, files: PreviewFile[], asOf: string | undefined): Promise<string> {
  const { batchId } = await submitBatch(
    { db: deps.db, backend: deps.backend, spoolDir: deps.spoolDir },
    { files, asOf: asOf ?? (deps.today ?? todayInStockholm)(), outDir: resolve(deps.outDir), submittedBy: user },
  );
  audit(deps.db, { user, action: `uppladdning (${files.length} filer)`, object: batchId, outcome: 'ok' });
  return batchId;
}

/** Batch ids as newBatchId makes them; anything else is refused before the store. */
export const BATCH_ID = /^[A-Za-z0-9_-]{8,64}$/;

/** How many of a batch's claims the page lists; the claims list has them all. */
export const BATCH_CLAIMS_SHOWN = 200;

export interface BatchPage {
  batch: Batch;
  rejected: RejectedRowView[];
  /** The claims the batch's evaluation created, changed or removed (removed ones without a row). */
  claims: { claimId: string; change: ClaimChange; row: ClaimRow | null }[];
  claimCounts: Record<ClaimChange, number>;
}

/** The rows the batch's own files rejected (a file read before brings none of its rows again). */
function batchRejectedRows(deps: WebDeps, batch: Batch): RejectedRowView[] {
  const fileIds = batch.files.flatMap((f) => (f.result?.fileId == null || f.result.alreadyIngested ? [] : [f.result.fileId]));
  return listRejectedRows(deps.db, fileIds);
}

export function batchPage(deps: WebDeps, id: string, today: IsoDate): BatchPage | null {
  const batch = BATCH_ID.test(id) ? getBatch(deps.db, id) : null;
  if (!batch) return null;
  const claims = listBatchClaims(deps.db, batch.id, BATCH_CLAIMS_SHOWN).map((c) => ({
    claimId: c.claimId,
    change: c.change,
    row: c.claim && claimRow(c.claim, today),
  }));
  return { batch, rejected: batchRejectedRows(deps, batch), claims, claimCounts: batchClaimCounts(deps.db, batch.id) };
}

/** A batch's rejected rows as the xlsx `claims run` writes (made in a private temporary folder, then removed). */
export async function rejectedRowsXlsx(deps: WebDeps, user: string, id: string): Promise<Buffer | null> {
  const batch = BATCH_ID.test(id) ? getBatch(deps.db, id) : null;
  if (!batch) return null;
  const dir = mkdtempSync(join(tmpdir(), 'claims-rejected-'));
  try {
    await writeRejectedRows(dir, batchRejectedRows(deps, batch));
    audit(deps.db, { user, action: 'avvisade rader hämtade', object: id, outcome: 'ok' });
    return readFileSync(join(dir, 'rejected-rows.xlsx'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The batch as the API shows it: status, progress, (when done) the run summary and how many claims it created, changed and removed. */
export function batchStatus(
  deps: WebDeps,
  id: string,
): (Pick<Batch, 'status' | 'progress' | 'summary' | 'error'> & { claimChanges: Record<ClaimChange, number> }) | null {
  const batch = BATCH_ID.test(id) ? getBatch(deps.db, id) : null;
  return batch
    ? {
        status: batch.status,
        progress: batch.progress,
        summary: batch.summary,
        error: batch.error,
        claimChanges: batchClaimCounts(deps.db, batch.id),
      }
    : null;
}
