// The web application (issue 9): fastify with server-rendered pages and a JSON API over the same
// services. buildApp never listens: `claims serve` does, and the tests use inject.
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import type { WebDeps } from './deps.js';
import { registerAuth } from './plugins/auth.js';
import { registerErrors } from './plugins/errors.js';
import { registerQueueBoard } from './plugins/queue-board.js';
import { DEFAULT_MAX_UPLOAD_BYTES, registerSecurity } from './plugins/security.js';
import { registerViews } from './plugins/views.js';
import { adminRoutes } from './routes/admin.js';
import { apiRoutes } from './routes/api.js';
import { claimRoutes } from './routes/claims.js';
import { deadlineRoutes } from './routes/deadlines.js';
import { financeRoutes } from './routes/finance.js';
import { queueRoutes } from './routes/queue.js';
import { reportRoutes } from './routes/reports.js';
import { signInRoutes } from './routes/sign-in.js';
import { totalBytes, uploadRoutes } from './routes/upload.js';
import { PendingUploads } from './services/uploads.js';

export async function buildApp(deps: WebDeps): Promise<FastifyInstance> {
  // Fastify's own request log is off: it would log URLs with query strings. errors.ts logs the
  // route pattern, status and time of each request instead.
  const app = Fastify({
    loggerInstance: deps.log as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: false,
    bodyLimit: 64 * 1024,
  });
  await registerSecurity(app, deps);
  registerAuth(app, deps);
  await registerViews(app);
  registerErrors(app);
  // Previews held for "Läs in": two full uploads' worth.
  const pending = new PendingUploads(2 * totalBytes(deps.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES));
  await app.register(async (scope) => {
    signInRoutes(scope, deps);
    claimRoutes(scope, deps);
    deadlineRoutes(scope, deps);
    financeRoutes(scope, deps);
    reportRoutes(scope, deps);
    queueRoutes(scope, deps);
    uploadRoutes(scope, deps, pending);
    adminRoutes(scope, deps);
    apiRoutes(scope, deps);
  });
  await registerQueueBoard(app, deps);
  return app;
}
