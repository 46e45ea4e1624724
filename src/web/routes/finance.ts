// Ekonomi: record payments (allocated over submitted claims) and rejections.
import { sendFile } from './send-file.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { isIsoDate, todayInStockholm } from '../../domain/dates.js';
import type { WebDeps } from '../deps.js';
import { requireRole } from '../plugins/auth.js';
import { csrfCheck } from '../plugins/security.js';
import { page } from '../plugins/views.js';
import { CLAIM_ID } from '../services/claims.js';
import { confirmDispatch, dispatchZip, dispatchable } from '../services/dispatch.js';
import { type FinanceResult, financeSummary, hasFinanceSummary, openClaims, recordPayment, recordRejection } from '../services/finance.js';
import { fmt } from './claims.js';

const many = (v: unknown) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const PaymentBody = z.object({
  date: z.string().max(20),
  reference: z.string().max(200).default(''),
  total: z.string().max(40),
  claim: z.preprocess(many, z.array(z.string().max(40)).max(1000)),
  amount: z.preprocess(many, z.array(z.string().max(40)).max(1000)),
});
const DispatchBody = z.object({
  ids: z.preprocess(many, z.array(z.string().regex(CLAIM_ID)).min(1).max(500)),
  date: z.string().refine(isIsoDate),
});
const RejectionBody = z.object({ claim: z.string().max(40).default(''), reason: z.string().max(2000).default(''), date: z.string().max(20) });

export function financeRoutes(app: FastifyInstance, deps: WebDeps): void {
  const today = () => (deps.today ?? todayInStockholm)();
  const finance = requireRole('ekonomi');
  const render = (req: FastifyRequest, reply: FastifyReply, result: FinanceResult | null, form: Record<string, unknown> = {}) =>
    page(req, reply.code(result && !result.ok ? 400 : 200), 'finance.eta', {
      title: 'Ekonomi',
      open: openClaims(deps.db),
      ready: dispatchable(deps.db, deps.outDir),
      summary: hasFinanceSummary(deps.outDir),
      fmt,
      today: today(),
      notice: result?.ok ? result.message : null,
      errors: result && !result.ok ? result.errors : [],
      form,
    });

  app.get('/ekonomi', { preHandler: finance }, (req, reply) => render(req, reply, null));

  app.get('/ekonomi/sammanstallning.:kind', { preHandler: finance }, (req, reply) => {
    const kind = z.enum(['pdf', 'xlsx']).safeParse((req.params as { kind?: unknown }).kind);
    const file = kind.success ? financeSummary(deps.db, deps.outDir, req.user!.name, kind.data) : null;
    if (!file) return reply.callNotFound();
    return sendFile(reply, { ...file, name: `ekonomisammanstallning.${kind.data}` });
  });

  app.post('/ekonomi/utbetalning', { preHandler: [finance, csrfCheck(app)] }, (req, reply) => {
    const body = PaymentBody.safeParse(req.body);
    if (!body.success || body.data.claim.length !== body.data.amount.length) {
      return render(req, reply, { ok: false, errors: [{ field: 'pay-total', text: 'Formuläret kunde inte läsas. Ladda om sidan.' }] });
    }
    const b = body.data;
    const result = recordPayment(deps.db, req.user!.name, {
      date: b.date,
      reference: b.reference,
      total: b.total,
      allocations: b.claim.map((claimId, i) => ({ claimId, amount: b.amount[i]! })),
    });
    return render(req, reply, result, result.ok ? {} : { payment: b });
  });

  const dispatchProblem = { ok: false as const, errors: [{ field: 'dispatch-0', text: 'Välj minst en ansökan och ett datum.' }] };

  app.post('/ekonomi/forsandelse.zip', { preHandler: [finance, csrfCheck(app)] }, async (req, reply) => {
    const body = DispatchBody.safeParse(req.body);
    if (!body.success) return render(req, reply, dispatchProblem);
    const result = await dispatchZip(deps.db, deps.outDir, deps.config.region, req.user!.name, body.data.ids, body.data.date);
    if (!result.ok) return render(req, reply, { ok: false, errors: [{ field: 'dispatch-0', text: result.message }] });
    return reply
      .type('application/zip')
      .header('content-disposition', `attachment; filename="${result.fileName}"`)
      .header('cache-control', 'no-store')
      .send(result.zip);
  });

  app.post('/ekonomi/forsandelse/bekrafta', { preHandler: [finance, csrfCheck(app)] }, (req, reply) => {
    const body = DispatchBody.safeParse(req.body);
    if (!body.success) return render(req, reply, dispatchProblem);
    const out = confirmDispatch(deps.db, req.user!.name, body.data.ids, body.data.date);
    const refused = out.refused.map((r) => `${r.id}: ${r.reason}`).join('; ');
    return render(req, reply, {
      ok: true,
      message: `${out.marked.length} ansökningar är markerade som inskickade ${body.data.date}.${refused ? ` Inte markerade: ${refused}.` : ''}`,
    });
  });

  app.post('/ekonomi/avslag', { preHandler: [finance, csrfCheck(app)] }, (req, reply) => {
    const body = RejectionBody.safeParse(req.body);
    if (!body.success)
      return render(req, reply, { ok: false, errors: [{ field: 'rej-claim', text: 'Formuläret kunde inte läsas. Ladda om sidan.' }] });
    const result = recordRejection(deps.db, req.user!.name, { claimId: body.data.claim, reason: body.data.reason, date: body.data.date });
    return render(req, reply, result, result.ok ? {} : { rejection: body.data });
  });
}
