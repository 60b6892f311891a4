import { describe, expect, it } from 'vitest';
import { defineProfile, specProfile, strictProfile } from '../../src/policy/profile.js';
import { type ResolveFeaturesInput, resolveRequestedFeatures } from '../../src/policy/resolve-features.js';
import { defaultInline, headset } from './helpers.js';

function input(over: Partial<ResolveFeaturesInput>): ResolveFeaturesInput {
  return {
    mode: 'immersive-vr',
    requiredFeatures: [],
    optionalFeatures: [],
    device: headset(),
    previouslyEnabled: new Set(),
    policyAllows: () => true,
    profile: specProfile,
    ...over,
  };
}

describe('resolve the requested features (spec #resolve-features)', () => {
  it('R-FEAT-04, R-FEAT-08 step 3: defaults are granted without being requested', () => {
    const r = resolveRequestedFeatures(input({}));
    expect(r.allowed).toBe(true);
    expect(r.value?.granted).toEqual(['viewer', 'local']);
    expect(resolveRequestedFeatures(input({ mode: 'inline' })).value?.granted).toEqual(['viewer']);
  });

  it('R-FEAT-08 step 2, AMB-19: no device or unsupported mode gives three empty lists, not a refusal', () => {
    const r = resolveRequestedFeatures(input({ device: null, requiredFeatures: ['local-floor'] }));
    expect(r.allowed).toBe(true);
    expect(r.value).toMatchObject({ granted: [], consentRequired: [], consentOptional: [] });
    const ar = resolveRequestedFeatures(input({ mode: 'immersive-ar' }));
    expect(ar.value?.granted).toEqual([]);
  });

  it('R-FEAT-06, AMB-13: an unknown required feature refuses the request with NotSupportedError', () => {
    for (const f of ['nonsense', 'null', '[object Object]', 'Local']) {
      const r = resolveRequestedFeatures(input({ requiredFeatures: [f] }));
      expect(r.allowed, f).toBe(false);
      expect(r.error?.name).toBe('NotSupportedError');
      expect(r.requirement).toBe('R-FEAT-06');
      expect(r.error?.message).toContain(f);
    }
  });

  it('R-FEAT-07: unknown optional features are ignored and reported as skipped', () => {
    const r = resolveRequestedFeatures(input({ optionalFeatures: ['nonsense', 'local-floor'] }));
    expect(r.allowed).toBe(true);
    expect(r.value?.consentOptional).toEqual(['local-floor']);
    expect(r.value?.skipped).toEqual([
      expect.objectContaining({ feature: 'nonsense', requirement: 'R-FEAT-07' }),
    ]);
  });

  it('R-FEAT-20: a module descriptor the device lists is still unknown until xrgate implements the module', () => {
    const dev = headset({ capableFeatures: { 'immersive-vr': ['anchors', 'local-floor'] } });
    const opt = resolveRequestedFeatures(input({ device: dev, optionalFeatures: ['anchors'] }));
    expect(opt.value?.granted).not.toContain('anchors');
    expect(opt.value?.skipped[0]?.requirement).toBe('R-FEAT-20');
    const req = resolveRequestedFeatures(input({ device: dev, requiredFeatures: ['anchors'] }));
    expect(req.error?.name).toBe('NotSupportedError');
    expect(req.requirement).toBe('R-FEAT-20');
    const impl = resolveRequestedFeatures(
      input({ device: dev, optionalFeatures: ['anchors'], implementedModules: new Set(['anchors']) }),
    );
    expect(impl.value?.consentOptional).toEqual(['anchors']);
  });

  it('R-FEAT-10: duplicates are harmless', () => {
    const r = resolveRequestedFeatures(
      input({ requiredFeatures: ['local', 'local', 'viewer'], optionalFeatures: ['local'] }),
    );
    expect(r.value?.granted).toEqual(['viewer', 'local']);
  });

  it('R-POLICY-07: a required feature whose policy is not allowed refuses; an optional one is skipped', () => {
    const blocked = { policyAllows: () => false };
    const req = resolveRequestedFeatures(input({ mode: 'inline', requiredFeatures: ['local'], ...blocked }));
    expect(req.error?.name).toBe('NotSupportedError');
    expect(req.requirement).toBe('R-POLICY-07');
    const opt = resolveRequestedFeatures(input({ mode: 'inline', optionalFeatures: ['local'], ...blocked }));
    expect(opt.allowed).toBe(true);
    expect(opt.value?.granted).toEqual(['viewer']);
    expect(opt.value?.skipped[0]?.requirement).toBe('R-POLICY-07');
  });

  it('R-SPACE-01, R-SESSION-15: bounded-floor and unbounded are never granted inline, even when the device lists them', () => {
    const dev = headset({ capableFeatures: { inline: ['bounded-floor', 'unbounded'] } });
    const r = resolveRequestedFeatures(
      input({ mode: 'inline', device: dev, requiredFeatures: ['bounded-floor'] }),
    );
    expect(r.error?.name).toBe('NotSupportedError');
    expect(r.error?.message).toMatch(/never available to inline/);
  });

  it('R-SPACE-01, R-EXPO-07: inline local on the default inline device (no orientation) is refused', () => {
    const r = resolveRequestedFeatures(
      input({ mode: 'inline', device: defaultInline(), requiredFeatures: ['local'] }),
    );
    expect(r.error?.name).toBe('NotSupportedError');
    const o = resolveRequestedFeatures(
      input({ mode: 'inline', device: defaultInline(), optionalFeatures: ['local'] }),
    );
    expect(o.value?.granted).toEqual(['viewer']);
  });

  it('R-SPACE-14: immersive local-floor is always capable (emulated if need be)', () => {
    const dev = headset({ capableFeatures: { 'immersive-vr': [] } });
    const r = resolveRequestedFeatures(input({ device: dev, requiredFeatures: ['local-floor'] }));
    expect(r.value?.consentRequired).toEqual(['local-floor']);
  });

  it('R-FEAT-06, R-FEAT-09: a required feature the device is not capable of refuses the request', () => {
    const dev = headset({ capableFeatures: { 'immersive-vr': ['local-floor'] } });
    const r = resolveRequestedFeatures(input({ device: dev, requiredFeatures: ['bounded-floor'] }));
    expect(r.error?.name).toBe('NotSupportedError');
    expect(r.error?.message).toContain("not capable of 'bounded-floor'");
    const o = resolveRequestedFeatures(input({ device: dev, optionalFeatures: ['bounded-floor'] }));
    expect(o.allowed).toBe(true);
  });

  it('§6.4, AMB-07: consent-needing features go to consentRequired/consentOptional unless previously enabled', () => {
    const r = resolveRequestedFeatures(
      input({ requiredFeatures: ['local-floor'], optionalFeatures: ['bounded-floor', 'unbounded'] }),
    );
    expect(r.value).toMatchObject({
      granted: ['viewer', 'local'],
      consentRequired: ['local-floor'],
      consentOptional: ['bounded-floor', 'unbounded'],
    });
    const again = resolveRequestedFeatures(
      input({ requiredFeatures: ['local-floor'], previouslyEnabled: new Set(['local-floor']) }),
    );
    expect(again.value?.granted).toEqual(['viewer', 'local', 'local-floor']);
    expect(again.value?.consentRequired).toEqual([]);
  });

  it('R-FEAT-08 step 4.5: the UA may reject a feature for its own reasons', () => {
    const r = resolveRequestedFeatures(
      input({
        requiredFeatures: ['unbounded'],
        uaRejects: (f) => (f === 'unbounded' ? 'disabled by the user' : null),
      }),
    );
    expect(r.error?.message).toContain('disabled by the user');
  });

  it('R-SPACE-28: spec profile grants bounded-floor before the floor is known; strict refuses', () => {
    const dev = headset({ floorResolved: false });
    expect(
      resolveRequestedFeatures(input({ device: dev, requiredFeatures: ['bounded-floor'] })).allowed,
    ).toBe(true);
    const s = resolveRequestedFeatures(
      input({ device: dev, requiredFeatures: ['bounded-floor'], profile: strictProfile }),
    );
    expect(s.error?.name).toBe('NotSupportedError');
  });

  it('R-POLICY-12, AMB-24: strict also needs the underlying sensor policies', () => {
    const noGyro = (f: string) => f !== 'gyroscope';
    expect(
      resolveRequestedFeatures(input({ requiredFeatures: ['local-floor'], policyAllows: noGyro })).allowed,
    ).toBe(true);
    const s = resolveRequestedFeatures(
      input({ requiredFeatures: ['local-floor'], policyAllows: noGyro, profile: strictProfile }),
    );
    expect(s.error?.message).toContain("'gyroscope'");
    const mag = resolveRequestedFeatures(
      input({
        requiredFeatures: ['local-floor'],
        policyAllows: (f) => f !== 'magnetometer',
        profile: strictProfile,
        device: headset({ trackingSensors: ['magnetometer'] }),
      }),
    );
    expect(mag.allowed).toBe(false);
  });

  it('AMB-07: the profile can require consent for more features', () => {
    const p = defineProfile({ name: 'x', explicitConsentFeatures: ['secondary-views'] });
    const r = resolveRequestedFeatures(input({ optionalFeatures: ['secondary-views'], profile: p }));
    expect(r.value?.consentOptional).toEqual(['secondary-views']);
  });
});
