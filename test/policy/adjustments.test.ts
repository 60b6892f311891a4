// Unit tests for src/policy/adjustments.ts: rounding, quantization, limiting, view anonymization,
// throttling and viewport-scale quantization (REQUIREMENTS.md §11 R-SPACE, §12 R-ADJ, AMB-09/12/15/18).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  adjustBoundsGeometry,
  anonymizeViewOffsets,
  applyPoseLimit,
  createThrottle,
  distanceOutsidePolygonXZ,
  type PointXZ,
  posesMustBeLimited,
  quantizePosition,
  quantizeViewportScale,
  roundFloorHeight,
  roundFloorOrigin,
  type SpaceFacts,
  shouldAnonymizeViews,
} from '../../src/policy/adjustments.js';
import { specProfile, strictProfile } from '../../src/policy/profile.js';

/** WPT resources/webxr_test_constants.js VALID_BOUNDS (clockwise seen from above). */
const WPT_BOUNDS: readonly PointXZ[] = [
  { x: 3.0, z: -2.0 },
  { x: 3.5, z: 0.0 },
  { x: 3.0, z: 2.0 },
  { x: -3.0, z: 2.0 },
  { x: -3.5, z: 0.0 },
  { x: -3.0, z: -2.0 },
];

/** The 2 m × 3 m bounds of xrReferenceSpace_originOffsetBounded. */
const WPT_RECT: readonly PointXZ[] = [
  { x: -1, z: -1.5 },
  { x: 1, z: -1.5 },
  { x: 1, z: 1.5 },
  { x: -1, z: 1.5 },
];

/** An L shape with its reflex corner at (1.03, 1.03): naive rounding puts that corner in the notch. */
const L_SHAPE: readonly PointXZ[] = [
  { x: 0, z: 0 },
  { x: 2, z: 0 },
  { x: 2, z: 1.03 },
  { x: 1.03, z: 1.03 },
  { x: 1.03, z: 2 },
  { x: 0, z: 2 },
];

function area2(poly: readonly PointXZ[]): number {
  let s = 0;
  for (let i = 0; i < poly.length; i++) {
    const a = poly[i]!;
    const b = poly[(i + 1) % poly.length]!;
    s += a.x * b.z - b.x * a.z;
  }
  return s;
}

function distToSegment(p: PointXZ, a: PointXZ, b: PointXZ): number {
  const dx = b.x - a.x;
  const dz = b.z - a.z;
  const l2 = dx * dx + dz * dz;
  const t = l2 === 0 ? 0 : Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.z - a.z) * dz) / l2));
  return Math.hypot(a.x + t * dx - p.x, a.z + t * dz - p.z);
}

/** Independent point-in-polygon (winding number), boundary within 1e-9 counts as inside. */
function insideOrOn(p: PointXZ, poly: readonly PointXZ[]): boolean {
  for (let i = 0; i < poly.length; i++) {
    if (distToSegment(p, poly[i]!, poly[(i + 1) % poly.length]!) <= 1e-9) return true;
  }
  let winding = 0;
  for (let i = 0; i < poly.length; i++) {
    const a = poly[i]!;
    const b = poly[(i + 1) % poly.length]!;
    const side = (b.x - a.x) * (p.z - a.z) - (p.x - a.x) * (b.z - a.z);
    if (a.z <= p.z) {
      if (b.z > p.z && side > 0) winding++;
    } else if (b.z <= p.z && side < 0) winding--;
  }
  return winding !== 0;
}

function expectInside(inner: readonly PointXZ[], outer: readonly PointXZ[]): void {
  for (let i = 0; i < inner.length; i++) {
    const a = inner[i]!;
    const b = inner[(i + 1) % inner.length]!;
    for (let s = 0; s <= 100; s++) {
      const p = { x: a.x + ((b.x - a.x) * s) / 100, z: a.z + ((b.z - a.z) * s) / 100 };
      expect(insideOrOn(p, outer), `${JSON.stringify(p)} inside`).toBe(true);
    }
  }
}

function expectOnGrid(points: readonly PointXZ[], perMetre = 20): void {
  for (const p of points) {
    expect(Number.isInteger(p.x * perMetre)).toBe(true);
    expect(Number.isInteger(p.z * perMetre)).toBe(true);
  }
}

function rotations<T>(list: readonly T[]): T[][] {
  return list.map((_, i) => [...list.slice(i), ...list.slice(0, i)]);
}

describe('roundFloorHeight', () => {
  it('R-SPACE-13, R-SPACE-27: rounds to the nearest 1 cm by dividing by an integer (1.65 stays exactly 1.65)', () => {
    expect(roundFloorHeight(1.65)).toBe(1.65);
    expect(roundFloorHeight(1.234)).toBe(1.23);
    expect(roundFloorHeight(1.2361)).toBe(1.24);
    expect(roundFloorHeight(-0.256)).toBe(-0.26);
    // Multiplying by the step would give 1.6500000000000001.
    expect(Math.round(1.65 / 0.01) * 0.01).not.toBe(1.65);
  });

  it('R-SPACE-30, AMB-12: the WPT floor fixtures (1.65, 0.25, 0.20, and 1.6 default) are unchanged; float32 1.65 rounds back', () => {
    for (const y of [1.65, 0.25, 0.2, 1.6, 0]) expect(roundFloorHeight(y)).toBe(y);
    expect(roundFloorHeight(1.6499999761581421)).toBe(1.65);
    expect(roundFloorHeight(Math.fround(0.25))).toBe(0.25);
  });

  it('R-SPACE-27: idempotent, never -0, other steps supported', () => {
    const once = roundFloorHeight(1.23456);
    expect(roundFloorHeight(once)).toBe(once);
    expect(Object.is(roundFloorHeight(-0.004), 0)).toBe(true);
    expect(Object.is(roundFloorHeight(-0), 0)).toBe(true);
    expect(roundFloorHeight(1.63, 0.05)).toBe(1.65);
    expect(roundFloorHeight(1.74, 0.5)).toBe(1.5);
    expect(roundFloorHeight(1.7, 1)).toBe(2);
    expect(roundFloorHeight(1e300)).toBe(1e300);
  });

  it('R-SPACE-13: non-finite heights and bad steps throw TypeError', () => {
    for (const y of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, '1.6', null]) {
      expect(() => roundFloorHeight(y as number)).toThrow(TypeError);
    }
    for (const step of [0, -0.01, 2, Number.NaN, Number.POSITIVE_INFINITY, 1e-7, '0.01']) {
      expect(() => roundFloorHeight(1.6, step as number)).toThrow(TypeError);
    }
  });
});

