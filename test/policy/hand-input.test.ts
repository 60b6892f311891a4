// Hand anonymization (spec(hand-input) #privacy-security: hand data MUST NOT identify users; the UA
// MUST anonymize too-precise data by noise or rounding): every hand is scaled to one canonical size
// and rounded. Requirement: the module's MUST (cited by anchor; the catalog has no R-id for modules).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { simulatedHand } from '../../src/device/hand-model.js';
import { handJoints, handSize, reportedHand } from '../../src/policy/hand-input.js';
import { defineProfile, specProfile, strictProfile } from '../../src/policy/profile.js';

const onGrid = (v: number, step: number) => Math.abs(v / step - Math.round(v / step)) < 1e-6;

describe('reportedHand', () => {
  it('25 joints in the spec order; the simulated hand is 18.7 cm at scale 1', () => {
    expect(handJoints.length).toBe(25);
    expect(handJoints[0]).toBe('wrist');
    expect(handJoints[24]).toBe('pinky-finger-tip');
    expect(handSize(simulatedHand('right', 1).joints)).toBeCloseTo(0.187, 3);
  });

  it('any hand size is reported at the canonical size, positions and radii on the profile grid', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.5, max: 1.6, noNaN: true }),
        fc.constantFrom('left', 'right') as fc.Arbitrary<'left' | 'right'>,
        fc.constantFrom(specProfile, strictProfile),
        (scale, handedness, profile) => {
          const r = reportedHand(simulatedHand(handedness, scale), profile);
          expect(r).not.toBeNull();
          if (!r) return;
          // Rounding moves each joint by at most half a step per axis.
          const slack = 10 * profile.handPositionStep;
          expect(Math.abs(handSize(r.joints) - profile.handCanonicalSize)).toBeLessThan(slack);
          for (const j of r.joints)
            for (let k = 0; k < 3; k++) expect(onGrid(j[k] as number, profile.handPositionStep)).toBe(true);
          for (const q of r.joints)
            expect(Math.hypot(q[3] as number, q[4] as number, q[5] as number, q[6] as number)).toBeCloseTo(
              1,
              12,
            );
          for (const rad of r.radii) {
            expect(rad).toBeGreaterThan(0);
            expect(onGrid(rad, profile.handRadiusStep)).toBe(true);
          }
        },
      ),
    );
  });

  it('two hands of different sizes become the same hand (the size no longer identifies anyone)', () => {
    const small = reportedHand(simulatedHand('right', 0.9), specProfile);
    const large = reportedHand(simulatedHand('right', 1.12), specProfile);
    if (!small || !large) throw new Error('no hand');
    // The same to within one rounding step (a value right on a step boundary may round either way).
    const step = specProfile.handPositionStep;
    for (let i = 0; i < 25; i++) {
      for (let k = 0; k < 7; k++) {
        expect(
          Math.abs((small.joints[i]?.[k] as number) - (large.joints[i]?.[k] as number)),
        ).toBeLessThanOrEqual(step + 1e-12);
      }
      expect(Math.abs((small.radii[i] as number) - (large.radii[i] as number))).toBeLessThanOrEqual(
        specProfile.handRadiusStep + 1e-12,
      );
    }
  });

  it('proportions do not leak either: a hand with other bone lengths and radii is reported on the canonical skeleton', () => {
    const base = simulatedHand('right', 1);
    // Every bone of this hand is stretched by its own factor (a long index, a short little finger …).
    const odd = {
      joints: base.joints.map((j, i) => {
        const f = 1 + ((i * 37) % 11) / 40;
        return [j[0] * f, j[1], j[2] * f, j[3], j[4], j[5], j[6]] as const;
      }),
      radii: base.radii.map((r, i) => r * (1 + (i % 5) / 10)),
    };
    const a = reportedHand(base, specProfile);
    const b = reportedHand(odd, specProfile);
    if (!a || !b) throw new Error('no hand');
    expect(b.radii).toEqual(a.radii);
    // Each bone has the canonical length (to within the rounding of its two ends).
    const len = (h: typeof a, p: number, c: number) =>
      Math.hypot(
        (h.joints[c]?.[0] as number) - (h.joints[p]?.[0] as number),
        (h.joints[c]?.[1] as number) - (h.joints[p]?.[1] as number),
        (h.joints[c]?.[2] as number) - (h.joints[p]?.[2] as number),
      );
    for (const [p, c] of [
      [0, 5],
      [5, 6],
      [6, 7],
      [20, 21],
      [22, 23],
      [1, 2],
    ] as const) {
      expect(Math.abs(len(b, p, c) - len(a, p, c))).toBeLessThan(2 * specProfile.handPositionStep);
    }
  });

  it('orientations are rounded too (no full-precision quaternion reaches the page)', () => {
    const h = simulatedHand('left', 1.05);
    const r = reportedHand(h, strictProfile);
    if (!r) throw new Error('no hand');
    // Before normalization each component was on the 5 mm (0.005) grid: the normalized ones are a
    // common multiple of a grid vector.
    for (const j of r.joints) {
      const q = [...j.slice(3)];
      const big = Math.max(...q.map(Math.abs));
      const ratio = q.map((c) => c / big);
      for (const x of ratio) expect(Number.isFinite(x)).toBe(true);
    }
    expect(r.joints[4]?.[4]).not.toBe(h.joints[4]?.[4]);
  });

  it('not a hand (wrong joint count) is null; degenerate and non-finite data do not leak', () => {
    const h = simulatedHand('right');
    expect(reportedHand({ joints: h.joints.slice(1), radii: h.radii.slice(1) }, specProfile)).toBeNull();
    // A degenerate hand (every joint at the wrist) is rebuilt on the canonical skeleton.
    const flat = h.joints.map(() => [0, 0, 0, 0, 0, 0, 1] as const);
    expect(handSize(reportedHand({ joints: flat, radii: h.radii }, specProfile)?.joints ?? [])).toBeCloseTo(
      0.187,
      2,
    );
    const bad = h.joints.map((j, i) => (i === 3 ? ([Number.NaN, 0, 0, Number.NaN, 0, 0, 0] as const) : j));
    const r = reportedHand(
      { joints: bad, radii: h.radii.map((x, i) => (i === 2 ? Number.POSITIVE_INFINITY : x)) },
      specProfile,
    );
    expect(r?.joints.every((j) => [...j].every(Number.isFinite))).toBe(true);
    expect(r?.radii.every(Number.isFinite)).toBe(true);
  });

  it('defineProfile validates the hand options', () => {
    expect(() => defineProfile({ name: 'x', handCanonicalSize: 0 })).toThrow(TypeError);
    expect(() => defineProfile({ name: 'x', handPositionStep: -1 })).toThrow(TypeError);
    expect(defineProfile({ name: 'x', handRadiusStep: 0.004 }).handRadiusStep).toBe(0.004);
  });
});
