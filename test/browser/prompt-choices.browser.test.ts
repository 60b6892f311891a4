// The script bundle's consent prompt in real Chromium (issue 14, item 8): it offers only choices the
// user agent keeps, and Escape dismisses for this request only.
//   - dist/xrgate.js as shipped (no persistence): "Block", "Allow once", "Allow on this page" and a
//     line saying that answers are not kept; "Allow on this page" holds until the page is reloaded,
//     and after the reload the prompt asks again, as it said.
//   - install({ persistConsent: true, prompt: createTrustedPrompt({ persistent: true }) }) (bundled
//     here from the sources): "Allow and remember" is offered, and it is kept across a reload.
//   - Escape while the prompt is up refuses this request; the next request shows the prompt again
//     (a Block, by contrast, is kept for the page).
// Results are read over CDP without a user gesture; the user's clicks and keys are real input.
// Requirement ids: R-CONSENT-03, R-TUI-03 (8), R-PERM-04.

import { readFileSync } from 'node:fs';
import { build } from 'esbuild';
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundlesBuilt, hasChromium, launch, ROOT, type Served, serve } from './harness.js';

const run = hasChromium && bundlesBuilt;

const app = (bundle: string) => `<!doctype html><meta charset=utf-8><script src="/${bundle}"></script>
<button id=go style="font-size:20px">go</button><div id=out></div>
<script>
const out = document.getElementById('out');
document.getElementById('go').addEventListener('click', () => {
  navigator.xr.requestSession('immersive-vr', { requiredFeatures: ['local-floor'] }).then(
    (s) => { out.textContent = 'granted:' + s.enabledFeatures.join(','); window.__session = s; },
    (e) => { out.textContent = e.name; });
});
</script>`;

/** The install a page makes where answers are kept (install.ts passes the prompt nothing yet). */
const PERSISTENT_ENTRY = `
import { createTrustedPrompt, install } from './src/browser/index.js';
install({ persistConsent: true, prompt: createTrustedPrompt({ persistent: true }) });
`;

type DomNode = {
  nodeId: number;
  nodeType: number;
  nodeValue?: string;
  attributes?: string[];
  children?: DomNode[];
  shadowRoots?: DomNode[];
};

/** Runs `expression` in the page without a user gesture and returns its value. */
async function value(cdp: CDPSession, expression: string): Promise<unknown> {
  const r = await cdp.send('Runtime.evaluate', { expression, returnByValue: true, userGesture: false });
  return r.result.value;
}

const out = (cdp: CDPSession) => value(cdp, "document.getElementById('out').textContent") as Promise<string>;
const promptOpen = (cdp: CDPSession) =>
  value(cdp, "document.querySelector('xrgate-prompt') !== null") as Promise<boolean>;

/** The result of the page's request, once it has one. */
async function result(cdp: CDPSession): Promise<string> {
  await expect.poll(() => out(cdp), { timeout: 10_000 }).not.toBe('');
  return out(cdp);
}

/** Clears the result and ends the page's session, if any (no user gesture). */
async function reset(cdp: CDPSession): Promise<void> {
  await value(
    cdp,
    "document.getElementById('out').textContent = ''; window.__session?.end().catch(() => {}); window.__session = null;",
  );
}

/** The prompt's buttons and note as the user sees them (CDP pierces the closed shadow root). */
async function promptFace(
  cdp: CDPSession,
): Promise<{ buttons: { answer: string; label: string; nodeId: number }[]; note: string }> {
  const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: DomNode };
  const text = (n: DomNode): string =>
    n.nodeType === 3 ? (n.nodeValue ?? '') : (n.children ?? []).map(text).join('');
  const buttons: { answer: string; label: string; nodeId: number }[] = [];
  let note = '';
  const walk = (n: DomNode) => {
    const a = n.attributes ?? [];
    for (let i = 0; i < a.length; i += 2) {
      if (a[i] === 'data-answer') buttons.push({ answer: a[i + 1]!, label: text(n), nodeId: n.nodeId });
      if (a[i] === 'class' && a[i + 1] === 'note') note = text(n);
    }
    for (const c of [...(n.children ?? []), ...(n.shadowRoots ?? [])]) walk(c);
  };
  walk(root);
  return { buttons, note };
}

/** A real mouse click on the prompt's button for `answer`, once the prompt is armed. */
async function choose(page: Page, cdp: CDPSession, answer: string): Promise<void> {
  await page.waitForTimeout(700);
  const button = (await promptFace(cdp)).buttons.find((b) => b.answer === answer);
  if (!button) throw new Error(`the prompt has no "${answer}" button`);
  const { model } = await cdp.send('DOM.getBoxModel', { nodeId: button.nodeId });
  const q = model.content as number[];
  await page.mouse.click((q[0]! + q[4]!) / 2, (q[1]! + q[5]!) / 2);
}