describe('roundFloorOrigin', () => {
  it('R-SPACE-30: only y is rounded; X/Z and orientation pass through; the input is not modified', () => {
    const orientation = { x: 0, y: Math.SQRT1_2, z: 0, w: Math.SQRT1_2 };
    const origin = { position: { x: 1.00001, y: 1.6499999761581421, z: -1.23456 }, orientation };
    const out = roundFloorOrigin(origin);
    expect(out.position).toEqual({ x: 1.00001, y: 1.65, z: -1.23456 });
    expect(out.orientation).toEqual(orientation);
    expect(out.orientation).not.toBe(orientation);
    expect(origin.position.y).toBe(1.6499999761581421);
  });

  it('R-SPACE-30: transforms with getters (XRRigidTransform-like) are read into plain data', () => {
    class Transform {
      get position() {
        return { x: 1, y: 0.2500001, z: -1 };
      }
      get orientation() {
        return { x: 0, y: 0, z: 0, w: 1 };
      }
    }
    expect(roundFloorOrigin(new Transform())).toEqual({
      position: { x: 1, y: 0.25, z: -1 },
      orientation: { x: 0, y: 0, z: 0, w: 1 },
    });
  });

  it('R-SPACE-30: bad origins throw TypeError', () => {
    const q = { x: 0, y: 0, z: 0, w: 1 };
    const bad: unknown[] = [
      null,
      5,
      {},
      { position: null, orientation: q },
      { position: { x: 0, y: Number.NaN, z: 0 }, orientation: q },
      { position: { x: Number.NaN, y: 1, z: 0 }, orientation: q },
      { position: { x: 0, y: 1, z: 0 } },
      { position: { x: 0, y: 1, z: 0 }, orientation: { x: 0, y: 0, z: 0 } },
    ];
    for (const origin of bad) expect(() => roundFloorOrigin(origin as never)).toThrow(TypeError);
    expect(() => roundFloorOrigin({ position: { x: 0, y: 1, z: 0 }, orientation: q }, 0)).toThrow(TypeError);
  });
});

describe('quantizePosition', () => {
  it('R-ADJ-04, R-ADJ-07: quantizes every coordinate by integer division; null disables', () => {
    expect(quantizePosition({ x: 0.123, y: 1.6549, z: -0.0001 }, 0.01)).toEqual({ x: 0.12, y: 1.65, z: 0 });
    expect(Object.is(quantizePosition({ x: -0.0001, y: 0, z: 0 }, 0.01).x, 0)).toBe(true);
    const p = { x: 0.123456, y: 1, z: 2 };
    const copy = quantizePosition(p, null);
    expect(copy).toEqual(p);
    expect(copy).not.toBe(p);
  });

  it('R-ADJ-04: bad positions and steps throw TypeError', () => {
    expect(() => quantizePosition(null as never, 0.01)).toThrow(TypeError);
    expect(() => quantizePosition({ x: 0, y: Number.NaN, z: 0 }, 0.01)).toThrow(TypeError);
    expect(() => quantizePosition({ x: 0, y: 0, z: 0 }, 0)).toThrow(TypeError);
    expect(() => quantizePosition({ x: 0, y: 0, z: 0 }, -1)).toThrow(TypeError);
  });
});

describe('adjustBoundsGeometry: grid fixtures (R-SPACE-27, R-SPACE-30)', () => {
  it('R-SPACE-16: the WPT fixture is clockwise in xrgate convention (positive edge sum)', () => {
    expect(area2(WPT_BOUNDS)).toBe(52);
    expect(area2(WPT_RECT)).toBeGreaterThan(0);
  });

  it('R-SPACE-27, R-SPACE-30: the WPT bounds fixtures come back exactly, in every rotation and in reverse', () => {
    for (const fixture of [WPT_BOUNDS, WPT_RECT]) {
      for (const order of [...rotations(fixture), ...rotations([...fixture].reverse())]) {
        expect(adjustBoundsGeometry(order)).toEqual(order);
      }
    }
  });

  it('R-SPACE-27: the profile values (5 cm, 15 m, 1024 points) give the same result as the defaults', () => {
    const options = {
      step: specProfile.boundsQuantizationStep,
      limit: specProfile.boundsLimit,
      maxPoints: specProfile.maxListLength,
    };
    expect(adjustBoundsGeometry(WPT_BOUNDS, options)).toEqual(WPT_BOUNDS);
    expect(adjustBoundsGeometry(L_SHAPE, options)).toEqual(adjustBoundsGeometry(L_SHAPE));
  });

  it('R-SPACE-27: returns fresh objects and never modifies its input', () => {
    const input = WPT_BOUNDS.map((p) => ({ ...p }));
    const out = adjustBoundsGeometry(input);
    expect(out[0]).not.toBe(input[0]);
    (out[0] as { x: number }).x = 99;
    expect(input[0]).toEqual({ x: 3, z: -2 });
  });

  it('R-SPACE-16: DOMPointReadOnly-like points (x and z as prototype getters) are read, each once', () => {
    let reads = 0;
    class Point {
      readonly #x: number;
      readonly #z: number;
      constructor(x: number, z: number) {
        this.#x = x;
        this.#z = z;
      }
      get x(): number {
        reads++;
        return this.#x;
      }
      get z(): number {
        reads++;
        return this.#z;
      }
      get y(): number {
        return 0;
      }
    }
    const points = WPT_RECT.map((p) => new Point(p.x, p.z));
    expect(adjustBoundsGeometry(points)).toEqual(WPT_RECT);
    expect(reads).toBe(2 * WPT_RECT.length);
  });
});

