// Cookies, body parsers, security headers (strict CSP: scripts and styles from this server only,
// nothing inline), rate limits (used by the sign-in routes) and CSRF. The CSRF check runs as a
// preHandler, after the body is parsed, because the token comes in the form body.
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest, preHandlerHookHandler } from 'fastify';
import type { WebDeps } from '../deps.js';

export const DEFAULT_MAX_UPLOAD_BYTES = 100 * 1024 * 1024;
export const MAX_UPLOAD_FILES = 20;

function tokenOf(req: FastifyRequest): string | undefined {
  const header = req.headers['x-csrf-token'];
  if (typeof header === 'string') return header;
  const body = req.body as Record<string, unknown> | null | undefined;
  return body && typeof body._csrf === 'string' ? body._csrf : undefined;
}

export async function registerSecurity(app: FastifyInstance, deps: WebDeps): Promise<void> {
  await app.register(cookie);
  await app.register(formbody, { bodyLimit: 64 * 1024 });
  await app.register(multipart, {
    limits: { fileSize: deps.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES, files: MAX_UPLOAD_FILES, fields: 10, fieldSize: 1024 },
  });
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'"],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        ...(deps.secureCookies ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    // HSTS only when served over https.
    strictTransportSecurity: deps.secureCookies,
    referrerPolicy: { policy: 'no-referrer' },
  });
  await app.register(rateLimit, { global: false });
  await app.register(csrf, {
    sessionPlugin: '@fastify/cookie',
    cookieKey: 'claims_csrf',
    cookieOpts: { path: '/', httpOnly: true, sameSite: 'strict', secure: deps.secureCookies, signed: false },
    getToken: tokenOf,
  });
}

/** The CSRF check for form posts and any API call that could come from a cross-site form. */
export function csrfCheck(app: FastifyInstance): preHandlerHookHandler {
  return (req, reply, done) => app.csrfProtection(req, reply, done);
}

/** JSON bodies cannot come from a cross-site form: only other content types need the token. */
export function csrfUnlessJson(app: FastifyInstance): preHandlerHookHandler {
  return (req, reply, done) => {
    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (type === 'application/json') return done();
    app.csrfProtection(req, reply, done);
  };
}
