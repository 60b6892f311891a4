// A-Frame 1.8 on dist/xrgate.js in real Chromium (issues 12 and 14). The page loads the bundle,
// then A-Frame's own dist file, both served by this test, and has an <a-scene> with a box and
// two laser-controls entities. On load A-Frame's xr-mode-ui component calls
// navigator.xr.offerSession('immersive-vr', { requiredFeatures: ['local-floor'],
// optionalFeatures: ['bounded-floor'] }) once isSessionSupported('immersive-vr') has resolved
// true (node_modules/aframe/src/components/scene/xr-mode-ui.js toggleEnterVRButtonIfNeeded,
// src/core/scene/a-scene.js enterVR(false, true)): xrgate's trusted bar appears; without a press
// nothing enters VR; a real click on it (then the consent prompt for local-floor) enters VR.
// A-Frame's tracked-controls system listens for inputsourceschange only from `enter-vr`, which
// comes after three.js's WebXRManager.setSession has awaited the reference space: the initial
// input sources must be announced from the frame loop (as Chromium does) for its controller
// components to see them.
// Everything the page says is read with CDP Runtime.evaluate without a user gesture; the clicks
// are CDP Input.dispatchMouseEvent (real, trusted input).

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundlesBuilt, hasChromium, launch, ROOT, type Served, serve } from './harness.js';

// A-Frame's UMD build bundles three.js (super-three) and its other dependencies.
const AFRAME = join(ROOT, 'node_modules', 'aframe', 'dist', 'aframe-master.min.js');
const run = hasChromium && bundlesBuilt && existsSync(AFRAME);

const SCENE = `<!doctype html><meta charset=utf-8><title>A-Frame on xrgate</title>
<script src="/xrgate.js"></script>
<script src="/aframe.js"></script>
<body>
<a-scene>
  <a-box position="-1 0.5 -3" rotation="0 45 0" color="#4CC3D9"></a-box>
  <a-entity id="left" laser-controls="hand: left"></a-entity>
  <a-entity id="right" laser-controls="hand: right"></a-entity>
</a-scene>
<script>
window.__log = [];
const scene = document.querySelector('a-scene');
scene.addEventListener('enter-vr', () => window.__log.push('enter-vr'));
for (const id of ['left', 'right']) {
  document.getElementById(id).addEventListener('controllerconnected', (e) =>
    window.__log.push('controllerconnected:' + id + ':' + e.detail.name));
}
</script>
</body>`;

/** Page script without a user gesture (Playwright's page.evaluate would grant activation). */
async function evaluate(cdp: CDPSession, expression: string): Promise<unknown> {
  const r = (await cdp.send('Runtime.evaluate', {
    expression,
    userGesture: false,
    returnByValue: true,
  })) as { result: { value?: unknown }; exceptionDetails?: { text: string } };
  if (r.exceptionDetails) throw new Error(`page script failed: ${JSON.stringify(r.exceptionDetails)}`);
  return r.result.value;
}

const inVR = async (cdp: CDPSession) => evaluate(cdp, "document.querySelector('a-scene').is('vr-mode')");
const log = async (cdp: CDPSession) => (await evaluate(cdp, 'window.__log')) as string[];

/** The centre of an element inside xrgate's closed shadow roots (CDP pierces them; a page cannot). */
async function centreOf(
  cdp: CDPSession,
  attr: string,
  value: string,
): Promise<{ x: number; y: number } | null> {
  type DomNode = { nodeId: number; attributes?: string[]; children?: DomNode[]; shadowRoots?: DomNode[] };
  const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: DomNode };
  const find = (n: DomNode): DomNode | null => {
    const a = n.attributes ?? [];
    for (let i = 0; i < a.length; i += 2) if (a[i] === attr && a[i + 1] === value) return n;
    for (const c of [...(n.children ?? []), ...(n.shadowRoots ?? [])]) {
      const hit = find(c);
      if (hit) return hit;
    }
    return null;
  };
  const node = find(root);
  if (!node) return null;
  const { model } = (await cdp.send('DOM.getBoxModel', { nodeId: node.nodeId })) as {
    model: { content: number[] };
  };
  const q = model.content;
  return { x: (q[0]! + q[4]!) / 2, y: (q[1]! + q[5]!) / 2 };
}

