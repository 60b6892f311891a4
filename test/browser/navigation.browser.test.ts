// Seed 002 in the script bundle, where the embedder opts in (<script src=xrgate.js
// data-navigation="same-origin">): the previous same-origin page's record (sessionStorage) says it
// held an immersive session; the next page shows xrgate's interstitial (the origin, Continue /
// Leave), then gets `sessiongranted` and enters without a click. A server redirect, an http hop, a
// cross-origin link, a 2D page and a page without the opt-in: no grant.
// R-NAV-07/08/10/11/16/20/22.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundlesBuilt, centreOf, hasChromium, launch, ROOT, type Served, serve } from './harness.js';

const run = hasChromium && bundlesBuilt;

const tag = (optIn: boolean) =>
  `<script src="/xrgate.js"${optIn ? ' data-navigation="same-origin"' : ''}></script>`;

const lobby = (href: string, optIn = true) => `<!doctype html><meta charset=utf-8>${tag(optIn)}
<button id=go style="position:fixed;left:20px;top:80px;width:160px;height:50px">go</button>
<a id=next href="${href}" style="position:fixed;left:20px;top:200px;font-size:30px">next</a>
<div id=out style="position:fixed;left:20px;top:150px"></div>
<script>
document.getElementById('go').addEventListener('click', () => navigator.xr.requestSession('immersive-vr').then(
  (s) => { document.getElementById('out').textContent = 'in'; }, (e) => { document.getElementById('out').textContent = e.name; }));
</script>`;

const room = (optIn = true) => `<!doctype html><meta charset=utf-8>${tag(optIn)}<div id=out></div>
<script>
const out = document.getElementById('out');
navigator.xr.onsessiongranted = () => navigator.xr.requestSession('immersive-vr').then(
  (s) => { out.textContent = 'session:' + s.visibilityState; }, (e) => { out.textContent = 'error:' + e.name; });
setTimeout(() => { if (!out.textContent) out.textContent = 'no-grant'; }, 4000);
</script>`;

async function text(cdp: CDPSession): Promise<string> {
  const r = await cdp.send('Runtime.evaluate', {
    expression: "document.getElementById('out')?.textContent ?? ''",
    returnByValue: true,
    userGesture: false,
  });
  return String(r.result.value ?? '');
}

describe.skipIf(!run)('seed 002 in the script bundle (embedder opt-in)', () => {
  let browser: Browser;
  let served: Served;
  let port = 0;
  const pages: Record<string, string> = {};
  const headers: Record<string, Record<string, string>> = {};
  beforeAll(async () => {
    pages['/xrgate.js'] = readFileSync(join(ROOT, 'dist', 'xrgate.js'), 'utf8');
    headers['/xrgate.js'] = { 'content-type': 'text/javascript; charset=utf-8' };
    served = await serve(pages, headers);
    port = Number(new URL(served.origin).port);
    pages['/room.html'] = room();
    pages['/room-plain.html'] = room(false);
    pages['/hop'] = '';
    headers['/hop'] = { Location: '/room.html' };
    // An http origin on the way back to the secure one.
    pages['/hop-back'] = '';
    headers['/hop-back'] = { Location: `${served.origin}/room.html` };
    browser = await launch();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });

  /** A fresh tab on the lobby (linking to `href`); enters VR with a click if `enter`; follows the link. */
  async function follow(
    name: string,
    href: string,
    { enter = true, optIn = true }: { enter?: boolean; optIn?: boolean } = {},
  ): Promise<{ page: Page; cdp: CDPSession; context: BrowserContext }> {
    pages[`/${name}.html`] = lobby(href, optIn);
    const context = await browser.newContext({ viewport: { width: 900, height: 600 } });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(`${served.origin}/${name}.html`);
    let cdp = await context.newCDPSession(page);
    if (enter) {
      await page.click('#go');
      await expect.poll(() => text(cdp)).toBe('in');
    }
    await page.click('#next');
    await page.waitForURL('**/room*.html');
    cdp = await context.newCDPSession(page);
    return { page, cdp, context };
  }

  it('R-NAV-10, R-NAV-16, R-NAV-20: a same-origin link from inside the session: the interstitial, Continue, sessiongranted', async () => {
    const { page, cdp, context } = await follow('lobby-same', '/room.html');
    await expect.poll(() => centreOf(cdp, 'data-offer', 'enter'), { timeout: 10_000 }).not.toBeNull();
    // Nothing before the user's answer.
    expect(await text(cdp)).toBe('');
    await page.waitForTimeout(600); // the bar arms itself
    const at = (await centreOf(cdp, 'data-offer', 'enter'))!;
    await page.mouse.click(at.x, at.y);
    await expect.poll(() => text(cdp), { timeout: 10_000 }).toMatch(/^session:/);
    await context.close();
  }, 60_000);

  it('R-NAV-16: Leave at the interstitial goes back, no session', async () => {
    const { page, cdp, context } = await follow('lobby-leave', '/room.html');
    await expect.poll(() => centreOf(cdp, 'data-offer', 'dismiss'), { timeout: 10_000 }).not.toBeNull();
    const at = (await centreOf(cdp, 'data-offer', 'dismiss'))!;
    await page.mouse.click(at.x, at.y);
    await page.waitForURL('**/lobby-leave.html');
    await context.close();
  }, 60_000);

  for (const [name, why, href, options] of [
    ['lobby-redirect', 'R-NAV-08: through a server redirect', '/hop', {}],
    ['lobby-http-hop', 'R-NAV-07/08: through an http hop', '', {}],
    ['lobby-cross', 'R-NAV-10: a cross-origin link', '', {}],
    ['lobby-flat', 'R-NAV-11: from a 2D page', '/room.html', { enter: false }],
    ['lobby-plain', 'R-NAV-22: without the embedder opt-in', '/room-plain.html', { optIn: false }],
  ] as const) {
    it(`${why}: no grant`, async () => {
      const target =
        name === 'lobby-http-hop'
          ? `http://hop.test:${port}/hop-back`
          : name === 'lobby-cross'
            ? `http://localhost:${port}/room.html`
            : href;
      const { cdp, context } = await follow(name, target, options);
      await expect.poll(() => text(cdp), { timeout: 10_000 }).toBe('no-grant');
      expect(await centreOf(cdp, 'data-offer', 'enter')).toBeNull();
      await context.close();
    }, 60_000);
  }
});
