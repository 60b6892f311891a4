import { describe, expect, it } from 'vitest';
import {
  defaultFeatures,
  featureInfo,
  featureTable,
  isImmersive,
  isSessionMode,
  isValidFeatureDescriptor,
  modeAllows,
  needsConsent,
  referenceSpaceTypes,
} from '../../src/policy/features.js';

const none = new Set<string>();

describe('feature descriptors', () => {
  it('R-FEAT-01: the core descriptors are valid, exact and case-sensitive', () => {
    for (const f of [
      'viewer',
      'local',
      'local-floor',
      'bounded-floor',
      'unbounded',
      'tracked-sources',
      'secondary-views',
    ]) {
      expect(isValidFeatureDescriptor(f, none), f).toBe(true);
    }
    for (const f of ['Viewer', ' local', 'local_floor', 'null', '', 'immersive-ar']) {
      expect(isValidFeatureDescriptor(f, none), f).toBe(false);
    }
    expect(featureInfo(1 as never)).toBeUndefined();
  });

  it('R-FEAT-20: a module descriptor is valid only when xrgate implements the module', () => {
    expect(isValidFeatureDescriptor('anchors', none)).toBe(false);
    expect(isValidFeatureDescriptor('anchors', new Set(['anchors']))).toBe(true);
    expect(isValidFeatureDescriptor('hand-tracking', new Set(['hand-input']))).toBe(true);
    for (const m of [
      'hit-test',
      'anchors',
      'dom-overlay',
      'depth-sensing',
      'light-estimation',
      'layers',
      'hand-tracking',
      'camera-access',
      'plane-detection',
      'mesh-detection',
    ]) {
      expect(featureInfo(m)?.module, m).not.toBe('core');
    }
  });

  it('R-FEAT-04, AMB-26: default features are viewer for every mode and local for immersive modes', () => {
    expect(defaultFeatures('inline')).toEqual(['viewer']);
    expect(defaultFeatures('immersive-vr')).toEqual(['viewer', 'local']);
    expect(defaultFeatures('immersive-ar')).toEqual(['viewer', 'local']);
  });

  it('R-POLICY-06, §6.4: the reference spaces need xr-spatial-tracking; viewer and secondary-views need nothing', () => {
    for (const f of ['local', 'local-floor', 'bounded-floor', 'unbounded']) {
      expect(featureInfo(f)?.policies).toContain('xr-spatial-tracking');
    }
    expect(featureInfo('viewer')?.policies).toEqual([]);
    expect(featureInfo('secondary-views')?.policies).toEqual([]);
    expect(featureInfo('camera-access')?.policies).toEqual(['xr-spatial-tracking', 'camera']);
  });

  it('§6.4, R-FEAT-15, AMB-14: local needs consent only inline; floor and bounded/unbounded always; tracked-sources conservatively', () => {
    expect(needsConsent('local', 'inline')).toBe(true);
    expect(needsConsent('local', 'immersive-vr')).toBe(false);
    for (const m of ['inline', 'immersive-vr', 'immersive-ar'] as const) {
      expect(needsConsent('local-floor', m)).toBe(true);
      expect(needsConsent('bounded-floor', m)).toBe(true);
      expect(needsConsent('unbounded', m)).toBe(true);
      expect(needsConsent('viewer', m)).toBe(false);
      expect(needsConsent('tracked-sources', m)).toBe(true);
    }
    expect(needsConsent('secondary-views', 'immersive-vr', ['secondary-views'])).toBe(true);
    // A page's string is not a FeatureDescriptor until checked; a JS caller that passes one anyway gets false.
    expect(needsConsent('nonsense' as never, 'immersive-vr')).toBe(false);
  });

  it('R-SPACE-01: bounded-floor and unbounded are never available inline; AR-only modules only in immersive-ar', () => {
    const bf = featureInfo('bounded-floor');
    const dom = featureInfo('dom-overlay');
    expect(bf && modeAllows(bf, 'inline')).toBe(false);
    expect(bf && modeAllows(bf, 'immersive-ar')).toBe(true);
    expect(dom && modeAllows(dom, 'immersive-vr')).toBe(false);
    expect(dom && modeAllows(dom, 'immersive-ar')).toBe(true);
  });

  it('R-FEAT-18: the floor, bounded and unbounded rows say what they reveal and recommend explicit consent', () => {
    expect(featureInfo('local-floor')?.reveals).toMatch(/height/);
    expect(featureInfo('bounded-floor')?.reveals).toMatch(/room/);
    expect(featureInfo('unbounded')?.reveals).toMatch(/where/);
    expect(
      featureTable()
        .filter((r) => r.explicitRecommended)
        .map((r) => r.name),
    ).toEqual(expect.arrayContaining(['local-floor', 'bounded-floor', 'unbounded']));
    expect(Object.isFrozen(featureTable())).toBe(true);
  });

  it('modes and reference space types', () => {
    expect(isSessionMode('inline') && isSessionMode('immersive-ar')).toBe(true);
    expect(isSessionMode('immersive')).toBe(false);
    expect(isImmersive('inline')).toBe(false);
    expect(referenceSpaceTypes).toHaveLength(5);
  });
});
