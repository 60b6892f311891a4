// `xrgate serve`: the playground. One HTTP server on loopback; http://localhost:PORT and
// http://127.0.0.1:PORT are two origins (both potentially trustworthy), so the lab's iframes are
// really cross-origin.

import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { framePage, indexPage, labPage, threePage, webglPage } from './pages.js';

const here = dirname(fileURLToPath(import.meta.url));

function findUp(start: string, rel: string): string | null {
  let dir = start;
  for (let i = 0; i < 6; i++) {
    const p = join(dir, rel);
    if (existsSync(p)) return p;
    dir = dirname(dir);
  }
  return null;
}

function threeDir(): string | null {
  try {
    const require = createRequire(import.meta.url);
    // three's exports map does not expose package.json: resolve its main file and go up to build/.
    return dirname(dirname(require.resolve('three')));
  } catch {
    return null;
  }
}

export interface Playground {
  readonly server: Server;
  readonly url: string;
  readonly otherOrigin: string;
  close(): Promise<void>;
}

export async function startPlayground(port = 0, host = '127.0.0.1'): Promise<Playground> {
  const bundlePath = findUp(here, 'dist/xrgate.js');
  if (!bundlePath) throw new Error('dist/xrgate.js is missing: run `npm run build` first');
  const three = threeDir();
  let otherOrigin = '';
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const send = (type: string, body: string | Buffer, headers: Record<string, string> = {}) => {
      res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store', ...headers });
      res.end(body);
    };
    const html = 'text/html; charset=utf-8';
    switch (url.pathname) {
      case '/':
        return send(html, indexPage());
      case '/webgl.html':
        return send(html, webglPage());
      case '/three.html':
        return send(html, threePage());
      case '/lab.html': {
        // The other origin: localhost ↔ 127.0.0.1 on the same port.
        const hostHeader = req.headers.host ?? '';
        const other = hostHeader.startsWith('localhost')
          ? hostHeader.replace('localhost', '127.0.0.1')
          : hostHeader.replace('127.0.0.1', 'localhost');
        return send(html, labPage(`http://${other}`));
      }
      case '/frame.html':
        return send(html, framePage());
      case '/blocked.html':
        return send(html, framePage(), { 'permissions-policy': 'xr-spatial-tracking=()' });
      case '/xrgate.js':
        return send('text/javascript; charset=utf-8', readFileSync(bundlePath));
    }
    if (three && url.pathname.startsWith('/vendor/three/')) {
      const rel = url.pathname.slice('/vendor/three/'.length);
      const file = rel.startsWith('addons/')
        ? join(three, 'examples/jsm', rel.slice('addons/'.length))
        : join(three, 'build', rel);
      if (!file.startsWith(three) || !existsSync(file)) {
        res.writeHead(404).end('not found');
        return;
      }
      return send('text/javascript; charset=utf-8', readFileSync(file));
    }
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  });
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  const actual = (server.address() as AddressInfo).port;
  otherOrigin = `http://localhost:${actual}`;
  return {
    server,
    url: `http://127.0.0.1:${actual}/`,
    otherOrigin,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
