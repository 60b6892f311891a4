import { describe, expect, it } from 'vitest';
import {
  documentOrigin,
  isPotentiallyTrustworthyOrigin,
  isPotentiallyTrustworthyURL,
  type Origin,
  opaqueOrigin,
  originOf,
  sameOrigin,
  sameOriginDomain,
  serializeOrigin,
  type TupleOrigin,
  withDomain,
} from '../../src/policy/origin.js';

/** The origin as a tuple origin; fails the test when it is opaque. */
function asTuple(o: Origin): TupleOrigin {
  if (o.kind !== 'tuple') throw new Error(`expected a tuple origin, got ${JSON.stringify(o)}`);
  return o;
}

function tuple(
  scheme: string,
  host: string,
  port: number | null = null,
  domain: string | null = null,
): TupleOrigin {
  return { kind: 'tuple', scheme, host, port, domain };
}

describe('originOf', () => {
  it('R-EXPO-17: http and https URLs give tuple origins; path, query, fragment and credentials are dropped', () => {
    expect(originOf('https://user:pw@a.example/p?q#f')).toEqual(tuple('https', 'a.example'));
    expect(originOf('http://a.example/')).toEqual(tuple('http', 'a.example'));
  });

  it('R-EXPO-17: default ports are null, other ports are numbers', () => {
    expect(asTuple(originOf('http://a.example:80')).port).toBeNull();
    expect(asTuple(originOf('https://a.example:443')).port).toBeNull();
    expect(asTuple(originOf('https://a.example:8443')).port).toBe(8443);
    expect(asTuple(originOf('http://a.example:443')).port).toBe(443);
    expect(asTuple(originOf('https://a.example:80')).port).toBe(80);
    expect(asTuple(originOf('http://a.example:0')).port).toBe(0);
  });

  it('R-EXPO-17: hosts are canonical: lower case, punycode, IPv4 numbers normalized', () => {
    expect(asTuple(originOf('HTTPS://A.Example')).host).toBe('a.example');
    expect(asTuple(originOf('https://bücher.example')).host).toBe('xn--bcher-kva.example');
    expect(asTuple(originOf('http://127.1/')).host).toBe('127.0.0.1');
    expect(asTuple(originOf('http://0x7f.1/')).host).toBe('127.0.0.1');
  });

  it('R-EXPO-17: IPv6 hosts keep their brackets and are compressed', () => {
    expect(originOf('http://[::1]:8080/')).toEqual(tuple('http', '[::1]', 8080));
    expect(asTuple(originOf('https://[0:0:0:0:0:0:0:1]/')).host).toBe('[::1]');
  });

  it('R-EXPO-17: ws, wss and ftp URLs give tuple origins with their default ports null', () => {
    expect(originOf('ws://a.example:80')).toEqual(tuple('ws', 'a.example'));
    expect(originOf('wss://a.example:443')).toEqual(tuple('wss', 'a.example'));
    expect(originOf('ftp://a.example:21')).toEqual(tuple('ftp', 'a.example'));
  });

  it('R-EXPO-17: blob: URLs take the origin of their http(s) inner URL; other blob: URLs are opaque', () => {
    expect(originOf('blob:https://a.example:8443/uuid#frag')).toEqual(tuple('https', 'a.example', 8443));
    const opaque = originOf('blob:null/uuid');
    expect(opaque.kind).toBe('opaque');
    expect(opaque.kind === 'opaque' && opaque.fromScheme).toBe('blob');
    expect(originOf('blob:ws://a.example/x').kind).toBe('opaque');
  });

  it('R-EXPO-17: file:, data:, about: and javascript: URLs give opaque origins that remember their scheme', () => {
    for (const [url, scheme] of [
      ['file:///tmp/x', 'file'],
      ['data:text/html,x', 'data'],
      ['about:blank', 'about'],
      ['javascript:void(0)', 'javascript'],
    ] as const) {
      const o = originOf(url);
      expect(o.kind).toBe('opaque');
      expect(o.kind === 'opaque' && o.fromScheme).toBe(scheme);
      expect(Object.isFrozen(o)).toBe(true);
    }
  });

  it('R-EXPO-17: a URL object is accepted', () => {
    expect(originOf(new URL('https://a.example:8443/p'))).toEqual(tuple('https', 'a.example', 8443));
  });

  it('R-EXPO-17: invalid input gives an opaque origin, never a throw and never a tuple', () => {
    const hostile = [
      'not a url',
      '',
      '/relative',
      'http://',
      'https://a b.example',
      42,
      null,
      undefined,
      {},
      Symbol('x'),
      { toString: () => 'https://a.example' },
      new Proxy(new URL('https://a.example'), {}),
      () => 'https://a.example',
    ];
    for (const v of hostile) {
      const o = originOf(v);
      expect(o.kind).toBe('opaque');
      expect(serializeOrigin(o)).toBe('null');
    }
  });

  it('R-EXPO-17: tuple origins are frozen', () => {
    expect(Object.isFrozen(originOf('https://a.example'))).toBe(true);
  });

  it('R-EXPO-17, R-TRUST-01: two different invalid URLs are not same origin', () => {
    expect(sameOrigin(originOf('not a url'), originOf('%%%'))).toBe(false);
  });
});

