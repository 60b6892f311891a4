// A-Frame 1.8 on xrgate in real Chromium (issues 12 and 14), with A-Frame's own dist file (its UMD
// build, which bundles three.js and its other dependencies) served by the test's own server.
//
// On load A-Frame's xr-mode-ui component calls navigator.xr.offerSession('immersive-vr',
// { requiredFeatures: ['local-floor'], optionalFeatures: ['bounded-floor'] }) once
// isSessionSupported('immersive-vr') has resolved true (node_modules/aframe/src/components/scene/
// xr-mode-ui.js toggleEnterVRButtonIfNeeded → src/core/scene/a-scene.js enterVR(false, true)):
// xrgate's control appears; without a press nothing enters VR; a real click on it, then the
// consent prompt for local-floor, enters VR (`enter-vr`, the scene's 'vr-mode' state).
//
// A-Frame's tracked-controls system listens for inputsourceschange only from `enter-vr`, which
// comes after three.js's WebXRManager.setSession has awaited makeXRCompatible and the reference
// space: the initial input sources must come from the frame loop (as Chromium announces them) for
// A-Frame to see any controller. With dist/xrgate.js (the default headset, whose controllers have
// the generic-trigger-squeeze-thumbstick profile) the scene's tracked-controls components find
// both hands; A-Frame 1.8's laser-controls would not connect them even then: its
// generic-tracked-controller-controls only looks for controllers when it starts playing (its
// `controllersupdated` handler returns unless another component already connected). With the
// extension (its default preset, Meta Quest 3: oculus-touch profiles) laser-controls fires
// `controllerconnected` for both hands through meta-touch-controls.
//
// What the page says is read with CDP Runtime.evaluate without a user gesture; every click is the
// real mouse (CDP Input.dispatchMouseEvent).

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, CDPSession, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { XrgateBrowser } from '../../src/extension/node/index.js';
import { bundlesBuilt, centreOf, hasChromium, launch, ROOT } from '../browser/harness.js';
import { answerPrompt, browser, runExtension, type Site, script, site } from './harness.js';

const AFRAME = join(ROOT, 'node_modules', 'aframe', 'dist', 'aframe-master.min.js');
const hasAframe = existsSync(AFRAME);

/**
 * A scene with a box and `controls` (two entities, #left and #right). `bundle`: dist/xrgate.js is
 * loaded first. `afterHeadset`: the scene is added only once A-Frame knows the headset is there
 * (its isSessionSupported('immersive-vr') answered true). A-Frame 1.8's xr-mode-ui calls
 * enterVR(false, true) as soon as the scene has loaded; if isSessionSupported has not answered by
 * then, enterVR takes its no-headset path and puts the scene in 'vr-mode' (fullscreen, no WebXR
 * session) without any gesture, and offers nothing. The bundle answers in-process, long before
 * the scene loads; the extension answers from its service worker, and in 2 of 7 runs here the
 * scene had loaded first (then: 'vr-mode' true, no offer, no session).
 */
function scenePage(controls: string, bundle: boolean, afterHeadset: boolean): string {
  const scene = `<a-scene>
  <a-box position="-1 0.5 -3" rotation="0 45 0" color="#4CC3D9"></a-box>
  ${controls}
</a-scene>`;
  return `<!doctype html><meta charset=utf-8><title>A-Frame on xrgate</title>
${bundle ? '<script src="/xrgate.js"></script>\n' : ''}<script src="/aframe.js"></script>
<body>
${afterHeadset ? `<template id=scene>${scene}</template>` : scene}
<script>
window.__log = [];
const watch = () => {
  document.querySelector('a-scene').addEventListener('enter-vr', () => window.__log.push('enter-vr'));
  for (const id of ['left', 'right']) {
    document.getElementById(id).addEventListener('controllerconnected', (e) =>
      window.__log.push('controllerconnected:' + id + ':' + e.detail.name));
  }
};
${
  afterHeadset
    ? `const addScene = () => {
  if (!AFRAME.utils.device.checkHeadsetConnected()) return setTimeout(addScene, 20);
  document.body.append(document.getElementById('scene').content.cloneNode(true));
  watch();
};
addScene();`
    : 'watch();'
}
</script>
</body>`;
}

