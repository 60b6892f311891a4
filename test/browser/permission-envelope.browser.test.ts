// Seed 004 in real Chromium with dist/xrgate.js: getUserMedia during an immersive session, with a
// declared envelope (outside it NotAllowedError naming the envelope; inside it xrgate's trusted
// prompt, the session visible-blurred meanwhile, a real click the answer, then the browser's own
// flow gives a stream from the fake device) and without one (the spec's rule: the session ends
// before the browser's prompt, unless the browser's permission was granted before). Chromium runs
// with --use-fake-device-for-media-stream; the user's answer to the browser's own prompt is
// Playwright's grantPermissions (headless Chromium shows no prompt of its own).
// Requirement ids: R-UPPER-03/05/06, R-CONSENT-05, R-LIFE-10, R-TUI-06.

import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Playground, startPlayground } from '../../src/cli/serve.js';
import { bundlesBuilt, hasChromium, launch } from './harness.js';

const run = hasChromium && bundlesBuilt;

const page = (options: string) => `<!doctype html><meta charset=utf-8><script src="/xrgate.js"></script>
<button id=go style="font-size:20px">go</button>
<script>
window.__log = [];
const log = (m) => window.__log.push(m);
document.getElementById('go').addEventListener('click', () => {
  navigator.xr.requestSession('immersive-vr', ${options}).then((s) => {
    s.addEventListener('end', () => log('end'));
    s.addEventListener('visibilitychange', () => log('vis:' + s.visibilityState));
    log('session');
  }, (e) => log('session-error:' + e.name));
});
window.__gum = (c) => navigator.mediaDevices.getUserMedia(c).then(
  (st) => log('stream:' + st.getTracks().map((t) => t.kind).join(',')),
  (e) => log('error:' + e.name + ':' + e.message));
</script>`;

/** The page's log, read over CDP without a user gesture. */
async function readLog(cdp: CDPSession): Promise<string[]> {
  const r = await cdp.send('Runtime.evaluate', {
    expression: 'JSON.stringify(window.__log)',
    returnByValue: true,
    userGesture: false,
  });
  return JSON.parse(String(r.result.value)) as string[];
}

/** Runs `expression` in the page without a user gesture. */
async function evaluate(cdp: CDPSession, expression: string): Promise<void> {
  await cdp.send('Runtime.evaluate', { expression, userGesture: false });
}

/** The centre of the prompt's "Allow once" button (CDP sees into the closed shadow root). */
async function allowOnce(cdp: CDPSession): Promise<{ x: number; y: number } | null> {
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
  if (!node) return null;
  const { model } = await cdp.send('DOM.getBoxModel', { nodeId: node.nodeId });
  const q = model.content;
  return { x: ((q[0] as number) + (q[4] as number)) / 2, y: ((q[1] as number) + (q[5] as number)) / 2 };
}

describe.skipIf(!run)('getUserMedia during an immersive session (dist/xrgate.js, Chromium)', () => {
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

  /** A page in a context of its own (its own permissions and immersive lock), its session started. */
  async function open(
    name: string,
    options: string,
    granted: string[] = [],
  ): Promise<{ p: Page; cdp: CDPSession; context: BrowserContext }> {
    const context = await browser.newContext({ viewport: { width: 1000, height: 760 } });
    if (granted.length > 0) await context.grantPermissions(granted, { origin: pg.url });
    const p = await context.newPage();
    p.setDefaultTimeout(15_000);
    await p.route(`**/${name}.html`, (r) => r.fulfill({ contentType: 'text/html', body: page(options) }));
    await p.goto(`${pg.url}${name}.html`);
    const cdp = await context.newCDPSession(p);
    await p.click('#go');
    await expect.poll(() => readLog(cdp), { timeout: 10_000 }).toContain('session');
    return { p, cdp, context };
  }

  it('R-UPPER-06/05: outside the envelope refused; inside it the trusted prompt, then the stream', async () => {
    const { p, cdp, context } = await open('envelope', "{ optionalFeatures: ['microphone'] }");
    // Outside: the camera was not declared.
    await evaluate(cdp, '__gum({ video: true })');
    await expect
      .poll(() => readLog(cdp))
      .toEqual(expect.arrayContaining([expect.stringMatching(/^error:NotAllowedError:/)]));
    const refusal = (await readLog(cdp)).find((m) => m.startsWith('error:'))!;
    expect(refusal).toContain('permission list declared at requestSession');
    // Inside: xrgate's prompt, the session blurred while it is open.
    await evaluate(cdp, '__gum({ audio: true })');
    await expect.poll(() => p.locator('xrgate-prompt').count()).toBe(1);
    await expect.poll(() => readLog(cdp)).toContain('vis:visible-blurred');
    expect((await readLog(cdp)).some((m) => m.startsWith('stream:'))).toBe(false);
    // The user will also answer the browser's own prompt with yes.
    await context.grantPermissions(['microphone'], { origin: pg.url });
    await p.waitForTimeout(800); // the prompt arms itself
    const at = await allowOnce(cdp);
    expect(at).not.toBeNull();
    await p.mouse.click(at!.x, at!.y);
    await expect.poll(() => readLog(cdp)).toContain('stream:audio');
    const log = await readLog(cdp);
    expect(log).toContain('vis:visible');
    expect(log).not.toContain('end');
    // Allowed for this session: the next request asks nothing.
    await evaluate(cdp, '__gum({ audio: true })');
    await expect.poll(async () => (await readLog(cdp)).filter((m) => m === 'stream:audio').length).toBe(2);
    expect(await p.locator('xrgate-prompt').count()).toBe(0);
    await context.close();
  }, 60_000);

  it('R-CONSENT-05: without an envelope the session ends before the browser prompts', async () => {
    const { p, cdp, context } = await open('no-envelope', '{}');
    await evaluate(cdp, '__gum({ audio: true })');
    await expect.poll(() => readLog(cdp)).toContain('end');
    // No stream came before the session ended (the browser's own prompt comes after).
    const log = await readLog(cdp);
    expect(log.filter((m) => m.startsWith('stream:'))).toEqual([]);
    expect(await p.locator('xrgate-prompt').count()).toBe(0);
    await context.close();
  }, 60_000);

  it("R-CONSENT-05, R-LIFE-10: the browser's permission granted before the session: the stream, the session stays", async () => {
    const { cdp, context } = await open('granted-before', '{}', ['microphone']);
    await evaluate(cdp, '__gum({ audio: true })');
    await expect.poll(() => readLog(cdp)).toContain('stream:audio');
    await new Promise((r) => setTimeout(r, 300));
    expect(await readLog(cdp)).not.toContain('end');
    await context.close();
  }, 60_000);
});
