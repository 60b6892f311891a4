// Persistent anchors surviving a reload with the extension (Anchors Module: requestPersistentHandle,
// restorePersistentAnchor, deletePersistentAnchor; R-ANCHOR-06/09): a page makes an anchor and a
// handle, reloads, and restores an anchor at the same pose from the handle; the handle is kept in
// the service worker's chrome.storage.local under the page's origin (Chrome's record), so another
// origin (localhost against 127.0.0.1) neither lists nor restores nor deletes it; once deleted, it
// cannot be restored, not even after another reload.

import { describe, expect, it } from 'vitest';
import type { XrgateBrowser } from '../../src/extension/node/index.js';
import {
  ANCHOR_PAGE,
  answerPrompt,
  open,
  phone,
  runExtension,
  type Site,
  script,
  suiteBrowser,
} from './harness.js';

describe.skipIf(!runExtension)('persistent anchors across reloads with the extension', () => {
  let b: XrgateBrowser;
  let s: Site;
  suiteBrowser((suite) => {
    ({ b, s } = suite);
  });

  /** Clicks go, answers the prompt once, waits for the session. */
  async function enter(page: import('playwright-core').Page, cdp: Parameters<typeof script>[0]) {
    await script(cdp, "document.getElementById('out').textContent = ''");
    await page.click('#go');
    await answerPrompt(page, 'once');
    await expect
      .poll(() => script(cdp, "document.getElementById('out').textContent"), { timeout: 15_000 })
      .toBe('granted:true');
  }

  const pose = async (cdp: Parameters<typeof script>[0]) => {
    let p: number[] | null = null;
    await expect
      .poll(
        async () => {
          p = (await script(cdp, 'window.__pose()')) as number[] | null;
          return p !== null;
        },
        { timeout: 10_000 },
      )
      .toBe(true);
    return p as unknown as number[];
  };

  /** What the worker keeps in chrome.storage.local for persistent anchors. */
  const stored = () =>
    b.serviceWorker.evaluate(async () => {
      const all = await (
        globalThis as unknown as {
          chrome: { storage: { local: { get(k: null): Promise<Record<string, unknown>> } } };
        }
      ).chrome.storage.local.get(null);
      return Object.fromEntries(Object.entries(all).filter(([k]) => k.startsWith('anchors:')));
    });

  it('a handle survives a reload; another origin cannot restore or delete it; once deleted it cannot be restored', async () => {
    const origin = s.served.origin;
    const { page, cdp } = await open(b, s, '/anchors.html', ANCHOR_PAGE);
    await phone(b, page);
    await enter(page, cdp);
    const handle = (await script(cdp, 'window.__create()')) as string;
    expect(handle).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const before = await pose(cdp);
    expect(before[0]).toBeCloseTo(0.3, 3);
    expect(before[2]).toBeCloseTo(-1.1, 3);
    // Kept by the worker under the page's origin.
    await expect.poll(async () => Object.keys(await stored())).toEqual([`anchors:${origin}`]);

    // The page reloads: a new document, a new session; the handle is there and restores the anchor
    // at the same pose.
    await page.reload();
    await enter(page, cdp);
    expect(await script(cdp, 'window.__s.persistentAnchors')).toEqual([handle]);
    expect(await script(cdp, `window.__restore(${JSON.stringify(handle)})`)).toBe('restored');
    const after = await pose(cdp);
    for (let i = 0; i < 7; i++) expect(after[i]).toBeCloseTo(before[i]!, 4);
    await script(cdp, 'window.__s.end()');

    // Another origin (localhost, the same server): no handle listed; A's handle is as unknown as one
    // never made (InvalidStateError), and deleting it deletes nothing.
    const other = origin.replace('127.0.0.1', 'localhost');
    const b2 = await open(b, s, '/anchors-other.html', ANCHOR_PAGE, undefined, other);
    await phone(b, b2.page);
    await enter(b2.page, b2.cdp);
    expect(await script(b2.cdp, 'window.__s.persistentAnchors')).toEqual([]);
    expect(await script(b2.cdp, `window.__restore(${JSON.stringify(handle)})`)).toBe('InvalidStateError');
    expect(await script(b2.cdp, `window.__delete(${JSON.stringify(handle)})`)).toBe('InvalidStateError');
    expect(await script(b2.cdp, "window.__restore('00000000-0000-4000-8000-000000000000')")).toBe(
      'InvalidStateError',
    );
    await b2.page.close();
    expect(Object.keys(await stored())).toEqual([`anchors:${origin}`]);

    // Back on A: still there after another reload; deleted, it cannot be restored, now or after a reload.
    await page.reload();
    await enter(page, cdp);
    expect(await script(cdp, 'window.__s.persistentAnchors')).toEqual([handle]);
    expect(await script(cdp, `window.__delete(${JSON.stringify(handle)})`)).toBe('deleted');
    // (The list reaches the page with the next frame's data.)
    await expect.poll(() => script(cdp, 'window.__s.persistentAnchors')).toEqual([]);
    expect(await script(cdp, `window.__restore(${JSON.stringify(handle)})`)).toBe('InvalidStateError');
    await expect.poll(async () => Object.keys(await stored())).toEqual([]);
    await page.reload();
    await enter(page, cdp);
    expect(await script(cdp, 'window.__s.persistentAnchors')).toEqual([]);
    expect(await script(cdp, `window.__restore(${JSON.stringify(handle)})`)).toBe('InvalidStateError');
    await page.close();
  }, 120_000);
  it('another open document of the origin knows a new handle without a reload', async () => {
    const first = await open(b, s, '/anchors-one.html', ANCHOR_PAGE);
    await phone(b, first.page);
    const second = await open(b, s, '/anchors-two.html', ANCHOR_PAGE);
    await phone(b, second.page);
    // Both documents are open (and loaded their origin's handles) before the first makes one.
    await enter(first.page, first.cdp);
    const handle = (await script(first.cdp, 'window.__create()')) as string;
    await script(first.cdp, 'window.__s.end()');
    // One immersive session at a time in the browser: the second page's starts after.
    await enter(second.page, second.cdp);
    await expect.poll(() => script(second.cdp, 'window.__s.persistentAnchors')).toContain(handle);
    expect(await script(second.cdp, `window.__restore(${JSON.stringify(handle)})`)).toBe('restored');
    expect(await script(second.cdp, `window.__delete(${JSON.stringify(handle)})`)).toBe('deleted');
    await script(second.cdp, 'window.__s.end()');
    await first.page.close();
    await second.page.close();
  }, 120_000);
});