describe('adjustBoundsGeometry: quantization inside the original (R-SPACE-18, AMB-09)', () => {
  it('R-SPACE-18: quantized bounds stay inside a concave polygon where naive rounding would not', () => {
    const naive = L_SHAPE.map((p) => ({ x: Math.round(p.x * 20) / 20, z: Math.round(p.z * 20) / 20 }));
    expect(insideOrOn({ x: 1.05, z: 1.05 }, L_SHAPE)).toBe(false);
    expect(naive).toContainEqual({ x: 1.05, z: 1.05 });
    const out = adjustBoundsGeometry(L_SHAPE);
    expect(out.length).toBeGreaterThanOrEqual(6);
    expectOnGrid(out);
    expectInside(out, L_SHAPE);
    expect(out).toContainEqual({ x: 1, z: 1 });
    expect(area2(out)).toBeGreaterThan(0);
    expect(adjustBoundsGeometry(out)).toEqual(out);
  });

  it('R-SPACE-18: off-grid convex bounds shrink onto the 5 cm grid, keeping order and start', () => {
    const poly = [
      { x: -2.012, z: -1.488 },
      { x: 2.031, z: -1.512 },
      { x: 1.977, z: 1.526 },
      { x: -1.999, z: 1.474 },
    ];
    const out = adjustBoundsGeometry(poly);
    expect(out).toEqual([
      { x: -2, z: -1.45 },
      { x: 2, z: -1.5 },
      { x: 1.95, z: 1.5 },
      { x: -1.95, z: 1.45 },
    ]);
    expectInside(out, poly);
  });

  it('R-SPACE-18: float32 coordinates just inside a grid line move inward, never out', () => {
    const poly = WPT_RECT.map((p) => ({ x: Math.fround(p.x * 1.05), z: Math.fround(p.z * 1.1) }));
    const out = adjustBoundsGeometry(poly);
    expectOnGrid(out);
    expectInside(out, poly);
    expect(out.length).toBe(4);
  });

  it('R-SPACE-16, R-SPACE-18: a counter-clockwise input keeps its own orientation', () => {
    const reversed = [...L_SHAPE].reverse();
    const out = adjustBoundsGeometry(reversed);
    expect(area2(out)).toBeLessThan(0);
    expectInside(out, reversed);
  });

  it('R-SPACE-18: a custom step quantizes to that grid (10 cm)', () => {
    const out = adjustBoundsGeometry(L_SHAPE, { step: 0.1 });
    expectOnGrid(out, 10);
    expectInside(out, L_SHAPE);
    expect(out).toContainEqual({ x: 1, z: 1 });
  });

  it('R-SPACE-18: narrow spikes narrower than the grid are cut off without leaving the polygon', () => {
    // A 4 m square with a 2 cm wide, 3 m long spike along +x.
    const poly = [
      { x: -2, z: -2 },
      { x: 2, z: -2 },
      { x: 2, z: -0.01 },
      { x: 5, z: -0.01 },
      { x: 5, z: 0.01 },
      { x: 2, z: 0.01 },
      { x: 2, z: 2 },
      { x: -2, z: 2 },
    ];
    const out = adjustBoundsGeometry(poly);
    expectInside(out, poly);
    expectOnGrid(out);
    expect(Math.max(...out.map((p) => p.x))).toBeLessThanOrEqual(5);
    expect(adjustBoundsGeometry(out)).toEqual(out);
  });

  it('R-SPACE-18, AMB-09: a spiky 1024-point star (spikes thinner than 5 cm) still gives a simple polygon inside', () => {
    const star = Array.from({ length: 1024 }, (_, i) => {
      const a = (2 * Math.PI * i) / 1024;
      const r = i % 2 ? 3 : 14;
      return { x: r * Math.cos(a), z: r * Math.sin(a) };
    });
    const out = adjustBoundsGeometry(star);
    expect(out.length).toBeGreaterThan(100);
    expectOnGrid(out);
    for (const p of out) expect(insideOrOn(p, star)).toBe(true);
    expect(adjustBoundsGeometry(out)).toEqual(out);
  }, 20000);
  it('R-SPACE-18, AMB-09: a chain stuck in a pocket narrower than the grid gets unstuck and stays inside', () => {
    // Found by search: the chain must drop earlier vertices to continue.
    const poly = [
      { x: 1.027, z: 0 },
      { x: 1.058, z: 0.058 },
      { x: 1, z: 0.07 },
      { x: 0.954, z: 0.046 },
      { x: 0.766, z: 0 },
      { x: 0.979, z: -0.021 },
      { x: 1, z: -0.501 },
      { x: 1.294, z: -0.294 },
    ];
    const out = adjustBoundsGeometry(poly);
    expect(out.length).toBeGreaterThanOrEqual(3);
    expectOnGrid(out);
    expectInside(out, poly);
    expect(area2(out)).toBeGreaterThan(0);
    expect(adjustBoundsGeometry(out)).toEqual(out);
  });

  it('AMB-09: a thin triangle whose closing edge cannot be kept inside gives []', () => {
    const poly = [
      { x: 0.442, z: 0 },
      { x: -0.236, z: 0.05 },
      { x: -0.025, z: -0.043 },
    ];
    expect(adjustBoundsGeometry(poly)).toEqual([]);
  });

  it('R-SPACE-18: a sharp corner with no grid point nearby is moved along its bisector, not dropped', () => {
    // A 6.5° sliver triangle: no inside grid point within 15 cm of the sharp apex.
    const poly = [
      { x: 0.3345653031794294, z: 0.37157241273869746 },
      { x: -0.25000000000000067, z: 0.4330127018922207 },
      { x: -2.195617108096353, z: -3.8029203851903275 },
    ];
    const out = adjustBoundsGeometry(poly);
    expect(out.length).toBe(3);
    expectOnGrid(out);
    expectInside(out, poly);
    expect(Math.min(...out.map((p) => p.z))).toBeLessThan(-2.5);
  });
});

