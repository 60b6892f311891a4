// Hostile: the DOM Overlays Module in real Chromium (dist/xrgate-test.js): a headset's controller whose primary
// action begins over a cross-origin iframe inside the overlay gives the hosting page nothing of the
// interaction — no beforexrselect, no select events, no pose of the source, and no gamepad input
// state (its buttons keep what they were before) — while the same action over the page's own
// overlay content fires beforexrselect. R-DOM-03, R-DOM-04; spec(dom-overlays)
// #cross-origin-content-events ("must not provide poses or gamepad input state").

import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bundlesBuilt,
  hasChromium,
  launch,
  runPage,
  type Served,
  scenarioPage,
  serve,
} from '../browser/harness.js';

const required = process.env.CI === 'true';
const run = hasChromium && bundlesBuilt;
if (!run && required)
  throw new Error('browser tests need /usr/bin/chromium and `npm run build` (dist/) in CI');

/** The scenario: `OTHER` is the iframe's origin (the test server's, as localhost: another origin). */
const scenario = (other: string, how: Embedding) =>
  scenarioPage(`
  const HOW = ${JSON.stringify(how)};
  const VIEW = (eye, x) => ({ eye, projectionMatrix: [1,0,0,0, 0,1,0,0, 0,0,-1,-1, 0,0,-0.2,0],
    resolution: { width: 200, height: 200 }, viewOffset: { position: [x, 0, 0], orientation: [0, 0, 0, 1] } });
  const root = document.createElement('div');
  root.style.cssText = 'position:fixed;left:0;top:0;width:400px;height:200px;background:#eee';
  const own = document.createElement('button');
  own.textContent = 'own';
  own.style.cssText = 'position:absolute;left:0;top:0;width:200px;height:200px';
  const frameEl = document.createElement('iframe');
  frameEl.src = ${JSON.stringify(`${other}/child.html`)};
  const BOX = 'position:absolute;left:200px;top:0;width:200px;height:200px;border:0';
  frameEl.style.cssText = HOW === 'direct' ? BOX : 'position:absolute;left:0;top:0;width:200px;height:200px;border:0';
  const loaded = (f) => new Promise((r) => f.addEventListener('load', r, { once: true }));
  let frameLoaded = loaded(frameEl);
  if (HOW === 'direct') root.append(own, frameEl);
  else if (HOW === 'open shadow root' || HOW === 'closed shadow root') {
    // The cross-origin frame inside a shadow root: elementFromPoint sees only its host.
    const host = document.createElement('div');
    host.style.cssText = BOX;
    host.attachShadow({ mode: HOW === 'open shadow root' ? 'open' : 'closed' }).append(frameEl);
    root.append(own, host);
  } else {
    // The cross-origin frame inside a same-origin frame (its load waits for the inner one):
    // elementFromPoint sees only the outer frame.
    const outer = document.createElement('iframe');
    // (Padding and a transform move the inner frame away from where the outer box says.)
    outer.style.cssText = BOX + (HOW === 'same-origin frame with padding' ? ';padding-left:100px;width:100px'
      : HOW === 'same-origin frame scaled' ? ';transform:scale(2);transform-origin:0 0' : '');
    outer.src = '/outer.html';
    frameLoaded = loaded(outer);
    root.append(own, outer);
  }
  document.body.append(root);
  await frameLoaded;

  const device = await navigator.xr.test.simulateDeviceConnection({
    supportsImmersive: true, supportedModes: ['immersive-ar'], views: [VIEW('left', -0.032), VIEW('right', 0.032)],
    viewerOrigin: { position: [0, 1.6, 0], orientation: [0, 0, 0, 1] }, supportedFeatures: ['viewer', 'local', 'dom-overlay'],
  });
  const session = await withActivation(() => navigator.xr.requestSession('immersive-ar', {
    requiredFeatures: ['dom-overlay'], domOverlay: { root } }));
  report('dom-overlay enabled on the headset: floating', session.domOverlayState && session.domOverlayState.type === 'floating', JSON.stringify(session.domOverlayState));
  const gl = document.getElementById('c').getContext('webgl', { xrCompatible: true });
  session.updateRenderState({ baseLayer: new XRWebGLLayer(session, gl) });
  const local = await session.requestReferenceSpace('local');
  const ctl = device.simulateInputSourceConnection({ handedness: 'right', targetRayMode: 'tracked-pointer', profiles: ['generic-trigger'],
    pointerOrigin: { position: [0.1, 1.4, -0.3], orientation: [0, 0, 0, 1] }, gripOrigin: { position: [0.1, 1.4, -0.3], orientation: [0, 0, 0, 1] },
    supportedButtons: [{ buttonType: 'grip', pressed: false, touched: false, pressedValue: 0 }] });
  const events = [];
  for (const t of ['selectstart', 'select', 'selectend']) session.addEventListener(t, () => events.push(t));
  const before = [];
  root.addEventListener('beforexrselect', (e) => before.push(e.target === own ? 'own' : String(e.target && e.target.tagName)));
  await frame(session); await frame(session);
  const snap = () => inFrame(session, (f) => {
    const src = session.inputSources[0];
    const pose = f.getPose(src.gripSpace, local);
    const b = src.gamepad.buttons;
    return { pose: pose !== null, b0: [b[0].pressed, b[0].value], grip: b[1] ? [b[1].pressed, b[1].value] : null };
  });
  const idle = await snap();
  report('before any action: the pose is given, no button pressed', idle.pose && idle.b0.join() === 'false,0' && idle.grip && idle.grip.join() === 'false,0', JSON.stringify(idle));

  // Over the cross-origin iframe: the trigger goes down, and the grip button too, during the action.
  ctl.setOverlayPointerPosition(300, 100);
  ctl.startSelection();
  await frame(session);
  ctl.updateButtonState({ buttonType: 'grip', pressed: true, touched: true, pressedValue: 1 });
  const during = [await snap(), await snap()];
  ctl.endSelection();
  await frame(session); await frame(session);
  ctl.updateButtonState({ buttonType: 'grip', pressed: false, touched: false, pressedValue: 0 });
  await frame(session); await frame(session);
  const after = await snap();
  report('R-DOM-04: over cross-origin content, no beforexrselect and no select events', events.length === 0 && before.length === 0, events.join() + '|' + before.join());
  report('R-DOM-04: while it lasts, no pose of the source', during.every((d) => d.pose === false), JSON.stringify(during));
  report('R-DOM-04: while it lasts, the gamepad keeps its state from before (trigger and grip up)', during.every((d) => d.b0.join() === 'false,0' && d.grip.join() === 'false,0'), JSON.stringify(during));
  report('after it ends, the pose and the gamepad are given again', after.pose && after.b0.join() === 'false,0' && after.grip.join() === 'false,0', JSON.stringify(after));

  // The same press over the page's own overlay content: beforexrselect, then the session's select.
  ctl.setOverlayPointerPosition(100, 100);
  ctl.startSelection();
  await frame(session);
  const pressed = await snap();
  ctl.endSelection();
  await frame(session); await frame(session);
  report('R-DOM-03: over same-origin content, beforexrselect on the element, then select', before.join() === 'own' && events.join() === 'selectstart,select,selectend', events.join() + '|' + before.join());
  report('over same-origin content, the pose and the pressed trigger are given', pressed.pose && pressed.b0.join() === 'true,1', JSON.stringify(pressed));
  await session.end();
`);

