// The request target of a playground request (RFC 9112 §3.2), read strictly: the path's segments
// percent-decoded one by one, and refused (400) when it could name something other than a plain
// path below the served root: malformed percent-encoding, NUL and other control characters, a
// backslash or an encoded slash inside a segment, `.` and `..` segments. Overlong targets are 414.

/** Longer request targets are answered 414 (the playground's own URLs are far shorter). */
export const MAX_TARGET_LENGTH = 2048;

export type RequestTarget =
  /** `path`: '/' + the decoded segments joined by '/'; `segments`: the decoded segments. */
  | { readonly ok: true; readonly path: string; readonly segments: readonly string[] }
  | { readonly ok: false; readonly status: 400 | 414; readonly reason: string };

const refuse = (reason: string): RequestTarget => ({ ok: false, status: 400, reason });

// Visible ASCII only: what a client may put in a request target unencoded.
const RAW_TARGET = /^[\x21-\x7e]*$/;
// Control characters (C0, DEL, C1), a slash or a backslash inside one decoded segment.
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it finds
const BAD_SEGMENT_CHAR = /[\u0000-\u001f\u007f-\u009f/\\]/;

/**
 * Reads a request target: origin-form (`/path?query`), or absolute-form (`http://host/path`, which
 * RFC 9112 §3.2.2 says a server must accept: its path is used). Anything else is refused.
 */
export function parseRequestTarget(raw: string): RequestTarget {
  if (raw.length > MAX_TARGET_LENGTH) {
    return {
      ok: false,
      status: 414,
      reason: `the request target is ${raw.length} characters long; the playground takes at most ${MAX_TARGET_LENGTH}`,
    };
  }
  if (!RAW_TARGET.test(raw)) {
    return refuse(
      'the request target has characters that must be percent-encoded (spaces, controls, non-ASCII)',
    );
  }
  let target = raw;
  if (!target.startsWith('/')) {
    if (!/^https?:\/\//i.test(target)) {
      return refuse("the request target must be a path starting with '/' (or an absolute http:// URL)");
    }
    try {
      const url = new URL(target);
      target = url.pathname + url.search;
    } catch {
      return refuse('the request target is not a valid absolute URL');
    }
  }
  if (target.includes('#')) return refuse('a request target has no fragment (#)');
  const query = target.indexOf('?');
  const rawPath = query < 0 ? target : target.slice(0, query);
  const rawSegments = rawPath.slice(1).split('/');
  const segments: string[] = [];
  for (const rawSegment of rawSegments) {
    let segment: string;
    try {
      segment = decodeURIComponent(rawSegment);
    } catch {
      return refuse(`the path segment '${rawSegment}' has malformed percent-encoding`);
    }
    if (BAD_SEGMENT_CHAR.test(segment)) {
      return refuse(
        `the path segment '${rawSegment}' decodes to a control character, a slash or a backslash`,
      );
    }
    if (segment === '.' || segment === '..') {
      return refuse(`the path has a '${segment}' segment: paths are taken as they are, never resolved`);
    }
    segments.push(segment);
  }
  return { ok: true, path: `/${segments.join('/')}`, segments };
}
