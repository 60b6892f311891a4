// Chromium with the real xrgate extension (dist/extension, loaded unpacked through the package's
// own launchWithXrgate), pages served on loopback, real input only: Playwright's mouse and keyboard
// (trusted events), page script through CDP with userGesture: false (never page.evaluate, which
// grants activation; so do Playwright's locators on the page, so results are read through CDP too).
// The consent prompt is the extension's own frame: tests find its buttons through Playwright's frame
// API and click them with the real mouse (the page has had its real click by then).

import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CDPSession, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { launchWithXrgate, type XrgateBrowser } from '../../src/extension/node/index.js';
import { hasChromium, ROOT, type Served, serve } from '../browser/harness.js';

export const extensionBuilt = existsSync(join(ROOT, 'dist', 'extension', 'service-worker.js'));
export const runExtension = hasChromium && extensionBuilt;

export interface Site {
  readonly served: Served;
  readonly pages: Record<string, string>;
  readonly headers: Record<string, Record<string, string>>;
}

/** One server for a suite; pages added as tests go. */
export async function site(): Promise<Site> {
  const pages: Record<string, string> = {};
  const headers: Record<string, Record<string, string>> = {};
  const served = await serve(pages, headers);
  return { served, pages, headers };
}

export function profileDir(): string {
  return mkdtempSync(join(tmpdir(), 'xrgate-ext-test-'));
}

/**
 * A suite's Chromium with the extension and its site: started before its tests (`started` gets
 * them), closed after.
 */
export function suiteBrowser(started: (suite: { b: XrgateBrowser; s: Site }) => void): void {
  let suite: { b: XrgateBrowser; s: Site } | null = null;
  beforeAll(async () => {
    const s = await site();
    suite = { s, b: await browser() };
    started(suite);
  }, 60_000);
  afterAll(async () => {
    await suite?.b.close();
    await suite?.s.served.close();
  });
}

export async function browser(userDataDir?: string): Promise<XrgateBrowser> {
  return launchWithXrgate({ viewport: { width: 900, height: 700 }, ...(userDataDir ? { userDataDir } : {}) });
}

/** The app: a button whose real click requests an immersive session with `init`; frames counted. */
export function app(attack: string, init = '{}', extraHead = ''): string {
  return `<!doctype html><meta charset=utf-8>${extraHead}
<button id=go style="position:fixed;left:20px;top:20px;width:160px;height:50px">go</button><div id=out style="position:fixed;left:20px;top:90px"></div>
<script>window.__probe = {};</script>
<script>${attack}</script>
<script>
const out = document.getElementById('out');
window.__frames = 0;
window.__request = () => navigator.xr.requestSession('immersive-vr', ${init}).then((s) => {
  window.__s = s;
  const gl = document.createElement('canvas').getContext('webgl', { xrCompatible: true });
  if (gl) s.updateRenderState({ baseLayer: new XRWebGLLayer(s, gl) });
  s.requestReferenceSpace(s.enabledFeatures.includes('local-floor') ? 'local-floor' : 'local').then((space) => {
    const count = (t, f) => {
      window.__frames++;
      const p = f.getViewerPose(space);
      window.__y = p ? p.transform.position.y : null;
      s.requestAnimationFrame(count);
    };
    s.requestAnimationFrame(count);
  });
  s.addEventListener('end', () => { window.__ended = true; });
  out.textContent = 'granted:' + s.enabledFeatures.join(',');
}, (e) => { out.textContent = e.name; });
document.getElementById('go').addEventListener('click', () => window.__request());
</script>`;
}

export async function open(
  b: XrgateBrowser,
  s: Site,
  path: string,
  html: string,
  header?: Record<string, string>,
  origin = s.served.origin,
): Promise<{ page: Page; cdp: CDPSession }> {
  s.pages[path] = html;
  if (header) s.headers[path] = header;
  const page = await b.context.newPage();
  // A stuck action fails with its name instead of hanging the test.
  page.setDefaultTimeout(15_000);
  const cdp = await b.context.newCDPSession(page);
  sessions.set(page, cdp);
  await page.goto(`${origin}${path}`);
  return { page, cdp };
}

/** Page script without a user gesture. */
export async function script(cdp: CDPSession, expression: string): Promise<unknown> {
  const r = (await cdp.send('Runtime.evaluate', {
    expression,
    userGesture: false,
    awaitPromise: true,
    returnByValue: true,
  })) as { result: { value?: unknown }; exceptionDetails?: { text: string } };
  if (r.exceptionDetails) throw new Error(`page script failed: ${JSON.stringify(r.exceptionDetails)}`);
  return r.result.value;
}

/** A page's CDP session (for page script without a user gesture), one per page. */
const sessions = new WeakMap<Page, CDPSession>();
async function cdpOf(page: Page): Promise<CDPSession> {
  let cdp = sessions.get(page);
  if (!cdp) {
    cdp = await page.context().newCDPSession(page);
    sessions.set(page, cdp);
  }
  return cdp;
}

/**
 * The app's #out text once it has one. Read through CDP without a user gesture: Playwright's
 * locators evaluate with one, and polling with them would keep giving the page activation.
 */
