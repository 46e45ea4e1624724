// The memory policy of `claims run` and `claims ingest`, the processes this product tunes (the
// service's workers and the web server share their processes between jobs, so they keep V8's defaults). A run reads files,
// evaluates, then draws thousands of documents; V8 lets the heap grow to several times what survives,
// and what one phase leaves (an xlsx reader's garbage) sets the next phase's limit. glibc's malloc,
// left alone, keeps what a large run frees in its heaps (allocator.ts). Measured at a million lines:
// the peak resident memory of the full run falls from about 570 MB to about 315 MB with V8's part
// (bench/RESULTS.md), to about 270 MB with malloc's (issue 11), at the cost of some speed while
// documents are drawn.
// Node has no public call for a collection: `--expose-gc`, set at run time, exposes `gc` in a new
// context (a documented V8 flag, used only to reach that function).
import { statSync } from 'node:fs';
import v8 from 'node:v8';
import vm from 'node:vm';
import type { RunPhase } from '../pipeline/run.js';
import { fixMallocThresholds, releaseFreeMallocMemory } from './allocator.js';

/** While documents are drawn the heap may grow by this much after a collection (V8 chooses otherwise). */
const DOCUMENTS_HEAP_GROWING_PERCENT = 20;
/**
 * Below this much live heap when documents start, the growth is looser: the tight one would cost a
 * small run collection after collection. Measured: a run over a million lines starts its documents
 * with some 60 MB live (an incremental one too: the tight growth keeps it 50 MB smaller at the same
 * speed), a run over 200 000 lines with under 25 MB.
 */
const TIGHT_FROM_LIVE_HEAP_BYTES = 32 * 1024 * 1024;
/**
 * The looser growth. V8's own lets the heap grow up to fourfold while documents come fast: the full
 * run over 200 000 lines peaked at 322–371 MiB with it, at 262–298 MiB with a doubling, its drawing
 * some 5% slower (6.6 → 6.9 s, medians of four).
 */
const SMALL_DOCUMENTS_HEAP_GROWING_PERCENT = 100;

/**
 * While the evaluation runs the heap may grow by this much after a collection. Left to V8, a million
 * lines sometimes ended their evaluation with 245 MB of heap for 85 MB alive (and a peak of 430 MB).
 */
const EVALUATION_HEAP_GROWING_PERCENT = 50;
/**
 * From this much input (the files' bytes) malloc's thresholds are fixed from the start: the ingest of
 * a million csv lines then holds 35 MB less. An incremental run's few new lines stay below it.
 */
const TIGHT_MALLOC_FROM_INPUT_BYTES = 16 * 1024 * 1024;

let documentsGrowthSet = false;

let gc: (() => void) | null | undefined;

function heapUsedBytes(): number {
  return v8.getHeapStatistics().used_heap_size;
}

/**
 * A collection, unless the heap (garbage included) is below the size that tightening starts at:
 * there it would change nothing worth its time (an incremental run over 2 000 lines paid 60 ms for
 * four of them).
 */
function collectGarbage(): void {
  if (heapUsedBytes() < TIGHT_FROM_LIVE_HEAP_BYTES) return;
  if (gc === undefined) {
    try {
      v8.setFlagsFromString('--expose-gc');
      gc = vm.runInNewContext('gc') as () => void;
    } catch {
      gc = null;
    }
  }
  gc?.();
}

/** The regular files' sizes; what cannot be read (missing, a link loop, no access) the ingest reports itself. */
function inputBytes(files: readonly string[]): number {
  let bytes = 0;
  for (const file of files) {
    try {
      const stat = statSync(file);
      if (stat.isFile()) bytes += stat.size;
    } catch {
      // counted as nothing
    }
  }
  return bytes;
}

/** What `claims run` and `claims ingest` do before they read anything. */
export function startMemoryPolicy(files: readonly string[]): void {
  if (inputBytes(files) >= TIGHT_MALLOC_FROM_INPUT_BYTES) fixMallocThresholds();
}

/** What `claims run` (and `claims ingest`, for its files) does at each phase. */
export function runMemoryPolicy(phase: RunPhase): void {
  switch (phase) {
    case 'evaluating':
      // From the next collection on: the last file's was just now.
      v8.setFlagsFromString(`--heap-growing-percent=${EVALUATION_HEAP_GROWING_PERCENT}`);
      break;
    case 'evaluated':
      v8.setFlagsFromString('--heap-growing-percent=0'); // 0: V8 chooses again
      collectGarbage(); // the documents' limit from what is alive now, not from the evaluation's peak
      break;
    case 'file-read':
    case 'file-done':
      // The limit for what comes next is set from what is alive now, not from the last phase's peak
      // (after a file, while the writer thread builds its indexes).
      collectGarbage();
      break;
    case 'documents':
      collectGarbage();
      documentsGrowthSet = true;
      if (heapUsedBytes() < TIGHT_FROM_LIVE_HEAP_BYTES) {
        v8.setFlagsFromString(`--heap-growing-percent=${SMALL_DOCUMENTS_HEAP_GROWING_PERCENT}`);
        break;
      }
      v8.setFlagsFromString(`--heap-growing-percent=${DOCUMENTS_HEAP_GROWING_PERCENT}`);
      collectGarbage(); // the tight rate applies from what is live now
      fixMallocThresholds();
      releaseFreeMallocMemory(); // what the ingest and the evaluation left in malloc's heaps
      break;
    case 'documents-done':
      if (documentsGrowthSet) v8.setFlagsFromString('--heap-growing-percent=0'); // 0: V8 chooses again
      documentsGrowthSet = false;
      break;
  }
}
