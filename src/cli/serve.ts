// `xrgate serve`: the playground. One HTTP server on loopback; http://localhost:PORT and
// http://127.0.0.1:PORT are two origins (both potentially trustworthy), so the lab's iframes are
// really cross-origin.
//
// The server serves GET and HEAD of its own pages, the page bundle and the files of three.js, and
// nothing else: a request it cannot take gets a 4xx that says why (405 with Allow, CONNECT too; 413 for a
// body, 414 for an overlong target, 400 for a malformed or traversing path; Node's parser answers
// 400/431 for malformed requests and oversized headers), and no request stops the server.

import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import { packageRoot } from './package-root.js';
import { arPage, framePage, indexPage, labPage, type Notices, threePage, webglPage } from './pages.js';
import { parseRequestTarget } from './request-target.js';
import { findThree, INSTALL_THREE, threeFile } from './three-package.js';

export interface PlaygroundOptions {
  /** The page bundle. Default: dist/xrgate.js of xrgate's package. */
  readonly bundlePath?: string;
  /**
   * Where `three` is looked for: in node_modules folders of these folders and their ancestors, in
   * order. Default: the current directory (the developer's project), then xrgate's package.
   */
  readonly threeFrom?: readonly string[];
}

export interface Playground {
  readonly server: Server;
  readonly url: string;
  readonly otherOrigin: string;
  /** What the playground is missing where it runs, each with the command that fixes it (none: []). */
  problems(): Notices;
  close(): Promise<void>;
}

const html = 'text/html; charset=utf-8';
const javascript = 'text/javascript; charset=utf-8';

function threeMissingMessage(from: readonly string[]): string {
  return (
    `three.js is not installed where xrgate serve runs (no node_modules/three from ${from.join(' or ')}), ` +
    `so the three.js app cannot load: run \`${INSTALL_THREE}\` in your project, then reload this page.`
  );
}

/** Whether a request carries a body (the playground takes none). */
function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/** A 4xx (or 500) answer in plain text: the status, then what was wrong and what to do. */
function fail(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  reason: string,
  headers: Record<string, string> = {},
): void {
  const body = `${status} ${reason}\n`;
  res.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'content-length': String(Buffer.byteLength(body)),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    // An unread body (or a malformed request) ends the connection rather than being drained.
    ...(status !== 404 || hasBody(req) ? { connection: 'close' } : {}),
    ...headers,
  });
  res.end(body);
}

function send(
  res: ServerResponse,
  type: string,
  body: string | Buffer,
  headers: Record<string, string> = {},
): void {
  res.writeHead(200, {
    'content-type': type,
    'content-length': String(Buffer.byteLength(body)),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...headers,
  });
  // Node leaves the body out of a HEAD answer.
  res.end(body);
}

