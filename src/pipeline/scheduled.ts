// The scheduled jobs' work (SPEC §7): the yearly reports for the year before, and the daily
// deadline reminders. Every run is recorded with its start, end and result.
import type { Config } from '../config.js';
import { todayInStockholm } from '../domain/dates.js';
import type { IsoDate } from '../domain/types.js';
import { reminderDigest } from '../documents/reminder-digest.js';
import { dueReminders } from '../rules/reminders.js';
import { listClaims } from '../store/claims.js';
import type { Db } from '../store/db.js';
import { loadAllPersons } from '../store/persons.js';
import { markRemindersMailed, unmailedReminders, writeReminders } from '../store/reminders.js';
import { endScheduledRun, startScheduledRun } from '../store/scheduled-runs.js';
import { errorLabel } from './error-label.js';
import { type MailSettings, sendMail } from './mail.js';
import { writeYearlyReports } from './report.js';

async function recorded<T>(db: Db, job: string, runKey: string, run: () => Promise<T>): Promise<T> {
  const id = startScheduledRun(db, job, runKey);
  try {
    const result = await run();
    endScheduledRun(db, id, 'done', JSON.stringify(result));
    return result;
  } catch (err) {
    endScheduledRun(db, id, 'failed', `avbröts: ${errorLabel(err)}`);
    throw err;
  }
}

/** The SKR and Socialstyrelsen reports of `year` (default: the year before the as-of date). */
export async function runYearlyReports(env: { db: Db; config: Config; outDir: string }, opts: { runKey: string; year?: number; asOf?: IsoDate }) {
  const asOf = opts.asOf ?? todayInStockholm();
  const year = opts.year ?? Number(asOf.slice(0, 4)) - 1;
  return recorded(env.db, 'reports', opts.runKey, async () => {
    const { files } = await writeYearlyReports(env.db, { year, outDir: env.outDir, config: env.config, asOf });
    return { year, asOf, files };
  });
}

/**
 * Writes the warnings due as of the date (each once), then mails the ones not mailed yet as one
 * digest when mail is configured.
 */
export async function runDeadlineReminders(env: { db: Db; config: Config; mail: MailSettings | null }, opts: { runKey: string; asOf?: IsoDate }) {
  const asOf = opts.asOf ?? todayInStockholm();
  return recorded(env.db, 'reminders', opts.runKey, async () => {
    const persons = loadAllPersons(env.db);
    const claims = listClaims(env.db).filter((c) => persons.get(c.personId)?.group !== 'papperslös');
    const written = writeReminders(env.db, dueReminders(claims, asOf));
    let mailed = 0;
    if (env.mail) {
      const byId = new Map(claims.map((c) => [c.id, c]));
      const pending = unmailedReminders(env.db);
      const lines = pending.flatMap((r) => {
        const claim = byId.get(r.claimId);
        return claim ? [{ claim, daysBefore: r.daysBefore, daysLeft: r.daysLeft }] : [];
      });
      if (lines.length > 0) await sendMail(env.mail, reminderDigest(lines, asOf, env.config.region.name));
      markRemindersMailed(env.db, pending);
      mailed = lines.length;
    }
    return { asOf, written, mailed };
  });
}
