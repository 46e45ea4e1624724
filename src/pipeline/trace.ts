// Phase timings on stderr when CLAIMS_TRACE=1: where a run spends time and memory, for profiling
// production-sized runs (CLAIMS_TRACE_SMAPS=1 adds resident memory by mapping). Phase names and
// numbers only, never data.
import { readFileSync } from 'node:fs';

const enabled = process.env.CLAIMS_TRACE === '1';
const start = performance.now();
let last = start;

export function tracePhase(name: string): void {
  if (!enabled) return;
  const now = performance.now();
  const rssMb = Math.round(process.memoryUsage.rss() / 1048576);
  const heapMb = Math.round(process.memoryUsage().heapUsed / 1048576);
  process.stderr.write(
    `trace ${name}: ${((now - last) / 1000).toFixed(3)} s (at ${((now - start) / 1000).toFixed(3)} s), rss ${rssMb} MB, heap ${heapMb} MB\n`,
  );
  last = now;
  if (process.env.CLAIMS_TRACE_SMAPS === '1') {
    // Resident memory by mapping kind, largest first (Linux only).
    const text = readFileSync('/proc/self/smaps', 'utf8');
    const byKind = new Map<string, number>();
    let kind = '';
    for (const line of text.split('\n')) {
      const m = line.match(/^[0-9a-f]+-([0-9a-f]+) \S+ \S+ \S+ \S+\s*(.*)$/);
      if (m) kind = m[2] === '' ? 'anon' : m[2]!.replace(/.*\//, '');
      else if (line.startsWith('Rss:')) byKind.set(kind, (byKind.get(kind) ?? 0) + Number(line.split(/\s+/)[1]));
    }
    const top = [...byKind]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 6)
      .map(([k, kb]) => `${k} ${Math.round(kb / 1024)}`);
    const m = process.memoryUsage();
    const mb = (n: number) => Math.round(n / 1048576);
    process.stderr.write(
      `  smaps MB: ${top.join(', ')}; heap total ${mb(m.heapTotal)}, external ${mb(m.external)}, array buffers ${mb(m.arrayBuffers)}\n`,
    );
  }
}