/** A real mouse click at (x, y), the release not awaited (the control goes away on press). */
async function realClick(cdp: CDPSession, x: number, y: number): Promise<void> {
  await cdp.send('Input.dispatchMouseEvent', { type: 'mouseMoved', x, y });
  await cdp.send('Input.dispatchMouseEvent', { type: 'mousePressed', x, y, button: 'left', clickCount: 1 });
  void cdp
    .send('Input.dispatchMouseEvent', { type: 'mouseReleased', x, y, button: 'left', clickCount: 1 })
    .catch(() => undefined);
}

describe.skipIf(!run)('A-Frame 1.8 on dist/xrgate.js (Chromium)', { timeout: 60_000 }, () => {
  let chromium: Browser;
  let served: Served;
  beforeAll(async () => {
    const js = { 'content-type': 'text/javascript; charset=utf-8' };
    [chromium, served] = await Promise.all([
      launch(),
      serve(
        {
          '/scene.html': SCENE,
          '/xrgate.js': readFileSync(join(ROOT, 'dist', 'xrgate.js'), 'utf8'),
          '/aframe.js': readFileSync(AFRAME, 'utf8'),
        },
        { '/xrgate.js': js, '/aframe.js': js },
      ),
    ]);
  }, 60_000);
  afterAll(async () => {
    await chromium?.close();
    await served?.close();
  });

  async function open(): Promise<{ context: BrowserContext; page: Page; cdp: CDPSession; errors: string[] }> {
    const context = await chromium.newContext({ viewport: { width: 900, height: 700 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    const cdp = await context.newCDPSession(page);
    await page.goto(`${served.origin}/scene.html`);
    return { context, page, cdp, errors };
  }

  /** Presses xrgate's offer control with the real mouse, and answers the consent prompt. */
  async function enterThroughOffer(page: Page, cdp: CDPSession): Promise<void> {
    await expect.poll(() => centreOf(cdp, 'data-offer', 'enter'), { timeout: 15_000 }).not.toBeNull();
    await page.waitForTimeout(900); // the control arms 400 ms after it became visible
    const at = (await centreOf(cdp, 'data-offer', 'enter'))!;
    await realClick(cdp, at.x, at.y);
    // A-Frame requires local-floor (and asks bounded-floor): the consent prompt, answered with
    // the real mouse once it is armed.
    await expect.poll(() => centreOf(cdp, 'data-answer', 'once'), { timeout: 10_000 }).not.toBeNull();
    await page.waitForTimeout(900);
    const once = (await centreOf(cdp, 'data-answer', 'once'))!;
    await realClick(cdp, once.x, once.y);
    await expect.poll(() => inVR(cdp), { timeout: 15_000 }).toBe(true);
  }

  it('issue 12: A-Frame offers the session on load; nothing enters VR without a press; a real click on the control, then consent, enters VR', async () => {
    const { context, page, cdp, errors } = await open();
    // The offer control appears without any gesture.
    await expect.poll(() => centreOf(cdp, 'data-offer', 'enter'), { timeout: 15_000 }).not.toBeNull();
    // The scene is up (A-Frame ran) and, with no press, stays out of VR.
    expect(await evaluate(cdp, "document.querySelector('a-scene').hasLoaded")).toBe(true);
    await page.waitForTimeout(3000);
    expect(await inVR(cdp)).toBe(false);
    expect(await log(cdp)).toEqual([]);
    expect(await evaluate(cdp, "!!document.querySelector('a-scene').xrSession")).toBe(false);
    await enterThroughOffer(page, cdp);
    expect((await log(cdp))[0]).toBe('enter-vr');
    expect(
      await evaluate(
        cdp,
        "document.querySelector('a-scene').xrSession.enabledFeatures.includes('local-floor')",
      ),
    ).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });
});
