// Origins (HTML #origin), potentially trustworthy origins (Secure Contexts
// #is-origin-trustworthy) and same origin-domain. Pure: URL parsing uses the WHATWG URL parser
// captured when this module loads, never a global read later.

import {
  ArrayPrototypeEvery,
  ArrayPrototypeSlice,
  Number,
  ObjectFreeze,
  ObjectGetOwnPropertyDescriptor,
  RegExpPrototypeExec,
  SafeSet,
  String,
  StringPrototypeEndsWith,
  StringPrototypeIncludes,
  StringPrototypeSlice,
  StringPrototypeStartsWith,
  StringPrototypeToLowerCase,
  uncurryThis,
} from '../primordials.js';

const URLCtor = URL;
const URLPrototype: URL = URL.prototype;
/**
 * The native getter of a URL attribute, uncurried (captured at load; a page may redefine
 * URL.prototype later). A URL class whose attributes are not accessors on its prototype (a realm's
 * own URL class holding them as data properties) is read as it is.
 */
function urlGetter(key: string): (self: URL) => string {
  const get = ObjectGetOwnPropertyDescriptor(URLPrototype, key)?.get;
  if (typeof get === 'function') return uncurryThis(get as (this: URL) => string);
  return (self: URL) => (self as unknown as Record<string, string>)[key] as string;
}
const URLPrototypeGetHref = urlGetter('href');
const URLPrototypeGetProtocol = urlGetter('protocol');
const URLPrototypeGetPathname = urlGetter('pathname');
const URLPrototypeGetPort = urlGetter('port');
const URLPrototypeGetHostname = urlGetter('hostname');

/** The URL string of a string or a URL (a URL's href, read by the captured getter, not its toString). */
function urlText(url: string | URL): string {
  return typeof url === 'string' ? url : URLPrototypeGetHref(url);
}

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

const tupleSchemes = new SafeSet(['http:', 'https:', 'ws:', 'wss:', 'ftp:']);

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
/** The serialized absolute URL `v` names, or null when it is not a string that parses as one. */
export function absoluteURL(v: unknown): string | null {
  if (typeof v !== 'string') return null;
  try {
    return URLPrototypeGetHref(new URLCtor(v));
  } catch {
    return null;
  }
}

export function originOf(url: unknown): Origin {
  let parsed: URL;
  try {
    if (typeof url !== 'string' && !(url instanceof URLCtor)) return invalidOrigin();
    parsed = new URLCtor(urlText(url));
  } catch {
    return invalidOrigin();
  }
  const protocol = URLPrototypeGetProtocol(parsed);
  if (protocol === 'blob:') {
    try {
      const inner = new URLCtor(URLPrototypeGetPathname(parsed));
      const innerProtocol = URLPrototypeGetProtocol(inner);
      if (innerProtocol === 'http:' || innerProtocol === 'https:')
        return originOf(URLPrototypeGetHref(inner));
    } catch {
      // fall through: opaque
    }
    return opaqueOrigin(`blob:${URLPrototypeGetHref(parsed)}`, 'blob');
  }
  if (tupleSchemes.has(protocol)) {
    const portText = URLPrototypeGetPort(parsed);
    const port = portText === '' ? null : Number(portText);
    return ObjectFreeze({
      kind: 'tuple',
      scheme: StringPrototypeSlice(protocol, 0, -1),
      host: URLPrototypeGetHostname(parsed),
      port,
      domain: null,
    });
  }
  return opaqueOrigin(URLPrototypeGetHref(parsed), StringPrototypeSlice(protocol, 0, -1));
}

/**
 * A document's origin from its URL and the browser's serialization of it (`self.origin`, read at
 * load; undefined where there is none, as in Node). Where they differ the browser's wins: "null" is
 * an opaque origin — a sandboxed document served from a site's URL, a data: document — with an
 * identity of this document's own (`documentId`), never same-origin with the site nor with another
 * opaque document; an about:blank or about:srcdoc document has its creator's origin.
 */
