// Fuzzing the playground server with malformed raw requests over TCP: odd methods, request targets
// built from traversal and encoding fragments, bad versions, odd, duplicated and oversized headers,
// bodies. After each request the server must still answer a normal GET with 200; no answer may
// be a 5xx or contain a file from outside the served folders (SECRET); every connection ends, on
// both sides.

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Playground, startPlayground } from '../../src/cli/serve.js';
import { createFixture, type Fixture, SECRET } from './fixture.js';
import { get, type RawResponse, rawRequest } from './raw-http.js';

let fx: Fixture;
let pg: Playground;
let port: number;

beforeAll(async () => {
  fx = createFixture();
  pg = await startPlayground(0, '127.0.0.1', { bundlePath: fx.bundlePath, threeFrom: [fx.project] });
  port = Number(new URL(pg.url).port);
});
afterAll(async () => {
  await pg?.close();
  fx?.remove();
});

/** Pieces of paths that have broken static file servers (each one a client can send as it is). */
const fragment = fc.constantFrom(
  '',
  '/',
  '//',
  '.',
  '..',
  '...',
  '%2e',
  '%2E%2e',
  '.%2e',
  '%2f',
  '%2F',
  '%5c',
  '\\',
  '%00',
  '%0a',
  '%',
  '%2',
  '%zz',
  '%c0%ae',
  '%c0%af',
  '%252e%252e',
  '%u002e',
  '%e2%80%ae',
  'vendor',
  'three',
  'three-evil',
  'addons',
  'build',
  'examples',
  'webxr',
  'three.module.js',
  'VRButton.js',
  'link.js',
  'notes.txt',
  'secret.js',
  'package.json',
  'xrgate.js',
  'lab.html',
  '?',
  '?a=%',
  '#frag',
  ';',
  '~',
  'http://x',
  '*',
);
/** Bytes the request line may not carry unencoded. */
const rawFragment = fc.constantFrom('é', '\u0000', ' ', '\t', '\r', '\n', '\u007f');

const target = fc.oneof(
  { weight: 5, arbitrary: fc.array(fragment, { maxLength: 10 }).map((a) => `/${a.join('/')}`) },
  { weight: 2, arbitrary: fc.array(fragment, { maxLength: 10 }).map((a) => `/vendor/three/${a.join('/')}`) },
  { weight: 2, arbitrary: fc.array(fragment, { maxLength: 10 }).map((a) => `/vendor/three/${a.join('')}`) },
  {
    weight: 1,
    arbitrary: fc.array(fc.oneof(fragment, rawFragment), { maxLength: 10 }).map((a) => a.join('')),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(
        fc.constantFrom('http://', 'HTTPS://', 'ftp://', 'file://', '//', 'http:'),
        fc.string({ maxLength: 20 }),
      )
      .map(([scheme, rest]) => `${scheme}${rest}`),
  },
  { weight: 1, arbitrary: fc.integer({ min: 1500, max: 20_000 }).map((n) => `/${'a'.repeat(n)}`) },
);

// Each part is mostly well-formed, so that most requests reach the playground's own handler (a
// request broken everywhere at once only exercises Node's parser).
const method = fc.oneof(
  { weight: 6, arbitrary: fc.constant('GET') },
  { weight: 2, arbitrary: fc.constant('HEAD') },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      'POST',
      'PUT',
      'DELETE',
      'OPTIONS',
      'PATCH',
      'TRACE',
      'CONNECT',
      'PRI',
      'get',
      '',
    ),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 8 }) },
);

const version = fc.oneof(
  { weight: 8, arbitrary: fc.constant('HTTP/1.1') },
  { weight: 2, arbitrary: fc.constantFrom('HTTP/1.0', 'HTTP/2.0', 'HTTP/0.9', 'http/1.1', 'HTTP/1.1 x', '') },
);

