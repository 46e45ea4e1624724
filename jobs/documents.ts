// Job `documents`, in three steps (SPEC §6, §7): `plan` splits the ready claims into parts and
// hands them out as child jobs that any worker draws (`part`); once every part is done the job
// runs again as `finish`, which writes claims.json, reconciliation.json, the rejected rows and the
// finance summary, and marks the batch done.
import { z } from 'zod';
import { defineJob } from '../src/queue/define-job.js';
import { jobIds } from '../src/queue/flows.js';
import { batchIdField, countField } from '../src/queue/payload-fields.js';

const plan = z.object({ batchId: batchIdField, step: z.literal('plan') }).strict();
const part = z.object({ batchId: batchIdField, step: z.literal('part'), part: countField, parts: countField.min(1) }).strict();
const finish = z.object({ batchId: batchIdField, step: z.literal('finish') }).strict();

export const documentsJob = defineJob({
  name: 'documents',
  payload: z.discriminatedUnion('step', [plan, part, finish]),
  retry: { attempts: 5, backoffMs: 1_000 },
  sandboxed: true,
  async run(payload, ctx) {
    const { drawBatchDocumentsPart, finishBatchDocuments, planBatchDocuments } = await import('../src/pipeline/batch.js');
    switch (payload.step) {
      case 'plan': {
        const { parts } = planBatchDocuments(ctx, payload.batchId);
        return {
          children: Array.from({ length: parts }, (_, n) => ({
            name: 'documents',
            jobId: jobIds.documentsPart(payload.batchId, n),
            payload: { batchId: payload.batchId, step: 'part', part: n, parts },
          })),
          then: { batchId: payload.batchId, step: 'finish' },
        };
      }
      case 'part':
        await drawBatchDocumentsPart(ctx, payload.batchId, payload.part, payload.parts);
        return;
      case 'finish':
        await finishBatchDocuments(ctx, payload.batchId);
        return;
    }
  },
});