export async function outcome(page: Page, timeout = 10_000): Promise<string> {
  const cdp = await cdpOf(page);
  const read = async () => String((await script(cdp, "document.getElementById('out').textContent")) ?? '');
  await expect.poll(read, { timeout }).not.toBe('');
  return read();
}

/** The extension's prompt frame in `page`, once it shows a question. */
export async function promptFrame(page: Page): Promise<Frame> {
  let frame: Frame | undefined;
  await expect
    .poll(
      async () => {
        frame = page.frames().find((f) => f.url().includes('/prompt.html#'));
        return frame ? await frame.locator('#dialog:not([hidden])').count() : 0;
      },
      { timeout: 10_000 },
    )
    .toBe(1);
  return frame!;
}

/** Waits until the prompt's buttons are armed (visible long enough), then clicks `answer` with the real mouse. */
export async function answerPrompt(
  page: Page,
  answer: 'once' | 'block' | 'remember',
  waitArmed = true,
): Promise<void> {
  const frame = await promptFrame(page);
  const button = frame.locator(`#${answer}`);
  if (waitArmed)
    await expect.poll(() => button.getAttribute('aria-disabled'), { timeout: 10_000 }).toBe('false');
  const box = await button.boundingBox();
  if (!box) throw new Error(`no "${answer}" button box`);
  // The real mouse, through CDP (what Playwright's mouse does). The release is not awaited: the
  // click removes the prompt's frame, and Chromium may then never acknowledge the event to CDP.
  const cdp = await cdpOf(page);
  const at = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  await cdp.send('Input.dispatchMouseEvent', { type: 'mouseMoved', ...at });
  await cdp.send('Input.dispatchMouseEvent', { type: 'mousePressed', ...at, button: 'left', clickCount: 1 });
  void cdp
    .send('Input.dispatchMouseEvent', { type: 'mouseReleased', ...at, button: 'left', clickCount: 1 })
    .catch(() => undefined);
}

export async function promptCount(page: Page): Promise<number> {
  return page.frames().filter((f) => f.url().includes('/prompt.html#')).length;
}

/**
 * An AR app for the Anchors Module: go requests an immersive-ar session with 'anchors'; page script
 * then calls __create() (an anchor and its persistent handle), __pose() (the anchor's pose in the
 * local space, from the next frame), __restore(handle), __delete(handle).
 */
export const ANCHOR_PAGE = `<!doctype html><meta charset=utf-8>
<button id=go style="position:fixed;left:20px;top:20px;width:160px;height:50px">go</button>
<div id=out style="position:fixed;left:20px;top:90px"></div><canvas id=c width=320 height=240></canvas>
<script>
document.getElementById('go').addEventListener('click', () =>
  navigator.xr.requestSession('immersive-ar', { requiredFeatures: ['anchors'] }).then(async (s) => {
    window.__s = s;
    const gl = document.getElementById('c').getContext('webgl2', { xrCompatible: true });
    s.updateRenderState({ baseLayer: new XRWebGLLayer(s, gl) });
    window.__space = await s.requestReferenceSpace('local');
    const loop = () => s.requestAnimationFrame(loop);
    s.requestAnimationFrame(loop);
    document.getElementById('out').textContent = 'granted:' + s.enabledFeatures.includes('anchors');
  }, (e) => { document.getElementById('out').textContent = e.name + ': ' + e.message; }));
// In the next frame's callback (the frame is active only there).
const inFrame = (fn) => new Promise((resolve, reject) =>
  window.__s.requestAnimationFrame((t, f) => { try { resolve(fn(f)); } catch (e) { reject(e); } }));
window.__create = () => inFrame((f) => f.createAnchor(
  new XRRigidTransform({ x: 0.3, y: 0.2, z: -1.1 }, { x: 0, y: 0.3826834324, z: 0, w: 0.9238795325 }), window.__space))
  .then((a) => { window.__anchor = a; return a.requestPersistentHandle(); });
window.__pose = () => inFrame((f) => {
  const p = window.__anchor && f.getPose(window.__anchor.anchorSpace, window.__space);
  if (!p) return null;
  const { position: q, orientation: o } = p.transform;
  return [q.x, q.y, q.z, o.x, o.y, o.z, o.w];
});
window.__restore = (h) => window.__s.restorePersistentAnchor(h).then((a) => { window.__anchor = a; return 'restored'; }, (e) => e.name);
window.__delete = (h) => window.__s.deletePersistentAnchor(h).then(() => 'deleted', (e) => e.name);
</script>`;

/**
 * The tab showing `page` gets the AR phone (the panel's preset switch, through the worker); the page
 * is then reloaded, so that its document starts with the phone (welcome) and no request can reach
 * the device it had before the change arrived.
 */
export async function phone(b: XrgateBrowser, page: Page): Promise<void> {
  await b.serviceWorker.evaluate((u: string) => {
    const st = (
      globalThis as unknown as {
        xrgateState: {
          documents(): { url: string; frameId: number; tabId: number }[];
          setDevice(t: number, p: unknown): unknown;
        };
      }
    ).xrgateState;
    const tab = st.documents().find((d) => d.url === u && d.frameId === 0)?.tabId;
    if (tab === undefined) throw new Error(`no tab shows ${u}`);
    st.setDevice(tab, { preset: 'phone-ar' });
  }, page.url());
  await page.reload();
}
