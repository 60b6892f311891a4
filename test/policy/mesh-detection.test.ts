// The Mesh Detection Module's rules (src/policy/mesh-detection.ts): range (R-MESH-04), vertex
// quantization and detail (R-MESH-05), geometry and labels only (R-MESH-06), and the explicit
// consent of the feature table (R-MESH-07). Property tests for the numbers.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { featureInfo } from '../../src/policy/features.js';
import {
  maxMeshVertices,
  meshWithinRange,
  reportedMesh,
  type SensedMesh,
} from '../../src/policy/mesh-detection.js';
import { detectedSurfacesMayBeRead, worldSensingLimits } from '../../src/policy/plane-detection.js';
import { specProfile, strictProfile } from '../../src/policy/profile.js';

const mesh = (vertices: number[], over: Partial<SensedMesh> = {}): SensedMesh => ({
  pose: { position: { x: 0, y: 0, z: 0 }, orientation: { x: 0, y: 0, z: 0, w: 1 } },
  vertices,
  indices: [0, 1, 2],
  label: 'couch',
  ...over,
});

describe('reportedMesh', () => {
  it('R-MESH-05 (property): every vertex snapped to the grid, within half a step of the sensed one', () => {
    const c = fc.double({ min: -5, max: 5, noNaN: true });
    fc.assert(
      fc.property(
        fc.array(c, { minLength: 9, maxLength: 9 }),
        fc.constantFrom(specProfile, strictProfile),
        (v, p) => {
          const limits = worldSensingLimits(p);
          const r = reportedMesh(1, mesh(v), { x: v[0]!, y: v[1]!, z: v[2]! }, limits)!;
          const k = 1 / limits.vertexStep;
          r.vertices.forEach((x, i) => {
            expect(Math.abs(x * k - Math.round(x * k))).toBeLessThan(1e-6);
            expect(Math.abs(x - v[i]!)).toBeLessThanOrEqual(limits.vertexStep / 2 + 1e-9);
          });
        },
      ),
    );
  });

  it('R-MESH-05: a mesh of more than maxMeshVertices vertices is left out', () => {
    const limits = worldSensingLimits(strictProfile);
    const n = maxMeshVertices(limits) + 1;
    const big = mesh(Array.from({ length: n * 3 }, (_, i) => (i % 7) / 10));
    expect(reportedMesh(1, big, { x: 0, y: 0, z: 0 }, limits)).toBeNull();
  });

  it('R-MESH-04 (property): only with a vertex within range of the viewer', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 40, noNaN: true }),
        fc.constantFrom(specProfile, strictProfile),
        (d, p) => {
          const limits = worldSensingLimits(p);
          const m = mesh([d, 0, 0, d + 1, 0, 0, d, 1, 0]);
          expect(meshWithinRange(m, { x: 0, y: 0, z: 0 }, limits.range)).toBe(d <= limits.range);
          expect(reportedMesh(1, m, { x: 0, y: 0, z: 0 }, limits) !== null).toBe(d <= limits.range);
        },
      ),
    );
  });

  it('R-MESH-06: positions, triangles and a registry label only; malformed triangles are dropped', () => {
    const limits = worldSensingLimits(specProfile);
    const r = reportedMesh(3, mesh([0, 0, 0, 1, 0, 0, 0, 1, 0]), { x: 0, y: 0, z: 0 }, limits)!;
    expect(Object.keys(r).sort()).toEqual(['id', 'indices', 'pose', 'semanticLabel', 'vertices']);
    expect(r.semanticLabel).toBe('couch');
    expect(
      reportedMesh(3, mesh([0, 0, 0, 1, 0, 0, 0, 1, 0], { label: 'face' }), { x: 0, y: 0, z: 0 }, limits)!
        .semanticLabel,
    ).toBeNull();
    expect(
      reportedMesh(
        3,
        mesh([0, 0, 0, 1, 0, 0, 0, 1, 0], { indices: [0, 1, 9] }),
        { x: 0, y: 0, z: 0 },
        limits,
      ),
    ).toBeNull();
    expect(reportedMesh(3, mesh([0, 0, 0, 1, 0, 0, 0, 1, 0]), null, limits)).toBeNull();
  });

  it("R-MESH-07: the feature needs explicit consent (the real-world-meshing spec's MUST)", () => {
    const row = featureInfo('mesh-detection')!;
    expect(row.consent).toBe('always');
    expect(row.explicitRequired).toBe(true);
  });

  it('R-MESH-01/02: reading needs the feature and an active frame', () => {
    expect(
      detectedSurfacesMayBeRead({ feature: 'mesh-detection', enabledFeatures: [], frameActive: true })
        .requirement,
    ).toBe('R-MESH-01');
    expect(
      detectedSurfacesMayBeRead({
        feature: 'mesh-detection',
        enabledFeatures: ['mesh-detection'],
        frameActive: false,
      }).requirement,
    ).toBe('R-MESH-02');
  });
});
