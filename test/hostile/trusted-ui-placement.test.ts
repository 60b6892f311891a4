// Trusted UI out of its place, against dist/xrgate.js in real Chromium (a hostile review's
// attacks): the consent prompt and offerSession()'s "Enter VR" bar are drawn in the top layer,
// where no element of the page's can clip them. A page that takes them out of it — moving the host
// into a container it clips to a sliver of the Allow or Enter button, or closing the popover while
// its own capturing listener stops the browser's toggle event — and then lets the user click the
// sliver under bait text must get nothing. Nor may a page zoom the bar down to a few pixels. Each
// attack has a control (the same flow, no attack, granted) and a probe that shows it was live.
// The 'move' and 'zoom' attacks were granted before the mend (placedInTopLayer and the bar's size on
// screen); the 'close' ones were refused before it too (the clip on the document element reaches a
// prompt out of the top layer, and occlusion tracking sees it), and stay here as attacks.
// The user's click is real (Playwright's mouse); the page's scripts run through CDP without a
// gesture.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundlesBuilt, centreOf, hasChromium, launch, ROOT, type Served, serve } from '../browser/harness.js';

const run = hasChromium && bundlesBuilt;

const PAGE = `<!doctype html><meta charset=utf-8><script src="/xrgate.js"></script>
<style>body { margin: 0; font: 16px sans-serif; }</style>
<button id=go style="position:fixed;left:20px;top:20px;width:160px;height:50px">Play</button>
<div id=out style="position:fixed;left:20px;top:90px"></div>
<div id=bait style="position:fixed;inset:0;background:#eee;display:none;padding:40px"><h1>Click the button that appears to win a prize!</h1></div>
<div id=jail style="position:fixed;inset:0;z-index:1;pointer-events:none"></div>
<script>
const out = document.getElementById('out');
const done = (s) => { window.__s = s; out.textContent = 'granted:' + s.enabledFeatures.join(','); };
const failed = (e) => { out.textContent = e.name; };
document.getElementById('go').addEventListener('click', () =>
  navigator.xr.requestSession('immersive-vr', { requiredFeatures: ['hand-tracking'] }).then(done, failed));
window.__offer = () => navigator.xr.offerSession('immersive-vr').then(done, failed);
window.__toggles = 0;
/** The attack: 'move' (into #jail), 'close' (hidePopover, the toggle event stopped), 'zoom'. */
window.__attack = (tag, how) => {
  addEventListener('toggle', (e) => {
    if (e.target.localName === tag) { e.stopImmediatePropagation(); window.__toggles++; }
  }, true);
  const go = () => {
    const host = document.querySelector(tag);
    if (!host || window.__done) return;
    window.__done = true;
    document.getElementById('bait').style.display = 'block';
    if (how === 'move') { jail.style.pointerEvents = 'auto'; jail.append(host); }
    if (how === 'close') host.hidePopover();
    if (how === 'zoom') { document.documentElement.style.zoom = '0.1'; document.body.style.zoom = '10'; }
  };
  go();
  new MutationObserver(go).observe(document.documentElement, { childList: true });
};
/** Shows only rectangle r of the viewport: clips #jail ('move') or the document element ('close'). */
window.__clip = (how, r) => {
  const el = how === 'move' ? document.getElementById('jail') : document.documentElement;
  el.style.clipPath = 'inset(' + r.top + 'px ' + (innerWidth - r.right) + 'px ' + (innerHeight - r.bottom) + 'px ' + r.left + 'px)';
};
</script>`;

async function script(cdp: CDPSession, expression: string): Promise<unknown> {
  const r = await cdp.send('Runtime.evaluate', {
    expression,
    userGesture: false,
    awaitPromise: true,
    returnByValue: true,
  });
  if (r.exceptionDetails) throw new Error(JSON.stringify(r.exceptionDetails));
  return r.result.value;
}

/** The centre of a Trusted UI button (in a closed shadow root, reached through CDP), or null. */
const buttonAt = centreOf;

const outcome = (p: Page) => p.locator('#out').textContent();
const attacked = async (cdp: CDPSession) => (await script(cdp, 'window.__done === true')) === true;

