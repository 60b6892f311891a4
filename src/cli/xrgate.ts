#!/usr/bin/env node
// The xrgate command: `xrgate serve [--port N]` starts the playground; `xrgate demo` prints the
// decisions of a few realistic requests in Node.

import { startPlayground } from './serve.js';

const [command = 'serve', ...rest] = process.argv.slice(2);
const portArg = rest.indexOf('--port');
const port = portArg >= 0 ? Number(rest[portArg + 1]) : Number(process.env.PORT ?? 8080);

if (command === 'serve') {
  const pg = await startPlayground(Number.isFinite(port) ? port : 8080);
  console.log(`xrgate playground: ${pg.url}`);
  console.log(`  three.js app   ${pg.url}three.html`);
  console.log(`  WebGL app      ${pg.url}webgl.html`);
  console.log(`  privacy lab    ${pg.url}lab.html   (its iframes come from ${pg.otherOrigin})`);
  console.log('Press Ctrl+C to stop.');
} else if (command === 'demo') {
  await import('./demo.js');
} else {
  console.error(`usage: xrgate serve [--port N] | xrgate demo`);
  process.exitCode = 2;
}
