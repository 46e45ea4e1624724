// Files the pages and the API send: a private download (the browser keeps no copy) under the name
// given; a claim's application PDF is audited and named by the claim id.
import { createReadStream } from 'node:fs';
import type { FastifyReply } from 'fastify';
import { audit } from '../../store/audit.js';
import type { Db } from '../../store/db.js';
import type { StoredClaim } from '../../store/claims.js';

export function sendFile(
  reply: FastifyReply,
  file: { path: string; type: string; name: string },
  disposition: 'inline' | 'attachment' = 'attachment',
): FastifyReply {
  return reply
    .type(file.type)
    .header('content-disposition', `${disposition}; filename="${file.name}"`)
    .header('cache-control', 'no-store')
    .send(createReadStream(file.path));
}

export function sendClaimDocument(
  db: Db,
  user: string,
  reply: FastifyReply,
  doc: { claim: StoredClaim; path: string },
  disposition: 'inline' | 'attachment',
): FastifyReply {
  audit(db, { user, action: 'dokument hämtat', object: doc.claim.id, outcome: 'ok' });
  return sendFile(reply, { path: doc.path, type: 'application/pdf', name: `${doc.claim.id}.pdf` }, disposition);
}
