// navigator.permissions.query({ name: 'xr' }) in a page answers an XRPermissionStatus (a
// PermissionStatus) from the user agent, with the script bundle and with the extension; other
// names still reach the browser's own Permissions API (spec #permissions).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { XrgateBrowser } from '../../src/extension/node/index.js';
import { bundlesBuilt, hasChromium, launch, ROOT } from '../browser/harness.js';
import { browser, open, runExtension, type Site, script, site } from './harness.js';

const PROBE = `(async () => {
  const xr = await navigator.permissions.query({ name: 'xr', mode: 'immersive-vr', requiredFeatures: ['local'] });
  const supported = await navigator.permissions.query({ name: 'xr-session-supported', mode: 'immersive-vr' });
  const geo = await navigator.permissions.query({ name: 'geolocation' });
  let bad = 'none';
  try { await navigator.permissions.query({ name: 'xr', mode: 'nope' }); } catch (e) { bad = e.name; }
  return {
    xr: [Object.prototype.toString.call(xr), xr instanceof PermissionStatus, xr.state, Array.isArray(xr.granted) || typeof xr.granted],
    supported: [Object.prototype.toString.call(supported), supported.state],
    geo: [Object.prototype.toString.call(geo), geo.state],
    bad,
    fn: [navigator.permissions.query.name, navigator.permissions.query.length],
  };
})()`;

type Probe = { xr: unknown[]; supported: unknown[]; geo: unknown[]; bad: string; fn: unknown[] };

function expectProbe(r: Probe): void {
  expect(r.xr.slice(0, 2)).toEqual(['[object XRPermissionStatus]', true]);
  expect(['prompt', 'granted', 'denied']).toContain(r.xr[2]);
  expect(r.supported[0]).toBe('[object XRPermissionStatus]');
  expect(r.geo).toEqual(['[object PermissionStatus]', expect.any(String)]);
  expect(r.bad).toBe('TypeError');
  expect(r.fn).toEqual(['query', 1]);
}

describe.skipIf(!(hasChromium && bundlesBuilt))('permissions.query in a page with dist/xrgate.js', () => {
  let chromium: Browser;
  let s: Site;
  beforeAll(async () => {
    [chromium, s] = await Promise.all([launch(), site()]);
  }, 60_000);
  afterAll(async () => {
    await chromium?.close();
    await s?.served.close();
  });

  it("answers 'xr' and 'xr-session-supported' from xrgate; 'geolocation' from the browser", async () => {
    s.pages['/perm.html'] = '<!doctype html><p>permissions</p>';
    const context = await chromium.newContext();
    await context.addInitScript({ content: readFileSync(join(ROOT, 'dist', 'xrgate.js'), 'utf8') });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await page.goto(`${s.served.origin}/perm.html`);
    expectProbe((await script(cdp, PROBE)) as Probe);
    await context.close();
  }, 60_000);
});

describe.skipIf(!runExtension)('permissions.query in a page with the extension', () => {
  let b: XrgateBrowser;
  let s: Site;
  beforeAll(async () => {
    [b, s] = await Promise.all([browser(), site()]);
  }, 60_000);
  afterAll(async () => {
    await b?.close();
    await s?.served.close();
  });

  it("answers 'xr' and 'xr-session-supported' from the extension's user agent; 'geolocation' from the browser", async () => {
    const { cdp, page } = await open(b, s, '/perm.html', '<!doctype html><p>permissions</p>');
    expectProbe((await script(cdp, PROBE)) as Probe);
    await page.close();
  }, 60_000);
});
