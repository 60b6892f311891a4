// dist/xrgate.js in real Chromium pages, with the page's real signals: a real click starts an
// immersive session, a synthetic one does not, activation expires, cross-origin iframes need
// allow="xr-spatial-tracking", a Permissions-Policy header blocks, the Trusted-UI prompt ignores
// early and synthetic clicks and its answer is honoured; the three.js app enters VR.
// Requirement ids: R-INTENT-02/05/17, R-POLICY-02/03, R-SESSION-21, R-TUI-02/03/09/11, R-CONSENT-03.

import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Playground, startPlayground } from '../../src/cli/serve.js';
import { HEADSET_PLAY_AREA } from '../../src/device/simulated.js';
import { bundlesBuilt, hasChromium, launch, ROOT } from './harness.js';

const run = hasChromium && bundlesBuilt;
// Screenshots go to /tmp; XRGATE_UPDATE_SCREENSHOTS=1 refreshes the ones kept in docs/.
const SHOTS =
  process.env.XRGATE_UPDATE_SCREENSHOTS === '1'
    ? join(ROOT, 'docs', 'screenshots')
    : join(tmpdir(), 'xrgate-screenshots');

const button = (extra = '') => `<!doctype html><meta charset=utf-8><script src="/xrgate.js"></script>
<button id=go style="font-size:20px">go</button><div id=out></div>
<script>
const out = document.getElementById('out');
const request = () => navigator.xr.requestSession('immersive-vr', ${extra || '{}'})
  .then((s) => { out.textContent = 'granted:' + s.enabledFeatures.join(','); window.__session = s; }, (e) => { out.textContent = e.name; });
document.getElementById('go').addEventListener('click', () => request());
window.__late = () => setTimeout(request, 6000);
</script>`;

/** Runs `expression` in the page without a user gesture and returns its value. */
async function evaluate(cdp: CDPSession, expression: string): Promise<unknown> {
  const r = await cdp.send('Runtime.evaluate', { expression, returnByValue: true, userGesture: false });
  return r.result.value;
}

/** A lab card's result text, read without a user gesture. */
const card = (cdp: CDPSession, id: string) =>
  evaluate(cdp, `document.getElementById('${id}').textContent`) as Promise<string>;

/** The centre of the prompt's button for `answer` (CDP sees into the closed shadow root; a page cannot). */
async function promptButton(cdp: CDPSession, answer: string): Promise<{ x: number; y: number } | null> {
  const { root } = await cdp.send('DOM.getDocument', { depth: -1, pierce: true });
  type Node = { nodeId: number; attributes?: string[]; children?: Node[]; shadowRoots?: Node[] };
  const find = (n: Node): Node | null => {
    const a = n.attributes ?? [];
    for (let i = 0; i < a.length; i += 2) if (a[i] === 'data-answer' && a[i + 1] === answer) return n;
    for (const c of [...(n.children ?? []), ...(n.shadowRoots ?? [])]) {
      const hit = find(c);
      if (hit) return hit;
    }
    return null;
  };
  const node = find(root as Node);
  if (!node) return null;
  const { model } = await cdp.send('DOM.getBoxModel', { nodeId: node.nodeId });
  const q = model.content as number[];
  return { x: (q[0]! + q[4]!) / 2, y: (q[1]! + q[5]!) / 2 };
}

async function result(page: Page): Promise<string> {
  const out = page.locator('#out');
  await expect.poll(async () => (await out.textContent()) ?? '', { timeout: 10_000 }).not.toBe('');
  return (await out.textContent()) ?? '';
}

