// The Hit Test Module's rules (src/policy/hit-test.ts): who may create sources (R-HIT-01..03), when
// results are delivered (R-HIT-04), what a result may be (R-HIT-05..08), transient matching
// (R-HIT-09) and reading results (R-HIT-10). Property tests for the numbers: the source limit, the
// distance limit and the quantization of positions.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  hitTestLimits,
  hitTestResultsMayBeRead,
  hitTestResultsMayBeReported,
  hitTestSourceRequestIsAllowed,
  reportedHitResult,
  type SensedHit,
  transientSourceMatches,
} from '../../src/policy/hit-test.js';
import { specProfile, strictProfile } from '../../src/policy/profile.js';

const request = (over: Partial<Parameters<typeof hitTestSourceRequestIsAllowed>[0]> = {}) => ({
  enabledFeatures: ['viewer', 'local', 'hit-test'],
  ended: false,
  activeSources: 0,
  transient: false,
  ...over,
});

const hit = (over: Partial<SensedHit> = {}): SensedHit => ({
  distance: 1.5,
  entityType: 'plane',
  position: { x: 0.123456, y: -0.85, z: -1.5 },
  orientation: { x: 0, y: 0, z: 0, w: 1 },
  ...over,
});

describe('hitTestSourceRequestIsAllowed', () => {
  it("R-HIT-01: without 'hit-test' enabled: NotSupportedError naming the feature and the fix", () => {
    const d = hitTestSourceRequestIsAllowed(request({ enabledFeatures: ['viewer', 'local'] }), specProfile);
    expect(d.allowed).toBe(false);
    expect(d.error?.name).toBe('NotSupportedError');
    expect(d.requirement).toBe('R-HIT-01');
    expect(d.error?.message).toMatch(/requiredFeatures: \['hit-test'\]/);
    expect(d.error?.message).toMatch(/\[R-HIT-01\]$/);
  });

  it('R-HIT-02: an ended session: InvalidStateError', () => {
    const d = hitTestSourceRequestIsAllowed(request({ ended: true }), specProfile);
    expect(d.error?.name).toBe('InvalidStateError');
    expect(d.requirement).toBe('R-HIT-02');
  });

  it('R-HIT-03 (property): allowed exactly while fewer than maxSources are active; OperationError beyond', () => {
    fc.assert(
      fc.property(
        fc.nat(200),
        fc.boolean(),
        fc.constantFrom(specProfile, strictProfile),
        (n, transient, p) => {
          const d = hitTestSourceRequestIsAllowed(request({ activeSources: n, transient }), p);
          const max = hitTestLimits(p).maxSources;
          expect(d.allowed).toBe(n < max);
          if (!d.allowed) {
            expect(d.error.name).toBe('OperationError');
            expect(d.requirement).toBe('R-HIT-03');
          }
        },
      ),
    );
  });

  it('the strict profile allows fewer sources and a shorter reach than spec', () => {
    expect(hitTestLimits(strictProfile).maxSources).toBeLessThan(hitTestLimits(specProfile).maxSources);
    expect(hitTestLimits(strictProfile).maxDistance).toBeLessThan(hitTestLimits(specProfile).maxDistance);
    expect(hitTestLimits(specProfile).positionStep).toBeNull();
    // Heights on the floor's 1 cm grid in both (R-HIT-08): a ray down from local would tell the floor.
    expect(hitTestLimits(specProfile).heightStep).toBe(0.01);
    expect(hitTestLimits(strictProfile).heightStep).toBe(0.01);
  });
});

describe('R-HIT-11: no result beyond the local pose limit', () => {
  it('a result farther than the limit from the local origin is not reported; no limit (unbounded): it is', () => {
    const far = hit({ position: { x: 20, y: -1.6, z: 3 }, distance: 1.6 });
    expect(reportedHitResult(far, ['plane'], hitTestLimits(specProfile), 15)).toBeNull();
    expect(reportedHitResult(far, ['plane'], hitTestLimits(specProfile), null)?.position).toEqual({
      x: 20,
      y: -1.6,
      z: 3,
    });
    const near = hit({ position: { x: 14, y: -1.6, z: 3 }, distance: 1.6 });
    expect(reportedHitResult(near, ['plane'], hitTestLimits(specProfile), 15)).not.toBeNull();
  });
});

