// The pose arithmetic on the per-frame path: pose-objects.ts writes it out for speed, rigid.ts has
// the reference. Properties: both give the same bits; a⁻¹ ∘ b equals compose(invert(a), b) up to
// rounding; composing back gives b; the orientation stays a unit quaternion.
// Requirement ids: R-POSE-01 (poses are rigid transforms between spaces), R-POSE-19.

import fc from 'fast-check';
import { quat } from 'gl-matrix';
import { describe, expect, it } from 'vitest';
import { composedTransform, relativeTransform } from '../../src/api/pose-objects.js';
import { compose, invert, normalizeOrientation, type Rigid, relative, rigid } from '../../src/api/rigid.js';
import { XRRigidTransformInternals } from '../../src/api/XRRigidTransform.js';

const coord = fc.double({ min: -50, max: 50, noNaN: true });
const unitQuat = fc
  .tuple(fc.double({ min: -1, max: 1, noNaN: true }), fc.double({ min: -1, max: 1, noNaN: true }))
  .chain(([a, b]) =>
    fc.tuple(
      fc.constant(a),
      fc.constant(b),
      fc.double({ min: -1, max: 1, noNaN: true }),
      fc.double({ min: -1, max: 1, noNaN: true }),
    ),
  )
  .filter(([x, y, z, w]) => Math.hypot(x, y, z, w) > 0.1)
  .map(([x, y, z, w]) => {
    const n = Math.hypot(x, y, z, w);
    return [x / n, y / n, z / n, w / n] as const;
  });
const pose = fc
  .tuple(coord, coord, coord, unitQuat)
  .map(([x, y, z, [qx, qy, qz, qw]]) => Float64Array.of(x, y, z, qx, qy, qz, qw) as Rigid);

const packed = (t: ReturnType<typeof relativeTransform>): number[] => [...XRRigidTransformInternals.data(t)];

describe('pose arithmetic (pose-objects.ts against rigid.ts)', () => {
  it('relativeTransform(a, b) has the same bits as rigid.relative(a, b)', () => {
    fc.assert(
      fc.property(pose, pose, (a, b) => {
        expect(packed(relativeTransform(a, b))).toEqual([...relative(rigid(), a, b)]);
      }),
    );
  });

  it('composedTransform(a, b) has the same bits as rigid.compose(a, b)', () => {
    fc.assert(
      fc.property(pose, pose, (a, b) => {
        expect(packed(composedTransform(a, b))).toEqual([...compose(rigid(), a, b)]);
      }),
    );
  });

  it('a⁻¹ ∘ b equals compose(invert(a), b) up to rounding, and a ∘ (a⁻¹ ∘ b) gives b back', () => {
    fc.assert(
      fc.property(pose, pose, (a, b) => {
        const r = relative(rigid(), a, b);
        const viaInverse = compose(rigid(), invert(rigid(), a), b);
        for (let i = 0; i < 7; i++) expect(r[i]).toBeCloseTo(viaInverse[i] as number, 9);
        const back = compose(rigid(), a, r);
        for (let i = 0; i < 3; i++) expect(back[i]).toBeCloseTo(b[i] as number, 9);
        // The same rotation: |⟨q_back, q_b⟩| = 1 (a quaternion and its negation are one rotation).
        let dot = 0;
        for (let i = 3; i < 7; i++) dot += (back[i] as number) * (b[i] as number);
        expect(Math.abs(dot)).toBeCloseTo(1, 9);
        expect(Math.hypot(r[3] as number, r[4] as number, r[5] as number, r[6] as number)).toBeCloseTo(1, 12);
      }),
    );
  });

  it('R-POSE-19: a space relative to itself is the identity', () => {
    fc.assert(
      fc.property(pose, (a) => {
        const r = relative(rigid(), a, a);
        for (let i = 0; i < 3; i++) expect(Math.abs(r[i] as number)).toBeLessThan(1e-12);
        expect(Math.abs(r[6] as number)).toBeCloseTo(1, 12);
      }),
    );
  });

  it('normalizeOrientation gives the bits of gl-matrix quat.normalize, and false for a zero or overflowing length', () => {
    const component = fc.double({ min: -1e3, max: 1e3, noNaN: true });
    fc.assert(
      fc.property(coord, component, component, component, component, (p, x, y, z, w) => {
        const a = Float64Array.of(p, p, p, x, y, z, w) as Rigid;
        const ok = normalizeOrientation(a);
        // The length in double precision: zero (all zero, or its square underflows) or an overflow
        // cannot be normalized, and the orientation is left as it was.
        const len = Math.sqrt(x * x + y * y + z * z + w * w);
        const q = Float64Array.of(x, y, z, w);
        expect(ok).toBe(len > 0 && Number.isFinite(len));
        if (ok && len !== 1) quat.normalize(q, q);
        expect([...a]).toEqual([p, p, p, ...q]);
      }),
    );
    expect(normalizeOrientation(Float64Array.of(0, 0, 0, 1e200, 1e200, 0, 0) as Rigid)).toBe(false);
  });
});
