// Options that most commands take, worded the same everywhere.
import { type Command, Option } from 'commander';
import { DEFAULT_DB_PATH } from '../store/db.js';

export const dbOption = (what = 'databasfil'): Option => new Option('--db <file>', what).default(DEFAULT_DB_PATH);
export const configOption = (what = 'konfigurationsfil (JSON)'): Option => new Option('--config <file>', what);
export const asOfOption = (what = 'bedömningsdatum'): Option => new Option('--as-of <date>', `${what} ÅÅÅÅ-MM-DD (standard: i dag)`);
export const jsonOption = (what = 'resultatet'): Option => new Option('--json', `skriv ${what} som JSON`);

/** What `claims run` and `claims submit` both take: the as-of date, the output folder, the database and the config. */
export function runOptions(command: Command, texts: { db?: string; config?: string } = {}): Command {
  return command
    .addOption(asOfOption())
    .addOption(new Option('--out <dir>', 'katalog för dokumenten').default('out'))
    .addOption(dbOption(texts.db))
    .addOption(configOption(texts.config));
}
