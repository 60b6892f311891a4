// The camera privacy indicator with the extension (Raw Camera Access #privacy-indicators, R-CAM-06):
// a session granted 'camera-access' turns on the extension action's badge for the tab ("CAM", its
// title naming the origin Chrome recorded: browser UI no page can reach) and the in-page badge
// drawn from the isolated world; the session gets camera images; the session's end, or the
// document's going away without ending it, turns both off. A page that removes the in-page badge
// gets it back.

import { describe, expect, it } from 'vitest';
import type { XrgateBrowser } from '../../src/extension/node/index.js';
import { answerPrompt, open, phone, runExtension, type Site, script, suiteBrowser } from './harness.js';

const PAGE = `<!doctype html><meta charset=utf-8>
<button id=go style="position:fixed;left:20px;top:20px;width:160px;height:50px">go</button>
<div id=out style="position:fixed;left:20px;top:90px"></div><canvas id=c width=320 height=240></canvas>
<script>
// A page that defines the bundle's indicator tag: its constructor must never run in the extension.
customElements.define('xrgate-indicator', class extends HTMLElement {
  constructor() { super(); window.__ctorRan = true; this.attachShadow({ mode: 'open' }); }
});
window.__cameras = 0;
document.getElementById('go').addEventListener('click', () =>
  navigator.xr.requestSession('immersive-ar', { requiredFeatures: ['camera-access'] }).then(async (s) => {
    window.__s = s;
    const gl = document.getElementById('c').getContext('webgl2', { xrCompatible: true });
    s.updateRenderState({ baseLayer: new XRWebGLLayer(s, gl) });
    const binding = new XRWebGLBinding(s, gl);
    const space = await s.requestReferenceSpace('local');
    const loop = (t, f) => {
      const pose = f.getViewerPose(space);
      const cam = pose && pose.views[0].camera;
      if (cam && binding.getCameraImage(cam)) window.__cameras++;
      s.requestAnimationFrame(loop);
    };
    s.requestAnimationFrame(loop);
    s.addEventListener('end', () => { window.__ended = true; });
    document.getElementById('out').textContent = 'granted:' + s.enabledFeatures.includes('camera-access');
  }, (e) => { document.getElementById('out').textContent = e.name + ': ' + e.message; }));
</script>`;

interface Badge {
  text: string;
  title: string;
  origins: readonly string[] | null;
}

