// The AR modules in real Chromium (issue 13), on xrgate/browser's install({ device: 'phone-ar' }):
// the simulated phone in the living room, the Trusted-UI prompt answered with the keyboard.
// - three.js's AR code path: the playground's AR app (ARButton with requiredFeatures ['hit-test'],
//   a hit test source on the viewer space, a reticle, a cube placed on select) enters AR, the
//   phone is aimed at the floor (the installation's lookAt), a tap on the screen places the cube:
//   on the floor, 1.6 m below the phone.
// - An AR app using every sensing module at once: a hit test against the dining table, an anchor
//   made from that result, the planes listed, a depth sample — with consent granted, and the same
//   app with consent refused (Block): none of it.
// The test page sees the installation (window.__installation) only to aim and tap the phone, as a
// developer's own end-to-end test would.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arPage } from '../../src/cli/pages.js';
import { bundlesBuilt, hasChromium, launch, ROOT, type Served, serve } from './harness.js';

const run = hasChromium && bundlesBuilt;
const js = { 'content-type': 'text/javascript' };
const THREE = join(ROOT, 'node_modules', 'three');

async function evaluate(cdp: CDPSession, expression: string): Promise<unknown> {
  const r = await cdp.send('Runtime.evaluate', {
    expression,
    returnByValue: true,
    userGesture: false,
    awaitPromise: true,
  });
  if (r.exceptionDetails) throw new Error(JSON.stringify(r.exceptionDetails));
  return r.result.value;
}

/** The prompt's buttons: Block (it has the focus), Allow once, Allow on this page. */
async function answer(page: Page, choice: 'block' | 'allow'): Promise<void> {
  await expect.poll(() => page.locator('xrgate-prompt').count(), { timeout: 20_000 }).toBe(1);
  // The prompt ignores input in its first moments (R-TUI).
  await page.waitForTimeout(700);
  if (choice === 'allow') {
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
  }
  await page.keyboard.press('Enter');
}

const SCENARIO = `<!doctype html><meta charset=utf-8><script src="/install.js"></script>
<button id=go>Start AR</button><canvas id=c width=320 height=240></canvas><pre id=out></pre>
<script>
const FEATURES = ['hit-test', 'anchors', 'plane-detection', 'depth-sensing'];
window.__out = null;
document.getElementById('go').addEventListener('click', async () => {
  const out = {};
  try {
    const s = await navigator.xr.requestSession('immersive-ar', {
      optionalFeatures: FEATURES,
      depthSensing: { usagePreference: ['cpu-optimized'], dataFormatPreference: ['float32', 'luminance-alpha'] },
    });
    out.enabled = [...s.enabledFeatures].sort();
    const gl = document.getElementById('c').getContext('webgl', { xrCompatible: true });
    s.updateRenderState({ baseLayer: new XRWebGLLayer(s, gl) });
    const viewer = await s.requestReferenceSpace('viewer');
    const local = await s.requestReferenceSpace('local');
    let source = null;
    try {
      source = await s.requestHitTestSource({ space: viewer, offsetRay: new XRRay({}, { x: 0, y: -0.85, z: -1.5 }) });
    } catch (e) { out.hitTest = e.name; }
    let frames = 0;
    let anchor = null;
    const loop = async (t, frame) => {
      frames++;
      if (frames === 3) {
        const pose = frame.getViewerPose(local);
        if (source) {
          const hits = frame.getHitTestResults(source);
          out.hits = hits.length;
          if (hits.length) {
            out.hitY = hits[0].getPose(local).transform.position.y;
            hits[0].createAnchor().then((a) => { anchor = a; }, (e) => { out.anchor = e.name; });
          }
        }
        try { out.planes = frame.detectedPlanes === null ? null : [...frame.detectedPlanes].map((p) => p.semanticLabel).sort(); } catch (e) { out.planes = e.name; }
        try {
          const d = frame.getDepthInformation(pose.views[0]);
          out.depth = d ? d.getDepthInMeters(0.5, 0.5) : null;
        } catch (e) { out.depth = e.name; }
        try { await frame.createAnchor(new XRRigidTransform(), local); out.freeAnchor = 'created'; } catch (e) { out.freeAnchor = e.name; }
      }
      if (anchor && frames > 3 && out.anchorY === undefined && frame.trackedAnchors.has(anchor)) {
        out.anchorY = frame.getPose(anchor.anchorSpace, local).transform.position.y;
      }
      if (frames > 40 || out.anchorY !== undefined || (frames > 6 && !source)) {
        await s.end();
        window.__out = out;
        return;
      }
      s.requestAnimationFrame(loop);
    };
    s.requestAnimationFrame(loop);
  } catch (e) {
    window.__out = { error: e.name + ': ' + e.message };
  }
});
</script>`;

