// Översikt, Ansökningar (list, mark submitted), Ansökan (detail) and its PDF.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { sendClaimDocument } from './send-file.js';
import { isIsoDate, todayInStockholm } from '../../domain/dates.js';
import { formatKronor } from '../../domain/money.js';
import { formatDate, formatWholeKronor, quarterLabel } from '../../documents/format.js';
import { CLAIM_STATUSES, RULES } from '../../domain/types.js';
import type { WebDeps } from '../deps.js';
import { ALL_ROLES, requireRole } from '../plugins/auth.js';
import { csrfCheck } from '../plugins/security.js';
import { page } from '../plugins/views.js';
import { CLAIM_ID, RULE_TEXT, STATUS_TEXT, claimPage, claimRows, documentFile, markSubmitted, overview } from '../services/claims.js';
import { quarterChart } from '../services/chart.js';
import { recordAssessment } from '../services/assessments.js';

const empty = (v: unknown) => (v === '' ? undefined : v);
export const ClaimQuery = z.object({
  status: z.preprocess(empty, z.enum(CLAIM_STATUSES).optional()),
  rule: z.preprocess(empty, z.enum(RULES).optional()),
  quarter: z.preprocess(
    empty,
    z
      .string()
      .regex(/^\d{4}Q[1-4]$/)
      .optional(),
  ),
  within: z.preprocess(empty, z.coerce.number().int().min(0).max(3650).optional()),
});
const IdParams = z.object({ id: z.string().regex(CLAIM_ID) });
const isoDate = z.string().refine(isIsoDate, 'datum ÅÅÅÅ-MM-DD');
const jaNej = z.enum(['ja', 'nej', '']);
const AssessmentBody = z.object({ chronic3y: jaNej, protectionLink: jaNej, underlyingDiagnoses: z.string().max(500) });
const MarkBody = z.object({
  ids: z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(z.string().regex(CLAIM_ID)).min(1).max(500)),
  date: isoDate,
});

/** What every claim template uses to show values the one Swedish way. */
export const fmt = { kr: formatKronor, wholeKr: formatWholeKronor, date: formatDate, quarter: quarterLabel, status: STATUS_TEXT, rule: RULE_TEXT };

export function claimRoutes(app: FastifyInstance, deps: WebDeps): void {
  const today = () => (deps.today ?? todayInStockholm)();
  const readers = requireRole('handläggare', 'ekonomi');

  app.get('/', { preHandler: requireRole(...ALL_ROLES) }, (req, reply) => {
    const o = overview(deps.db, today());
    return page(req, reply, 'overview.eta', { title: 'Översikt', o, chart: quarterChart(o.quarters), fmt, today: today() });
  });

  app.get('/ansokningar', { preHandler: readers }, (req, reply) => {
    const q = ClaimQuery.safeParse(req.query);
    const filter = q.success ? q.data : {};
    const { rows, more } = claimRows(deps.db, { ...filter, withinDays: filter.within }, today());
    return page(req, reply.code(q.success ? 200 : 400), 'claims.eta', {
      title: 'Ansökningar',
      rows,
      more,
      filter,
      fmt,
      statuses: CLAIM_STATUSES,
      rules: RULES,
      today: today(),
      canMark: req.user!.role === 'handläggare',
      errors: q.success ? [] : [{ field: 'status', text: 'Filtret kunde inte tolkas; alla ansökningar visas.' }],
      marked: null,
    });
  });

  app.post('/ansokningar/markera', { preHandler: [requireRole('handläggare'), csrfCheck(app)] }, (req, reply) => {
    const body = MarkBody.safeParse(req.body);
    const render = (code: number, data: Record<string, unknown>) =>
      page(req, reply.code(code), 'claims.eta', {
        title: 'Ansökningar',
        ...claimRows(deps.db, {}, today()),
        filter: {},
        fmt,
        statuses: CLAIM_STATUSES,
        rules: RULES,
        today: today(),
        canMark: true,
        marked: null,
        ...data,
      });
    if (!body.success) {
      const noIds = body.error.issues.some((i) => i.path[0] === 'ids');
      return render(400, {
        errors: [noIds ? { field: 'claim-0', text: 'Välj minst en ansökan.' } : { field: 'mark-date', text: 'Ange datumet som ÅÅÅÅ-MM-DD.' }],
      });
    }
    return render(200, { marked: markSubmitted(deps.db, req.user!.name, body.data.ids, body.data.date), markedDate: body.data.date });
  });

  const claimView = (req: FastifyRequest, reply: FastifyReply, id: string, extra: Record<string, unknown> = {}) => {
    const data = claimPage(deps.db, deps.outDir, id, today());
    if (!data) return reply.callNotFound();
    return page(req, reply, 'claim.eta', {
      title: `Ansökan ${data.row.claim.id}`,
      c: data,
      fmt,
      canAssess: req.user!.role === 'handläggare',
      ...extra,
    });
  };

  app.get('/ansokningar/:id', { preHandler: readers }, (req, reply) => {
    const params = IdParams.safeParse(req.params);
    return params.success ? claimView(req, reply, params.data.id) : reply.callNotFound();
  });

  app.post('/ansokningar/:id/bedomning', { preHandler: [requireRole('handläggare'), csrfCheck(app)] }, async (req, reply) => {
    const params = IdParams.safeParse(req.params);
    if (!params.success) return reply.callNotFound();
    const body = AssessmentBody.safeParse(req.body);
    if (!body.success) {
      return claimView(req, reply.code(400), params.data.id, {
        errors: [{ field: 'chronic3y-ja', text: 'Välj ja, nej eller inte bedömt för båda frågorna.' }],
      });
    }
    const outcome = await recordAssessment(deps, req.user!.name, params.data.id, body.data, today());
    if ('batchId' in outcome) return reply.redirect(`/batcher/${outcome.batchId}`, 303);
    return claimView(req, reply.code(outcome.field ? 400 : 409), params.data.id, {
      errors: [{ field: outcome.field ?? 'assessment-title', text: outcome.text }],
      form: body.data,
    });
  });

  app.get('/ansokningar/:id/dokument', { preHandler: readers }, (req, reply) => {
    const params = IdParams.safeParse(req.params);
    const doc = params.success ? documentFile(deps.db, deps.outDir, params.data.id) : null;
    if (!doc) return reply.callNotFound();
    return sendClaimDocument(deps.db, req.user!.name, reply, doc, 'inline');
  });
}
