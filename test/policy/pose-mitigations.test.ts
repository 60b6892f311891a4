// Optional pose mitigations (R-ADJ-02 throttling with createThrottle, R-ADJ-04 quantizedPose).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createThrottle } from '../../src/policy/adjustments.js';
import { quantizedPose } from '../../src/policy/pose-mitigations.js';

const pose = (x: number, y: number, z: number) => ({
  position: { x, y, z },
  orientation: { x: 0, y: 0.6, z: 0, w: 0.8 },
});

describe('quantizedPose (R-ADJ-04)', () => {
  it('snaps the position, keeps the orientation, leaves the pose alone without a step', () => {
    const p = pose(0.123, 1.234, -2.345);
    expect(quantizedPose(p, null)).toBe(p);
    const q = quantizedPose(p, 0.01);
    expect(q.orientation).toBe(p.orientation);
    expect(q.position).toEqual({ x: 0.12, y: 1.23, z: -2.35 });
    expect(Object.is(quantizedPose(pose(-0.001, 0, 0), 0.05).position.x, -0)).toBe(false);
  });

  it('property: within half a step of the device position, idempotent', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -100, max: 100, noNaN: true }),
        fc.constantFrom(0.001, 0.005, 0.01, 0.05, 0.1, 2),
        (v, step) => {
          const q = quantizedPose(pose(v, v, v), step).position;
          expect(Math.abs(q.x - v)).toBeLessThanOrEqual(step / 2 + 1e-9);
          expect(quantizedPose(pose(q.x, q.y, q.z), step).position).toEqual(q);
        },
      ),
    );
  });
});

describe('createThrottle on the pose path (R-ADJ-02)', () => {
  it('property: over any run of frames, the updates never exceed the rate', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0.1, max: 50, noNaN: true }), { minLength: 1, maxLength: 300 }),
        fc.integer({ min: 1, max: 120 }),
        (gaps, hz) => {
          const due = createThrottle(hz);
          let now = 0;
          let last: number | null = null;
          let updates = 0;
          for (const g of gaps) {
            now += g;
            if (due(last, now)) {
              last = now;
              updates += 1;
            }
          }
          const span = now - gaps[0]!;
          expect(updates).toBeLessThanOrEqual(Math.floor((span * hz) / 1000 + 1e-6) + 1);
        },
      ),
    );
  });
});