function addAframe(s: Site, page: string, html: string): void {
  const js = { 'content-type': 'text/javascript; charset=utf-8' };
  s.pages['/aframe.js'] = readFileSync(AFRAME, 'utf8');
  s.headers['/aframe.js'] = js;
  s.pages['/xrgate.js'] = readFileSync(join(ROOT, 'dist', 'xrgate.js'), 'utf8');
  s.headers['/xrgate.js'] = js;
  s.pages[page] = html;
}

const inVR = (cdp: CDPSession) => script(cdp, "document.querySelector('a-scene').is('vr-mode')");
const log = async (cdp: CDPSession) => (await script(cdp, 'window.__log')) as string[];
const connected = async (cdp: CDPSession) =>
  (await log(cdp)).filter((l) => l.startsWith('controllerconnected:')).sort();
/** The handedness of the session's input sources, as the page sees them. */
const HANDS =
  "Array.from(document.querySelector('a-scene').xrSession.inputSources, (s) => s.handedness).sort()";

/** A real mouse click at (x, y), the release not awaited (the control goes away on press). */
async function realClick(cdp: CDPSession, x: number, y: number): Promise<void> {
  await cdp.send('Input.dispatchMouseEvent', { type: 'mouseMoved', x, y });
  await cdp.send('Input.dispatchMouseEvent', { type: 'mousePressed', x, y, button: 'left', clickCount: 1 });
  void cdp
    .send('Input.dispatchMouseEvent', { type: 'mouseReleased', x, y, button: 'left', clickCount: 1 })
    .catch(() => undefined);
}

describe.skipIf(!(hasChromium && bundlesBuilt && hasAframe))(
  'A-Frame 1.8 with dist/xrgate.js',
  { timeout: 60_000 },
  () => {
    let chromium: Browser;
    let s: Site;
    beforeAll(async () => {
      [chromium, s] = await Promise.all([launch(), site()]);
      // The default headset's controllers: A-Frame's tracked-controls component for each hand.
      const controls = ['left', 'right']
        .map(
          (hand) =>
            `<a-entity id="${hand}" tracked-controls="id: generic; hand: ${hand}; iterateControllerProfiles: true"></a-entity>`,
        )
        .join('\n  ');
      addAframe(s, '/scene.html', scenePage(controls, true, false));
    }, 60_000);
    afterAll(async () => {
      await chromium?.close();
      await s?.served.close();
    });

    async function open(): Promise<{
      context: BrowserContext;
      page: Page;
      cdp: CDPSession;
      errors: string[];
    }> {
      const context = await chromium.newContext({ viewport: { width: 900, height: 700 } });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      page.on('request', (r) => {
        if (!r.url().startsWith(`${s.served.origin}/`))
          errors.push(`request off the test server: ${r.url()}`);
      });
      const cdp = await context.newCDPSession(page);
      await page.goto(`${s.served.origin}/scene.html`);
      return { context, page, cdp, errors };
    }

    /** Presses the bundle's offer control with the real mouse, then answers the consent prompt. */
    async function enterThroughOffer(page: Page, cdp: CDPSession): Promise<void> {
      await expect.poll(() => centreOf(cdp, 'data-offer', 'enter'), { timeout: 15_000 }).not.toBeNull();
      await page.waitForTimeout(900); // the control is armed 400 ms after it became visible
      const at = (await centreOf(cdp, 'data-offer', 'enter'))!;
      await realClick(cdp, at.x, at.y);
      // A-Frame requires local-floor: the consent prompt, answered once it is armed.
      await expect.poll(() => centreOf(cdp, 'data-answer', 'once'), { timeout: 10_000 }).not.toBeNull();
      await page.waitForTimeout(900);
      const once = (await centreOf(cdp, 'data-answer', 'once'))!;
      await realClick(cdp, once.x, once.y);
      await expect.poll(() => inVR(cdp), { timeout: 15_000 }).toBe(true);
    }

    it('issue 12, R-NAV-21: A-Frame offers the session on load; nothing enters VR without a press; a real click on the control, then consent, enters VR', async () => {
      const { context, page, cdp, errors } = await open();
      // The control appears with no gesture at all: A-Frame called offerSession on load.
      await expect.poll(() => centreOf(cdp, 'data-offer', 'enter'), { timeout: 15_000 }).not.toBeNull();
      expect(await script(cdp, "document.querySelector('a-scene').hasLoaded")).toBe(true);
      await page.waitForTimeout(3000);
      expect(await inVR(cdp)).toBe(false);
      expect(await script(cdp, "!!document.querySelector('a-scene').xrSession")).toBe(false);
      expect(await log(cdp)).toEqual([]);
      await enterThroughOffer(page, cdp);
      expect((await log(cdp))[0]).toBe('enter-vr');
      expect(
        await script(
          cdp,
          "document.querySelector('a-scene').xrSession.enabledFeatures.includes('local-floor')",
        ),
      ).toBe(true);
      expect(errors).toEqual([]);
      await context.close();
    });

    it('issue 14 (9), R-SESSION-12: after entering VR, A-Frame has both controllers (the initial input sources come with the first frame)', async () => {
      const { context, page, cdp, errors } = await open();
      await enterThroughOffer(page, cdp);
      await expect.poll(() => script(cdp, HANDS), { timeout: 10_000 }).toEqual(['left', 'right']);
      // A-Frame's tracked-controls system took the sources from an inputsourceschange after
      // enter-vr, and each hand's tracked-controls component found its controller.
      const controllerOf = (hand: string) =>
        script(
          cdp,
          `(document.getElementById('${hand}').components['tracked-controls'].controller || {}).handedness || null`,
        );
      await expect.poll(() => controllerOf('left'), { timeout: 10_000 }).toBe('left');
      await expect.poll(() => controllerOf('right'), { timeout: 10_000 }).toBe('right');
      expect(
        await script(cdp, "document.querySelector('a-scene').systems['tracked-controls'].controllers.length"),
      ).toBe(2);
      expect(errors).toEqual([]);
      await context.close();
    });
  },
);

