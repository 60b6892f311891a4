// Origins (HTML #origin), potentially trustworthy origins (Secure Contexts
// #is-origin-trustworthy) and same origin-domain. Pure: URL parsing uses the WHATWG URL parser
// captured when this module loads, never a global read later.

import { ObjectFreeze } from '../primordials.js';

const URLCtor = URL;

export interface TupleOrigin {
  readonly kind: 'tuple';
  readonly scheme: string;
  readonly host: string;
  /** null for the scheme's default port. */
  readonly port: number | null;
  /** document.domain, when set (HTML "domain"); null otherwise. */
  readonly domain: string | null;
}

export interface OpaqueOrigin {
  readonly kind: 'opaque';
  /** Identity of this opaque origin: two opaque origins are the same only if their ids are. */
  readonly id: string;
  /** The scheme of the URL it came from (e.g. 'file', 'data'), for diagnostics and trust. */
  readonly fromScheme: string | null;
}

export type Origin = TupleOrigin | OpaqueOrigin;

const tupleSchemes = new Set(['http:', 'https:', 'ws:', 'wss:', 'ftp:']);

// Each invalid URL gets its own opaque origin: two unrelated bad URLs are never same-origin.
let invalidCounter = 0;
function invalidOrigin(): OpaqueOrigin {
  invalidCounter += 1;
  return opaqueOrigin(`invalid-url#${invalidCounter}`);
}

/** An opaque origin with a caller-chosen identity (the caller owns uniqueness; no randomness here). */
export function opaqueOrigin(id: string, fromScheme: string | null = null): OpaqueOrigin {
  return ObjectFreeze({ kind: 'opaque', id: String(id), fromScheme });
}

/**
 * The origin of a URL (URL Standard #concept-url-origin). `blob:` URLs take their inner URL's
 * origin; file: and other schemes give an opaque origin (id = the URL, so equal URLs compare equal
 * only through that id). Invalid input gives an opaque origin: never a throw, never a tuple.
 */
export function originOf(url: unknown): Origin {
  let parsed: URL;
  try {
    if (typeof url !== 'string' && !(url instanceof URLCtor)) return invalidOrigin();
    parsed = new URLCtor(String(url));
  } catch {
    return invalidOrigin();
  }
  if (parsed.protocol === 'blob:') {
    try {
      const inner = new URLCtor(parsed.pathname);
      if (inner.protocol === 'http:' || inner.protocol === 'https:') return originOf(inner.href);
    } catch {
      // fall through: opaque
    }
    return opaqueOrigin(`blob:${parsed.href}`, 'blob');
  }
  if (tupleSchemes.has(parsed.protocol)) {
    const port = parsed.port === '' ? null : Number(parsed.port);
    return ObjectFreeze({
      kind: 'tuple',
      scheme: parsed.protocol.slice(0, -1),
      host: parsed.hostname,
      port,
      domain: null,
    });
  }
  return opaqueOrigin(parsed.href, parsed.protocol.slice(0, -1));
}

/** The origin with document.domain set (HTML "domain" concept). */
export function withDomain(origin: Origin, domain: string | null): Origin {
  if (origin.kind === 'opaque') return origin;
  return ObjectFreeze({ ...origin, domain });
}

const defaultPorts: Readonly<Record<string, number>> = { http: 80, https: 443, ws: 80, wss: 443, ftp: 21 };

/** ASCII serialization (HTML #ascii-serialisation-of-an-origin): "null" for opaque origins. */
export function serializeOrigin(origin: Origin): string {
  if (origin.kind === 'opaque') return 'null';
  const port = origin.port === null || origin.port === defaultPorts[origin.scheme] ? '' : `:${origin.port}`;
  const host = origin.host.includes(':') && !origin.host.startsWith('[') ? `[${origin.host}]` : origin.host;
  return `${origin.scheme}://${host}${port}`;
}

/** HTML #same-origin. */
export function sameOrigin(a: Origin, b: Origin): boolean {
  if (a.kind === 'opaque' || b.kind === 'opaque') {
    return a.kind === 'opaque' && b.kind === 'opaque' && a.id === b.id;
  }
  const pa = a.port ?? defaultPorts[a.scheme] ?? null;
  const pb = b.port ?? defaultPorts[b.scheme] ?? null;
  return a.scheme === b.scheme && a.host === b.host && pa === pb;
}

/** HTML #same-origin-domain. */
export function sameOriginDomain(a: Origin, b: Origin): boolean {
  if (a.kind === 'opaque' || b.kind === 'opaque') return sameOrigin(a, b);
  if (a.domain !== null && b.domain !== null) return a.scheme === b.scheme && a.domain === b.domain;
  if (a.domain === null && b.domain === null) return sameOrigin(a, b);
  return false;
}

function isLoopbackIPv4(host: string): boolean {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  return m !== null && Number(m[1]) === 127 && m.slice(2).every((p) => Number(p) <= 255);
}

function isLoopbackIPv6(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === '::1' || h === '0:0:0:0:0:0:0:1';
}

/** Secure Contexts #is-origin-trustworthy. */
export function isPotentiallyTrustworthyOrigin(origin: Origin): boolean {
  if (origin.kind === 'opaque') return origin.fromScheme === 'file';
  if (origin.scheme === 'https' || origin.scheme === 'wss') return true;
  if (isLoopbackIPv4(origin.host) || isLoopbackIPv6(origin.host)) return true;
  const host = origin.host.toLowerCase().replace(/\.$/, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  return false;
}

/** Secure Contexts #is-url-trustworthy: about:blank, about:srcdoc and data: count, then the origin. */
export function isPotentiallyTrustworthyURL(url: unknown): boolean {
  let parsed: URL;
  try {
    if (typeof url !== 'string' && !(url instanceof URLCtor)) return false;
    parsed = new URLCtor(String(url));
  } catch {
    return false;
  }
  if (parsed.href === 'about:blank' || parsed.href === 'about:srcdoc' || parsed.protocol === 'data:')
    return true;
  return isPotentiallyTrustworthyOrigin(originOf(parsed.href));
}