describe('adjustBoundsGeometry: limiting (R-SPACE-17, AMB-09)', () => {
  it('R-SPACE-17: a 40 m square is clipped to the 15 m disc, nearly all of it kept', () => {
    const square = [
      { x: -20, z: -20 },
      { x: 20, z: -20 },
      { x: 20, z: 20 },
      { x: -20, z: 20 },
    ];
    const out = adjustBoundsGeometry(square);
    expect(out.length).toBeGreaterThanOrEqual(32);
    for (const p of out) expect(Math.hypot(p.x, p.z)).toBeLessThanOrEqual(15);
    expectOnGrid(out);
    expect(area2(out) / 2).toBeGreaterThan(690);
    expect(adjustBoundsGeometry(out)).toEqual(out);
  });

  it('R-SPACE-17: a concave U whose arms run past 15 m keeps both arms, inside and within 15 m', () => {
    const u = [
      { x: -5, z: -2 },
      { x: 5, z: -2 },
      { x: 5, z: 30 },
      { x: 3, z: 30 },
      { x: 3, z: 0 },
      { x: -3, z: 0 },
      { x: -3, z: 30 },
      { x: -5, z: 30 },
    ];
    const out = adjustBoundsGeometry(u);
    expectInside(out, u);
    for (const p of out) expect(Math.hypot(p.x, p.z)).toBeLessThanOrEqual(15);
    expect(out).toContainEqual({ x: 3, z: 0 });
    expect(out).toContainEqual({ x: -3, z: 0 });
    expect(Math.max(...out.map((p) => p.z))).toBeGreaterThan(14);
  });

  it('R-SPACE-17, AMB-09: when the limit splits the polygon, the piece with the origin is kept, else the largest', () => {
    // Arches: two legs joined beyond 15 m, so the limit cuts them apart.
    const arch = (rightLegFrom: number): PointXZ[] => [
      { x: -5, z: -10 },
      { x: -4, z: -10 },
      { x: -4, z: 20 },
      { x: rightLegFrom, z: 20 },
      { x: rightLegFrom, z: -10 },
      { x: 5, z: -10 },
      { x: 5, z: 25 },
      { x: -5, z: 25 },
    ];
    // The origin lies in the right leg (x from -1 to 5).
    const withOrigin = arch(-1);
    expect(area2(withOrigin)).toBeGreaterThan(0);
    const out = adjustBoundsGeometry(withOrigin);
    expectInside(out, withOrigin);
    expect(Math.min(...out.map((p) => p.x))).toBe(-1);
    expect(insideOrOn({ x: 0, z: 0 }, out)).toBe(true);
    // The origin lies in the gap between the legs: the larger right leg (4 m wide) is kept.
    const gap = arch(1);
    const out2 = adjustBoundsGeometry(gap);
    expectInside(out2, gap);
    expect(Math.min(...out2.map((p) => p.x))).toBe(1);
    expect(Math.max(...out2.map((p) => p.x))).toBe(5);
  });

  it('R-SPACE-17, AMB-09: huge polygons up to ±1000 km are clipped; beyond that the input is refused as []', () => {
    const square = (h: number): PointXZ[] => [
      { x: -h, z: -h },
      { x: h, z: -h },
      { x: h, z: h },
      { x: -h, z: h },
    ];
    const out = adjustBoundsGeometry(square(1e6));
    expect(out).toEqual(adjustBoundsGeometry(square(100)));
    for (const p of out) expect(Math.hypot(p.x, p.z)).toBeLessThanOrEqual(15);
    expect(adjustBoundsGeometry(square(1.0001e6))).toEqual([]);
    expect(adjustBoundsGeometry(square(1e300))).toEqual([]);
    expect(adjustBoundsGeometry(square(Number.MAX_VALUE))).toEqual([]);
  });

  it('R-SPACE-17: a polygon entirely beyond 15 m is reported as []', () => {
    const far = [
      { x: 20, z: -1 },
      { x: 25, z: -1 },
      { x: 25, z: 1 },
      { x: 20, z: 1 },
    ];
    expect(adjustBoundsGeometry(far)).toEqual([]);
  });

  it('R-SPACE-17: the limit option applies radially (2 m)', () => {
    const out = adjustBoundsGeometry(WPT_BOUNDS, { limit: 2 });
    expect(out.length).toBeGreaterThanOrEqual(16);
    for (const p of out) expect(Math.hypot(p.x, p.z)).toBeLessThanOrEqual(2);
    expectInside(out, WPT_BOUNDS);
  });

  it('R-SPACE-17: a point exactly 15 m away on the grid is kept without clipping', () => {
    const poly = [
      { x: 0, z: -1 },
      { x: 9, z: 12 },
      { x: -1, z: 0 },
    ];
    expect(area2(poly)).toBeGreaterThan(0);
    expect(adjustBoundsGeometry(poly)).toEqual(poly);
  });
});

