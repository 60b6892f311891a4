import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { opaqueOrigin, originOf } from '../../src/policy/origin.js';
import {
  allowlistMatches,
  checkFeaturePolicy,
  explainFeaturePolicy,
  type FrameFacts,
  isFeatureEnabled,
  type PolicyFeature,
  parseAllowAttribute,
  parseFeaturePolicyHeader,
  parsePermissionsPolicyHeader,
  policyFeatures,
  xrPolicyFacts,
} from '../../src/policy/permissions-policy.js';

const A = originOf('https://a.example');
const B = originOf('https://b.example');
const XR: PolicyFeature = 'xr-spatial-tracking';

/** Pieces of both grammars (structured-field dictionary and the ASCII directive syntax). */
const piece = fc.constantFrom(
  ...policyFeatures,
  'geolocation',
  '__proto__',
  'constructor',
  '=',
  '(',
  ')',
  '*',
  'self',
  'none',
  '"https://a.example"',
  '"https://b.example"',
  '"https://*.b.example"',
  '"not a url"',
  'https://a.example',
  'https://b.example',
  "'self'",
  "'src'",
  "'none'",
  ';',
  ',',
  ' ',
  '\t',
  ';report-to="x"',
  '?1',
  '1.5',
  ':AA==:',
  '"',
  '\\',
  '\u0000',
  'é',
  '\ud800',
);

const featureName = fc.constantFrom(...policyFeatures, 'geolocation', '__proto__');

/** Well-formed Permissions-Policy dictionaries. */
const ppHeader = fc
  .array(
    fc
      .tuple(
        featureName,
        fc.oneof(
          fc.constantFrom('*', 'self', '()', 'none', '"https://b.example"', '"https://a.example"'),
          fc
            .array(fc.constantFrom('self', '*', '"https://a.example"', '"https://b.example"', '"bad"', '1'), {
              maxLength: 4,
            })
            .map((xs) => `(${xs.join(' ')})`),
        ),
      )
      .map(([f, v]) => `${f}=${v}`),
    { maxLength: 5 },
  )
  .map((members) => members.join(', '));

/** Well-formed Feature-Policy headers and allow attributes. */
const directive = fc
  .array(
    fc
      .tuple(
        featureName,
        fc.array(
          fc.constantFrom("'self'", "'src'", "'none'", '*', 'https://a.example', 'https://b.example', 'bad'),
          { maxLength: 3 },
        ),
      )
      .map(([f, xs]) => [f, ...xs].join(' ')),
    { maxLength: 4 },
  )
  .map((declarations) => declarations.join('; '));

/** A well-formed string with one piece inserted somewhere. */
const corrupted = fc
  .tuple(fc.oneof(ppHeader, directive), fc.nat(), piece)
  .map(([s, at, p]) => s.slice(0, at % (s.length + 1)) + p + s.slice(at % (s.length + 1)));

const grammarString = fc.oneof(
  fc.array(piece, { maxLength: 40 }).map((parts) => parts.join('')),
  ppHeader,
  directive,
  corrupted,
);
const anyString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.string({ unit: 'binary-ascii', maxLength: 300 }),
  grammarString,
  grammarString,
);
const headerValue = fc.oneof(anyString, fc.array(anyString, { maxLength: 4 }), fc.anything());

const runs = { numRuns: 400 };

function frames(pp: unknown, fp: unknown, childPP: unknown, childFP: unknown, allow: string | undefined) {
  const top = { origin: A, permissionsPolicyHeader: pp, featurePolicyHeader: fp } as FrameFacts;
  const child = {
    origin: B,
    parent: top,
    allow,
    permissionsPolicyHeader: childPP,
    featurePolicyHeader: childFP,
  };
  return { top, child: child as FrameFacts, same: { ...child, origin: A } as FrameFacts };
}