describe.skipIf(!run)('the AR modules in Chromium (issue 13)', () => {
  let browser: Browser;
  let site: Served;
  beforeAll(async () => {
    browser = await launch();
    const built = await build({
      stdin: {
        contents: `import { install } from './src/browser/index.ts';
window.__installation = install({ device: 'phone-ar' });`,
        resolveDir: ROOT,
        loader: 'ts',
      },
      bundle: true,
      format: 'iife',
      write: false,
      logLevel: 'silent',
    });
    const install = built.outputFiles[0]!.text;
    const three = (p: string) => readFileSync(join(THREE, p), 'utf8');
    site = await serve(
      {
        '/install.js': install,
        '/ar.html': arPage().replace(
          '<script src="/xrgate.js"></script>',
          '<script src="/install.js"></script>',
        ),
        '/scenario.html': SCENARIO,
        '/vendor/three/three.module.js': three('build/three.module.js'),
        '/vendor/three/three.core.js': three('build/three.core.js'),
        '/vendor/three/addons/webxr/ARButton.js': three('examples/jsm/webxr/ARButton.js'),
      },
      {
        '/install.js': js,
        '/vendor/three/three.module.js': js,
        '/vendor/three/three.core.js': js,
        '/vendor/three/addons/webxr/ARButton.js': js,
      },
    );
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  async function open(path: string): Promise<{ page: Page; cdp: CDPSession; errors: string[] }> {
    const context = await browser.newContext({ viewport: { width: 1100, height: 800 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${site.origin}${path}`);
    return { page, cdp: await context.newCDPSession(page), errors };
  }

  it("three.js's AR path: ARButton enters AR with hit-test, the reticle finds the floor, a tap places the cube on it", async () => {
    const { page, cdp, errors } = await open('/ar.html');
    const start = page.locator('button', { hasText: 'START AR' });
    await start.waitFor({ timeout: 20_000 });
    await start.click();
    await answer(page, 'allow');
    await expect.poll(() => page.locator('#status').textContent(), { timeout: 20_000 }).toContain('in AR');
    // The phone (1.6 m above the living room's floor) looks down at the floor 1 m ahead.
    await evaluate(cdp, 'window.__installation.lookAt({ x: 0, y: -1.6, z: -1 }), true');
    await expect.poll(() => evaluate(cdp, 'window.__hits'), { timeout: 20_000 }).toBeGreaterThan(2);
    await evaluate(cdp, 'window.__installation.tap()');
    await expect.poll(() => evaluate(cdp, 'window.__placed.length'), { timeout: 20_000 }).toBeGreaterThan(0);
    const placed = (await evaluate(cdp, 'window.__placed[0]')) as { x: number; y: number; z: number };
    expect(placed.y).toBeCloseTo(-1.6, 2);
    expect(placed.z).toBeCloseTo(-1, 1);
    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);

  it('consent granted: hit test on the table, an anchor on it, the planes, a depth sample', async () => {
    const { page, cdp, errors } = await open('/scenario.html');
    await page.click('#go');
    await answer(page, 'allow');
    await expect.poll(() => evaluate(cdp, 'window.__out'), { timeout: 30_000 }).not.toBeNull();
    const out = (await evaluate(cdp, 'window.__out')) as Record<string, unknown>;
    expect(out.error).toBeUndefined();
    expect(out.enabled).toEqual([
      'anchors',
      'depth-sensing',
      'hit-test',
      'local',
      'plane-detection',
      'viewer',
    ]);
    expect(out.hits).toBe(1);
    expect(out.hitY as number).toBeCloseTo(-0.85, 3);
    expect(out.anchorY as number).toBeCloseTo(-0.85, 2);
    expect(out.planes).toEqual(expect.arrayContaining(['floor', 'table']));
    expect(out.depth as number).toBeGreaterThan(0.5);
    expect(out.freeAnchor).toBe('created');
    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);

  it('consent refused (Block): none of the features, and no room data reaches the page', async () => {
    const { page, cdp, errors } = await open('/scenario.html');
    await page.click('#go');
    await answer(page, 'block');
    await expect.poll(() => evaluate(cdp, 'window.__out'), { timeout: 30_000 }).not.toBeNull();
    const out = (await evaluate(cdp, 'window.__out')) as Record<string, unknown>;
    expect(out.error).toBeUndefined();
    expect(out.enabled).toEqual(['local', 'viewer']);
    expect(out.hitTest).toBe('NotSupportedError');
    expect(out.planes).toBeNull();
    expect(out.depth).toBe('NotSupportedError');
    expect(out.freeAnchor).toBe('NotSupportedError');
    expect(out.hits).toBeUndefined();
    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);
});