describe('adjustBoundsGeometry: degenerate and hostile input → [] (AMB-09, R-SPACE-19)', () => {
  it('AMB-09: fewer than 3 points, duplicates, collinear and zero-area polygons give []', () => {
    expect(adjustBoundsGeometry([])).toEqual([]);
    expect(adjustBoundsGeometry([{ x: 0, z: 0 }])).toEqual([]);
    expect(
      adjustBoundsGeometry([
        { x: 0, z: 0 },
        { x: 1, z: 0 },
      ]),
    ).toEqual([]);
    expect(
      adjustBoundsGeometry([
        { x: 0, z: 0 },
        { x: 1, z: 0 },
        { x: 1, z: 0 },
        { x: 0, z: 0 },
      ]),
    ).toEqual([]);
    expect(
      adjustBoundsGeometry([
        { x: 0, z: 0 },
        { x: 1, z: 1 },
        { x: 2, z: 2 },
      ]),
    ).toEqual([]);
  });

  it('AMB-09: consecutive duplicates and a repeated closing point are dropped', () => {
    const withDupes = [WPT_RECT[0]!, WPT_RECT[0]!, WPT_RECT[1]!, WPT_RECT[2]!, WPT_RECT[3]!, WPT_RECT[0]!];
    expect(adjustBoundsGeometry(withDupes)).toEqual(WPT_RECT);
  });

  it('AMB-09: a polygon that collapses below the grid (3 cm triangle) gives []', () => {
    expect(
      adjustBoundsGeometry([
        { x: 0.01, z: 0.01 },
        { x: 0.04, z: 0.01 },
        { x: 0.02, z: 0.04 },
      ]),
    ).toEqual([]);
  });

  it('AMB-09: self-intersecting input (bow tie, zero-width spike) gives []', () => {
    expect(
      adjustBoundsGeometry([
        { x: -1, z: -1 },
        { x: 1, z: 1 },
        { x: 1, z: -1 },
        { x: -1, z: 1 },
        { x: -2, z: 0 },
      ]),
    ).toEqual([]);
    expect(
      adjustBoundsGeometry([
        { x: -1, z: -1 },
        { x: 1, z: -1 },
        { x: 1, z: 1 },
        { x: 0, z: 1 },
        { x: 0, z: 3 },
        { x: 0, z: 2 },
        { x: -1, z: 1 },
      ]),
    ).toEqual([]);
  });

  it('AMB-09: NaN, Infinity, strings, holes and non-objects give []', () => {
    const bad: unknown[] = [
      [{ x: Number.NaN, z: 0 }, ...WPT_RECT],
      [{ x: Number.POSITIVE_INFINITY, z: 0 }, ...WPT_RECT],
      [{ x: '1', z: '2' }, ...WPT_RECT],
      [{ x: 1 }, ...WPT_RECT],
      [null, ...WPT_RECT],
      [7, ...WPT_RECT],
      [() => 1, ...WPT_RECT],
      new Array(5),
    ];
    for (const input of bad) expect(adjustBoundsGeometry(input as PointXZ[])).toEqual([]);
  });

  it('AMB-09: non-arrays (null, numbers, strings, array-likes) give []', () => {
    for (const input of [null, undefined, 42, 'abc', { length: 4, 0: { x: 0, z: 0 } }, new Set(WPT_RECT)]) {
      expect(adjustBoundsGeometry(input as never)).toEqual([]);
    }
  });

  it('AMB-09: more than maxPoints points, or a proxy claiming a huge length, give [] without reading them', () => {
    const circle = (n: number): PointXZ[] =>
      Array.from({ length: n }, (_, i) => ({
        x: 0 + Math.round(200 * Math.cos((2 * Math.PI * i) / n)) / 20,
        z: 0 + Math.round(200 * Math.sin((2 * Math.PI * i) / n)) / 20,
      }));
    expect(adjustBoundsGeometry(circle(8), { maxPoints: 7 })).toEqual([]);
    expect(adjustBoundsGeometry(circle(1025))).toEqual([]);
    let reads = 0;
    const huge = new Proxy([] as PointXZ[], {
      get(target, key, receiver) {
        if (key === 'length') return 1e9;
        reads++;
        return Reflect.get(target, key, receiver);
      },
    });
    expect(adjustBoundsGeometry(huge)).toEqual([]);
    expect(reads).toBe(0);
  });

  it('AMB-09: getters and proxies that throw, and revoked proxies, give []', () => {
    const throwing = WPT_RECT.map((p, i) =>
      i === 2
        ? (Object.defineProperty({ z: p.z }, 'x', {
            get() {
              throw new Error('boom');
            },
          }) as PointXZ)
        : p,
    );
    expect(adjustBoundsGeometry(throwing)).toEqual([]);
    const trap = new Proxy([...WPT_RECT], {
      get(target, key, receiver) {
        if (key === '1') throw new Error('trap');
        return Reflect.get(target, key, receiver);
      },
    });
    expect(adjustBoundsGeometry(trap)).toEqual([]);
    const { proxy, revoke } = Proxy.revocable([...WPT_RECT], {});
    revoke();
    expect(adjustBoundsGeometry(proxy)).toEqual([]);
  });

  it('AMB-09: an array proxy that behaves is read like an array', () => {
    expect(adjustBoundsGeometry(new Proxy([...WPT_RECT], {}))).toEqual(WPT_RECT);
  });

  it('AMB-09: __proto__ keys from JSON do not supply coordinates', () => {
    const parsed = JSON.parse(
      '[{"__proto__":{"x":0,"z":0}},{"x":1,"z":0},{"x":1,"z":1},{"x":0,"z":1}]',
    ) as PointXZ[];
    expect(adjustBoundsGeometry(parsed)).toEqual([]);
    expect(({} as { x?: number }).x).toBeUndefined();
  });

  it('AMB-09: bad options throw TypeError', () => {
    const bad: unknown[] = [
      null,
      5,
      'x',
      { step: 0 },
      { step: -0.05 },
      { step: 2 },
      { step: Number.NaN },
      { step: '0.05' },
      { limit: 0 },
      { limit: -1 },
      { limit: Number.POSITIVE_INFINITY },
      { maxPoints: 2 },
      { maxPoints: 3.5 },
      { maxPoints: '10' },
      { maxPoints: 2 ** 40 },
    ];
    for (const options of bad)
      expect(() => adjustBoundsGeometry(WPT_RECT, options as never)).toThrow(TypeError);
    const throwing = Object.defineProperty({}, 'step', {
      get() {
        throw new Error('boom');
      },
    });
    expect(() => adjustBoundsGeometry(WPT_RECT, throwing)).toThrow(TypeError);
  });
});

describe('distanceOutsidePolygonXZ', () => {
  it('R-SPACE-29: 0 inside and on the boundary, else the distance to the nearest edge', () => {
    expect(distanceOutsidePolygonXZ({ x: 0, z: 0 }, WPT_RECT)).toBe(0);
    expect(distanceOutsidePolygonXZ({ x: 1, z: 0 }, WPT_RECT)).toBe(0);
    expect(distanceOutsidePolygonXZ({ x: 1, z: -1.5 }, WPT_RECT)).toBe(0);
    expect(distanceOutsidePolygonXZ({ x: 0, z: 3.3 }, WPT_RECT)).toBeCloseTo(1.8, 12);
    expect(distanceOutsidePolygonXZ({ x: 3, z: 3.5 }, WPT_RECT)).toBeCloseTo(Math.hypot(2, 2), 12);
  });

  it('R-SPACE-29: concave polygons measure from the notch edges', () => {
    expect(distanceOutsidePolygonXZ({ x: 1.5, z: 1.5 }, L_SHAPE)).toBeCloseTo(0.47, 12);
    expect(distanceOutsidePolygonXZ({ x: 0.5, z: 1.5 }, L_SHAPE)).toBe(0);
  });

  it('R-SPACE-29: empty polygons are infinitely far; 1–2 points measure to the point or segment', () => {
    expect(distanceOutsidePolygonXZ({ x: 0, z: 0 }, [])).toBe(Number.POSITIVE_INFINITY);
    expect(distanceOutsidePolygonXZ({ x: 3, z: 4 }, [{ x: 0, z: 0 }])).toBe(5);
    expect(
      distanceOutsidePolygonXZ({ x: 1, z: 2 }, [
        { x: 0, z: 0 },
        { x: 2, z: 0 },
      ]),
    ).toBe(2);
  });

  it('R-SPACE-29: bad input throws TypeError', () => {
    expect(() => distanceOutsidePolygonXZ({ x: 0, z: 0 }, null as never)).toThrow(TypeError);
    expect(() => distanceOutsidePolygonXZ({ x: 0, z: 0 }, [{ x: Number.NaN, z: 0 }])).toThrow(TypeError);
    expect(() => distanceOutsidePolygonXZ({ x: Number.NaN, z: 0 }, WPT_RECT)).toThrow(TypeError);
    expect(() => distanceOutsidePolygonXZ(null as never, WPT_RECT)).toThrow(TypeError);
    const throwing = Object.defineProperty({ z: 0 }, 'x', {
      get() {
        throw new Error('boom');
      },
    }) as PointXZ;
    expect(() => distanceOutsidePolygonXZ(throwing, WPT_RECT)).toThrow(TypeError);
  });
});

