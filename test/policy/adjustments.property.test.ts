// Property tests for src/policy/adjustments.ts (R-SPACE-17/18/27, R-SPACE-13/30, R-SPACE-05/29,
// R-ADJ-07, AMB-09/12/15). The geometry checks here are written independently of the module.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  adjustBoundsGeometry,
  distanceOutsidePolygonXZ,
  type PointXZ,
  posesMustBeLimited,
  quantizeViewportScale,
  roundFloorHeight,
  type SpaceFacts,
  type SpaceType,
} from '../../src/policy/adjustments.js';

const TOL = 1e-9;
// Generous timeouts: the bounds properties take about a second, more on a loaded 2-core machine.

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

function distToBoundary(p: PointXZ, poly: readonly PointXZ[]): number {
  let d = Number.POSITIVE_INFINITY;
  for (let i = 0; i < poly.length; i++)
    d = Math.min(d, distToSegment(p, poly[i]!, poly[(i + 1) % poly.length]!));
  return d;
}

/** Winding-number point-in-polygon, boundary within TOL counts as inside. */
function insideOrOn(p: PointXZ, poly: readonly PointXZ[]): boolean {
  if (distToBoundary(p, poly) <= TOL) return true;
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

/** Every vertex, and 64 evenly spaced points along every edge, are inside-or-on `outer`. */
function polygonInside(inner: readonly PointXZ[], outer: readonly PointXZ[]): boolean {
  for (let i = 0; i < inner.length; i++) {
    const a = inner[i]!;
    const b = inner[(i + 1) % inner.length]!;
    for (let s = 0; s <= 64; s++) {
      const t = s / 64;
      if (!insideOrOn({ x: a.x + t * (b.x - a.x), z: a.z + t * (b.z - a.z) }, outer)) return false;
    }
  }
  return true;
}

function cross(o: PointXZ, a: PointXZ, b: PointXZ): number {
  return (a.x - o.x) * (b.z - o.z) - (a.z - o.z) * (b.x - o.x);
}

/** Andrew's monotone chain; returns the hull with positive area2 (xrgate's clockwise). */
function convexHull(points: readonly PointXZ[]): PointXZ[] {
  const pts = [...points].sort((a, b) => a.x - b.x || a.z - b.z);
  const lower: PointXZ[] = [];
  for (const p of pts) {
    while (lower.length >= 2 && cross(lower[lower.length - 2]!, lower[lower.length - 1]!, p) <= 0)
      lower.pop();
    lower.push(p);
  }
  const upper: PointXZ[] = [];
  for (const p of [...pts].reverse()) {
    while (upper.length >= 2 && cross(upper[upper.length - 2]!, upper[upper.length - 1]!, p) <= 0)
      upper.pop();
    upper.push(p);
  }
  return lower.slice(0, -1).concat(upper.slice(0, -1));
}

const coord = fc.double({ min: -40, max: 40, noNaN: true, noDefaultInfinity: true });

/** Convex polygons, 3–64 points, coordinates up to 40 m, clockwise (positive area2). */
const convexPolygon = fc
  .array(fc.record({ x: coord, z: coord }), { minLength: 3, maxLength: 64 })
  .map(convexHull)
  .filter((h) => h.length >= 3 && area2(h) > 1e-6);

/**
 * Star-shaped (generally concave) polygons: jittered angles around a random centre, random radii,
 * 3–64 points, coordinates up to 40 m, clockwise (positive area2). Angular gaps stay below π, so the
 * polygon is simple.
 */
const starPolygon = fc
  .record({
    cx: fc.double({ min: -10, max: 10, noNaN: true }),
    cz: fc.double({ min: -10, max: 10, noNaN: true }),
    rot: fc.double({ min: 0, max: 2 * Math.PI, noNaN: true }),
    spokes: fc.array(
      fc.record({
        jitter: fc.double({ min: 0, max: 0.4, noNaN: true }),
        r: fc.double({ min: 0.3, max: 30, noNaN: true }),
      }),
      { minLength: 3, maxLength: 64 },
    ),
  })
  .map(({ cx, cz, rot, spokes }) =>
    spokes.map(({ jitter, r }, i) => {
      const a = rot + (2 * Math.PI * (i + jitter)) / spokes.length;
      return { x: cx + r * Math.cos(a), z: cz + r * Math.sin(a) };
    }),
  );

const anyPolygon = fc.oneof(convexPolygon, starPolygon);

function checkAdjusted(original: readonly PointXZ[], out: readonly PointXZ[]): void {
  if (out.length === 0) return;
  expect(out.length).toBeGreaterThanOrEqual(3);
  for (const p of out) {
    // R-SPACE-27: on the 5 cm grid, computed by integer division, so x * 20 is an exact integer.
    expect(Number.isInteger(p.x * 20)).toBe(true);
    expect(Number.isInteger(p.z * 20)).toBe(true);
    // R-SPACE-17: limited radially to 15 m.
    expect(Math.hypot(p.x, p.z)).toBeLessThanOrEqual(15 + 1e-9);
  }
  // R-SPACE-18: inside the platform's polygon (vertices and sampled edges).
  expect(polygonInside(out, original)).toBe(true);
  // R-SPACE-16: still clockwise seen from above (the input's orientation).
  expect(Math.sign(area2(out))).toBe(Math.sign(area2(original)));
}

describe('adjustBoundsGeometry properties', () => {
  it('R-SPACE-17, R-SPACE-18, R-SPACE-27, AMB-09: convex and concave clockwise polygons are adjusted inside the original, on the 5 cm grid, within 15 m, clockwise, idempotent', () => {
    let nonEmpty = 0;
    let runs = 0;
    fc.assert(
      fc.property(anyPolygon, (poly) => {
        runs++;
        const out = adjustBoundsGeometry(poly);
        checkAdjusted(poly, out);
        if (out.length > 0) nonEmpty++;
        // Idempotent: adjusting the output again returns exactly the same points.
        expect(adjustBoundsGeometry(out)).toEqual(out);
      }),
      { numRuns: 250 },
    );
    // The properties must not hold vacuously: most random polygons are large enough to survive.
    expect(nonEmpty / runs).toBeGreaterThan(0.7);
  }, 30_000);

  it('R-SPACE-18, AMB-09: star polygons around the origin (always clipped by the 15 m limit when large) stay inside', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0.5, max: 40, noNaN: true }), { minLength: 3, maxLength: 64 }),
        (radii) => {
          const poly = radii.map((r, i) => {
            const a = (2 * Math.PI * i) / radii.length;
            return { x: r * Math.cos(a), z: r * Math.sin(a) };
          });
          const out = adjustBoundsGeometry(poly);
          checkAdjusted(poly, out);
          expect(adjustBoundsGeometry(out)).toEqual(out);
        },
      ),
      { numRuns: 200 },
    );
  }, 30_000);

  it('R-SPACE-27, R-SPACE-30: a polygon already on the grid and within the limit comes back unchanged', () => {
    const gridStar = fc
      .array(fc.integer({ min: 2, max: 280 }), { minLength: 3, maxLength: 32 })
      .map((radii) =>
        radii.map((r, i) => {
          const a = (2 * Math.PI * i) / radii.length;
          // 0 + … : the module reports -0 as 0, so the fixture must not contain -0.
          return { x: 0 + Math.round(r * Math.cos(a)) / 20, z: 0 + Math.round(r * Math.sin(a)) / 20 };
        }),
      )
      // Consecutive duplicates (snapped small radii) are dropped by design; leave them out here.
      .map((poly) =>
        poly.filter((p, i) => {
          const q = poly[(i + 1) % poly.length]!;
          return p.x !== q.x || p.z !== q.z;
        }),
      );
    fc.assert(
      fc.property(gridStar, (poly) => {
        const out = adjustBoundsGeometry(poly);
        // Either the same points in the same order, or [] when the snapped star is not simple.
        if (out.length > 0) expect(out).toEqual(poly);
        expect(adjustBoundsGeometry(out)).toEqual(out);
      }),
      { numRuns: 200 },
    );
  }, 30_000);

  it('R-SPACE-16, AMB-09: reversed (counter-clockwise) input keeps its own orientation or becomes []', () => {
    fc.assert(
      fc.property(anyPolygon, (poly) => {
        const reversed = [...poly].reverse();
        const out = adjustBoundsGeometry(reversed);
        checkAdjusted(reversed, out);
      }),
      { numRuns: 100 },
    );
  }, 30_000);
});

