// xrgate's own package, found from this module: src/cli/ in a checkout, dist/esm/cli/ once built
// or installed. Its package.json gives the version; its dist/ the page bundle.

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

interface PackageJson {
  readonly name?: unknown;
  readonly version?: unknown;
}

function readPackageJson(dir: string): PackageJson | null {
  const file = join(dir, 'package.json');
  if (!existsSync(file)) return null;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as PackageJson;
  } catch {
    return null;
  }
}

/** The folder of xrgate's package.json: the nearest ancestor of this module whose package is xrgate. */
export function packageRoot(): string {
  let dir = here;
  for (;;) {
    if (readPackageJson(dir)?.name === 'xrgate') return dir;
    const up = dirname(dir);
    if (up === dir) {
      throw new Error(`xrgate's package.json was not found above ${here}: reinstall xrgate`);
    }
    dir = up;
  }
}

/** xrgate's version, from its package.json. */
export function packageVersion(): string {
  const version = readPackageJson(packageRoot())?.version;
  if (typeof version !== 'string') {
    throw new Error(`xrgate's package.json in ${packageRoot()} has no version: reinstall xrgate`);
  }
  return version;
}
