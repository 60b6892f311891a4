// offerSession (R-NAV-21) in real Chromium with three.js's own VRButton, which calls
// navigator.xr.offerSession() on load: the user agent's control appears; without a press nothing
// happens; a real click on it (then the consent prompt for the optional features VRButton asks)
// enters VR. Once with the extension (its control is an extension frame), once with the script
// bundle (its control is a top-layer element in a closed shadow root, found through CDP).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { XrgateBrowser } from '../../src/extension/node/index.js';
import { bundlesBuilt, centreOf, hasChromium, launch, ROOT } from '../browser/harness.js';
import { answerPrompt, browser, runExtension, type Site, script, site } from './harness.js';

const THREE_PAGE = `<!doctype html><meta charset=utf-8><title>three.js VRButton</title>
<script type="importmap">{ "imports": { "three": "/three/three.module.js" } }</script>
<div id=out></div>
<script type="module">
import * as THREE from 'three';
import { VRButton } from '/three/VRButton.js';
const renderer = new THREE.WebGLRenderer();
renderer.setSize(320, 180);
renderer.xr.enabled = true;
document.body.append(renderer.domElement);
const button = VRButton.createButton(renderer);
document.body.append(button);
const scene = new THREE.Scene();
const camera = new THREE.PerspectiveCamera();
window.__xrFrames = 0;
renderer.setAnimationLoop(() => { if (renderer.xr.isPresenting) window.__xrFrames++; renderer.render(scene, camera); });
renderer.xr.addEventListener('sessionstart', () => { document.getElementById('out').textContent = 'presenting'; });
</script>`;

function addThree(s: Site): void {
  const three = join(ROOT, 'node_modules', 'three');
  const js = { 'content-type': 'text/javascript; charset=utf-8' };
  s.pages['/three/three.module.js'] = readFileSync(join(three, 'build', 'three.module.js'), 'utf8');
  s.pages['/three/three.core.js'] = readFileSync(join(three, 'build', 'three.core.js'), 'utf8');
  s.pages['/three/VRButton.js'] = readFileSync(
    join(three, 'examples', 'jsm', 'webxr', 'VRButton.js'),
    'utf8',
  );
  for (const f of ['three.module.js', 'three.core.js', 'VRButton.js']) s.headers[`/three/${f}`] = js;
  s.pages['/vr.html'] = THREE_PAGE;
}

async function presenting(cdp: CDPSession): Promise<string> {
  return String((await script(cdp, "document.getElementById('out').textContent")) ?? '');
}

/** A real mouse click at (x, y), the release not awaited (the control's frame goes away). */
async function realClick(cdp: CDPSession, x: number, y: number): Promise<void> {
  await cdp.send('Input.dispatchMouseEvent', { type: 'mouseMoved', x, y });
  await cdp.send('Input.dispatchMouseEvent', { type: 'mousePressed', x, y, button: 'left', clickCount: 1 });
  void cdp
    .send('Input.dispatchMouseEvent', { type: 'mouseReleased', x, y, button: 'left', clickCount: 1 })
    .catch(() => undefined);
}

describe.skipIf(!runExtension)(
  'offerSession with the extension: three.js VRButton',
  { timeout: 60_000 },
  () => {
    let b: XrgateBrowser;
    let s: Site;
    beforeAll(async () => {
      [b, s] = await Promise.all([browser(), site()]);
      addThree(s);
    }, 60_000);
    afterAll(async () => {
      await b?.close();
      await s?.served.close();
    });

    it("the extension's control appears on load; nothing happens without a press; a press then consent enters VR", async () => {
      const page = await b.context.newPage();
      const cdp = await b.context.newCDPSession(page);
      await page.goto(`${s.served.origin}/vr.html`);
      let frame: import('playwright-core').Frame | undefined;
      await expect
        .poll(
          async () => {
            frame = page.frames().find((f) => f.url().includes('/prompt.html#'));
            return frame ? frame.locator('#offer:not([hidden])').count() : 0;
          },
          { timeout: 15_000 },
        )
        .toBe(1);
      expect(await frame!.locator('#offerOrigin').textContent()).toBe(s.served.origin);
      await page.waitForTimeout(1000);
      expect(await presenting(cdp)).toBe(''); // no session without the user's press
      await expect
        .poll(() => frame!.locator('#enter').getAttribute('aria-disabled'), { timeout: 10_000 })
        .toBe('false');
      const box = (await frame!.locator('#enter').boundingBox())!;
      await realClick(cdp, box.x + box.width / 2, box.y + box.height / 2);
      // VRButton asks for optional features (local-floor, bounded-floor, layers): the consent prompt.
      await answerPrompt(page, 'once');
      await expect.poll(() => presenting(cdp), { timeout: 10_000 }).toBe('presenting');
      await expect.poll(() => script(cdp, 'window.__xrFrames'), { timeout: 10_000 }).toBeGreaterThan(5);
      await page.close();
    });
  },
);

describe.skipIf(!(hasChromium && bundlesBuilt))(
  'offerSession with dist/xrgate.js: three.js VRButton',
  { timeout: 60_000 },
  () => {
    let chromium: Browser;
    let s: Site;
    beforeAll(async () => {
      [chromium, s] = await Promise.all([launch(), site()]);
      addThree(s);
    }, 60_000);
    afterAll(async () => {
      await chromium?.close();
      await s?.served.close();
    });

    /** The centre of an element inside xrgate's closed shadow roots (CDP pierces them; a page cannot). */

    it('the bundle shows its own control on load; a real click on it, then consent, enters VR', async () => {
      const context = await chromium.newContext({ viewport: { width: 900, height: 700 } });
      await context.addInitScript({ content: readFileSync(join(ROOT, 'dist', 'xrgate.js'), 'utf8') });
      const page: Page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await page.goto(`${s.served.origin}/vr.html`);
      await expect.poll(() => centreOf(cdp, 'data-offer', 'enter'), { timeout: 15_000 }).not.toBeNull();
      await page.waitForTimeout(1000); // armed, and no session without the press
      expect(await presenting(cdp)).toBe('');
      const at = (await centreOf(cdp, 'data-offer', 'enter'))!;
      await realClick(cdp, at.x, at.y);
      // The consent prompt for VRButton's optional features, answered with the real mouse.
      await expect.poll(() => centreOf(cdp, 'data-answer', 'once'), { timeout: 10_000 }).not.toBeNull();
      await page.waitForTimeout(900);
      const once = (await centreOf(cdp, 'data-answer', 'once'))!;
      await realClick(cdp, once.x, once.y);
      await expect.poll(() => presenting(cdp), { timeout: 10_000 }).toBe('presenting');
      await context.close();
    });
  },
);
