// Real-browser test harness: Debian Chromium driven by playwright-core, pages served from a local
// HTTP server on loopback, the xrgate bundle injected before any page script. Results come back as
// console messages the page writes itself. Never page.evaluate, and never a Playwright binding
// either: Playwright delivers a binding's return value by evaluating in the page with a user
// gesture, which gives the page transient activation at a moment the test does not control.

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type BrowserContext, type CDPSession, chromium, type Page } from 'playwright-core';

export const CHROMIUM = process.env.XRGATE_CHROMIUM ?? '/usr/bin/chromium';
export const ROOT = join(import.meta.dirname, '..', '..');
export const hasChromium = existsSync(CHROMIUM);
export const bundlesBuilt = existsSync(join(ROOT, 'dist', 'xrgate-test.js'));

export interface Served {
  readonly origin: string;
  close(): Promise<void>;
}

/** Serves `pages` (path → HTML) and `headers` (path → extra response headers) on 127.0.0.1. */
export async function serve(
  pages: Record<string, string>,
  headers: Record<string, Record<string, string>> = {},
): Promise<Served> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const body = pages[path];
    if (body === undefined) {
      res.writeHead(404).end('not found');
      return;
    }
    // A page with a Location header is a redirect to it.
    const status = headers[path]?.Location ? 302 : 200;
    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', ...(headers[path] ?? {}) });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--host-resolver-rules=MAP *.test 127.0.0.1',
];

export async function launch(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: [...ARGS, ...extraArgs] });
}

export interface PlainChromium {
  readonly browser: Browser;
  /** The browser's default context: its pages are tabs of one window. */
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/**
 * Chromium without Playwright's focus emulation. Playwright turns on CDP focus emulation for every
 * page it creates, and while it is on Chromium keeps the page visible and focused whatever happens
 * to its tab. Here Chromium is started on its own and Playwright attaches with `noDefaults`, which
 * leaves the default context's pages alone: opening another tab really hides the first one
 * (document.visibilityState 'hidden'), and bringing it to the front shows it again.
 */
export async function launchPlain(): Promise<PlainChromium> {
  const profileDir = mkdtempSync(join(tmpdir(), 'xrgate-chromium-'));
  const proc = spawn(
    CHROMIUM,
    [...ARGS, '--remote-debugging-port=0', `--user-data-dir=${profileDir}`, 'about:blank'],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  const endpoint = await new Promise<string>((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`Chromium did not start: ${seen.slice(-500)}`)), 30_000);
    proc.stderr.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const match = /DevTools listening on (ws:\/\/\S+)/.exec(seen);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Chromium exited (${code}): ${seen.slice(-500)}`));
    });
  });
  const browser = await chromium.connectOverCDP(endpoint, { noDefaults: true });
  const context = browser.contexts()[0];
  if (!context) throw new Error('Chromium has no default context');
  return {
    browser,
    context,
    close: async () => {
      await browser.close().catch(() => undefined);
      proc.kill();
      await new Promise((r) => setTimeout(r, 100));
      rmSync(profileDir, { recursive: true, force: true });
    },
  };
}

export interface ScenarioResult {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

/** The console prefix of a scenario page's messages to the harness. */
const CHANNEL = '__xrgate_scenario__';

/**
 * Opens `url` in a fresh context with `bundle` injected, and collects what the page reports
 * (console messages `CHANNEL {"report": [name, ok, detail]}`) until it sends `CHANNEL {"done": true}`.
 */
export async function runPage(
  browser: Browser,
  url: string,
  bundle: 'xrgate-test.js' | 'xrgate.js',
  timeoutMs = 20_000,
): Promise<{ results: ScenarioResult[]; page: Page; errors: string[] }> {
  const context = await browser.newContext();
  await context.addInitScript({ content: readFileSync(join(ROOT, 'dist', bundle), 'utf8') });
  const page = await context.newPage();
  const results: ScenarioResult[] = [];
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  let finish: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    finish = resolve;
  });
  page.on('console', (msg) => {
    const text = msg.text();
    if (!text.startsWith(`${CHANNEL} `)) return;
    const message = JSON.parse(text.slice(CHANNEL.length + 1)) as {
      report?: [string, boolean, string];
      done?: true;
    };
    if (message.report) {
      const [name, ok, detail] = message.report;
      results.push({ name, ok, detail });
    }
    if (message.done) finish();
  });
  await page.goto(url);
  await Promise.race([
    done,
    new Promise<void>((_, reject) =>
      setTimeout(() => reject(new Error(`page did not finish: ${JSON.stringify(results)}`)), timeoutMs),
    ),
  ]);
  return { results, page, errors };
}

/** A page whose script runs `body` (an async function body using report(name, ok, detail)). */
export function scenarioPage(body: string): string {
  return `<!doctype html><meta charset=utf-8><title>xrgate scenario</title><canvas id=c width=300 height=150></canvas>
<script>
const __send = (message) => console.log('${CHANNEL} ' + JSON.stringify(message));
const report = (name, ok, detail = '') => __send({ report: [String(name), !!ok, String(detail)] });
const frame = (session) => new Promise((r) => session.requestAnimationFrame((t, f) => r(f)));
const inFrame = (session, fn) => new Promise((r, j) => session.requestAnimationFrame((t, f) => { try { r(fn(f)); } catch (e) { j(e); } }));
const withActivation = (fn) => new Promise((r, j) => navigator.xr.test.simulateUserActivation(() => fn().then(r, j)));
(async () => {
  try {
${body}
  } catch (e) {
    report('uncaught', false, e && e.stack || e);
  }
  __send({ done: true });
})();
</script>`;
}

/**
 * The centre of the element with attribute `attr` = `value`, looked up through CDP, which pierces
 * xrgate's closed shadow roots (a page cannot); null while there is none.
 */
export async function centreOf(
  cdp: CDPSession,
  attr: string,
  value: string,
): Promise<{ x: number; y: number } | null> {
  type DomNode = { nodeId: number; attributes?: string[]; children?: DomNode[]; shadowRoots?: DomNode[] };
  const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: DomNode };
  const find = (n: DomNode): DomNode | null => {
    const a = n.attributes ?? [];
    for (let i = 0; i < a.length; i += 2) if (a[i] === attr && a[i + 1] === value) return n;
    for (const c of [...(n.children ?? []), ...(n.shadowRoots ?? [])]) {
      const hit = find(c);
      if (hit) return hit;
    }
    return null;
  };
  const node = find(root);
  if (!node) return null;
  const { model } = (await cdp.send('DOM.getBoxModel', { nodeId: node.nodeId })) as {
    model: { content: number[] };
  };
  const q = model.content;
  return { x: (q[0]! + q[4]!) / 2, y: (q[1]! + q[5]!) / 2 };
}