export function documentOrigin(url: string, serialized: string | undefined, documentId: string): Origin {
  if (serialized === undefined) return originOf(url);
  if (serialized === 'null') {
    // A file: document is opaque by its URL already (the same file, the same identity, as before).
    const byUrl = originOf(url);
    if (byUrl.kind === 'opaque' && byUrl.fromScheme === 'file') return byUrl;
    return opaqueOrigin(`document:${documentId}`, null);
  }
  const origin = originOf(serialized);
  return origin.kind === 'tuple' ? origin : originOf(url);
}

/** The origin with document.domain set (HTML "domain" concept). */
export function withDomain(origin: Origin, domain: string | null): Origin {
  if (origin.kind === 'opaque') return origin;
  return ObjectFreeze({ ...origin, domain });
}

// Null prototype: a scheme such as 'constructor', or one a page added to Object.prototype, has no default port.
const defaultPorts: Readonly<Record<string, number>> = ObjectFreeze({
  __proto__: null,
  http: 80,
  https: 443,
  ws: 80,
  wss: 443,
  ftp: 21,
} as unknown as Record<string, number>);

/** ASCII serialization (HTML #ascii-serialisation-of-an-origin): "null" for opaque origins. */
export function serializeOrigin(origin: Origin): string {
  if (origin.kind === 'opaque') return 'null';
  const port = origin.port === null || origin.port === defaultPorts[origin.scheme] ? '' : `:${origin.port}`;
  const host =
    StringPrototypeIncludes(origin.host, ':') && !StringPrototypeStartsWith(origin.host, '[')
      ? `[${origin.host}]`
      : origin.host;
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

// Matched with the captured RegExp.prototype.exec, which runs the pattern itself (RegExp.prototype.test
// and String.prototype.replace look methods up on the pattern, where a page can patch them).
const ipv4Pattern = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

function isLoopbackIPv4(host: string): boolean {
  const m = RegExpPrototypeExec(ipv4Pattern, host);
  return (
    m !== null &&
    Number(m[1]) === 127 &&
    ArrayPrototypeEvery(ArrayPrototypeSlice(m, 2), (p) => Number(p) <= 255)
  );
}

function isLoopbackIPv6(host: string): boolean {
  // host without a leading '[' and a trailing ']' (what /^\[|\]$/g removed).
  let h = host;
  if (StringPrototypeStartsWith(h, '[')) h = StringPrototypeSlice(h, 1);
  if (StringPrototypeEndsWith(h, ']')) h = StringPrototypeSlice(h, 0, -1);
  h = StringPrototypeToLowerCase(h);
  return h === '::1' || h === '0:0:0:0:0:0:0:1';
}

/** Secure Contexts #is-origin-trustworthy. */
export function isPotentiallyTrustworthyOrigin(origin: Origin): boolean {
  if (origin.kind === 'opaque') return origin.fromScheme === 'file';
  if (origin.scheme === 'https' || origin.scheme === 'wss') return true;
  if (isLoopbackIPv4(origin.host) || isLoopbackIPv6(origin.host)) return true;
  const lower = StringPrototypeToLowerCase(origin.host);
  // Without one trailing dot (what /\.$/ removed).
  const host = StringPrototypeEndsWith(lower, '.') ? StringPrototypeSlice(lower, 0, -1) : lower;
  if (host === 'localhost' || StringPrototypeEndsWith(host, '.localhost')) return true;
  return false;
}

/** Secure Contexts #is-url-trustworthy: about:blank, about:srcdoc and data: count, then the origin. */
export function isPotentiallyTrustworthyURL(url: unknown): boolean {
  let parsed: URL;
  try {
    if (typeof url !== 'string' && !(url instanceof URLCtor)) return false;
    parsed = new URLCtor(urlText(url));
  } catch {
    return false;
  }
  const href = URLPrototypeGetHref(parsed);
  if (href === 'about:blank' || href === 'about:srcdoc' || URLPrototypeGetProtocol(parsed) === 'data:')
    return true;
  return isPotentiallyTrustworthyOrigin(originOf(href));
}
