// This program's name, version and folder (from package.json), found from this module both in
// src/ (tests) and in dist/src/.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

interface PackageJson {
  name?: unknown;
  version?: unknown;
}

let cached: { root: string; name: string; version: string } | null = null;

function findPackage(): { root: string; name: string; version: string } {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) {
      const pkg = JSON.parse(readFileSync(candidate, 'utf8')) as PackageJson;
      if (typeof pkg.name === 'string' && typeof pkg.version === 'string' && existsSync(join(dir, 'templates'))) {
        return (cached = { root: dir, name: pkg.name, version: pkg.version });
      }
    }
    dir = dirname(dir);
  }
  throw new Error('hittar inte programmets package.json');
}

export function packageInfo(): { name: string; version: string } {
  const { name, version } = findPackage();
  return { name, version };
}

/** The folder of this program's package.json (what native/ and templates/ are found from). */
export function packageRoot(): string {
  return findPackage().root;
}
