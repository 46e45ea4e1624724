// Preloaded into every measured process (`node --import ./bench/stages/rss-hook.mjs …`): on exit it
// writes the process's peak resident set size (getrusage ru_maxrss, worker threads included, in
// kilobytes) and its user and system CPU time (µs) as JSON to the file named by BENCH_RSS_FILE.
// Costs nothing while the process runs.
import { writeFileSync } from 'node:fs';

const file = process.env.BENCH_RSS_FILE;
if (file) {
  process.on('exit', () => {
    try {
      const u = process.resourceUsage();
      writeFileSync(file, JSON.stringify({ maxRssKb: u.maxRSS, userUs: u.userCPUTime, systemUs: u.systemCPUTime }));
    } catch {
      // The parent reports a missing figure; never change the measured process's exit.
    }
  });
}
