import { describe, expect, it } from 'vitest';
import { type Origin, opaqueOrigin, originOf, serializeOrigin } from '../../src/policy/origin.js';
import {
  type Allowlist,
  allowAll,
  allowlistMatches,
  checkFeaturePolicy,
  defaultAllowlists,
  explainFeaturePolicy,
  type FrameFacts,
  isFeatureEnabled,
  isPolicyFeature,
  maxFrameDepth,
  maxPolicyTextLength,
  type PolicyFeature,
  parseAllowAttribute,
  parseFeaturePolicyHeader,
  parsePermissionsPolicyHeader,
  policyFeatures,
  xrPolicyFacts,
  xrSensorFeatures,
} from '../../src/policy/permissions-policy.js';

const XR = 'xr-spatial-tracking';
const A = originOf('https://a.example');
const B = originOf('https://b.example');
const C = originOf('https://c.example');

function top(extra: Partial<FrameFacts> = {}): FrameFacts {
  return { origin: A, ...extra };
}

function iframe(parent: FrameFacts, origin: Origin, extra: Partial<FrameFacts> = {}): FrameFacts {
  return { origin, parent, ...extra };
}

const names = (list: Allowlist | undefined) => list?.origins.map(serializeOrigin);

describe('feature registry', () => {
  it("R-POLICY-01, R-POLICY-02: xr-spatial-tracking is a policy-controlled feature with default allowlist 'self'", () => {
    expect(policyFeatures).toContain(XR);
    expect(defaultAllowlists[XR]).toBe('self');
    expect(Object.isFrozen(policyFeatures)).toBe(true);
  });

  it("R-POLICY-11, AMB-24: the sensor and media features are registered, all with default allowlist 'self'", () => {
    for (const f of ['accelerometer', 'gyroscope', 'magnetometer', 'camera', 'microphone'] as const) {
      expect(isPolicyFeature(f)).toBe(true);
      expect(defaultAllowlists[f]).toBe('self');
    }
    expect(xrSensorFeatures).toEqual(['accelerometer', 'gyroscope', 'magnetometer']);
  });

  it('R-POLICY-01: unknown names, prototype keys and non-strings are not features', () => {
    for (const v of [
      'geolocation',
      '__proto__',
      'constructor',
      'toString',
      'XR-SPATIAL-TRACKING',
      '',
      42,
      null,
      {},
    ]) {
      expect(isPolicyFeature(v)).toBe(false);
    }
  });
});