describe('permissions policy parsers and checks under random input', () => {
  it('R-POLICY-02: the three parsers never throw on any string or value, and always answer frozen policies', () => {
    fc.assert(
      fc.property(fc.oneof(anyString, fc.anything()), (value) => {
        for (const r of [
          parsePermissionsPolicyHeader(value),
          parseFeaturePolicyHeader(value),
          parseAllowAttribute(value, { containerOrigin: A, srcOrigin: B }),
        ]) {
          expect(Object.isFrozen(r.declared)).toBe(true);
          expect(Object.getPrototypeOf(r.declared)).toBeNull();
          for (const key of Object.keys(r.declared)) expect(policyFeatures).toContain(key);
        }
      }),
      runs,
    );
  });

  it('R-POLICY-02: a Permissions-Policy parse failure declares nothing (the default allowlist applies)', () => {
    fc.assert(
      fc.property(anyString, (value) => {
        const r = parsePermissionsPolicyHeader(value);
        if (r.diagnostics.some((d) => d.includes('the whole header is ignored'))) {
          expect(Object.keys(r.declared)).toEqual([]);
        }
      }),
      runs,
    );
  });

  it('R-POLICY-02: isFeatureEnabled, checkFeaturePolicy and explainFeaturePolicy never throw on random headers and allow values', () => {
    fc.assert(
      fc.property(
        headerValue,
        headerValue,
        headerValue,
        headerValue,
        fc.option(anyString, { nil: undefined }),
        (pp, fp, cpp, cfp, allow) => {
          const { top, child } = frames(pp, fp, cpp, cfp, allow);
          for (const f of policyFeatures) {
            const enabled = isFeatureEnabled(f, child);
            const d = checkFeaturePolicy(f, child);
            expect(d.allowed).toBe(enabled);
            expect(explainFeaturePolicy(f, top).enabled).toBe(isFeatureEnabled(f, top));
          }
          expect(typeof xrPolicyFacts(child, { includeSensors: true }).allowed).toBe('boolean');
        },
      ),
      runs,
    );
  });

  it('R-POLICY-02: headers only ever restrict: with any headers, nothing is enabled that is disabled without them', () => {
    fc.assert(
      fc.property(
        anyString,
        anyString,
        anyString,
        anyString,
        fc.option(grammarString, { nil: undefined }),
        (pp, fp, cpp, cfp, allow) => {
          const withHeaders = frames(pp, fp, cpp, cfp, allow);
          const without = frames(undefined, undefined, undefined, undefined, allow);
          for (const f of policyFeatures) {
            for (const k of ['top', 'child', 'same'] as const) {
              if (isFeatureEnabled(f, withHeaders[k])) expect(isFeatureEnabled(f, without[k])).toBe(true);
            }
          }
        },
      ),
      runs,
    );
  });

  it('R-POLICY-02: a cross-origin iframe without an allow entry for the feature is blocked, whatever the headers say', () => {
    fc.assert(
      fc.property(
        headerValue,
        headerValue,
        headerValue,
        headerValue,
        fc.option(anyString, { nil: undefined }),
        (pp, fp, cpp, cfp, allow) => {
          const { child } = frames(pp, fp, cpp, cfp, allow);
          const container = parseAllowAttribute(allow, { containerOrigin: A, srcOrigin: B }).declared;
          for (const f of policyFeatures) {
            const entry = container[f];
            if (entry === undefined || !allowlistMatches(entry, B, null)) {
              expect(isFeatureEnabled(f, child)).toBe(false);
            }
          }
        },
      ),
      runs,
    );
  });

  it('R-POLICY-02: a malformed or unrelated allow attribute on a same-origin iframe is no more permissive than none', () => {
    fc.assert(
      fc.property(anyString, (allow) => {
        const top: FrameFacts = { origin: A, permissionsPolicyHeader: 'xr-spatial-tracking=()' };
        expect(isFeatureEnabled(XR, { origin: A, parent: top, allow })).toBe(false);
        const sandboxed = {
          origin: opaqueOrigin('sb'),
          parent: { origin: A },
          allow,
          srcOrigin: opaqueOrigin('other'),
        };
        expect(isFeatureEnabled(XR, sandboxed)).toBe(
          (parseAllowAttribute(allow, { containerOrigin: A, srcOrigin: opaqueOrigin('other') }).declared[XR]
            ?.all ?? false) === true,
        );
      }),
      runs,
    );
  });

  it('R-POLICY-02: hostile frame objects (fc.anything) never make the checks throw, and never grant', () => {
    fc.assert(
      fc.property(fc.anything(), fc.anything(), (frame, feature) => {
        const enabled = isFeatureEnabled(feature as PolicyFeature, frame as FrameFacts);
        const d = checkFeaturePolicy(XR, frame as FrameFacts);
        expect(d.allowed).toBe(false);
        expect(enabled).toBe(false);
      }),
      runs,
    );
  });
});