describe('hitTestResultsMayBeReported (R-HIT-04)', () => {
  it('only while visible', () => {
    expect(hitTestResultsMayBeReported('visible')).toBe(true);
    expect(hitTestResultsMayBeReported('visible-blurred')).toBe(false);
    expect(hitTestResultsMayBeReported('hidden')).toBe(false);
  });
});

describe('reportedHitResult', () => {
  it('R-HIT-06: null unless the surface is of a requested entity type', () => {
    const limits = hitTestLimits(specProfile);
    expect(reportedHitResult(hit({ entityType: 'mesh' }), ['plane'], limits)).toBeNull();
    expect(reportedHitResult(hit({ entityType: 'point' }), ['point', 'plane'], limits)).not.toBeNull();
    expect(reportedHitResult(null, ['plane'], limits)).toBeNull();
  });

  it('R-HIT-07 (property): a result only within maxDistance', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 100, noNaN: true }),
        fc.constantFrom(specProfile, strictProfile),
        (d, p) => {
          const limits = hitTestLimits(p);
          const r = reportedHitResult(hit({ distance: d }), ['plane'], limits);
          expect(r !== null).toBe(d <= limits.maxDistance);
        },
      ),
    );
  });

  it('R-HIT-08 (property): strict positions lie on the 1 cm grid, within half a step of the sensed point', () => {
    const limits = hitTestLimits(strictProfile);
    const coord = fc.double({ min: -4, max: 4, noNaN: true });
    fc.assert(
      fc.property(coord, coord, coord, (x, y, z) => {
        const r = reportedHitResult(hit({ distance: 1, position: { x, y, z } }), ['plane'], limits)!;
        for (const [v, raw] of [
          [r.position.x, x],
          [r.position.y, y],
          [r.position.z, z],
        ] as const) {
          expect(Math.abs(v * 100 - Math.round(v * 100))).toBeLessThan(1e-6);
          expect(Math.abs(v - raw)).toBeLessThanOrEqual(0.005 + 1e-9);
        }
      }),
    );
  });

  it('the spec profile reports x and z as sensed and the height on the 1 cm grid (R-HIT-08); the orientation is normalized; non-finite is dropped', () => {
    const r = reportedHitResult(
      hit({ orientation: { x: 0, y: 0, z: 0, w: 2 } }),
      ['plane'],
      hitTestLimits(specProfile),
    )!;
    expect(r.position).toEqual({ x: 0.123456, y: -0.85, z: -1.5 });
    expect(
      reportedHitResult(
        hit({ position: { x: 0.123456, y: -1.6337, z: -1.5 } }),
        ['plane'],
        hitTestLimits(specProfile),
      )!.position,
    ).toEqual({ x: 0.123456, y: -1.63, z: -1.5 });
    expect(r.orientation.w).toBe(1);
    expect(
      reportedHitResult(
        hit({ position: { x: Number.NaN, y: 0, z: 0 } }),
        ['plane'],
        hitTestLimits(specProfile),
      ),
    ).toBeNull();
    expect(Object.isFrozen(r)).toBe(true);
  });
});

describe('transientSourceMatches (R-HIT-09)', () => {
  it('matches only a profile the page was told', () => {
    expect(transientSourceMatches('generic-touchscreen', ['generic-touchscreen'])).toBe(true);
    // A masked (strict) profile list hides the real one: no probing for it.
    expect(transientSourceMatches('oculus-touch-v3', ['generic-trigger'])).toBe(false);
  });
});

describe('hitTestResultsMayBeRead (R-HIT-10)', () => {
  it('an inactive frame or another session: InvalidStateError', () => {
    const base = { frameActive: true, sessionEnded: false, sameSession: true, transient: false };
    expect(hitTestResultsMayBeRead(base).allowed).toBe(true);
    for (const q of [
      { ...base, frameActive: false },
      { ...base, sessionEnded: true },
      { ...base, sameSession: false },
    ]) {
      const d = hitTestResultsMayBeRead(q);
      expect(d.error?.name).toBe('InvalidStateError');
      expect(d.requirement).toBe('R-HIT-10');
    }
  });
});