describe('parsePermissionsPolicyHeader (structured-field dictionary)', () => {
  it('R-POLICY-02: () is an empty allowlist, * is all, self is the document origin', () => {
    const { declared, diagnostics } = parsePermissionsPolicyHeader(
      'xr-spatial-tracking=(), camera=*, microphone=self',
    );
    expect(diagnostics).toEqual([]);
    expect(declared[XR]).toEqual({ all: false, self: false, origins: [] });
    expect(declared.camera).toBe(allowAll);
    expect(declared.microphone).toEqual({ all: false, self: true, origins: [] });
    expect(Object.isFrozen(declared)).toBe(true);
    expect(Object.getPrototypeOf(declared)).toBeNull();
  });

  it('R-POLICY-02: an inner list of self and origin Strings', () => {
    const { declared } = parsePermissionsPolicyHeader(
      'xr-spatial-tracking=(self "https://b.example" "https://c.example:8443/" "https://b.example")',
    );
    expect(declared[XR]?.self).toBe(true);
    expect(names(declared[XR])).toEqual(['https://b.example', 'https://c.example:8443']);
  });

  it('R-POLICY-02: * inside an inner list makes the allowlist *', () => {
    expect(parsePermissionsPolicyHeader('xr-spatial-tracking=(self *)').declared[XR]).toBe(allowAll);
  });

  it('R-POLICY-02: a bare String member is a one-origin allowlist', () => {
    expect(
      names(parsePermissionsPolicyHeader('xr-spatial-tracking="https://b.example"').declared[XR]),
    ).toEqual(['https://b.example']);
  });

  it('R-POLICY-02: invalid origin Strings are reported and dropped, which only narrows the allowlist', () => {
    const { declared, diagnostics } = parsePermissionsPolicyHeader(
      'xr-spatial-tracking=("https://*.b.example" "not a url" "https://b.example/path" "data:,x" "https://user@b.example"), gyroscope="nope"',
    );
    expect(declared[XR]).toEqual({ all: false, self: false, origins: [] });
    expect(declared.gyroscope).toEqual({ all: false, self: false, origins: [] });
    expect(diagnostics.join('\n')).toMatch(/wildcard/);
    expect(diagnostics.join('\n')).toMatch(/not a serialized origin/);
    expect(diagnostics).toHaveLength(6);
  });

  it('R-POLICY-02: a String that looks like an origin but is no tuple origin is dropped', () => {
    const { declared, diagnostics } = parsePermissionsPolicyHeader('xr-spatial-tracking=("foo://b.example")');
    expect(declared[XR]?.origins).toEqual([]);
    expect(diagnostics[0]).toMatch(/not a valid tuple origin/);
  });

  it('R-POLICY-02: other item types in an inner list are ignored, the member is kept', () => {
    const { declared, diagnostics } = parsePermissionsPolicyHeader(
      'xr-spatial-tracking=(self 1 ?1 none :AA==:)',
    );
    expect(declared[XR]).toEqual({ all: false, self: true, origins: [] });
    expect(diagnostics).toHaveLength(4);
  });

  it('R-POLICY-02: a member whose value is no allowlist (token none, a number, a bare key) is ignored', () => {
    const { declared, diagnostics } = parsePermissionsPolicyHeader(
      'xr-spatial-tracking=none, camera=1, microphone, gyroscope=?0, magnetometer=:AA==:',
    );
    expect(Object.keys(declared)).toEqual([]);
    expect(diagnostics[0]).toMatch(/write \(\) to allow no origin/);
    expect(diagnostics).toHaveLength(5);
  });

  it('R-POLICY-01: unknown features are kept in diagnostics and ignored for decisions', () => {
    const { declared, diagnostics } = parsePermissionsPolicyHeader(
      'geolocation=(), xr-spatial-tracking=self',
    );
    expect(Object.keys(declared)).toEqual([XR]);
    expect(diagnostics).toEqual(['Permissions-Policy: unknown feature "geolocation" ignored']);
  });

  it('R-POLICY-02: parameters (report-to) are ignored', () => {
    const { declared } = parsePermissionsPolicyHeader('xr-spatial-tracking=();report-to="ep"');
    expect(declared[XR]).toEqual({ all: false, self: false, origins: [] });
  });

  it('R-POLICY-02: multiple header lines are combined with ", " (string[])', () => {
    const { declared } = parsePermissionsPolicyHeader(['xr-spatial-tracking=self', 'camera=()']);
    expect(declared[XR]?.self).toBe(true);
    expect(declared.camera?.self).toBe(false);
  });

  it('R-POLICY-02: a repeated key keeps the last value (structured-field dictionaries)', () => {
    expect(
      parsePermissionsPolicyHeader('xr-spatial-tracking=*, xr-spatial-tracking=()').declared[XR],
    ).toEqual({
      all: false,
      self: false,
      origins: [],
    });
  });

  it('R-POLICY-02: a malformed header (xr-spatial-tracking=( ) is ignored whole, with a diagnostic', () => {
    const { declared, diagnostics } = parsePermissionsPolicyHeader('camera=(), xr-spatial-tracking=(');
    expect(Object.keys(declared)).toEqual([]);
    expect(diagnostics[0]).toMatch(/not a structured-field dictionary.*the whole header is ignored/);
  });

  it('R-POLICY-02: binary garbage, uppercase keys, __proto__ and non-ASCII strings are malformed headers', () => {
    for (const s of [
      '\u0000\u0001\uffff\ud800',
      'XR-SPATIAL-TRACKING=()',
      '__proto__=*',
      'camera=("é")',
      'a=*,',
    ]) {
      const r = parsePermissionsPolicyHeader(s);
      expect(Object.keys(r.declared)).toEqual([]);
      expect(r.diagnostics).toHaveLength(1);
    }
  });

  it('R-POLICY-02: an empty header declares nothing', () => {
    expect(parsePermissionsPolicyHeader('')).toEqual({ declared: {}, diagnostics: [] });
    expect(parsePermissionsPolicyHeader(undefined)).toEqual({ declared: {}, diagnostics: [] });
    expect(parsePermissionsPolicyHeader(null)).toEqual({ declared: {}, diagnostics: [] });
  });

  it('R-POLICY-02: a 10^5-character garbage header is ignored; a 10^5-character valid one is parsed', () => {
    const garbage = parsePermissionsPolicyHeader('('.repeat(100_000));
    expect(Object.keys(garbage.declared)).toEqual([]);
    expect(garbage.diagnostics).toHaveLength(1);
    const origins = Array.from({ length: 4000 }, (_, i) => `"https://h${i}.example"`).join(' ');
    const valid = parsePermissionsPolicyHeader(`xr-spatial-tracking=(${origins})`);
    expect(valid.declared[XR]?.origins).toHaveLength(1024);
    expect(valid.diagnostics.length).toBeLessThanOrEqual(65);
    expect(valid.diagnostics.at(-1)).toMatch(/more diagnostics omitted/);
  });

  it('R-POLICY-02: text over the length limit is ignored whole', () => {
    const r = parsePermissionsPolicyHeader(`xr-spatial-tracking=()${' '.repeat(maxPolicyTextLength)}`);
    expect(Object.keys(r.declared)).toEqual([]);
    expect(r.diagnostics[0]).toMatch(/longer than/);
  });

  it('R-POLICY-02: wrong types never throw: numbers, objects, arrays with non-strings, throwing proxies', () => {
    const throwing = new Proxy([], {
      get() {
        throw new Error('boom');
      },
    });
    const revocable = Proxy.revocable([], {});
    revocable.revoke();
    const lineThrows = new Proxy(['camera=()'], {
      get(t, k) {
        if (k === '0') throw new Error('boom');
        return Reflect.get(t, k);
      },
    });
    for (const v of [
      42,
      {},
      Symbol('x'),
      ['camera=()', 5],
      throwing,
      revocable.proxy,
      lineThrows,
      { length: 1e9 },
      Object.assign([], { length: 2000 }),
      () => 'camera=()',
    ]) {
      const r = parsePermissionsPolicyHeader(v);
      expect(Object.keys(r.declared)).toEqual([]);
      expect(r.diagnostics).toHaveLength(1);
    }
  });
});

