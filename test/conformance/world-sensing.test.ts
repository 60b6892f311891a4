// The AR modules that sense the room, on a simulated phone in the living room (src/device/
// environment.ts): Hit Test (R-HIT), Plane Detection (R-PLANE), Mesh Detection (R-MESH), with the
// consent refused and granted. Spec: immersive-web/hit-test, plane-detection, real-world-meshing.

import { describe, expect, it } from 'vitest';
import type { XRFrame } from '../../src/api/XRFrame.js';
import type { XRSession } from '../../src/api/XRSession.js';
import type { SimulatedXRDevice } from '../../src/device/simulated.js';
import { expectRejectName, expectThrowName, inFrame, lastDenial, makeUA } from './helpers.js';

type Pose = { transform: { position: DOMPointReadOnly; orientation: DOMPointReadOnly } };
type HitResult = { getPose(space: object): Pose | null };
type WorldSession = XRSession & {
  requestHitTestSource(o: object): Promise<{ cancel(): void }>;
  requestHitTestSourceForTransientInput(o: object): Promise<{ cancel(): void }>;
  initiateRoomCapture(): Promise<void>;
};
type WorldFrame = XRFrame & {
  getHitTestResults(s: object): HitResult[];
  getHitTestResultsForTransientInput(s: object): { inputSource: object; results: HitResult[] }[];
  detectedPlanes: Set<{
    planeSpace: object;
    polygon: readonly DOMPointReadOnly[];
    orientation: string | null;
    semanticLabel: string | null;
    lastChangedTime: number;
  }> & { size: number };
  detectedMeshes: Set<{
    meshSpace: object;
    vertices: Float32Array;
    indices: Uint32Array;
    semanticLabel: string | null;
  }>;
};

const XRRay = (await import('../../src/api/XRRay.js')).XRRay;

async function arSession(features: string[], grant: string[] | 'deny-all' = features, profile?: 'strict') {
  const ua = makeUA({
    device: 'phone-ar',
    consent: grant === 'deny-all' ? 'deny-all' : { grant: ['local', ...grant] },
    ...(profile ? { profile } : {}),
  });
  ua.host.click();
  const session = (await ua.xr.requestSession('immersive-ar', {
    optionalFeatures: features,
  })) as WorldSession;
  return { ua, session };
}

/** The ray from the phone (1.6 m above the floor) down onto the dining table, 1.5 m ahead. */
const towardsTable = () => new XRRay({}, { x: 0, y: -0.85, z: -1.5 });