const header = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom('Accept: */*', 'User-Agent: fuzz', 'Connection: close') },
  fc.constantFrom(
    'Host: 127.0.0.1',
    'Host: a\r\nHost: b',
    'Host: "><script>',
    'Content-Length: 0',
    'Content-Length: 5',
    'Content-Length: abc',
    'Content-Length: -1',
    'Content-Length: 99999999999999999999',
    'Content-Length: 1, 2',
    'Content-Length: 3\r\nContent-Length: 4',
    'Transfer-Encoding: chunked',
    'Transfer-Encoding: gzip, chunked',
    'Transfer-Encoding: chunked\r\nContent-Length: 3',
    'Expect: 100-continue',
    'Connection: keep-alive',
    'Connection: Upgrade\r\nUpgrade: websocket',
    ' folded continuation',
    'NoColon',
    ': no-name',
    'X-Nul: a\u0000b',
    'X-Unicode: é',
    'Range: bytes=0-1',
  ),
  fc.tuple(fc.string({ maxLength: 12 }), fc.string({ maxLength: 30 })).map(([n, v]) => `${n}: ${v}`),
  fc.integer({ min: 1, max: 40_000 }).map((n) => `X-Big: ${'b'.repeat(n)}`),
);

const body = fc.oneof(
  { weight: 6, arbitrary: fc.constant('') },
  fc.string({ maxLength: 60 }),
  fc.constantFrom('5\r\nhello\r\n0\r\n\r\n', 'ffffffffffff\r\nx', 'GET / HTTP/1.1\r\nHost: x\r\n\r\n'),
  fc.integer({ min: 1000, max: 200_000 }).map((n) => 'x'.repeat(n)),
);

const request = fc
  .record({
    method,
    target,
    version,
    // HTTP/1.1 requires Host (Node answers 400 without one): left out sometimes.
    host: fc.oneof({ weight: 9, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
    headers: fc.array(header, { maxLength: 4 }),
    body,
    eol: fc.oneof({ weight: 8, arbitrary: fc.constant('\r\n') }, { weight: 1, arbitrary: fc.constant('\n') }),
  })
  .map(({ method, target, version, host, headers, body, eol }) => {
    const lines = [`${method} ${target} ${version}`, ...(host ? ['Host: 127.0.0.1'] : []), ...headers];
    return Buffer.from(`${lines.map((l) => `${l}${eol}`).join('')}${eol}${body}`);
  });

/** Waits (up to 500 ms) until the server holds no connection; returns how many it still holds. */
async function openConnections(): Promise<number> {
  const count = () => new Promise<number>((r) => pg.server.getConnections((_e, n) => r(n)));
  for (let waited = 0; waited < 500; waited += 10) {
    if ((await count()) === 0) return 0;
    await new Promise((r) => setTimeout(r, 10));
  }
  return count();
}

function checkAnswer(r: RawResponse): void {
  expect(r.closed, 'the server ends the connection').toBe(true);
  // An answer, if any, is well-formed HTTP/1.1 (the parser may close on garbage without one).
  if (r.text !== '') expect(r.text).toMatch(/^HTTP\/1\.1 \d{3} /);
  for (const status of r.statuses) {
    expect(status).toBeGreaterThanOrEqual(100);
    expect(status).toBeLessThan(500);
  }
  expect(r.text).not.toContain(SECRET);
}

describe('the playground server under fuzzed raw requests', () => {
  it('answers every request with at most a 4xx, leaks no file, and keeps serving', async () => {
    await fc.assert(
      fc.asyncProperty(request, async (bytes) => {
        checkAnswer(await rawRequest(port, bytes));
        // The server's side of the connection ends too (none is left half-open).
        expect(await openConnections()).toBe(0);
        const normal = await get(port, '/');
        expect(normal.status).toBe(200);
        expect(normal.body).toContain('xrgate playground');
      }),
      { numRuns: 300 },
    );
  }, 120_000);

  it('under /vendor/three/ answers 200 only with the exact bytes of a file of three’s build/ or examples/jsm/', async () => {
    const served = new Map(Object.entries(fx.threeFiles));
    await fc.assert(
      fc.asyncProperty(fc.array(fragment, { minLength: 1, maxLength: 8 }), async (parts) => {
        for (const path of [`/vendor/three/${parts.join('/')}`, `/vendor/three/${parts.join('')}`]) {
          const r = await rawRequest(port, `GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
          checkAnswer(r);
          if (r.status === 200) {
            // The server's path is the decoded one: find the served file it must have been.
            const known = [...served.values()];
            expect(known).toContain(r.body);
          } else if (r.status !== null) {
            expect([400, 404, 414]).toContain(r.status);
          }
        }
      }),
      { numRuns: 300 },
    );
    // The property is not vacuous: the real files are served.
    for (const [path, content] of served) expect((await get(port, path)).body).toBe(content);
  }, 120_000);
});