describe('parseFeaturePolicyHeader (legacy Feature-Policy)', () => {
  it("R-POLICY-02: 'none', 'self', * and origins", () => {
    const { declared, diagnostics } = parseFeaturePolicyHeader(
      "xr-spatial-tracking 'none'; camera 'SELF' https://b.example; microphone *; gyroscope https://c.example 'self'",
    );
    expect(diagnostics).toEqual([]);
    expect(declared[XR]).toEqual({ all: false, self: false, origins: [] });
    expect(declared.camera?.self).toBe(true);
    expect(names(declared.camera)).toEqual(['https://b.example']);
    expect(declared.microphone).toBe(allowAll);
    expect(declared.gyroscope?.self).toBe(true);
  });

  it("R-POLICY-02: a feature with no allowlist allows nothing in a header (and says so); 'src' is meaningless", () => {
    const { declared, diagnostics } = parseFeaturePolicyHeader("xr-spatial-tracking; camera 'src'");
    expect(declared[XR]).toEqual({ all: false, self: false, origins: [] });
    expect(declared.camera).toEqual({ all: false, self: false, origins: [] });
    expect(diagnostics).toHaveLength(2);
  });

  it('R-POLICY-02: commas separate declarations like semicolons (repeated header lines); the last one wins', () => {
    const { declared, diagnostics } = parseFeaturePolicyHeader([
      "xr-spatial-tracking 'self'",
      'xr-spatial-tracking *',
    ]);
    expect(declared[XR]).toBe(allowAll);
    expect(diagnostics[0]).toMatch(/declared more than once/);
  });

  it("R-POLICY-01: unknown features, '__proto__', bad origins and 'none' beside origins are reported", () => {
    const { declared, diagnostics } = parseFeaturePolicyHeader(
      "__proto__ *; constructor *; xr-spatial-tracking 'none' https://b.example not-a-url https://*.c.example about:blank",
    );
    expect(Object.keys(declared)).toEqual([XR]);
    expect(names(declared[XR])).toEqual(['https://b.example']);
    expect(Object.getPrototypeOf(declared)).toBeNull();
    expect(diagnostics).toHaveLength(6);
  });

  it('R-POLICY-02: garbage, empty declarations and wrong types give an empty policy, never a throw', () => {
    expect(parseFeaturePolicyHeader(';;; ;').declared).toEqual({});
    expect(parseFeaturePolicyHeader('\u0000\u0001 \ud800').declared).toEqual({});
    expect(parseFeaturePolicyHeader(7).diagnostics).toHaveLength(1);
    expect(parseFeaturePolicyHeader('x'.repeat(maxPolicyTextLength + 1)).diagnostics[0]).toMatch(/longer/);
  });
});

describe('parseAllowAttribute (iframe allow = container policy)', () => {
  const ctx = { containerOrigin: A, srcOrigin: B };

  it("R-POLICY-02: a feature with no allowlist means 'src' (the iframe src origin)", () => {
    expect(names(parseAllowAttribute('xr-spatial-tracking', ctx).declared[XR])).toEqual([
      'https://b.example',
    ]);
  });

  it("R-POLICY-02: 'self' is the container document's origin, 'src' the src origin, both concrete", () => {
    const { declared } = parseAllowAttribute("xr-spatial-tracking 'self' 'src'; camera 'SRC'", ctx);
    expect(declared[XR]?.self).toBe(false);
    expect(names(declared[XR])).toEqual(['https://a.example', 'https://b.example']);
    expect(names(declared.camera)).toEqual(['https://b.example']);
  });

  it("R-POLICY-02: 'none' allows nothing, * allows all, origins are URL-parsed (a path is dropped)", () => {
    const { declared } = parseAllowAttribute(
      "xr-spatial-tracking 'none'; camera *; microphone https://c.example/x?y",
      ctx,
    );
    expect(declared[XR]).toEqual({ all: false, self: false, origins: [] });
    expect(declared.camera).toBe(allowAll);
    expect(names(declared.microphone)).toEqual(['https://c.example']);
  });

  it('R-POLICY-02: an opaque src origin (sandboxed iframe) is kept for src', () => {
    const sandboxed = opaqueOrigin('sandbox-1');
    expect(
      parseAllowAttribute(XR, { containerOrigin: A, srcOrigin: sandboxed }).declared[XR]?.origins,
    ).toEqual([sandboxed]);
  });

  it('R-POLICY-02: absent, empty, non-string and over-long attributes give an empty container policy', () => {
    expect(parseAllowAttribute(undefined, ctx)).toEqual({ declared: {}, diagnostics: [] });
    expect(parseAllowAttribute('', ctx).declared).toEqual({});
    expect(parseAllowAttribute({ toString: () => XR }, ctx).diagnostics[0]).toMatch(/not a string/);
    expect(parseAllowAttribute(`${XR};${' '.repeat(maxPolicyTextLength)}`, ctx).diagnostics[0]).toMatch(
      /longer/,
    );
  });

  it('R-POLICY-02: more than 1024 origins in one allowlist: the rest are ignored (which only refuses more)', () => {
    const many = Array.from({ length: 1100 }, (_, i) => `https://h${i}.example`).join(' ');
    const r = parseAllowAttribute(`xr-spatial-tracking ${many}`, ctx);
    expect(r.declared[XR]?.origins).toHaveLength(1024);
    expect(r.diagnostics[0]).toMatch(/more than 1024 origins/);
  });

  it('R-POLICY-02: a context that is not {containerOrigin, srcOrigin} is a TypeError', () => {
    const bad: unknown[] = [
      undefined,
      null,
      {},
      { containerOrigin: A },
      { containerOrigin: 'https://a.example', srcOrigin: B },
      {
        get containerOrigin() {
          throw new Error('boom');
        },
        srcOrigin: B,
      },
    ];
    for (const c of bad) {
      expect(() => parseAllowAttribute(XR, c as never)).toThrow(TypeError);
    }
  });
});

