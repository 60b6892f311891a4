// A hostile page against dist/xrgate.js in real Chromium, with real input only (Playwright's mouse
// and keyboard, which Chromium delivers as trusted events; the page's own script runs through CDP
// with userGesture: false, so it never has activation it did not get from the user). The bundle
// is injected before any page script, as a browser would run it; each attack is page script that
// runs afterwards. Every test has a control (the same flow without the attack) and a probe that
// shows the attack was live; the attack must change nothing xrgate decides.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundlesBuilt, hasChromium, launch, ROOT, type Served, serve } from '../browser/harness.js';

const run = hasChromium && bundlesBuilt;

/** The app: a button whose real click requests an immersive session with `init`. */
function app(attack: string, init = '{}', extraHead = ''): string {
  // The session gets a base layer (no frames without one) on an xrCompatible WebGL context.
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
  const count = () => { window.__frames++; s.requestAnimationFrame(count); };
  s.requestAnimationFrame(count);
  out.textContent = 'granted:' + s.enabledFeatures.join(',');
}, (e) => { out.textContent = e.name; });
document.getElementById('go').addEventListener('click', () => window.__request());
</script>`;
}

describe.skipIf(!run)('hostile page against dist/xrgate.js (Chromium, real input)', () => {
  let browser: Browser;
  let served: Served;
  const pages: Record<string, string> = {};
  const headers: Record<string, Record<string, string>> = {};
  const bundle = run ? readFileSync(join(ROOT, 'dist', 'xrgate.js'), 'utf8') : '';

  beforeAll(async () => {
    browser = await launch();
    served = await serve(pages, headers);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });

  async function open(
    path: string,
    html: string,
    header?: Record<string, string>,
  ): Promise<{ page: Page; cdp: CDPSession; context: BrowserContext }> {
    pages[path] = html;
    if (header) headers[path] = header;
    const context = await browser.newContext({ viewport: { width: 900, height: 700 } });
    await context.addInitScript({ content: bundle });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await page.goto(`${served.origin}${path}`);
    return { page, cdp, context };
  }
  /** Page script without a user gesture. */
  async function script(cdp: CDPSession, expression: string): Promise<unknown> {
    const r = (await cdp.send('Runtime.evaluate', {
      expression,
      userGesture: false,
      awaitPromise: true,
      returnByValue: true,
    })) as { result: { value?: unknown }; exceptionDetails?: { text: string } };
    if (r.exceptionDetails) throw new Error(`page script failed: ${JSON.stringify(r.exceptionDetails)}`);
    return r.result.value;
  }
  async function outcome(page: Page): Promise<string> {
    await expect
      .poll(async () => (await page.locator('#out').textContent()) ?? '', { timeout: 10_000 })
      .not.toBe('');
    return (await page.locator('#out').textContent()) ?? '';
  }
  async function promptShown(page: Page): Promise<void> {
    await expect.poll(() => page.locator('xrgate-prompt').count(), { timeout: 10_000 }).toBe(1);
  }
  /** The centre of a prompt button (CDP pierces the closed shadow root; a page cannot). */
  async function buttonAt(
    cdp: CDPSession,
    answer: 'once' | 'block' | 'remember' | 'enter' | 'dismiss',
    attr: 'data-answer' | 'data-offer' = 'data-answer',
  ): Promise<{ x: number; y: number }> {
    const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: DomNode };
    type DomNode = { nodeId: number; attributes?: string[]; children?: DomNode[]; shadowRoots?: DomNode[] };
    const find = (n: DomNode): DomNode | null => {
      const a = n.attributes ?? [];
      for (let i = 0; i < a.length; i += 2) if (a[i] === attr && a[i + 1] === answer) return n;
      for (const c of [...(n.children ?? []), ...(n.shadowRoots ?? [])]) {
        const hit = find(c);
        if (hit) return hit;
      }
      return null;
    };
    const node = find(root);
    if (!node) throw new Error(`no "${answer}" button`);
    const { model } = (await cdp.send('DOM.getBoxModel', { nodeId: node.nodeId })) as {
      model: { content: number[] };
    };
    const q = model.content;
    return { x: (q[0]! + q[4]!) / 2, y: (q[1]! + q[5]!) / 2 };
  }

  // --- Activation ----------------------------------------------------------------------------

  const FORGE_ACTIVATION = `
    const desc = Object.getOwnPropertyDescriptor(UserActivation.prototype, 'isActive');
    const nativeGet = desc.get;
    const call = Function.prototype.call, apply = Function.prototype.apply, rapply = Reflect.apply;
    Function.prototype.call = function (...a) { return this === nativeGet ? true : rapply(call, this, a); };
    Function.prototype.apply = function (t, a) { return this === nativeGet ? true : rapply(apply, this, [t, a]); };
    Reflect.apply = function (f, t, a) { return f === nativeGet ? true : rapply(f, t, a); };
    Object.defineProperty(UserActivation.prototype, 'isActive', { get: () => true, configurable: true });
    Object.defineProperty(UserActivation.prototype, 'hasBeenActive', { get: () => true, configurable: true });
    Object.defineProperty(Navigator.prototype, 'userActivation', { get: () => ({ isActive: true, hasBeenActive: true }), configurable: true });
    window.__probe.activation = navigator.userActivation.isActive === true && nativeGet.call(navigator.userActivation) === true;
  `;

  it('forged activation (Function.prototype.call, Reflect.apply, UserActivation getters) starts nothing', async () => {
    for (const attack of ['', FORGE_ACTIVATION]) {
      const { page, cdp, context } = await open(`/activation${attack ? '-attack' : ''}.html`, app(attack));
      if (attack) expect(await script(cdp, 'window.__probe.activation')).toBe(true);
      await script(cdp, 'window.__request()');
      expect(await outcome(page)).toBe('SecurityError');
      await context.close();
    }
    // The flow can succeed: a real click grants (so the refusals above are the attack failing).
    const { page, context } = await open('/activation-click.html', app(FORGE_ACTIVATION));
    await page.click('#go');
    expect(await outcome(page)).toBe('granted:viewer,local');
    await context.close();
  }, 60_000);

  // --- Permissions policy ----------------------------------------------------------------------

  const FORGE_POLICY = `
    for (const P of [window.FeaturePolicy, window.PermissionsPolicy]) {
      if (P) { P.prototype.allowsFeature = () => true; P.prototype.allowedFeatures = () => ['xr-spatial-tracking']; }
    }
    const fake = { allowsFeature: () => true, features: () => [], allowedFeatures: () => ['xr-spatial-tracking'] };
    Object.defineProperty(Document.prototype, 'featurePolicy', { get: () => fake, configurable: true });
    Object.defineProperty(Document.prototype, 'permissionsPolicy', { get: () => fake, configurable: true });
    window.__probe.policy = document.featurePolicy.allowsFeature('xr-spatial-tracking');
  `;

  it('a forged allowsFeature in a page served with xr-spatial-tracking=() gets no session', async () => {
    const outcomes: string[] = [];
    for (const attack of ['', FORGE_POLICY]) {
      const { page, cdp, context } = await open(`/policy${attack ? '-attack' : ''}.html`, app(attack), {
        'permissions-policy': 'xr-spatial-tracking=()',
      });
      if (attack) expect(await script(cdp, 'window.__probe.policy')).toBe(true);
      await page.click('#go');
      outcomes.push(await outcome(page));
      await context.close();
    }
    // The control is refused (R-POLICY-03); the attack changes nothing.
    expect(outcomes[0]).not.toMatch(/^granted/);
    expect(outcomes[1]).toBe(outcomes[0]);
  }, 60_000);

  it('a forged allowsFeature in a cross-origin iframe without allow gets no session', async () => {
    const other = served.origin.replace('127.0.0.1', 'localhost');
    const outcomes: string[] = [];
    for (const attack of ['', FORGE_POLICY]) {
      const inner = `/inner${attack ? '-attack' : ''}.html`;
      pages[inner] = app(attack);
      const { page, context } = await open(
        `/outer${attack ? '-attack' : ''}.html`,
        `<!doctype html><iframe src="${other}${inner}" width=600 height=300></iframe>`,
      );
      const frame = page.frameLocator('iframe');
      await frame.locator('#go').click();
      await expect
        .poll(async () => (await frame.locator('#out').textContent()) ?? '', { timeout: 10_000 })
        .not.toBe('');
      outcomes.push((await frame.locator('#out').textContent()) ?? '');
      await context.close();
    }
    // The control is refused (R-POLICY-02); the attack changes nothing.
    expect(outcomes[0]).not.toMatch(/^granted/);
    expect(outcomes[1]).toBe(outcomes[0]);
  }, 60_000);

  // --- Consent ---------------------------------------------------------------------------------

  const FORGE_CONSENT = `
    const get = Map.prototype.get, has = Set.prototype.has, push = Array.prototype.push, fe = Object.fromEntries;
    Map.prototype.get = function (k) { const v = get.call(this, k); return v === undefined ? { state: 'granted', feature: k, granted: true, kind: 'explicit', duration: 'persistent' } : v; };
    Set.prototype.has = function () { return true; };
    Array.prototype.push = function (...a) { return push.call(this, ...a, 'bounded-floor', 'local-floor', 'hand-tracking'); };
    Object.fromEntries = (e) => { const o = fe(e); for (const k of Object.keys(o)) o[k] = true; return o; };
    Array.prototype.includes = () => true;
    Math.round = (x) => x;
    for (const k of ['granted', 'persistent', 'persistConsent', 'allowed', 'value', 'explicit', 'state', 'consent', 'remember', 'xrCompatible']) Object.prototype[k] = true;
    window.__probe.consent = new Set().has('x') && [].includes(1);
  `;

  it('poisoned Map/Set/Array/Object.fromEntries and a polluted Object.prototype: Block still refuses', async () => {
    for (const attack of ['', FORGE_CONSENT]) {
      const { page, cdp, context } = await open(
        `/consent${attack ? '-attack' : ''}.html`,
        app(attack, "{ requiredFeatures: ['local-floor'] }"),
      );
      if (attack) expect(await script(cdp, 'window.__probe.consent')).toBe(true);
      await page.click('#go');
      await promptShown(page);
      await page.waitForTimeout(800);
      const block = await buttonAt(cdp, 'block');
      await page.mouse.click(block.x, block.y);
      expect(await outcome(page)).toBe('NotSupportedError');
      await context.close();
    }
  }, 60_000);

  it("captured listeners called with { isTrusted: true } answer nothing; the user's Escape refuses", async () => {
    const CAPTURE = `
      const add = EventTarget.prototype.addEventListener;
      window.__captured = [];
      EventTarget.prototype.addEventListener = function (type, fn, o) { window.__captured.push([type, fn, this]); return add.call(this, type, fn, o); };
      for (const P of [Element.prototype, Node.prototype]) for (const m of ['append', 'appendChild', 'insertBefore', 'prepend', 'replaceChildren']) {
        const orig = P[m]; if (typeof orig !== 'function') continue;
        P[m] = function (...a) { window.__captured.push(['dom', m, this, ...a]); return orig.apply(this, a); };
      }
    `;
    const { page, cdp, context } = await open(
      '/listeners.html',
      app(CAPTURE, "{ requiredFeatures: ['local-floor'] }"),
    );
    await page.click('#go');
    await promptShown(page);
    await page.waitForTimeout(800);
    const reached = await script(
      cdp,
      `(() => {
        let called = 0, shadow = 0;
        const app = document.getElementById('go');
        for (const [type, fn, self, ...nodes] of window.__captured) {
          if (self === app) continue; // the app's own button: calling it would just request again
          if (type === 'dom') { for (const n of [self, ...nodes]) if (n && n.getRootNode && n.getRootNode() instanceof ShadowRoot) shadow++; continue; }
          if (typeof fn !== 'function') continue;
          for (const fake of [{ isTrusted: true, type, key: 'Enter', currentTarget: self, target: self }, new MouseEvent('click')]) {
            try { fn.call(self, fake); called++; } catch {}
          }
        }
        return { called, shadow, captured: window.__captured.length };
      })()`,
    );
    expect((reached as { captured: number }).captured).toBeGreaterThan(0); // the hooks were live
    expect((reached as { shadow: number }).shadow).toBe(0); // no node of the prompt passed through them
    await page.waitForTimeout(200);
    expect(await page.locator('#out').textContent()).toBe('');
    await page.keyboard.press('Escape');
    expect(await outcome(page)).toBe('NotSupportedError');
    await context.close();
  }, 60_000);

  // --- The prompt's visibility -------------------------------------------------------------------

  const HIDE_PROMPT = `
    const st = document.createElement('style');
    st.textContent = 'xrgate-prompt { opacity: 0 !important; visibility: hidden !important; transform: scale(0) !important; filter: opacity(0) !important; display: none !important }';
    document.documentElement.append(st);
    new MutationObserver(() => {
      const host = document.querySelector('xrgate-prompt');
      if (host && !host.__styled) { host.__styled = true; host.setAttribute('style', 'opacity: 0 !important; clip-path: inset(50%) !important'); }
    }).observe(document.documentElement, { childList: true });
  `;

  it('page CSS and inline styles cannot make the prompt invisible', async () => {
    const { page, cdp, context } = await open(
      '/css.html',
      app(HIDE_PROMPT, "{ requiredFeatures: ['local-floor'] }"),
    );
    await page.click('#go');
    await promptShown(page);
    const style = await script(
      cdp,
      `(() => { const h = document.querySelector('xrgate-prompt'); const cs = getComputedStyle(h);
        return [h.getAttribute('style') !== null, cs.opacity, cs.visibility, cs.display, cs.transform, cs.filter, cs.clipPath].join('|'); })()`,
    );
    expect(style).toBe('true|1|visible|block|none|none|none');
    await page.keyboard.press('Escape');
    expect(await outcome(page)).toBe('NotSupportedError');
    await context.close();
  }, 60_000);

  const COVER = `
    new MutationObserver(() => {
      if (!document.querySelector('xrgate-prompt') || window.__cover) return;
      const c = document.createElement('div');
      c.textContent = 'Click to win a prize!';
      c.style.cssText = 'position:fixed;inset:0;margin:0;width:100vw;height:100vh;border:0;background:#ffd54f;font-size:40px;pointer-events:none';
      c.setAttribute('popover', 'manual');
      document.body.append(c);
      c.showPopover();
      window.__cover = c;
    }).observe(document.documentElement, { childList: true });
  `;

  it('a cover with pointer-events: none over the prompt: the click that lands on Allow does not count', async () => {
    const { page, cdp, context } = await open(
      '/cover.html',
      app(COVER, "{ requiredFeatures: ['local-floor'] }"),
    );
    await page.click('#go');
    await promptShown(page);
    await page.waitForTimeout(900);
    expect(await script(cdp, 'window.__cover.matches(":popover-open")')).toBe(true); // the bait is up
    const allow = await buttonAt(cdp, 'once');
    await page.mouse.click(allow.x, allow.y); // lands on "Allow once" through the bait
    await page.waitForTimeout(300);
    expect(await page.locator('#out').textContent()).toBe('');
    // Control: once the cover is gone and the prompt has been visible for its delay, the same click counts.
    await script(cdp, 'window.__cover.hidePopover(); window.__cover.remove()');
    await page.waitForTimeout(1000);
    await page.mouse.click(allow.x, allow.y);
    expect(await outcome(page)).toBe('granted:viewer,local,local-floor');
    await context.close();
  }, 60_000);

  it('a page that hides or removes the prompt gets a refusal, never a grant', async () => {
    for (const how of ['hidePopover()', 'remove()']) {
      const { page, cdp, context } = await open(
        `/hide-${how.slice(0, 4)}.html`,
        app('', "{ requiredFeatures: ['local-floor'] }"),
      );
      await page.click('#go');
      await promptShown(page);
      await script(cdp, `document.querySelector('xrgate-prompt').${how}`);
      expect(await outcome(page)).toBe('NotSupportedError');
      await context.close();
    }
  }, 60_000);

  it('a page cannot define xrgate-prompt first to run its constructor on the prompt', async () => {
    const DEFINE = `
      try { customElements.define('xrgate-prompt', class extends HTMLElement { constructor() { super(); window.__grabbed = this; } }); window.__probe.defined = 'yes'; }
      catch (e) { window.__probe.defined = e.name; }
    `;
    const { page, cdp, context } = await open(
      '/define.html',
      app(DEFINE, "{ requiredFeatures: ['local-floor'] }"),
    );
    expect(await script(cdp, 'window.__probe.defined')).toBe('NotSupportedError');
    await page.click('#go');
    await promptShown(page);
    expect(await script(cdp, 'window.__grabbed === undefined')).toBe(true);
    await page.keyboard.press('Escape');
    expect(await outcome(page)).toBe('NotSupportedError');
    await context.close();
  }, 60_000);

  it("the page's document.open() (which removes every listener of the window) does not keep the user in: the session ends, by the user agent or by the user's Escape", async () => {
    const { page, cdp, context } = await open('/reopen.html', app(''));
    await page.click('#go');
    expect(await outcome(page)).toBe('granted:viewer,local');
    await script(
      cdp,
      `const s = window.__s; document.open(); document.write('<p id=out>reopened</p>'); document.close();
       window.__s = s; s.addEventListener('end', () => { window.__ended = true; }); 0`,
    );
    await page.waitForTimeout(300);
    await page.keyboard.press('Escape');
    await expect.poll(() => script(cdp, 'window.__ended === true'), { timeout: 5_000 }).toBe(true);
    await context.close();
  }, 60_000);

  // The race document.open() leaves: the page's own capturing listener, added in the same task,
  // comes before xrgate's (added again in a microtask); or the page writes nothing, and no observer
  // fires. The user's Escape might then not reach xrgate: the immersive session ends instead.
  for (const [name, attack] of [
    [
      'its own capturing listener that stops Escape, added at once',
      `document.open(); document.write('<p id=out>reopened</p>'); document.close();
       addEventListener('keydown', (e) => { if (e.key === 'Escape') { e.stopImmediatePropagation(); window.__swallowed = (window.__swallowed || 0) + 1; } }, true);`,
    ],
    ['nothing written after it', `document.documentElement.remove(); document.open();`],
    [
      'every timer id cleared first (a fifth review: a setTimeout watch was cancelled)',
      `for (let i = 0; i < 100000; i++) clearTimeout(i);
       document.open(); document.write('<p id=out>reopened</p>'); document.close();
       addEventListener('keydown', (e) => { if (e.key === 'Escape') e.stopImmediatePropagation(); }, true);`,
    ],
  ] as const) {
    it(`document.open() with ${name}: the immersive session ends (R-TUI-11)`, async () => {
      const { page, cdp, context } = await open(`/reopen-${name.length}.html`, app(''));
      await page.click('#go');
      expect(await outcome(page)).toBe('granted:viewer,local');
      await script(cdp, `window.__s.addEventListener('end', () => { window.__ended = true; }); 0`);
      await script(cdp, `${attack} 0`);
      await expect.poll(() => script(cdp, 'window.__ended === true'), { timeout: 5_000 }).toBe(true);
      await context.close();
    }, 60_000);
  }

  it('a document whose listeners the page took once gets no immersive session that lasts: a second one ends too (R-TUI-11)', async () => {
    // A fifth review's attack: the first session ended, the verdict was spent, and the page's own
    // listener stayed first for the next one.
    const { page, cdp, context } = await open('/reopen-twice.html', app(''));
    await page.click('#go');
    expect(await outcome(page)).toBe('granted:viewer,local');
    await script(
      cdp,
      `window.__s.addEventListener('end', () => { window.__ended = true; });
       document.open(); document.write('<button id=again style="position:fixed;left:20px;top:20px;width:160px;height:50px">again</button><div id=out2></div>'); document.close();
       addEventListener('keydown', (e) => { if (e.key === 'Escape') e.stopImmediatePropagation(); }, true);
       document.getElementById('again').addEventListener('click', () => navigator.xr.requestSession('immersive-vr').then((s) => {
         window.__second = s; s.addEventListener('end', () => { window.__secondEnded = true; });
         s.requestAnimationFrame(function f() { s.requestAnimationFrame(f); });
       }, (e) => { window.__secondError = e.name; })); 0`,
    );
    await expect.poll(() => script(cdp, 'window.__ended === true'), { timeout: 5_000 }).toBe(true);
    await page.click('#again');
    await expect
      .poll(() => script(cdp, 'window.__secondEnded === true || window.__secondError || false'), {
        timeout: 5_000,
      })
      .not.toBe(false);
    await context.close();
  }, 60_000);

  // --- Events ----------------------------------------------------------------------------------

  it('a script-dispatched pagehide does not end a running session', async () => {
    const { page, cdp, context } = await open('/pagehide.html', app(''));
    await page.click('#go');
    expect(await outcome(page)).toBe('granted:viewer,local');
    await script(
      cdp,
      `window.dispatchEvent(new Event('pagehide')); window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: false }));
       document.dispatchEvent(new Event('visibilitychange')); window.dispatchEvent(new FocusEvent('blur'));`,
    );
    const before = (await script(cdp, 'window.__frames')) as number;
    await page.waitForTimeout(500);
    const after = (await script(cdp, 'window.__frames')) as number;
    expect(after).toBeGreaterThan(before + 5);
    expect(await script(cdp, 'window.__s.visibilityState')).toBe('visible');
    await context.close();
  }, 60_000);

  // --- The immersive device lock across documents -------------------------------------------------

  it('a page and its same-origin iframe, each with its own xrgate, cannot both hold an immersive session', async () => {
    pages['/lock-inner.html'] = app('');
    const { page, cdp, context } = await open(
      '/lock-outer.html',
      app('').replace(
        '<script>window.__probe',
        '<iframe src="/lock-inner.html" style="position:fixed;left:300px;top:10px" width=400 height=200></iframe><script>window.__probe',
      ),
    );
    const frame = page.frameLocator('iframe');
    const frameOut = async () => {
      await expect
        .poll(async () => (await frame.locator('#out').textContent()) ?? '', { timeout: 10_000 })
        .not.toBe('');
      return (await frame.locator('#out').textContent()) ?? '';
    };
    await page.click('#go');
    expect(await outcome(page)).toBe('granted:viewer,local');
    await frame.locator('#go').click();
    const refused = await frameOut();
    expect(refused).not.toMatch(/^granted/);
    // Control: once the page's session has ended, the iframe's real click gets one.
    await script(cdp, 'window.__s.end()');
    await page.frames()[1]!.evaluate(() => {
      document.getElementById('out')!.textContent = '';
    });
    await frame.locator('#go').click();
    expect(await frameOut()).toBe('granted:viewer,local');
    await context.close();
  }, 60_000);

  // --- The offerSession() control (R-NAV-21) --------------------------------------------------------

  it("offerSession's Enter control: forged events, page CSS and a pointer-events: none cover over it start nothing", async () => {
    // The page offers on load, then attacks the control: synthetic clicks and keys on its host,
    // page CSS against it, and a top-layer bait over it that lets the real click through.
    const ATTACK = `
      window.__offer = navigator.xr.offerSession('immersive-vr').then(
        (s) => { window.__s = s; document.getElementById('out').textContent = 'granted:' + s.enabledFeatures.join(','); },
        (e) => { document.getElementById('out').textContent = e.name; });
      const st = document.createElement('style');
      st.textContent = 'xrgate-offer { opacity: 0 !important; transform: scale(0) !important; display: none !important }';
      document.documentElement.append(st);
      window.__forge = () => {
        const host = document.querySelector('xrgate-offer');
        for (const t of ['pointerdown', 'mousedown', 'pointerup', 'mouseup', 'click'])
          host.dispatchEvent(new MouseEvent(t, { bubbles: true, composed: true, clientX: 5, clientY: 5 }));
        host.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
        return getComputedStyle(host).opacity + '|' + getComputedStyle(host).display;
      };
      window.__cover = () => {
        const c = document.createElement('div');
        c.textContent = 'Win a prize!';
        c.style.cssText = 'position:fixed;inset:0;margin:0;width:100vw;height:100vh;border:0;background:#ffd54f;pointer-events:none';
        c.setAttribute('popover', 'manual');
        document.body.append(c);
        c.showPopover();
        window.__coverEl = c;
      };`;
    const { page, cdp, context } = await open('/offer-attack.html', app(ATTACK));
    await expect.poll(() => script(cdp, "document.querySelector('xrgate-offer') !== null")).toBe(true);
    await page.waitForTimeout(700);
    // Page CSS does not hide it (its :host rules win), and forged events press nothing.
    expect(await script(cdp, 'window.__forge()')).toBe('1|block');
    await page.waitForTimeout(200);
    expect(await script(cdp, "document.getElementById('out').textContent")).toBe('');
    // The bait covers it; the user's real click lands on Enter through the bait: it does not count.
    await script(cdp, 'window.__cover()');
    await page.waitForTimeout(700);
    const enter = await buttonAt(cdp, 'enter', 'data-offer');
    await page.mouse.click(enter.x, enter.y);
    await page.waitForTimeout(300);
    expect(await script(cdp, "document.getElementById('out').textContent")).toBe('');
    // Control: uncovered and visible for its delay, the same real click enters.
    await script(cdp, 'window.__coverEl.hidePopover(); window.__coverEl.remove()');
    await page.waitForTimeout(900);
    await page.mouse.click(enter.x, enter.y);
    expect(await outcome(page)).toBe('granted:viewer,local');
    await context.close();
  }, 60_000);

  // --- The developer overlay -------------------------------------------------------------------

  it('the overlay does not exist until the user opens it, and "grant everything" is not in the bundle', async () => {
    expect(bundle).not.toContain('grant everything');
    const { page, cdp, context } = await open('/overlay.html', app(''));
    expect(await page.locator('xrgate-overlay').count()).toBe(0);
    // A synthetic Ctrl+Shift+X opens nothing.
    await script(
      cdp,
      "window.dispatchEvent(new KeyboardEvent('keydown', { key: 'X', ctrlKey: true, shiftKey: true, bubbles: true }))",
    );
    await page.waitForTimeout(200);
    expect(await page.locator('xrgate-overlay').count()).toBe(0);
    await page.keyboard.press('Control+Shift+X');
    await expect.poll(() => page.locator('xrgate-overlay').count()).toBe(1);
    await context.close();
  }, 60_000);
});
