// The flow a batch runs as (SPEC §7): documents ← evaluate ← ingest of the last file ← … ← ingest
// of the first file, so the files go in in the order given (SPEC §3.3). Job ids derive from the
// batch id: a batch enqueued twice is one flow.
import { spoolPath } from '../pipeline/spool.js';
import type { JobRequest } from './define-job.js';

export const jobIds = {
  ingest: (batchId: string, position: number) => `${batchId}-ingest-${position}`,
  evaluate: (batchId: string) => `${batchId}-evaluate`,
  documents: (batchId: string) => `${batchId}-documents`,
  documentsPart: (batchId: string, part: number) => `${batchId}-documents-${part}`,
};

export { spoolPath };

export function batchFlow(batch: { id: string; files: readonly { position: number; sha256: string }[] }, spoolDir: string): JobRequest {
  let chain: JobRequest | null = null;
  for (const f of batch.files) {
    chain = {
      name: 'ingest',
      payload: { batchId: batch.id, position: f.position, spoolPath: spoolPath(spoolDir, f.sha256), sha256: f.sha256 },
      jobId: jobIds.ingest(batch.id, f.position),
      children: chain ? [chain] : [],
    };
  }
  const evaluate: JobRequest = { name: 'evaluate', payload: { batchId: batch.id }, jobId: jobIds.evaluate(batch.id), children: chain ? [chain] : [] };
  return { name: 'documents', payload: { batchId: batch.id, step: 'plan' }, jobId: jobIds.documents(batch.id), children: [evaluate] };
}
