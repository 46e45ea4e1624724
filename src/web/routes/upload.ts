// Ladda upp: several files → a preview (nothing stored) → "Läs in" submits them as a batch; the
// batch page then follows it. Multipart bodies are read in a preHandler before the CSRF check,
// since the token is one of the form's fields.
import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { z } from 'zod';
import { isIsoDate, todayInStockholm } from '../../domain/dates.js';
import { formatCount } from '../../documents/format.js';
import { listBatches } from '../../store/batches.js';
import type { WebDeps } from '../deps.js';
import { requireRole } from '../plugins/auth.js';
import { MAX_UPLOAD_FILES, csrfCheck, DEFAULT_MAX_UPLOAD_BYTES } from '../plugins/security.js';
import { page } from '../plugins/views.js';
import { fmt } from './claims.js';
import {
  type PendingUploads,
  type Upload,
  UploadRefused,
  UploadTooLarge,
  batchPage,
  preview,
  readUpload,
  rejectedRowsXlsx,
  submitUpload,
} from '../services/uploads.js';

declare module 'fastify' {
  interface FastifyRequest {
    upload: Upload | null;
  }
}

const Commit = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{32}$/) });
const BatchParams = z.object({ id: z.string().min(1).max(64) });
export const AsOf = z.preprocess((v) => (v === '' ? undefined : v), z.string().refine(isIsoDate).optional());

/** A size limit as the upload page says it: whole MiB from 1 MiB up, else whole KiB. */
export function sizeText(bytes: number): string {
  return bytes >= 1024 ** 2 ? `${Math.floor(bytes / 1024 ** 2)} MiB` : `${Math.max(1, Math.floor(bytes / 1024))} KiB`;
}

/** All files of one upload together: a few full-size exports. */
export const totalBytes = (maxBytes: number) => 4 * maxBytes;

/** Why an upload could not be read, in Swedish, with the HTTP status to answer. */
export function uploadProblem(err: unknown, maxBytes: number): { status: number; text: string } | null {
  if (err instanceof UploadRefused) return { status: 415, text: err.message };
  if (err instanceof UploadTooLarge) return { status: 413, text: `Filerna är tillsammans större än ${sizeText(totalBytes(maxBytes))}.` };
  const code = (err as { code?: unknown }).code;
  if (code === 'FST_REQ_FILE_TOO_LARGE') return { status: 413, text: `En fil är större än ${sizeText(maxBytes)}.` };
  if (code === 'FST_FILES_LIMIT') return { status: 413, text: `Högst ${MAX_UPLOAD_FILES} filer åt gången.` };
  if (code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') return { status: 415, text: 'Filerna måste skickas som ett formulär (multipart/form-data).' };
  if (code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') return { status: 413, text: 'Formuläret har för många fält.' };
  return null;
}

/** Reads the multipart body into req.upload (and its fields into req.body, for the CSRF check). */
export function readUploadFirst(
  maxBytes: number,
  onProblem: (req: FastifyRequest, reply: FastifyReply, p: { status: number; text: string }) => unknown,
): preHandlerAsyncHookHandler {
  return async (req, reply) => {
    try {
      req.upload = await readUpload(req, totalBytes(maxBytes));
      req.body = req.upload.fields;
    } catch (err) {
      const problem = uploadProblem(err, maxBytes);
      if (!problem) throw err;
      await onProblem(req, reply, problem);
      return reply;
    }
  };
}

export function uploadRoutes(app: FastifyInstance, deps: WebDeps, pending: PendingUploads): void {
  const maxBytes = deps.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES;
  const today = () => (deps.today ?? todayInStockholm)();
  const officer = requireRole('handläggare');
  app.decorateRequest('upload', null);

  const uploadPage = (req: FastifyRequest, reply: FastifyReply, data: Record<string, unknown> = {}) =>
    page(req, reply, 'upload.eta', {
      title: 'Ladda upp',
      maxSize: sizeText(maxBytes),
      maxFiles: MAX_UPLOAD_FILES,
      today: today(),
      batches: listBatches(deps.db, { limit: 10 }),
      ...data,
    });

  app.get('/ladda-upp', { preHandler: officer }, (req, reply) => uploadPage(req, reply));

  const showProblem = (req: FastifyRequest, reply: FastifyReply, p: { status: number; text: string }) =>
    uploadPage(req, reply.code(p.status), { errors: [{ field: 'files', text: p.text }] });

  app.post('/ladda-upp', { preHandler: [officer, readUploadFirst(maxBytes, showProblem), csrfCheck(app)] }, async (req, reply) => {
    const upload = req.upload!;
    const asOf = AsOf.safeParse(upload.fields.asOf);
    if (upload.files.length === 0) return showProblem(req, reply, { status: 400, text: 'Välj minst en fil.' });
    if (!asOf.success) return uploadPage(req, reply.code(400), { errors: [{ field: 'asOf', text: 'Ange bedömningsdatum som ÅÅÅÅ-MM-DD.' }] });
    const date = asOf.data ?? today();
    const result = await preview(deps, req.user!.name, upload.files, date);
    // A file that cannot be read would fail the batch: nothing is held for "Läs in" then.
    const token = result.files.some((x) => x.error !== null) ? null : pending.put(req.user!.name, upload.files, date);
    return page(req, reply, 'preview.eta', { title: 'Förhandsgranskning', preview: result, token, asOf: date, count: formatCount });
  });

  app.post('/ladda-upp/las-in', { preHandler: [officer, csrfCheck(app)] }, async (req, reply) => {
    const body = Commit.safeParse(req.body);
    const upload = body.success ? pending.take(req.user!.name, body.data.token) : null;
    if (!upload) return showProblem(req, reply, { status: 409, text: 'Förhandsgranskningen har gått ut. Välj filerna igen.' });
    const batchId = await submitUpload(deps, req.user!.name, upload.files, upload.asOf);
    return reply.redirect(`/batcher/${batchId}`, 303);
  });

  app.get('/batcher/:id/avvisade.xlsx', { preHandler: officer }, async (req, reply) => {
    const params = BatchParams.safeParse(req.params);
    const xlsx = params.success ? await rejectedRowsXlsx(deps, req.user!.name, params.data.id) : null;
    if (!xlsx) return reply.callNotFound();
    return reply
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="avvisade-rader-${params.data!.id}.xlsx"`)
      .header('cache-control', 'no-store')
      .send(xlsx);
  });

  app.get('/batcher/:id', { preHandler: officer }, (req, reply) => {
    const params = BatchParams.safeParse(req.params);
    const data = params.success ? batchPage(deps, params.data.id, today()) : null;
    if (!data) return reply.callNotFound();
    return page(req, reply, 'batch.eta', {
      title: `Batch ${data.batch.id}`,
      ...data,
      fmt,
      running: data.batch.status === 'queued' || data.batch.status === 'running',
      refresh: data.batch.status === 'queued' || data.batch.status === 'running' ? 3 : null,
    });
  });
}