describe('posesMustBeLimited', () => {
  const bounded = (bounds: readonly PointXZ[] | undefined, at = { x: 0, y: 0, z: 0 }): SpaceFacts => ({
    type: 'bounded-floor',
    nativeOrigin: at,
    ...(bounds === undefined ? {} : { bounds }),
  });
  const space = (type: SpaceFacts['type'], x: number, y = 0, z = 0): SpaceFacts => ({
    type,
    nativeOrigin: { x, y, z },
  });

  it('R-SPACE-29, AMB-15: WPT originOffsetBounded input origins 1.80 m and 1.83 m outside the bounds are not limited by default (2 m)', () => {
    for (const z of [3.3, 3.33]) {
      const grip = space('input', 0.5, 1, z);
      expect(posesMustBeLimited(grip, bounded(WPT_RECT))).toBe(false);
      expect(posesMustBeLimited(bounded(WPT_RECT), grip)).toBe(false);
      expect(
        posesMustBeLimited(grip, bounded(WPT_RECT), {
          outsideBoundsLimit: specProfile.poseLimitOutsideBounds,
        }),
      ).toBe(false);
    }
  });

  it('R-SPACE-06, R-SPACE-29: the strict profile (1 m outside the bounds) limits the same poses', () => {
    const grip = space('input', 0.5, 1, 3.3);
    const options = {
      outsideBoundsLimit: strictProfile.poseLimitOutsideBounds,
      localLimit: strictProfile.poseLimitLocal,
    };
    expect(posesMustBeLimited(grip, bounded(WPT_RECT), options)).toBe(true);
    expect(posesMustBeLimited(bounded(WPT_RECT), grip, options)).toBe(true);
    expect(posesMustBeLimited(space('input', 0.5, 1, 2.5), bounded(WPT_RECT), options)).toBe(false);
  });

  it('R-SPACE-05: the other origin is measured relative to the bounded native origin (XZ only)', () => {
    const b = bounded(WPT_RECT, { x: 10, y: 0, z: 10 });
    expect(posesMustBeLimited(space('viewer', 10, 50, 12.9), b)).toBe(false);
    expect(posesMustBeLimited(space('viewer', 10, 0, 13.6), b)).toBe(true);
    expect(posesMustBeLimited(space('viewer', 0, 0, 0), b)).toBe(true);
  });

  it('R-SPACE-28, R-SPACE-29: empty or absent bounds fall back to 15 m from the bounded native origin', () => {
    for (const bounds of [[], undefined, [{ x: 0, z: 0 }]] as const) {
      expect(posesMustBeLimited(space('viewer', 0, 1.6, 14), bounded(bounds))).toBe(false);
      expect(posesMustBeLimited(space('viewer', 0, 0, 15.01), bounded(bounds))).toBe(true);
      expect(posesMustBeLimited(bounded(bounds), space('input', 16, 0, 0))).toBe(true);
    }
    expect(posesMustBeLimited(space('viewer', 0, 0, 6), bounded([]), { localLimit: 5 })).toBe(true);
  });

  it('R-SPACE-05, R-SPACE-06: local and local-floor limit at 15 m between native origins (equal is not limited)', () => {
    for (const type of ['local', 'local-floor'] as const) {
      expect(posesMustBeLimited(space(type, 0), space('viewer', 15))).toBe(false);
      expect(posesMustBeLimited(space('viewer', 15.01), space(type, 0))).toBe(true);
      expect(posesMustBeLimited(space(type, 0), space('input', 9, 0, 12))).toBe(false);
      expect(posesMustBeLimited(space(type, 0), space('input', 9, 0.1, 12))).toBe(true);
      expect(posesMustBeLimited(space(type, 0), space('viewer', 6), { localLimit: 5 })).toBe(true);
    }
  });

  it('R-SPACE-05: pairs without local, local-floor or bounded-floor are never limited', () => {
    expect(posesMustBeLimited(space('viewer', 0), space('unbounded', 1000))).toBe(false);
    expect(posesMustBeLimited(space('input', 0), space('other', -1000))).toBe(false);
    expect(posesMustBeLimited(space('local', 3), space('local', 3))).toBe(false);
  });

  it('R-SPACE-05: both rules apply when a bounded space meets a local one', () => {
    expect(posesMustBeLimited(bounded(WPT_RECT), space('local', 0, 0, 1))).toBe(false);
    expect(posesMustBeLimited(bounded(WPT_RECT), space('local-floor', 0, 0, 4))).toBe(true);
    expect(posesMustBeLimited(bounded(WPT_RECT), bounded(WPT_RECT, { x: 0, y: 0, z: 3 }))).toBe(false);
    expect(posesMustBeLimited(bounded(WPT_RECT), bounded(WPT_RECT, { x: 0, y: 0, z: 4 }))).toBe(true);
  });

  it('R-SPACE-05: bad facts and options throw TypeError', () => {
    const ok = space('viewer', 0);
    const bad: unknown[] = [
      null,
      5,
      { type: 'floor', nativeOrigin: { x: 0, y: 0, z: 0 } },
      { type: 'local' },
      { type: 'local', nativeOrigin: { x: 0, y: Number.NaN, z: 0 } },
      { type: 'local', nativeOrigin: null },
      { type: 'bounded-floor', nativeOrigin: { x: 0, y: 0, z: 0 }, bounds: 'square' },
      { type: 'bounded-floor', nativeOrigin: { x: 0, y: 0, z: 0 }, bounds: [{ x: 0 }] },
      Object.defineProperty({ nativeOrigin: { x: 0, y: 0, z: 0 } }, 'type', {
        get() {
          throw new Error('boom');
        },
      }),
      {
        type: 'local',
        nativeOrigin: Object.defineProperty({ y: 0, z: 0 }, 'x', {
          get() {
            throw new Error('boom');
          },
        }),
      },
    ];
    for (const facts of bad) {
      expect(() => posesMustBeLimited(facts as SpaceFacts, ok)).toThrow(TypeError);
      expect(() => posesMustBeLimited(ok, facts as SpaceFacts)).toThrow(TypeError);
    }
    const throwing = Object.defineProperty({}, 'localLimit', {
      get() {
        throw new Error('boom');
      },
    });
    for (const options of [
      null,
      5,
      throwing,
      { localLimit: 0 },
      { outsideBoundsLimit: -1 },
      { localLimit: Number.NaN },
    ]) {
      expect(() => posesMustBeLimited(ok, ok, options as never)).toThrow(TypeError);
    }
  });
});

