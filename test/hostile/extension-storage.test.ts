// Hostile: a content script reading the extension's storage. Every origin's consent records and
// persistent anchors are for the extension's own pages and its service worker only: a content
// script, even the extension's own isolated world in a compromised renderer, cannot read them
// (chrome.storage.local.setAccessLevel TRUSTED_CONTEXTS).

import { describe, expect, it } from 'vitest';
import type { XrgateBrowser } from '../../src/extension/node/index.js';
import { open, runExtension, type Site, suiteBrowser } from '../extension/harness.js';

describe.skipIf(!runExtension)("the extension's storage is out of content scripts' reach", () => {
  let b: XrgateBrowser;
  let s: Site;
  suiteBrowser((suite) => {
    ({ b, s } = suite);
  });

  it('the isolated world of a page cannot read chrome.storage.local; the worker can', async () => {
    await b.serviceWorker.evaluate(() =>
      (
        globalThis as unknown as { chrome: { storage: { local: { set(v: object): Promise<void> } } } }
      ).chrome.storage.local.set({ 'xrgate-probe': 'secret' }),
    );
    const contexts: { id: number; name: string; type: string }[] = [];
    const { page, cdp } = await open(b, s, '/storage.html', '<!doctype html><p>storage</p>');
    cdp.on('Runtime.executionContextCreated', (e) => {
      const c = e.context as { id: number; name: string; auxData?: { type?: string } };
      contexts.push({ id: c.id, name: c.name, type: c.auxData?.type ?? '' });
    });
    await cdp.send('Runtime.enable');
    await expect
      .poll(() => contexts.filter((c) => c.type === 'isolated').length, { timeout: 5_000 })
      .toBeGreaterThan(0);
    const isolated = contexts.find((c) => c.type === 'isolated')!;
    const r = (await cdp.send('Runtime.evaluate', {
      contextId: isolated.id,
      expression: `chrome.storage.local.get(null).then((v) => 'read: ' + JSON.stringify(v), (e) => 'refused: ' + e.message)`,
      awaitPromise: true,
      returnByValue: true,
    })) as { result: { value?: string } };
    expect(r.result.value).toMatch(/^refused: /);
    const fromWorker = await b.serviceWorker.evaluate(() =>
      (
        globalThis as unknown as {
          chrome: { storage: { local: { get(k: string): Promise<Record<string, unknown>> } } };
        }
      ).chrome.storage.local.get('xrgate-probe'),
    );
    expect(fromWorker).toEqual({ 'xrgate-probe': 'secret' });
    await page.close();
  }, 60_000);
});
