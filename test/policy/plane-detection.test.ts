// The Plane Detection Module's rules (src/policy/plane-detection.ts): reading (R-PLANE-01/02),
// visibility (R-PLANE-03), range (R-PLANE-04), polygon detail (R-PLANE-05), pose quantization
// (R-PLANE-06) and labels (R-PLANE-07). Property tests for the numbers.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  detectedSurfacesMayBeRead,
  planeWithinRange,
  polygonArea,
  reportedPlane,
  reportedPolygon,
  reportedSemanticLabel,
  type SensedPlane,
  worldGeometryMayBeReported,
  worldSensingLimits,
} from '../../src/policy/plane-detection.js';
import { specProfile, strictProfile } from '../../src/policy/profile.js';

const square = (s: number) => [
  { x: -s, z: -s },
  { x: s, z: -s },
  { x: s, z: s },
  { x: -s, z: s },
];

const plane = (over: Partial<SensedPlane> = {}): SensedPlane => ({
  pose: { position: { x: 0.1234, y: -0.8512, z: -1.5 }, orientation: { x: 0, y: 0, z: 0, w: 1 } },
  polygon: square(0.5),
  orientation: 'horizontal',
  label: 'table',
  ...over,
});

describe('detectedSurfacesMayBeRead', () => {
  it('R-PLANE-01: not enabled: NotSupportedError; R-PLANE-02: an inactive frame: InvalidStateError', () => {
    const off = detectedSurfacesMayBeRead({
      feature: 'plane-detection',
      enabledFeatures: ['local'],
      frameActive: true,
    });
    expect(off.error?.name).toBe('NotSupportedError');
    expect(off.requirement).toBe('R-PLANE-01');
    const inactive = detectedSurfacesMayBeRead({
      feature: 'plane-detection',
      enabledFeatures: ['plane-detection'],
      frameActive: false,
    });
    expect(inactive.error?.name).toBe('InvalidStateError');
    expect(inactive.requirement).toBe('R-PLANE-02');
    expect(
      detectedSurfacesMayBeRead({
        feature: 'plane-detection',
        enabledFeatures: ['plane-detection'],
        frameActive: true,
      }).allowed,
    ).toBe(true);
  });
});

describe('worldGeometryMayBeReported (R-PLANE-03)', () => {
  it('only while visible', () => {
    expect(worldGeometryMayBeReported('visible')).toBe(true);
    expect(worldGeometryMayBeReported('visible-blurred')).toBe(false);
    expect(worldGeometryMayBeReported('hidden')).toBe(false);
  });
});

describe('reportedPolygon (R-PLANE-05)', () => {
  const point = fc.record({
    x: fc.double({ min: -10, max: 10, noNaN: true }),
    z: fc.double({ min: -10, max: 10, noNaN: true }),
  });

  it('(property) every vertex on the grid, at most maxVertices, at least 3, never smaller than minArea', () => {
    fc.assert(
      fc.property(
        fc.array(point, { minLength: 0, maxLength: 300 }),
        fc.constantFrom(specProfile, strictProfile),
        (poly, p) => {
          const limits = worldSensingLimits(p);
          const r = reportedPolygon(poly, limits);
          if (r === null) return;
          expect(r.length).toBeGreaterThanOrEqual(3);
          expect(r.length).toBeLessThanOrEqual(limits.maxVertices);
          expect(polygonArea(r)).toBeGreaterThanOrEqual(limits.minArea);
          const k = 1 / limits.vertexStep;
          for (const v of r) {
            expect(Math.abs(v.x * k - Math.round(v.x * k))).toBeLessThan(1e-6);
            expect(Math.abs(v.z * k - Math.round(v.z * k))).toBeLessThan(1e-6);
          }
        },
      ),
    );
  });

  it('a polygon that quantizes to nothing (too small) is left out', () => {
    expect(reportedPolygon(square(0.01), worldSensingLimits(strictProfile))).toBeNull();
    expect(reportedPolygon(square(0.5), worldSensingLimits(strictProfile))).toHaveLength(4);
  });

  it('a detailed polygon is thinned to maxVertices', () => {
    const circle = Array.from({ length: 200 }, (_, i) => ({
      x: Math.cos((i / 200) * 2 * Math.PI) * 2,
      z: Math.sin((i / 200) * 2 * Math.PI) * 2,
    }));
    const r = reportedPolygon(circle, worldSensingLimits(specProfile))!;
    expect(r.length).toBeLessThanOrEqual(64);
    expect(r.length).toBeGreaterThan(32);
  });
});

describe('reportedPlane', () => {
  it('R-PLANE-04 (property): reported only when the centre or a corner is within range of the viewer', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 40, noNaN: true }),
        fc.constantFrom(specProfile, strictProfile),
        (d, p) => {
          const limits = worldSensingLimits(p);
          const viewer = { x: 0.1234 + 0.5 + d, y: -0.8512, z: -1.0 };
          const r = reportedPlane(1, plane(), viewer, limits);
          // The nearest corner, (0.6234, -0.8512, -1.0), is d from the viewer.
          expect(r !== null).toBe(d <= limits.range);
          expect(planeWithinRange(plane(), viewer, limits.range)).toBe(d <= limits.range);
        },
      ),
    );
  });

  it('R-PLANE-06: the pose on the grid; R-PLANE-07: labels of the registry only; no viewer: nothing', () => {
    const limits = worldSensingLimits(strictProfile);
    const r = reportedPlane(7, plane(), { x: 0, y: 0, z: 0 }, limits)!;
    expect(r.id).toBe(7);
    expect(r.pose.position).toEqual({ x: 0.1, y: -0.85, z: -1.5 });
    expect(r.semanticLabel).toBe('table');
    expect(
      reportedPlane(7, plane({ label: 'secret-diary' }), { x: 0, y: 0, z: 0 }, limits)!.semanticLabel,
    ).toBeNull();
    expect(reportedPlane(7, plane(), null, limits)).toBeNull();
    expect(reportedSemanticLabel(undefined)).toBeNull();
  });
});
