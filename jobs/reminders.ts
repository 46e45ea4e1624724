// Job `reminders`: the deadline warnings at 60, 30, 14, 7 and 1 days (SPEC §5.6), daily at 07:00
// Europe/Stockholm (src/queue/schedules.ts), written once each and mailed as one digest when SMTP
// is configured.
import { z } from 'zod';
import { defineJob } from '../src/queue/define-job.js';
import { isoDateField } from '../src/queue/payload-fields.js';

export const remindersJob = defineJob({
  name: 'reminders',
  payload: z.object({ asOf: isoDateField.optional() }).strict(),
  retry: { attempts: 5, backoffMs: 30_000 },
  sandboxed: false,
  async run(payload, ctx) {
    const { runDeadlineReminders } = await import('../src/pipeline/scheduled.js');
    await runDeadlineReminders(ctx, { runKey: ctx.jobId, ...payload });
  },
});
