// The user-agent side across the message boundary: the same app page, once with the in-page bundle
// (dist/xrgate.js injected before page scripts, the user agent in the page's realm, direct calls)
// and once with the Chromium extension (dist/extension: page side in the main world, user agent in
// the isolated world, every frame's data a message over a MessageChannel). Both in the same
// Debian Chromium binary in this run, one after the other, with the same window size.
//
// Measured per XR animation frame, over the same number of seconds after a warm-up:
// - renderer main-thread time (CDP Performance.getMetrics TaskDuration delta / XR frames): the
//   page's script, the page side, the isolated world's user agent and the messages between them,
//   all of which run on that thread;
// - the app's own work inside the XR callback (getViewerPose and two getPose, performance.now);
// - XR frames per second against the page's requestAnimationFrame (frames delivered at the
//   display's rate: XR/rAF = 1.00).

import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { launchWithXrgate } from '../src/extension/node/index.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export interface BoundaryRun {
  readonly label: string;
  readonly xrFrames: number;
  readonly rafFrames: number;
  readonly seconds: number;
  /** Renderer main-thread time per XR frame, µs. */
  readonly taskUsPerFrame: number;
  /** Script time per XR frame (CDP ScriptDuration), µs. */
  readonly scriptUsPerFrame: number;
  /** The app's own per-frame work inside the XR callback, mean µs. */
  readonly callbackUs: number;
}

export interface BoundaryResult {
  readonly inPage: BoundaryRun;
  readonly extension: BoundaryRun;
  readonly ratioTask: number;
  readonly ratioScript: number;
  readonly ratioCallback: number;
}

const PAGE = `<!doctype html><meta charset=utf-8><title>boundary bench</title>
<button id=go style="position:fixed;left:10px;top:10px;width:120px;height:40px">go</button>
<canvas id=c width=640 height=360 style="position:fixed;left:0;top:60px"></canvas>
<script>
window.__bench = { xr: 0, raf: 0, work: [], ready: false, measuring: false };
const rafLoop = () => { if (__bench.measuring) __bench.raf++; requestAnimationFrame(rafLoop); };
requestAnimationFrame(rafLoop);
document.getElementById('go').addEventListener('click', async () => {
  const s = await navigator.xr.requestSession('immersive-vr');
  const gl = document.getElementById('c').getContext('webgl', { xrCompatible: true });
  s.updateRenderState({ baseLayer: new XRWebGLLayer(s, gl) });
  const space = await s.requestReferenceSpace('local');
  const onFrame = (t, f) => {
    s.requestAnimationFrame(onFrame);
    // The app's work, 20 times over (performance.now() is coarse outside cross-origin isolation).
    const t0 = performance.now();
    let sum = 0;
    for (let k = 0; k < 20; k++) {
      const pose = f.getViewerPose(space);
      if (pose) { sum += pose.transform.matrix[12]; for (const v of pose.views) sum += v.projectionMatrix[0] + v.transform.matrix[13]; }
      for (const src of s.inputSources) { if (src.gripSpace) { const p = f.getPose(src.gripSpace, space); if (p) sum += p.transform.matrix[14]; } }
    }
    const dt = (performance.now() - t0) / 20;
    const layer = s.renderState.baseLayer;
    gl.bindFramebuffer(gl.FRAMEBUFFER, layer.framebuffer);
    gl.clearColor(0.1, 0.2, 0.3 + (sum % 1) * 0, 1);
    gl.clear(gl.COLOR_BUFFER_BIT);
    if (__bench.measuring) { __bench.xr++; __bench.work.push(dt); }
  };
  s.requestAnimationFrame(onFrame);
  __bench.ready = true;
});
</script>`;

async function serve(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(PAGE);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((r) => server.close(() => r())) };
}

function mean(xs: number[]): number {
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : Number.NaN;
}

async function measure(
  label: string,
  context: BrowserContext,
  url: string,
  seconds: number,
  warmup: number,
): Promise<BoundaryRun> {
  const page: Page = await context.newPage();
  await page.setViewportSize({ width: 800, height: 500 });
  await page.goto(url);
  await page.click('#go');
  await page.waitForFunction(
    () => (window as unknown as { __bench: { ready: boolean } }).__bench.ready,
    null,
    {
      timeout: 15_000,
    },
  );
  await page.waitForTimeout(warmup * 1000);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const metric = async () => {
    const { metrics } = (await cdp.send('Performance.getMetrics')) as {
      metrics: { name: string; value: number }[];
    };
    const get = (n: string) => metrics.find((m) => m.name === n)?.value ?? 0;
    return { task: get('TaskDuration'), script: get('ScriptDuration') };
  };
  const before = await metric();
  await page.evaluate(() => {
    (window as unknown as { __bench: { measuring: boolean } }).__bench.measuring = true;
  });
  const t0 = Date.now();
  await page.waitForTimeout(seconds * 1000);
  await page.evaluate(() => {
    (window as unknown as { __bench: { measuring: boolean } }).__bench.measuring = false;
  });
  const elapsed = (Date.now() - t0) / 1000;
  const after = await metric();
  const b = (await page.evaluate(() => (window as unknown as { __bench: unknown }).__bench)) as {
    xr: number;
    raf: number;
    work: number[];
  };
  await page.close();
  return {
    label,
    xrFrames: b.xr,
    rafFrames: b.raf,
    seconds: elapsed,
    taskUsPerFrame: ((after.task - before.task) * 1e6) / Math.max(1, b.xr),
    scriptUsPerFrame: ((after.script - before.script) * 1e6) / Math.max(1, b.xr),
    callbackUs: mean(b.work) * 1000,
  };
}

