// The BullMQ dashboard (@bull-board) for admins, in service mode only. Read-only: the store is the
// truth about a batch, and retrying or removing a job here would go around it (a batch is retried
// by submitting it again). Its payloads are ids and hashes only (src/queue/payload-guard.ts).
// The board brings its own page, scripts and view engine in a scope of its own. It keeps our CSP
// (scripts from this server only; its web font from Google stays blocked) but for `base-uri 'self'`,
// which its <base> needs, and inline styles, which its components set.
import type { FastifyInstance } from 'fastify';
import { QUEUES } from '../../queue/names.js';
import type { QueueBackend } from '../../queue/backend.js';
import type { BullMqBackend } from '../../queue/bullmq.js';
import type { WebDeps } from '../deps.js';
import { pageData } from './views.js';

export const QUEUE_BOARD_PATH = '/ko/bullmq';

const isBullMq = (backend: QueueBackend): backend is BullMqBackend => backend.kind === 'bullmq';

export async function registerQueueBoard(app: FastifyInstance, deps: WebDeps): Promise<void> {
  const backend = deps.backend;
  if (!isBullMq(backend)) return;
  const [{ createBullBoard }, { BullMQAdapter }, { FastifyAdapter }] = await Promise.all([
    import('@bull-board/api'),
    import('@bull-board/api/bullMQAdapter'),
    import('@bull-board/fastify'),
  ]);
  const adapter = new FastifyAdapter();
  createBullBoard({
    queues: QUEUES.map((q) => new BullMQAdapter(backend.queue(q), { readOnlyMode: true })),
    serverAdapter: adapter,
    options: { uiConfig: { boardTitle: 'Kö (BullMQ)', hideDocsLink: true, miscLinks: [{ text: 'Tillbaka till Kö', url: '/ko' }] } },
  });
  adapter.setBasePath(QUEUE_BOARD_PATH);
  await app.register(async (scope) => {
    scope.addHook('preHandler', async (req, reply) => {
      const api = req.url.startsWith(`${QUEUE_BOARD_PATH}/api/`);
      if (!req.user) return api ? reply.code(401).send({ error: 'Du är inte inloggad.' }) : reply.redirect('/logga-in', 302);
      if (req.user.role !== 'admin') {
        if (api) return reply.code(403).send({ error: 'Din roll får inte göra detta.' });
        // This scope's reply.view is the board's engine: our page is rendered by the app's own.
        const html = await (app as unknown as { view: (t: string, d: unknown) => Promise<string> }).view(
          'forbidden.eta',
          pageData(req, reply, { title: 'Åtkomst nekad' }),
        );
        return reply.code(403).type('text/html; charset=utf-8').send(html);
      }
    });
    scope.addHook('onSend', async (_req, reply, payload) => {
      const csp = reply.getHeader('content-security-policy');
      if (typeof csp === 'string') {
        reply.header(
          'content-security-policy',
          csp.replace("base-uri 'none'", "base-uri 'self'").replace("style-src 'self'", "style-src 'self' 'unsafe-inline'"),
        );
      }
      return payload;
    });
    await scope.register(adapter.registerPlugin(), { prefix: QUEUE_BOARD_PATH });
  });
}
