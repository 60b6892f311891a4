// An AR app on the simulated phone in the living room, every module together (issue 13): a hit
// test against the dining table, an anchor made from that result (XRHitTestResult.createAnchor),
// the planes listed with their labels, and a depth sample, all in one session; then the same app
// with the user's consent refused: no feature, no data.

import { describe, expect, it } from 'vitest';
import type { XRFrame } from '../../src/api/XRFrame.js';
import type { XRSession } from '../../src/api/XRSession.js';
import { expectRejectName, inFrame, makeUA } from './helpers.js';

const { XRRay } = await import('../../src/api/XRRay.js');
const { XRRigidTransform } = await import('../../src/api/XRRigidTransform.js');

type Pose = { transform: { position: DOMPointReadOnly } };
type Anchor = { anchorSpace: object; delete(): void };
type HitResult = { getPose(space: object): Pose | null; createAnchor(): Promise<Anchor> };
type ARSession = XRSession & { requestHitTestSource(o: object): Promise<{ cancel(): void }> };
type ARFrame = XRFrame & {
  getHitTestResults(s: object): HitResult[];
  detectedPlanes: Iterable<{ semanticLabel: string | null; orientation: string | null }>;
  trackedAnchors: { size: number; has(a: Anchor): boolean };
  getDepthInformation(
    view: object,
  ): { width: number; height: number; getDepthInMeters(x: number, y: number): number } | null;
};

const FEATURES = ['hit-test', 'anchors', 'plane-detection', 'depth-sensing'];
const DEPTH = { usagePreference: ['cpu-optimized'], dataFormatPreference: ['float32', 'luminance-alpha'] };

async function session(grant: 'all' | 'none') {
  const ua = makeUA({
    device: 'phone-ar',
    consent: grant === 'all' ? { grant: ['local', ...FEATURES] } : 'deny-all',
  });
  ua.host.click();
  const s = (await ua.xr.requestSession('immersive-ar', {
    optionalFeatures: FEATURES,
    depthSensing: DEPTH,
  } as XRSessionInit)) as ARSession;
  return { ua, s };
}

describe('an AR app on the simulated living room (hit test, anchors, planes, depth)', () => {
  it('consent granted: the table is hit, an anchor sits on it, the planes are listed, depth is measured', async () => {
    const { s } = await session('all');
    expect([...s.enabledFeatures].sort()).toEqual([...FEATURES, 'local', 'viewer'].sort());
    const viewer = await s.requestReferenceSpace('viewer');
    const local = await s.requestReferenceSpace('local');
    // From the phone (1.6 m above the floor) down onto the dining table 1.5 m ahead.
    const source = await s.requestHitTestSource({
      space: viewer,
      offsetRay: new XRRay({}, { x: 0, y: -0.85, z: -1.5 }),
    });
    await inFrame(s, () => undefined);
    const anchorPromise = await inFrame(s, (frame) => {
      const f = frame as ARFrame;
      const [hit] = f.getHitTestResults(source);
      expect(hit).toBeDefined();
      expect(hit!.getPose(local)!.transform.position.y).toBeCloseTo(-0.85, 5);
      // The planes the phone sees, by label (the floor and the table among them).
      const labels = [...f.detectedPlanes].map((p) => p.semanticLabel);
      expect(labels).toContain('floor');
      expect(labels).toContain('table');
      // Depth at the centre of the view: straight ahead, a finite distance in metres.
      const pose = f.getViewerPose(local)!;
      const depth = f.getDepthInformation(pose.views[0]!)!;
      expect(depth.width).toBeGreaterThan(0);
      const d = depth.getDepthInMeters(0.5, 0.5);
      expect(d).toBeGreaterThan(0.5);
      expect(d).toBeLessThan(15);
      return { anchor: hit!.createAnchor() };
    });
    const anchor = await anchorPromise.anchor;
    const where = await inFrame(s, (frame) => {
      const f = frame as ARFrame;
      expect(f.trackedAnchors.has(anchor)).toBe(true);
      return f.getPose(anchor.anchorSpace as never, local)!.transform.position;
    });
    // The anchor is on the table top, where the hit was.
    expect(where.y).toBeCloseTo(-0.85, 2);
    expect(where.z).toBeCloseTo(-1.5, 2);
    await s.end();
  });

  it('consent refused: none of the features, hit tests refused, no planes, no depth, no anchors', async () => {
    const { s } = await session('none');
    for (const f of FEATURES) expect(s.enabledFeatures).not.toContain(f);
    const viewer = await s.requestReferenceSpace('viewer');
    const local = await s.requestReferenceSpace('local');
    await expectRejectName(s.requestHitTestSource({ space: viewer }), 'NotSupportedError');
    const outcome = await inFrame(s, (frame) => {
      const f = frame as ARFrame;
      const pose = f.getViewerPose(local)!;
      let planes: unknown;
      try {
        planes = [...f.detectedPlanes];
      } catch (e) {
        planes = (e as Error).name;
      }
      let depth: unknown;
      try {
        depth = f.getDepthInformation(pose.views[0]!);
      } catch (e) {
        depth = (e as Error).name;
      }
      return {
        planes,
        depth,
        anchor: (f as unknown as { createAnchor(p: object, s: object): Promise<unknown> }).createAnchor(
          new XRRigidTransform(),
          local,
        ),
      };
    });
    expect(outcome.planes).toBe('TypeError'); // null: not iterable
    expect(outcome.depth).toBe('NotSupportedError');
    await expectRejectName(outcome.anchor, 'NotSupportedError');
    await s.end();
  });
});
