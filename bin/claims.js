#!/usr/bin/env node
// The `claims` command. Runs the compiled code (built by `npm install` through `prepare`).
import { main } from '../dist/src/cli/main.js';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    // Unexpected failures only: messages never carry personal data (see src/cli/main.ts).
    process.stderr.write(`claims: internt fel: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 70;
  },
);
