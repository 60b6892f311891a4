#!/usr/bin/env node
// The xrgate command: `xrgate serve [--port N] [--extension]` starts the playground (with
// --extension, in Chromium with the xrgate extension); `xrgate demo` prints the
// decisions of a few realistic requests in Node.

import { extensionPath } from '../extension/node/index.js';
import { startPlayground } from './serve.js';

/**
 * `serve --extension`: the playground in Chromium with the xrgate extension loaded (its pages then
 * use the extension's user agent; the bundle steps aside), when there is a display to show it on;
 * otherwise the command that does it.
 */
async function openWithExtension(url: string): Promise<void> {
  const browserPath = process.env.XRGATE_CHROMIUM ?? '/usr/bin/chromium';
  const command = `${browserPath} --user-data-dir=$(mktemp -d) --disable-extensions-except=${extensionPath} --load-extension=${extensionPath} ${url}three.html`;
  const display = process.env.DISPLAY || process.env.WAYLAND_DISPLAY;
  if (!display) {
    console.log('No display here. To open the playground with the xrgate extension:');
    console.log(`  ${command}`);
    console.log(
      '(or load it unpacked from chrome://extensions: Developer mode, Load unpacked, ' + extensionPath + ')',
    );
    return;
  }
  try {
    const { launchWithXrgate } = await import('../extension/node/index.js');
    const b = await launchWithXrgate({ headless: false, executablePath: browserPath, viewport: null });
    const page = await b.context.newPage();
    await page.goto(`${url}three.html`);
    console.log('Chromium is open with the xrgate extension (developer tools → WebXR for the panel).');
  } catch (e) {
    console.log(
      `Could not start Chromium with the extension (${e instanceof Error ? e.message : String(e)}). Run:`,
    );
    console.log(`  ${command}`);
  }
}

const [command = 'serve', ...rest] = process.argv.slice(2);
const portArg = rest.indexOf('--port');
const port = portArg >= 0 ? Number(rest[portArg + 1]) : Number(process.env.PORT ?? 8080);

if (command === 'serve') {
  const pg = await startPlayground(Number.isFinite(port) ? port : 8080);
  console.log(`xrgate playground: ${pg.url}`);
  console.log(`  three.js app   ${pg.url}three.html`);
  console.log(`  WebGL app      ${pg.url}webgl.html`);
  console.log(`  privacy lab    ${pg.url}lab.html   (its iframes come from ${pg.otherOrigin})`);
  if (rest.includes('--extension')) await openWithExtension(pg.url);
  console.log('Press Ctrl+C to stop.');
} else if (command === 'demo') {
  await import('./demo.js');
} else {
  console.error(`usage: xrgate serve [--port N] [--extension] | xrgate demo`);
  process.exitCode = 2;
}
