// The C allocator's part of the memory policy (memory.ts), through the addon `npm install` builds
// from native/ (malloc_tuning.c says why glibc, left alone, keeps what a long run frees). Fixed
// thresholds cost page faults (memory returned is faulted in again when it is needed next), so the
// policy uses them for large runs only. Process-wide, so only the CLI's memory policy calls these.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { packageRoot } from '../util/package-info.js';

/**
 * From this size a block gets a mapping of its own (unmapped when freed); from this much free at a
 * heap's top the heap shrinks. Measured at a million lines, full run: 1 MiB and 2 MiB give a peak
 * of 271 MB (glibc's 128 KiB for both: 265–269 MB, with twice the page faults of the ingest; left
 * dynamic: 313–319 MB).
 */
const MMAP_THRESHOLD_BYTES = 1024 * 1024;
const TRIM_THRESHOLD_BYTES = 2 * 1024 * 1024;

const ADDON = join('native', 'build', 'Release', 'malloc_tuning.node');

interface MallocTuning {
  setMmapThreshold(bytes: number): boolean;
  setTrimThreshold(bytes: number): boolean;
  releaseFreeMemory(): boolean;
}

let addon: MallocTuning | null | undefined;

/** The addon in this package's native/build; null when it was not built. */
function mallocTuning(): MallocTuning | null {
  if (addon !== undefined) return addon;
  const path = join(packageRoot(), ADDON);
  return (addon = existsSync(path) ? (createRequire(import.meta.url)(path) as MallocTuning) : null);
}

/**
 * glibc's thresholds stay fixed instead of rising with the blocks freed, so what is freed later goes
 * back to the system. False where there is no addon or no glibc.
 */
export function fixMallocThresholds(): boolean {
  const tuning = mallocTuning();
  if (!tuning) return false;
  return tuning.setMmapThreshold(MMAP_THRESHOLD_BYTES) && tuning.setTrimThreshold(TRIM_THRESHOLD_BYTES);
}

/** Returns the free pages of every malloc heap to the system (what earlier phases left). */
export function releaseFreeMallocMemory(): boolean {
  return mallocTuning()?.releaseFreeMemory() ?? false;
}
