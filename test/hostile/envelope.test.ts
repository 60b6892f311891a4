// Attacks on the gate in front of the browser's permission APIs (seed 004), dist/xrgate.js in
// Chromium: a page that patches navigator.permissions.query / PermissionStatus#state to claim the
// microphone was granted before the session (so that its prompt would not end the session). The
// user agent reads the browser's state through the built-ins captured at load, and the session
// still ends before the browser prompts.

import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Playground, startPlayground } from '../../src/cli/serve.js';
import { bundlesBuilt, hasChromium, launch } from '../browser/harness.js';

const run = hasChromium && bundlesBuilt;

const page = `<!doctype html><meta charset=utf-8><script src="/xrgate.js"></script>
<button id=go>go</button>
<script>
window.__log = [];
const log = (m) => window.__log.push(m);
// The attack: everything says the microphone was granted long ago.
const fake = Promise.resolve(Object.create(PermissionStatus.prototype, { state: { value: 'granted' } }));
Permissions.prototype.query = function () { return fake; };
Object.defineProperty(PermissionStatus.prototype, 'state', { get() { return 'granted'; }, configurable: true });
Promise.prototype.then = new Proxy(Promise.prototype.then, { apply(t, self, args) { return Reflect.apply(t, self, args); } });
document.getElementById('go').addEventListener('click', () => {
  navigator.xr.requestSession('immersive-vr').then((s) => {
    s.addEventListener('end', () => log('end'));
    log('session');
  });
});
window.__gum = () => navigator.mediaDevices.getUserMedia({ audio: true }).then(() => log('stream'), (e) => log('error:' + e.name));
</script>`;

describe.skipIf(!run)('hostile: the permission gate (dist/xrgate.js, Chromium)', () => {
  let browser: Browser;
  let pg: Playground;
  beforeAll(async () => {
    browser = await launch(['--use-fake-device-for-media-stream']);
    pg = await startPlayground(0);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await pg?.close();
  });

  it('a patched permissions.query / PermissionStatus#state does not make the user agent believe the page: the session ends', async () => {
    const context = await browser.newContext();
    const p = await context.newPage();
    await p.route('**/liar.html', (r) => r.fulfill({ contentType: 'text/html', body: page }));
    await p.goto(`${pg.url}liar.html`);
    const cdp = await context.newCDPSession(p);
    const log = async () =>
      JSON.parse(
        String(
          (
            await cdp.send('Runtime.evaluate', {
              expression: 'JSON.stringify(window.__log)',
              returnByValue: true,
              userGesture: false,
            })
          ).result.value,
        ),
      ) as string[];
    await p.click('#go');
    await expect.poll(log, { timeout: 10_000 }).toContain('session');
    // The page's own query says granted…
    const claimed = await cdp.send('Runtime.evaluate', {
      expression: "navigator.permissions.query({ name: 'microphone' }).then((s) => s.state)",
      awaitPromise: true,
      returnByValue: true,
      userGesture: false,
    });
    expect(claimed.result.value).toBe('granted');
    // …and the user agent still ends the session before the browser's prompt.
    await cdp.send('Runtime.evaluate', { expression: '__gum()', userGesture: false });
    await expect.poll(log, { timeout: 10_000 }).toContain('end');
    expect(await log()).not.toContain('stream');
    await context.close();
  }, 60_000);
});
