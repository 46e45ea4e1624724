// The C allocator's part of the memory policy (src/cli/allocator.ts): the addon that `npm install`
// builds from native/ is there, glibc takes the thresholds, and freed memory leaves the process.
// Without it the million-line run's peak memory is back above 300 MB, so a missing build fails here.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fixMallocThresholds, releaseFreeMallocMemory } from '../../src/cli/allocator.js';
import { ROOT } from '../helpers/cli.js';

const glibc = (process.report.getReport() as { header: { glibcVersionRuntime?: string } }).header.glibcVersionRuntime;
const onGlibc = process.platform === 'linux' && glibc !== undefined;

describe('malloc tuning', () => {
  it('on glibc the addon is built and the thresholds are taken; elsewhere nothing changes and it says so', () => {
    expect(fixMallocThresholds()).toBe(onGlibc);
    if (!onGlibc) expect(releaseFreeMallocMemory()).toBe(false);
  });

  it.runIf(onGlibc)('memory freed below the heap top, which malloc keeps, goes back to the system when released', () => {
    const allocator = join(ROOT, 'dist/src/cli/allocator.js');
    expect(existsSync(allocator), 'the child runs the built module: npm run build first').toBe(true);
    // 64 MB in 32 KiB buffers (malloc's heap, not mappings of their own); the last one kept, so
    // the heap cannot shrink from its top by itself.
    const script = `
      const { fixMallocThresholds, releaseFreeMallocMemory } = await import(process.env.ALLOCATOR);
      const mb = () => process.memoryUsage.rss() / 1048576;
      fixMallocThresholds();
      let blocks = Array.from({ length: 2000 }, () => Buffer.alloc(32 * 1024, 1));
      const kept = blocks.at(-1);
      const held = mb();
      blocks = null;
      gc();
      await new Promise((resolve) => setTimeout(resolve, 20));
      gc();
      const freed = mb();
      const released = releaseFreeMallocMemory();
      process.stdout.write(JSON.stringify({ held, freed, after: mb(), released, kept: kept.length }));`;
    const out = execFileSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', script], {
      env: { ...process.env, ALLOCATOR: pathToFileURL(allocator).href },
      encoding: 'utf8',
    });
    const m = JSON.parse(out) as { held: number; freed: number; after: number; released: boolean };
    expect(m.released).toBe(true);
    expect(m.held - m.freed, 'freed buffers stay in the heap until released').toBeLessThan(16);
    expect(m.freed - m.after).toBeGreaterThan(48);
  });
});