describe.skipIf(!run)("the bundle's prompt: its choices and Escape (Chromium)", () => {
  let browser: Browser;
  let served: Served;
  beforeAll(async () => {
    const persistent = await build({
      stdin: { contents: PERSISTENT_ENTRY, resolveDir: ROOT, loader: 'ts' },
      bundle: true,
      format: 'iife',
      target: 'es2022',
      platform: 'browser',
      write: false,
      logLevel: 'warning',
    });
    const js = { 'content-type': 'text/javascript; charset=utf-8' };
    served = await serve(
      {
        '/default.html': app('xrgate.js'),
        '/persistent.html': app('xrgate-persistent.js'),
        '/xrgate.js': readFileSync(`${ROOT}/dist/xrgate.js`, 'utf8'),
        '/xrgate-persistent.js': persistent.outputFiles[0]!.text,
      },
      { '/xrgate.js': js, '/xrgate-persistent.js': js },
    );
    browser = await launch();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });

  async function open(path: string): Promise<{ context: BrowserContext; page: Page; cdp: CDPSession }> {
    const context = await browser.newContext({ viewport: { width: 900, height: 700 } });
    const page = await context.newPage();
    await page.goto(`${served.origin}${path}`);
    const cdp = await context.newCDPSession(page);
    return { context, page, cdp };
  }

  it('R-CONSENT-03: dist/xrgate.js (no persistence) offers "Allow on this page", says answers are not kept, and asks again after a reload', async () => {
    const { context, page, cdp } = await open('/default.html');
    await page.click('#go');
    await expect.poll(() => promptOpen(cdp)).toBe(true);
    const face = await promptFace(cdp);
    expect(face.buttons.map((b) => b.label)).toEqual(['Block', 'Allow once', 'Allow on this page']);
    expect(face.buttons.map((b) => b.answer)).toEqual(['block', 'once', 'page']);
    expect(face.note).toContain('Answers are not kept: when this page is closed or reloaded, it asks again.');
    await choose(page, cdp, 'page');
    expect(await result(cdp)).toBe('granted:viewer,local,local-floor');
    // On this page: the next request is not asked.
    await reset(cdp);
    await page.click('#go');
    expect(await result(cdp)).toBe('granted:viewer,local,local-floor');
    expect(await promptOpen(cdp)).toBe(false);
    // Reloaded: asked again, as the prompt said.
    await page.reload();
    await page.click('#go');
    await expect.poll(() => promptOpen(cdp)).toBe(true);
    expect(await out(cdp)).toBe('');
    await context.close();
  }, 60_000);

  it('R-CONSENT-03: with persistence, "Allow and remember" is offered and kept across a reload', async () => {
    const { context, page, cdp } = await open('/persistent.html');
    await page.click('#go');
    await expect.poll(() => promptOpen(cdp)).toBe(true);
    const face = await promptFace(cdp);
    expect(face.buttons.map((b) => b.label)).toEqual(['Block', 'Allow once', 'Allow and remember']);
    expect(face.note).toContain('is kept for this site after this page is closed');
    await choose(page, cdp, 'remember');
    expect(await result(cdp)).toBe('granted:viewer,local,local-floor');
    await reset(cdp);
    await page.reload();
    // The remembered answer comes from IndexedDB, which loads asynchronously.
    await page.waitForTimeout(500);
    await page.click('#go');
    expect(await result(cdp)).toBe('granted:viewer,local,local-floor');
    expect(await promptOpen(cdp)).toBe(false);
    await context.close();
  }, 60_000);

  it('R-PERM-04, R-TUI-03 (8): Escape refuses this request only: the next request shows the prompt again; Block is kept for the page', async () => {
    const { context, page, cdp } = await open('/default.html');
    await page.click('#go');
    await expect.poll(() => promptOpen(cdp)).toBe(true);
    await page.keyboard.press('Escape');
    expect(await result(cdp)).toBe('NotSupportedError');
    expect(await promptOpen(cdp)).toBe(false);
    // Asked again, twice over: Escape answered nothing beyond its own request.
    for (let i = 0; i < 2; i++) {
      await reset(cdp);
      await page.click('#go');
      await expect.poll(() => promptOpen(cdp)).toBe(true);
      expect(await out(cdp)).toBe('');
      await page.keyboard.press('Escape');
      expect(await result(cdp)).toBe('NotSupportedError');
    }
    // Block, by contrast, is the page's answer until it is closed or reloaded: no prompt next time.
    await reset(cdp);
    await page.click('#go');
    await expect.poll(() => promptOpen(cdp)).toBe(true);
    await choose(page, cdp, 'block');
    expect(await result(cdp)).toBe('NotSupportedError');
    await reset(cdp);
    await page.click('#go');
    expect(await result(cdp)).toBe('NotSupportedError');
    expect(await promptOpen(cdp)).toBe(false);
    await context.close();
  }, 60_000);
});
