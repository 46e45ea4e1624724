// This program's name and version (from package.json), found from this module both in src/
// (tests) and in dist/src/.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: { name: string; version: string } | null = null;

export function packageInfo(): { name: string; version: string } {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) {
      const pkg = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: unknown; version?: unknown };
      if (typeof pkg.name === 'string' && typeof pkg.version === 'string' && existsSync(join(dir, 'templates'))) {
        return (cached = { name: pkg.name, version: pkg.version });
      }
    }
    dir = dirname(dir);
  }
  throw new Error('hittar inte programmets package.json');
}
