// A page that tries to learn the shape of the room beyond what it asked for and was allowed: hit
// test results without consent, for a source it forged or that belongs to another session, with a
// wrong `this`, or with built-ins patched; and what crosses the channel to it: only the results
// along its own rays (R-HIT-04..10), no planes or meshes it was not granted (R-PLANE-01, R-MESH-01).

import { afterEach, describe, expect, it } from 'vitest';
import { tapChannel } from '../../src/agent/channel.js';
import { XRHitTestSource } from '../../src/api/world/hit-test.js';
import { XRFrame } from '../../src/api/XRFrame.js';
import { XRRay } from '../../src/api/XRRay.js';
import { XRRigidTransform } from '../../src/api/XRRigidTransform.js';
import type { XRSession } from '../../src/api/XRSession.js';
import { pose, type SimulatedXRDevice } from '../../src/device/simulated.js';
import { expectRejectName, expectThrowName, inFrame, makeUA } from '../conformance/helpers.js';

type Source = { cancel(): void };
type WorldSession = XRSession & { requestHitTestSource(o: object): Promise<Source> };
type WorldFrame = XRFrame & { getHitTestResults(s: unknown): { getPose(s: object): unknown }[] };

const restores: (() => void)[] = [];
afterEach(() => {
  tapChannel(null);
  while (restores.length > 0) restores.pop()!();
});

async function arSession(grant: string[] | 'deny-all', transport: 'direct' | 'channel' = 'direct') {
  const ua = makeUA({
    device: 'phone-ar',
    transport,
    consent: grant === 'deny-all' ? 'deny-all' : { grant: ['local', ...grant] },
  });
  ua.host.click();
  const session = (await ua.xr.requestSession('immersive-ar', {
    optionalFeatures: ['hit-test', 'plane-detection', 'mesh-detection'],
  })) as WorldSession;
  return { ua, session };
}

const ahead = () => new XRRay({}, { x: 0, y: -0.85, z: -1.5 });

