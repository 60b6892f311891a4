// The per-frame rules the user agent applies before a frame's data crosses to the page side:
// "poses must be limited" for every origin of the frame (poseLimits, looked up by isLimitedAgainst)
// and no new input while the session is not visible (reportedInputActions).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isLimitedAgainst,
  type PoseLimitFacts,
  poseLimits,
  posesMustBeLimitedBetween,
} from '../../src/policy/poses.js';
import { specProfile, strictProfile } from '../../src/policy/profile.js';
import { reportedInputActions } from '../../src/policy/visibility.js';

const room = [
  { x: -1, z: -1.5 },
  { x: 1, z: -1.5 },
  { x: 1, z: 1.5 },
  { x: -1, z: 1.5 },
];

function facts(overrides: Partial<PoseLimitFacts> = {}): PoseLimitFacts {
  return {
    spaces: ['local'],
    viewer: { x: 0, y: 1.6, z: 0 },
    floor: { x: 0, y: -1.6, z: 0 },
    bounds: [],
    inputs: [],
    ...overrides,
  };
}

describe('poseLimits (spec #poses-must-be-limited, decided once per frame by the user agent)', () => {
  it('R-SPACE-06: nothing limited near the origin, and no allocation-bearing answer (null)', () => {
    expect(poseLimits(facts(), specProfile)).toBeNull();
    expect(poseLimits(facts({ spaces: ['viewer', 'unbounded'] }), specProfile)).toBeNull();
  });

  it('R-SPACE-06: the viewer 15.01 m from the local origin is limited against local, not at 15 m', () => {
    expect(poseLimits(facts({ viewer: { x: 15, y: 0, z: 0 } }), specProfile)).toBeNull();
    const l = poseLimits(facts({ viewer: { x: 15.01, y: 0, z: 0 } }), specProfile);
    expect(l?.local?.viewer).toBe(true);
    expect(isLimitedAgainst(l, 'local', { kind: 'viewer', type: null })).toBe(true);
    expect(isLimitedAgainst(l, 'local-floor', { kind: 'viewer', type: null })).toBe(false);
  });

  it('R-SPACE-06: a space whose native origin is the floor is limited from where the floor is', () => {
    // The floor 1.6 m below the local origin, the viewer 15.5 m away horizontally and at floor
    // height + 1.6: limited against local-floor (15.5 m from the floor origin) and local.
    const l = poseLimits(
      facts({
        spaces: ['local', 'local-floor'],
        viewer: { x: 15.5, y: 0, z: 0 },
        floor: { x: 0, y: -1.6, z: 0 },
      }),
      specProfile,
    );
    expect(l?.['local-floor']?.viewer).toBe(true);
    expect(l?.local?.viewer).toBe(true);
    // local and local-floor are 1.6 m apart: never limited against each other.
    expect(l?.local?.spaces).toEqual([]);
  });

  it('input origins and hand joints are decided one by one (sourceId × 32 + joint)', () => {
    const joints = new Float64Array(75);
    for (let i = 0; i < 25; i++) joints[i * 3] = i === 7 ? 16 : 0.1;
    const l = poseLimits(
      facts({
        inputs: [
          { id: 3, pointer: { x: 0, y: 1, z: 0 }, grip: { x: 20, y: 1, z: 0 }, joints },
          { id: 4, pointer: { x: 0, y: 1, z: -30 }, grip: null, joints: null },
        ],
      }),
      specProfile,
    );
    expect(l?.local?.grips).toEqual([3]);
    expect(l?.local?.pointers).toEqual([4]);
    expect(l?.local?.joints).toEqual([3 * 32 + 7]);
    expect(isLimitedAgainst(l, 'local', { kind: 'grip', sourceId: 3, type: null })).toBe(true);
    expect(isLimitedAgainst(l, 'local', { kind: 'pointer', sourceId: 3, type: null })).toBe(false);
    expect(isLimitedAgainst(l, 'local', { kind: 'joint', sourceId: 3, joint: 7, type: null })).toBe(true);
    expect(isLimitedAgainst(l, 'local', { kind: 'joint', sourceId: 3, joint: 6, type: null })).toBe(false);
  });

  it('R-SPACE-29: bounded-floor limits by distance outside the reported bounds (2 m spec, 1 m strict)', () => {
    const f = facts({
      spaces: ['bounded-floor'],
      viewer: { x: 0, y: 1, z: 3.3 },
      floor: { x: 0, y: 0, z: 0 },
      bounds: room,
    });
    expect(poseLimits(f, specProfile)).toBeNull();
    expect(poseLimits(f, strictProfile)?.['bounded-floor']?.viewer).toBe(true);
  });

  it('answers are frozen: the page side cannot change what the user agent decided', () => {
    const l = poseLimits(facts({ viewer: { x: 99, y: 0, z: 0 } }), specProfile);
    expect(Object.isFrozen(l?.local)).toBe(true);
    expect(Object.isFrozen(l?.local?.spaces)).toBe(true);
  });

  it('property: the table says exactly what posesMustBeLimitedBetween says for every pair', () => {
    const coord = fc.double({ min: -40, max: 40, noNaN: true });
    const point = fc.record({ x: coord, y: coord, z: coord });
    fc.assert(
      fc.property(point, point, point, (viewer, floor, pointer) => {
        const f = facts({
          spaces: ['local', 'local-floor', 'bounded-floor', 'unbounded'],
          viewer,
          floor,
          bounds: room,
          inputs: [{ id: 1, pointer, grip: null, joints: null }],
        });
        const l = poseLimits(f, specProfile);
        const origin = { x: 0, y: 0, z: 0 };
        const native = { local: origin, 'local-floor': floor, 'bounded-floor': floor } as const;
        for (const t of ['local', 'local-floor', 'bounded-floor'] as const) {
          const a = native[t];
          const kind = t === 'bounded-floor' ? 'bounded' : 'local';
          const aBounds = kind === 'bounded' ? room : null;
          const expectV = posesMustBeLimitedBetween(
            kind,
            a.x,
            a.y,
            a.z,
            aBounds,
            'other',
            viewer.x,
            viewer.y,
            viewer.z,
            null,
            specProfile,
          );
          const expectP = posesMustBeLimitedBetween(
            kind,
            a.x,
            a.y,
            a.z,
            aBounds,
            'other',
            pointer.x,
            pointer.y,
            pointer.z,
            null,
            specProfile,
          );
          expect(isLimitedAgainst(l, t, { kind: 'viewer', type: null })).toBe(expectV);
          expect(isLimitedAgainst(l, t, { kind: 'pointer', sourceId: 1, type: null })).toBe(expectP);
        }
      }),
    );
  });
});

describe('reportedInputActions (R-VIS-05, AMB-04)', () => {
  const actions = [
    { sourceId: 1, action: 'select', phase: 'start' },
    { sourceId: 1, action: 'select', phase: 'end' },
    { sourceId: 2, action: 'squeeze', phase: 'click' },
    { sourceId: 2, action: 'squeeze', phase: 'cancel' },
  ] as const;
  it('visible: every action', () => {
    expect(reportedInputActions('visible', actions)).toBe(actions);
  });
  it('blurred or hidden: no new press (start, click); one already started ends as cancelled (no select)', () => {
    for (const v of ['visible-blurred', 'hidden'] as const) {
      expect(reportedInputActions(v, actions).map((a) => a.phase)).toEqual(['cancel', 'cancel']);
    }
  });
});
