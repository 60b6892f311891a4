// Seed 002 in the extension, the facts from chrome.webNavigation (the service worker's records, out
// of the page's reach): with the browser-wide setting on, a same-origin link followed from inside an
// immersive session shows the interstitial (the new origin, Continue / Leave, an extension frame),
// then `sessiongranted`, and the new page enters without a click, blurred until the user acts. A
// server redirect, an http hop, a cross-origin hop, a navigation from a 2D page, and the setting off: no grant.
// R-NAV-07/08/10/11/16/20/22.

import type { CDPSession, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { XrgateBrowser } from '../../src/extension/node/index.js';
import { launchWithXrgate } from '../../src/extension/node/index.js';
import { app, open, outcome, runExtension, type Site, script, site } from './harness.js';

/** The page a navigation lands on: it asks for a session when (and only when) it is granted one. */
const ROOM = `<!doctype html><meta charset=utf-8><div id=out style="position:fixed;left:20px;top:90px"></div>
<script>
const out = document.getElementById('out');
navigator.xr.onsessiongranted = () => {
  navigator.xr.requestSession('immersive-vr').then(
    (s) => { window.__s = s; out.textContent = 'session:' + s.visibilityState; },
    (e) => { out.textContent = 'error:' + e.name; });
};
setTimeout(() => { if (!out.textContent) out.textContent = 'no-grant'; }, 5000);
</script>`;

const lobby = (href: string) =>
  app('').replace(
    '</script>',
    `</script><a id=next href="${href}" style="position:fixed;left:20px;top:200px;font-size:30px">next</a>`,
  );

async function realClick(cdp: CDPSession, x: number, y: number): Promise<void> {
  await cdp.send('Input.dispatchMouseEvent', { type: 'mouseMoved', x, y });
  await cdp.send('Input.dispatchMouseEvent', { type: 'mousePressed', x, y, button: 'left', clickCount: 1 });
  void cdp
    .send('Input.dispatchMouseEvent', { type: 'mouseReleased', x, y, button: 'left', clickCount: 1 })
    .catch(() => undefined);
}

async function setAutomatic(b: XrgateBrowser, on: boolean): Promise<void> {
  await b.serviceWorker.evaluate(
    (v: boolean) =>
      (
        globalThis as unknown as { xrgateState: { setSettings(p: unknown): Promise<unknown> } }
      ).xrgateState.setSettings({ automaticSessionsOnNavigation: v }),
    on,
  );
}

/** The interstitial's frame, once shown. */
async function interstitial(page: Page): Promise<Frame> {
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
  return frame!;
}

describe.skipIf(!runExtension)(
  'seed 002 in the extension (chrome.webNavigation)',
  { timeout: 120_000 },
  () => {
    let s: Site;
    let b: XrgateBrowser;
    beforeAll(async () => {
      s = await site();
      s.pages['/room.html'] = ROOM;
      s.pages['/hop'] = '';
      s.headers['/hop'] = { Location: '/room.html' };
      // An http origin on the way back (hop.test is 127.0.0.1 for this browser).
      s.pages['/hop-back'] = '';
      s.headers['/hop-back'] = { Location: `${s.served.origin}/room.html` };
      b = await launchWithXrgate({
        viewport: { width: 900, height: 700 },
        args: ['--host-resolver-rules=MAP *.test 127.0.0.1'],
      });
      await setAutomatic(b, true);
    }, 60_000);
    afterAll(async () => {
      await b?.close();
      await s?.served.close();
    });

    /** Opens `path` (a lobby linking to `href`), enters VR with a click if `enter`, follows the link. */
    async function follow(
      path: string,
      href: string,
      enter: boolean,
    ): Promise<{ page: Page; cdp: CDPSession }> {
      const { page } = await open(b, s, path, lobby(href));
      if (enter) {
        await page.click('#go');
        expect(await outcome(page)).toBe('granted:viewer,local');
      }
      await page.click('#next');
      await page.waitForURL('**/room.html');
      return { page, cdp: await page.context().newCDPSession(page) };
    }

    it('R-NAV-10, R-NAV-16, R-NAV-20: a same-origin link from inside the session: the interstitial, Continue, sessiongranted, no click', async () => {
      const { page, cdp } = await follow('/lobby-same.html', '/room.html', true);
      const frame = await interstitial(page);
      expect(await frame.locator('#offerOrigin').textContent()).toBe(s.served.origin);
      expect(await frame.locator('#enter').textContent()).toBe('Continue');
      // Nothing before the user's answer.
      await page.waitForTimeout(500);
      expect(await script(cdp, "document.getElementById('out').textContent")).toBe('');
      await expect
        .poll(() => frame.locator('#enter').getAttribute('aria-disabled'), { timeout: 10_000 })
        .toBe('false');
      const box = (await frame.locator('#enter').boundingBox())!;
      await realClick(cdp, box.x + box.width / 2, box.y + box.height / 2);
      // The press on Continue is the user's intent (a click in a child frame activates the page as
      // well), so the blurred start (R-NAV-16) ends at once: the session is visible.
      expect(await outcome(page)).toBe('session:visible');
      // The grant is used: once the Continue press's activation has expired (5 s), another
      // immersive request without a click is refused.
      await script(cdp, 'window.__s.end()');
      await page.waitForTimeout(5500);
      expect(
        await script(cdp, "navigator.xr.requestSession('immersive-vr').then(() => 'granted', (e) => e.name)"),
      ).toBe('SecurityError');
      await page.close();
    });

    it('R-NAV-08: through a server redirect: no grant', async () => {
      const { page } = await follow('/lobby-redirect.html', '/hop', true);
      expect(await outcome(page, 12_000)).toBe('no-grant');
      await page.close();
    });

    it('R-NAV-07/08: through an http hop: no grant', async () => {
      const port = new URL(s.served.origin).port;
      const { page } = await follow('/lobby-http-hop.html', `http://hop.test:${port}/hop-back`, true);
      expect(await outcome(page, 12_000)).toBe('no-grant');
      await page.close();
    });

    it('R-NAV-10: a cross-origin link from inside the session: no grant', async () => {
      const other = s.served.origin.replace('127.0.0.1', 'localhost');
      const { page } = await follow('/lobby-cross.html', `${other}/room.html`, true);
      expect(await outcome(page, 12_000)).toBe('no-grant');
      await page.close();
    });

    it('R-NAV-11: a same-origin link from a 2D page: no grant', async () => {
      const { page } = await follow('/lobby-flat.html', '/room.html', false);
      expect(await outcome(page, 12_000)).toBe('no-grant');
      await page.close();
    });

    it('R-NAV-22: with the setting off (the default), the same link grants nothing', async () => {
      await setAutomatic(b, false);
      try {
        const { page } = await follow('/lobby-off.html', '/room.html', true);
        expect(await outcome(page, 12_000)).toBe('no-grant');
        await page.close();
      } finally {
        await setAutomatic(b, true);
      }
    });
  },
);
