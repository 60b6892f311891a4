// Raw HTTP over a TCP socket, for requests no HTTP client would send: the bytes go out as given,
// and what comes back is read until the server closes the connection (or a deadline passes).

import { connect } from 'node:net';

export interface RawResponse {
  /** Everything the server sent, as latin1 text. */
  readonly text: string;
  /** The status code of the first final (non-1xx) response, or null if the server sent none. */
  readonly status: number | null;
  /** The status codes of every response in `text`, in order (1xx interim ones included). */
  readonly statuses: readonly number[];
  /** The first final response's header block (lower-cased names), empty without a response. */
  readonly headers: Readonly<Record<string, string>>;
  /** The first final response's body (what follows its header block). */
  readonly body: string;
  /** True when the server ended the connection (closed or reset it) before the deadline. */
  readonly closed: boolean;
}

interface Parsed {
  readonly text: string;
  readonly status: number | null;
  readonly statuses: readonly number[];
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/**
 * The responses in `text`, one after the other: each a status line, headers, and Content-Length
 * bytes of body (none after a 1xx, 204 or 304; a HEAD answer's body is absent despite its length).
 */
export function parseResponses(text: string): Parsed {
  const statuses: number[] = [];
  let first: { status: number; headers: Record<string, string>; body: string } | null = null;
  let pos = 0;
  for (;;) {
    const line = /^HTTP\/1\.[01] (\d{3})[^\r\n]*\r\n/.exec(text.slice(pos));
    if (!line) break;
    const status = Number(line[1]);
    statuses.push(status);
    const end = text.indexOf('\r\n\r\n', pos);
    if (end < 0) break;
    const headers: Record<string, string> = {};
    for (const h of text.slice(pos + line[0].length, end).split('\r\n')) {
      const colon = h.indexOf(':');
      if (colon > 0) headers[h.slice(0, colon).trim().toLowerCase()] = h.slice(colon + 1).trim();
    }
    const bodyless = status < 200 || status === 204 || status === 304;
    const length = bodyless ? 0 : Number(headers['content-length'] ?? text.length - end - 4);
    let next = end + 4 + length;
    // A HEAD answer announces a length but sends no body: the next response starts right away.
    if (!text.startsWith('HTTP/', next) && text.startsWith('HTTP/', end + 4)) next = end + 4;
    if (!first && status >= 200) first = { status, headers, body: text.slice(end + 4, next) };
    if (next <= pos) break;
    pos = next;
  }
  return {
    text,
    status: first?.status ?? null,
    statuses,
    headers: first?.headers ?? {},
    body: first?.body ?? '',
  };
}

/** Sends `request` to 127.0.0.1:`port`, half-closes, and reads until the server closes or `ms` pass. */
export function rawRequest(port: number, request: string | Buffer, ms = 3000): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect({ port, host: '127.0.0.1' });
    let closed = true;
    const timer = setTimeout(() => {
      closed = false;
      socket.destroy();
    }, ms);
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', (e: NodeJS.ErrnoException) => {
      // The server may reset a connection whose request it refused before reading all of it.
      if (e.code !== 'ECONNRESET' && e.code !== 'EPIPE') reject(e);
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ ...parseResponses(Buffer.concat(chunks).toString('latin1')), closed });
    });
    socket.on('connect', () => socket.end(request));
  });
}

/** A well-formed GET of `path` that asks the server to close the connection after answering. */
export function get(port: number, path: string, method = 'GET'): Promise<RawResponse> {
  return rawRequest(
    port,
    `${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`,
  );
}
