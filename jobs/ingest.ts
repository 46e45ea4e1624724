// Job `ingest`: one file of a batch into the store, in the batch's order (SPEC §3.3, §7). A file
// that cannot be read is the input's fault: the batch fails with the Swedish reason naming the
// file, after this one attempt.
import { z } from 'zod';
import { defineJob } from '../src/queue/define-job.js';
import { InputError } from '../src/queue/errors.js';
import { batchIdField, countField, sha256Field, spoolPathField } from '../src/queue/payload-fields.js';

export const ingestJob = defineJob({
  name: 'ingest',
  payload: z.object({ batchId: batchIdField, position: countField, spoolPath: spoolPathField, sha256: sha256Field }).strict(),
  retry: { attempts: 4, backoffMs: 2_000 },
  sandboxed: true,
  async run(payload, ctx) {
    const { ingestBatchFile } = await import('../src/pipeline/batch.js');
    const report = await ingestBatchFile(ctx, payload);
    if (report.error !== null) throw new InputError(report.error);
  },
});
