// Structured logs (pino): job name, job id, batch id, attempt, duration, outcome and an error's
// kind. Never a payload, a file name or anything about a person.
import { pino, type Logger } from 'pino';

export type { Logger };

export type LogTarget = 'stdout' | 'stderr' | 'silent';

export function createLogger(opts: { level?: string; target?: LogTarget } = {}): Logger {
  const target = opts.target ?? 'stdout';
  if (target === 'silent') return pino({ level: 'silent' });
  return pino(
    { level: opts.level ?? 'info', base: { pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime },
    pino.destination({ fd: target === 'stdout' ? 1 : 2, sync: true }),
  );
}
