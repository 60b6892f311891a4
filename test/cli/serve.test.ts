// The playground server (src/cli/serve.ts) against requests a browser never sends: each gets a 4xx
// that says why, nothing outside the served folders is ever answered, and the server keeps serving.
// Also: the favicon, HEAD, and a playground without three.js or without its page bundle.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Playground, startPlayground } from '../../src/cli/serve.js';
import { createFixture, type Fixture, SECRET } from './fixture.js';
import { get, rawRequest } from './raw-http.js';

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

async function expectStillServing(): Promise<void> {
  const r = await get(port, '/');
  expect(r.status).toBe(200);
  expect(r.body).toContain('xrgate playground');
}

describe('the playground server: malformed requests', () => {
  // 'server': the playground's answer (plain text saying why); 'parser': Node's HTTP parser refuses
  // the request line itself with a bare 400 before the playground sees it.
  it.each([
    ['//', 404, 'server'],
    ['/..%2f..', 400, 'server'],
    ['/..%2f..%2fetc%2fpasswd', 400, 'server'],
    ['%', 400, 'parser'],
    ['/%', 400, 'server'],
    ['/%zz', 400, 'server'],
    ['/%00', 400, 'server'],
    ['/three.html%00', 400, 'server'],
    ['/a%5cb', 400, 'server'],
    ['/vendor/three/../../secret.js', 400, 'server'],
    ['/vendor/three/%2e%2e/%2e%2e/secret.js', 400, 'server'],
    ['/vendor/three/.%2e/package.json', 400, 'server'],
    ['/vendor/three/..%5c..%5csecret.js', 400, 'server'],
    ['/vendor/three/%c0%ae%c0%ae/secret.js', 400, 'server'],
    ['*', 400, 'server'],
    ['three.html', 400, 'parser'],
    ['/no-such-page', 404, 'server'],
  ] as const)('GET %s → %i (%s), and the server still answers', async (target, status, by) => {
    const r = await get(port, target);
    expect(r.status).toBe(status);
    if (by === 'server') {
      expect(r.headers['content-type']).toBe('text/plain; charset=utf-8');
      expect(r.body.startsWith(`${status} `)).toBe(true);
    }
    expect(r.body).not.toContain(SECRET);
    await expectStillServing();
  });

  it('GET // used to throw Invalid URL and end the process: now a 404 that names the way in', async () => {
    const r = await get(port, '//');
    expect(r.status).toBe(404);
    expect(r.body).toContain('start at /');
    await expectStillServing();
  });

  it('an absolute-form target is served by its path (RFC 9112 §3.2.2); other schemes are refused', async () => {
    const r = await get(port, `http://127.0.0.1:${port}/three.html`);
    expect(r.status).toBe(200);
    expect(r.body).toContain('three.js app');
    const traversal = await get(port, 'http://evil.example/vendor/three/../../../secret.js');
    expect(traversal.status).toBe(404);
    expect(traversal.body).not.toContain(SECRET);
    expect((await get(port, 'file:///etc/passwd')).status).toBe(400);
    await expectStillServing();
  });

  it('an overlong target is 414; headers beyond Node’s limit are 431', async () => {
    expect((await get(port, `/${'a'.repeat(3000)}`)).status).toBe(414);
    const huge = await rawRequest(port, `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(40_000)}\r\n\r\n`);
    expect(huge.status).toBe(431);
    await expectStillServing();
  });

  it('a NUL byte in the request line or odd header bytes is a 400 from the parser, not a crash', async () => {
    expect((await rawRequest(port, 'GET /\u0000 HTTP/1.1\r\nHost: x\r\n\r\n')).status).toBe(400);
    expect((await rawRequest(port, 'GET / HTTP/1.1\r\nHost: x\r\nBad Header: y\r\n\r\n')).status).toBe(400);
    expect((await rawRequest(port, 'GET / HTTP/1.1\r\nHost: x\r\nX: a\u0000b\r\n\r\n')).status).toBe(400);
    await expectStillServing();
  });

  it('methods other than GET and HEAD are 405 with Allow: GET, HEAD', async () => {
    for (const method of ['POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH', 'TRACE']) {
      const r = await get(port, '/', method);
      expect(r.status, method).toBe(405);
      expect(r.headers.allow, method).toBe('GET, HEAD');
      expect(r.body, method).toContain(method);
    }
    // CONNECT (authority-form) goes to Node's 'connect' event, not the request handler: 405 too.
    const connect = await rawRequest(
      port,
      'CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n',
    );
    expect(connect.status).toBe(405);
    expect(connect.headers.allow).toBe('GET, HEAD');
    expect(connect.closed).toBe(true);
    // With bytes after it, too: the server reads them and lets the connection go (none left open).
    const withData = await rawRequest(port, `CONNECT /x HTTP/1.1\r\nHost: x\r\n\r\n${'x'.repeat(100_000)}`);
    expect(withData.status).toBe(405);
    await new Promise((r) => setTimeout(r, 300));
    expect(await new Promise((r) => pg.server.getConnections((_e, n) => r(n)))).toBe(0);
    await expectStillServing();
  });

  it('a request body is refused (413) without being read, whatever size it claims', async () => {
    const big = await rawRequest(port, 'GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 10000000000\r\n\r\nabc');
    expect(big.status).toBe(413);
    expect(big.headers.connection).toBe('close');
    const chunked = await rawRequest(
      port,
      'GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nffffffff\r\nabc',
    );
    expect(chunked.status).toBe(413);
    const post = await rawRequest(
      port,
      `POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\n${'x'.repeat(1000)}`,
    );
    expect(post.status).toBe(405);
    await expectStillServing();
  });

  it('the lab never carries the Host header into its page', async () => {
    const evil = '"><script>alert(1)</script>';
    const r = await rawRequest(port, `GET /lab.html HTTP/1.1\r\nHost: ${evil}\r\nConnection: close\r\n\r\n`);
    expect(r.status).toBe(200);
    expect(r.body).not.toContain('<script>alert(1)');
    expect(r.body).toContain(`src="http://localhost:${port}/frame.html?no-allow"`);
    const fromLocalhost = await rawRequest(
      port,
      `GET /lab.html HTTP/1.1\r\nHost: localhost:${port}\r\nConnection: close\r\n\r\n`,
    );
    expect(fromLocalhost.body).toContain(`src="http://127.0.0.1:${port}/frame.html?allow"`);
  });
});

