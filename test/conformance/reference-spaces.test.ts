// §11 Reference spaces: which types a session may create, floor rounding and the default estimated
// floor, bounds quantization/limiting and offset spaces (R-SPACE-01/08/13/16..19/28/30, AMB-12).

import { describe, expect, it } from 'vitest';
import { XRRigidTransform } from '../../src/api/XRRigidTransform.js';
import { XRBoundedReferenceSpace, type XRReferenceSpace } from '../../src/api/XRSpace.js';
import { createHeadset, pose } from '../../src/device/simulated.js';
import {
  expectAuditDenial,
  expectRejectName,
  expectVec,
  inFrame,
  makeUA,
  nextEvent,
  requestImmersive,
} from './helpers.js';

type Pt = { x: number; y: number; z: number; w: number };

/** Shoelace area in (x, z); > 0 means clockwise seen from above (looking toward −Y). */
function areaXZ(pts: readonly { x: number; z: number }[]): number {
  let a = 0;
  for (let i = 0; i < pts.length; i++) {
    const p = pts[i]!;
    const q = pts[(i + 1) % pts.length]!;
    a += p.x * q.z - q.x * p.z;
  }
  return a / 2;
}

/** Point in (or on) a simple polygon in the XZ plane. */
function insideOrOn(p: { x: number; z: number }, poly: readonly { x: number; z: number }[]): boolean {
  const eps = 1e-9;
  let inside = false;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const a = poly[i]!;
    const b = poly[j]!;
    // On the edge?
    const cross = (b.x - a.x) * (p.z - a.z) - (b.z - a.z) * (p.x - a.x);
    const dot = (p.x - a.x) * (b.x - a.x) + (p.z - a.z) * (b.z - a.z);
    const len2 = (b.x - a.x) ** 2 + (b.z - a.z) ** 2;
    if (Math.abs(cross) < eps && dot >= -eps && dot <= len2 + eps) return true;
    if (a.z > p.z !== b.z > p.z && p.x < ((b.x - a.x) * (p.z - a.z)) / (b.z - a.z) + a.x) inside = !inside;
  }
  return inside;
}

function onGrid(v: number, perMetre: number): boolean {
  return Math.abs(v * perMetre - Math.round(v * perMetre)) < 1e-9;
}

function bounded(space: XRReferenceSpace): readonly Pt[] {
  expect(space).toBeInstanceOf(XRBoundedReferenceSpace);
  return (space as XRBoundedReferenceSpace).boundsGeometry as unknown as readonly Pt[];
}

describe('§11 which reference spaces a session may create (R-SPACE-01/02)', () => {
  it('R-SPACE-01: a type not granted at creation rejects NotSupportedError', async () => {
    const ua = makeUA();
    const s = await requestImmersive(ua);
    await expectRejectName(s.requestReferenceSpace('local-floor'), 'NotSupportedError');
    expectAuditDenial(ua, 'NotSupportedError', 'R-SPACE-01', 'requestReferenceSpace');
    await expectRejectName(s.requestReferenceSpace('bounded-floor'), 'NotSupportedError');
    await expectRejectName(s.requestReferenceSpace('unbounded'), 'NotSupportedError');
    // The defaults work.
    await expect(s.requestReferenceSpace('viewer')).resolves.toBeDefined();
    await expect(s.requestReferenceSpace('local')).resolves.toBeDefined();
    await s.end();
  });

  it('R-SPACE-01: inline sessions never get bounded-floor or unbounded, even when requested', async () => {
    const ua = makeUA();
    ua.host.click();
    const s = await ua.xr.requestSession('inline', {
      optionalFeatures: ['bounded-floor', 'unbounded', 'local'],
    });
    await expectRejectName(s.requestReferenceSpace('bounded-floor'), 'NotSupportedError');
    expectAuditDenial(ua, 'NotSupportedError', 'R-SPACE-01', 'requestReferenceSpace');
    await expectRejectName(s.requestReferenceSpace('unbounded'), 'NotSupportedError');
    await expect(s.requestReferenceSpace('local')).resolves.toBeDefined();
    await expect(s.requestReferenceSpace('viewer')).resolves.toBeDefined();
  });

  it("R-SPACE-01: inline 'local' is refused on a device that reports no orientation", async () => {
    const ua = makeUA({ device: 'inline-desktop' });
    ua.host.click();
    await expectRejectName(
      ua.xr.requestSession('inline', { requiredFeatures: ['local'] }),
      'NotSupportedError',
    );
    const s = await ua.xr.requestSession('inline', { optionalFeatures: ['local'] });
    expect(s.enabledFeatures).toEqual(['viewer']);
    await expectRejectName(s.requestReferenceSpace('local'), 'NotSupportedError');
  });

  it('R-SPACE-02/§5.2: an unknown type rejects TypeError (never a synchronous throw)', async () => {
    const ua = makeUA();
    const s = await requestImmersive(ua);
    let p: Promise<unknown> | undefined;
    expect(() => {
      p = s.requestReferenceSpace('floor' as never);
    }).not.toThrow();
    await expectRejectName(p as Promise<unknown>, 'TypeError');
    await expectRejectName(
      (s.requestReferenceSpace as unknown as () => Promise<unknown>).call(s),
      'TypeError',
    );
    await s.end();
  });

  it("R-SPACE-02: 'bounded-floor' gives an XRBoundedReferenceSpace, others a plain XRReferenceSpace", async () => {
    const ua = makeUA();
    const s = await requestImmersive(ua, { requiredFeatures: ['bounded-floor', 'local-floor'] });
    const b = await s.requestReferenceSpace('bounded-floor');
    const lf = await s.requestReferenceSpace('local-floor');
    expect(b).toBeInstanceOf(XRBoundedReferenceSpace);
    expect(lf).not.toBeInstanceOf(XRBoundedReferenceSpace);
    await s.end();
  });
});

