// Sessions and roles. Every request is matched to its session (cookie → sha256 → sessions row);
// every route declares the roles that may use it, checked here on the server. API routes answer
// 401/403 as JSON, pages send an anonymous visitor to the sign-in page.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { createSession, endSession, pruneSessions, touchSession } from '../../store/sessions.js';
import type { Role, User } from '../../store/users.js';
import type { WebDeps } from '../deps.js';
import '../types.js';
import { page } from './views.js';

export const SESSION_COOKIE = 'claims_session';
export const DEFAULT_IDLE_MS = 30 * 60 * 1000;

const isApi = (req: FastifyRequest) => req.url.startsWith('/api/');

export function registerAuth(app: FastifyInstance, deps: WebDeps): void {
  const idleMs = deps.sessionIdleMs ?? DEFAULT_IDLE_MS;
  app.decorateRequest('user', null);
  app.decorateRequest('sessionId', null);
  app.addHook('onRequest', async (req) => {
    // The static files need no session (and cost no database read).
    if (req.url.startsWith('/static/') || req.url === '/favicon.ico') return;
    const id = req.cookies[SESSION_COOKIE];
    if (!id || !/^[A-Za-z0-9_-]{43}$/.test(id)) return;
    const user = touchSession(deps.db, id, idleMs);
    if (user) {
      req.user = user;
      req.sessionId = id;
    }
  });
}

function cookieOptions(deps: WebDeps) {
  return { path: '/', httpOnly: true, sameSite: 'strict' as const, secure: deps.secureCookies };
}

/** A new session for the user, under a new id (an id the visitor had before is never kept). */
export function startSession(deps: WebDeps, req: FastifyRequest, reply: FastifyReply, user: User): void {
  if (req.sessionId) endSession(deps.db, req.sessionId);
  pruneSessions(deps.db, deps.sessionIdleMs ?? DEFAULT_IDLE_MS);
  const id = randomBytes(32).toString('base64url');
  createSession(deps.db, id, user.id);
  reply.setCookie(SESSION_COOKIE, id, cookieOptions(deps));
  req.user = user;
  req.sessionId = id;
}

export function stopSession(deps: WebDeps, req: FastifyRequest, reply: FastifyReply): void {
  if (req.sessionId) endSession(deps.db, req.sessionId);
  reply.clearCookie(SESSION_COOKIE, cookieOptions(deps));
  req.user = null;
  req.sessionId = null;
}

/** The route's guard: signed in, with one of these roles. */
export function requireRole(...roles: Role[]): preHandlerAsyncHookHandler {
  return async function guard(req, reply) {
    if (!req.user) {
      if (isApi(req)) return reply.code(401).send({ error: 'Du är inte inloggad.' });
      return reply.redirect(`/logga-in`, 302);
    }
    if (!roles.includes(req.user.role)) {
      if (isApi(req)) return reply.code(403).send({ error: 'Din roll får inte göra detta.' });
      return page(req, reply.code(403), 'forbidden.eta', { title: 'Åtkomst nekad' });
    }
  };
}

export const ALL_ROLES: Role[] = ['handläggare', 'ekonomi', 'admin'];