describe('documentOrigin', () => {
  it("the browser's serialization wins over the URL's origin: 'null' is opaque, about:srcdoc is its creator's", () => {
    // Without a serialization (Node): the URL's origin.
    expect(documentOrigin('https://a.example/x', undefined, 'd1')).toEqual(originOf('https://a.example/'));
    // A sandboxed document at the site's URL: opaque, of this document only.
    const sandboxed = documentOrigin('https://a.example/x', 'null', 'd1');
    expect(sandboxed.kind).toBe('opaque');
    expect(sameOrigin(sandboxed, originOf('https://a.example/'))).toBe(false);
    expect(sameOrigin(sandboxed, documentOrigin('https://b.example/', 'null', 'd2'))).toBe(false);
    expect(sameOrigin(sandboxed, documentOrigin('https://a.example/x', 'null', 'd1'))).toBe(true);
    // about:srcdoc and about:blank: the creator's origin.
    expect(documentOrigin('about:srcdoc', 'https://a.example:8443', 'd3')).toEqual(
      originOf('https://a.example:8443/'),
    );
    // A local file: opaque by its URL, as before (the same file, the same identity).
    expect(documentOrigin('file:///tmp/a.html', 'null', 'd5')).toEqual(originOf('file:///tmp/a.html'));
    // A serialization that is not a tuple origin: the URL's.
    expect(documentOrigin('https://a.example/', 'bogus', 'd4')).toEqual(originOf('https://a.example/'));
  });
});

describe('serializeOrigin', () => {
  it('R-EXPO-17: scheme://host, with the port only when it is not the default', () => {
    expect(serializeOrigin(originOf('https://a.example/x'))).toBe('https://a.example');
    expect(serializeOrigin(originOf('https://a.example:8443'))).toBe('https://a.example:8443');
    expect(serializeOrigin(tuple('https', 'a.example', 443))).toBe('https://a.example');
    expect(serializeOrigin(tuple('http', 'a.example', 443))).toBe('http://a.example:443');
    expect(serializeOrigin(tuple('ws', 'a.example', 80))).toBe('ws://a.example');
  });

  it('R-EXPO-17: IPv6 hosts are bracketed exactly once', () => {
    expect(serializeOrigin(originOf('http://[::1]:8080'))).toBe('http://[::1]:8080');
    expect(serializeOrigin(tuple('http', '::1'))).toBe('http://[::1]');
  });

  it('R-EXPO-17: opaque origins serialize as "null", and the domain is never part of it', () => {
    expect(serializeOrigin(opaqueOrigin('x'))).toBe('null');
    expect(serializeOrigin(originOf('data:,x'))).toBe('null');
    expect(serializeOrigin(withDomain(originOf('https://a.b.example'), 'b.example'))).toBe(
      'https://a.b.example',
    );
  });
});