describe('the playground server: what it serves', () => {
  it('serves the files of three.js from build/ and examples/jsm/ only', async () => {
    for (const [path, content] of Object.entries(fx.threeFiles)) {
      const r = await get(port, path);
      expect(r.status, path).toBe(200);
      expect(r.headers['content-type'], path).toBe('text/javascript; charset=utf-8');
      expect(r.body, path).toBe(content);
    }
    for (const path of [
      '/vendor/three/package.json',
      '/vendor/three/notes.txt',
      '/vendor/three/link.js',
      '/vendor/three/addons/../secret.js',
      '/vendor/three/addons',
      '/vendor/three/',
      '/vendor/three//three.module.js',
      '/vendor/three-evil/build/x.js',
    ]) {
      const r = await get(port, path);
      expect([400, 404], path).toContain(r.status);
      expect(r.body, path).not.toContain(SECRET);
    }
  });

  it('serves the page bundle, and HEAD answers without a body', async () => {
    const r = await get(port, '/xrgate.js');
    expect(r.status).toBe(200);
    expect(r.body).toContain('the xrgate bundle (fixture)');
    const head = await get(port, '/three.html', 'HEAD');
    expect(head.status).toBe(200);
    expect(Number(head.headers['content-length'])).toBeGreaterThan(100);
    expect(head.body).toBe('');
  });

  it('/favicon.ico is 204, and every page declares an empty icon so browsers do not ask', async () => {
    const r = await get(port, '/favicon.ico');
    expect(r.status).toBe(204);
    for (const page of [
      '/',
      '/three.html',
      '/ar.html',
      '/webgl.html',
      '/lab.html',
      '/frame.html',
      '/blocked.html',
    ]) {
      const p = await get(port, page);
      expect(p.status, page).toBe(200);
      expect(p.body, page).toContain('<link rel=icon href="data:,">');
    }
  });

  it('with three.js and the bundle present, it reports no problems and the three.js page loads three', async () => {
    expect(pg.problems()).toEqual([]);
    const r = await get(port, '/three.html');
    expect(r.body).toContain('/vendor/three/three.module.js');
    expect(r.body).not.toContain('npm install three');
  });
});

describe('the playground server without its dependencies', () => {
  it('without three.js: the three.js page and the CLI say `npm install three`; /vendor/three/ says so too', async () => {
    const bare = await startPlayground(0, '127.0.0.1', { bundlePath: fx.bundlePath, threeFrom: [fx.empty] });
    try {
      const p = Number(new URL(bare.url).port);
      expect(bare.problems()).toHaveLength(1);
      expect(bare.problems()[0]).toContain('`npm install three`');
      const page = await get(p, '/three.html');
      expect(page.status).toBe(200);
      expect(page.body).toContain('npm install three');
      // No scene that cannot load, and no "Click ENTER VR" under a blank page.
      expect(page.body).not.toContain('/vendor/three/three.module.js');
      expect(page.body).not.toContain('ENTER VR');
      const vendor = await get(p, '/vendor/three/three.module.js');
      expect(vendor.status).toBe(404);
      expect(vendor.body).toContain('npm install three');
    } finally {
      await bare.close();
    }
  });

  it('without the page bundle: every page shows the command that builds it, /xrgate.js is a 404 saying so', async () => {
    const bare = await startPlayground(0, '127.0.0.1', {
      bundlePath: `${fx.dir}/no-such/xrgate.js`,
      threeFrom: [fx.project],
    });
    try {
      const p = Number(new URL(bare.url).port);
      expect(bare.problems()).toHaveLength(1);
      expect(bare.problems()[0]).toContain('npm run build');
      for (const page of ['/', '/three.html', '/webgl.html', '/lab.html']) {
        const r = await get(p, page);
        expect(r.status, page).toBe(200);
        expect(r.body, page).toContain('npm run build');
      }
      const bundle = await get(p, '/xrgate.js');
      expect(bundle.status).toBe(404);
      expect(bundle.body).toContain('npm run build');
    } finally {
      await bare.close();
    }
  });

  it('a port already in use rejects startPlayground with EADDRINUSE (the CLI turns it into one line)', async () => {
    await expect(startPlayground(port, '127.0.0.1', { bundlePath: fx.bundlePath })).rejects.toMatchObject({
      code: 'EADDRINUSE',
    });
    await expectStillServing();
  });
});
