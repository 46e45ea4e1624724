// Job `reports`: the yearly SKR and Socialstyrelsen reports (SPEC §6.4), scheduled every 15 January
// at 06:00 Europe/Stockholm for the year before (src/queue/schedules.ts); a year and date may be
// given for a run by hand.
import { z } from 'zod';
import { defineJob } from '../src/queue/define-job.js';
import { isoDateField } from '../src/queue/payload-fields.js';

export const reportsJob = defineJob({
  name: 'reports',
  payload: z.object({ year: z.number().int().min(2000).max(2100).optional(), asOf: isoDateField.optional() }).strict(),
  retry: { attempts: 3, backoffMs: 60_000 },
  sandboxed: true,
  async run(payload, ctx) {
    const { runYearlyReports } = await import('../src/pipeline/scheduled.js');
    await runYearlyReports(ctx, { runKey: ctx.jobId, ...payload });
  },
});
