// The public surface of DESIGN.md, as a user imports it: every `exports` entry of package.json
// resolves (through the package's own name, from the built dist/) and has its main names, by
// import and by require (Node ≥ 20.19 loads ES modules synchronously); the script bundles resolve
// by path, with their source maps; and `npm pack` ships what the entries and the bin need, the
// maps with their sources, and nothing else.

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const built = existsSync(join(ROOT, 'dist', 'esm', 'index.js'));
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  exports: Record<string, unknown>;
  bin: Record<string, string>;
  files: string[];
};
const NODE_ENTRIES = ['.', './policy', './test-api', './browser', './extension'];
const BUNDLES = ['dist/xrgate.js', 'dist/xrgate-test.js'];
/** `node -e code` in the package's folder (where the package's own name resolves). */
const node = (args: string[]) => spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
const requireEsm = major > 22 || (major === 22 && minor >= 12) || (major === 20 && minor >= 19);

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

  it("every conditions block names 'types' first and a 'default' (require) beside 'import'", () => {
    for (const entry of NODE_ENTRIES) {
      const e = pkg.exports[entry] as Record<string, string>;
      expect(Object.keys(e)[0], entry).toBe('types');
      expect(e.default, entry).toBe(e.import);
    }
  });

  it.runIf(requireEsm)(
    "require() of every entry gives the module's exports (Node ≥ 20.19: require(esm))",
    () => {
      const code = `const out = {};
      for (const s of ${JSON.stringify(NODE_ENTRIES.map((e) => e.replace(/^\./, 'xrgate')))}) out[s] = Object.keys(require(s));
      process.stdout.write(JSON.stringify(out));`;
      const r = node(['-e', code]);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      const names = JSON.parse(r.stdout) as Record<string, string[]>;
      expect(names.xrgate).toContain('createUserAgent');
      expect(names.xrgate).toContain('XRSession');
      expect(names['xrgate/policy']).toContain('checkSessionRequest');
      expect(names['xrgate/test-api']).toContain('createTestUserAgent');
      expect(names['xrgate/browser']).toContain('install');
      expect(names['xrgate/extension']?.length).toBeGreaterThan(0);
    },
  );

  it.runIf(process.allowedNodeEnvironmentFlags.has('--no-experimental-require-module'))(
    'without require(esm), require() fails with an error that says to use import()',
    () => {
      const r = node(['--no-experimental-require-module', '-e', "require('xrgate')"]);
      expect(r.status).not.toBe(0);
      expect(r.stderr).toContain('ERR_REQUIRE_ESM');
      expect(r.stderr).toContain('dynamic import()');
    },
  );

  it('the script bundles and their maps resolve by path (import.meta.resolve)', () => {
    const paths = BUNDLES.flatMap((b) => [b, `${b}.map`]);
    const code = `process.stdout.write(JSON.stringify(${JSON.stringify(paths)}.map((p) => import.meta.resolve('xrgate/' + p))))`;
    const r = node(['--input-type=module', '-e', code]);
    expect(r.status, r.stderr).toBe(0);
    const resolved = JSON.parse(r.stdout) as string[];
    expect(resolved).toEqual(paths.map((p) => pathToFileURL(join(ROOT, p)).href));
    for (const p of paths) expect(existsSync(join(ROOT, p)), p).toBe(true);
  });

  it('the source maps carry their sources: the bundles (minified) and the ESM build', () => {
    const maps = [...BUNDLES.map((b) => `${b}.map`), 'dist/esm/index.js.map', 'dist/esm/policy/index.js.map'];
    for (const m of maps) {
      const map = JSON.parse(readFileSync(join(ROOT, m), 'utf8')) as {
        sources: string[];
        sourcesContent?: (string | null)[];
      };
      expect(map.sources.length, m).toBeGreaterThan(0);
      expect(map.sourcesContent?.length, m).toBe(map.sources.length);
      // Each source's text is the file's as it is in src/ (a debugger needs nothing from disk).
      let fromSrc = 0;
      map.sources.forEach((source, i) => {
        const file = join(ROOT, 'dist', m.split('/').slice(1, -1).join('/'), source);
        if (file.startsWith(join(ROOT, 'src'))) {
          fromSrc++;
          expect(map.sourcesContent?.[i], `${m}: ${source}`).toBe(readFileSync(file, 'utf8'));
        }
      });
      expect(fromSrc, m).toBeGreaterThan(0);
    }
    // The bundles end by naming their map.
    for (const b of BUNDLES) {
      const code = readFileSync(join(ROOT, b), 'utf8');
      expect(code.trimEnd().endsWith(`//# sourceMappingURL=${b.split('/').pop()}.map`), b).toBe(true);
    }
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
      'dist/xrgate.js.map',
      'dist/xrgate-test.js',
      'dist/xrgate-test.js.map',
      'dist/extension/manifest.json',
      'dist/extension/main-world.js',
      'README.md',
      'LICENSE',
      'package.json',
    ]) {
      expect(files.has(f), f).toBe(true);
    }
    expect([...files].some((f) => f.startsWith('src/') || f.startsWith('test/'))).toBe(false);
    // Nothing else: no metafiles (dist/meta), no stray build output.
    const shipped =
      /^(dist\/(esm|types|extension)\/|dist\/xrgate(-test)?\.js(\.map)?$|README\.md$|LICENSE$|package\.json$)/;
    expect([...files].filter((f) => !shipped.test(f))).toEqual([]);
  }, 60_000);
});
