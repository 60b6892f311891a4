// xrgate/extension: the Chromium extension's directory (load it unpacked in Chromium, Chrome or
// Edge), and a Playwright helper that starts Chromium with it for an app's own end-to-end tests.
//
//   import { launchWithXrgate } from 'xrgate/extension';
//   const { context, openPanel } = await launchWithXrgate();
//   const page = await context.newPage();
//   await page.goto('https://localhost:8443/');   // navigator.xr is xrgate's, its UA out of reach
//
// playwright-core is an optional peer dependency: install it (or playwright) in your project.

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page, Worker } from 'playwright-core';

/**
 * The unpacked extension: dist/extension in the package (this module is dist/esm/extension/node/),
 * or the repository's dist/extension when this module runs from its source (src/extension/node/).
 */
export const extensionPath: string = (() => {
  const built = fileURLToPath(new URL('../../../extension/', import.meta.url));
  const fromSource = fileURLToPath(new URL('../../../dist/extension/', import.meta.url));
  return existsSync(join(built, 'service-worker.js')) || !existsSync(fromSource) ? built : fromSource;
})();

export interface LaunchOptions {
  /** A Chromium, Chrome or Edge executable. Default: $XRGATE_CHROMIUM, else /usr/bin/chromium. */
  readonly executablePath?: string;
  /** A profile directory to keep (consent survives restarts with the same one). Default: a fresh temporary one. */
  readonly userDataDir?: string;
  /** Default true (Chromium's new headless mode, which runs extensions). */
  readonly headless?: boolean;
  /** More Chromium arguments. */
  readonly args?: readonly string[];
  /** Playwright's viewport; default 1280×800. */
  readonly viewport?: { width: number; height: number } | null;
}

export interface XrgateBrowser {
  /** The persistent browser context with the extension loaded. */
  readonly context: BrowserContext;
  /** The extension's id (chrome-extension://<id>/). */
  readonly extensionId: string;
  /** The extension's service worker (what the browser holds once: lock, consent, devices). */
  readonly serviceWorker: Worker;
  /** Opens the WebXR panel for `page`'s tab as a tab of its own (what devtools shows). */
  openPanel(page: Page): Promise<Page>;
  /** Closes the browser and removes a temporary profile. */
  close(): Promise<void>;
}

export async function launchWithXrgate(options: LaunchOptions = {}): Promise<XrgateBrowser> {
  if (!existsSync(join(extensionPath, 'service-worker.js')))
    throw new Error(
      `xrgate: the extension is not built at ${extensionPath}: run \`npm run build\` in xrgate`,
    );
  let playwright: typeof import('playwright-core');
  try {
    playwright = await import('playwright-core');
  } catch {
    throw new Error('xrgate: launchWithXrgate needs playwright-core: `npm install -D playwright-core`');
  }
  const temporary = options.userDataDir === undefined;
  const dir = options.userDataDir ?? mkdtempSync(join(tmpdir(), 'xrgate-profile-'));
  const headless = options.headless !== false;
  const context = await playwright.chromium.launchPersistentContext(dir, {
    executablePath: options.executablePath ?? process.env.XRGATE_CHROMIUM ?? '/usr/bin/chromium',
    headless,
    viewport: options.viewport === undefined ? { width: 1280, height: 800 } : options.viewport,
    args: [
      ...(headless ? ['--headless=new'] : []),
      `--disable-extensions-except=${extensionPath}`,
      `--load-extension=${extensionPath}`,
      '--no-first-run',
      '--disable-component-update',
      ...(options.args ?? []),
    ],
  });
  let worker = context
    .serviceWorkers()
    .find((w: { url(): string }) => w.url().endsWith('/service-worker.js'));
  worker ??= await context.waitForEvent('serviceworker', {
    predicate: (w: { url(): string }) => w.url().endsWith('/service-worker.js'),
    timeout: 15_000,
  });
  const extensionId = new URL(worker.url()).host;
  return {
    context,
    extensionId,
    serviceWorker: worker,
    async openPanel(page: Page) {
      // The tab's id as Chrome reported it when the page's isolated world connected to the worker.
      const url = page.url();
      const tabId: number | undefined = await worker.evaluate(
        (u: string) =>
          (
            globalThis as unknown as {
              xrgateState: { documents(): { url: string; frameId: number; tabId: number }[] };
            }
          ).xrgateState
            .documents()
            .find((d: { url: string; frameId: number }) => d.url === u && d.frameId === 0)?.tabId,
        url,
      );
      if (typeof tabId !== 'number') throw new Error(`xrgate: no tab shows ${url}`);
      const panel = await context.newPage();
      await panel.goto(`chrome-extension://${extensionId}/panel.html?tab=${tabId}`);
      return panel;
    },
    async close() {
      await context.close();
      if (temporary) rmSync(dir, { recursive: true, force: true });
    },
  };
}
