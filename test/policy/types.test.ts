// Types that catch mistakes. Each `// @ts-expect-error` line below must fail to compile: `npx tsc
// --noEmit` (tsconfig.json includes test/) reports an unused directive if one of them compiles,
// so a loosened type breaks the build. The runtime assertions keep the file an ordinary test.
// Requirement ids: every decision cites one (R-SESSION-18, AMB-30); feature descriptors as the
// table defines them (R-FEAT-19, R-FEAT-20).

import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  type Allowed,
  allow,
  type Decision,
  type DecisionError,
  type Denied,
  deny,
  isRequirementId,
  type RequirementId,
} from '../../src/policy/decision.js';
import {
  type FeatureDescriptor,
  featureDescriptors,
  isFeatureDescriptor,
  isValidFeatureDescriptor,
  needsConsent,
  type ReferenceSpaceType,
} from '../../src/policy/features.js';
import { lightProbeRequestIsAllowed } from '../../src/policy/light-estimation.js';
import { posesMayBeReported } from '../../src/policy/poses.js';
import { defineProfile, specProfile } from '../../src/policy/profile.js';
import type { ResolvedFeatures } from '../../src/policy/resolve-features.js';
import { checkDeviceForMode } from '../../src/policy/session-request.js';

/** A value the compiler cannot see through (as a page's input would be). */
function opaque<T>(v: T): T {
  return v;
}

describe('Decision is a discriminated union (R-SESSION-18)', () => {
  it('narrowing on `allowed` gives the value or the error, without `!` or `as`', () => {
    const decisions: Decision<number>[] = [
      allow('fine', 'AMB-27', 60),
      deny('TypeError', { action: 'x()', reason: 'no', requirement: 'AMB-27' }),
    ];
    const seen: (number | string)[] = [];
    for (const d of decisions) {
      if (d.allowed) {
        const value: number = d.value;
        expectTypeOf(d.error).toEqualTypeOf<undefined>();
        // @ts-expect-error an allowed decision has no error to read
        const readError = () => d.error.name;
        expect(readError).toThrow(TypeError);
        seen.push(value);
      } else {
        const error: DecisionError = d.error;
        expectTypeOf(d.value).toEqualTypeOf<undefined>();
        // @ts-expect-error a denial has no value
        const value: number = d.value;
        seen.push(error.name, String(value));
      }
    }
    expect(seen).toEqual([60, 'TypeError', 'undefined']);
  });

  it('an Allowed without its value, a Denied with a value, an Allowed with an error do not compile', () => {
    const error: DecisionError = { name: 'TypeError', message: 'm' };
    // @ts-expect-error Allowed<number> needs its value
    const noValue: Allowed<number> = { allowed: true, reason: 'r', requirement: 'AMB-27' };
    // @ts-expect-error Denied never carries a value
    const withValue: Denied = { allowed: false, error, reason: 'r', requirement: 'AMB-27', value: 1 };
    // @ts-expect-error Allowed never carries an error
    const withError: Allowed<number> = { allowed: true, value: 1, error, reason: 'r', requirement: 'AMB-27' };
    // @ts-expect-error Denied needs its error
    const noError: Denied = { allowed: false, reason: 'r', requirement: 'AMB-27' };
    // @ts-expect-error `allowed` must be a literal true or false
    const loose: Decision = { allowed: opaque<boolean>(true), reason: 'r', requirement: 'AMB-27' };
    expect([noValue, withValue, withError, noError, loose].every((d) => typeof d === 'object')).toBe(true);
  });

  it('refusals need no cast to flow into a Decision of another payload', () => {
    const refusal = checkDeviceForMode(null, 'immersive-vr');
    expectTypeOf(refusal).toEqualTypeOf<Denied>();
    const asResolved: Decision<ResolvedFeatures> = refusal;
    expect(asResolved.allowed).toBe(false);
  });

  it('item 4 gates answer Decisions: posesMayBeReported, lightProbeRequestIsAllowed', () => {
    const facts = {
      visibility: 'visible',
      sameRealm: true,
      intentEstablished: true,
      adjusted: false,
    } as const;
    expectTypeOf(posesMayBeReported(facts, specProfile)).toEqualTypeOf<Decision>();
    const probe = {
      enabledFeatures: ['light-estimation'],
      ended: false,
      format: 'srgba8',
      preferredFormat: 'srgba8',
    };
    expectTypeOf(lightProbeRequestIsAllowed(probe)).toEqualTypeOf<Decision>();
    expect(posesMayBeReported(facts, specProfile).requirement).toBe('R-POSE-02');
  });
});

