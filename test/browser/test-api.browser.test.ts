// dist/xrgate-test.js in real Chromium pages: the WebXR Test API drives xrgate, testharness-style.
// Requirement ids: R-TEST-01..09, R-SPACE-13/18/19/30, R-SESSION-03, R-LIFE-08, R-VIS-08.

import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundlesBuilt, hasChromium, launch, runPage, type Served, scenarioPage, serve } from './harness.js';

const required = process.env.CI === 'true';
const run = hasChromium && bundlesBuilt;
if (!run && required)
  throw new Error('browser tests need /usr/bin/chromium and `npm run build` (dist/) in CI');

const scenarios = scenarioPage(`
  const VIEW = (eye, x) => ({ eye, projectionMatrix: [1,0,0,0, 0,1,0,0, 0,0,-1,-1, 0,0,-0.2,0],
    resolution: { width: 200, height: 200 }, viewOffset: { position: [x, 0, 0], orientation: [0, 0, 0, 1] } });
  const ORIGIN = { position: [0.25, 1.5, -0.5], orientation: [0, 0, 0, 1] };
  report('R-TEST-01: navigator.xr.test exists in the test bundle', navigator.xr && typeof navigator.xr.test === 'object');
  report('R-EXPO-02: navigator.xr is [SameObject]', navigator.xr === navigator.xr);
  report('no device: immersive-vr is not supported', (await navigator.xr.isSessionSupported('immersive-vr')) === false);

  const device = await navigator.xr.test.simulateDeviceConnection({
    supportsImmersive: true, views: [VIEW('left', -0.032), VIEW('right', 0.032)], viewerOrigin: ORIGIN,
    floorOrigin: { position: [0, -1.6337, 0], orientation: [0, 0, 0, 1] },
    boundsCoordinates: [{ x: -1.512, z: -1.2649 }, { x: 1.4987, z: -1.3021 }, { x: 1.53, z: 1.2333 }, { x: -1.4781, z: 1.271 }],
    supportedFeatures: ['local-floor', 'bounded-floor'],
  });
  report('R-TEST-09: isSessionSupported answers truthfully with no prompt', (await navigator.xr.isSessionSupported('immersive-vr')) === true);

  report('the harness gives the page no activation', navigator.userActivation.isActive === false);
  let err = await navigator.xr.requestSession('immersive-vr').then(() => 'resolved', (e) => e.name);
  report('R-SESSION-03: immersive-vr without activation rejects SecurityError', err === 'SecurityError', err);

  const gl = document.getElementById('c').getContext('webgl', { xrCompatible: true });
  await gl.makeXRCompatible();
  const session = await withActivation(() => navigator.xr.requestSession('immersive-vr', { requiredFeatures: ['local-floor'], optionalFeatures: ['bounded-floor'] }));
  report('R-TEST-09: consent-needing features granted as implicit consent', session.enabledFeatures.includes('local-floor') && session.enabledFeatures.includes('bounded-floor'), session.enabledFeatures.join());
  session.updateRenderState({ baseLayer: new XRWebGLLayer(session, gl) });
  const local = await session.requestReferenceSpace('local');
  const floor = await session.requestReferenceSpace('local-floor');
  const bounded = await session.requestReferenceSpace('bounded-floor');

  await frame(session);
  const poses = await inFrame(session, (f) => {
    const v = f.getViewerPose(local);
    const fl = f.getViewerPose(floor);
    return { x: v.transform.position.x, y: v.transform.position.y, z: v.transform.position.z, views: v.views.length,
      floorY: fl.transform.position.y, emulated: v.emulatedPosition };
  });
  report('viewer pose equals the fake viewer origin', Math.abs(poses.x - 0.25) < 1e-6 && Math.abs(poses.y - 1.5) < 1e-6 && Math.abs(poses.z + 0.5) < 1e-6 && poses.views === 2 && poses.emulated === false, JSON.stringify(poses));
  report('R-SPACE-13, R-SPACE-30: the floor 1.6337 m below is reported at 1 cm (viewer 1.5 + 1.63)', Math.abs(poses.floorY - (1.5 + 1.63)) < 1e-6, poses.floorY);
  const b = bounded.boundsGeometry.map((p) => [p.x, p.z, p.y, p.w]);
  const onGrid = b.every(([x, z]) => Number.isInteger(Math.round(x * 20 * 1e6) / 1e6) && Number.isInteger(Math.round(z * 20 * 1e6) / 1e6));
  const room = [[-1.512, -1.2649], [1.4987, -1.3021], [1.53, 1.2333], [-1.4781, 1.271]];
  const inPolygon = (x, z) => { let c = false; for (let i = 0, j = room.length - 1; i < room.length; j = i++) {
    const [xi, zi] = room[i]; const [xj, zj] = room[j];
    if ((zi > z) !== (zj > z) && x < ((xj - xi) * (z - zi)) / (zj - zi) + xi) c = !c; } return c; };
  const inside = b.every(([x, z]) => inPolygon(x, z));
  report('R-SPACE-18, R-SPACE-27: bounds on the 5 cm grid, inside the room, y 0 and w 1', b.length >= 3 && onGrid && inside && b.every(([, , y, w]) => y === 0 && w === 1), JSON.stringify(b));

  // Input sources: add, select, remove.
  const events = [];
  for (const t of ['inputsourceschange', 'selectstart', 'select', 'selectend']) session.addEventListener(t, (e) => events.push(t + (t === 'inputsourceschange' ? ':' + e.added.length + '/' + e.removed.length : '')));
  const ctl = device.simulateInputSourceConnection({ handedness: 'right', targetRayMode: 'tracked-pointer', profiles: ['generic-trigger'],
    pointerOrigin: { position: [0, 1, -1], orientation: [0, 0, 0, 1] }, gripOrigin: { position: [0, 1, -0.9], orientation: [0, 0, 0, 1] } });
  await frame(session); await frame(session);
  ctl.simulateSelect();
  await frame(session); await frame(session);
  ctl.disconnect();
  await frame(session); await frame(session);
  report('R-SESSION-12: input add, select click, remove fire in order', events.join() === 'inputsourceschange:1/0,selectstart,select,selectend,inputsourceschange:0/1', events.join());

  // Visibility.
  const vis = [];
  session.addEventListener('visibilitychange', () => vis.push(session.visibilityState));
  device.simulateVisibilityChange('visible-blurred');
  await new Promise((r) => setTimeout(r, 50));
  device.simulateVisibilityChange('visible');
  await new Promise((r) => setTimeout(r, 50));
  report('R-VIS-08: visibility changes fire visibilitychange', vis.join() === 'visible-blurred,visible', vis.join());

  // spec #opaque-framebuffer: the layer's framebuffer, outside and inside an XR animation frame.
  {
    const fb = session.renderState.baseLayer.framebuffer;
    const errs = [];
    while (gl.getError() !== gl.NO_ERROR);
    gl.clearColor(0.25, 0.5, 0.75, 1);
    gl.bindFramebuffer(gl.FRAMEBUFFER, fb);
    errs.push(gl.getError() === gl.NO_ERROR);
    errs.push(gl.checkFramebufferStatus(gl.FRAMEBUFFER) === gl.FRAMEBUFFER_UNSUPPORTED);
    gl.clear(gl.COLOR_BUFFER_BIT);
    errs.push(gl.getError() === gl.INVALID_FRAMEBUFFER_OPERATION);
    gl.deleteFramebuffer(fb);
    errs.push(gl.getError() === gl.INVALID_OPERATION && gl.getParameter(gl.FRAMEBUFFER_BINDING) === fb);
    const tex = gl.createTexture();
    gl.framebufferTexture2D(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0, gl.TEXTURE_2D, tex, 0);
    errs.push(gl.getError() === gl.INVALID_OPERATION);
    report('spec #opaque-framebuffer: outside a frame it is incomplete, draws fail, it cannot be deleted or re-attached', errs.every(Boolean), errs.join());
    const inside = await inFrame(session, () => {
      const px = new Uint8Array(4);
      gl.bindFramebuffer(gl.FRAMEBUFFER, fb);
      const complete = gl.checkFramebufferStatus(gl.FRAMEBUFFER) === gl.FRAMEBUFFER_COMPLETE;
      // Cleared before the frame to (0, 0, 0, 0), the page's clear colour left as it was.
      gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, px);
      const cleared = [...px].join();
      const clearColor = [...gl.getParameter(gl.COLOR_CLEAR_VALUE)].join();
      gl.clear(gl.COLOR_BUFFER_BIT);
      gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, px);
      return { complete, cleared, clearColor, drawn: [...px].join(), error: gl.getError() };
    });
    const next = await inFrame(session, () => {
      const px = new Uint8Array(4);
      gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, px);
      return [...px].join();
    });
    report('spec #opaque-framebuffer: inside a frame it is complete and drawable, cleared before every frame', inside.complete && inside.cleared === '0,0,0,0' && inside.clearColor === '0.25,0.5,0.75,1' && inside.drawn === '64,128,191,255' && inside.error === gl.NO_ERROR && next === '0,0,0,0', JSON.stringify({ inside, next }));
    gl.bindFramebuffer(gl.FRAMEBUFFER, null);
  }

  // Disconnect ends the session.
  const ended = new Promise((r) => session.addEventListener('end', () => r(true)));
  const changed = new Promise((r) => navigator.xr.addEventListener('devicechange', () => r(true), { once: true }));
  await device.disconnect();
  report('R-LIFE-08: disconnect ends the session and fires devicechange', (await ended) === true && (await changed) === true);
`);

describe.skipIf(!run)('dist/xrgate-test.js in Chromium (WebXR Test API)', () => {
  let browser: Browser;
  let server: Served;
  beforeAll(async () => {
    browser = await launch();
    server = await serve({ '/scenarios.html': scenarios });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('R-TEST-01..09: device connection, activation, poses, floor and bounds, input, visibility, disconnect', async () => {
    const { results, errors } = await runPage(browser, `${server.origin}/scenarios.html`, 'xrgate-test.js');
    expect(errors).toEqual([]);
    const failed = results.filter((r) => !r.ok);
    expect(failed, JSON.stringify(failed, null, 2)).toEqual([]);
    expect(results.length).toBeGreaterThanOrEqual(12);
  }, 60_000);
});