describe('§11 floor height (R-SPACE-13/22/30, AMB-12)', () => {
  it('R-SPACE-13: the viewer height in local-floor is the device floor rounded to 1 cm', async () => {
    const device = createHeadset();
    device.setFloorOrigin(pose(0, -1.6337, 0));
    const ua = makeUA({ device });
    const s = await requestImmersive(ua, { requiredFeatures: ['local-floor'] });
    const local = await s.requestReferenceSpace('local');
    const floor = await s.requestReferenceSpace('local-floor');
    const [viewer, floorInLocal] = await inFrame(s, (f) => [f.getViewerPose(floor), f.getPose(floor, local)]);
    expect(viewer).not.toBeNull();
    expectVec(viewer!.transform.position, 0, 1.63, 0, 12);
    expect(viewer!.emulatedPosition).toBe(false);
    expectVec(floorInLocal!.transform.position, 0, -1.63, 0, 12);
    await s.end();
  });

  it('R-SPACE-30: only the floor y is rounded; its X/Z pass through', async () => {
    const device = createHeadset();
    device.setFloorOrigin(pose(1.2345, -1.6337, -0.9876));
    const ua = makeUA({ device });
    const s = await requestImmersive(ua, { requiredFeatures: ['local-floor'] });
    const floor = await s.requestReferenceSpace('local-floor');
    const viewer = await inFrame(s, (f) => f.getViewerPose(floor));
    expectVec(viewer!.transform.position, -1.2345, 1.63, 0.9876, 12);
    await s.end();
  });

  it('AMB-12: bounded-floor uses the same rounded floor as local-floor', async () => {
    const device = createHeadset();
    device.setFloorOrigin(pose(0, -1.7049, 0));
    const ua = makeUA({ device });
    const s = await requestImmersive(ua, { requiredFeatures: ['bounded-floor', 'local-floor'] });
    const b = await s.requestReferenceSpace('bounded-floor');
    const lf = await s.requestReferenceSpace('local-floor');
    const [vb, rel] = await inFrame(s, (f) => [f.getViewerPose(b), f.getPose(b, lf)]);
    expectVec(vb!.transform.position, 0, 1.7, 0, 12);
    expectVec(rel!.transform.position, 0, 0, 0, 12);
    await s.end();
  });

  it('R-SPACE-30: with no floor the default estimated floor is 1.6 m below local (not rounded further)', async () => {
    const device = createHeadset();
    device.setFloorOrigin(null);
    const ua = makeUA({ device });
    const s = await requestImmersive(ua, { requiredFeatures: ['local-floor'] });
    const floor = await s.requestReferenceSpace('local-floor');
    const viewer = await inFrame(s, (f) => f.getViewerPose(floor));
    expectVec(viewer!.transform.position, 0, 1.6, 0, 12);
    // R-POSE-07: an estimated floor is not a computed offset.
    expect(viewer!.emulatedPosition).toBe(false);
    await s.end();
  });

  it('R-SPACE-30: a 3DoF device emulates the floor at the default 1.6 m', async () => {
    const ua = makeUA({ device: 'orientation-only' });
    const s = await requestImmersive(ua, { requiredFeatures: ['local-floor'] });
    const floor = await s.requestReferenceSpace('local-floor');
    const viewer = await inFrame(s, (f) => f.getViewerPose(floor));
    expect(viewer!.transform.position.y).toBeCloseTo(1.6, 12);
    expect(viewer!.transform.position.y).toBeGreaterThan(1.0);
    await s.end();
  });

  it('R-SPACE-09/30: a new floor origin mid-session fires reset and is rounded too', async () => {
    const device = createHeadset();
    const ua = makeUA({ device });
    const s = await requestImmersive(ua, { requiredFeatures: ['local-floor'] });
    const floor = await s.requestReferenceSpace('local-floor');
    const reset = nextEvent(floor, 'reset');
    device.setFloorOrigin(pose(0, -1.2251, 0));
    await reset;
    const viewer = await inFrame(s, (f) => f.getViewerPose(floor));
    expectVec(viewer!.transform.position, 0, 1.23, 0, 12);
    await s.end();
  });
});