describe('allowlistMatches', () => {
  it('R-POLICY-02: self needs a self origin; listed origins match by same origin; * matches opaque origins', () => {
    const selfOnly: Allowlist = { all: false, self: true, origins: [] };
    expect(allowlistMatches(selfOnly, A, A)).toBe(true);
    expect(allowlistMatches(selfOnly, A, null)).toBe(false);
    expect(allowlistMatches(selfOnly, B, A)).toBe(false);
    expect(
      allowlistMatches({ all: false, self: false, origins: [B] }, originOf('https://b.example:443/'), null),
    ).toBe(true);
    expect(allowlistMatches(allowAll, opaqueOrigin('x'), null)).toBe(true);
  });
});

describe('isFeatureEnabled / checkFeaturePolicy through frames', () => {
  it('R-POLICY-02: the top-level document is allowed', () => {
    expect(isFeatureEnabled(XR, top())).toBe(true);
    const d = checkFeaturePolicy(XR, top());
    expect(d.allowed).toBe(true);
    expect(d.requirement).toBe('R-POLICY-02');
    expect(d.reason).toMatch(/top-level/);
  });

  it('R-POLICY-02: a same-origin iframe without allow is allowed', () => {
    expect(isFeatureEnabled(XR, iframe(top(), A))).toBe(true);
    expect(checkFeaturePolicy(XR, iframe(top(), A)).reason).toMatch(/same-origin iframe/);
  });

  it('R-POLICY-02: a cross-origin iframe without allow is blocked, with a SecurityError naming feature, origin and fix', () => {
    const frame = iframe(top(), B);
    expect(isFeatureEnabled(XR, frame)).toBe(false);
    const d = checkFeaturePolicy(XR, frame);
    expect(d.allowed).toBe(false);
    expect(d.requirement).toBe('R-POLICY-02');
    expect(d.error?.name).toBe('SecurityError');
    expect(d.error?.message).toContain('"xr-spatial-tracking"');
    expect(d.error?.message).toContain('https://b.example');
    expect(d.error?.message).toContain('add allow="xr-spatial-tracking" to the iframe'.replace('add', 'Add'));
    expect(d.error?.message).toContain('[R-POLICY-02]');
  });

  it('R-POLICY-02: a cross-origin iframe with allow="xr-spatial-tracking" is allowed', () => {
    const frame = iframe(top(), B, { allow: XR });
    expect(isFeatureEnabled(XR, frame)).toBe(true);
    expect(checkFeaturePolicy(XR, frame).reason).toMatch(/allow attribute delegates/);
  });

  it('R-POLICY-02: allow="xr-spatial-tracking \'none\'" blocks even a same-origin iframe', () => {
    for (const origin of [A, B]) {
      const d = checkFeaturePolicy(XR, iframe(top(), origin, { allow: "xr-spatial-tracking 'none'" }));
      expect(d.allowed).toBe(false);
      expect(d.error?.message).toMatch(/allow attribute of the iframe/);
    }
  });

  it('R-POLICY-02: an allow attribute with an explicit origin list: matching allowed, not matching blocked', () => {
    expect(isFeatureEnabled(XR, iframe(top(), B, { allow: 'xr-spatial-tracking https://b.example' }))).toBe(
      true,
    );
    expect(isFeatureEnabled(XR, iframe(top(), B, { allow: 'xr-spatial-tracking https://c.example' }))).toBe(
      false,
    );
    expect(isFeatureEnabled(XR, iframe(top(), B, { allow: "xr-spatial-tracking 'self'" }))).toBe(false);
    expect(isFeatureEnabled(XR, iframe(top(), B, { allow: 'xr-spatial-tracking *' }))).toBe(true);
  });

  it("R-POLICY-02: 'src' is the src origin, so a redirect to another origin is blocked", () => {
    expect(isFeatureEnabled(XR, iframe(top(), C, { allow: XR, srcOrigin: B }))).toBe(false);
    expect(isFeatureEnabled(XR, iframe(top(), B, { allow: XR, srcOrigin: B }))).toBe(true);
  });

  it('R-POLICY-02: an allow attribute for another feature does not delegate xr-spatial-tracking', () => {
    expect(isFeatureEnabled(XR, iframe(top(), B, { allow: 'camera; fullscreen' }))).toBe(false);
    expect(isFeatureEnabled('camera', iframe(top(), B, { allow: 'camera; fullscreen' }))).toBe(true);
  });

  it('R-POLICY-02: Permissions-Policy: xr-spatial-tracking=() blocks the document and all its frames', () => {
    const t = top({ permissionsPolicyHeader: 'xr-spatial-tracking=()' });
    expect(isFeatureEnabled(XR, t)).toBe(false);
    const d = checkFeaturePolicy(XR, t);
    expect(d.error?.message).toMatch(/Permissions-Policy header of https:\/\/a\.example disables it/);
    expect(isFeatureEnabled(XR, iframe(t, A))).toBe(false);
    expect(isFeatureEnabled(XR, iframe(t, B, { allow: XR }))).toBe(false);
    expect(isFeatureEnabled(XR, iframe(t, B, { allow: 'xr-spatial-tracking *' }))).toBe(false);
    const e = explainFeaturePolicy(XR, iframe(iframe(t, A), A));
    expect(e.blockedAt).toBe(0);
    expect(e.cause).toBe('own-header');
    expect(e.frames.map((f) => f.cause)).toEqual(['own-header', 'ancestor', 'ancestor']);
  });

  it("R-POLICY-02: xr-spatial-tracking=* allows the document, but a cross-origin iframe still needs allow (default 'self' container rule)", () => {
    const t = top({ permissionsPolicyHeader: 'xr-spatial-tracking=*' });
    expect(isFeatureEnabled(XR, t)).toBe(true);
    expect(isFeatureEnabled(XR, iframe(t, B))).toBe(false);
    expect(isFeatureEnabled(XR, iframe(t, B, { allow: XR }))).toBe(true);
    expect(isFeatureEnabled(XR, iframe(t, C, { allow: XR }))).toBe(true);
  });

  it('R-POLICY-02: xr-spatial-tracking=(self "https://b.example"): iframe of b with allow allowed, of c blocked', () => {
    const t = top({ permissionsPolicyHeader: 'xr-spatial-tracking=(self "https://b.example")' });
    expect(isFeatureEnabled(XR, t)).toBe(true);
    expect(isFeatureEnabled(XR, iframe(t, A))).toBe(true);
    expect(isFeatureEnabled(XR, iframe(t, B, { allow: XR }))).toBe(true);
    expect(isFeatureEnabled(XR, iframe(t, B))).toBe(false);
    const d = checkFeaturePolicy(XR, iframe(t, C, { allow: XR }));
    expect(d.allowed).toBe(false);
    expect(d.error?.message).toContain(
      'the Permissions-Policy header of https://a.example does not allow https://c.example',
    );
    expect(d.error?.message).toContain('xr-spatial-tracking=(self "https://c.example")');
    expect(explainFeaturePolicy(XR, iframe(t, C, { allow: XR })).cause).toBe('parent-header');
  });

  it('R-POLICY-02: xr-spatial-tracking=self blocks cross-origin frames even with allow; ("https://b.example") without self blocks the document', () => {
    const selfOnly = top({ permissionsPolicyHeader: 'xr-spatial-tracking=self' });
    expect(isFeatureEnabled(XR, selfOnly)).toBe(true);
    expect(isFeatureEnabled(XR, iframe(selfOnly, B, { allow: XR }))).toBe(false);
    const bOnly = top({ permissionsPolicyHeader: 'xr-spatial-tracking=("https://b.example")' });
    expect(isFeatureEnabled(XR, bOnly)).toBe(false);
    expect(isFeatureEnabled(XR, iframe(bOnly, B, { allow: XR }))).toBe(false);
  });

  it("R-POLICY-02: nested: A embeds B (allow) embeds C (allow) — B's allow attribute delegates, so C is allowed", () => {
    const b = iframe(top(), B, { allow: XR });
    const c = iframe(b, C, { allow: XR });
    expect(isFeatureEnabled(XR, c)).toBe(true);
    const e = explainFeaturePolicy(XR, c);
    expect(e.enabled).toBe(true);
    expect(e.frames.map((f) => f.enabled)).toEqual([true, true, true]);
    expect(e.blockedAt).toBeNull();
    expect(e.fix).toBeNull();
  });

  it('R-POLICY-02: nested: C under B where B lacks delegation is blocked even though C has allow', () => {
    const b = iframe(top(), B);
    const c = iframe(b, C, { allow: XR });
    expect(isFeatureEnabled(XR, c)).toBe(false);
    const e = explainFeaturePolicy(XR, c);
    expect(e.blockedAt).toBe(1);
    expect(e.cause).toBe('default-allowlist');
    expect(e.frames[2]?.cause).toBe('ancestor');
    expect(e.reason).toMatch(/ancestor frame https:\/\/b\.example/);
    expect(e.fix).toBe('Add allow="xr-spatial-tracking" to the iframe that embeds https://b.example.');
    const d = checkFeaturePolicy(XR, c);
    expect(d.error?.message).toContain('by https://c.example');
    expect(d.error?.message).toContain('embeds https://b.example');
  });

  it('R-POLICY-02: nested: B delegated, but C is cross-origin to B and B has no allow for C → blocked at C', () => {
    const b = iframe(top(), B, { allow: XR });
    const e = explainFeaturePolicy(XR, iframe(b, C));
    expect(e.enabled).toBe(false);
    expect(e.blockedAt).toBe(2);
    expect(e.reason).toContain('https://c.example is a cross-origin iframe of https://b.example');
  });

  it("R-POLICY-02: nested: B's own header can block its child C", () => {
    const b = iframe(top(), B, { allow: XR, permissionsPolicyHeader: 'xr-spatial-tracking=self' });
    expect(isFeatureEnabled(XR, b)).toBe(true);
    expect(explainFeaturePolicy(XR, iframe(b, C, { allow: XR })).cause).toBe('parent-header');
  });

  it("R-POLICY-02: legacy Feature-Policy: xr-spatial-tracking 'none' blocks the document", () => {
    const t = top({ featurePolicyHeader: "xr-spatial-tracking 'none'" });
    expect(isFeatureEnabled(XR, t)).toBe(false);
    expect(checkFeaturePolicy(XR, t).error?.message).toContain(
      'Feature-Policy header of https://a.example disables it',
    );
    expect(checkFeaturePolicy(XR, t).error?.message).toContain("Feature-Policy: xr-spatial-tracking 'self'");
    const fpList = top({ featurePolicyHeader: "xr-spatial-tracking 'self' https://b.example" });
    expect(isFeatureEnabled(XR, iframe(fpList, B, { allow: XR }))).toBe(true);
    const blocked = checkFeaturePolicy(XR, iframe(fpList, C, { allow: XR }));
    expect(blocked.error?.message).toContain("Feature-Policy: xr-spatial-tracking 'self' https://c.example");
  });

  it('R-POLICY-02: header precedence: Permissions-Policy wins over Feature-Policy for the same feature (both ways)', () => {
    const ppAllows = top({
      permissionsPolicyHeader: 'xr-spatial-tracking=self',
      featurePolicyHeader: "xr-spatial-tracking 'none'",
    });
    expect(isFeatureEnabled(XR, ppAllows)).toBe(true);
    expect(explainFeaturePolicy(XR, ppAllows).diagnostics.join()).toMatch(/Permissions-Policy wins/);
    const ppBlocks = top({
      permissionsPolicyHeader: 'xr-spatial-tracking=()',
      featurePolicyHeader: 'xr-spatial-tracking *',
    });
    expect(isFeatureEnabled(XR, ppBlocks)).toBe(false);
  });

  it('R-POLICY-02: header precedence: declarations for different features are merged', () => {
    const t = top({
      permissionsPolicyHeader: 'camera=()',
      featurePolicyHeader: "xr-spatial-tracking 'none'",
    });
    expect(isFeatureEnabled(XR, t)).toBe(false);
    expect(isFeatureEnabled('camera', t)).toBe(false);
    expect(isFeatureEnabled('microphone', t)).toBe(true);
  });

  it('R-POLICY-02: a malformed Permissions-Policy header falls back to the Feature-Policy header and defaults', () => {
    const t = top({
      permissionsPolicyHeader: 'xr-spatial-tracking=(',
      featurePolicyHeader: "xr-spatial-tracking 'none'",
    });
    expect(isFeatureEnabled(XR, t)).toBe(false);
    const u = top({ permissionsPolicyHeader: 'xr-spatial-tracking=(' });
    expect(isFeatureEnabled(XR, u)).toBe(true);
    expect(isFeatureEnabled(XR, iframe(u, B))).toBe(false);
    expect(explainFeaturePolicy(XR, u).diagnostics[0]).toMatch(
      /frame 0 \(https:\/\/a\.example\): Permissions-Policy/,
    );
  });

  it('R-POLICY-02: malformed headers on a cross-origin child never grant (binary garbage, 10^5 chars)', () => {
    for (const h of ['\u0000\u00ff\ud800', '('.repeat(100_000), 'xr-spatial-tracking=*'.repeat(5000)]) {
      const child = iframe(top({ permissionsPolicyHeader: h }), B, {
        permissionsPolicyHeader: h,
        featurePolicyHeader: h,
      });
      expect(isFeatureEnabled(XR, child)).toBe(false);
      expect(explainFeaturePolicy(XR, child).diagnostics.length).toBeGreaterThan(0);
    }
  });

  it('R-POLICY-02: opaque-origin (sandboxed) frames: blocked without allow, allowed with allow (src), blocked by an origin list', () => {
    const sandboxed = opaqueOrigin('sandbox-1', 'https');
    expect(isFeatureEnabled(XR, iframe(top(), sandboxed))).toBe(false);
    expect(isFeatureEnabled(XR, iframe(top(), sandboxed, { allow: XR }))).toBe(true);
    expect(
      isFeatureEnabled(XR, iframe(top(), sandboxed, { allow: 'xr-spatial-tracking https://a.example' })),
    ).toBe(false);
    // Spec letter: the declared origin is a fresh opaque origin, so 'src' does not match the document's.
    expect(
      isFeatureEnabled(XR, iframe(top(), sandboxed, { allow: XR, srcOrigin: opaqueOrigin('sandbox-2') })),
    ).toBe(false);
  });

  it('R-POLICY-02: opaque-origin frames cannot be listed by origin in a header; the fix says so', () => {
    const t = top({ permissionsPolicyHeader: 'xr-spatial-tracking=(self "https://b.example")' });
    const e = explainFeaturePolicy(XR, iframe(t, opaqueOrigin('sb'), { allow: XR }));
    expect(e.cause).toBe('parent-header');
    expect(e.fix).toMatch(/opaque-origin/);
    const star = top({ permissionsPolicyHeader: 'xr-spatial-tracking=*' });
    expect(isFeatureEnabled(XR, iframe(star, opaqueOrigin('sb'), { allow: XR }))).toBe(true);
  });

  it('R-POLICY-02: an opaque-origin top-level document is allowed (inherits Enabled, same origin with itself)', () => {
    expect(isFeatureEnabled(XR, { origin: opaqueOrigin('top-sandbox') })).toBe(true);
  });

  it('R-POLICY-02: a same-origin child of an opaque parent (about:blank inheriting it) is allowed; a fresh opaque one is not', () => {
    const parentOrigin = opaqueOrigin('p');
    const p = { origin: parentOrigin };
    expect(isFeatureEnabled(XR, iframe(p, parentOrigin))).toBe(true);
    expect(isFeatureEnabled(XR, iframe(p, opaqueOrigin('q')))).toBe(false);
    expect(isFeatureEnabled(XR, iframe(p, B, { allow: "xr-spatial-tracking 'self'" }))).toBe(false);
  });

  it('R-POLICY-02: the allow attribute of a top-level frame is ignored (diagnosed)', () => {
    const t = top({ allow: "xr-spatial-tracking 'none'" });
    expect(isFeatureEnabled(XR, t)).toBe(true);
    expect(explainFeaturePolicy(XR, t).diagnostics[0]).toMatch(/top-level frame has no iframe/);
  });

  it('R-POLICY-02: isFeatureEnabled for another origin follows "Is feature enabled in document for origin"', () => {
    expect(isFeatureEnabled(XR, top(), A)).toBe(true);
    expect(isFeatureEnabled(XR, top(), B)).toBe(false);
    const d = checkFeaturePolicy(XR, top(), B);
    expect(d.error?.message).toContain('https://b.example is not same origin with https://a.example');
    const listed = top({ permissionsPolicyHeader: 'xr-spatial-tracking=(self "https://b.example")' });
    expect(isFeatureEnabled(XR, listed, B)).toBe(true);
    expect(checkFeaturePolicy(XR, listed, C).error?.message).toContain('does not allow https://c.example');
    const blockedTop = top({ permissionsPolicyHeader: 'xr-spatial-tracking=*' });
    expect(isFeatureEnabled(XR, iframe(blockedTop, B), B)).toBe(false);
  });

  it('R-POLICY-11: sensor features are checked with requirement R-POLICY-11', () => {
    const t = top({ permissionsPolicyHeader: 'gyroscope=()' });
    const d = checkFeaturePolicy('gyroscope', t);
    expect(d.allowed).toBe(false);
    expect(d.requirement).toBe('R-POLICY-11');
    expect(checkFeaturePolicy('accelerometer', t).requirement).toBe('R-POLICY-11');
  });

  it('R-POLICY-02: results do not depend on argument identity: the same facts give the same answer twice', () => {
    const c = iframe(iframe(top(), B, { allow: XR }), C, { allow: XR });
    expect(explainFeaturePolicy(XR, c)).toEqual(explainFeaturePolicy(XR, c));
  });
});