describe.skipIf(!(runExtension && hasAframe))('A-Frame 1.8 with the extension', { timeout: 60_000 }, () => {
  let b: XrgateBrowser;
  let s: Site;
  beforeAll(async () => {
    [b, s] = await Promise.all([browser(), site()]);
    const controls = ['left', 'right']
      // (No controller models: A-Frame would fetch them from its CDN.)
      .map((hand) => `<a-entity id="${hand}" laser-controls="hand: ${hand}; model: false"></a-entity>`)
      .join('\n  ');
    addAframe(s, '/scene.html', scenePage(controls, false, true));
  }, 60_000);
  afterAll(async () => {
    await b?.close();
    await s?.served.close();
  });

  it("issue 14 (9), R-SESSION-12: entering VR through the extension's offer control, laser-controls connects both controllers", async () => {
    const page = await b.context.newPage();
    const offSite: string[] = [];
    page.on('request', (r) => {
      const url = r.url();
      if (!url.startsWith(`${s.served.origin}/`) && !url.startsWith('chrome-extension://')) offSite.push(url);
    });
    const cdp = await b.context.newCDPSession(page);
    await page.goto(`${s.served.origin}/scene.html`);
    let frame: Frame | undefined;
    await expect
      .poll(
        async () => {
          frame = page.frames().find((f) => f.url().includes('/prompt.html#'));
          return frame ? frame.locator('#offer:not([hidden])').count() : 0;
        },
        { timeout: 15_000 },
      )
      .toBe(1);
    await page.waitForTimeout(1000);
    expect(await inVR(cdp)).toBe(false); // no session without the user's press
    await expect
      .poll(() => frame!.locator('#enter').getAttribute('aria-disabled'), { timeout: 10_000 })
      .toBe('false');
    const box = (await frame!.locator('#enter').boundingBox())!;
    await realClick(cdp, box.x + box.width / 2, box.y + box.height / 2);
    await answerPrompt(page, 'once');
    await expect.poll(() => inVR(cdp), { timeout: 15_000 }).toBe(true);
    await expect.poll(() => script(cdp, HANDS), { timeout: 10_000 }).toEqual(['left', 'right']);
    await expect
      .poll(() => connected(cdp), { timeout: 10_000 })
      .toEqual([
        'controllerconnected:left:meta-touch-controls',
        'controllerconnected:right:meta-touch-controls',
      ]);
    expect(offSite).toEqual([]); // everything came from the test's server (and the extension)
    await page.close();
  });
});
