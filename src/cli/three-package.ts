// Where the playground's three.js app finds `three`: xrgate does not ship it (it is only a
// devDependency), so `xrgate serve` looks where Node would resolve it, from the developer's project
// (the current directory) first and from xrgate's own package next. The files it serves under
// /vendor/three/ never leave that package's build/ and examples/jsm/ folders.

import { existsSync, realpathSync, statSync } from 'node:fs';
import { dirname, extname, isAbsolute, join, relative, sep } from 'node:path';

/** The command that puts three.js where `xrgate serve` finds it. */
export const INSTALL_THREE = 'npm install three';

/** The files the three.js app imports: a `three` package without them cannot serve it. */
const NEEDED = ['build/three.module.js', 'examples/jsm/webxr/VRButton.js', 'examples/jsm/webxr/ARButton.js'];

/**
 * The folder of the first usable `three` package in a node_modules folder of `from` or of one of
 * its ancestors, for each start in turn (the way Node resolves a bare name); null if there is none.
 */
export function findThree(starts: readonly string[]): string | null {
  for (const start of starts) {
    let dir = start;
    for (;;) {
      const candidate = join(dir, 'node_modules', 'three');
      if (NEEDED.every((f) => existsSync(join(candidate, f)))) return realpathSync(candidate);
      const up = dirname(dir);
      if (up === dir) break;
      dir = up;
    }
  }
  return null;
}

/** True when `file` is `root` or lies below it. */
function isInside(root: string, file: string): boolean {
  const rel = relative(root, file);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

/**
 * The file that /vendor/three/<segments> names: `addons/…` in examples/jsm, anything else in
 * build/. Only existing .js files inside those folders, after symbolic links are followed; null
 * otherwise. `segments` are decoded path segments (request-target.ts has refused '.', '..', slashes
 * and control characters in them).
 */
export function threeFile(threeRoot: string, segments: readonly string[]): string | null {
  if (segments.length === 0 || segments.some((s) => s === '')) return null;
  const [first, ...rest] = segments;
  const folder = join(threeRoot, first === 'addons' ? join('examples', 'jsm') : 'build');
  const parts = first === 'addons' ? rest : segments;
  if (parts.length === 0) return null;
  const file = join(folder, ...parts);
  if (extname(file) !== '.js' || !isInside(folder, file) || !existsSync(file)) return null;
  try {
    const real = realpathSync(file);
    if (!isInside(realpathSync(folder), real) || !statSync(real).isFile()) return null;
    return real;
  } catch {
    return null;
  }
}