describe('RequirementId: a typo does not compile (AMB-30: every decision cites a catalog id)', () => {
  it('accepts the catalog shapes', () => {
    const ids: RequirementId[] = ['R-SESSION-01', 'R-FEAT-20', 'R-TEST-09', 'AMB-11', 'AMB-35'];
    expect(ids.every(isRequirementId)).toBe(true);
  });

  it('refuses a misspelt area, a missing dash or number, other case, an unknown area', () => {
    // @ts-expect-error misspelt area
    const a: RequirementId = 'R-SESION-01';
    // @ts-expect-error missing dash
    const b: RequirementId = 'AMB11';
    // @ts-expect-error missing number
    const c: RequirementId = 'R-SESSION-';
    // @ts-expect-error lower case
    const d: RequirementId = 'r-session-01';
    // @ts-expect-error an area that is not in the catalog
    const e: RequirementId = 'R-FOO-01';
    // @ts-expect-error AMB has no area
    const g: RequirementId = 'AMB-SESSION-01';
    expect([a, b, c, d, e, g].some(isRequirementId)).toBe(false);
    // `${number}` is what TypeScript offers for "digits" (it also takes '1e1' or '01 '); the runtime
    // guard is stricter, and test/policy/requirement-ids.test.ts checks every id against the catalog.
    expect(['R-SESSION-01 ', 'R-SESSION-1e1', 'R-SESSION-1.5', 'AMB--1'].some(isRequirementId)).toBe(false);
  });

  it('allow(), deny() and the audit log take only RequirementIds', () => {
    // @ts-expect-error misspelt area
    const a = allow('ok', 'R-SESION-01');
    // @ts-expect-error missing dash
    const d = deny('TypeError', { action: 'x()', reason: 'no', requirement: 'AMB11' });
    // @ts-expect-error a plain string is not a RequirementId until checked
    const b = allow('ok', opaque<string>('R-SESSION-01'));
    const s = opaque<string>('R-SESSION-01');
    const c = isRequirementId(s) ? allow('ok', s) : null;
    expect([a.requirement, d.requirement, b.requirement, c?.requirement]).toEqual([
      'R-SESION-01',
      'AMB11',
      'R-SESSION-01',
      'R-SESSION-01',
    ]);
  });
});

describe('FeatureDescriptor: the feature table as a type (R-FEAT-19)', () => {
  it('is the table, and a page string is not one until checked', () => {
    const known: FeatureDescriptor = 'local-floor';
    // @ts-expect-error misspelt descriptor
    const typo: FeatureDescriptor = 'local-flor';
    // @ts-expect-error wrong case (R-FEAT-19: exact match)
    const cased: FeatureDescriptor = 'Local-Floor';
    const fromPage = opaque<string>('hand-tracking');
    // @ts-expect-error a page's string is not a known feature
    const unchecked: FeatureDescriptor = fromPage;
    const checked: FeatureDescriptor | null = isFeatureDescriptor(fromPage) ? fromPage : null;
    const valid: FeatureDescriptor | null = isValidFeatureDescriptor(fromPage, new Set(['hand-input']))
      ? fromPage
      : null;
    expect([known, typo, cased, unchecked, checked, valid]).toEqual([
      'local-floor',
      'local-flor',
      'Local-Floor',
      'hand-tracking',
      'hand-tracking',
      'hand-tracking',
    ]);
    expect(featureDescriptors).toContain('hand-tracking');
    expect(isFeatureDescriptor('local-flor')).toBe(false);
    expect(isFeatureDescriptor(42)).toBe(false);
  });

  it('every reference space type is a feature descriptor', () => {
    expectTypeOf<ReferenceSpaceType>().toExtend<FeatureDescriptor>();
    const spaces: readonly FeatureDescriptor[] = [
      'viewer',
      'local',
      'local-floor',
      'bounded-floor',
      'unbounded',
    ];
    expect(spaces.every((s) => featureDescriptors.includes(s))).toBe(true);
  });

  it('needsConsent and the explicit-consent list take known features only', () => {
    // @ts-expect-error an unknown string
    expect(needsConsent('nonsense', 'immersive-vr')).toBe(false);
    // @ts-expect-error an unknown string in the explicit list
    expect(needsConsent('viewer', 'immersive-vr', ['viewer2'])).toBe(false);
    expect(needsConsent('viewer', 'immersive-vr', ['viewer'])).toBe(true);
  });

  it("the profile's explicitConsentFeatures: a typo does not compile, and is refused at run time", () => {
    const p = defineProfile({ name: 'x', explicitConsentFeatures: ['local-floor'] });
    expectTypeOf(p.explicitConsentFeatures).toEqualTypeOf<readonly FeatureDescriptor[]>();
    // @ts-expect-error misspelt descriptor
    expect(() => defineProfile({ name: 'x', explicitConsentFeatures: ['local-flor'] })).toThrow(
      /'?explicitConsentFeatures'?: "local-flor" is not a known feature descriptor/,
    );
    expect(() => defineProfile({ name: 'x', explicitConsentFeatures: 1 as never })).toThrow(TypeError);
    expect(Object.isFrozen(p.explicitConsentFeatures)).toBe(true);
  });
});
