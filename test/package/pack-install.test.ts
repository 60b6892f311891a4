// A new user's first steps, from the packed tarball: `npm pack`, then a new project installs it
// with TypeScript, vitest, @types/webxr and three.js (the versions this repository tests with,
// from npm's cache where it has them); the README's Node example and Test API example are written
// verbatim into that project, type-checked with the project's own TypeScript against the package's
// shipped types (and @types/webxr), and run with the project's own vitest; then `npx xrgate serve`
// from the installed package serves the playground's three.js app, which draws its scene in
// Chromium (pixels of the scene's cube and floor, not a blank page) and enters VR.

import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launch } from '../browser/harness.js';

const ROOT = join(import.meta.dirname, '..', '..');
const built =
  existsSync(join(ROOT, 'dist', 'xrgate.js')) && existsSync(join(ROOT, 'dist', 'esm', 'index.js'));
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** The version this repository has installed (so npm's cache answers, and the test is reproducible). */
function installed(name: string): string {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as {
    version: string;
  };
  return `${name}@${pkg.version}`;
}

/** The README's fenced ```ts blocks, verbatim. */
function readmeTsBlocks(): string[] {
  const blocks: string[] = [];
  let open: string[] | null = null;
  for (const line of readFileSync(join(ROOT, 'README.md'), 'utf8').split('\n')) {
    if (open === null && /^```ts\s*$/.test(line)) open = [];
    else if (open !== null && line.startsWith('```')) {
      blocks.push(`${open.join('\n')}\n`);
      open = null;
    } else if (open !== null) open.push(line);
  }
  return blocks;
}

const run = (cmd: string, args: string[], cwd: string) =>
  spawnSync(cmd, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, CI: 'true', npm_config_yes: 'true', NO_COLOR: '1', FORCE_COLOR: '0' },
  });

