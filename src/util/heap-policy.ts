// Drawing documents allocates in waves (a document's pages, then the next document), and V8 by
// default lets the heap grow to several times what survives a collection before it collects
// again. While documents are drawn the heap may grow by at most 20%: a million-line run then stays
// near 300 MB resident instead of 400. It is a growth rate, not a cap: a region with more data
// still gets the memory it needs. Ingest and evaluation keep V8's own policy, where the extra
// collections would cost a quarter of their speed.
import v8 from 'node:v8';
import { collectGarbage } from './gc.js';

export const TIGHT_HEAP_GROWING_PERCENT = 20;

/** Runs `work` with the tight growth rate (process-wide, worker threads included), then restores V8's. */
export async function withTightHeap<T>(work: () => Promise<T>): Promise<T> {
  v8.setFlagsFromString(`--heap-growing-percent=${TIGHT_HEAP_GROWING_PERCENT}`);
  // V8 sets the next collection's threshold after each full collection: one now puts the tight
  // rate to work from what is live, instead of from the limit ingest and evaluation left.
  collectGarbage();
  try {
    return await work();
  } finally {
    v8.setFlagsFromString('--heap-growing-percent=0'); // 0: V8 chooses, as by default
  }
}
