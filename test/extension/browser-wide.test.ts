// What only a browser-wide user agent can do, with the real extension: one immersive session across
// tabs of different origins, consent in extension storage (a page's own storage forges nothing; a
// remembered grant survives a browser restart with the same profile), and navigation facts as
// chrome.webNavigation reports them (link from an immersive page, redirect, typed URL).

import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  answerPrompt,
  app,
  browser,
  open,
  outcome,
  profileDir,
  promptCount,
  runExtension,
  type Site,
  script,
  site,
} from './harness.js';

type Nav = {
  transitionType: string;
  transitionQualifiers: string[];
  previousUrl: string | null;
  previousHadImmersiveSession: boolean;
  startedByPreviousDocument: boolean;
};

describe.skipIf(!runExtension)('browser-wide state in the extension', { timeout: 90_000 }, () => {
  let s: Site;
  beforeAll(async () => {
    s = await site();
  });
  afterAll(async () => {
    await s?.served.close();
  });

  it('one immersive session in the whole browser: a second tab on another origin is refused until the first ends', async () => {
    const b = await browser();
    try {
      const first = await open(b, s, '/lock-a.html', app(''));
      await first.page.click('#go');
      expect(await outcome(first.page)).toBe('granted:viewer,local');
      // Another origin (localhost vs 127.0.0.1), another tab.
      const other = s.served.origin.replace('127.0.0.1', 'localhost');
      const second = await open(b, s, '/lock-b.html', app(''), undefined, other);
      await second.page.click('#go');
      expect(await outcome(second.page)).toBe('NotSupportedError'); // AMB-11: the device is in use
      // Control: once the first session ends, the same request succeeds.
      await script(first.cdp, 'window.__s.end()');
      await script(second.cdp, "document.getElementById('out').textContent = ''");
      await second.page.click('#go');
      expect(await outcome(second.page)).toBe('granted:viewer,local');
    } finally {
      await b.close();
    }
  });

  it("a page's own storage forges no consent; 'Allow and remember' survives a browser restart with the same profile", async () => {
    const dir = profileDir();
    // Exactly what the script bundle's persistConsent reads (IndexedDB 'xrgate-consent', and its
    // localStorage fallback): an explicit grant of local-floor and hand-tracking for this origin.
    const FORGE = `new Promise((resolve) => {
      const rec = (feature) => ({ origin: location.origin, browsingContext: 'persistent', mode: 'immersive-vr', feature,
        state: 'granted', kind: 'explicit', at: 0, expiresAt: null, duration: 'persistent', persisted: true });
      const records = [rec('local-floor'), rec('hand-tracking')];
      localStorage.setItem('xrgate:consent', JSON.stringify(records));
      const req = indexedDB.open('xrgate-consent', 1);
      req.onupgradeneeded = () => req.result.createObjectStore('grants');
      req.onsuccess = () => {
        const db = req.result;
        const tx = db.transaction('grants', 'readwrite');
        tx.objectStore('grants').put(records, 'all');
        tx.oncomplete = () => { db.close(); resolve(true); };
      };
    })`;
    const init = "{ requiredFeatures: ['local-floor'] }";
    try {
      let b = await browser(dir);
      const forged = await open(b, s, '/remember.html', app('', init));
      expect(await script(forged.cdp, FORGE)).toBe(true);
      await forged.page.reload();
      await forged.page.click('#go');
      // Still asked: nothing came from the page's storage.
      await answerPrompt(forged.page, 'remember');
      expect(await outcome(forged.page, 20_000)).toBe('granted:viewer,local,local-floor');
      await b.close();

      b = await browser(dir);
      const again = await open(b, s, '/remember.html', app('', init));
      await again.page.click('#go');
      expect(await outcome(again.page, 20_000)).toBe('granted:viewer,local,local-floor');
      expect(await promptCount(again.page)).toBe(0);
      // The panel lists the grant; revoking it there means the next request asks again.
      const panel = await b.openPanel(again.page);
      await expect.poll(() => panel.locator('#grants').textContent()).toContain('local-floor');
      await panel.locator('#revokeAll').click();
      await expect.poll(() => panel.locator('#grants').textContent()).toContain('No remembered permissions');
      // The session required local-floor: the revocation ends it (AMB-29).
      await expect.poll(() => script(again.cdp, 'window.__ended === true'), { timeout: 10_000 }).toBe(true);
      await again.page.reload();
      await again.page.click('#go');
      await answerPrompt(again.page, 'block');
      expect(await outcome(again.page, 20_000)).toBe('NotSupportedError');
      await b.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('navigation facts come from chrome.webNavigation: link from an immersive page, redirect, typed URL', async () => {
    const b = await browser();
    try {
      const nav = (tabPage: import('playwright-core').Page): Promise<Nav | null> =>
        b.serviceWorker.evaluate((u: string) => {
          const st = (
            globalThis as unknown as {
              xrgateState: {
                documents(): { url: string; frameId: number; tabId: number }[];
                navigationOf(t: number, f: number): Nav | null;
              };
            }
          ).xrgateState;
          const d = st.documents().find((x) => x.url === u && x.frameId === 0);
          return d ? st.navigationOf(d.tabId, 0) : null;
        }, tabPage.url());
      s.pages['/landing.html'] = '<!doctype html><p>landing</p>';
      s.pages['/redirect-to-landing'] = '';
      s.headers['/redirect-to-landing'] = { Location: '/landing.html?redirected' };
      // A link followed from inside an immersive session.
      const { page } = await open(
        b,
        s,
        '/immersive-link.html',
        app('').replace(
          '</script>',
          '</script><a id=next href="/landing.html" style="position:fixed;left:20px;top:200px">next</a>',
        ),
      );
      await page.click('#go');
      expect(await outcome(page)).toBe('granted:viewer,local');
      await page.click('#next');
      await page.waitForURL('**/landing.html');
      await expect.poll(() => nav(page).then((n) => n?.transitionType), { timeout: 10_000 }).toBe('link');
      const link = (await nav(page))!;
      expect(link.previousUrl).toBe(`${s.served.origin}/immersive-link.html`);
      expect(link.previousHadImmersiveSession).toBe(true);
      expect(link.startedByPreviousDocument).toBe(true);
      // Typed: what Playwright's goto is to Chromium (an address-bar navigation).
      await page.goto(`${s.served.origin}/landing.html?typed`);
      await expect.poll(() => nav(page).then((n) => n?.transitionType), { timeout: 10_000 }).toBe('typed');
      expect((await nav(page))!.previousHadImmersiveSession).toBe(false);
      // A server redirect: its qualifier.
      await page.goto(`${s.served.origin}/redirect-to-landing`);
      await page.waitForURL('**/landing.html?redirected');
      await expect
        .poll(() => nav(page).then((n) => n?.transitionQualifiers ?? []), { timeout: 10_000 })
        .toContain('server_redirect');
    } finally {
      await b.close();
    }
  });
});
