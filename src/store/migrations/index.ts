// Numbered schema migrations. Append only: a landed migration is never edited.
import { m001 } from './001-initial.js';
import { m002 } from './002-person-input-stamp.js';
import { m003 } from './003-finance.js';
import { m004 } from './004-service.js';
import { m005 } from './005-web.js';
import { m006 } from './006-batch-claims.js';
import { m007 } from './007-assessments.js';
import { m008 } from './008-web-indexes.js';
import { m009 } from './009-line-totals.js';

export const MIGRATIONS: readonly string[] = [m001, m002, m003, m004, m005, m006, m007, m008, m009];