describe('Hit Test Module (R-HIT)', () => {
  it('granted: a ray from the viewer meets the living room dining table: a pose on its top, Y up', async () => {
    const { session } = await arSession(['hit-test']);
    const viewer = await session.requestReferenceSpace('viewer');
    const local = await session.requestReferenceSpace('local');
    const source = await session.requestHitTestSource({ space: viewer, offsetRay: towardsTable() });
    await inFrame(session, () => undefined);
    const pose = await inFrame(session, (frame) => {
      const results = (frame as WorldFrame).getHitTestResults(source);
      expect(results).toHaveLength(1);
      return results[0]!.getPose(local);
    });
    // The table top is 0.75 m above the floor, the floor 1.6 m below the local origin.
    expect(pose!.transform.position.y).toBeCloseTo(-0.85, 6);
    expect(pose!.transform.position.z).toBeCloseTo(-1.5, 6);
    // Its Y axis is the table's normal: up.
    const q = pose!.transform.orientation;
    const upY = 1 - 2 * (q.x * q.x + q.z * q.z);
    expect(upY).toBeCloseTo(1, 6);
    await session.end();
  });

  it('refused: the feature is absent and requestHitTestSource rejects with NotSupportedError', async () => {
    const { ua, session } = await arSession(['hit-test'], 'deny-all');
    expect(session.enabledFeatures).not.toContain('hit-test');
    const viewer = await session.requestReferenceSpace('viewer');
    await expectRejectName(session.requestHitTestSource({ space: viewer }), 'NotSupportedError');
    expect(lastDenial(ua, 'requestHitTestSource')?.requirement).toBe('R-HIT-01');
    await session.end();
  });

  it('a ended session: InvalidStateError (R-HIT-02)', async () => {
    const { session } = await arSession(['hit-test']);
    const viewer = await session.requestReferenceSpace('viewer');
    await session.end();
    await expectRejectName(session.requestHitTestSource({ space: viewer }), 'InvalidStateError');
  });

  it('only the first surface along the ray: a ray through the table never reports the floor below (R-HIT-05)', async () => {
    const { session } = await arSession(['hit-test']);
    const viewer = await session.requestReferenceSpace('viewer');
    const local = await session.requestReferenceSpace('local');
    // Straight down from above the table: the table top, not the floor 0.75 m further.
    const down = new XRRay({ x: 0, y: 0, z: -1.5 }, { x: 0, y: -1, z: 0 });
    const source = await session.requestHitTestSource({
      space: viewer,
      offsetRay: down,
      entityTypes: ['plane', 'mesh'],
    });
    await inFrame(session, () => undefined);
    const ys = await inFrame(session, (frame) =>
      (frame as WorldFrame).getHitTestResults(source).map((r) => r.getPose(local)!.transform.position.y),
    );
    expect(ys).toHaveLength(1);
    expect(ys[0]).toBeCloseTo(-0.85, 6);
    await session.end();
  });

  it('entity types: a source for points only reports nothing on a plane (R-HIT-06)', async () => {
    const { session } = await arSession(['hit-test']);
    const viewer = await session.requestReferenceSpace('viewer');
    const source = await session.requestHitTestSource({
      space: viewer,
      offsetRay: towardsTable(),
      entityTypes: ['point'],
    });
    await inFrame(session, () => undefined);
    expect(await inFrame(session, (f) => (f as WorldFrame).getHitTestResults(source))).toHaveLength(0);
    await session.end();
  });

  it('no results while the session is not visible (R-HIT-04)', async () => {
    const { ua, session } = await arSession(['hit-test']);
    const viewer = await session.requestReferenceSpace('viewer');
    const source = await session.requestHitTestSource({ space: viewer, offsetRay: towardsTable() });
    await inFrame(session, () => undefined);
    expect(await inFrame(session, (f) => (f as WorldFrame).getHitTestResults(source))).toHaveLength(1);
    (ua.device as SimulatedXRDevice).setVisibility('visible-blurred');
    await new Promise((r) => setTimeout(r, 20));
    expect(session.visibilityState).toBe('visible-blurred');
    expect(await inFrame(session, (f) => (f as WorldFrame).getHitTestResults(source))).toHaveLength(0);
    await session.end();
  });

  it('cancel(): no results afterwards, a second cancel is InvalidStateError', async () => {
    const { session } = await arSession(['hit-test']);
    const viewer = await session.requestReferenceSpace('viewer');
    const source = await session.requestHitTestSource({ space: viewer, offsetRay: towardsTable() });
    source.cancel();
    expectThrowName(() => source.cancel(), 'InvalidStateError');
    expect(await inFrame(session, (f) => (f as WorldFrame).getHitTestResults(source))).toHaveLength(0);
    await session.end();
  });

  it('the strict profile quantizes result positions to 1 cm (R-HIT-08)', async () => {
    const { session } = await arSession(['hit-test'], ['hit-test'], 'strict');
    const viewer = await session.requestReferenceSpace('viewer');
    const local = await session.requestReferenceSpace('local');
    const ray = new XRRay({}, { x: 0.1234, y: -0.85, z: -1.5 });
    const source = await session.requestHitTestSource({ space: viewer, offsetRay: ray });
    await inFrame(session, () => undefined);
    const p = await inFrame(
      session,
      (f) => (f as WorldFrame).getHitTestResults(source)[0]!.getPose(local)!.transform.position,
    );
    for (const v of [p.x, p.y, p.z]) expect(Math.abs(v * 100 - Math.round(v * 100))).toBeLessThan(1e-6);
    await session.end();
  });

  it('transient input: results follow the touch (screen) input source matching the profile (R-HIT-09)', async () => {
    const { ua, session } = await arSession(['hit-test']);
    const device = ua.device as SimulatedXRDevice;
    const touch = device.addInputSource({
      handedness: 'none',
      targetRayMode: 'screen',
      profiles: ['generic-touchscreen'],
      pointerOrigin: {
        position: { x: 0, y: 0, z: 0 },
        orientation: { x: -0.2297529, y: 0, z: 0, w: 0.9732489 },
      },
    });
    const source = await session.requestHitTestSourceForTransientInput({ profile: 'generic-touchscreen' });
    const other = await session.requestHitTestSourceForTransientInput({ profile: 'some-other-profile' });
    await inFrame(session, () => undefined);
    await inFrame(session, () => undefined);
    const [mine, none] = await inFrame(session, (f) => [
      (f as WorldFrame).getHitTestResultsForTransientInput(source),
      (f as WorldFrame).getHitTestResultsForTransientInput(other),
    ]);
    expect(none).toHaveLength(0);
    expect(mine).toHaveLength(1);
    expect(mine[0]!.inputSource).toBe(session.inputSources[0]);
    expect(mine[0]!.results.length).toBe(1);
    touch.disconnect();
    await session.end();
  });
});

