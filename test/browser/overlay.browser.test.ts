// The developer overlay and the bundle's devices in real Chromium (issue 14):
// - dist/xrgate.js with ?xrgate-overlay&xrgate-device=quest-3: the page's session sees the Quest 3's
//   registry profiles; the overlay's right trigger (a real click) makes the page's select events;
//   its room editor moves the bounds; it collapses and is dragged by its header (screenshots in
//   docs/screenshots/ with XRGATE_UPDATE_SCREENSHOTS=1);
// - ?xrgate-device=<same-origin device.json> gives the file's device; another origin's file and a
//   misspelt name are refused with an error that names the allowed values;
// - xrgate/browser's install({ testAPI: true, device: 'quest-3' }): the installation's automation API
//   (lookAt, animateTo, setGamepadState, playRecording) — a recorded input JSON replayed gives the
//   page the same poses and select events.

import { mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundlesBuilt, centreOf, hasChromium, launch, ROOT, type Served, serve } from './harness.js';

const run = hasChromium && bundlesBuilt;
const SHOTS =
  process.env.XRGATE_UPDATE_SCREENSHOTS === '1'
    ? join(ROOT, 'docs', 'screenshots')
    : join(tmpdir(), 'xrgate-screenshots');

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

const js = { 'content-type': 'text/javascript' };
const json = { 'content-type': 'application/json' };

// A WebXR app: the session's input profiles, its select events, the right grip and the bounds.
const APP = `<!doctype html><meta charset=utf-8><title>xrgate app</title>
<script src="/xrgate.js"></script>
<style>body{margin:0;font:16px system-ui;background:#203040;color:#fff} #go{font-size:20px;margin:20px}</style>
<button id=go>Enter VR</button><pre id=out></pre><canvas id=c width=640 height=360 style="display:block;margin:20px;background:#000"></canvas>
<script>
window.__log = { events: [], profiles: [], bounds: null, ar: null, grip: null };
navigator.xr.isSessionSupported('immersive-ar').then((v) => { __log.ar = v; });
document.getElementById('go').addEventListener('click', async () => {
  const gl = document.getElementById('c').getContext('webgl', { xrCompatible: true });
  const s = await navigator.xr.requestSession('immersive-vr', { requiredFeatures: ['bounded-floor'] });
  window.__session = s;
  s.updateRenderState({ baseLayer: new XRWebGLLayer(s, gl) });
  for (const t of ['selectstart', 'select', 'selectend']) s.addEventListener(t, (e) => __log.events.push(t + ':' + e.inputSource.handedness));
  const space = await s.requestReferenceSpace('bounded-floor');
  const loop = (t, f) => {
    __log.profiles = [...s.inputSources].map((i) => i.handedness + ':' + i.profiles.join(','));
    __log.bounds = space.boundsGeometry.map((p) => [p.x, p.z]);
    gl.clearColor(0.1, 0.3 + 0.2 * Math.sin(t / 500), 0.5, 1); gl.clear(gl.COLOR_BUFFER_BIT);
    s.requestAnimationFrame(loop);
  };
  s.requestAnimationFrame(loop);
  document.getElementById('out').textContent = 'in VR';
});
</script>`;

const DEVICE = {
  format: 'xrgate-device',
  name: 'room-scale',
  label: 'Room-scale test headset',
  controllerProfile: 'valve-index',
  modes: ['immersive-vr'],
  floorHeight: 1.5,
  room: [
    [-2, -1.5],
    [2, -1.5],
    [2, 1.5],
    [-2, 1.5],
  ],
};