describe('roundFloorHeight properties', () => {
  it('R-SPACE-13, R-SPACE-27, AMB-12: floor rounding lands on the 1 cm grid within half a step, and is idempotent', () => {
    fc.assert(
      fc.property(fc.double({ min: -100, max: 100, noNaN: true }), (y) => {
        const r = roundFloorHeight(y);
        // On the grid as i / 100 (i an integer). Unlike i / 20, (i / 100) * 100 is not always exactly i
        // in doubles (7 / 100 * 100 = 7.000000000000001), so compare with the integer division itself.
        expect(r).toBe(Math.round(r * 100) / 100);
        expect(Math.abs(r * 100 - Math.round(r * 100))).toBeLessThan(1e-9);
        expect(Math.abs(r - y)).toBeLessThanOrEqual(0.005 + 1e-12);
        expect(roundFloorHeight(r)).toBe(r);
        expect(Object.is(r, -0)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('R-SPACE-27: float32 inputs of on-grid heights round back to the exact decimal', () => {
    fc.assert(
      fc.property(fc.integer({ min: -30000, max: 30000 }), (cm) => {
        expect(roundFloorHeight(Math.fround(cm / 100))).toBe(cm / 100);
      }),
      { numRuns: 300 },
    );
  });
});

const spaceType = fc.constantFrom<SpaceType>(
  'viewer',
  'local',
  'local-floor',
  'bounded-floor',
  'unbounded',
  'input',
  'other',
);
const vec3 = fc.record({
  x: fc.double({ min: -40, max: 40, noNaN: true }),
  y: fc.double({ min: -5, max: 5, noNaN: true }),
  z: fc.double({ min: -40, max: 40, noNaN: true }),
});
const spaceFacts: fc.Arbitrary<SpaceFacts> = fc
  .record({
    type: spaceType,
    nativeOrigin: vec3,
    bounds: fc.oneof(fc.constant([] as PointXZ[]), convexPolygon, starPolygon),
  })
  .map((f) => (f.type === 'bounded-floor' ? f : { type: f.type, nativeOrigin: f.nativeOrigin }));

describe('posesMustBeLimited properties', () => {
  it('R-SPACE-05, R-SPACE-06, R-SPACE-29, AMB-15: a pair reported as not limited is within every applicable limit', () => {
    fc.assert(
      fc.property(
        spaceFacts,
        spaceFacts,
        fc.constantFrom(1, 2),
        fc.double({ min: 1, max: 30, noNaN: true }),
        (a, b, outside, local) => {
          const limited = posesMustBeLimited(a, b, { localLimit: local, outsideBoundsLimit: outside });
          // Independent computation of every rule.
          let violates = false;
          const dist = Math.hypot(
            a.nativeOrigin.x - b.nativeOrigin.x,
            a.nativeOrigin.y - b.nativeOrigin.y,
            a.nativeOrigin.z - b.nativeOrigin.z,
          );
          for (const [bounded, other] of [
            [a, b],
            [b, a],
          ] as const) {
            if (bounded.type !== 'bounded-floor') continue;
            const bounds = bounded.bounds ?? [];
            if (bounds.length < 3) {
              if (dist > local) violates = true;
              continue;
            }
            const rel = {
              x: other.nativeOrigin.x - bounded.nativeOrigin.x,
              z: other.nativeOrigin.z - bounded.nativeOrigin.z,
            };
            const outsideBy = insideOrOn(rel, bounds) ? 0 : distToBoundary(rel, bounds);
            if (outsideBy > outside + TOL) violates = true;
            if (!limited) expect(outsideBy).toBeLessThanOrEqual(outside + TOL);
          }
          const isLocal = (t: SpaceType): boolean => t === 'local' || t === 'local-floor';
          if (isLocal(a.type) || isLocal(b.type)) {
            if (dist > local) violates = true;
            if (!limited) expect(dist).toBeLessThanOrEqual(local);
          }
          if (violates) expect(limited).toBe(true);
          // Symmetric in its two spaces.
          expect(posesMustBeLimited(b, a, { localLimit: local, outsideBoundsLimit: outside })).toBe(limited);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('R-SPACE-29: distanceOutsidePolygonXZ is 0 for points inside, else the distance to the boundary', () => {
    fc.assert(
      fc.property(anyPolygon, fc.record({ x: coord, z: coord }), (poly, p) => {
        const d = distanceOutsidePolygonXZ(p, poly);
        const boundary = distToBoundary(p, poly);
        if (boundary <= TOL) expect(d).toBeLessThanOrEqual(TOL);
        else if (insideOrOn(p, poly)) expect(d).toBe(0);
        else expect(d).toBeCloseTo(boundary, 9);
      }),
      { numRuns: 300 },
    );
  });
});

describe('quantizeViewportScale properties', () => {
  it('R-ADJ-07: the result is always one of the values and in (0, 1]', () => {
    const values = fc.uniqueArray(fc.double({ min: 0.01, max: 1, noNaN: true }), {
      minLength: 1,
      maxLength: 8,
    });
    fc.assert(
      fc.property(
        values,
        fc.double({ min: -2, max: 3, noNaN: true }),
        fc.option(fc.double({ min: 0, max: 1, noNaN: true })),
        fc.double({ min: 0, max: 0.5, noNaN: true }),
        (vals, requested, previous, hysteresis) => {
          const r = quantizeViewportScale(requested, previous, { values: vals, hysteresis });
          expect(vals).toContain(r);
          expect(r).toBeGreaterThan(0);
          expect(r).toBeLessThanOrEqual(1);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('R-ADJ-07: with no hysteresis the result is the nearest value; with hysteresis a previous value is kept only near a boundary', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1.2, noNaN: true }),
        fc.constantFrom(0.25, 0.5, 0.75, 1),
        (requested, previous) => {
          const nearest = [0.25, 0.5, 0.75, 1].reduce((best, v) =>
            Math.abs(v - requested) < Math.abs(best - requested) ? v : best,
          );
          expect(Math.abs(quantizeViewportScale(requested, null) - requested)).toBe(
            Math.abs(nearest - requested),
          );
          const r = quantizeViewportScale(requested, previous, { hysteresis: 0.05 });
          if (r === previous && previous !== nearest) {
            // Kept only while the request is within 0.05 past the midpoint.
            expect(Math.abs(requested - previous) - Math.abs(requested - nearest)).toBeLessThanOrEqual(
              0.1 + 1e-12,
            );
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
