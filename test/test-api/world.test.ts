// The Test API's hit test and plane detection extensions drive the device's room: setWorld /
// clearWorld and FakeXRDeviceInit.world (regions as hit-test surfaces of their type, planeInfo as
// detected planes), checked like WPT uses them. Requirement ids: R-TEST-02, R-HIT-05, R-HIT-06,
// R-PLANE-05.

import { describe, expect, it } from 'vitest';
import type { XRFrame } from '../../src/api/XRFrame.js';
import { XRRay } from '../../src/api/XRRay.js';
import type { XRSession } from '../../src/api/XRSession.js';
import type { FakeXRDeviceInit } from '../../src/test-api/index.js';
import {
  expectThrow,
  inFrame,
  makeTestUA,
  requestWithActivation,
  STEREO_VIEWS,
  twoFrames,
} from './helpers.js';

type Pose = { transform: { position: DOMPointReadOnly } };
type HitFrame = XRFrame & {
  getHitTestResults(s: object): { getPose(space: object): Pose | null }[];
  detectedPlanes: Set<{
    polygon: readonly DOMPointReadOnly[];
    orientation: string;
    semanticLabel: string | null;
  }>;
};
type HitSession = XRSession & { requestHitTestSource(o: object): Promise<object> };

const wall = (z: number, type: 'plane' | 'mesh' | 'point' = 'plane') => ({
  type,
  faces: [
    {
      vertices: [
        { x: -2, y: 0, z },
        { x: 2, y: 0, z },
        { x: 2, y: 2, z },
      ],
    },
    {
      vertices: [
        { x: -2, y: 0, z },
        { x: 2, y: 2, z },
        { x: -2, y: 2, z },
      ],
    },
  ],
});

const AR_DEVICE = (extra: Partial<FakeXRDeviceInit> = {}): FakeXRDeviceInit => ({
  supportedModes: ['inline', 'immersive-ar'],
  views: STEREO_VIEWS(),
  viewerOrigin: { position: [0, 1, 0], orientation: [0, 0, 0, 1] },
  supportedFeatures: ['viewer', 'local', 'hit-test', 'plane-detection'],
  ...extra,
});

async function session(ua: ReturnType<typeof makeTestUA>, features: string[]) {
  return (await requestWithActivation(ua, 'immersive-ar', { requiredFeatures: features })) as HitSession;
}

describe('FakeXRDevice.setWorld / clearWorld', () => {
  it('without a world nothing is hit; setWorld: the front wall 2.5 m ahead; clearWorld: nothing again', async () => {
    const ua = makeTestUA();
    const device = await ua.test.simulateDeviceConnection(AR_DEVICE());
    const s = await session(ua, ['hit-test']);
    const viewer = await s.requestReferenceSpace('viewer');
    const local = await s.requestReferenceSpace('local');
    const source = await s.requestHitTestSource({ space: viewer, offsetRay: new XRRay() });
    await twoFrames(s);
    expect(await inFrame(s, (f) => (f as HitFrame).getHitTestResults(source))).toHaveLength(0);
    device.setWorld({ hitTestRegions: [wall(-2.5)] });
    await twoFrames(s);
    const p = await inFrame(
      s,
      (f) => (f as HitFrame).getHitTestResults(source)[0]!.getPose(local)!.transform.position,
    );
    expect([p.x, p.y, p.z]).toEqual([0, 1, -2.5]);
    device.clearWorld();
    await twoFrames(s);
    expect(await inFrame(s, (f) => (f as HitFrame).getHitTestResults(source))).toHaveLength(0);
    await s.end();
  });

  it("FakeXRDeviceInit.world; a region's type is its hits' entity type (default entityTypes: plane)", async () => {
    const ua = makeTestUA();
    await ua.test.simulateDeviceConnection(AR_DEVICE({ world: { hitTestRegions: [wall(-2.5, 'mesh')] } }));
    const s = await session(ua, ['hit-test']);
    const viewer = await s.requestReferenceSpace('viewer');
    const planes = await s.requestHitTestSource({ space: viewer });
    const meshes = await s.requestHitTestSource({ space: viewer, entityTypes: ['mesh'] });
    await twoFrames(s);
    const [a, b] = await inFrame(s, (f) => [
      (f as HitFrame).getHitTestResults(planes).length,
      (f as HitFrame).getHitTestResults(meshes).length,
    ]);
    expect(a).toBe(0);
    expect(b).toBe(1);
    await s.end();
  });

  it('planeInfo: a detected plane, its polygon and label as given (on the 1 cm grid)', async () => {
    const ua = makeTestUA();
    const device = await ua.test.simulateDeviceConnection(AR_DEVICE());
    const s = await session(ua, ['plane-detection']);
    device.setWorld({
      hitTestRegions: [
        {
          ...wall(-2.5),
          planeInfo: {
            origin: { position: [0, 1, -2.5], orientation: [Math.SQRT1_2, 0, 0, Math.SQRT1_2] },
            polygon: [
              { x: -2, z: -1 },
              { x: 2, z: -1 },
              { x: 2, z: 1 },
              { x: -2, z: 1 },
            ],
            orientation: 'vertical',
            semanticLabel: 'wall',
          },
        },
      ],
    } as never);
    await twoFrames(s);
    const planes = await inFrame(s, (f) => [...(f as HitFrame).detectedPlanes]);
    expect(planes).toHaveLength(1);
    expect(planes[0]!.orientation).toBe('vertical');
    expect(planes[0]!.semanticLabel).toBe('wall');
    expect(planes[0]!.polygon.map((p) => [p.x, p.z])).toEqual([
      [-2, -1],
      [2, -1],
      [2, 1],
      [-2, 1],
    ]);
    await s.end();
  });

  it('a malformed world is a TypeError naming the member', async () => {
    const ua = makeTestUA();
    const device = await ua.test.simulateDeviceConnection(AR_DEVICE());
    expectThrow(() => device.setWorld({} as never), 'TypeError');
    expectThrow(
      () => device.setWorld({ hitTestRegions: [{ type: 'cloud', faces: [] }] } as never),
      'TypeError',
    );
    expectThrow(
      () =>
        device.setWorld({ hitTestRegions: [{ type: 'plane', faces: [{ vertices: [{ x: 0 }] }] }] } as never),
      'TypeError',
    );
  });
});
