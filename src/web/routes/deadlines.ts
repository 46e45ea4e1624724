// Frister and the calendar feed. The feed is read by calendar clients, which send no cookies:
// its secret URL is its authentication, and it can be replaced or revoked from the page.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { todayInStockholm } from '../../domain/dates.js';
import type { WebDeps } from '../deps.js';
import { requireRole } from '../plugins/auth.js';
import { csrfCheck } from '../plugins/security.js';
import { page } from '../plugins/views.js';
import { FEED_TOKEN, calendarFeed, deadlinesPage, newCalendarFeed, revokeFeed } from '../services/deadlines.js';
import { fmt } from './claims.js';

const FeedParams = z.object({ token: z.string().regex(FEED_TOKEN) });

export function deadlineRoutes(app: FastifyInstance, deps: WebDeps): void {
  const today = () => (deps.today ?? todayInStockholm)();
  const readers = requireRole('handläggare', 'ekonomi');
  const render = (req: Parameters<typeof page>[0], reply: Parameters<typeof page>[1], feedUrl: string | null) =>
    page(req, reply, 'deadlines.eta', { title: 'Frister', ...deadlinesPage(deps.db, req.user!, today()), fmt, feedUrl });

  app.get('/frister', { preHandler: readers }, (req, reply) => render(req, reply, null));

  app.post('/frister/kalender', { preHandler: [readers, csrfCheck(app)] }, (req, reply) => {
    const token = newCalendarFeed(deps.db, req.user!);
    // Shown once, as an absolute URL to paste into a calendar; never logged.
    const host = req.headers.host ?? 'localhost';
    return render(req, reply, `${deps.secureCookies ? 'https' : 'http'}://${host}/kalender/${token}.ics`);
  });

  app.post('/frister/kalender/aterkalla', { preHandler: [readers, csrfCheck(app)] }, (req, reply) => {
    revokeFeed(deps.db, req.user!);
    return render(req, reply, null);
  });

  app.get('/kalender/:file', (req, reply) => {
    const file = (req.params as { file?: unknown }).file;
    const params = FeedParams.safeParse({ token: typeof file === 'string' ? file.replace(/\.ics$/, '') : '' });
    const body = params.success ? calendarFeed(deps.db, params.data.token) : null;
    if (body === null) return reply.code(404).type('text/plain; charset=utf-8').send('Kalendern finns inte.');
    return reply.type('text/calendar; charset=utf-8').header('cache-control', 'private, no-store').send(body);
  });
}
