// spec(test): #hit-test-extensions and #plane-detection-extensions: FakeXRWorldInit as a simulated
// environment (src/device/environment.ts). Each FakeXRRegionInit becomes a mesh of its faces (in
// the base space, as the Test API gives them) whose hits count as the region's type; a 'plane'
// region's planeInfo becomes a detected plane (reported to the page through the Plane Detection
// rules; its faces, not its polygon, are what rays hit).

import { defineEnvironment, type Environment, semanticLabels } from '../device/environment.js';
import { dict, enumValue, parseRigidTransform, required, sequence } from './dictionaries.js';

function coordinate(v: unknown, what: string): number {
  if (typeof v === 'symbol' || typeof v === 'bigint') throw new TypeError(`${what} is not a number`);
  const n = v === undefined ? 0 : Number(v);
  if (!Number.isFinite(n)) throw new TypeError(`${what} must be finite`);
  return n;
}

/** A FakeXRWorldInit, checked (TypeError naming the member) and made an Environment in base space. */
export function parseWorld(world: unknown): Environment {
  const w = dict(world, 'FakeXRWorldInit');
  const regions = sequence(required(w, 'hitTestRegions', 'FakeXRWorldInit'), 'hitTestRegions');
  const meshes: unknown[] = [];
  const planes: unknown[] = [];
  regions.forEach((r, i) => {
    const region = dict(r, `hitTestRegions[${i}]`);
    const type = enumValue(
      required(region, 'type', 'FakeXRRegionInit'),
      ['point', 'plane', 'mesh'] as const,
      'FakeXRRegionInit.type',
    );
    const vertices: number[] = [];
    const indices: number[] = [];
    sequence(required(region, 'faces', 'FakeXRRegionInit'), 'faces').forEach((f, k) => {
      const face = dict(f, `faces[${k}]`);
      const points = sequence(required(face, 'vertices', 'FakeXRTriangleInit'), 'vertices');
      if (points.length !== 3) throw new TypeError('FakeXRTriangleInit.vertices must have 3 points');
      for (const [j, p] of points.entries()) {
        const point = dict(p, `faces[${k}].vertices[${j}]`);
        indices.push(vertices.length / 3);
        vertices.push(
          coordinate(point.x, 'DOMPointInit.x'),
          coordinate(point.y, 'DOMPointInit.y'),
          coordinate(point.z, 'DOMPointInit.z'),
        );
      }
    });
    if (indices.length > 0) {
      meshes.push({ id: `region-${i}`, label: 'other', vertices, indices, hitType: type });
    }
    // The plane detection extension: ignored unless the region is a plane.
    if (type === 'plane' && region.planeInfo !== undefined) {
      const info = dict(region.planeInfo, 'FakeXRRegionInit.planeInfo');
      const origin = parseRigidTransform(
        required(info, 'origin', 'FakeXRPlaneInformationInit'),
        'planeInfo.origin',
      );
      const polygon = sequence(
        required(info, 'polygon', 'FakeXRPlaneInformationInit'),
        'planeInfo.polygon',
      ).map((p, j) => {
        const point = dict(p, `planeInfo.polygon[${j}]`);
        return {
          x: coordinate(required(point, 'x', 'FakeXRPlanePolygonPointInit'), 'FakeXRPlanePolygonPointInit.x'),
          z: coordinate(required(point, 'z', 'FakeXRPlanePolygonPointInit'), 'FakeXRPlanePolygonPointInit.z'),
        };
      });
      const orientation = enumValue(
        required(info, 'orientation', 'FakeXRPlaneInformationInit'),
        ['horizontal', 'vertical'] as const,
        'FakeXRPlaneInformationInit.orientation',
      );
      const label = info.semanticLabel;
      planes.push({
        id: `region-${i}-plane`,
        // A label outside the registry (which the spec lets the UA ignore) becomes 'other'.
        label: typeof label === 'string' && semanticLabels.includes(label) ? label : 'other',
        orientation,
        pose: { position: origin.position, orientation: origin.orientation },
        polygon,
        hitTestable: false,
      });
    }
  });
  return defineEnvironment({ name: 'test-api-world', label: 'FakeXRWorldInit', planes, meshes });
}