describe.skipIf(!run)('the developer overlay and the bundle devices in Chromium (issue 14)', () => {
  let browser: Browser;
  let site: Served;
  let other: Served;
  let installBundle: string;
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    browser = await launch();
    const bundle = readFileSync(join(ROOT, 'dist', 'xrgate.js'), 'utf8');
    const built = await build({
      stdin: {
        contents: `import { install } from './src/browser/index.ts';
const installation = install({ testAPI: true, device: 'quest-3' });
window.__installation = installation;`,
        resolveDir: ROOT,
        loader: 'ts',
      },
      bundle: true,
      format: 'iife',
      write: false,
      logLevel: 'silent',
    });
    installBundle = built.outputFiles[0]!.text;
    other = await serve({ '/device.json': JSON.stringify(DEVICE) }, { '/device.json': json });
    site = await serve(
      {
        '/xrgate.js': bundle,
        '/install.js': installBundle,
        '/app.html': APP,
        '/device.json': JSON.stringify(DEVICE),
        '/auto.html': `<!doctype html><meta charset=utf-8><script src="/install.js"></script><canvas id=c></canvas>`,
      },
      { '/xrgate.js': js, '/install.js': js, '/device.json': json },
    );
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await other?.close();
  });

  async function open(path: string): Promise<{ page: Page; cdp: CDPSession; errors: string[] }> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${site.origin}${path}`);
    const cdp = await context.newCDPSession(page);
    return { page, cdp, errors };
  }

  /** Scrolls the overlay's control `name` into view (CDP reaches into the closed shadow root). */
  async function reveal(cdp: CDPSession, name: string): Promise<void> {
    type DomNode = { nodeId: number; attributes?: string[]; children?: DomNode[]; shadowRoots?: DomNode[] };
    const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: DomNode };
    const find = (n: DomNode): DomNode | null => {
      const a = n.attributes ?? [];
      for (let i = 0; i < a.length; i += 2) if (a[i] === 'data-xrgate' && a[i + 1] === name) return n;
      for (const c of [...(n.children ?? []), ...(n.shadowRoots ?? [])]) {
        const hit = find(c);
        if (hit) return hit;
      }
      return null;
    };
    const node = find(root);
    if (node) await cdp.send('DOM.scrollIntoViewIfNeeded', { nodeId: node.nodeId });
  }

  async function click(page: Page, cdp: CDPSession, name: string): Promise<void> {
    await expect.poll(() => centreOf(cdp, 'data-xrgate', name), { timeout: 10_000 }).not.toBeNull();
    await reveal(cdp, name);
    const at = (await centreOf(cdp, 'data-xrgate', name))!;
    await page.mouse.click(at.x, at.y);
  }

  async function enterVR(page: Page, cdp: CDPSession): Promise<void> {
    await page.click('#go');
    await expect.poll(() => centreOf(cdp, 'data-answer', 'once'), { timeout: 10_000 }).not.toBeNull();
    await page.waitForTimeout(700);
    const once = (await centreOf(cdp, 'data-answer', 'once'))!;
    await page.mouse.click(once.x, once.y);
    await expect.poll(() => evaluate(cdp, 'window.__log.profiles.length'), { timeout: 10_000 }).toBe(2);
  }

  it('?xrgate-device=quest-3 with the overlay: the Quest 3 controllers, select from the overlay, the room editor, collapse and drag', async () => {
    const { page, cdp, errors } = await open('/app.html?xrgate-overlay&xrgate-device=quest-3');
    await expect.poll(() => page.locator('xrgate-overlay').count()).toBe(1);
    await expect.poll(() => evaluate(cdp, 'window.__log.ar')).toBe(true);
    await enterVR(page, cdp);
    expect(await evaluate(cdp, 'window.__log.profiles')).toEqual([
      'left:meta-quest-touch-plus,oculus-touch-v3,oculus-touch,generic-trigger-squeeze-thumbstick',
      'right:meta-quest-touch-plus,oculus-touch-v3,oculus-touch,generic-trigger-squeeze-thumbstick',
    ]);
    // The overlay's right trigger: pressed, then released (real clicks on its checkbox).
    await click(page, cdp, 'right.xr-standard-trigger.pressed');
    await expect.poll(() => evaluate(cdp, 'window.__log.events.join()')).toBe('selectstart:right');
    await click(page, cdp, 'right.xr-standard-trigger.pressed');
    await expect
      .poll(() => evaluate(cdp, 'window.__log.events.join()'))
      .toBe('selectstart:right,select:right,selectend:right');
    // The room editor: a fourth point removed, then one added; the page's bounds follow.
    // (The page is told a rectangle inside the room, on the 5 cm grid: R-SPACE-18.)
    const square = JSON.stringify(await evaluate(cdp, 'window.__log.bounds'));
    await click(page, cdp, 'room.3.remove');
    await expect.poll(() => evaluate(cdp, 'JSON.stringify(window.__log.bounds)')).not.toBe(square);
    const triangle = await evaluate(cdp, 'JSON.stringify(window.__log.bounds)');
    await click(page, cdp, 'room.add');
    await expect.poll(() => evaluate(cdp, 'JSON.stringify(window.__log.bounds)')).not.toBe(triangle);
    await page.screenshot({ path: join(SHOTS, 'developer-overlay-room.png') });
    // The top of the panel: the device, the headset and the controllers.
    await reveal(cdp, 'preset');
    await page.screenshot({ path: join(SHOTS, 'developer-overlay-quest-3.png') });
    // Collapse to the header, drag it to the bottom left.
    await click(page, cdp, 'collapse');
    const before = (await centreOf(cdp, 'data-xrgate', 'collapse'))!;
    await page.mouse.move(before.x - 120, before.y);
    await page.mouse.down();
    await page.mouse.move(300, 700, { steps: 5 });
    await page.mouse.up();
    const after = (await centreOf(cdp, 'data-xrgate', 'collapse'))!;
    expect(after.y).toBeGreaterThan(before.y + 500);
    expect(after.x).toBeLessThan(before.x - 400);
    // Collapsed: the panel's body is not rendered (it has no box).
    await expect(centreOf(cdp, 'data-xrgate', 'room')).rejects.toThrow(/box model/);
    await page.screenshot({ path: join(SHOTS, 'developer-overlay-collapsed.png') });
    expect(errors).toEqual([]);
    await page.context().close();
  }, 60_000);

  it('?xrgate-device=/device.json (same origin) gives the file’s device; another origin’s file and a misspelt name are refused', async () => {
    const a = await open('/app.html?xrgate-device=/device.json');
    await expect.poll(() => evaluate(a.cdp, 'window.__log.ar')).toBe(false);
    await enterVR(a.page, a.cdp);
    expect(await evaluate(a.cdp, 'window.__log.profiles')).toEqual([
      'left:valve-index,generic-trigger-squeeze-touchpad-thumbstick',
      'right:valve-index,generic-trigger-squeeze-touchpad-thumbstick',
    ]);
    expect(await evaluate(a.cdp, 'window.__log.bounds.length')).toBe(4);
    expect(a.errors).toEqual([]);
    await a.page.context().close();

    const b = await open(`/app.html?xrgate-device=${encodeURIComponent(`${other.origin}/device.json`)}`);
    await expect.poll(() => b.errors.join()).toContain("a device file must be of this page's origin");
    await b.page.context().close();
    const c = await open('/app.html?xrgate-device=quest3');
    await expect
      .poll(() => c.errors.join())
      .toContain('?xrgate-device=quest3 is not a device: use one of headset, headset-hands');
    // The default headset is installed all the same.
    expect(await evaluate(c.cdp, 'typeof navigator.xr.requestSession')).toBe('function');
    await c.page.context().close();
  }, 60_000);

  it('?xrgate-device=hands-only: the overlay’s pinch is the page’s transient pointer and select', async () => {
    const { page, cdp, errors } = await open('/app.html?xrgate-overlay&xrgate-device=hands-only');
    await enterVR(page, cdp);
    expect(await evaluate(cdp, 'window.__log.profiles')).toEqual([
      'left:generic-hand,generic-hand-select',
      'right:generic-hand,generic-hand-select',
    ]);
    // The right hand's gesture: 'pinch' chosen with the keyboard (a real key press on the select).
    await click(page, cdp, 'right.gesture');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect.poll(() => evaluate(cdp, 'window.__log.events.join()')).toContain('selectstart:right');
    await expect
      .poll(() => evaluate(cdp, 'window.__log.profiles.join(" ")'))
      .toContain('right:generic-button');
    await page.screenshot({ path: join(SHOTS, 'developer-overlay-hands.png') });
    expect(errors).toEqual([]);
    await page.context().close();
  }, 60_000);

  it('the automation API: a recorded input JSON replayed gives the page the same poses and select events', async () => {
    const { page, cdp, errors } = await open('/auto.html');
    const result = (await evaluate(
      cdp,
      `(async () => {
        const inst = window.__installation;
        const s = await new Promise((r, j) => navigator.xr.test.simulateUserActivation(() => navigator.xr.requestSession('immersive-vr').then(r, j)));
        const gl = document.getElementById('c').getContext('webgl', { xrCompatible: true });
        s.updateRenderState({ baseLayer: new XRWebGLLayer(s, gl) });
        const local = await s.requestReferenceSpace('local');
        const events = [];
        for (const t of ['selectstart', 'select', 'selectend']) s.addEventListener(t, (e) => events.push(t + ':' + e.inputSource.handedness));
        let viewer = null, right = null;
        const loop = (t, f) => {
          const p = f.getViewerPose(local);
          if (p) viewer = [p.transform.position.x, p.transform.position.y, p.transform.position.z, p.transform.orientation.y];
          for (const src of s.inputSources) if (src.handedness === 'right' && src.gripSpace) {
            const g = f.getPose(src.gripSpace, local);
            if (g) right = [g.transform.position.x, g.transform.position.y, g.transform.position.z];
          }
          s.requestAnimationFrame(loop);
        };
        s.requestAnimationFrame(loop);
        const wait = (ms) => new Promise((r) => setTimeout(r, ms));
        await wait(100);
        const start = JSON.stringify(inst.deviceState);
        inst.startRecording();
        inst.lookAt([2, 0, -2]);
        await wait(50);
        await inst.animateTo({ position: [0.2, 0.05, -0.4] }, 120);
        inst.setGamepadState('right', { pose: { position: [0.3, -0.35, -0.6] } });
        await wait(50);
        inst.setGamepadState('right', { buttons: { 'xr-standard-trigger': 1 } });
        await wait(50);
        inst.setGamepadState('right', { buttons: { 'xr-standard-trigger': 0 } });
        await wait(100);
        const recording = JSON.stringify(inst.stopRecording());
        const first = { events: events.slice(), viewer, right };
        // Back to where the recording started, then the recording replayed.
        inst.setDeviceState(JSON.parse(start));
        await wait(100);
        events.length = 0;
        await inst.playRecording(recording);
        await wait(150);
        const second = { events: events.slice(), viewer, right };
        await s.end();
        return { first, second, frames: JSON.parse(recording).frames.length, sources: [...s.inputSources].map((i) => i.handedness + i.profiles[0]), state: inst.deviceState.controllers.right.buttons[0], dev: inst.ua.device && inst.ua.device.id };
      })()`,
    )) as {
      first: { events: string[]; viewer: number[]; right: number[] };
      second: { events: string[]; viewer: number[]; right: number[] };
      frames: number;
    };
    expect(result.first.events, JSON.stringify(result)).toEqual([
      'selectstart:right',
      'select:right',
      'selectend:right',
    ]);
    expect(result.second.events).toEqual(result.first.events);
    for (let i = 0; i < 4; i++) expect(result.second.viewer[i]).toBeCloseTo(result.first.viewer[i]!, 3);
    for (let i = 0; i < 3; i++) expect(result.second.right[i]).toBeCloseTo(result.first.right[i]!, 3);
    expect(result.first.viewer[0]).toBeCloseTo(0.2, 3);
    expect(result.frames).toBeGreaterThan(5);
    expect(errors).toEqual([]);
    await page.context().close();
  }, 60_000);
});
