// The real extension in headless Chromium: the page side in the main world, the user agent in the
// isolated world and the service worker. Real clicks on the page and on the extension's prompt
// frame; page script without a user gesture. Each attack has a control (the same flow without it,
// or the step that makes it succeed) and a probe showing that the attack was live.

import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { XrgateBrowser } from '../../src/extension/node/index.js';
import { ROOT } from '../browser/harness.js';
import {
  answerPrompt,
  app,
  browser,
  open,
  outcome,
  promptCount,
  promptFrame,
  runExtension,
  type Site,
  script,
  site,
} from './harness.js';

describe.skipIf(!runExtension)('the xrgate extension in Chromium', { timeout: 60_000 }, () => {
  let b: XrgateBrowser;
  let s: Site;
  beforeAll(async () => {
    [b, s] = await Promise.all([browser(), site()]);
  }, 60_000);
  afterAll(async () => {
    await b?.close();
    await s?.served.close();
  });

  it('installs navigator.xr before any page script; the handshake never reaches the page', async () => {
    const { page, cdp } = await open(
      b,
      s,
      '/first.html',
      `<!doctype html><script>
        window.__early = { xr: typeof navigator.xr, via: window.xrgate && window.xrgate.via, session: typeof XRSession };
        window.__seen = [];
        for (const t of ['xrgate-extension-connect', 'xrgate-extension-ready', 'message'])
          window.addEventListener(t, (e) => window.__seen.push(t), true);
      </script>`,
    );
    expect(await script(cdp, 'window.__early')).toEqual({
      xr: 'object',
      via: 'extension',
      session: 'function',
    });
    await page.waitForTimeout(300);
    expect(await script(cdp, 'window.__seen')).toEqual([]);
    // Nothing of the extension on the page's global but its version.
    expect(await script(cdp, 'Object.getOwnPropertyNames(window).filter((k) => /xrgate/i.test(k))')).toEqual([
      'xrgate',
    ]);
    expect(await script(cdp, 'JSON.stringify(window.xrgate)')).toBe('{"version":"0.1.0","via":"extension"}');
    await page.close();
  });

  it('a page that also loads dist/xrgate.js keeps the extension as its user agent (the bundle steps aside)', async () => {
    s.pages['/xrgate.js'] = readFileSync(join(ROOT, 'dist', 'xrgate.js'), 'utf8');
    s.headers['/xrgate.js'] = { 'content-type': 'text/javascript; charset=utf-8' };
    const { page, cdp } = await open(
      b,
      s,
      '/with-bundle.html',
      app('').replace('<script>', '<script src="/xrgate.js"></script><script>'),
    );
    expect(await script(cdp, 'window.xrgate.via')).toBe('extension');
    await page.click('#go');
    expect(await outcome(page)).toBe('granted:viewer,local');
    // The session is the extension's: the service worker holds the browser-wide lock for this tab.
    const holder = await b.serviceWorker.evaluate(() =>
      (
        globalThis as unknown as { xrgateState: { lockHolder(): { origin: string } | null } }
      ).xrgateState.lockHolder(),
    );
    expect(holder?.origin).toBe(s.served.origin);
    await script(cdp, 'window.__s.end()');
    await page.close();
  });

  it('a real click, then the extension prompt answered with a real click: a session with frames; the floor rounded', async () => {
    const { page, cdp } = await open(b, s, '/grant.html', app('', "{ requiredFeatures: ['local-floor'] }"));
    await page.click('#go');
    const frame = await promptFrame(page);
    expect(await frame.locator('#origin').textContent()).toBe(`${s.served.origin} wants to:`);
    expect(await frame.locator('#features').textContent()).toContain('Know where the floor is');
    await answerPrompt(page, 'once');
    expect(await outcome(page)).toBe('granted:viewer,local,local-floor');
    await expect.poll(() => script(cdp, 'window.__frames'), { timeout: 10_000 }).toBeGreaterThan(10);
    expect(await script(cdp, 'window.__y')).toBe(1.6);
    expect(await promptCount(page)).toBe(0);
    // Escape (the browser's own key event) ends the immersive session (R-TUI-11).
    await page.keyboard.press('Escape');
    await expect.poll(() => script(cdp, 'window.__ended === true')).toBe(true);
    await page.close();
  });

  it('no activation: SecurityError, even with every activation getter and Function.prototype.call forged', async () => {
    const FORGE = `
      const nativeGet = Object.getOwnPropertyDescriptor(UserActivation.prototype, 'isActive').get;
      const call = Function.prototype.call, rapply = Reflect.apply;
      Function.prototype.call = function (...a) { return this === nativeGet ? true : rapply(call, this, a); };
      Reflect.apply = function (f, t, a) { return f === nativeGet ? true : rapply(f, t, a); };
      Object.defineProperty(UserActivation.prototype, 'isActive', { get: () => true, configurable: true });
      Object.defineProperty(Navigator.prototype, 'userActivation', { get: () => ({ isActive: true, hasBeenActive: true }), configurable: true });
      Document.prototype.hasFocus = () => true;
      window.__probe.activation = navigator.userActivation.isActive === true && nativeGet.call(navigator.userActivation) === true;`;
    for (const attack of ['', FORGE]) {
      const { page, cdp } = await open(b, s, `/act${attack ? '-attack' : ''}.html`, app(attack));
      if (attack) expect(await script(cdp, 'window.__probe.activation')).toBe(true);
      await script(cdp, 'window.__request()');
      expect(await outcome(page)).toBe('SecurityError');
      expect(await promptCount(page)).toBe(0);
      await page.close();
    }
  });

  it('permissions policy: a page served with xr-spatial-tracking=() that patches allowsFeature gets nothing', async () => {
    const FORGE = `
      for (const P of [self.FeaturePolicy, self.PermissionsPolicy].filter(Boolean))
        P.prototype.allowsFeature = () => true;
      window.__probe.policy = document.featurePolicy.allowsFeature('xr-spatial-tracking');`;
    const outcomes: string[] = [];
    for (const attack of ['', FORGE]) {
      const { page, cdp } = await open(b, s, `/policy${attack ? '-attack' : ''}.html`, app(attack), {
        'Permissions-Policy': 'xr-spatial-tracking=()',
      });
      if (attack) expect(await script(cdp, 'window.__probe.policy')).toBe(true);
      await page.click('#go');
      outcomes.push(await outcome(page));
      expect(await promptCount(page)).toBe(0);
      await page.close();
    }
    expect(outcomes[0]).not.toMatch(/^granted/);
    expect(outcomes[1]).toBe(outcomes[0]);
  });

  it('patched built-ins (Map, Set, Array, Object.fromEntries, Math.round, JSON, postMessage) change nothing', async () => {
    const POISON = `
      const get = Map.prototype.get;
      Map.prototype.get = function (k) { const v = get.call(this, k); return v ?? { state: 'granted', kind: 'explicit' }; };
      Set.prototype.has = () => true;
      const push = Array.prototype.push;
      Array.prototype.push = function (...a) { return push.apply(this, [...a, 'bounded-floor', 'hand-tracking']); };
      Object.fromEntries = () => ({ 'local-floor': true, 'bounded-floor': true, 'hand-tracking': true });
      Math.round = (x) => x;
      JSON.parse = () => ({ granted: true });
      window.__leak = [];
      const post = MessagePort.prototype.postMessage;
      MessagePort.prototype.postMessage = function (m, ...r) { window.__leak.push(m); return post.call(this, m, ...r); };
      Object.prototype.granted = { 'bounded-floor': true };
      window.__probe.poisoned = Math.round(1.234) === 1.234 && new Set().has(1);`;
    // The user's real Block stays a refusal (a poisoned Object.fromEntries made it grant in-page).
    const blocked = await open(
      b,
      s,
      '/poison-block.html',
      app(POISON, "{ requiredFeatures: ['local-floor'], optionalFeatures: ['bounded-floor'] }"),
    );
    expect(await script(blocked.cdp, 'window.__probe.poisoned')).toBe(true);
    await blocked.page.click('#go');
    await answerPrompt(blocked.page, 'block');
    expect(await outcome(blocked.page)).toBe('NotSupportedError');
    await blocked.page.close();
    // Allowed: exactly what was asked and answered, no forged 'hand-tracking'.
    const { page, cdp } = await open(
      b,
      s,
      '/poison.html',
      app(POISON, "{ requiredFeatures: ['local-floor'], optionalFeatures: ['bounded-floor'] }"),
    );
    await page.click('#go');
    await answerPrompt(page, 'once');
    expect(await outcome(page)).toBe('granted:viewer,local,local-floor,bounded-floor');
    await expect.poll(() => script(cdp, 'window.__frames'), { timeout: 10_000 }).toBeGreaterThan(5);
    // The raw floor is 1.6 m exactly; 1.234 would show if Math.round reached the user agent.
    const panel = await b.openPanel(page);
    await panel.locator('#floorHeight').fill('1.2345');
    await panel.locator('#floorHeight').press('Enter');
    await expect.poll(() => script(cdp, 'window.__y'), { timeout: 10_000 }).toBe(1.23);
    // The page's hooked postMessage saw none of the channel's messages.
    expect(await script(cdp, 'window.__leak.length')).toBe(0);
    await panel.close();
    await page.close();
  });

  it('focus leaving the document makes its immersive session hidden, and visible again on return (R-TRUST-08)', async () => {
    const { page, cdp } = await open(
      b,
      s,
      '/focus.html',
      app('').replace(
        "out.textContent = 'granted:'",
        "window.__vis = [s.visibilityState]; s.addEventListener('visibilitychange', () => window.__vis.push(s.visibilityState)); out.textContent = 'granted:'",
      ),
    );
    // Playwright emulates focus for every page; turn that off so focus really moves.
    await cdp.send('Emulation.setFocusEmulationEnabled', { enabled: false });
    await page.click('#go');
    expect(await outcome(page)).toBe('granted:viewer,local');
    const other = await b.context.newPage();
    await other.bringToFront();
    await expect.poll(() => script(cdp, 'window.__vis.join()'), { timeout: 10_000 }).toBe('visible,hidden');
    await page.bringToFront();
    await expect
      .poll(() => script(cdp, 'window.__vis.join()'), { timeout: 10_000 })
      .toBe('visible,hidden,visible');
    await other.close();
    await script(cdp, 'window.__s.end()');
    await page.close();
  });

  it('activation expires: a request 6 s after the real click is refused (R-INTENT-17)', async () => {
    const { page, cdp } = await open(
      b,
      s,
      '/late.html',
      app('').replace(
        "document.getElementById('go').addEventListener('click', () => window.__request());",
        "document.getElementById('go').addEventListener('click', () => setTimeout(() => window.__request(), 6000));",
      ),
    );
    await page.click('#go');
    // No polling while the 6 s pass: nothing but the timer runs in the page.
    await page.waitForTimeout(6_500);
    const o = await outcome(page, 5_000);
    expect(o).toBe('SecurityError');
    expect(await script(cdp, 'navigator.userActivation.hasBeenActive')).toBe(true); // there was a click
    await page.close();
  });

  it('a prompt covered by the page (its own top-layer popover, pointer-events: none) does not take the click', async () => {
    const COVER = `
      window.__cover = () => {
        const d = document.createElement('div');
        d.popover = 'manual';
        d.style.cssText = 'position:fixed;inset:0;margin:0;width:auto;height:auto;border:0;background:#fff;opacity:0.97;pointer-events:none';
        d.textContent = 'Click here to win!';
        document.body.append(d);
        d.showPopover();
        window.__coverEl = d;
      };
      window.__uncover = () => window.__coverEl.remove();`;
    const { page, cdp } = await open(
      b,
      s,
      '/cover.html',
      app(COVER, "{ requiredFeatures: ['local-floor'] }"),
    );
    await page.click('#go');
    const frame = await promptFrame(page);
    await script(cdp, 'window.__cover()');
    await page.waitForTimeout(900);
    // The user's real click lands on the (covered) Allow button: it does not count.
    await answerPrompt(page, 'once', false);
    await page.waitForTimeout(300);
    expect(await frame.locator('#status').textContent()).toContain('not fully visible');
    expect(await script(cdp, "document.getElementById('out').textContent")).toBe('');
    // Uncovered, and visible for the arming delay: the same click counts.
    await script(cdp, 'window.__uncover()');
    await answerPrompt(page, 'once');
    expect(await outcome(page)).toBe('granted:viewer,local,local-floor');
    await page.close();
  });

  it('a prompt the page removes is a refusal', async () => {
    const { page, cdp } = await open(b, s, '/remove.html', app('', "{ requiredFeatures: ['local-floor'] }"));
    await page.click('#go');
    await promptFrame(page);
    // The page finds the prompt's host (an element in its DOM) and removes it.
    await script(cdp, "document.querySelectorAll('div[popover]').forEach((d) => d.remove())");
    expect(await outcome(page)).toBe('NotSupportedError');
    await page.close();
  });

  it('the devtools panel drives the device: preset, trigger, floor; the page sees it', async () => {
    const { page, cdp } = await open(
      b,
      s,
      '/panel.html',
      app(`window.__events = [];`, "{ requiredFeatures: ['local-floor'] }").replace(
        "out.textContent = 'granted:'",
        "s.addEventListener('selectstart', (e) => __events.push('selectstart:' + e.inputSource.handedness)); s.addEventListener('select', (e) => __events.push('select:' + e.inputSource.profiles[0])); s.addEventListener('inputsourceschange', (e) => __events.push('change:' + e.added.map((x) => x.profiles[0]).join('|'))); out.textContent = 'granted:'",
      ),
    );
    await page.click('#go');
    await answerPrompt(page, 'once');
    expect(await outcome(page)).toBe('granted:viewer,local,local-floor');
    await expect.poll(() => script(cdp, 'window.__frames'), { timeout: 10_000 }).toBeGreaterThan(5);
    const panel = await b.openPanel(page);
    await expect.poll(() => panel.locator('#origin').textContent()).toBe(`Origin: ${s.served.origin}`);
    // The trigger, pressed and released in the panel.
    await panel.locator('#right-p0').check();
    await panel.locator('#right-p0').uncheck();
    await expect
      .poll(() => script(cdp, 'window.__events.filter((e) => e.startsWith("select")).join()'), {
        timeout: 10_000,
      })
      .toBe('selectstart:right,select:meta-quest-touch-plus');
    // Hands instead of controllers: the same device, new input sources.
    await panel.locator('#inputMode').selectOption('hands');
    await expect
      .poll(() => script(cdp, 'window.__events.some((e) => e === "change:generic-hand|generic-hand")'), {
        timeout: 10_000,
      })
      .toBe(true);
    await panel.locator('#floorHeight').fill('1.71');
    await panel.locator('#floorHeight').press('Enter');
    await expect.poll(() => script(cdp, 'window.__y'), { timeout: 10_000 }).toBe(1.71);
    // Another headset is another device: the session ends (R-SESSION-08), and a new one has its controllers.
    await panel.locator('#preset').selectOption('pico-4');
    await expect.poll(() => script(cdp, 'window.__ended === true'), { timeout: 10_000 }).toBe(true);
    await script(cdp, "document.getElementById('out').textContent = ''; window.__events = []");
    await page.click('#go');
    await answerPrompt(page, 'once');
    // (The new device connects through the service worker: give a loaded machine time.)
    expect(await outcome(page, 20_000)).toBe('granted:viewer,local,local-floor');
    await expect
      .poll(() => script(cdp, 'window.__events.some((e) => e === "change:pico-4|pico-4")'), {
        timeout: 10_000,
      })
      .toBe(true);
    // The live audit log names requirement ids.
    await expect.poll(() => panel.locator('#audit tbody').textContent()).toContain('R-SESSION-11');
    mkdirSync(join(ROOT, 'docs', 'screenshots'), { recursive: true });
    await panel.bringToFront();
    await panel.screenshot({
      path: join(ROOT, 'docs', 'screenshots', 'extension-panel.png'),
      timeout: 15_000,
    });
    await panel.close();
    await page.close();
  });

  it('the panel records device input as a JSON file and replays it; numeric fields move the headset', async () => {
    const { page, cdp } = await open(
      b,
      s,
      '/replay.html',
      app('').replace(
        'window.__y = p ? p.transform.position.y : null;',
        'window.__y = p ? p.transform.position.y : null; window.__x = p ? p.transform.position.x : null;',
      ),
    );
    await page.click('#go');
    expect(await outcome(page)).toBe('granted:viewer,local');
    const panel = await b.openPanel(page);
    await expect.poll(() => panel.locator('#origin').textContent()).toBe(`Origin: ${s.served.origin}`);
    await panel.locator('#recordBtn').click();
    await panel.locator('#headset-x').fill('0.25');
    await panel.locator('#headset-x').press('Enter');
    await expect.poll(() => script(cdp, 'window.__x'), { timeout: 10_000 }).toBe(0.25);
    await panel.locator('#headset-y').fill('0.5');
    await panel.locator('#headset-y').press('Enter');
    await expect.poll(() => script(cdp, 'window.__y'), { timeout: 10_000 }).toBe(0.5);
    await panel.locator('#recordBtn').click();
    await expect.poll(() => panel.locator('#download').isVisible()).toBe(true);
    const recording = JSON.parse(
      await panel.evaluate(() =>
        (globalThis as unknown as { xrgateLastRecording(): string }).xrgateLastRecording(),
      ),
    );
    expect(recording.format).toBe('xrgate-device-recording');
    expect(recording.frames.length).toBe(3); // the starting state and two changes
    // Somewhere else, then the recording replayed from a file: the headset returns to it.
    await panel.locator('#headset-x').fill('-1');
    await panel.locator('#headset-x').press('Enter');
    await expect.poll(() => script(cdp, 'window.__x'), { timeout: 10_000 }).toBe(-1);
    await panel.locator('#replayFile').setInputFiles({
      name: 'xrgate-recording.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(recording)),
    });
    await expect
      .poll(() => panel.locator('#recordStatus').textContent(), { timeout: 10_000 })
      .toContain('replayed 3');
    await expect
      .poll(() => script(cdp, '[window.__x, window.__y]'), { timeout: 10_000 })
      .toEqual([0.25, 0.5]);
    // A file that is not a recording is refused with a reason.
    await panel
      .locator('#replayFile')
      .setInputFiles({ name: 'x.json', mimeType: 'application/json', buffer: Buffer.from('{"frames": 3}') });
    await expect
      .poll(() => panel.locator('#recordStatus').textContent())
      .toContain('not an xrgate device recording');
    await script(cdp, 'window.__s.end()');
    await panel.close();
    await page.close();
  });

  it('the prompt, as the user sees it (screenshot)', async () => {
    const { page } = await open(
      b,
      s,
      '/shot.html',
      app('', "{ requiredFeatures: ['local-floor'], optionalFeatures: ['bounded-floor', 'hand-tracking'] }"),
    );
    await page.click('#go');
    const frame = await promptFrame(page);
    await expect
      .poll(() => frame.locator('#once').getAttribute('aria-disabled'), { timeout: 10_000 })
      .toBe('false');
    // A tab that is not in front produces no frames to capture: bring it forward first.
    await page.bringToFront();
    await page.screenshot({
      path: join(ROOT, 'docs', 'screenshots', 'extension-prompt.png'),
      timeout: 15_000,
    });
    await answerPrompt(page, 'block');
    await page.close();
  });
});