describe.skipIf(!run)(
  'Trusted UI taken out of the top layer, clipped or zoomed (dist/xrgate.js, Chromium)',
  () => {
    let browser: Browser;
    let served: Served;
    beforeAll(async () => {
      browser = await launch();
      served = await serve(
        { '/page.html': PAGE, '/xrgate.js': readFileSync(join(ROOT, 'dist', 'xrgate.js'), 'utf8') },
        { '/xrgate.js': { 'content-type': 'text/javascript' } },
      );
    }, 60_000);
    afterAll(async () => {
      await browser?.close();
      await served?.close();
    });

    async function open(): Promise<{ page: Page; cdp: CDPSession; close: () => Promise<void> }> {
      const context = await browser.newContext({ viewport: { width: 900, height: 700 } });
      const page = await context.newPage();
      await page.goto(`${served.origin}/page.html`);
      return { page, cdp: await context.newCDPSession(page), close: () => context.close() };
    }

    /**
     * The consent prompt: the user's real click on Play, the page's attack (if any) as the prompt
     * appears, the page clipping everything but "Allow once", then the user's real click on it.
     */
    async function prompt(how: 'move' | 'close' | null): Promise<{ outcome: string | null; probe: unknown }> {
      const { page, cdp, close } = await open();
      if (how) await script(cdp, `window.__attack('xrgate-prompt', '${how}')`);
      await page.click('#go');
      // (With the attack the prompt may be gone as soon as it came: refused at once.)
      await expect
        .poll(async () => (await buttonAt(cdp, 'data-answer', 'once')) !== null || (await attacked(cdp)), {
          timeout: 10_000,
        })
        .toBe(true);
      const allow = await buttonAt(cdp, 'data-answer', 'once');
      let probe: unknown = null;
      if (how) {
        if (allow) {
          await script(
            cdp,
            `window.__clip('${how}', ${JSON.stringify({ left: allow.x - 30, right: allow.x + 30, top: allow.y - 12, bottom: allow.y + 12 })})`,
          );
        }
        probe = await script(
          cdp,
          `(() => { const h = document.querySelector('xrgate-prompt');
          return { attacked: window.__done === true, open: !!h && h.matches(':popover-open'), toggles: window.__toggles }; })()`,
        );
      }
      // Past the arming delay and the occlusion samples.
      await page.waitForTimeout(1_500);
      const at = await buttonAt(cdp, 'data-answer', 'once');
      if (at) await page.mouse.click(at.x, at.y);
      await page.waitForTimeout(700);
      const result = { outcome: await outcome(page), probe };
      await close();
      return result;
    }

    it('control: the prompt in place, a real click on "Allow once" grants hand tracking', async () => {
      expect((await prompt(null)).outcome).toBe('granted:viewer,local,hand-tracking');
    }, 60_000);

    it('the prompt moved into a container the page clips to "Allow once" (its toggle event stopped): refused', async () => {
      const { outcome, probe } = await prompt('move');
      expect(probe).toMatchObject({ attacked: true, open: false });
      // It was granted before the mend (the clipped dialog still "visible" to IntersectionObserver v2).
      expect(outcome).toBe('NotSupportedError');
    }, 60_000);

    it('the prompt\'s popover closed by the page (its toggle event stopped), the document clipped to "Allow once": the click does not count', async () => {
      const { outcome, probe } = await prompt('close');
      expect(probe).toMatchObject({ attacked: true, open: false });
      expect(outcome).not.toMatch(/^granted/);
    }, 60_000);

    /** offerSession()'s bar: offered without a gesture, the attack as it appears, a real click on Enter. */
    async function offer(
      how: 'move' | 'close' | 'zoom' | null,
    ): Promise<{ outcome: string | null; probe: unknown }> {
      const { page, cdp, close } = await open();
      if (how) await script(cdp, `window.__attack('xrgate-offer', '${how}')`);
      await script(cdp, 'window.__offer(), 0');
      await expect
        .poll(async () => (await page.locator('xrgate-offer').count()) === 1 || (await attacked(cdp)), {
          timeout: 10_000,
        })
        .toBe(true);
      await page.waitForTimeout(300);
      let probe: unknown = null;
      const enter = await buttonAt(cdp, 'data-offer', 'enter');
      if (how) {
        if (how !== 'zoom' && enter) {
          await script(
            cdp,
            `window.__clip('${how}', ${JSON.stringify({ left: enter.x - 4, right: enter.x + 4, top: enter.y - 4, bottom: enter.y + 4 })})`,
          );
        }
        probe = await script(
          cdp,
          `(() => { const h = document.querySelector('xrgate-offer');
          return { attacked: window.__done === true, open: !!h && h.matches(':popover-open') }; })()`,
        );
      }
      await page.waitForTimeout(1_200);
      const at = await buttonAt(cdp, 'data-offer', 'enter');
      if (at) await page.mouse.click(at.x, at.y);
      await page.waitForTimeout(700);
      const result = { outcome: await outcome(page), probe };
      await close();
      return result;
    }

    it("control: offerSession()'s bar in place, a real click on Enter starts the session", async () => {
      expect((await offer(null)).outcome).toBe('granted:viewer,local');
    }, 60_000);

    for (const how of ['move', 'close'] as const) {
      it(`offerSession()'s bar ${how === 'move' ? 'moved into a container the page clips' : 'closed by the page (toggle stopped), the document clipped'} to 8 × 8 pixels of Enter: no session`, async () => {
        const { outcome, probe } = await offer(how);
        expect(probe).toMatchObject({ attacked: true, open: false });
        expect(outcome).not.toMatch(/^granted/);
      }, 60_000);
    }

    it("offerSession()'s bar zoomed to a few pixels (html zoom 0.1, body 10: the page looks normal): no session", async () => {
      const { outcome, probe } = await offer('zoom');
      // (Drawn about 35 × 4 pixels; in the top layer, and visible to IntersectionObserver v2.)
      expect(probe).toEqual({ attacked: true, open: true });
      expect(outcome).not.toMatch(/^granted/);
    }, 60_000);
  },
);
