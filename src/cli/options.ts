// Options that most commands take, worded the same everywhere.
import { Option } from 'commander';
import { DEFAULT_DB_PATH } from '../store/db.js';

export const dbOption = (): Option => new Option('--db <file>', 'databasfil').default(DEFAULT_DB_PATH);
export const configOption = (): Option => new Option('--config <file>', 'konfigurationsfil (JSON)');
export const asOfOption = (what = 'bedömningsdatum'): Option => new Option('--as-of <date>', `${what} ÅÅÅÅ-MM-DD (standard: i dag)`);
export const jsonOption = (what = 'resultatet'): Option => new Option('--json', `skriv ${what} som JSON`);
