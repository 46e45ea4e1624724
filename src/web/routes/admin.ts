// Användare (add, disable, change role, reset password) and the audit log with its CSV export:
// admin only.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ROLES, listUsers } from '../../store/users.js';
import { allAudit, audit, listAudit } from '../../store/audit.js';
import type { WebDeps } from '../deps.js';
import { requireRole } from '../plugins/auth.js';
import { csrfCheck } from '../plugins/security.js';
import { page } from '../plugins/views.js';
import { type AdminResult, changeRole, createUser, disableUser, resetPassword } from '../services/accounts.js';
import { auditCsv } from '../services/audit-csv.js';

const UserName = z
  .string()
  .trim()
  .regex(/^[\p{L}\p{N}._-]{2,64}$/u, 'namn');
const AddBody = z.object({ name: UserName, role: z.enum(ROLES), password: z.string().max(1024) });
const NameParams = z.object({ name: UserName });
const RoleBody = z.object({ role: z.enum(ROLES) });
const PasswordBody = z.object({ password: z.string().max(1024) });
const DisableBody = z.object({ disabled: z.enum(['ja', 'nej']) });

export function adminRoutes(app: FastifyInstance, deps: WebDeps): void {
  const admin = requireRole('admin');
  const post = { preHandler: [admin, csrfCheck(app)] };

  const usersPage = (req: FastifyRequest, reply: FastifyReply, data: Record<string, unknown> = {}) =>
    page(req, reply, 'users.eta', { title: 'Användare', users: listUsers(deps.db), roles: ROLES, notice: null, ...data });

  const answer = (req: FastifyRequest, reply: FastifyReply, result: AdminResult, notice: string, field: string) =>
    result.ok ? usersPage(req, reply, { notice }) : usersPage(req, reply.code(400), { errors: [{ field, text: result.message }] });

  app.get('/anvandare', { preHandler: admin }, (req, reply) => usersPage(req, reply));

  app.post('/anvandare', post, async (req, reply) => {
    const body = AddBody.safeParse(req.body);
    if (!body.success) {
      const field = String(body.error.issues[0]?.path[0] ?? 'name');
      const text = field === 'name' ? 'Namnet får bara ha bokstäver, siffror, punkt, bindestreck och understreck (2–64 tecken).' : 'Välj en roll.';
      return usersPage(req, reply.code(400), { errors: [{ field: `new-${field}`, text }] });
    }
    return answer(req, reply, await createUser(deps.db, req.user!.name, body.data), `Användaren ${body.data.name} är skapad.`, 'new-password');
  });

  app.post('/anvandare/:name/avstangning', post, (req, reply) => {
    const params = NameParams.safeParse(req.params);
    const body = DisableBody.safeParse(req.body);
    if (!params.success || !body.success) return reply.callNotFound();
    if (params.data.name === req.user!.name)
      return usersPage(req, reply.code(400), { errors: [{ field: 'users', text: 'Du kan inte stänga av dig själv.' }] });
    const disabled = body.data.disabled === 'ja';
    return answer(
      req,
      reply,
      disableUser(deps.db, req.user!.name, params.data.name, disabled),
      `${params.data.name} är ${disabled ? 'avstängd' : 'aktiv igen'}.`,
      'users',
    );
  });

  app.post('/anvandare/:name/roll', post, (req, reply) => {
    const params = NameParams.safeParse(req.params);
    const body = RoleBody.safeParse(req.body);
    if (!params.success || !body.success) return reply.callNotFound();
    return answer(
      req,
      reply,
      changeRole(deps.db, req.user!.name, params.data.name, body.data.role),
      `${params.data.name} har nu rollen ${body.data.role}.`,
      'users',
    );
  });

  app.post('/anvandare/:name/losenord', post, async (req, reply) => {
    const params = NameParams.safeParse(req.params);
    const body = PasswordBody.safeParse(req.body);
    if (!params.success || !body.success) return reply.callNotFound();
    const result = await resetPassword(deps.db, req.user!.name, params.data.name, body.data.password);
    return answer(req, reply, result, `Lösenordet för ${params.data.name} är bytt.`, `password-${params.data.name}`);
  });

  app.get('/granskningslogg', { preHandler: admin }, (req, reply) =>
    page(req, reply, 'audit.eta', { title: 'Granskningslogg', entries: listAudit(deps.db) }),
  );

  app.get('/granskningslogg.csv', { preHandler: admin }, (req, reply) => {
    audit(deps.db, { user: req.user!.name, action: 'granskningslogg exporterad', object: null, outcome: 'ok' });
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="granskningslogg.csv"')
      .header('cache-control', 'no-store')
      .send(auditCsv(allAudit(deps.db)));
  });
}
