// Test-only preload (NODE_OPTIONS=--import …/max-rss.mjs): when the process exits, writes its peak
// resident memory in KiB (the kernel's own accounting, all threads) to the file CLAIMS_TEST_MAXRSS names.
import { writeFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

const file = process.env.CLAIMS_TEST_MAXRSS;
if (file && isMainThread) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