describe('applyPoseLimit', () => {
  it('R-POSE-06, AMB-15: not limited → report; limited viewer pose with a past pose → last-known; else null', () => {
    const last = { position: { x: 0, y: 1.6, z: 0 } };
    expect(applyPoseLimit({ limited: false, forceEmulation: false, lastKnown: null })).toBe('report');
    expect(applyPoseLimit({ limited: false, forceEmulation: true, lastKnown: last })).toBe('report');
    expect(applyPoseLimit({ limited: true, forceEmulation: true, lastKnown: last })).toBe('last-known');
    expect(applyPoseLimit({ limited: true, forceEmulation: true, lastKnown: null })).toBe('null');
    expect(applyPoseLimit({ limited: true, forceEmulation: true, lastKnown: undefined })).toBe('null');
    expect(applyPoseLimit({ limited: true, forceEmulation: false, lastKnown: last })).toBe('null');
  });

  it('R-POSE-06: bad input throws TypeError', () => {
    expect(() => applyPoseLimit(null as never)).toThrow(TypeError);
    expect(() => applyPoseLimit({ limited: 1, forceEmulation: false, lastKnown: null } as never)).toThrow(
      TypeError,
    );
    expect(() => applyPoseLimit({ limited: true, forceEmulation: 'yes', lastKnown: null } as never)).toThrow(
      TypeError,
    );
  });
});

describe('shouldAnonymizeViews', () => {
  it('R-POSE-20, AMB-18: the default profile anonymizes only calibrated or user-configured multi-view geometry', () => {
    const mode = specProfile.anonymizeViews;
    expect(shouldAnonymizeViews(mode, { viewCount: 2, geometry: 'calibrated' })).toBe(true);
    expect(shouldAnonymizeViews(mode, { viewCount: 2, geometry: 'user-configured' })).toBe(true);
    expect(shouldAnonymizeViews(mode, { viewCount: 2, geometry: 'scripted' })).toBe(false);
    expect(shouldAnonymizeViews(mode, { viewCount: 1, geometry: 'calibrated' })).toBe(false);
  });

  it('R-POSE-20: the strict profile anonymizes every multi-view device, scripted ones included', () => {
    const mode = strictProfile.anonymizeViews;
    expect(shouldAnonymizeViews(mode, { viewCount: 2, geometry: 'scripted' })).toBe(true);
    expect(shouldAnonymizeViews(mode, { viewCount: 4, geometry: 'calibrated' })).toBe(true);
    expect(shouldAnonymizeViews(mode, { viewCount: 1, geometry: 'scripted' })).toBe(false);
    expect(shouldAnonymizeViews(mode, { viewCount: 0, geometry: 'user-configured' })).toBe(false);
  });

  it('R-POSE-20: bad input throws TypeError', () => {
    expect(() => shouldAnonymizeViews('sometimes' as never, { viewCount: 2, geometry: 'scripted' })).toThrow(
      TypeError,
    );
    expect(() => shouldAnonymizeViews('all-multiview', null as never)).toThrow(TypeError);
    expect(() => shouldAnonymizeViews('all-multiview', { viewCount: -1, geometry: 'scripted' })).toThrow(
      TypeError,
    );
    expect(() => shouldAnonymizeViews('all-multiview', { viewCount: 1.5, geometry: 'scripted' })).toThrow(
      TypeError,
    );
    expect(() => shouldAnonymizeViews('all-multiview', { viewCount: 2, geometry: 'fixed' as never })).toThrow(
      TypeError,
    );
  });
});

describe('anonymizeViewOffsets', () => {
  const dist = (a: { x: number; y: number; z: number }, b: { x: number; y: number; z: number }): number =>
    Math.hypot(a.x - b.x, a.y - b.y, a.z - b.z);

  it('R-POSE-11, AMB-18: two views snap their distance to the nearest canonical IPD, keeping midpoint and direction', () => {
    const eyes = [
      { x: -0.0322, y: 0.1, z: 0.05 },
      { x: 0.0322, y: 0.1, z: 0.05 },
    ];
    const out = anonymizeViewOffsets(eyes, specProfile.canonicalIpds);
    expect(dist(out[0]!, out[1]!)).toBeCloseTo(0.063, 12);
    expect(out[0]!.x + out[1]!.x).toBeCloseTo(0, 12);
    expect(out[0]!.y).toBeCloseTo(0.1, 12);
    expect(out[1]!.z).toBeCloseTo(0.05, 12);
  });

  it('R-POSE-11: the direction between the views is kept for a tilted pair', () => {
    const eyes = [
      { x: 0, y: 0, z: 0 },
      { x: 0.03, y: 0.04, z: 0 },
    ];
    const out = anonymizeViewOffsets(eyes);
    expect(dist(out[0]!, out[1]!)).toBeCloseTo(0.058, 12);
    expect((out[1]!.y - out[0]!.y) / (out[1]!.x - out[0]!.x)).toBeCloseTo(4 / 3, 12);
    expect((out[0]!.x + out[1]!.x) / 2).toBeCloseTo(0.015, 12);
  });

  it('AMB-18: a distance exactly between two canonical IPDs snaps to the smaller', () => {
    const out = anonymizeViewOffsets(
      [
        { x: -1, y: 0, z: 0 },
        { x: 1, y: 0, z: 0 },
      ],
      [3, 1],
    );
    expect(out).toEqual([
      { x: -0.5, y: 0, z: 0 },
      { x: 0.5, y: 0, z: 0 },
    ]);
  });

  it('R-POSE-11: more than two views scale about the centroid so the largest distance is canonical', () => {
    const views = [
      { x: -0.03, y: 0, z: 0 },
      { x: 0.03, y: 0, z: 0 },
      { x: 0, y: 0.1, z: 0 },
    ];
    const out = anonymizeViewOffsets(views);
    const largest = Math.max(dist(out[0]!, out[1]!), dist(out[0]!, out[2]!), dist(out[1]!, out[2]!));
    expect(largest).toBeCloseTo(0.068, 12);
    expect((out[0]!.y + out[1]!.y + out[2]!.y) / 3).toBeCloseTo(0.1 / 3, 12);
    expect(dist(out[0]!, out[1]!) / dist(out[0]!, out[2]!)).toBeCloseTo(
      dist(views[0]!, views[1]!) / dist(views[0]!, views[2]!),
      12,
    );
  });

  it('R-POSE-11: zero or one view, and coincident views, come back as copies', () => {
    expect(anonymizeViewOffsets([])).toEqual([]);
    const one = { x: 0.01, y: 0, z: 0 };
    const single = anonymizeViewOffsets([one]);
    expect(single).toEqual([one]);
    expect(single[0]).not.toBe(one);
    const same = [
      { x: 0, y: 0, z: 0 },
      { x: 0, y: 0, z: 0 },
    ];
    expect(anonymizeViewOffsets(same)).toEqual(same);
  });

  it('R-POSE-11: bad input throws TypeError', () => {
    expect(() => anonymizeViewOffsets(null as never)).toThrow(TypeError);
    expect(() => anonymizeViewOffsets([{ x: 0, y: Number.NaN, z: 0 }])).toThrow(TypeError);
    expect(() => anonymizeViewOffsets([{ x: 0, y: 0 } as never])).toThrow(TypeError);
    expect(() => anonymizeViewOffsets(new Array(65).fill({ x: 0, y: 0, z: 0 }))).toThrow(TypeError);
    expect(() => anonymizeViewOffsets([{ x: 0, y: 0, z: 0 }], [])).toThrow(TypeError);
    expect(() => anonymizeViewOffsets([{ x: 0, y: 0, z: 0 }], [0.06, -1])).toThrow(TypeError);
    expect(() => anonymizeViewOffsets([{ x: 0, y: 0, z: 0 }], 'ipd' as never)).toThrow(TypeError);
  });
});