describe.skipIf(!run)('dist/xrgate.js with real page signals (Chromium)', () => {
  let browser: Browser;
  let pg: Playground;
  let context: BrowserContext;
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    browser = await launch();
    pg = await startPlayground(0);
    context = await browser.newContext({ viewport: { width: 1000, height: 760 } });
  }, 60_000);
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await pg?.close();
  });

  it('R-INTENT-05, R-INTENT-02: a real click starts an immersive session; the lab refuses the on-load request', async () => {
    const page = await context.newPage();
    await page.goto(`${pg.url}lab.html`);
    await expect.poll(() => page.locator('#r1').textContent()).toContain('SecurityError');
    await page.click('#b2');
    await expect.poll(() => page.locator('#r2').textContent(), { timeout: 10_000 }).toContain('granted');
    await page.screenshot({ path: join(SHOTS, 'privacy-lab.png'), fullPage: false });
    await page.close();
  }, 30_000);

  it('the privacy lab clicked in order on one page: each card reports its own outcome and explains it (issue 14, item 7)', async () => {
    const page = await context.newPage();
    const failed: string[] = [];
    page.on('response', (r) => {
      if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
    });
    await page.goto(`${pg.url}lab.html`);
    const cdp = await context.newCDPSession(page);
    const poll = (id: string, timeout = 10_000) => expect.poll(() => card(cdp, id), { timeout });

    // 1. On load, no click: refused for want of activation, and it says so.
    await poll('r1').toContain('SecurityError');
    const r1 = await card(cdp, 'r1');
    expect(r1).toContain('Refused, as it should be: this request ran as the page loaded, before any click');
    expect(r1).toContain('[R-INTENT-05]');

    // 2. A real click: a session, visible.
    await page.click('#b2');
    await poll('r2').toContain('granted: viewer, local');
    expect(await card(cdp, 'r2')).toContain('visibilityState: visible');

    // 3. A synthetic click on the card's button (CDP, no user gesture). Card 2's session is open
    // and card 2's click may still be recent: card 3 waits it out and ends card 2's session, so
    // its own refusal is the activation rule's, never "already active".
    await cdp.send('Runtime.evaluate', {
      expression: "document.getElementById('b3').dispatchEvent(new MouseEvent('click'))",
      userGesture: false,
    });
    await poll('r3', 15_000).toContain('SecurityError');
    const r3 = await card(cdp, 'r3');
    expect(r3).toContain(
      'The request came from a synthetic click (event.isTrusted: false, navigator.userActivation.isActive: false).',
    );
    expect(r3).toContain('Refused, as it should be: a synthetic click is not a user gesture');
    expect(r3).toContain('it was not called with transient activation');
    expect(r3).not.toContain('already active');
    expect(await card(cdp, 'r2')).toContain(
      'ended: card 3 started a session of its own (one immersive session at a time)',
    );

    // 4–6. The frames: 4 and 6 are refused with different fixes, each right for its frame.
    const frameText: Record<string, string> = {};
    for (const id of ['f4', 'f5', 'f6']) {
      const frame = page.frameLocator(`#${id}`);
      await frame.locator('#go').click();
      await expect
        .poll(async () => (await frame.locator('#out').textContent()) ?? '', { timeout: 10_000 })
        .toMatch(/^(granted|\w+Error)/);
      frameText[id] = (await frame.locator('#out').textContent()) ?? '';
    }
    expect(frameText.f4).toMatch(/^NotSupportedError/);
    expect(frameText.f4).toContain('This document is in a frame of another origin');
    expect(frameText.f4).toContain('add allow="xr-spatial-tracking" to that <iframe>');
    expect(frameText.f5).toBe('granted');
    expect(frameText.f6).toMatch(/^NotSupportedError/);
    expect(frameText.f6).toContain("default allowlist ('self') covers a frame of the same origin");
    expect(frameText.f6).toContain('remove xr-spatial-tracking=() from the response header');
    expect(frameText.f6).not.toContain('add allow=');

    // 7, step 1: consent for bounded-floor; the room the headset senses is off the grid, the
    // bounds the page is told are on it.
    await page.click('#b7');
    await expect.poll(() => promptButton(cdp, 'once')).not.toBeNull();
    await page.waitForTimeout(700);
    const once = (await promptButton(cdp, 'once'))!;
    await page.mouse.click(once.x, once.y);
    await poll('r7').toContain('boundsGeometry');
    const step1 = await card(cdp, 'r7');
    expect(step1).toContain('granted: viewer, local, bounded-floor');
    expect(step1).toContain(
      "the room the headset senses (xrgate's simulated headset; no page sees this): (-1.52, -1.27) (1.53, -1.27) (1.53, 1.26) (-1.52, 1.26)",
    );
    expect(HEADSET_PLAY_AREA.map((p) => `(${p.x}, ${p.z})`).join(' ')).toBe(
      '(-1.52, -1.27) (1.53, -1.27) (1.53, 1.26) (-1.52, 1.26)',
    );
    expect(step1).toContain(
      'boundsGeometry, what the page is told (on the 5 cm grid, inside the room): (-1.5, -1.25) (1.5, -1.25) (1.5, 1.25) (-1.5, 1.25)',
    );
    // 7, step 2: a prompt while card 7's session runs blurs it; the answer makes it visible again.
    await page.click('#b7b');
    await poll('r7').toContain('visibilitychange → visible-blurred');
    await expect.poll(() => promptButton(cdp, 'once')).not.toBeNull();
    await page.screenshot({ path: join(SHOTS, 'privacy-lab-blurred.png') });
    await page.waitForTimeout(700);
    const again = (await promptButton(cdp, 'once'))!;
    await page.mouse.click(again.x, again.y);
    await poll('r7').toContain(
      'The session was visible-blurred while the prompt was up (R-TUI-06), and is visible again.',
    );
    const step2 = await card(cdp, 'r7');
    expect(step2).toContain('inline session granted: viewer, local-floor');
    expect(step2.indexOf('visibilitychange → visible-blurred')).toBeLessThan(
      step2.indexOf('visibilitychange → visible\n'),
    );
    expect(step2).not.toContain('ended');

    // Back to card 2: its new session ends card 7's, and card 7 says so (not Escape).
    await page.click('#b2');
    await poll('r2').toContain('granted: viewer, local');
    await poll('r7').toContain(
      'ended: card 2 started a session of its own (one immersive session at a time)',
    );
    expect(await card(cdp, 'r2')).not.toContain('ended');
    expect(await card(cdp, 'r7')).not.toContain('Escape');
    // The frames' results stay as they were: nothing a later card did reached them.
    for (const id of ['f4', 'f5', 'f6']) {
      expect(await page.frameLocator(`#${id}`).locator('#out').textContent()).toBe(frameText[id]);
    }
    expect(failed).toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'privacy-lab-in-order.png'), fullPage: true });
    await page.close();
  }, 90_000);

  it('R-INTENT-02: a synthetic click (dispatchEvent) gives no activation', async () => {
    const page = await context.newPage();
    await page.route('**/synthetic.html', (r) => r.fulfill({ contentType: 'text/html', body: button() }));
    await page.goto(`${pg.url}synthetic.html`);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Runtime.evaluate', {
      expression: "document.getElementById('go').dispatchEvent(new MouseEvent('click'))",
      userGesture: false,
    });
    expect(await result(page)).toBe('SecurityError');
    await page.close();
  }, 30_000);

  it('R-INTENT-17: a request 6 s after the click is refused', async () => {
    const page = await context.newPage();
    await page.route('**/late.html', (r) =>
      r.fulfill({
        contentType: 'text/html',
        body: button().replace(
          "document.getElementById('go').addEventListener('click', () => request());",
          "document.getElementById('go').addEventListener('click', () => window.__late());",
        ),
      }),
    );
    await page.goto(`${pg.url}late.html`);
    await page.click('#go');
    // Touch nothing in the page while waiting: Playwright's own page calls carry a user gesture.
    await page.waitForTimeout(6500);
    expect(await result(page)).toBe('SecurityError');
    await page.close();
  }, 30_000);

  it('R-POLICY-02, R-SESSION-21: a cross-origin iframe is refused without allow and allowed with it; the header blocks', async () => {
    const page = await context.newPage();
    await page.goto(`${pg.url}lab.html`);
    const results: Record<string, string> = {};
    for (const [id, key] of [
      ['#f4', 'no-allow'],
      ['#f5', 'allow'],
      ['#f6', 'blocked'],
    ] as const) {
      const frame = page.frameLocator(id);
      await frame.locator('#go').click();
      await expect
        .poll(async () => (await frame.locator('#out').textContent()) ?? '', { timeout: 10_000 })
        .toMatch(/granted|Error/);
      results[key] = (await frame.locator('#out').textContent()) ?? '';
    }
    expect(results['no-allow']).toMatch(/^NotSupportedError/);
    expect(results.allow).toBe('granted');
    expect(results.blocked).toMatch(/^NotSupportedError/);
    await page.close();
  }, 40_000);

  it('R-TUI-02/03/09, R-CONSENT-03: the prompt shows the origin, ignores early and synthetic clicks, and its answer is honoured', async () => {
    const page = await context.newPage();
    await page.route('**/consent.html', (r) =>
      r.fulfill({ contentType: 'text/html', body: button("{ requiredFeatures: ['local-floor'] }") }),
    );
    await page.goto(`${pg.url}consent.html`);
    await page.click('#go');
    const prompt = page.locator('xrgate-prompt');
    await expect.poll(() => prompt.count()).toBe(1);
    // Closed shadow root: the page cannot reach inside.
    expect(await page.evaluate(() => document.querySelector('xrgate-prompt')?.shadowRoot ?? null)).toBeNull();
    // An immediate Enter on the focused button is ignored (the prompt is not armed yet).
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    expect(await prompt.count()).toBe(1);
    await page.screenshot({ path: join(SHOTS, 'consent-prompt.png') });
    await page.waitForTimeout(700);
    // Block (focused first), Allow once, Allow on this page: Tab to "Allow once".
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    expect(await result(page)).toContain('granted:viewer,local,local-floor');
    await page.close();
  }, 30_000);

  it("R-TUI-03 (7): a real mouse click in the prompt's first moments and synthetic events from the page are ignored", async () => {
    const page = await context.newPage();
    await page.route('**/clickjack.html', (r) =>
      r.fulfill({ contentType: 'text/html', body: button("{ requiredFeatures: ['local-floor'] }") }),
    );
    await page.goto(`${pg.url}clickjack.html`);
    const cdp = await context.newCDPSession(page);
    // The centre of the prompt's "Allow once" button: CDP sees into the closed shadow root, a page cannot.
    const allowOnce = async (): Promise<{ x: number; y: number }> => {
      const { root } = await cdp.send('DOM.getDocument', { depth: -1, pierce: true });
      type Node = { nodeId: number; attributes?: string[]; children?: Node[]; shadowRoots?: Node[] };
      const find = (n: Node): Node | null => {
        const a = n.attributes ?? [];
        for (let i = 0; i < a.length; i += 2) if (a[i] === 'data-answer' && a[i + 1] === 'once') return n;
        for (const c of [...(n.children ?? []), ...(n.shadowRoots ?? [])]) {
          const hit = find(c);
          if (hit) return hit;
        }
        return null;
      };
      const node = find(root as Node);
      if (!node) throw new Error('no "Allow once" button');
      const { model } = await cdp.send('DOM.getBoxModel', { nodeId: node.nodeId });
      const q = model.content;
      return { x: ((q[0] as number) + (q[4] as number)) / 2, y: ((q[1] as number) + (q[5] as number)) / 2 };
    };
    await page.click('#go');
    const prompt = page.locator('xrgate-prompt');
    await expect.poll(() => prompt.count()).toBe(1);
    // A real click at once: too early (the page could have placed the button under the cursor).
    const at = await allowOnce();
    await page.mouse.click(at.x, at.y);
    await page.waitForTimeout(100);
    expect(await prompt.count()).toBe(1);
    // After the delay, synthetic events from the page do nothing: a click and a key on the host
    // (the page cannot reach the buttons) and a click at the button's place.
    await page.waitForTimeout(700);
    await cdp.send('Runtime.evaluate', {
      userGesture: false,
      expression: `(() => {
        const host = document.querySelector('xrgate-prompt');
        host.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
        host.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true }));
        document.elementFromPoint(${at.x}, ${at.y})?.click();
      })()`,
    });
    await page.waitForTimeout(100);
    expect(await prompt.count()).toBe(1);
    expect(await page.locator('#out').textContent()).toBe('');
    // A real click once armed is the user's answer.
    await page.mouse.click(at.x, at.y);
    expect(await result(page)).toContain('granted:viewer,local,local-floor');
    expect(await prompt.count()).toBe(0);
    await page.close();
  }, 30_000);

  it('R-TUI-09: declining the prompt refuses a required feature with NotSupportedError', async () => {
    const page = await context.newPage();
    await page.route('**/decline.html', (r) =>
      r.fulfill({ contentType: 'text/html', body: button("{ requiredFeatures: ['unbounded'] }") }),
    );
    await page.goto(`${pg.url}decline.html`);
    await page.click('#go');
    await expect.poll(() => page.locator('xrgate-prompt').count()).toBe(1);
    await page.waitForTimeout(700);
    await page.keyboard.press('Escape');
    expect(await result(page)).toBe('NotSupportedError');
    await page.close();
  }, 30_000);

  it('R-TRUST-08, R-VIS-08: focus leaving the document makes its immersive session hidden, and visible again on return', async () => {
    const page = await context.newPage();
    await page.route('**/focus.html', (r) =>
      r.fulfill({
        contentType: 'text/html',
        body: button().replace(
          "out.textContent = 'granted:' + s.enabledFeatures.join(','); window.__session = s;",
          "out.textContent = 'granted:' + s.enabledFeatures.join(','); window.__session = s; window.__vis = [s.visibilityState]; s.addEventListener('visibilitychange', () => window.__vis.push(s.visibilityState));",
        ),
      }),
    );
    await page.goto(`${pg.url}focus.html`);
    // Playwright emulates focus for every page; turn that off so focus really moves.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setFocusEmulationEnabled', { enabled: false });
    await page.click('#go');
    expect(await result(page)).toContain('granted');
    const other = await context.newPage();
    await other.bringToFront();
    const vis = () => page.evaluate(() => (window as unknown as { __vis: string[] }).__vis.join(','));
    await expect.poll(vis, { timeout: 5000 }).toBe('visible,hidden');
    await page.bringToFront();
    await expect.poll(vis, { timeout: 5000 }).toBe('visible,hidden,visible');
    await other.close();
    await page.close();
  }, 30_000);

  it('R-CONSENT-03, R-TUI-03 (8): "Allow once" asks again next time; "Allow on this page" does not', async () => {
    const page = await context.newPage();
    await page.route('**/remember.html', (r) =>
      r.fulfill({ contentType: 'text/html', body: button("{ requiredFeatures: ['local-floor'] }") }),
    );
    await page.goto(`${pg.url}remember.html`);
    const answer = async (tabs: number) => {
      await page.click('#go');
      await expect.poll(() => page.locator('xrgate-prompt').count()).toBe(1);
      await page.waitForTimeout(700);
      for (let i = 0; i < tabs; i++) await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      expect(await result(page)).toContain('granted');
      await page.evaluate(() => {
        const w = window as unknown as { __session: { end(): Promise<void> } };
        document.getElementById('out')!.textContent = '';
        return w.__session.end();
      });
    };
    await answer(1); // Allow once
    await answer(2); // asked again: Allow on this page (the bundle keeps no answer across loads)
    await page.click('#go');
    expect(await result(page)).toContain('granted');
    expect(await page.locator('xrgate-prompt').count()).toBe(0);
    await page.close();
  }, 30_000);

  it('the developer overlay steers the device and shows the audit log (Ctrl+Shift+X)', async () => {
    const page = await context.newPage();
    await page.goto(`${pg.url}lab.html`);
    expect(await page.locator('xrgate-overlay').count()).toBe(0);
    await page.keyboard.press('Control+Shift+X');
    await expect.poll(() => page.locator('xrgate-overlay').count()).toBe(1);
    await page.screenshot({ path: join(SHOTS, 'developer-overlay.png') });
    await page.keyboard.press('Control+Shift+X');
    await expect.poll(() => page.locator('xrgate-overlay').count()).toBe(0);
    await page.close();
  }, 30_000);

  it('the three.js app enters VR, renders frames, and Escape exits (R-TUI-11)', async () => {
    const page = await context.newPage();
    await page.goto(`${pg.url}three.html`);
    const enter = page.locator('button', { hasText: 'ENTER VR' });
    await enter.waitFor({ timeout: 10_000 });
    await enter.click();
    // VRButton asks for local-floor/bounded-floor as optional features: answer the prompt.
    await expect.poll(() => page.locator('xrgate-prompt').count(), { timeout: 10_000 }).toBe(1);
    await page.waitForTimeout(700);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { __xrFrames?: number }).__xrFrames ?? 0), {
        timeout: 10_000,
      })
      .toBeGreaterThan(10);
    await page.screenshot({ path: join(SHOTS, 'three-in-vr.png') });
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('#status').textContent(), { timeout: 10_000 }).toContain('left VR');
    await page.close();
  }, 40_000);
});