export async function measureBoundary(
  options: { chromiumPath?: string; seconds?: number; warmup?: number } = {},
): Promise<BoundaryResult> {
  const chromiumPath = options.chromiumPath ?? '/usr/bin/chromium';
  const seconds = options.seconds ?? 5;
  const warmup = options.warmup ?? 1;
  const bundle = join(ROOT, 'dist', 'xrgate.js');
  if (!existsSync(bundle) || !existsSync(join(ROOT, 'dist', 'extension', 'service-worker.js')))
    throw new Error('build first: npm run build (dist/xrgate.js and dist/extension)');
  const site = await serve();
  try {
    // The in-page bundle, in the same Chromium, new headless mode as the extension needs.
    const browser = await chromium.launch({
      executablePath: chromiumPath,
      headless: true,
      args: ['--headless=new', '--no-first-run', '--disable-component-update'],
    });
    let inPage: BoundaryRun;
    try {
      const context = await browser.newContext({ viewport: { width: 800, height: 500 } });
      await context.addInitScript({ content: readFileSync(bundle, 'utf8') });
      inPage = await measure('in-page bundle (dist/xrgate.js)', context, site.url, seconds, warmup);
    } finally {
      await browser.close();
    }
    const ext = await launchWithXrgate({
      executablePath: chromiumPath,
      viewport: { width: 800, height: 500 },
    });
    let extension: BoundaryRun;
    try {
      extension = await measure('extension (dist/extension)', ext.context, site.url, seconds, warmup);
    } finally {
      await ext.close();
    }
    return {
      inPage,
      extension,
      ratioTask: extension.taskUsPerFrame / inPage.taskUsPerFrame,
      ratioScript: extension.scriptUsPerFrame / inPage.scriptUsPerFrame,
      ratioCallback: extension.callbackUs / inPage.callbackUs,
    };
  } finally {
    await site.close();
  }
}

export function formatBoundary(r: BoundaryResult): string[] {
  const row = (x: BoundaryRun) =>
    `${x.label.padEnd(34)} ${(x.xrFrames / x.seconds).toFixed(2).padStart(7)} ${(x.rafFrames / x.seconds)
      .toFixed(2)
      .padStart(7)} ${(x.xrFrames / Math.max(1, x.rafFrames)).toFixed(3).padStart(7)} ${x.taskUsPerFrame
      .toFixed(0)
      .padStart(9)} ${x.scriptUsPerFrame.toFixed(0).padStart(9)} ${x.callbackUs.toFixed(1).padStart(9)}`;
  return [
    `${'user agent'.padEnd(34)} ${'XR fps'.padStart(7)} ${'rAF fps'.padStart(7)} ${'XR/rAF'.padStart(7)} ${'task µs'.padStart(9)} ${'script µs'.padStart(9)} ${'app µs'.padStart(9)}`,
    row(r.inPage),
    row(r.extension),
    "task µs: renderer main-thread time per XR frame (CDP TaskDuration); script µs: its script part; app µs: the app's getViewerPose + 2 getPose inside the callback (mean of 20 repetitions per frame)",
    `extension / in-page per XR frame: main thread ${r.ratioTask.toFixed(2)}×, script ${r.ratioScript.toFixed(2)}×, app callback ${r.ratioCallback.toFixed(2)}×`,
    `targets: main-thread time per frame ≤ 1.5× the in-page bundle: ${r.ratioTask <= 1.5 ? 'met' : 'NOT met'} (${r.ratioTask.toFixed(2)}×); ` +
      `frames at the display's rate (XR/rAF 1.00 ± 0.02): ${Math.abs(r.extension.xrFrames / Math.max(1, r.extension.rafFrames) - 1) <= 0.02 ? 'met' : 'NOT met'}`,
  ];
}

// Run on its own: npx tsx bench/extension.ts
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  measureBoundary().then(
    (r) => {
      for (const line of formatBoundary(r)) console.log(line);
    },
    (e: unknown) => {
      console.error(e);
      process.exitCode = 1;
    },
  );
}