describe('explainFeaturePolicy', () => {
  it('R-POLICY-02: lists each frame with its outcome, and collects every diagnostic along the chain', () => {
    const t = top({ permissionsPolicyHeader: 'geolocation=(), xr-spatial-tracking=*' });
    const b = iframe(t, B, { allow: 'xr-spatial-tracking https://b.example not-a-url; foo' });
    const e = explainFeaturePolicy(XR, b);
    expect(e.enabled).toBe(true);
    expect(e.frames).toHaveLength(2);
    expect(e.frames[0]?.detail).toMatch(/Permissions-Policy header of https:\/\/a\.example allows/);
    expect(e.diagnostics).toEqual([
      'frame 0 (https://a.example): Permissions-Policy: unknown feature "geolocation" ignored',
      'frame 1 (https://b.example): allow attribute: xr-spatial-tracking: "not-a-url" is not a URL with a tuple origin; ignored',
      'frame 1 (https://b.example): allow attribute: unknown feature "foo" ignored',
    ]);
  });

  it('R-POLICY-02: own-header with Feature-Policy names that header in the reason', () => {
    const b = iframe(top(), B, { allow: XR, featurePolicyHeader: 'xr-spatial-tracking https://c.example' });
    const e = explainFeaturePolicy(XR, b);
    expect(e.cause).toBe('own-header');
    expect(e.reason).toBe('the Feature-Policy header of https://b.example disables it');
  });
});

