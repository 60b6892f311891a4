// A throwaway project for the playground server: a fake `three` package in its node_modules, a
// page bundle, and files outside the served folders that carry SECRET, which no answer may contain.

import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export const SECRET = 'SECRET-7f3a';

export interface Fixture {
  readonly dir: string;
  /** The project folder (its node_modules has `three`). */
  readonly project: string;
  /** A folder with no `three` anywhere above it that the tests control. */
  readonly empty: string;
  readonly bundlePath: string;
  /** Served path → content, for every file the server may serve from three. */
  readonly threeFiles: Readonly<Record<string, string>>;
  remove(): void;
}

function write(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
}

export function createFixture(): Fixture {
  const dir = mkdtempSync(join(tmpdir(), 'xrgate-serve-'));
  const project = join(dir, 'project');
  const three = join(project, 'node_modules', 'three');
  const threeFiles = {
    '/vendor/three/three.module.js': "export * from './three.core.js';\n",
    '/vendor/three/three.core.js': "export const REVISION = 'fixture';\n",
    '/vendor/three/addons/webxr/VRButton.js': 'export const VRButton = {};\n',
    '/vendor/three/addons/webxr/ARButton.js': 'export const ARButton = {};\n',
  };
  write(join(three, 'build', 'three.module.js'), threeFiles['/vendor/three/three.module.js']);
  write(join(three, 'build', 'three.core.js'), threeFiles['/vendor/three/three.core.js']);
  write(
    join(three, 'examples', 'jsm', 'webxr', 'VRButton.js'),
    threeFiles['/vendor/three/addons/webxr/VRButton.js'],
  );
  write(
    join(three, 'examples', 'jsm', 'webxr', 'ARButton.js'),
    threeFiles['/vendor/three/addons/webxr/ARButton.js'],
  );
  // Outside build/ and examples/jsm/, or outside the package, or not .js: never served.
  write(join(three, 'package.json'), `{ "name": "three", "secret": "${SECRET}" }`);
  write(join(three, 'examples', 'secret.js'), `// ${SECRET}`);
  write(join(three, 'build', 'notes.txt'), SECRET);
  write(join(project, 'node_modules', 'three-evil', 'build', 'x.js'), `// ${SECRET}`);
  write(join(project, 'secret.js'), `// ${SECRET}`);
  write(join(dir, 'secret.js'), `// ${SECRET}`);
  symlinkSync(join(dir, 'secret.js'), join(three, 'build', 'link.js'));
  const bundlePath = join(dir, 'bundle', 'xrgate.js');
  write(bundlePath, '/* the xrgate bundle (fixture) */\n');
  const empty = join(dir, 'empty');
  mkdirSync(empty);
  return {
    dir,
    project,
    empty,
    bundlePath,
    threeFiles,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
