// Attacks on seed 002's grant (dist/xrgate.js in Chromium): a page that fires its own
// `sessiongranted` (or calls the handler itself) gets no session without a click: the grant is the
// user agent's decision, not the event. A page without the embedder's opt-in that writes the
// bundle's record into sessionStorage before a same-origin navigation gets nothing either (the
// record is read only where the embedder opted in, and never across origins).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, CDPSession } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundlesBuilt, hasChromium, launch, ROOT, type Served, serve } from '../browser/harness.js';

const run = hasChromium && bundlesBuilt;

async function evaluate(cdp: CDPSession, expression: string): Promise<unknown> {
  const r = await cdp.send('Runtime.evaluate', {
    expression,
    awaitPromise: true,
    returnByValue: true,
    userGesture: false,
  });
  return r.result.value;
}

describe.skipIf(!run)('hostile: the navigation grant (dist/xrgate.js, Chromium)', () => {
  let browser: Browser;
  let served: Served;
  const pages: Record<string, string> = {};
  const headers: Record<string, Record<string, string>> = {};
  beforeAll(async () => {
    pages['/xrgate.js'] = readFileSync(join(ROOT, 'dist', 'xrgate.js'), 'utf8');
    headers['/xrgate.js'] = { 'content-type': 'text/javascript; charset=utf-8' };
    served = await serve(pages, headers);
    browser = await launch();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });

  it('a forged sessiongranted event gives no session without a click', async () => {
    pages['/forge.html'] = `<!doctype html><script src="/xrgate.js" data-navigation="same-origin"></script>
<script>
window.__result = new Promise((resolve) => {
  navigator.xr.addEventListener('sessiongranted', () => {
    navigator.xr.requestSession('immersive-vr').then(() => resolve('granted'), (e) => resolve(e.name));
  });
});
</script>`;
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${served.origin}/forge.html`);
    const cdp = await context.newCDPSession(page);
    await evaluate(cdp, "navigator.xr.dispatchEvent(new Event('sessiongranted'))");
    expect(await evaluate(cdp, 'window.__result')).toBe('SecurityError');
    await context.close();
  }, 60_000);

  it("a forged record in sessionStorage, without the embedder's opt-in, grants nothing", async () => {
    pages['/a.html'] = `<!doctype html><script src="/xrgate.js"></script><a id=next href="/b.html">next</a>
<script>sessionStorage.setItem('xrgate:navigation', JSON.stringify({ url: location.href, immersive: true, destination: new URL('/b.html', location.href).href }));</script>`;
    pages['/b.html'] = `<!doctype html><script src="/xrgate.js"></script><script>
window.__granted = false;
navigator.xr.addEventListener('sessiongranted', () => { window.__granted = true; });
</script>`;
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${served.origin}/a.html`);
    await page.click('#next');
    await page.waitForURL('**/b.html');
    const cdp = await context.newCDPSession(page);
    await page.waitForTimeout(500);
    expect(await evaluate(cdp, 'window.__granted')).toBe(false);
    expect(
      await evaluate(cdp, "navigator.xr.requestSession('immersive-vr').then(() => 'granted', (e) => e.name)"),
    ).toBe('SecurityError');
    await context.close();
  }, 60_000);
});
