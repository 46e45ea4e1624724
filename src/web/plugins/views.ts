// Server-rendered pages: eta templates in templates/web (escaping by default: `<%= %>`), one
// layout, and the two static files (CSS, the small progressive script) served from the package.
import view from '@fastify/view';
import { Eta } from 'eta';
import { DateTime } from 'luxon';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TEMPLATES_DIR } from '../../documents/templates.js';
import type { Role } from '../../store/users.js';
import '../types.js';

export const WEB_TEMPLATES = join(TEMPLATES_DIR, 'web');

interface NavItem {
  href: string;
  text: string;
  roles: Role[];
}

const NAV: NavItem[] = [
  { href: '/', text: 'Översikt', roles: ['handläggare', 'ekonomi', 'admin'] },
  { href: '/ladda-upp', text: 'Ladda upp', roles: ['handläggare'] },
  { href: '/ansokningar', text: 'Ansökningar', roles: ['handläggare', 'ekonomi'] },
  { href: '/frister', text: 'Frister', roles: ['handläggare', 'ekonomi'] },
  { href: '/ekonomi', text: 'Ekonomi', roles: ['ekonomi'] },
  { href: '/rapporter', text: 'Rapporter', roles: ['ekonomi', 'admin'] },
  { href: '/anvandare', text: 'Användare', roles: ['admin'] },
  { href: '/granskningslogg', text: 'Granskningslogg', roles: ['admin'] },
  { href: '/ko', text: 'Kö', roles: ['admin'] },
];

const STATIC: Record<string, string> = { 'site.css': 'text/css; charset=utf-8', 'app.js': 'text/javascript; charset=utf-8' };

export async function registerViews(app: FastifyInstance): Promise<void> {
  await app.register(view, { engine: { eta: new Eta() }, root: WEB_TEMPLATES, layout: 'layout.eta', production: true });
  registerFavicon(app);
  // Read once: two small files, served with a long cache life under a name that changes with them.
  for (const [name, type] of Object.entries(STATIC)) {
    const body = readFileSync(join(WEB_TEMPLATES, 'static', name));
    app.get(`/static/${name}`, { config: { public: true } }, (_req, reply) =>
      reply.type(type).header('cache-control', 'public, max-age=3600').send(body),
    );
  }
}

/** Browsers ask for it on every site; there is none. */
export function registerFavicon(app: FastifyInstance): void {
  app.get('/favicon.ico', (_req, reply) => reply.code(204).header('cache-control', 'public, max-age=86400').send());
}

/** A stored timestamp (UTC ISO) as Swedish local time, to the second. */
export function stockholmTime(iso: string): string {
  return DateTime.fromISO(iso, { zone: 'utc' }).setZone('Europe/Stockholm').toFormat('yyyy-MM-dd HH:mm:ss');
}

/** What every page needs: the user, their nav, a CSRF token. */
export function pageData(req: FastifyRequest, reply: FastifyReply, data: Record<string, unknown> & { title: string }): Record<string, unknown> {
  const path = req.url.split('?')[0];
  const nav = req.user
    ? NAV.filter((n) => n.roles.includes(req.user!.role)).map((n) => ({
        ...n,
        current: n.href === path || (n.href !== '/' && path!.startsWith(`${n.href}/`)),
      }))
    : [];
  return { user: req.user, nav, csrf: reply.generateCsrf(), errors: [], time: stockholmTime, ...data };
}

/** Renders a page inside the layout. */
export function page(req: FastifyRequest, reply: FastifyReply, template: string, data: Record<string, unknown> & { title: string }) {
  return reply.view(template, pageData(req, reply, data));
}
