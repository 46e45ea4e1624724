// Rapporter: order a year's reports, see the runs (scheduled and ordered), download their files.
import { sendFile } from './send-file.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { todayInStockholm } from '../../domain/dates.js';
import type { WebDeps } from '../deps.js';
import { requireRole } from '../plugins/auth.js';
import { csrfCheck } from '../plugins/security.js';
import { page } from '../plugins/views.js';
import { reportFile, reportRuns, requestReports } from '../services/reports.js';

const YearBody = z.object({ year: z.coerce.number().int().min(2000).max(2100) });
const FileParams = z.object({ run: z.coerce.number().int().min(1), file: z.coerce.number().int().min(0).max(100) });

export function reportRoutes(app: FastifyInstance, deps: WebDeps): void {
  const readers = requireRole('ekonomi', 'admin');
  const thisYear = () => Number((deps.today ?? todayInStockholm)().slice(0, 4));
  const render = (req: FastifyRequest, reply: FastifyReply, data: Record<string, unknown> = {}) =>
    page(req, reply, 'reports.eta', { title: 'Rapporter', runs: reportRuns(deps), defaultYear: thisYear() - 1, notice: null, ...data });

  app.get('/rapporter', { preHandler: readers }, (req, reply) => render(req, reply));

  app.post('/rapporter', { preHandler: [readers, csrfCheck(app)] }, async (req, reply) => {
    const body = YearBody.safeParse(req.body);
    if (!body.success || body.data.year > thisYear()) {
      return render(req, reply.code(400), { errors: [{ field: 'report-year', text: 'Ange ett år, högst innevarande år.' }] });
    }
    await requestReports(deps, req.user!.name, body.data.year);
    return render(req, reply, { notice: `Rapporterna för ${body.data.year} tas fram. Ladda om sidan om en stund.` });
  });

  app.get('/rapporter/:run/:file', { preHandler: readers }, (req, reply) => {
    const params = FileParams.safeParse(req.params);
    const file = params.success ? reportFile(deps, req.user!.name, params.data.run, params.data.file) : null;
    if (!file) return reply.callNotFound();
    return sendFile(reply, file);
  });
}