describe('Plane Detection Module (R-PLANE)', () => {
  it('granted: the living room planes with their labels; the same XRPlane objects frame after frame', async () => {
    const { session } = await arSession(['plane-detection']);
    const local = await session.requestReferenceSpace('local');
    const first = await inFrame(session, (frame) => {
      const planes = [...(frame as WorldFrame).detectedPlanes];
      return planes;
    });
    const labels = first.map((p) => p.semanticLabel).sort();
    expect(labels).toEqual([
      'ceiling',
      'door',
      'floor',
      'table',
      'table',
      'wall',
      'wall',
      'wall',
      'wall',
      'window',
    ]);
    const floor = first.find((p) => p.semanticLabel === 'floor')!;
    expect(floor.orientation).toBe('horizontal');
    expect(floor.polygon.every((v) => v.y === 0 && v.w === 1)).toBe(true);
    const again = await inFrame(session, (frame) => {
      const planes = [...(frame as WorldFrame).detectedPlanes];
      const pose = frame.getPose(floor.planeSpace as never, local) as unknown as Pose;
      return { planes, y: pose.transform.position.y };
    });
    expect(again.planes).toContain(floor);
    expect(again.y).toBeCloseTo(-1.6, 6);
    await session.end();
  });

  it('refused: the feature is absent and detectedPlanes is null, nothing of the room (R-PLANE-01)', async () => {
    const { session } = await arSession(['plane-detection'], 'deny-all');
    expect(session.enabledFeatures).not.toContain('plane-detection');
    await inFrame(session, (frame) => expect((frame as WorldFrame).detectedPlanes).toBeNull());
    await session.end();
  });

  it('an inactive frame throws InvalidStateError (R-PLANE-02)', async () => {
    const { session } = await arSession(['plane-detection']);
    const frame = await inFrame(session, (f) => f);
    expectThrowName(() => (frame as WorldFrame).detectedPlanes, 'InvalidStateError');
    await session.end();
  });

  it('an empty set while blurred (R-PLANE-03)', async () => {
    const { ua, session } = await arSession(['plane-detection']);
    (ua.device as SimulatedXRDevice).setVisibility('visible-blurred');
    await new Promise((r) => setTimeout(r, 20));
    expect(await inFrame(session, (f) => (f as WorldFrame).detectedPlanes.size)).toBe(0);
    await session.end();
  });

  it('initiateRoomCapture: once per session', async () => {
    const { session } = await arSession(['plane-detection']);
    await session.initiateRoomCapture();
    await expectRejectName(session.initiateRoomCapture(), 'InvalidStateError');
    await session.end();
  });

  it('the strict profile: only planes within 5 m, vertices on a 5 cm grid (R-PLANE-04/05)', async () => {
    const { session } = await arSession(['plane-detection'], ['plane-detection'], 'strict');
    const planes = await inFrame(session, (f) => [...(f as WorldFrame).detectedPlanes]);
    expect(planes.length).toBeGreaterThan(0);
    for (const p of planes) {
      for (const v of p.polygon) {
        expect(Math.abs(v.x * 20 - Math.round(v.x * 20))).toBeLessThan(1e-6);
        expect(Math.abs(v.z * 20 - Math.round(v.z * 20))).toBeLessThan(1e-6);
      }
    }
    await session.end();
  });
});

describe('Mesh Detection Module (R-MESH)', () => {
  it('granted (explicitly): the furniture meshes, labelled, vertices on the 1 cm grid', async () => {
    const { session } = await arSession(['mesh-detection']);
    expect(session.enabledFeatures).toContain('mesh-detection');
    const meshes = await inFrame(session, (f) => [...(f as WorldFrame).detectedMeshes]);
    expect(meshes.map((m) => m.semanticLabel).sort()).toEqual(['couch', 'plant', 'shelf', 'table', 'table']);
    for (const m of meshes) {
      expect(m.vertices).toBeInstanceOf(Float32Array);
      expect(m.indices).toBeInstanceOf(Uint32Array);
      expect(m.indices.length % 3).toBe(0);
    }
    await session.end();
  });

  it('refused: detectedMeshes is null, nothing of the room (R-MESH-01)', async () => {
    const { session } = await arSession(['mesh-detection'], 'deny-all');
    await inFrame(session, (frame) => expect((frame as WorldFrame).detectedMeshes).toBeNull());
    await session.end();
  });
});