describe('hostile input', () => {
  const throwingOrigin = new Proxy(
    {},
    {
      get() {
        throw new Error('boom');
      },
    },
  );

  const badFrames: [string, unknown][] = [
    ['undefined', undefined],
    ['null', null],
    ['a string', 'https://a.example'],
    ['no origin', {}],
    ['origin as string', { origin: 'https://a.example' }],
    ['origin kind unknown', { origin: { kind: 'other' } }],
    ['origin with throwing getters', { origin: throwingOrigin }],
    ['tuple with bad scheme', { origin: { ...A, scheme: 5 } }],
    ['tuple with empty scheme', { origin: { ...A, scheme: '' } }],
    ['tuple with bad host', { origin: { ...A, host: null } }],
    ['tuple with bad port', { origin: { ...A, port: 70000 } }],
    ['tuple with bad domain', { origin: { ...A, domain: 1 } }],
    ['opaque with bad id', { origin: { kind: 'opaque', id: 1 } }],
    ['opaque with bad fromScheme', { origin: { kind: 'opaque', id: 'x', fromScheme: 3 } }],
    ['the invalid-URL origin', { origin: originOf('not a url') }],
    ['header as number', { origin: A, permissionsPolicyHeader: 1 }],
    ['header list with a number', { origin: A, featurePolicyHeader: ['a', 1] }],
    ['allow as object', { origin: B, allow: { toString: () => XR }, parent: { origin: A } }],
    ['bad srcOrigin', { origin: B, allow: XR, srcOrigin: 'https://b.example', parent: { origin: A } }],
    ['bad parent', { origin: B, parent: 'top' }],
    [
      'getter throwing an unprintable value',
      {
        get origin(): Origin {
          throw Object.create(null);
        },
      },
    ],
    [
      'throwing getter',
      {
        get origin(): Origin {
          throw new Error('boom');
        },
      },
    ],
    [
      'proxy throwing on every get',
      new Proxy(
        {},
        {
          get() {
            throw new Error('boom');
          },
        },
      ),
    ],
  ];

  for (const [label, frame] of badFrames) {
    it(`R-POLICY-02, R-EXPO-17: invalid frame facts (${label}) deny without throwing`, () => {
      expect(isFeatureEnabled(XR, frame as FrameFacts)).toBe(false);
      const d = checkFeaturePolicy(XR, frame as FrameFacts);
      expect(d.allowed).toBe(false);
      expect(d.error?.name).toBe('TypeError');
      const e = explainFeaturePolicy(XR, frame as FrameFacts);
      expect(e.cause).toBe('invalid-input');
      expect(e.frames).toEqual([]);
      const x = xrPolicyFacts(frame as FrameFacts, { includeSensors: true });
      expect(x.allowed).toBe(false);
      expect(x.spatialTracking).toBe(false);
    });
  }

  it('R-POLICY-02: a cycle in the parent chain is refused', () => {
    const a: { origin: Origin; parent?: unknown } = { origin: A };
    const b = { origin: A, parent: a };
    a.parent = b;
    expect(isFeatureEnabled(XR, b as FrameFacts)).toBe(false);
    expect(explainFeaturePolicy(XR, b as FrameFacts).reason).toMatch(/cycle/);
  });

  it(`R-POLICY-02: chains deeper than ${maxFrameDepth} are refused; ${maxFrameDepth} same-origin frames are fine`, () => {
    let frame: FrameFacts = top();
    for (let i = 1; i < maxFrameDepth; i++) frame = iframe(frame, A);
    expect(isFeatureEnabled(XR, frame)).toBe(true);
    expect(isFeatureEnabled(XR, iframe(frame, A))).toBe(false);
    expect(explainFeaturePolicy(XR, iframe(frame, A)).reason).toMatch(/deeper than/);
  });

  it('R-POLICY-01: unknown feature names (including __proto__) deny, never grant', () => {
    for (const f of [
      '__proto__',
      'constructor',
      'geolocation',
      'XR-SPATIAL-TRACKING',
      7,
      null,
      Symbol('x'),
      {},
    ]) {
      expect(isFeatureEnabled(f as PolicyFeature, top())).toBe(false);
      const d = checkFeaturePolicy(f as PolicyFeature, top());
      expect(d.allowed).toBe(false);
      expect(d.error?.name).toBe('TypeError');
      expect(d.requirement).toBe('R-POLICY-01');
      expect(explainFeaturePolicy(f as PolicyFeature, top()).cause).toBe('invalid-input');
    }
  });

  it('R-POLICY-02: an invalid origin argument denies', () => {
    expect(isFeatureEnabled(XR, top(), 'https://a.example' as unknown as Origin)).toBe(false);
    expect(isFeatureEnabled(XR, top(), null as unknown as Origin)).toBe(false);
    expect(checkFeaturePolicy(XR, top(), {} as Origin).error?.name).toBe('TypeError');
  });

  it('R-POLICY-02: a frame read through a proxy is read once per property (no time-of-check games)', () => {
    let reads = 0;
    const flipping = new Proxy(
      { origin: B, parent: top() },
      {
        get(target, key, receiver) {
          if (key === 'allow') {
            reads++;
            return reads === 1 ? undefined : XR;
          }
          return Reflect.get(target, key, receiver);
        },
      },
    );
    expect(isFeatureEnabled(XR, flipping as FrameFacts)).toBe(false);
    expect(reads).toBe(1);
  });

  it('R-POLICY-02: frames holding header lists (string[]) are accepted', () => {
    const t = top({ permissionsPolicyHeader: ['camera=()', 'xr-spatial-tracking=()'] });
    expect(isFeatureEnabled(XR, t)).toBe(false);
  });
});