describe.skipIf(!runExtension)('the camera indicator with the extension (R-CAM-06)', () => {
  let b: XrgateBrowser;
  let s: Site;
  suiteBrowser((suite) => {
    ({ b, s } = suite);
  });

  /** The tab of the document at `url` (Chrome's record, in the worker). */
  const tabOf = (url: string): Promise<number | null> =>
    b.serviceWorker.evaluate((u: string) => {
      const st = (
        globalThis as unknown as {
          xrgateState: { documents(): { url: string; frameId: number; tabId: number }[] };
        }
      ).xrgateState;
      return st.documents().find((d) => d.url === u && d.frameId === 0)?.tabId ?? null;
    }, url);

  /** What the browser's UI shows for the tab: the action's badge and title, and the worker's origins. */
  const badge = (tabId: number): Promise<Badge> =>
    b.serviceWorker.evaluate(async (t: number) => {
      const c = globalThis as unknown as {
        chrome: {
          action: {
            getBadgeText(d: { tabId: number }): Promise<string>;
            getTitle(d: { tabId: number }): Promise<string>;
          };
        };
        xrgateState: { cameraOrigins(t: number): readonly string[] | null };
      };
      return {
        text: await c.chrome.action.getBadgeText({ tabId: t }),
        title: await c.chrome.action.getTitle({ tabId: t }),
        origins: (
          globalThis as unknown as { xrgateState: { cameraOrigins(t: number): readonly string[] | null } }
        ).xrgateState.cameraOrigins(t),
      };
    }, tabId);

  /** A page of the suite on the phone preset, its camera session granted by a real click and answer. */
  async function cameraSession(path: string) {
    const opened = await open(b, s, path, PAGE);
    const tabId = (await tabOf(opened.page.url()))!;
    await phone(b, opened.page);
    await opened.page.click('#go');
    await answerPrompt(opened.page, 'once');
    await expect
      .poll(() => script(opened.cdp, "document.getElementById('out').textContent"), { timeout: 15_000 })
      .toBe('granted:true');
    return { ...opened, tabId };
  }

  it('a camera session: the badge names the origin, camera images flow, the page cannot remove the in-page badge; the end turns it off', async () => {
    const { page, cdp } = await open(b, s, '/camera.html', PAGE);
    const tabId = await tabOf(page.url());
    expect(tabId).not.toBeNull();
    // The phone, whose camera the Raw Camera Access module reads (the panel's preset switch).
    await phone(b, page);
    expect(await badge(tabId!)).toEqual({ text: '', title: 'xrgate', origins: null });
    await page.click('#go');
    await answerPrompt(page, 'once');
    await expect
      .poll(() => script(cdp, "document.getElementById('out').textContent"), { timeout: 15_000 })
      .toBe('granted:true');
    await expect
      .poll(() => badge(tabId!), { timeout: 5_000 })
      .toEqual({
        text: 'CAM',
        title: `Camera in use by ${s.served.origin}`,
        origins: [s.served.origin],
      });
    // With the indicator shown, the session gets camera images (R-CAM-06's precondition).
    await expect.poll(() => script(cdp, 'window.__cameras'), { timeout: 10_000 }).toBeGreaterThan(3);
    expect(await script(cdp, 'window.__ctorRan === true')).toBe(false);
    // The in-page badge: present; removed by the page, back at once.
    expect(await script(cdp, "document.querySelectorAll('[data-xrgate-indicator]').length")).toBe(1);
    await script(cdp, "document.querySelector('[data-xrgate-indicator]').remove()");
    await expect
      .poll(() => script(cdp, "document.querySelectorAll('[data-xrgate-indicator]').length"), {
        timeout: 5_000,
      })
      .toBe(1);
    // Same-document navigations (a fragment, pushState) keep the tab's badge: the session goes on.
    await script(cdp, "location.hash = 'elsewhere'; history.pushState(null, '', '/camera.html?moved')");
    await page.waitForTimeout(300);
    expect((await badge(tabId!)).text).toBe('CAM');
    expect(await script(cdp, 'window.__ended === true')).toBe(false);
    await script(cdp, 'window.__s.end()');
    await expect
      .poll(() => badge(tabId!), { timeout: 5_000 })
      .toEqual({ text: '', title: 'xrgate', origins: null });
    expect(await script(cdp, "document.querySelectorAll('[data-xrgate-indicator]').length")).toBe(0);
    await page.close();
  }, 90_000);

  it('the document goes away with its camera session running: the badge goes off', async () => {
    s.pages['/elsewhere.html'] = '<!doctype html><p>elsewhere</p>';
    const { page, tabId } = await cameraSession('/camera-leave.html');
    await expect.poll(async () => (await badge(tabId)).text, { timeout: 5_000 }).toBe('CAM');
    await page.goto(`${s.served.origin}/elsewhere.html`);
    await expect.poll(async () => (await badge(tabId)).origins, { timeout: 5_000 }).toBeNull();
    expect((await badge(tabId)).text).toBe('');
    await page.close();
  }, 90_000);

  it('the worker restarts mid-session: the document opens again, and the end of the session still takes the badge down', async () => {
    const { page, cdp, tabId } = await cameraSession('/camera-restart.html');
    // Read from an extension page: the worker the test held goes away.
    const probe = await b.context.newPage();
    await probe.goto(`chrome-extension://${b.extensionId}/panel.html`);
    const text = () =>
      probe.evaluate(
        (t) =>
          (
            globalThis as unknown as {
              chrome: { action: { getBadgeText(d: { tabId: number }): Promise<string> } };
            }
          ).chrome.action.getBadgeText({ tabId: t }),
        tabId,
      );
    await expect.poll(text, { timeout: 5_000 }).toBe('CAM');
    const sw = await b.context.newCDPSession(page);
    await sw.send('ServiceWorker.enable');
    await sw.send('ServiceWorker.stopAllWorkers');
    await page.waitForTimeout(1_000);
    expect(await text()).toBe('CAM');
    await script(cdp, 'window.__s.end()');
    await expect.poll(text, { timeout: 5_000 }).toBe('');
    await probe.close();
    await page.close();
  }, 90_000);
});