describe('§11 bounds geometry (R-SPACE-16..19, R-SPACE-08)', () => {
  const raw = [
    { x: -1.52, z: -1.27 },
    { x: 1.53, z: -1.27 },
    { x: 1.53, z: 1.26 },
    { x: -1.52, z: 1.26 },
  ];

  async function boundedSpace(bounds: readonly { x: number; z: number }[] | null) {
    const device = createHeadset();
    device.setBounds(bounds);
    const ua = makeUA({ device });
    const s = await requestImmersive(ua, { requiredFeatures: ['bounded-floor'] });
    const space = await s.requestReferenceSpace('bounded-floor');
    return { ua, device, s, space };
  }

  it('R-SPACE-18: bounds points are on the 5 cm grid and inside the raw polygon', async () => {
    const { s, space } = await boundedSpace(raw);
    const pts = bounded(space);
    expect(pts.length).toBeGreaterThanOrEqual(3);
    for (const p of pts) {
      expect(onGrid(p.x, 20)).toBe(true);
      expect(onGrid(p.z, 20)).toBe(true);
      expect(insideOrOn(p, raw)).toBe(true);
    }
    expect(pts.map((p) => [p.x, p.z])).toEqual([
      [-1.5, -1.25],
      [1.5, -1.25],
      [1.5, 1.25],
      [-1.5, 1.25],
    ]);
    await s.end();
  });

  it('R-SPACE-16: every point has y 0 and w 1 and the loop is clockwise seen from above', async () => {
    const { s, space } = await boundedSpace(raw);
    const pts = bounded(space);
    for (const p of pts) {
      expect(p.y).toBe(0);
      expect(p.w).toBe(1);
    }
    expect(areaXZ(pts)).toBeGreaterThan(0);
    expect(Object.isFrozen(pts)).toBe(true);
    await s.end();
  });

  it('R-SPACE-16: a counter-clockwise platform polygon is still reported clockwise', async () => {
    const ccw = [...raw].reverse();
    expect(areaXZ(ccw)).toBeLessThan(0);
    const { s, space } = await boundedSpace(ccw);
    const pts = bounded(space);
    expect(pts.length).toBeGreaterThanOrEqual(3);
    expect(areaXZ(pts)).toBeGreaterThan(0);
    await s.end();
  });

  it('R-SPACE-17: bounds points are limited to 15 m from the native origin', async () => {
    const huge = [
      { x: -30, z: -30 },
      { x: 30, z: -30 },
      { x: 30, z: 30 },
      { x: -30, z: 30 },
    ];
    const { s, space } = await boundedSpace(huge);
    const pts = bounded(space);
    expect(pts.length).toBeGreaterThanOrEqual(3);
    for (const p of pts) {
      expect(Math.hypot(p.x, p.z)).toBeLessThanOrEqual(15 + 1e-9);
      expect(onGrid(p.x, 20) && onGrid(p.z, 20)).toBe(true);
    }
    await s.end();
  });

  it('R-SPACE-19/28: a device that knows no bounds yet still gives the space, with boundsGeometry []', async () => {
    const { s, space } = await boundedSpace(null);
    expect(bounded(space)).toEqual([]);
    await s.end();
  });

  it('R-SPACE-09/19: bounds arriving later fire reset and appear in boundsGeometry', async () => {
    const { s, space, device } = await boundedSpace(null);
    const reset = nextEvent(space, 'reset');
    device.setBounds(raw);
    await reset;
    await inFrame(s, () => undefined);
    expect(bounded(space)).toHaveLength(4);
    await s.end();
  });

  it('R-SPACE-08/19: getOffsetReferenceSpace moves boundsGeometry by the inverse offset', async () => {
    const { s, space } = await boundedSpace(raw);
    const offset = space.getOffsetReferenceSpace(new XRRigidTransform({ x: 1, y: 0, z: 0.5 }));
    expect(offset).toBeInstanceOf(XRBoundedReferenceSpace);
    const base = bounded(space);
    const moved = bounded(offset);
    expect(moved).toHaveLength(base.length);
    moved.forEach((p, i) => {
      expect(p.x).toBeCloseTo(base[i]!.x - 1, 12);
      expect(p.z).toBeCloseTo(base[i]!.z - 0.5, 12);
      expect(p.y).toBeCloseTo(0, 12);
      expect(p.w).toBe(1);
    });
    // A rotation by 90° about Y: the inverse rotates the points by −90°.
    const q = Math.SQRT1_2;
    const rotated = bounded(
      space.getOffsetReferenceSpace(new XRRigidTransform({}, { x: 0, y: q, z: 0, w: q })),
    );
    rotated.forEach((p, i) => {
      const b = base[i]!;
      // Inverse of +90° about Y maps (x, z) → (−z, x).
      expect(p.x).toBeCloseTo(-b.z, 9);
      expect(p.z).toBeCloseTo(b.x, 9);
    });
    await s.end();
  });
});
