// The public surface of DESIGN.md, as a user imports it: every `exports` entry of package.json
// resolves (through the package's own name, from the built dist/) and has its main names, and
// `npm pack` ships what the entries and the bin need.

import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const built = existsSync(join(ROOT, 'dist', 'esm', 'index.js'));
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  exports: Record<string, unknown>;
  bin: Record<string, string>;
};

describe.skipIf(!built && process.env.CI !== 'true')('package entries (dist/)', () => {
  it('exports . ./policy ./test-api ./browser, each with types', () => {
    for (const entry of ['.', './policy', './test-api', './browser']) {
      const e = pkg.exports[entry] as { types?: string; import?: string } | undefined;
      expect(e?.import, entry).toMatch(/^\.\/dist\/esm\/.*\.js$/);
      expect(e?.types, entry).toMatch(/^\.\/dist\/types\/.*\.d\.ts$/);
      expect(existsSync(join(ROOT, e?.import ?? '')), entry).toBe(true);
      expect(existsSync(join(ROOT, e?.types ?? '')), entry).toBe(true);
    }
  });

  it('each entry loads by the package name and has its main names', async () => {
    // By name at run time (tsc runs before the build, when dist/types does not exist yet).
    const load = (specifier: string): Promise<Record<string, unknown>> =>
      import(/* @vite-ignore */ specifier);
    const main = await load('xrgate');
    expect(typeof main.createUserAgent).toBe('function');
    expect(typeof main.XRSession).toBe('function');
    const policy = await load('xrgate/policy');
    expect(typeof policy.checkSessionRequest).toBe('function');
    expect(typeof policy.reportedLightEstimate).toBe('function');
    expect(typeof policy.reportedHand).toBe('function');
    const testApi = await load('xrgate/test-api');
    expect(typeof testApi.createTestUserAgent).toBe('function');
    const browser = await load('xrgate/browser');
    expect(typeof browser.install).toBe('function');
    expect(typeof browser.createTrustedPrompt).toBe('function');
    // Node is no secure browsing context with a window: nothing is installed (R-EXPO-01).
    expect((browser.install as () => unknown)()).toBeNull();
  });

  it('npm pack ships the entries, the bundles, the bin, the types, the README and the licence', () => {
    const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    const files = new Set((JSON.parse(out) as { files: { path: string }[] }[])[0]?.files.map((f) => f.path));
    for (const f of [
      'dist/esm/index.js',
      'dist/esm/policy/index.js',
      'dist/esm/test-api/index.js',
      'dist/esm/browser/index.js',
      'dist/types/browser/index.d.ts',
      `${pkg.bin.xrgate}`,
      'dist/xrgate.js',
      'dist/xrgate-test.js',
      'README.md',
      'LICENSE',
      'package.json',
    ]) {
      expect(files.has(f), f).toBe(true);
    }
    expect([...files].some((f) => f.startsWith('src/') || f.startsWith('test/'))).toBe(false);
  }, 60_000);
});