describe.skipIf(!built && process.env.CI !== 'true')('the packed package in a new project', () => {
  const dir = mkdtempSync(join(tmpdir(), 'xrgate-pack-'));
  const project = join(dir, 'app');
  let tarball = '';
  let server: ChildProcess | undefined;
  let browser: Browser | undefined;

  beforeAll(() => {
    // --ignore-scripts: dist/ is already built by `npm test` (prepack would build it again).
    const out = execFileSync(NPM, ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    tarball = join(dir, (JSON.parse(out) as { filename: string }[])[0]!.filename);
    execFileSync('mkdir', ['-p', project]);
    writeFileSync(
      join(project, 'package.json'),
      JSON.stringify({ name: 'first-hour', private: true, type: 'module' }, null, 2),
    );
    const install = run(
      NPM,
      [
        'install',
        '--prefer-offline',
        '--no-audit',
        '--no-fund',
        '--ignore-scripts',
        tarball,
        installed('typescript'),
        installed('vitest'),
        installed('@types/webxr'),
        installed('@types/node'),
        installed('three'),
      ],
      project,
    );
    if (install.status !== 0) throw new Error(`npm install failed:\n${install.stdout}\n${install.stderr}`);
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    server?.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });

  it('installs with one dependency of its own, and the bin', () => {
    const pkg = JSON.parse(readFileSync(join(project, 'node_modules', 'xrgate', 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    expect(Object.keys(pkg.dependencies)).toEqual(['structured-headers']);
    expect(existsSync(join(project, 'node_modules', '.bin', 'xrgate'))).toBe(true);
    const version = run(join(project, 'node_modules', '.bin', 'xrgate'), ['--version'], project);
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
  });

  it("type-checks and runs the README's Node and Test API examples verbatim", () => {
    const blocks = readmeTsBlocks();
    const node = blocks.find((b) => b.includes("from 'xrgate';") && b.includes('createUserAgent'));
    const testApi = blocks.find((b) => b.includes("from 'xrgate/test-api';"));
    expect(node).toBeDefined();
    expect(testApi).toBeDefined();
    writeFileSync(join(project, 'node-example.ts'), node!);
    writeFileSync(join(project, 'test-api-example.ts'), testApi!);
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          lib: ['ES2022', 'DOM'],
          types: ['node', 'webxr'],
          strict: true,
          noEmit: true,
          skipLibCheck: false,
        },
        files: ['node-example.ts', 'test-api-example.ts'],
      }),
    );
    const tsc = run(join(project, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.json'], project);
    expect(`${tsc.stdout}${tsc.stderr}`).toBe('');
    expect(tsc.status).toBe(0);

    // The examples run as written: each module is imported by a test of the project's own vitest.
    writeFileSync(
      join(project, 'examples.test.ts'),
      [
        "import { expect, it } from 'vitest';",
        "it('the Node example', async () => { await import('./node-example.ts'); });",
        "it('the Test API example', async () => { await import('./test-api-example.ts'); });",
        "it('the package answers as the README says', async () => {",
        "  const { createUserAgent } = await import('xrgate');",
        "  const ua = createUserAgent({ url: 'https://app.example/', device: 'headset' });",
        "  const e = await ua.xr!.requestSession('immersive-vr').catch((x: Error) => x);",
        "  expect((e as Error).name).toBe('SecurityError');",
        "  expect((e as Error).message).toContain('[R-INTENT-05]');",
        '});',
        '',
      ].join('\n'),
    );
    const vitest = run(
      join(project, 'node_modules', '.bin', 'vitest'),
      ['run', '--reporter=verbose'],
      project,
    );
    const out = `${vitest.stdout}${vitest.stderr}`;
    expect(out, out).toMatch(/Tests\s+3 passed/);
    expect(vitest.status).toBe(0);
    // The Node example's console.table of the audit log ran: its requirement ids are in the output.
    expect(out).toContain('R-INTENT-05');
  }, 180_000);

  it.skipIf(!hasChromium)(
    'serves the playground from the installed package: the three.js app draws its scene and enters VR',
    async () => {
      server = spawn(join(project, 'node_modules', '.bin', 'xrgate'), ['serve', '--port', '0'], {
        cwd: project,
      });
      let stdout = '';
      const url = await new Promise<string>((resolve, reject) => {
        server!.stdout?.on('data', (c) => {
          stdout += c;
          const m = /xrgate playground: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(stdout);
          if (m && stdout.includes('Press Ctrl+C to stop.')) resolve(m[1]!);
        });
        server!.on('exit', (code) => reject(new Error(`xrgate serve exited (${code}): ${stdout}`)));
      });
      // Nothing is missing where the package is installed with three.js beside it.
      expect(stdout).not.toContain('Note:');
      browser = await launch();
      const page = await browser.newPage();
      const failed: string[] = [];
      page.on('response', (r) => {
        if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
      });
      await page.goto(`${url}three.html`);
      const enter = page.locator('button', { hasText: 'ENTER VR' });
      await enter.waitFor({ timeout: 20_000 });
      // The scene is drawn: the canvas holds the cube's blue and the floor, not one colour.
      const colours = await page.evaluate(async () => {
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        const gl = document.querySelector('#app canvas') as HTMLCanvasElement;
        const c = document.createElement('canvas');
        c.width = gl.width;
        c.height = gl.height;
        const ctx = c.getContext('2d')!;
        ctx.drawImage(gl, 0, 0);
        const data = ctx.getImageData(0, 0, c.width, c.height).data;
        let blue = 0;
        const distinct = new Set<number>();
        for (let i = 0; i < data.length; i += 4 * 7) {
          const [r, g, b] = [data[i]!, data[i + 1]!, data[i + 2]!];
          distinct.add((r << 16) | (g << 8) | b);
          if (b > 150 && b > r + 60) blue++;
        }
        return { blue, distinct: distinct.size };
      });
      expect(colours.blue, JSON.stringify(colours)).toBeGreaterThan(20);
      // (A blank canvas has one colour; the lit scene, dozens: 18–40 seen at this sampling.)
      expect(colours.distinct, JSON.stringify(colours)).toBeGreaterThan(8);
      await enter.click();
      await expect.poll(() => page.locator('xrgate-prompt').count(), { timeout: 20_000 }).toBe(1);
      await page.waitForTimeout(700);
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      await expect
        .poll(() => page.evaluate(() => (window as unknown as { __xrFrames?: number }).__xrFrames ?? 0), {
          timeout: 20_000,
        })
        .toBeGreaterThan(10);
      expect(failed).toEqual([]);
    },
    90_000,
  );
});
