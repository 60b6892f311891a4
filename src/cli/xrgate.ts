#!/usr/bin/env node
// The xrgate command: `xrgate serve [--port N] [--extension]` starts the playground (with
// --extension, in Chromium with the xrgate extension); `xrgate demo` prints the
// decisions of a few realistic requests in Node; `xrgate --help`, `xrgate --version`.
// Exit status: 0, 1 when the playground cannot listen (one line says why), 2 for a usage error.

import { extensionPath } from '../extension/node/index.js';
import { listenFailure, parseArgs, USAGE } from './args.js';
import { packageVersion } from './package-root.js';
import { type Playground, startPlayground } from './serve.js';

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
      `(or load it unpacked from chrome://extensions: Developer mode, Load unpacked, ${extensionPath})`,
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

const HOST = '127.0.0.1';
const command = parseArgs(process.argv.slice(2), process.env);

if (command.kind === 'help') {
  console.log(USAGE);
} else if (command.kind === 'version') {
  console.log(packageVersion());
} else if (command.kind === 'usage') {
  console.error(`xrgate: ${command.message}\n\n${USAGE}`);
  process.exitCode = 2;
} else if (command.kind === 'demo') {
  await import('./demo.js');
} else {
  let pg: Playground | null = null;
  try {
    pg = await startPlayground(command.port, HOST);
  } catch (e) {
    console.error(listenFailure(e, command.port, HOST));
    process.exitCode = 1;
  }
  if (pg) {
    console.log(`xrgate playground: ${pg.url}`);
    console.log(`  three.js app   ${pg.url}three.html`);
    console.log(`  WebGL app      ${pg.url}webgl.html`);
    console.log(`  privacy lab    ${pg.url}lab.html   (its iframes come from ${pg.otherOrigin})`);
    for (const problem of pg.problems()) console.log(`Note: ${problem}`);
    if (command.extension) await openWithExtension(pg.url);
    console.log('Press Ctrl+C to stop.');
  }
}