describe('sameOrigin', () => {
  const a = originOf('https://a.example');

  it('R-TRUST-01: equal scheme, host and port (default port null or explicit) are same origin', () => {
    expect(sameOrigin(a, originOf('https://a.example:443/other'))).toBe(true);
    expect(sameOrigin(a, tuple('https', 'a.example', 443))).toBe(true);
    expect(sameOrigin(tuple('http', 'a.example', 80), tuple('http', 'a.example'))).toBe(true);
  });

  it('R-TRUST-01: a different scheme, host or port is cross-origin', () => {
    expect(sameOrigin(a, originOf('http://a.example'))).toBe(false);
    expect(sameOrigin(a, originOf('https://b.example'))).toBe(false);
    expect(sameOrigin(a, originOf('https://a.example:8443'))).toBe(false);
    expect(sameOrigin(a, originOf('https://sub.a.example'))).toBe(false);
    expect(sameOrigin(originOf('http://a.example'), originOf('ws://a.example'))).toBe(false);
  });

  it('R-TRUST-01: opaque origins are same origin only with the same identity, never with a tuple', () => {
    const o = opaqueOrigin('sandbox-1');
    expect(sameOrigin(o, o)).toBe(true);
    expect(sameOrigin(o, opaqueOrigin('sandbox-1'))).toBe(true);
    expect(sameOrigin(o, opaqueOrigin('sandbox-2'))).toBe(false);
    expect(sameOrigin(o, a)).toBe(false);
    expect(sameOrigin(a, o)).toBe(false);
  });

  it('R-TRUST-01: the domain does not affect same origin', () => {
    expect(sameOrigin(withDomain(a, 'example'), a)).toBe(true);
  });
});

describe('sameOriginDomain and withDomain', () => {
  const ab = originOf('https://a.b.example');
  const cb = originOf('https://c.b.example:8443');

  it('R-TRUST-01: without document.domain it is same origin', () => {
    expect(sameOriginDomain(ab, originOf('https://a.b.example/x'))).toBe(true);
    expect(sameOriginDomain(ab, cb)).toBe(false);
  });

  it('R-TRUST-01: with both domains set and equal, same scheme is enough (ports and hosts may differ)', () => {
    expect(sameOriginDomain(withDomain(ab, 'b.example'), withDomain(cb, 'b.example'))).toBe(true);
    expect(sameOriginDomain(withDomain(ab, 'b.example'), withDomain(cb, 'c.b.example'))).toBe(false);
    const httpAb = withDomain(originOf('http://a.b.example'), 'b.example');
    expect(sameOriginDomain(withDomain(ab, 'b.example'), httpAb)).toBe(false);
  });

  it('R-TRUST-01: one domain set and the other not is never same origin-domain, even for the same origin', () => {
    expect(sameOriginDomain(withDomain(ab, 'b.example'), ab)).toBe(false);
    expect(sameOriginDomain(ab, withDomain(ab, 'b.example'))).toBe(false);
  });

  it('R-TRUST-01: opaque origins: same origin-domain only with themselves; withDomain leaves them alone', () => {
    const o = opaqueOrigin('x');
    expect(withDomain(o, 'b.example')).toBe(o);
    expect(sameOriginDomain(o, o)).toBe(true);
    expect(sameOriginDomain(o, ab)).toBe(false);
  });

  it('R-TRUST-01: withDomain gives a new frozen origin and can clear the domain', () => {
    const d = withDomain(ab, 'b.example');
    expect(d).not.toBe(ab);
    expect(Object.isFrozen(d)).toBe(true);
    expect(d.kind === 'tuple' && d.domain).toBe('b.example');
    expect(withDomain(d, null)).toEqual(ab);
  });
});

describe('isPotentiallyTrustworthyOrigin', () => {
  const trusted: [string, Origin][] = [
    ['https', originOf('https://a.example')],
    ['wss', originOf('wss://a.example')],
    ['localhost', originOf('http://localhost:8080')],
    ['localhost.', originOf('http://localhost./')],
    ['*.localhost', originOf('http://app.localhost')],
    ['LOCALHOST written by hand', tuple('http', 'LOCALHOST')],
    ['127.0.0.1', originOf('http://127.0.0.1:3000')],
    ['127.255.255.254 (127.0.0.0/8)', originOf('http://127.255.255.254')],
    ['127.1 (normalized)', originOf('http://127.1')],
    ['[::1]', originOf('http://[::1]:8080')],
    ['::1 written without brackets', tuple('http', '::1')],
    ['0:0:0:0:0:0:0:1 written by hand', tuple('http', '0:0:0:0:0:0:0:1')],
    ['file: (opaque from file)', originOf('file:///tmp/index.html')],
    ['ws://localhost', originOf('ws://localhost')],
  ];
  for (const [label, origin] of trusted) {
    it(`R-EXPO-01, R-EXPO-05: ${label} is potentially trustworthy`, () => {
      expect(isPotentiallyTrustworthyOrigin(origin)).toBe(true);
    });
  }

  const untrusted: [string, Origin][] = [
    ['http non-local', originOf('http://a.example')],
    ['ws non-local', originOf('ws://a.example')],
    ['ftp', originOf('ftp://a.example')],
    ['128.0.0.1', originOf('http://128.0.0.1')],
    ['10.0.0.1', originOf('http://10.0.0.1')],
    ['127.0.0.256 written by hand', tuple('http', '127.0.0.256')],
    ['localhost.example', originOf('http://localhost.example')],
    ['notlocalhost', originOf('http://notlocalhost')],
    ['[::2]', originOf('http://[::2]')],
    ['IPv4-mapped ::ffff:127.0.0.1', originOf('http://[::ffff:127.0.0.1]')],
    ['data: (opaque)', originOf('data:,x')],
    ['blob: with opaque inner URL', originOf('blob:null/uuid')],
    ['a caller-made opaque origin', opaqueOrigin('sandbox')],
    ['an invalid URL', originOf('not a url')],
  ];
  for (const [label, origin] of untrusted) {
    it(`R-EXPO-01, R-EXPO-05, R-NAV-07: ${label} is not potentially trustworthy`, () => {
      expect(isPotentiallyTrustworthyOrigin(origin)).toBe(false);
    });
  }
});

