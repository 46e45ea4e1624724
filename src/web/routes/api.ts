// The JSON API (issue 9), under the same rules as the pages: every route needs a session (401
// without), roles as the pages, and a CSRF token for the multipart upload (a cross-site form could
// send one; a JSON body with its content type could not).
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { WebDeps } from '../deps.js';
import { requireRole } from '../plugins/auth.js';
import { DEFAULT_MAX_UPLOAD_BYTES, csrfCheck } from '../plugins/security.js';
import { CLAIM_ID, apiClaims, documentFile } from '../services/claims.js';
import { batchStatus, submitUpload } from '../services/uploads.js';
import { AsOf, readUploadFirst } from './upload.js';
import { sendClaimDocument } from './send-file.js';

const BatchParams = z.object({ id: z.string().min(1).max(64) });
const IdParams = z.object({ id: z.string().regex(CLAIM_ID) });

export function apiRoutes(app: FastifyInstance, deps: WebDeps): void {
  const maxBytes = deps.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES;
  const officer = requireRole('handläggare');
  const readers = requireRole('handläggare', 'ekonomi');

  app.post(
    '/api/batches',
    { preHandler: [officer, readUploadFirst(maxBytes, (_req, reply, p) => reply.code(p.status).send({ error: p.text })), csrfCheck(app)] },
    async (req, reply) => {
      const upload = req.upload!;
      const asOf = AsOf.safeParse(upload.fields.asOf);
      if (upload.files.length === 0) return reply.code(400).send({ error: 'Minst ett fält files behövs.' });
      if (!asOf.success) return reply.code(400).send({ error: 'asOf måste vara ett datum ÅÅÅÅ-MM-DD.' });
      const batchId = await submitUpload(deps, req.user!.name, upload.files, asOf.data);
      return { batchId };
    },
  );

  app.get('/api/batches/:id', { preHandler: officer }, (req, reply) => {
    const params = BatchParams.safeParse(req.params);
    const status = params.success ? batchStatus(deps, params.data.id) : null;
    if (!status) return reply.code(404).send({ error: 'Batchen finns inte.' });
    return status;
  });

  app.get('/api/claims', { preHandler: readers }, () => ({ claims: apiClaims(deps.db, deps.outDir) }));

  app.get('/api/claims/:id/document', { preHandler: readers }, (req, reply) => {
    const params = IdParams.safeParse(req.params);
    if (!params.success) return reply.code(400).send({ error: 'Ogiltigt ansöknings-id.' });
    const doc = documentFile(deps.db, deps.outDir, params.data.id);
    if (!doc) return reply.code(404).send({ error: 'Ansökan eller dess dokument finns inte.' });
    return sendClaimDocument(deps.db, req.user!.name, reply, doc, 'attachment');
  });
}
