import { describe, expect, it } from 'vitest';
import {
  consentDurationFor,
  defineProfile,
  profiles,
  specProfile,
  strictProfile,
} from '../../src/policy/profile.js';

describe('UA profiles', () => {
  it('R-SPACE-13, R-SPACE-18, R-SPACE-17, R-SPACE-06, R-INTENT-17: spec defaults are the spec suggestions', () => {
    expect(specProfile).toMatchObject({
      name: 'spec',
      floorRoundingStep: 0.01,
      boundsQuantizationStep: 0.05,
      boundsLimit: 15,
      poseLimitLocal: 15,
      poseLimitOutsideBounds: 2,
      transientActivationMs: 5000,
      defaultFloorHeight: 1.6,
    });
    expect(profiles.spec).toBe(specProfile);
  });

  it("R-SESSION-21, R-SPACE-29, R-INTENT-18, R-POSE-20, R-ADJ-15: strict keeps the seeds' letter", () => {
    expect(strictProfile).toMatchObject({
      policyBlockedImmersiveError: 'SecurityError',
      poseLimitOutsideBounds: 1,
      inlineViewerOnlyNeedsActivation: true,
      anonymizeViews: 'all-multiview',
      maskInputProfiles: true,
      requireTrustworthyDocument: true,
      requireSensorPolicies: true,
      posesRequireVisible: true,
    });
    expect(specProfile.policyBlockedImmersiveError).toBe('NotSupportedError');
  });

  it('profiles are frozen', () => {
    expect(Object.isFrozen(specProfile)).toBe(true);
    expect(() => {
      (specProfile as { boundsLimit: number }).boundsLimit = 100;
    }).toThrow(TypeError);
  });

  it('defineProfile validates every value and refuses unknown options', () => {
    const p = defineProfile({ name: 'kiosk', transientActivationMs: 2000, consentDuration: { ms: 60_000 } });
    expect(p.transientActivationMs).toBe(2000);
    expect(p.boundsLimit).toBe(15);
    expect(() => defineProfile({ name: 'x', boundsLimt: 3 } as never)).toThrow(
      /unknown profile option 'boundsLimt'/,
    );
    expect(() => defineProfile({ name: 'x', floorRoundingStep: -1 })).toThrow(TypeError);
    expect(() => defineProfile({ name: 'x', floorRoundingStep: Number.NaN })).toThrow(TypeError);
    expect(() => defineProfile({ name: '' })).toThrow(TypeError);
    expect(() => defineProfile({ name: 'x', policyBlockedImmersiveError: 'AbortError' as never })).toThrow(
      TypeError,
    );
    expect(() => defineProfile({ name: 'x', sessionSupportedStrategy: 'maybe' as never })).toThrow(TypeError);
    expect(() => defineProfile({ name: 'x', consentDuration: 'forever' as never })).toThrow(TypeError);
    expect(() => defineProfile({ name: 'x', consentDuration: { ms: -5 } })).toThrow(TypeError);
    expect(() => defineProfile({ name: 'x', poseThrottleHz: 0 })).toThrow(TypeError);
    expect(() => defineProfile({ name: 'x', canonicalIpds: [0.06, -1] })).toThrow(TypeError);
    expect(() => defineProfile(null as never)).toThrow(TypeError);
    expect(
      defineProfile({ name: 'x', poseThrottleHz: 30, positionQuantizationStep: 0.001 }).poseThrottleHz,
    ).toBe(30);
    expect(defineProfile({ name: 's' }, strictProfile).poseLimitOutsideBounds).toBe(1);
  });

  it('R-CONSENT-03: consent duration is configurable per origin', () => {
    const p = defineProfile({
      name: 'x',
      consentDurationByOrigin: { 'https://app.example': 'persistent' },
    });
    expect(consentDurationFor(p, 'https://app.example')).toBe('persistent');
    expect(consentDurationFor(p, 'https://other.example')).toBe('browsing-context');
    expect(() => defineProfile({ name: 'x', consentDurationByOrigin: { a: 'nope' as never } })).toThrow(
      TypeError,
    );
  });
});