describe('hostile page: room sensing', () => {
  it('without consent there is no source to read, and nothing of the room in any frame', async () => {
    const { session } = await arSession('deny-all');
    const viewer = await session.requestReferenceSpace('viewer');
    await expectRejectName(
      session.requestHitTestSource({ space: viewer, offsetRay: ahead() }),
      'NotSupportedError',
    );
    await inFrame(session, (frame) => {
      // Not enabled: null, nothing of the room (R-PLANE-01, R-MESH-01).
      expect((frame as unknown as { detectedPlanes: unknown }).detectedPlanes).toBeNull();
      expect((frame as unknown as { detectedMeshes: unknown }).detectedMeshes).toBeNull();
    });
    await session.end();
  });

  it('a forged source, a plain object or a wrong `this` is a TypeError; results never come for them', async () => {
    const { session } = await arSession(['hit-test']);
    const forged = Object.create(XRHitTestSource.prototype);
    await inFrame(session, (frame) => {
      const f = frame as WorldFrame;
      expectThrowName(() => f.getHitTestResults(forged), 'TypeError');
      expectThrowName(() => f.getHitTestResults({ id: 1 }), 'TypeError');
      expectThrowName(() => f.getHitTestResults(1), 'TypeError');
      const getHitTestResults = (XRFrame.prototype as unknown as WorldFrame).getHitTestResults;
      expectThrowName(() => getHitTestResults.call({}, forged), 'TypeError');
    });
    expectThrowName(() => new (XRHitTestSource as unknown as new () => object)(), 'TypeError');
    await session.end();
  });

  it("another session's source: InvalidStateError (a frame has results only for its own session's sources)", async () => {
    const first = await arSession(['hit-test']);
    const viewer = await first.session.requestReferenceSpace('viewer');
    const stolen = await first.session.requestHitTestSource({ space: viewer, offsetRay: ahead() });
    await first.session.end();
    const { session } = await arSession(['hit-test']);
    await inFrame(session, (frame) => {
      expectThrowName(() => (frame as WorldFrame).getHitTestResults(stolen), 'InvalidStateError');
    });
    await session.end();
  });

  it('a space of another session cannot aim a source (InvalidStateError)', async () => {
    const first = await arSession(['hit-test']);
    const foreign = await first.session.requestReferenceSpace('viewer');
    const { session } = await arSession(['hit-test']);
    await expectRejectName(session.requestHitTestSource({ space: foreign }), 'InvalidStateError');
    await first.session.end();
    await session.end();
  });

  it('only the results along its own rays cross to the page: one source, one ray, the first surface', async () => {
    const { session } = await arSession(['hit-test'], 'channel');
    const viewer = await session.requestReferenceSpace('viewer');
    const source = await session.requestHitTestSource({ space: viewer, offsetRay: ahead() });
    const seen: unknown[] = [];
    tapChannel((m) => {
      const value = (m as { value?: { world?: unknown } }).value;
      if (value && typeof value === 'object' && 'world' in value && value.world) seen.push(value.world);
    });
    await inFrame(session, () => undefined);
    const results = await inFrame(session, (f) => (f as WorldFrame).getHitTestResults(source));
    expect(results).toHaveLength(1);
    expect(seen.length).toBeGreaterThan(0);
    for (const w of seen as { hitTest: { results: unknown[] }[]; planes: unknown; meshes: unknown }[]) {
      expect(w.hitTest).toHaveLength(1);
      expect(w.hitTest[0]!.results.length).toBeLessThanOrEqual(1);
      // Plane and mesh detection were not granted: nothing of them crosses.
      expect(w.planes).toBeNull();
      expect(w.meshes).toBeNull();
    }
    source.cancel();
    seen.length = 0;
    await inFrame(session, () => undefined);
    await inFrame(session, () => undefined);
    // A cancelled source: no result crosses for it any more.
    for (const w of seen as { hitTest: unknown[] }[]) expect(w.hitTest).toHaveLength(0);
    await session.end();
  });

  it('R-PLANE-08: plane numbers are per session: a second session cannot tell it sees the same planes', async () => {
    const ids: number[][] = [];
    for (let i = 0; i < 2; i++) {
      const { session } = await arSession(['plane-detection'], 'channel');
      const seen: number[] = [];
      tapChannel((m) => {
        const world = (m as { value?: { world?: { planes?: { id: number }[] | null } } }).value?.world;
        if (world?.planes) for (const p of world.planes) seen.push(p.id);
      });
      await inFrame(
        session,
        (f) => (f as unknown as { detectedPlanes: { size: number } }).detectedPlanes.size,
      );
      tapChannel(null);
      ids.push([...new Set(seen)].sort((a, b) => a - b));
      await session.end();
    }
    expect(ids[0]!.length).toBe(10);
    expect(ids[1]).toEqual(ids[0]);
    expect(ids[0]![0]).toBe(1);
  });

  it('R-SPACE-05, R-HIT-11: a viewer 20 m from local is told neither by an anchor made where it is, nor by a ray cast down from it, nor by its pose relative to an anchor', async () => {
    // A hostile review's attack: anchors and hit results were places in local space told exactly,
    // whatever the pose limits withheld.
    const ua = makeUA({ device: 'phone-ar', consent: { grant: ['local', 'hit-test', 'anchors'] } });
    ua.host.click();
    const session = (await ua.xr.requestSession('immersive-ar', {
      requiredFeatures: ['hit-test', 'anchors'],
    })) as WorldSession;
    const device = ua.device as SimulatedXRDevice;
    // A field 80 m wide: there is floor under the viewer wherever it goes.
    device.setEnvironment({
      name: 'field',
      label: 'a field',
      planes: [
        {
          id: 'ground',
          label: 'floor',
          orientation: 'horizontal',
          pose: { position: { x: 0, y: 0, z: 0 }, orientation: { x: 0, y: 0, z: 0, w: 1 } },
          polygon: [
            { x: -40, z: -40 },
            { x: 40, z: -40 },
            { x: 40, z: 40 },
            { x: -40, z: 40 },
          ],
        },
      ],
      meshes: [],
    } as never);
    const local = await session.requestReferenceSpace('local');
    const viewer = await session.requestReferenceSpace('viewer');
    const down = await session.requestHitTestSource({
      space: viewer,
      offsetRay: new XRRay({}, { x: 0, y: -1, z: 0 }),
    });
    // A ray that meets the floor 10 m away, well within 15 m of local: two such rays from a far
    // viewer placed it by triangulation (a fifth review).
    const slant = await session.requestHitTestSource({
      space: viewer,
      offsetRay: new XRRay({}, { x: -1, y: -0.32, z: 0 }),
    });
    type AnchorFrame = WorldFrame & {
      createAnchor(t: XRRigidTransform, s: object): Promise<{ anchorSpace: object }>;
    };
    const probe = async (x: number, z: number) => {
      device.setViewerOrigin(pose(x, 1.6, z));
      // (A frame for the device's new pose to reach the user agent, then one to read.)
      await inFrame(session, () => undefined);
      return inFrame(session, (frame) => {
        const f = frame as AnchorFrame;
        const results = f.getHitTestResults(down).map((r) => r.getPose(local));
        return {
          results: results.length,
          slanted: f.getHitTestResults(slant).length,
          anchor: f.createAnchor(new XRRigidTransform(), viewer),
        };
      });
    };
    // The control: 3 m from local, the floor below and an anchor at the viewer.
    const near = await probe(3, 1);
    expect(near.results).toBe(1);
    expect(near.slanted).toBe(1);
    const kept = await near.anchor;
    // 20 m away: nothing of where the viewer is.
    const far = await probe(20, 3);
    expect(far.results).toBe(0);
    expect(far.slanted).toBe(0);
    await expectRejectName(far.anchor, 'InvalidStateError');
    await inFrame(session, (frame) => {
      expect(frame.getPose(viewer as never, kept.anchorSpace as never)).toBeNull();
      expect(frame.getPose(kept.anchorSpace as never, viewer as never)).toBeNull();
      // The anchor itself, within 15 m, is told.
      expect(frame.getPose(kept.anchorSpace as never, local as never)).not.toBeNull();
    });
    await session.end();
  });

  it('R-HIT-08: a ray cast straight down from local tells the floor no finer than the floor is told (1 cm)', async () => {
    // A hostile review's attack: the floor is rounded to 1 cm (R-SPACE-13), but a hit result found
    // it to the tenth of a millimetre.
    const ua = makeUA({ device: 'phone-ar', consent: { grant: ['local', 'hit-test', 'local-floor'] } });
    ua.host.click();
    const session = (await ua.xr.requestSession('immersive-ar', {
      requiredFeatures: ['hit-test', 'local-floor'],
    })) as WorldSession;
    const device = ua.device as SimulatedXRDevice;
    device.setFloorOrigin(pose(0, -1.6337, 0));
    device.setEnvironment('empty-room');
    device.setViewerOrigin(pose(0, 0, 0));
    const local = await session.requestReferenceSpace('local');
    const floor = await session.requestReferenceSpace('local-floor');
    const down = await session.requestHitTestSource({
      space: local,
      offsetRay: new XRRay({}, { x: 0, y: -1, z: 0 }),
    });
    await inFrame(session, () => undefined);
    const [hitY, floorY] = await inFrame(session, (frame) => {
      const r = (frame as WorldFrame).getHitTestResults(down)[0]?.getPose(local) as
        | { transform: { position: { y: number } } }
        | undefined;
      const f = frame.getPose(floor as never, local as never) as {
        transform: { position: { y: number } };
      } | null;
      return [r?.transform.position.y, f?.transform.position.y];
    });
    expect(floorY).toBeCloseTo(-1.63, 9);
    expect(hitY).toBeCloseTo(-1.63, 9);
    await session.end();
  });

  it('patched built-ins (Array.prototype.push, Set.prototype.add, an index setter) change nothing', async () => {
    const { session } = await arSession(['hit-test', 'plane-detection']);
    const viewer = await session.requestReferenceSpace('viewer');
    const source = await session.requestHitTestSource({ space: viewer, offsetRay: ahead() });
    await inFrame(session, () => undefined);
    const push = Array.prototype.push;
    const add = Set.prototype.add;
    let calls = 0;
    // Only xrgate's own calls count: Node's queueMicrotask (async hooks) writes to its own arrays
    // through Array.prototype too, which a browser's native queueMicrotask never does.
    // (Guarded: making a stack trace may push to arrays itself, which must not recurse.)
    let inside = false;
    const fromXrgate = () => {
      if (inside) return false;
      inside = true;
      try {
        return /\/src\/(api|agent|policy|device)\//.test(new Error().stack ?? '');
      } finally {
        inside = false;
      }
    };
    const restore = () => {
      Array.prototype.push = push;
      Set.prototype.add = add;
      delete (Array.prototype as unknown as Record<string, unknown>)['0'];
    };
    restores.push(restore);
    // Patched from one frame's callback to the next one's: the user agent's work for the next
    // frame (casting, reporting, building the results) runs with the patches live.
    const [n, planes] = await new Promise<[number, number]>((resolve, reject) => {
      session.requestAnimationFrame(() => {
        Array.prototype.push = function (this: unknown[], ...a: unknown[]) {
          if (fromXrgate()) calls++;
          return push.apply(this, a);
        };
        Set.prototype.add = function (this: Set<unknown>, v: unknown) {
          if (fromXrgate()) calls++;
          return add.call(this, v);
        };
        Object.defineProperty(Array.prototype, '0', {
          // The write still lands (as an own property), so the runtime's own arrays keep working
          // while the patch is live; only xrgate's writes are counted.
          set(this: unknown[], v: unknown) {
            Object.defineProperty(this, '0', {
              value: v,
              writable: true,
              enumerable: true,
              configurable: true,
            });
            if (fromXrgate()) calls++;
          },
          configurable: true,
        });
        session.requestAnimationFrame((_t, f) => {
          try {
            const out: [number, number] = [
              (f as WorldFrame).getHitTestResults(source).length,
              (f as unknown as { detectedPlanes: { size: number } }).detectedPlanes.size,
            ];
            restore();
            resolve(out);
          } catch (e) {
            restore();
            reject(e);
          }
        });
      });
    });
    expect(n).toBe(1);
    expect(planes).toBe(10);
    expect(calls).toBe(0);
    await session.end();
  });
});
