// The output folder holds identities and health data (claims.json, the applications, the rejected
// rows): before a command writes there, the folder and the subfolders the pipeline creates are made
// 0700, and what an earlier version or a wider umask left readable by others is tightened: the
// folder itself, the files the product writes in it and its applications/, finance/ and reports/
// folders with everything in them. Other files a user keeps in the folder are left alone.
import { join } from 'node:path';
import { makePrivateDir, tightenEntry, tightenTree } from '../util/private-dir.js';

const OUTPUT_FILES = ['claims.json', 'reconciliation.json', 'rejected-rows.xlsx', 'rejected-rows.csv'];
const OUTPUT_FOLDERS = ['applications', 'finance', 'reports'];

export function preparePrivateOutput(outDir: string, create: readonly string[] = ['applications', 'finance']): void {
  makePrivateDir(outDir);
  tightenEntry(outDir);
  for (const f of OUTPUT_FILES) tightenEntry(join(outDir, f));
  for (const d of OUTPUT_FOLDERS) tightenTree(join(outDir, d));
  for (const d of create) makePrivateDir(join(outDir, d));
}
