// A full garbage collection on demand. Between the reading and the index-building phases of a
// large ingest, the reader's heap (exceljs, hundreds of thousands of short-lived objects) and the
// dedupe tables are released before SQLite's sorter needs memory, which keeps peak RSS flat;
// before documents are drawn, it makes a tighter heap policy apply at once (see heap-policy.ts).
// Node has no public API for this; `--expose-gc` set at run time exposes `gc` in a new context (a
// documented V8 flag, used here only to reach that function). Without it, this is a no-op.
import v8 from 'node:v8';
import vm from 'node:vm';

let gc: (() => void) | null | undefined;

export function collectGarbage(): void {
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
