// Sign-in and sign-out, as a page and as the API's POST /api/session. Both are rate limited per
// client; a new session id is made at every sign-in.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { WebDeps } from '../deps.js';
import { ALL_ROLES, requireRole, startSession, stopSession } from '../plugins/auth.js';
import { csrfCheck, csrfUnlessJson } from '../plugins/security.js';
import { page } from '../plugins/views.js';
import { checkSignIn, recordSignOut } from '../services/accounts.js';

const Credentials = z.object({ username: z.string().trim().min(1).max(100), password: z.string().min(1).max(1024) });

export function signInRoutes(app: FastifyInstance, deps: WebDeps): void {
  const rateLimit = { max: deps.signInAttemptsPerMinute ?? 10, timeWindow: 60_000 };

  app.get('/logga-in', (req, reply) => {
    if (req.user) return reply.redirect('/', 303);
    return page(req, reply, 'sign-in.eta', { title: 'Logga in', username: '' });
  });

  app.post('/logga-in', { config: { rateLimit }, preHandler: csrfCheck(app) }, async (req, reply) => {
    const body = Credentials.safeParse(req.body);
    const user = body.success ? await checkSignIn(deps.db, body.data.username, body.data.password) : null;
    if (!user) {
      const username = typeof (req.body as { username?: unknown } | null)?.username === 'string' ? (req.body as { username: string }).username : '';
      return page(req, reply.code(401), 'sign-in.eta', {
        title: 'Logga in',
        username: username.slice(0, 100),
        errors: [{ field: 'username', text: 'Fel användarnamn eller lösenord.' }],
      });
    }
    startSession(deps, req, reply, user);
    return reply.redirect('/', 303);
  });

  app.post('/logga-ut', { preHandler: [requireRole(...ALL_ROLES), csrfCheck(app)] }, (req, reply) => {
    recordSignOut(deps.db, req.user!);
    stopSession(deps, req, reply);
    return reply.redirect('/logga-in', 303);
  });

  app.post('/api/session', { config: { rateLimit }, preHandler: csrfUnlessJson(app) }, async (req, reply) => {
    const body = Credentials.safeParse(req.body);
    const user = body.success ? await checkSignIn(deps.db, body.data.username, body.data.password) : null;
    if (!user) return reply.code(401).send({ error: 'Fel användarnamn eller lösenord.' });
    startSession(deps, req, reply, user);
    // The token for the API's multipart uploads, which a cross-site form could otherwise send.
    return { user: { name: user.name, role: user.role }, csrfToken: reply.generateCsrf() };
  });
}