describe('xrPolicyFacts', () => {
  it('R-POLICY-02, AMB-24: without includeSensors only xr-spatial-tracking is checked', () => {
    const t = top({ permissionsPolicyHeader: 'gyroscope=(), accelerometer=()' });
    const x = xrPolicyFacts(t, { includeSensors: false });
    expect(x).toEqual({
      spatialTracking: true,
      sensorsChecked: false,
      sensors: { accelerometer: true, gyroscope: true, magnetometer: true },
      allowed: true,
      diagnostics: [],
    });
  });

  it('R-POLICY-11, R-POLICY-12, AMB-24: with includeSensors (strict profile) a blocked sensor policy blocks', () => {
    const t = top({ permissionsPolicyHeader: 'gyroscope=()' });
    const x = xrPolicyFacts(t, { includeSensors: true });
    expect(x.spatialTracking).toBe(true);
    expect(x.sensorsChecked).toBe(true);
    expect(x.sensors).toEqual({ accelerometer: true, gyroscope: false, magnetometer: true });
    expect(x.allowed).toBe(false);
  });

  it('R-POLICY-11: a cross-origin iframe that delegates only xr-spatial-tracking lacks the sensors', () => {
    const b = iframe(top(), B, { allow: XR });
    expect(xrPolicyFacts(b, { includeSensors: false }).allowed).toBe(true);
    const strict = xrPolicyFacts(b, { includeSensors: true });
    expect(strict.allowed).toBe(false);
    expect(strict.sensors.magnetometer).toBe(false);
    const all = iframe(top(), B, { allow: 'xr-spatial-tracking; accelerometer; gyroscope; magnetometer' });
    expect(xrPolicyFacts(all, { includeSensors: true }).allowed).toBe(true);
  });

  it('R-POLICY-02: a blocked xr-spatial-tracking is not allowed in either profile', () => {
    const b = iframe(top(), B);
    expect(xrPolicyFacts(b, { includeSensors: false }).allowed).toBe(false);
    expect(xrPolicyFacts(b, { includeSensors: true }).spatialTracking).toBe(false);
  });

  it('AMB-24: options that cannot be read ask for the sensors (the stricter reading); absent options do not', () => {
    const t = top({ permissionsPolicyHeader: 'gyroscope=()' });
    const throwing = {
      get includeSensors(): boolean {
        throw new Error('boom');
      },
    };
    expect(xrPolicyFacts(t, throwing).sensorsChecked).toBe(true);
    expect(xrPolicyFacts(t, { includeSensors: 'yes' } as never).allowed).toBe(false);
    expect(xrPolicyFacts(t, undefined as never).sensorsChecked).toBe(false);
    expect(xrPolicyFacts(t, 5 as never).sensorsChecked).toBe(true);
  });
});