export async function startPlayground(
  port = 0,
  host = '127.0.0.1',
  options: PlaygroundOptions = {},
): Promise<Playground> {
  const bundlePath = options.bundlePath ?? join(packageRoot(), 'dist', 'xrgate.js');
  const threeFrom = options.threeFrom ?? [process.cwd(), packageRoot()];
  // Looked for again while missing: installing it while the playground runs needs only a reload.
  let threeRoot: string | null = null;
  const three = (): string | null => {
    threeRoot ??= findThree(threeFrom);
    return threeRoot;
  };
  const bundleNotice = (): Notices =>
    existsSync(bundlePath)
      ? []
      : [
          `xrgate's page bundle ${bundlePath} is missing, so these pages run without xrgate: ` +
            'build it with `npm run build` in the xrgate checkout, then reload.',
        ];
  const problems = (): Notices => [
    ...bundleNotice(),
    ...(three() === null ? [threeMissingMessage(threeFrom)] : []),
  ];
  let actualPort = 0;

  const route = (req: IncomingMessage, res: ServerResponse) => {
    const target = parseRequestTarget(req.url ?? '');
    if (!target.ok) return fail(req, res, target.status, target.reason);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return fail(req, res, 405, `the playground serves GET and HEAD only, not ${req.method}`, {
        allow: 'GET, HEAD',
      });
    }
    if (hasBody(req)) return fail(req, res, 413, 'the playground takes no request body');
    switch (target.path) {
      case '/':
        return send(res, html, indexPage(bundleNotice()));
      case '/webgl.html':
        return send(res, html, webglPage(bundleNotice()));
      case '/three.html': {
        const missing = three() === null ? { threeMissing: threeMissingMessage(threeFrom) } : {};
        return send(res, html, threePage({ notices: bundleNotice(), ...missing }));
      }
      case '/ar.html': {
        const missing = three() === null ? { threeMissing: threeMissingMessage(threeFrom) } : {};
        return send(res, html, arPage({ notices: bundleNotice(), ...missing }));
      }
      case '/lab.html': {
        // The other origin: localhost ↔ 127.0.0.1 on this server's port (never the Host header's
        // text, which the page would otherwise carry into its iframes' src).
        const hostname = (req.headers.host ?? '').split(':')[0]?.toLowerCase();
        const other = hostname === 'localhost' ? '127.0.0.1' : 'localhost';
        return send(res, html, labPage(`http://${other}:${actualPort}`, bundleNotice()));
      }
      case '/frame.html':
        return send(res, html, framePage());
      case '/blocked.html':
        return send(res, html, framePage(), { 'permissions-policy': 'xr-spatial-tracking=()' });
      case '/xrgate.js':
        if (!existsSync(bundlePath)) return fail(req, res, 404, bundleNotice()[0] ?? 'no bundle');
        return send(res, javascript, readFileSync(bundlePath));
      case '/favicon.ico':
        res.writeHead(204, { 'cache-control': 'max-age=86400' }).end();
        return;
    }
    if (target.segments[0] === 'vendor' && target.segments[1] === 'three') {
      const root = three();
      if (root === null) return fail(req, res, 404, threeMissingMessage(threeFrom));
      const file = threeFile(root, target.segments.slice(2));
      if (file === null) return fail(req, res, 404, `${target.path} is not a file of three.js`);
      return send(res, javascript, readFileSync(file));
    }
    fail(req, res, 404, `${target.path} is not a page of the playground (start at /)`);
  };

  const server = createServer((req, res) => {
    try {
      route(req, res);
    } catch (e) {
      // One request's failure (an unreadable file, say) is that request's 500, never the server's end.
      console.error(
        `xrgate serve: ${JSON.stringify(req.url)}: ${e instanceof Error ? e.message : String(e)}`,
      );
      if (res.headersSent) res.destroy();
      else fail(req, res, 500, 'the playground failed to answer this request (see its terminal)');
    }
  });
  // CONNECT never reaches the request handler (Node hands the socket over, or resets it when no one
  // takes it): it gets the same 405 as any other method.
  server.on('connect', (req: IncomingMessage, socket: Duplex) => {
    socket.on('error', () => {});
    const body = `405 the playground serves GET and HEAD only, not ${req.method}\n`;
    socket.end(
      'HTTP/1.1 405 Method Not Allowed\r\nallow: GET, HEAD\r\ncontent-type: text/plain; charset=utf-8\r\n' +
        `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
    // The socket is no longer the HTTP server's: what the client sends after is read and dropped
    // (so its end is seen), and the socket is closed here, whatever the client does.
    socket.resume();
    setTimeout(() => socket.destroy(), 1000).unref();
  });
  // Every connection, HTTP or handed over, so that close() ends them all.
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  // A client that sends its headers or its request slowly does not hold a connection for long.
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (e) => console.error(`xrgate serve: ${e.message}`));
  actualPort = (server.address() as AddressInfo).port;
  return {
    server,
    url: `http://127.0.0.1:${actualPort}/`,
    otherOrigin: `http://localhost:${actualPort}`,
    problems,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}
