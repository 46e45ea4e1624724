// The spool: uploaded files beside the database, each named by its sha256 (never by the user's
// file name, which stays in the batch row).
import { join } from 'node:path';

export function spoolPath(spoolDir: string, sha256: string): string {
  return join(spoolDir, sha256);
}
