// Kö (admin): the batches and the scheduled runs as the store records them, in either mode (the
// store, not Redis, is the truth about a batch). File counts only: file names are the users'.
import type { FastifyInstance } from 'fastify';
import { listBatches } from '../../store/batches.js';
import { listScheduledRuns } from '../../store/scheduled-runs.js';
import type { WebDeps } from '../deps.js';
import { requireRole } from '../plugins/auth.js';
import { page } from '../plugins/views.js';

export function queueRoutes(app: FastifyInstance, deps: WebDeps): void {
  app.get('/ko', { preHandler: requireRole('admin') }, (req, reply) =>
    page(req, reply, 'queue.eta', {
      title: 'Kö',
      mode: deps.backend.kind,
      batches: listBatches(deps.db, { limit: 50 }),
      runs: listScheduledRuns(deps.db, { limit: 50 }),
    }),
  );
}
