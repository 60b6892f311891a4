// A hidden tab in real Chromium: another tab in front hides the page (document.visibilityState
// 'hidden'); its inline session mirrors that (R-VIS-02), and its immersive session, drawn on the
// page by dist/xrgate.js, becomes 'hidden' and gets no animation frames until the tab is in front
// again (R-VIS-03, R-VIS-06, R-VIS-08). The tab in the background also loses focus, which hides an
// immersive session on its own (R-TRUST-08); the inline session ignores focus, so it is the proof
// that the document's own visibility reaches xrgate. Chromium runs without Playwright's focus
// emulation here (launchPlain): with it, Chromium keeps every page visible.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bundlesBuilt,
  hasChromium,
  launchPlain,
  type PlainChromium,
  ROOT,
  type Served,
  serve,
} from './harness.js';

const run = hasChromium && bundlesBuilt;

const PAGE = `<!doctype html><meta charset=utf-8><title>tab</title>
<canvas id=c width=200 height=100></canvas><button id=go style="font-size:20px">go</button>
<script>
window.__log = [];
window.__frames = 0;
const log = (s) => window.__log.push(s);
document.addEventListener('visibilitychange', () => log('document:' + document.visibilityState));
navigator.xr.requestSession('inline').then((s) => {
  log('inline:' + s.visibilityState);
  s.addEventListener('visibilitychange', () => log('inline:' + s.visibilityState));
}, (e) => log('inline-error:' + e.name));
document.getElementById('go').addEventListener('click', async () => {
  try {
    const s = await navigator.xr.requestSession('immersive-vr');
    const gl = document.getElementById('c').getContext('webgl', { xrCompatible: true });
    s.updateRenderState({ baseLayer: new XRWebGLLayer(s, gl) });
    const space = await s.requestReferenceSpace('local');
    log('immersive:' + s.visibilityState);
    s.addEventListener('visibilitychange', () => log('immersive:' + s.visibilityState));
    const loop = (t, frame) => {
      window.__frames++;
      if (s.visibilityState === 'hidden') log('frame-while-hidden');
      frame.getViewerPose(space);
      s.requestAnimationFrame(loop);
    };
    s.requestAnimationFrame(loop);
  } catch (e) {
    log('immersive-error:' + e.name);
  }
});
</script>`;

const state = (page: Page) =>
  page.evaluate(() => {
    const w = window as unknown as { __log: string[]; __frames: number };
    return { log: w.__log.join(','), frames: w.__frames, visibility: document.visibilityState };
  });

describe.skipIf(!run)('a hidden tab (Chromium, no focus emulation)', () => {
  let chromium: PlainChromium;
  let server: Served;
  beforeAll(async () => {
    chromium = await launchPlain();
    await chromium.context.addInitScript({ content: readFileSync(join(ROOT, 'dist', 'xrgate.js'), 'utf8') });
    server = await serve({ '/tab.html': PAGE });
  }, 60_000);
  afterAll(async () => {
    await chromium?.close();
    await server?.close();
  });

  it('R-VIS-02, R-VIS-03, R-VIS-06, R-VIS-08: another tab in front hides the inline and immersive sessions; frames stop and resume', async () => {
    const page = await chromium.context.newPage();
    await page.goto(`${server.origin}/tab.html`);
    await expect.poll(async () => (await state(page)).log).toBe('inline:visible');
    await page.click('#go');
    await expect.poll(async () => (await state(page)).frames, { timeout: 10_000 }).toBeGreaterThan(5);
    expect((await state(page)).log).toBe('inline:visible,immersive:visible');

    // Another tab comes to the front of the same window: the page is really hidden.
    const other = await chromium.context.newPage();
    await expect.poll(async () => (await state(page)).visibility, { timeout: 5000 }).toBe('hidden');
    await expect
      .poll(async () => (await state(page)).log.split(',').sort().join(','), { timeout: 5000 })
      .toBe('document:hidden,immersive:hidden,immersive:visible,inline:hidden,inline:visible');
    const hiddenAt = (await state(page)).frames;
    await page.waitForTimeout(1500);
    expect((await state(page)).frames).toBe(hiddenAt);

    // Back in front: visible again, and frames resume.
    await page.bringToFront();
    await expect.poll(async () => (await state(page)).visibility, { timeout: 5000 }).toBe('visible');
    await expect
      .poll(async () => (await state(page)).log.split(',').filter((e) => e.endsWith(':visible')).length, {
        timeout: 5000,
      })
      .toBe(5);
    await expect
      .poll(async () => (await state(page)).frames, { timeout: 5000 })
      .toBeGreaterThan(hiddenAt + 3);
    const log = (await state(page)).log;
    expect(log).not.toContain('frame-while-hidden');
    expect(log.split(',').slice(-3).sort()).toEqual([
      'document:visible',
      'immersive:visible',
      'inline:visible',
    ]);
    await other.close();
    await page.close();
  }, 60_000);
});