type Embedding =
  | 'direct'
  | 'open shadow root'
  | 'closed shadow root'
  | 'same-origin frame'
  | 'same-origin frame with padding'
  | 'same-origin frame scaled';

describe.skipIf(!run)('DOM overlay over cross-origin content in Chromium (R-DOM-03/04)', () => {
  let browser: Browser;
  let server: Served;
  beforeAll(async () => {
    browser = await launch();
    server = await serve({ '/child.html': '<!doctype html><p>another origin</p>' });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  // Reviews found all but the first gave the page everything (elementFromPoint stops at a shadow
  // host or an outer frame; a point moved into a padded or scaled frame lands elsewhere): each
  // fails without reallyUnder in src/browser/dom-overlay.ts.
  for (const how of [
    'direct',
    'open shadow root',
    'closed shadow root',
    'same-origin frame',
    'same-origin frame with padding',
    'same-origin frame scaled',
  ] as const) {
    it(`no events, poses or gamepad state over a cross-origin iframe (${how}); beforexrselect and select over own content`, async () => {
      const other = server.origin.replace('127.0.0.1', 'localhost');
      // (The page is served from the 127.0.0.1 origin; the iframe from localhost, another origin.)
      const pages = await serve({
        '/overlay.html': scenario(other, how),
        '/outer.html': `<!doctype html><body style="margin:0"><iframe src="${other}/child.html" style="border:0;width:200px;height:200px"></iframe>`,
      });
      try {
        const { results, errors } = await runPage(browser, `${pages.origin}/overlay.html`, 'xrgate-test.js');
        expect(errors).toEqual([]);
        const failed = results.filter((r) => !r.ok);
        expect(failed).toEqual([]);
        expect(results.length).toBe(8);
      } finally {
        await pages.close();
      }
    }, 60_000);
  }
});