describe('isPotentiallyTrustworthyURL', () => {
  it('R-EXPO-01, R-EXPO-05: about:blank, about:srcdoc and data: URLs are potentially trustworthy', () => {
    expect(isPotentiallyTrustworthyURL('about:blank')).toBe(true);
    expect(isPotentiallyTrustworthyURL('about:srcdoc')).toBe(true);
    expect(isPotentiallyTrustworthyURL('data:text/html,<p>x')).toBe(true);
  });

  it('R-EXPO-01, R-EXPO-05: other URLs follow their origin (https, localhost, file, blob of https)', () => {
    expect(isPotentiallyTrustworthyURL('https://a.example/x')).toBe(true);
    expect(isPotentiallyTrustworthyURL('http://localhost:3000/')).toBe(true);
    expect(isPotentiallyTrustworthyURL('http://127.0.0.1/')).toBe(true);
    expect(isPotentiallyTrustworthyURL('file:///tmp/x.html')).toBe(true);
    expect(isPotentiallyTrustworthyURL('blob:https://a.example/uuid')).toBe(true);
    expect(isPotentiallyTrustworthyURL(new URL('https://a.example'))).toBe(true);
  });

  it('R-EXPO-01, R-NAV-07: http non-local, other about: URLs and javascript: are not trustworthy', () => {
    expect(isPotentiallyTrustworthyURL('http://a.example/')).toBe(false);
    expect(isPotentiallyTrustworthyURL('blob:http://a.example/uuid')).toBe(false);
    expect(isPotentiallyTrustworthyURL('about:config')).toBe(false);
    expect(isPotentiallyTrustworthyURL('javascript:alert(1)')).toBe(false);
  });

  it('R-EXPO-01, R-EXPO-17: invalid input is not trustworthy and never throws', () => {
    for (const v of [
      'not a url',
      '',
      42,
      null,
      undefined,
      {},
      Symbol('x'),
      { toString: () => 'about:blank' },
    ]) {
      expect(isPotentiallyTrustworthyURL(v)).toBe(false);
    }
  });

  it('R-EXPO-01: new URL("about:blank") is trustworthy like "about:blank"', () => {
    expect(isPotentiallyTrustworthyURL(new URL('about:blank'))).toBe(true);
  });

  it('R-EXPO-01: "ABOUT:blank" (the scheme is case-insensitive) and new URL("data:,x") are trustworthy', () => {
    expect(isPotentiallyTrustworthyURL('ABOUT:blank')).toBe(true);
    expect(isPotentiallyTrustworthyURL('about:BLANK')).toBe(false);
    expect(isPotentiallyTrustworthyURL(new URL('data:,x'))).toBe(true);
  });
});

describe('opaqueOrigin', () => {
  it('R-EXPO-17: opaque origins carry a caller-chosen identity and scheme, and are frozen', () => {
    const o = opaqueOrigin('id-1', 'https');
    expect(o).toEqual({ kind: 'opaque', id: 'id-1', fromScheme: 'https' });
    expect(Object.isFrozen(o)).toBe(true);
    expect(opaqueOrigin('id-2').fromScheme).toBeNull();
  });
});