describe('createThrottle', () => {
  it('R-ADJ-02: null or 0 Hz never throttles', () => {
    for (const hz of [null, 0]) {
      const may = createThrottle(hz);
      expect(may(null, 0)).toBe(true);
      expect(may(0, 0)).toBe(true);
      expect(may(100, 100.001)).toBe(true);
    }
  });

  it('R-ADJ-02: 30 Hz delivers the first sample, then at most one per 1000/30 ms', () => {
    const may = createThrottle(30);
    expect(may(null, 5)).toBe(true);
    expect(may(0, 16.7)).toBe(false);
    expect(may(0, 33.3)).toBe(false);
    expect(may(0, 1000 / 30)).toBe(true);
    expect(may(0, 50)).toBe(true);
  });

  it('R-ADJ-02: a clock that went backwards counts as a reset', () => {
    expect(createThrottle(10)(100, 50)).toBe(true);
  });

  it('R-ADJ-02: bad rates and times throw TypeError', () => {
    for (const hz of [-1, Number.NaN, Number.POSITIVE_INFINITY, '30']) {
      expect(() => createThrottle(hz as never)).toThrow(TypeError);
    }
    const may = createThrottle(30);
    expect(() => may(0, Number.NaN)).toThrow(TypeError);
    expect(() => may(Number.POSITIVE_INFINITY, 0)).toThrow(TypeError);
  });
});

describe('quantizeViewportScale', () => {
  it('R-ADJ-07: rounds to the nearest of [0.25, 0.5, 0.75, 1], clamping out-of-range requests', () => {
    expect(quantizeViewportScale(0.6, null)).toBe(0.5);
    expect(quantizeViewportScale(0.63, null)).toBe(0.75);
    expect(quantizeViewportScale(0.1, null)).toBe(0.25);
    expect(quantizeViewportScale(-3, null)).toBe(0.25);
    expect(quantizeViewportScale(1.5, null)).toBe(1);
    expect(quantizeViewportScale(0.375, null)).toBe(0.25);
  });

  it('R-ADJ-07: hysteresis keeps the previous value until the request is 0.05 past the midpoint', () => {
    expect(quantizeViewportScale(0.63, 0.5)).toBe(0.5);
    expect(quantizeViewportScale(0.674, 0.5)).toBe(0.5);
    expect(quantizeViewportScale(0.68, 0.5)).toBe(0.75);
    expect(quantizeViewportScale(0.58, 0.75)).toBe(0.75);
    expect(quantizeViewportScale(0.56, 0.75)).toBe(0.5);
    expect(quantizeViewportScale(0.1, 1)).toBe(0.25);
    expect(quantizeViewportScale(0.63, 0.5, { hysteresis: 0 })).toBe(0.75);
    // A previous value that is not one of the values is ignored.
    expect(quantizeViewportScale(0.63, 0.6)).toBe(0.75);
  });

  it('R-ADJ-07: custom values, in any order', () => {
    expect(quantizeViewportScale(0.7, null, { values: [1, 0.5] })).toBe(0.5);
    expect(quantizeViewportScale(0.8, 0.5, { values: [1, 0.5], hysteresis: 0.1 })).toBe(0.5);
    expect(quantizeViewportScale(0.9, 0.5, { values: [1, 0.5], hysteresis: 0.1 })).toBe(1);
  });

  it('R-ADJ-07: bad values, hysteresis and inputs throw TypeError', () => {
    for (const values of [[], [0], [1.5], [Number.NaN], 'x', new Array(65).fill(0.5)]) {
      expect(() => quantizeViewportScale(0.5, null, { values: values as never })).toThrow(TypeError);
    }
    expect(() => quantizeViewportScale(0.5, null, null as never)).toThrow(TypeError);
    expect(() => quantizeViewportScale(0.5, null, { hysteresis: -1 })).toThrow(TypeError);
    expect(() => quantizeViewportScale(0.5, null, { hysteresis: Number.NaN })).toThrow(TypeError);
    expect(() => quantizeViewportScale(Number.NaN, null)).toThrow(TypeError);
    expect(() => quantizeViewportScale(0.5, Number.POSITIVE_INFINITY)).toThrow(TypeError);
  });
});

describe('purity', () => {
  it('R-ADJ-14: the adjustments layer reads no clock, no randomness and no DOM', () => {
    const source = readFileSync(new URL('../../src/policy/adjustments.ts', import.meta.url), 'utf8');
    const code = source
      .split('\n')
      .filter((line) => !line.trim().startsWith('//') && !line.trim().startsWith('*'))
      .join('\n');
    for (const banned of [
      /Date\./,
      /Math\.random/,
      /performance\./,
      /\bwindow\b/,
      /\bdocument\b/,
      /globalThis/,
    ]) {
      expect(code).not.toMatch(banned);
    }
  });
});
