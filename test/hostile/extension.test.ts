// The hostile suite of test/hostile/chromium.test.ts, against the extension (the attacks that also
// run in test/extension/extension.test.ts are not repeated here: forged activation, forged
// allowsFeature in a page with xr-spatial-tracking=(), poisoned built-ins with Block, a covering
// top-layer element with pointer-events: none, a removed prompt). Each with its control.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { XrgateBrowser } from '../../src/extension/node/index.js';
import {
  ANCHOR_PAGE,
  answerPrompt,
  app,
  browser,
  open,
  outcome,
  phone,
  promptCount,
  promptFrame,
  runExtension,
  type Site,
  script,
  site,
} from '../extension/harness.js';

describe.skipIf(!runExtension)(
  'hostile page against the extension (Chromium, real input)',
  { timeout: 60_000 },
  () => {
    let b: XrgateBrowser;
    let s: Site;
    beforeAll(async () => {
      [b, s] = await Promise.all([browser(), site()]);
    }, 60_000);
    afterAll(async () => {
      await b?.close();
      await s?.served.close();
    });

    it('a forged allowsFeature in a cross-origin iframe without allow gets no session', async () => {
      const FORGE = `
      for (const P of [self.FeaturePolicy, self.PermissionsPolicy].filter(Boolean)) P.prototype.allowsFeature = () => true;
      window.__probe.policy = document.featurePolicy.allowsFeature('xr-spatial-tracking');`;
      const other = s.served.origin.replace('127.0.0.1', 'localhost');
      const outcomes: string[] = [];
      for (const attack of ['', FORGE]) {
        const inner = `/x-inner${attack ? '-attack' : ''}.html`;
        s.pages[inner] = app(attack);
        const { page } = await open(
          b,
          s,
          `/x-outer${attack ? '-attack' : ''}.html`,
          `<!doctype html><iframe src="${other}${inner}" width=600 height=300></iframe>`,
        );
        const frame = page.frameLocator('iframe');
        await frame.locator('#go').click();
        await expect
          .poll(async () => (await frame.locator('#out').textContent()) ?? '', { timeout: 10_000 })
          .not.toBe('');
        outcomes.push((await frame.locator('#out').textContent()) ?? '');
        await page.close();
      }
      expect(outcomes[0]).not.toMatch(/^granted/);
      expect(outcomes[1]).toBe(outcomes[0]);
    });

    it('hooked addEventListener and DOM methods capture nothing of the user agent; forged events answer nothing', async () => {
      const CAPTURE = `
      const add = EventTarget.prototype.addEventListener;
      window.__captured = [];
      EventTarget.prototype.addEventListener = function (type, fn, o) { window.__captured.push([type, fn, this]); return add.call(this, type, fn, o); };
      for (const P of [Element.prototype, Node.prototype]) for (const m of ['append', 'appendChild', 'insertBefore', 'prepend', 'replaceChildren']) {
        const orig = P[m]; if (typeof orig !== 'function') continue;
        P[m] = function (...a) { window.__captured.push(['dom', m, this, ...a]); return orig.apply(this, a); };
      }`;
      const { page, cdp } = await open(
        b,
        s,
        '/listeners.html',
        app(CAPTURE, "{ requiredFeatures: ['local-floor'] }"),
      );
      await page.click('#go');
      await promptFrame(page);
      await page.waitForTimeout(800);
      const reached = (await script(
        cdp,
        `(() => {
        let called = 0, prompt = 0;
        const app = document.getElementById('go');
        for (const [type, fn, self, ...nodes] of window.__captured) {
          if (self === app) continue;
          if (type === 'dom') { for (const n of [self, ...nodes]) if (n && (n.tagName === 'IFRAME' || (n.hasAttribute && n.hasAttribute('popover')))) prompt++; continue; }
          if (typeof fn !== 'function') continue;
          for (const fake of [{ isTrusted: true, type, key: 'Enter', currentTarget: self, target: self }, new MouseEvent('click')]) {
            try { fn.call(self, fake); called++; } catch {}
          }
        }
        // Forged events at the page and the prompt's host.
        for (const t of ['keydown', 'click', 'pointerdown', 'focus', 'visibilitychange'])
          window.dispatchEvent(new KeyboardEvent(t, { key: 'Enter' }));
        document.querySelectorAll('div[popover]').forEach((d) => d.dispatchEvent(new MouseEvent('click', { bubbles: true })));
        return { called, prompt, captured: window.__captured.length };
      })()`,
      )) as { called: number; prompt: number; captured: number };
      expect(reached.captured).toBeGreaterThan(0); // the hooks were live (the page's own listeners)
      expect(reached.prompt).toBe(0); // the prompt never passed through the page's DOM methods
      await page.waitForTimeout(200);
      expect(await script(cdp, "document.getElementById('out').textContent")).toBe('');
      // Control: the user's real answer still works.
      await answerPrompt(page, 'block');
      expect(await outcome(page)).toBe('NotSupportedError');
      await page.close();
    });

    it('page CSS and inline styles on the prompt host change nothing the user sees', async () => {
      const HIDE = `
      const st = document.createElement('style');
      st.textContent = 'div[popover], iframe { opacity: 0 !important; visibility: hidden !important; transform: scale(0) !important; filter: opacity(0) !important; display: none !important }';
      document.documentElement.append(st);
      new MutationObserver(() => {
        const host = document.querySelector('div[popover]');
        if (host && !host.__styled) { host.__styled = true; host.setAttribute('style', 'opacity: 0 !important; clip-path: inset(50%) !important'); }
      }).observe(document.documentElement, { childList: true });`;
      const { page, cdp } = await open(b, s, '/css.html', app(HIDE, "{ requiredFeatures: ['local-floor'] }"));
      await page.click('#go');
      await promptFrame(page);
      const style = await script(
        cdp,
        `(() => { const h = document.querySelector('div[popover]'); const cs = getComputedStyle(h);
        return [h.getAttribute('style') !== null, cs.opacity, cs.visibility, cs.display, cs.transform, cs.filter, cs.clipPath].join('|'); })()`,
      );
      expect(style).toBe('true|1|visible|flex|none|none|none');
      // The prompt is visible, so the user's answer counts.
      await answerPrompt(page, 'once');
      expect(await outcome(page)).toBe('granted:viewer,local,local-floor');
      await page.close();
    });

    it('fading or blurring the whole document does not fade the prompt: it stays in the top layer, visible', async () => {
      const FADE = `window.__fade = () => { document.documentElement.style.cssText = 'opacity: 0.05 !important; filter: blur(8px) !important'; };`;
      const { page, cdp } = await open(
        b,
        s,
        '/fade.html',
        app(FADE, "{ requiredFeatures: ['local-floor'] }"),
      );
      await page.click('#go');
      const frame = await promptFrame(page);
      await expect
        .poll(() => frame.locator('#once').getAttribute('aria-disabled'), { timeout: 10_000 })
        .toBe('false');
      // The prompt's pixels, before and after the page fades and blurs itself.
      const clip = { x: 240, y: 170, width: 420, height: 120 };
      const before = await page.screenshot({ clip });
      await script(cdp, 'window.__fade()');
      expect(await script(cdp, 'getComputedStyle(document.documentElement).opacity')).toBe('0.05'); // the attack is live
      await page.waitForTimeout(900);
      // Chromium draws the top layer outside the root's opacity and filter, and its occlusion
      // tracking (IntersectionObserver v2, inside the prompt frame) reports the prompt visible: the
      // user sees exactly what they answer: the prompt's pixels are unchanged.
      expect(await frame.locator('#once').getAttribute('aria-disabled')).toBe('false');
      const after = await page.screenshot({ clip });
      expect(after.equals(before)).toBe(true);
      await answerPrompt(page, 'once');
      expect(await outcome(page)).toBe('granted:viewer,local,local-floor');
      await page.close();
    });

    it('a script-dispatched pagehide, blur or visibilitychange does not end or blur a running session', async () => {
      const { page, cdp } = await open(b, s, '/pagehide.html', app(''));
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
      await script(cdp, 'window.__s.end()');
      await page.close();
    });

    it('a page and its same-origin iframe cannot both hold an immersive session', async () => {
      s.pages['/lock-inner.html'] = app('');
      const { page, cdp } = await open(
        b,
        s,
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
      expect(await frameOut()).not.toMatch(/^granted/);
      await script(cdp, 'window.__s.end()');
      await page.frames()[1]!.evaluate(() => {
        document.getElementById('out')!.textContent = '';
      });
      await frame.locator('#go').click();
      expect(await frameOut()).toBe('granted:viewer,local');
      await page.close();
    });

    it('an about:blank iframe scripted in the task that created it already has the extension (no native navigator.xr to use)', async () => {
      const { cdp, page } = await open(
        b,
        s,
        '/blank.html',
        `<!doctype html><script>
        const f = document.createElement('iframe');
        document.documentElement.append(f);
        const w = f.contentWindow;
        window.__sync = [w.xrgate && w.xrgate.via, w.navigator.xr === undefined ? 'none' : Object.prototype.toString.call(w.navigator.xr)];
      </script>`,
      );
      expect(await script(cdp, 'window.__sync')).toEqual(['extension', '[object XRSystem]']);
      await page.close();
    });

    it("offerSession's control: a top-layer bait over it (pointer-events: none) does not take the click; uncovered it does", async () => {
      const PAGE = `<!doctype html><div id=out></div><script>
      navigator.xr.offerSession('immersive-vr').then(
        (s) => { window.__s = s; document.getElementById('out').textContent = 'granted:' + s.enabledFeatures.join(','); },
        (e) => { document.getElementById('out').textContent = e.name; });
      window.__cover = () => {
        const c = document.createElement('div');
        c.style.cssText = 'position:fixed;inset:0;margin:0;width:100vw;height:100vh;border:0;background:#ffd54f;pointer-events:none';
        c.popover = 'manual'; document.body.append(c); c.showPopover(); window.__coverEl = c;
      };</script>`;
      const { page, cdp } = await open(b, s, '/offer-cover.html', PAGE);
      let frame: import('playwright-core').Frame | undefined;
      await expect
        .poll(
          async () => {
            frame = page.frames().find((f) => f.url().includes('/prompt.html#'));
            return frame ? frame.locator('#offer:not([hidden])').count() : 0;
          },
          { timeout: 15_000 },
        )
        .toBe(1);
      await expect
        .poll(() => frame!.locator('#enter').getAttribute('aria-disabled'), { timeout: 10_000 })
        .toBe('false');
      await script(cdp, 'window.__cover()');
      await page.waitForTimeout(900);
      expect(await frame!.locator('#enter').getAttribute('aria-disabled')).toBe('true'); // the browser says: not visible
      const box = (await frame!.locator('#enter').boundingBox())!;
      const at = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
      const click = async () => {
        await cdp.send('Input.dispatchMouseEvent', { type: 'mouseMoved', ...at });
        await cdp.send('Input.dispatchMouseEvent', {
          type: 'mousePressed',
          ...at,
          button: 'left',
          clickCount: 1,
        });
        void cdp
          .send('Input.dispatchMouseEvent', { type: 'mouseReleased', ...at, button: 'left', clickCount: 1 })
          .catch(() => undefined);
      };
      await click();
      await page.waitForTimeout(400);
      expect(await script(cdp, "document.getElementById('out').textContent")).toBe('');
      await script(cdp, 'window.__coverEl.remove()');
      await expect
        .poll(() => frame!.locator('#enter').getAttribute('aria-disabled'), { timeout: 10_000 })
        .toBe('false');
      await click();
      expect(await outcome(page)).toBe('granted:viewer,local');
      await script(cdp, 'window.__s.end()');
      await page.close();
    });

    it("a sandboxed frame at the same URL origin (an opaque origin) neither lists, restores nor deletes the origin's persistent anchor", async () => {
      // The worker keys persistent anchors by the origin Chrome records for the port
      // (MessageSender.origin, 'null' here), not the origin of the frame's URL: without that the
      // sandboxed content (often someone else's, served from the site) would restore the site's anchors.
      const { page, cdp } = await open(b, s, '/anchor-owner.html', ANCHOR_PAGE);
      await phone(b, page);
      await page.click('#go');
      await answerPrompt(page, 'once');
      expect(await outcome(page, 15_000)).toBe('granted:true');
      const handle = (await script(cdp, 'window.__create()')) as string;
      await script(cdp, 'window.__s.end()');
      // The frame's app: a session with 'anchors', then the handle it was given (in its URL)
      // listed, restored and deleted; the results in #out.
      s.pages['/anchor-frame.html'] = `<!doctype html><meta charset=utf-8>
<button id=go style="position:fixed;left:10px;top:10px;width:120px;height:40px">go</button><div id=out style="position:fixed;left:10px;top:60px"></div><canvas id=c width=64 height=64></canvas>
<script>
const handle = location.hash.slice(1).split(',')[0];
const attack = location.hash.includes(',delete');
document.getElementById('go').addEventListener('click', () =>
  navigator.xr.requestSession('immersive-ar', { requiredFeatures: ['anchors'] }).then(async (s) => {
    s.updateRenderState({ baseLayer: new XRWebGLLayer(s, document.getElementById('c').getContext('webgl2', { xrCompatible: true })) });
    await s.requestReferenceSpace('local');
    await new Promise((r) => s.requestAnimationFrame(() => s.requestAnimationFrame(r)));
    const listed = [...s.persistentAnchors];
    const restore = await s.restorePersistentAnchor(handle).then(() => 'restored', (e) => e.name);
    const del = attack ? await s.deletePersistentAnchor(handle).then(() => 'deleted', (e) => e.name) : 'not tried';
    await s.end();
    document.getElementById('out').textContent = JSON.stringify({ listed, restore, del });
  }, (e) => { document.getElementById('out').textContent = JSON.stringify({ error: e.name + ': ' + e.message }); }));
</script>`;
      const run = async (sandbox: string, hash: string) => {
        s.pages['/anchor-host.html'] =
          `<!doctype html><iframe ${sandbox} allow="xr-spatial-tracking" src="/anchor-frame.html#${hash}" width=700 height=560></iframe>`;
        await page.goto(`${s.served.origin}/anchor-host.html`);
        const frame = page.frameLocator('iframe');
        await frame.locator('#go').click();
        await answerPrompt(page, 'once');
        await expect
          .poll(async () => (await frame.locator('#out').textContent()) ?? '', { timeout: 15_000 })
          .not.toBe('');
        return JSON.parse((await frame.locator('#out').textContent()) ?? '{}');
      };
      // The attack: sandboxed (scripts only: an opaque origin), at the site's own URL.
      expect(await run('sandbox="allow-scripts"', `${handle},delete`)).toEqual({
        listed: [],
        restore: 'InvalidStateError',
        del: 'InvalidStateError',
      });
      // The control: the same frame, not sandboxed (the origin itself), lists and restores it, so
      // the attack's delete deleted nothing.
      expect(await run('', handle)).toEqual({ listed: [handle], restore: 'restored', del: 'not tried' });
      await page.close();
    }, 90_000);

    it("a sandboxed document at the site's URL (an opaque origin) gets none of the site's remembered grants and keeps none of its own", async () => {
      // A hostile review's attack: consent was keyed by the origin of the document's URL, so a
      // sandboxed frame (often someone else's content, served from the site) or a page served with
      // CSP sandbox was granted what the user remembered for the site, and wrote grants for it.
      const FEATURES = "{ requiredFeatures: ['local-floor'] }";
      const { page } = await open(b, s, '/sbx-site.html', app('', FEATURES));
      await page.click('#go');
      await answerPrompt(page, 'remember');
      expect(await outcome(page)).toBe('granted:viewer,local,local-floor');
      await page.close();
      s.pages['/sbx-app.html'] = app('', FEATURES);
      // The control: the site's own frame, not sandboxed, is granted without a prompt.
      for (const sandbox of ['', 'sandbox="allow-scripts"']) {
        const { page: host } = await open(
          b,
          s,
          `/sbx-host${sandbox ? '-attack' : ''}.html`,
          `<!doctype html><iframe ${sandbox} allow="xr-spatial-tracking" src="/sbx-app.html" width=600 height=300></iframe>`,
        );
        const frame = host.frameLocator('iframe');
        await frame.locator('#go').click();
        if (sandbox) {
          // Asked, and named as what it is.
          const prompt = await promptFrame(host);
          expect(await prompt.locator('#origin').textContent()).toBe(
            'A page with no origin of its own (sandboxed, or a local file) wants to:',
          );
          // No "Allow and remember": there is no origin to remember it for.
          expect(await prompt.locator('#remember:not([hidden])').count()).toBe(0);
          await answerPrompt(host, 'once');
        }
        await expect
          .poll(async () => (await frame.locator('#out').textContent()) ?? '', { timeout: 10_000 })
          .toBe('granted:viewer,local,local-floor');
        expect(await promptCount(host)).toBe(0);
        await host.close();
      }
      // A page served sandboxed by CSP at the site's URL: asked too.
      const { page: csp } = await open(b, s, '/sbx-csp.html', app('', FEATURES), {
        'Content-Security-Policy': 'sandbox allow-scripts',
      });
      await csp.click('#go');
      const prompt = await promptFrame(csp);
      expect(await prompt.locator('#origin').textContent()).toMatch(/^A page with no origin of its own/);
      await csp.close();
    }, 90_000);

    it("srcdoc frames have their parent's origin: one site's remembered answer is not another site's", async () => {
      // A hostile review's attack: every about:srcdoc document was keyed "null", so an answer
      // remembered in one site's srcdoc frame was every site's.
      // (A feature no other test here remembers for these origins.)
      const frameApp = app('', "{ requiredFeatures: ['bounded-floor'] }")
        .replace(/&/g, '&amp;')
        .replace(/"/g, '&quot;');
      const html = `<!doctype html><iframe allow="xr-spatial-tracking" srcdoc="${frameApp}" width=600 height=300></iframe>`;
      const other = s.served.origin.replace('127.0.0.1', 'localhost');
      const answers: string[] = [];
      for (const origin of [s.served.origin, other]) {
        const { page } = await open(b, s, '/srcdoc-host.html', html, undefined, origin);
        const frame = page.frameLocator('iframe');
        await frame.locator('#go').click();
        const prompt = await promptFrame(page);
        answers.push((await prompt.locator('#origin').textContent()) ?? '');
        await answerPrompt(page, 'remember');
        await expect
          .poll(async () => (await frame.locator('#out').textContent()) ?? '', { timeout: 10_000 })
          .toMatch(/^granted/);
        await page.close();
      }
      // Each asked (the second site did not inherit the first's answer), each naming its own origin.
      expect(answers).toEqual([`${s.served.origin} wants to:`, `${other} wants to:`]);
    }, 90_000);

    // The user's Escape (R-TUI-11) against a page that would keep the user in: a capturing listener
    // of its own that stops the key, document.open() (which removes every listener of the window,
    // the isolated world's too), the focus moved into a frame of its own (the key goes there).
    for (const [name, attack, after] of [
      [
        'a capturing listener of the page that stops it',
        "window.addEventListener('keydown', (e) => { if (e.key === 'Escape') e.stopImmediatePropagation(); }, true);",
        '',
      ],
      [
        "the page's document.open() (the user agent also ends it as the listeners go)",
        '',
        `const s = window.__s; document.open(); document.write('<p id=out>reopened</p>'); document.close();
         window.__s = s; s.addEventListener('end', () => { window.__ended = true; }); 0`,
      ],
      [
        'the focus moved into a frame of the page',
        '',
        `new Promise((r) => { const f = document.createElement('iframe'); f.srcdoc = '<p>x';
           f.style.cssText = 'position:fixed;left:300px;top:20px;width:50px;height:50px;border:0';
           f.onload = () => { f.contentWindow.focus(); r(document.activeElement === f); }; document.body.append(f); })`,
      ],
    ] as const) {
      it(`the user's Escape ends the immersive session despite ${name}`, async () => {
        const { page, cdp } = await open(b, s, `/escape-${name.length}.html`, app(attack));
        await page.click('#go');
        expect(await outcome(page)).toBe('granted:viewer,local');
        if (after) await script(cdp, after);
        await page.waitForTimeout(300);
        await page.keyboard.press('Escape');
        await expect.poll(() => script(cdp, 'window.__ended === true'), { timeout: 5_000 }).toBe(true);
        await page.close();
      });
    }

    it("document.open() with the page's own capturing listener added at once (before the user agent's): the immersive session ends", async () => {
      const { page, cdp } = await open(b, s, '/reopen-race.html', app(''));
      await page.click('#go');
      expect(await outcome(page)).toBe('granted:viewer,local');
      await script(
        cdp,
        `const s = window.__s; document.open(); document.write('<p id=out>reopened</p>'); document.close();
         addEventListener('keydown', (e) => { if (e.key === 'Escape') e.stopImmediatePropagation(); }, true);
         window.__s = s; s.addEventListener('end', () => { window.__ended = true; }); 0`,
      );
      await expect.poll(() => script(cdp, 'window.__ended === true'), { timeout: 5_000 }).toBe(true);
      await page.close();
    });

    it("a same-origin frame whose listeners the page took (document.open(), its own first, the focus moved there): the tab's session ends", async () => {
      // A fifth review's attack: nothing watched a frame without a session.
      const { page, cdp } = await open(b, s, '/frame-taken.html', app(''));
      await page.click('#go');
      expect(await outcome(page)).toBe('granted:viewer,local');
      await script(
        cdp,
        `window.__s.addEventListener('end', () => { window.__ended = true; });
         new Promise((r) => { const f = document.createElement('iframe'); f.src = 'about:blank';
           f.style.cssText = 'position:fixed;left:300px;top:20px;width:80px;height:50px;border:0';
           document.body.append(f);
           setTimeout(() => { const d = f.contentDocument; d.open(); d.write('<p>x</p>'); d.close();
             f.contentWindow.addEventListener('keydown', (e) => { if (e.key === 'Escape') e.stopImmediatePropagation(); }, true);
             f.contentWindow.focus(); r(0); }, 100); })`,
      );
      await expect.poll(() => script(cdp, 'window.__ended === true'), { timeout: 5_000 }).toBe(true);
      // A new session (the user's click moves the focus back to the top document) lasts until the
      // page focuses that frame again.
      await script(cdp, `document.getElementById('out').textContent = ''; window.__ended = false; 0`);
      await page.click('#go');
      expect(await outcome(page)).toBe('granted:viewer,local');
      await script(cdp, `window.__s.addEventListener('end', () => { window.__ended = true; }); 0`);
      await page.waitForTimeout(600);
      expect(await script(cdp, 'window.__ended')).toBe(false);
      await script(cdp, `document.querySelector('iframe').contentWindow.focus(); 0`);
      await expect.poll(() => script(cdp, 'window.__ended === true'), { timeout: 5_000 }).toBe(true);
      await page.close();
    });

    it('a page that sends its own messages to the user agent gets nothing it could not ask for', async () => {
      // The port never reaches the page (captured at load); a page that dispatches its own
      // handshake event after load finds no listener left, and forged requests have no channel.
      const { page, cdp } = await open(b, s, '/forge-port.html', app(''));
      const r = await script(
        cdp,
        `new Promise((resolve) => {
        const ch = new MessageChannel();
        let answered = false;
        ch.port1.onmessage = () => { answered = true; };
        window.dispatchEvent(new MessageEvent('xrgate-extension-connect', { ports: [ch.port2], cancelable: true }));
        ch.port1.postMessage({ id: 1, method: 'requestSession', args: [{ mode: 'immersive-vr', requiredFeatures: [], optionalFeatures: [] }] });
        setTimeout(() => resolve(answered), 500);
      })`,
      );
      expect(r).toBe(false);
      await script(cdp, 'window.__request()');
      expect(await outcome(page)).toBe('SecurityError');
      await page.close();
    });
  },
);
