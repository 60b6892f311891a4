// Switching the room in the extension's devtools panel (issue 13, item 4): the "Surroundings"
// select of an AR-capable device, chosen with a real selection in the panel, goes to the service
// worker (checked there: a built-in room's name or none), is kept for the tab with its device state,
// and reaches the tab's document, whose isolated world puts its simulated device in that room: the
// planes a running session detects change with it, and the room stays after the page reloads.

import { describe, expect, it } from 'vitest';
import type { XrgateBrowser } from '../../src/extension/node/index.js';
import { answerPrompt, open, runExtension, type Site, script, suiteBrowser } from './harness.js';

const PAGE = `<!doctype html><meta charset=utf-8>
<button id=go style="position:fixed;left:20px;top:20px;width:160px;height:50px">go</button>
<div id=out style="position:fixed;left:20px;top:90px"></div><canvas id=c width=320 height=240></canvas>
<script>
window.__planes = '';
document.getElementById('go').addEventListener('click', () =>
  navigator.xr.requestSession('immersive-ar', { requiredFeatures: ['plane-detection'] }).then(async (s) => {
    window.__s = s;
    const gl = document.getElementById('c').getContext('webgl2', { xrCompatible: true });
    s.updateRenderState({ baseLayer: new XRWebGLLayer(s, gl) });
    const loop = (t, f) => {
      // The planes detected this frame, by their semantic labels.
      window.__planes = f.detectedPlanes ? [...f.detectedPlanes].map((p) => p.semanticLabel).sort().join() : 'none';
      s.requestAnimationFrame(loop);
    };
    s.requestAnimationFrame(loop);
    document.getElementById('out').textContent = 'granted:' + s.enabledFeatures.includes('plane-detection');
  }, (e) => { document.getElementById('out').textContent = e.name + ': ' + e.message; }));
</script>`;

// The built-in rooms' planes (src/device/environment.ts): the empty room's shell only; the living
// room's shell with its tables, window and door.
const EMPTY = 'ceiling,floor,wall,wall,wall,wall';
const LIVING = 'ceiling,door,floor,table,table,wall,wall,wall,wall,window';

describe.skipIf(!runExtension)("the panel's Surroundings select (issue 13)", () => {
  let b: XrgateBrowser;
  let s: Site;
  suiteBrowser((suite) => {
    ({ b, s } = suite);
  });

  const planes = (cdp: Parameters<typeof script>[0]) => script(cdp, 'window.__planes');

  it('a room chosen in the panel: the AR session detects its planes; the tab keeps it across a reload', async () => {
    const { page, cdp } = await open(b, s, '/rooms.html', PAGE);
    const panel = await b.openPanel(page);
    await expect.poll(() => panel.locator('#origin').textContent()).toBe(`Origin: ${s.served.origin}`);
    // A VR-only headset senses no room: no Surroundings.
    await panel.locator('#preset').selectOption('pico-4');
    await expect.poll(() => panel.locator('#surroundings').isVisible()).toBe(false);
    // The phone (AR): its room is offered, the living room first.
    await panel.locator('#preset').selectOption('phone-ar');
    await expect.poll(() => panel.locator('#surroundings').isVisible()).toBe(true);
    expect(await panel.locator('#environment').inputValue()).toBe('living-room');
    // The page's document has the phone too (it supports no immersive-vr session) before its request.
    await expect
      .poll(() => script(cdp, "navigator.xr.isSessionSupported('immersive-vr')"), { timeout: 10_000 })
      .toBe(false);
    await page.bringToFront();
    await page.click('#go');
    await answerPrompt(page, 'once');
    await expect
      .poll(() => script(cdp, "document.getElementById('out').textContent"), { timeout: 15_000 })
      .toBe('granted:true');
    await expect.poll(() => planes(cdp), { timeout: 10_000 }).toBe(LIVING);
    // The empty room, chosen in the panel with a real selection: the running session's planes follow.
    await panel.bringToFront();
    await panel.locator('#environment').selectOption('empty-room');
    await expect.poll(() => planes(cdp), { timeout: 10_000 }).toBe(EMPTY);
    // None: no planes at all.
    await panel.locator('#environment').selectOption('');
    await expect.poll(() => planes(cdp), { timeout: 10_000 }).toBe('');
    await panel.locator('#environment').selectOption('office');
    await expect.poll(() => planes(cdp), { timeout: 10_000 }).toMatch(/desk/);
    // The room belongs to the tab's device state (one source of truth in the worker): a reload
    // starts the new document's device in it.
    await panel.locator('#environment').selectOption('empty-room');
    await page.bringToFront();
    await page.reload();
    await expect.poll(() => panel.locator('#environment').inputValue()).toBe('empty-room');
    await page.click('#go');
    await answerPrompt(page, 'once');
    await expect
      .poll(() => script(cdp, "document.getElementById('out').textContent"), { timeout: 15_000 })
      .toBe('granted:true');
    await expect.poll(() => planes(cdp), { timeout: 10_000 }).toBe(EMPTY);
    await panel.close();
    await page.close();
  }, 120_000);

  it('the worker refuses a room that is not one (a compromised panel or replay): the tab keeps its room', async () => {
    const { page } = await open(b, s, '/rooms-hostile.html', PAGE);
    const tabId = await b.serviceWorker.evaluate((u: string) => {
      const st = (
        globalThis as unknown as {
          xrgateState: { documents(): { url: string; frameId: number; tabId: number }[] };
        }
      ).xrgateState;
      return st.documents().find((d) => d.url === u && d.frameId === 0)?.tabId ?? null;
    }, page.url());
    expect(tabId).not.toBeNull();
    const set = (patch: unknown) =>
      b.serviceWorker.evaluate(
        ([t, p]) =>
          (
            globalThis as unknown as {
              xrgateState: { setDevice(t: number, p: unknown): { environment: string | null } };
            }
          ).xrgateState.setDevice(t as number, p).environment,
        [tabId, patch] as const,
      );
    expect(await set({ preset: 'phone-ar', environment: 'office' })).toBe('office');
    for (const bad of ['kitchen', '__proto__', 7, ['empty-room'], { name: 'empty-room' }, ''])
      expect(await set({ environment: bad })).toBe('office');
    await page.close();
  }, 60_000);
});
