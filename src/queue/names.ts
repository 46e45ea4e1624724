// The queue names (SPEC §7): one queue per job, of the job's name. Light on purpose: the CLI reads
// them without loading the jobs.
export const QUEUES = ['ingest', 'evaluate', 'documents', 'reports', 'reminders'] as const;
export type QueueName = (typeof QUEUES)[number];

export function isQueueName(name: string): name is QueueName {
  return (QUEUES as readonly string[]).includes(name);
}
