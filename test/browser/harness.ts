// Real-browser test harness: Debian Chromium driven by playwright-core, pages served from a local
// HTTP server on loopback, the xrgate bundle injected before any page script. Results come back as
// console messages the page writes itself. Never page.evaluate, and never a Playwright binding
// either: Playwright delivers a binding's return value by evaluating in the page with a user
// gesture, which gives the page transient activation at a moment the test does not control.

import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';

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
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...(headers[path] ?? {}) });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--host-resolver-rules=MAP *.test 127.0.0.1',
    ],
  });
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
