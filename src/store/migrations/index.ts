// Numbered schema migrations. Append only: a landed migration is never edited.
import { m001 } from './001-initial.js';

export const MIGRATIONS: readonly string[] = [m001];
