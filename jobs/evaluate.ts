// Job `evaluate`: every person whose inputs changed, as of the batch's date (SPEC §5, §7).
import { z } from 'zod';
import { defineJob } from '../src/queue/define-job.js';
import { batchIdField } from '../src/queue/payload-fields.js';

export const evaluateJob = defineJob({
  name: 'evaluate',
  payload: z.object({ batchId: batchIdField }).strict(),
  retry: { attempts: 5, backoffMs: 1_000 },
  sandboxed: false,
  async run(payload, ctx) {
    const { evaluateBatch } = await import('../src/pipeline/batch.js');
    await evaluateBatch(ctx, payload.batchId);
  },
});
