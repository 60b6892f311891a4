// FakeXRDevice: every member, its effect on sessions (on the next or next-to-next frame, R-TEST-05)
// and its argument errors.
// Requirement ids: R-TEST-02, R-TEST-05, R-TEST-06, R-TEST-08, R-POSE-19, R-POSE-20, R-SPACE-28,
// R-SPACE-30, R-ADJ-15, R-LIFE-08.

import { describe, expect, it } from 'vitest';
import { XRRigidTransform } from '../../src/api/XRRigidTransform.js';
import type { XRReferenceSpace } from '../../src/api/XRSpace.js';
import {
  boundedSpace,
  callLoose,
  expectReject,
  expectThrow,
  expectVec,
  frame,
  inFrame,
  insidePolygon,
  loose,
  makeTestUA,
  nextEvent,
  onGrid,
  RIGHT_CONTROLLER,
  record,
  requestWithActivation,
  sourceAt,
  tasks,
  trackedImmersive,
  twoFrames,
  view,
} from './helpers.js';

async function immersiveSetup(
  extra: Record<string, unknown> = {},
  init: Record<string, unknown> = {},
  profile?: 'strict',
) {
  const ua = makeTestUA(profile ? { profile } : {});
  const device = await ua.test.simulateDeviceConnection(trackedImmersive(extra));
  const session = await requestWithActivation(ua, 'immersive-vr', init);
  const local = await session.requestReferenceSpace('local');
  return { ua, device, session, local };
}

const T = (x: number, y: number, z: number, o: number[] = [0, 0, 0, 1]) => ({
  position: [x, y, z],
  orientation: o,
});

describe('FakeXRDevice.setViews', () => {
  it('R-TEST-05: the new views are used on the next frames; count and eyes as given', async () => {
    const { device, session, local } = await immersiveSetup();
    await twoFrames(session);
    expect(await inFrame(session, (f) => f.getViewerPose(local)?.views.length)).toBe(2);
    device.setViews([view('none', 0)]);
    await twoFrames(session);
    const eyes = await inFrame(session, (f) => f.getViewerPose(local)?.views.map((v) => v.eye));
    expect(eyes).toEqual(['none']);
    await session.end();
  });

  it('R-POSE-20: scripted view offsets pass through unchanged in the spec profile (view = viewer × offset)', async () => {
    const { device, session, local } = await immersiveSetup({ viewerOrigin: T(1, 1.5, -2) });
    device.setViews([view('left', -0.1), view('right', 0.1)]);
    await twoFrames(session);
    const xs = await inFrame(session, (f) => {
      const p = f.getViewerPose(local);
      return p?.views.map((v) => [v.transform.position.x, v.transform.position.y, v.transform.position.z]);
    });
    expect(xs?.length).toBe(2);
    expect(xs?.[0]?.[0]).toBeCloseTo(0.9, 6);
    expect(xs?.[1]?.[0]).toBeCloseTo(1.1, 6);
    expect(xs?.[0]?.[1]).toBeCloseTo(1.5, 6);
    expect(xs?.[1]?.[2]).toBeCloseTo(-2, 6);
    await session.end();
  });

  it("R-POSE-20: in the 'strict' profile the simulated multi-view geometry is anonymised", async () => {
    const { device, session, local } = await immersiveSetup({}, {}, 'strict');
    device.setViews([view('left', -0.1), view('right', 0.1)]);
    await twoFrames(session);
    const xs = await inFrame(session, (f) =>
      f.getViewerPose(local)?.views.map((v) => v.transform.position.x),
    );
    expect(xs?.length).toBe(2);
    const ipd = (xs?.[1] ?? 0) - (xs?.[0] ?? 0);
    expect(ipd).toBeGreaterThan(0);
    expect(Math.abs(ipd - 0.2)).toBeGreaterThan(0.01);
    expect([0.058, 0.063, 0.068].some((c) => Math.abs(c - ipd) < 1e-9)).toBe(true);
    await session.end();
  });

  it('R-TEST-02: secondary views join the views when secondary-views is enabled; omitting them keeps them', async () => {
    const { device, session, local } = await immersiveSetup(
      { secondaryViews: [view('none', 0)] },
      { optionalFeatures: ['secondary-views'] },
    );
    expect(session.enabledFeatures).toContain('secondary-views');
    await twoFrames(session);
    expect(await inFrame(session, (f) => f.getViewerPose(local)?.views.length)).toBe(3);
    device.setViews([view('left', -0.05), view('right', 0.05)]);
    await twoFrames(session);
    expect(await inFrame(session, (f) => f.getViewerPose(local)?.views.length)).toBe(3);
    device.setViews([view('left', -0.05), view('right', 0.05)], []);
    await twoFrames(session);
    expect(await inFrame(session, (f) => f.getViewerPose(local)?.views.length)).toBe(2);
    await session.end();
  });

  it('R-TEST-02: bad views throw TypeError (empty list, wrong matrix, wrong offset, not a sequence, no argument)', async () => {
    const { device, session } = await immersiveSetup();
    expectThrow(() => device.setViews([]), 'TypeError');
    expectThrow(() => device.setViews([view('left', 0, { projectionMatrix: [1, 2, 3] })]), 'TypeError');
    expectThrow(
      () =>
        device.setViews([view('left', 0, { viewOffset: { position: [0, 0], orientation: [0, 0, 0, 1] } })]),
      'TypeError',
    );
    expectThrow(
      () => device.setViews([view('left')], [view('none', 0, { projectionMatrix: [] })]),
      'TypeError',
    );
    expectThrow(() => callLoose(device, 'setViews', 42), 'TypeError');
    expectThrow(() => callLoose(device, 'setViews'), 'TypeError');
    await session.end();
  });
});

describe('FakeXRDevice.disconnect', () => {
  it('R-TEST-06, R-LIFE-08: ends the immersive session, fires devicechange, resolves undefined', async () => {
    const { ua, device, session } = await immersiveSetup();
    const ended = nextEvent(session, 'end');
    const changed = nextEvent(ua.xr, 'devicechange');
    const r = device.disconnect();
    expect(r).toBeInstanceOf(Promise);
    expect(await r).toBeUndefined();
    await ended;
    await changed;
    expect(await ua.xr.isSessionSupported('immersive-vr')).toBe(false);
    await expectReject(session.end(), 'InvalidStateError');
  });

  it('R-TEST-02: an inline session on the disconnected device ends and the inline device resets', async () => {
    const ua = makeTestUA();
    const device = await ua.test.simulateDeviceConnection(trackedImmersive());
    const inline = await requestWithActivation(ua, 'inline', { requiredFeatures: ['local'] });
    const ended = nextEvent(inline, 'end');
    await device.disconnect();
    await ended;
    await expectReject(
      requestWithActivation(ua, 'inline', { requiredFeatures: ['local'] }),
      'NotSupportedError',
    );
  });

  it('a second disconnect() is harmless', async () => {
    const { device } = await immersiveSetup();
    await device.disconnect();
    await expect(device.disconnect()).resolves.toBeUndefined();
  });
});

describe('FakeXRDevice.setViewerOrigin / clearViewerOrigin', () => {
  it('R-TEST-05: the viewer pose follows setViewerOrigin on the next frames', async () => {
    const { device, session, local } = await immersiveSetup();
    device.setViewerOrigin(T(0.5, 1.2, -0.3));
    await twoFrames(session);
    const p = await inFrame(session, (f) => f.getViewerPose(local));
    expect(p).not.toBeNull();
    expectVec(p?.transform.position ?? { x: 0, y: 0, z: 0 }, 0.5, 1.2, -0.3);
    expect(p?.emulatedPosition).toBe(false);
    await session.end();
  });

  it('R-TEST-02, R-ADJ-15: emulatedPosition true gives a non-null viewer pose with emulatedPosition true', async () => {
    const { device, session, local } = await immersiveSetup();
    device.setViewerOrigin(T(0, 1.6, 0), true);
    await twoFrames(session);
    const p = await inFrame(session, (f) => f.getViewerPose(local));
    expect(p).not.toBeNull();
    expect(p?.emulatedPosition).toBe(true);
    expect(p?.transform.position.y).toBeCloseTo(1.6, 6);
    device.setViewerOrigin(T(0, 1.6, 0));
    await twoFrames(session);
    expect(await inFrame(session, (f) => f.getViewerPose(local)?.emulatedPosition)).toBe(false);
    await session.end();
  });

  it('R-TEST-02: setViewerOrigin(null), a missing argument and bad lengths throw TypeError', async () => {
    const { device, session } = await immersiveSetup();
    expectThrow(() => callLoose(device, 'setViewerOrigin', null), 'TypeError');
    expectThrow(() => callLoose(device, 'setViewerOrigin'), 'TypeError');
    expectThrow(
      () => device.setViewerOrigin({ position: [0, 0, 0, 0], orientation: [0, 0, 0, 1] }),
      'TypeError',
    );
    expectThrow(() => device.setViewerOrigin({ position: [0, 0, 0], orientation: [0, 0, 1] }), 'TypeError');
    expectThrow(() => callLoose(device, 'setViewerOrigin', { position: [0, 0, 0] }), 'TypeError');
    await session.end();
  });

  it('R-POSE-19: getViewerPose(local) is null until a viewer origin exists; getViewerPose(viewer) is identity', async () => {
    const ua = makeTestUA();
    const init = trackedImmersive();
    delete init.viewerOrigin;
    const device = await ua.test.simulateDeviceConnection(init);
    const s = await requestWithActivation(ua, 'immersive-vr');
    const local = await s.requestReferenceSpace('local');
    const viewer = await s.requestReferenceSpace('viewer');
    await twoFrames(s);
    const r = await inFrame(s, (f) => ({ local: f.getViewerPose(local), viewer: f.getViewerPose(viewer) }));
    expect(r.local).toBeNull();
    expect(r.viewer).not.toBeNull();
    expectVec(r.viewer?.transform.position ?? { x: 9, y: 9, z: 9 }, 0, 0, 0, 12);
    expect(r.viewer?.transform.orientation.w).toBe(1);
    expect(r.viewer?.emulatedPosition).toBe(false);
    device.setViewerOrigin(T(0, 1, 0));
    await twoFrames(s);
    expect(await inFrame(s, (f) => f.getViewerPose(local)?.transform.position.y)).toBeCloseTo(1, 6);
    await s.end();
  });

  it('R-POSE-19: during tracking loss (clearViewerOrigin) statically known pairs stay identity, never null, not emulated', async () => {
    const { device, session } = await immersiveSetup(
      {},
      { requiredFeatures: ['local-floor', 'bounded-floor', 'unbounded'] },
    );
    const spaces: Record<string, XRReferenceSpace> = {};
    for (const t of ['viewer', 'local', 'local-floor', 'bounded-floor', 'unbounded'] as const) {
      spaces[t] = await session.requestReferenceSpace(t);
    }
    spaces.offsetViewer = (spaces.viewer as XRReferenceSpace).getOffsetReferenceSpace(
      new XRRigidTransform({ x: 0, y: 0.5, z: 0 }),
    );
    device.clearViewerOrigin();
    await twoFrames(session);
    const out = await inFrame(session, (f) => {
      const viewer = spaces.viewer as XRReferenceSpace;
      const vp = f.getViewerPose(viewer);
      const self = Object.entries(spaces).map(([k, sp]) => {
        const p = f.getPose(sp, sp);
        return [
          k,
          p?.transform.position.x,
          p?.transform.position.y,
          p?.transform.orientation.w,
          p?.emulatedPosition,
        ];
      });
      const off = f.getPose(spaces.offsetViewer as XRReferenceSpace, viewer);
      return {
        vp: vp && [vp.transform.position.x, vp.transform.position.y, vp.emulatedPosition],
        self,
        off: off && [off.transform.position.y, off.emulatedPosition],
      };
    });
    // An offset space and its parent differ only by the offset.
    expect(out.off).toEqual([0.5, false]);
    expect(out.vp).toEqual([0, 0, false]);
    expect(out.self.length).toBe(6);
    for (const [, x, y, w, emulated] of out.self) {
      expect(x).toBe(0);
      expect(y).toBe(0);
      expect(w).toBe(1);
      expect(emulated).toBe(false);
    }
    await session.end();
  });
});

describe('FakeXRDevice.setFloorOrigin / clearFloorOrigin (R-SPACE-30)', () => {
  it('R-SPACE-30: before a floor origin local-floor uses the estimated floor, 1.6 m below local', async () => {
    const { session, local } = await immersiveSetup({}, { requiredFeatures: ['local-floor'] });
    const floor = await session.requestReferenceSpace('local-floor');
    await twoFrames(session);
    const r = await inFrame(session, (f) => ({
      viewer: f.getViewerPose(floor)?.transform.position.y,
      floorInLocal: f.getPose(floor, local)?.transform.position.y,
    }));
    expect(r.viewer).toBe(1.6);
    expect(r.floorInLocal).toBe(-1.6);
    await session.end();
  });

  it('R-SPACE-30: float32 1.65 comes back on the 1 cm grid; viewer pose in local-floor is the inverse floor origin', async () => {
    // WPT xrStationaryReferenceSpace_floorlevel_updates: VALID_FLOOR_ORIGIN, identity viewer.
    const { device, session } = await immersiveSetup({}, { requiredFeatures: ['local-floor'] });
    const floor = await session.requestReferenceSpace('local-floor');
    await twoFrames(session);
    expect(await inFrame(session, (f) => f.getViewerPose(floor)?.transform.position.y)).toBeGreaterThan(1);
    const resets = record(floor, ['reset']);
    device.setFloorOrigin(T(-1, -1.65, 1));
    await twoFrames(session);
    const p = await inFrame(session, (f) => f.getViewerPose(floor)?.transform.position);
    expect(p).toBeDefined();
    expect(Math.abs((p?.x ?? 0) - 1)).toBeLessThan(1e-3);
    expect(Math.abs((p?.y ?? 0) - 1.65)).toBeLessThan(1e-3);
    expect(Math.abs((p?.z ?? 0) + 1)).toBeLessThan(1e-3);
    // Rounded, so float32's 1.6499999761581421 is back on the grid.
    expect(p?.y).toBeCloseTo(1.65, 12);
    expect(resets.length).toBeGreaterThan(0);
    await session.end();
  });

  it('R-SPACE-30: only y is rounded to 1 cm; x and z pass through', async () => {
    const { device, session } = await immersiveSetup({}, { requiredFeatures: ['local-floor'] });
    const floor = await session.requestReferenceSpace('local-floor');
    device.setFloorOrigin(T(0.123, -1.6337, -0.0789));
    await twoFrames(session);
    const p = await inFrame(session, (f) => f.getViewerPose(floor)?.transform.position);
    expect(p?.y).toBeCloseTo(1.63, 12);
    expect(p?.x).toBeCloseTo(-0.123, 6);
    expect(p?.z).toBeCloseTo(0.0789, 6);
    await session.end();
  });

  it('R-SPACE-30: clearFloorOrigin goes back to the default estimated floor (1.6 m, not rounded)', async () => {
    const { device, session } = await immersiveSetup(
      { floorOrigin: T(0, -1.2, 0) },
      { requiredFeatures: ['local-floor'] },
    );
    const floor = await session.requestReferenceSpace('local-floor');
    await twoFrames(session);
    expect(await inFrame(session, (f) => f.getViewerPose(floor)?.transform.position.y)).toBeCloseTo(1.2, 9);
    device.clearFloorOrigin();
    await twoFrames(session);
    expect(await inFrame(session, (f) => f.getViewerPose(floor)?.transform.position.y)).toBe(1.6);
    await session.end();
  });

  it('R-TEST-02: setFloorOrigin(null), a missing argument and bad lengths throw TypeError', async () => {
    const { device, session } = await immersiveSetup();
    expectThrow(() => callLoose(device, 'setFloorOrigin', null), 'TypeError');
    expectThrow(() => callLoose(device, 'setFloorOrigin'), 'TypeError');
    expectThrow(() => device.setFloorOrigin({ position: [0, 0, 0], orientation: [0, 0, 0] }), 'TypeError');
    expectThrow(() => device.setFloorOrigin({ position: [0], orientation: [0, 0, 0, 1] }), 'TypeError');
    await session.end();
  });
});

describe('FakeXRDevice.setBoundsGeometry and bounded-floor', () => {
  it('R-SPACE-28: bounded-floor with no floor origin and no bounds resolves, with boundsGeometry []', async () => {
    const { session } = await immersiveSetup({}, { requiredFeatures: ['bounded-floor'] });
    expect(session.enabledFeatures).toContain('bounded-floor');
    const bounded = await boundedSpace(session);
    expect(bounded.boundsGeometry.length).toBe(0);
    await twoFrames(session);
    expect(bounded.boundsGeometry.length).toBe(0);
    await session.end();
  });

  it("R-SPACE-28: the 'strict' profile keeps the literal reading: no floor ⇒ bounded-floor NotSupportedError", async () => {
    const ua = makeTestUA({ profile: 'strict' });
    await ua.test.simulateDeviceConnection(trackedImmersive());
    await expectReject(
      requestWithActivation(ua, 'immersive-vr', { requiredFeatures: ['bounded-floor'] }),
      'NotSupportedError',
    );
  });

  it('R-SPACE-18, R-SPACE-30: bounds are reported on the 5 cm grid, inside the platform bounds, and reset fires', async () => {
    const { device, session } = await immersiveSetup({}, { requiredFeatures: ['bounded-floor'] });
    const bounded = await boundedSpace(session);
    const resets = record(bounded, ['reset']);
    const raw = [
      { x: -1.52, z: -1.27 },
      { x: 1.53, z: -1.22 },
      { x: 1.47, z: 1.33 },
      { x: -1.51, z: 1.26 },
    ];
    device.setBoundsGeometry(raw);
    await twoFrames(session);
    await tasks();
    const b = bounded.boundsGeometry;
    expect(b.length).toBeGreaterThanOrEqual(3);
    for (const p of b) {
      expect(onGrid(p.x, 0.05)).toBe(true);
      expect(onGrid(p.z, 0.05)).toBe(true);
      expect(p.y).toBe(0);
      expect(p.w).toBe(1);
      expect(insidePolygon(p.x, p.z, raw)).toBe(true);
    }
    expect(resets.length).toBeGreaterThan(0);
    await session.end();
  });

  it('R-SPACE-30: fixtures already on the grid come back exactly, in order (WPT xrBoundedReferenceSpace_updates)', async () => {
    const { device, session } = await immersiveSetup(
      { floorOrigin: T(0, -1.5, 0) },
      { requiredFeatures: ['bounded-floor'] },
    );
    const bounded = await boundedSpace(session);
    const fixture = [
      { x: 1, z: -1.5 },
      { x: 1, z: 1.5 },
      { x: -1, z: 1.5 },
      { x: -1, z: -1.5 },
    ];
    device.setBoundsGeometry(fixture);
    await twoFrames(session);
    expect(bounded.boundsGeometry.map((p) => ({ x: p.x, z: p.z }))).toEqual(fixture);
    await session.end();
  });

  it('R-TEST-02: fewer than 3 points, a non-sequence or no argument throws TypeError', async () => {
    const { device, session } = await immersiveSetup();
    expectThrow(
      () =>
        device.setBoundsGeometry([
          { x: 0, z: 0 },
          { x: 1, z: 0 },
        ]),
      'TypeError',
    );
    expectThrow(() => device.setBoundsGeometry([]), 'TypeError');
    expectThrow(() => callLoose(device, 'setBoundsGeometry', 42), 'TypeError');
    expectThrow(() => callLoose(device, 'setBoundsGeometry'), 'TypeError');
    await session.end();
  });
});

describe('FakeXRDevice.simulateResetPose', () => {
  it('R-TEST-06, R-SPACE-09: fires reset (XRReferenceSpaceEvent) on local spaces', async () => {
    const { device, session, local } = await immersiveSetup({}, { requiredFeatures: ['local-floor'] });
    const floor = await session.requestReferenceSpace('local-floor');
    const got = nextEvent<Event & { referenceSpace: unknown; transform: unknown }>(local, 'reset');
    const floorResets = record(floor, ['reset']);
    device.simulateResetPose();
    const e = await got;
    expect(Object.prototype.toString.call(e)).toBe('[object XRReferenceSpaceEvent]');
    expect(e.referenceSpace).toBe(local);
    await tasks();
    expect(floorResets).toEqual(['reset']);
    await session.end();
  });
});

describe('FakeXRDevice.simulateVisibilityChange', () => {
  it('R-TEST-02, R-VIS-08: drives the immersive session visibilityState and fires visibilitychange', async () => {
    const { device, session } = await immersiveSetup();
    const seen: string[] = [];
    session.addEventListener('visibilitychange', () => seen.push(session.visibilityState));
    device.simulateVisibilityChange('visible-blurred');
    await tasks();
    device.simulateVisibilityChange('hidden');
    await tasks();
    device.simulateVisibilityChange('hidden');
    await tasks();
    device.simulateVisibilityChange('visible');
    await tasks();
    expect(seen).toEqual(['visible-blurred', 'hidden', 'visible']);
    await session.end();
  });

  it('R-VIS-05, AMB-04: a press while hidden or blurred is never delivered later; an action spanning it is cancelled', async () => {
    const { device, session } = await immersiveSetup();
    const right = device.simulateInputSourceConnection(RIGHT_CONTROLLER());
    const left = device.simulateInputSourceConnection({ ...RIGHT_CONTROLLER(), handedness: 'left' });
    await twoFrames(session);
    const ev: string[] = [];
    for (const t of ['selectstart', 'select', 'selectend']) {
      session.addEventListener(t, (e) =>
        ev.push(`${(e as unknown as { inputSource: { handedness: string } }).inputSource.handedness} ${t}`),
      );
    }
    // The right controller starts a selection while visible, then the session is hidden.
    right.startSelection();
    await twoFrames(session);
    expect(ev).toEqual(['right selectstart']);
    device.simulateVisibilityChange('hidden');
    await tasks();
    // While hidden the user lets the right trigger go and clicks the left one.
    right.endSelection();
    left.simulateSelect();
    await tasks();
    device.simulateVisibilityChange('visible');
    await tasks();
    await twoFrames(session);
    // The right selection ends as cancelled (nothing stays pressed, no select for what the user
    // completed while hidden); the left click is not replayed.
    expect(ev).toEqual(['right selectstart', 'right selectend']);
    // The same while blurred: frames run, no press is delivered then or afterwards.
    device.simulateVisibilityChange('visible-blurred');
    await tasks();
    left.simulateSelect();
    await twoFrames(session);
    device.simulateVisibilityChange('visible');
    await tasks();
    await twoFrames(session);
    expect(ev).toEqual(['right selectstart', 'right selectend']);
    await session.end();
  });

  it('R-TEST-08: inline sessions are unaffected (they mirror document visibility)', async () => {
    const ua = makeTestUA();
    const device = await ua.test.simulateDeviceConnection(trackedImmersive());
    const inline = await requestWithActivation(ua, 'inline');
    const seen = record(inline, ['visibilitychange']);
    device.simulateVisibilityChange('hidden');
    await tasks();
    expect(inline.visibilityState).toBe('visible');
    expect(seen).toEqual([]);
    await inline.end();
  });

  it('WebIDL: an invalid XRVisibilityState or no argument throws TypeError', async () => {
    const { device, session } = await immersiveSetup();
    expectThrow(() => callLoose(device, 'simulateVisibilityChange', 'blurred'), 'TypeError');
    expectThrow(() => callLoose(device, 'simulateVisibilityChange'), 'TypeError');
    await tasks();
    expect(session.visibilityState).toBe('visible');
    await session.end();
  });
});

describe('FakeXRDevice.simulateInputSourceConnection', () => {
  it('R-TEST-05: inputsourceschange (added) arrives within two frames; returns a FakeXRInputController', async () => {
    const { device, session } = await immersiveSetup();
    const changes: { added: readonly unknown[]; removed: readonly unknown[] }[] = [];
    session.addEventListener('inputsourceschange', (e) =>
      changes.push(e as unknown as { added: readonly unknown[]; removed: readonly unknown[] }),
    );
    const controller = device.simulateInputSourceConnection(RIGHT_CONTROLLER());
    expect(Object.prototype.toString.call(controller)).toBe('[object FakeXRInputController]');
    await twoFrames(session);
    expect(changes.length).toBe(1);
    expect(changes[0]?.added.length).toBe(1);
    expect(changes[0]?.removed.length).toBe(0);
    expect(session.inputSources.length).toBe(1);
    expect(changes[0]?.added[0]).toBe(sourceAt(session, 0));
    const src = sourceAt(session, 0);
    expect(src?.handedness).toBe('right');
    expect(src?.targetRayMode).toBe('tracked-pointer');
    await session.end();
  });

  it('R-TEST-06: selectionClicked fires selectstart, select, selectend', async () => {
    const { device, session } = await immersiveSetup();
    const ev = record(session, ['selectstart', 'select', 'selectend']);
    device.simulateInputSourceConnection({ ...RIGHT_CONTROLLER(), selectionClicked: true });
    await twoFrames(session);
    expect(ev).toEqual(['selectstart', 'select', 'selectend']);
    await session.end();
  });

  it('R-TEST-06: selectionStarted fires selectstart only', async () => {
    const { device, session } = await immersiveSetup();
    const ev = record(session, ['selectstart', 'select', 'selectend']);
    device.simulateInputSourceConnection({ ...RIGHT_CONTROLLER(), selectionStarted: true });
    await twoFrames(session);
    expect(ev).toEqual(['selectstart']);
    await session.end();
  });

  it("R-TEST-03: without gripOrigin a tracked pointer is not tracked (no grip, no target ray pose); a 'screen' or 'gaze' source's ray is reported", async () => {
    const { device, session, local } = await immersiveSetup();
    const { gripOrigin: _unused, ...init } = RIGHT_CONTROLLER();
    device.simulateInputSourceConnection(init);
    device.simulateInputSourceConnection({ ...init, handedness: 'none', targetRayMode: 'gaze' });
    await twoFrames(session);
    const [pointer, gaze] = [sourceAt(session, 0), sourceAt(session, 1)];
    expect(pointer?.targetRayMode).toBe('tracked-pointer');
    expect(gaze?.targetRayMode).toBe('gaze');
    const r = await inFrame(session, (f) => ({
      grip: pointer?.gripSpace ? f.getPose(pointer.gripSpace, local) : null,
      ray: pointer ? f.getPose(pointer.targetRaySpace, local) : 'no source',
      gaze: gaze ? f.getPose(gaze.targetRaySpace, local) : null,
    }));
    // spec(test) "simulated XR input source/gripOrigin": null means the source is not tracked.
    expect(r.grip).toBeNull();
    expect(r.ray).toBeNull();
    expectVec(r.gaze?.transform.position ?? { x: 9, y: 9, z: 9 }, 0.5, 1, -1);
    await session.end();
  });

  it('R-TEST-03, R-ADJ-15: profiles are passed through unchanged (order, duplicates) for immersive sessions', async () => {
    const { device, session } = await immersiveSetup();
    const profiles = ['vendor-controller', 'generic-trigger', 'vendor-controller'];
    device.simulateInputSourceConnection({ ...RIGHT_CONTROLLER(), profiles });
    await twoFrames(session);
    expect([...(sourceAt(session, 0)?.profiles ?? [])]).toEqual(profiles);
    await session.end();
  });

  it("R-ADJ-15: only the 'strict' profile masks input profiles (to at most one generic name from the list)", async () => {
    const { device, session } = await immersiveSetup({}, {}, 'strict');
    device.simulateInputSourceConnection({
      ...RIGHT_CONTROLLER(),
      profiles: ['vendor-x', 'generic-trigger'],
    });
    await twoFrames(session);
    const p = [...(sourceAt(session, 0)?.profiles ?? [])];
    expect(p.length).toBeLessThanOrEqual(1);
    for (const name of p) expect(['vendor-x', 'generic-trigger']).toContain(name);
    await session.end();
  });

  it('R-ADJ-08, R-ADJ-15: inline sessions report every input source with profiles []', async () => {
    const ua = makeTestUA();
    const device = await ua.test.simulateDeviceConnection(trackedImmersive());
    const inline = await requestWithActivation(ua, 'inline');
    device.simulateInputSourceConnection(RIGHT_CONTROLLER());
    await twoFrames(inline);
    // xrgate announces no input sources to inline sessions at all (session-core #updateInputSources),
    // so today this loop has nothing to check; it guards the rule should inline input be added.
    for (const s of inline.inputSources) expect([...s.profiles]).toEqual([]);
    await inline.end();
  });

  it('R-TEST-02: missing required members, bad enums and bad transforms throw TypeError', async () => {
    const { device, session } = await immersiveSetup();
    const base: Record<string, unknown> = { ...RIGHT_CONTROLLER() };
    const bad: Record<string, unknown>[] = [
      { ...base, handedness: undefined },
      { ...base, targetRayMode: undefined },
      { ...base, pointerOrigin: undefined },
      { ...base, profiles: undefined },
      { ...base, handedness: 'up' },
      { ...base, targetRayMode: 'laser' },
      { ...base, pointerOrigin: { position: [0, 0], orientation: [0, 0, 0, 1] } },
      { ...base, gripOrigin: { position: [0, 0, 0], orientation: [0, 0, 1] } },
      { ...base, profiles: 'generic-trigger' },
      {
        ...base,
        supportedButtons: [{ buttonType: 'trigger', pressed: false, touched: false, pressedValue: 0 }],
      },
    ];
    for (const init of bad)
      expectThrow(() => callLoose(device, 'simulateInputSourceConnection', init), 'TypeError');
    expectThrow(() => callLoose(device, 'simulateInputSourceConnection'), 'TypeError');
    await frame(session);
    expect(session.inputSources.length).toBe(0);
    await session.end();
  });
});

describe('FakeXRDevice hit-test and depth-sensing hooks (argument validation)', () => {
  const depth = () => ({
    depthData: new ArrayBuffer(8),
    depthFormat: 'luminance-alpha',
    normDepthBufferFromNormView: { position: [0, 0, 0], orientation: [0, 0, 0, 1] },
    rawValueToMeters: 0.001,
    width: 2,
    height: 2,
  });

  it('setWorld accepts a FakeXRWorldInit; clearWorld takes no argument', async () => {
    const { device, session } = await immersiveSetup();
    expect(device.setWorld({ hitTestRegions: [] } as never)).toBeUndefined();
    expect(
      callLoose(device, 'setWorld', {
        hitTestRegions: [
          {
            type: 'plane',
            faces: [
              {
                vertices: [
                  { x: 0, y: 0, z: 0 },
                  { x: 1, y: 0, z: 0 },
                  { x: 0, y: 0, z: 1 },
                ],
              },
            ],
          },
        ],
      }),
    ).toBeUndefined();
    expect(device.clearWorld()).toBeUndefined();
    await session.end();
  });

  it('setWorld: no argument or a non-dictionary throws TypeError', async () => {
    const { device, session } = await immersiveSetup();
    expectThrow(() => callLoose(device, 'setWorld'), 'TypeError');
    expectThrow(() => callLoose(device, 'setWorld', 42), 'TypeError');
    await session.end();
  });

  it('setWorld: a missing required hitTestRegions or a bad region type throws TypeError', async () => {
    const { device, session } = await immersiveSetup();
    try {
      expectThrow(() => callLoose(device, 'setWorld', {}), 'TypeError');
      expectThrow(
        () => callLoose(device, 'setWorld', { hitTestRegions: [{ faces: [], type: 'blob' }] }),
        'TypeError',
      );
    } finally {
      await session.end();
    }
  });

  it('setDepthSensingData accepts a full FakeXRDepthSensingDataInit; clearDepthSensingData takes none', async () => {
    const { device, session } = await immersiveSetup();
    expect(callLoose(device, 'setDepthSensingData', depth())).toBeUndefined();
    expect(device.clearDepthSensingData()).toBeUndefined();
    await session.end();
  });

  it('setDepthSensingData: null, no argument or a non-dictionary throws TypeError', async () => {
    const { device, session } = await immersiveSetup();
    expectThrow(() => callLoose(device, 'setDepthSensingData', null), 'TypeError');
    expectThrow(() => callLoose(device, 'setDepthSensingData'), 'TypeError');
    expectThrow(() => callLoose(device, 'setDepthSensingData', 42), 'TypeError');
    await session.end();
  });

  it('setDepthSensingData: missing required members, null depthData, a 15-entry projectionMatrix or a bad viewOffset throw TypeError', async () => {
    const { device, session } = await immersiveSetup();
    try {
      expectThrow(() => callLoose(device, 'setDepthSensingData', {}), 'TypeError');
      expectThrow(
        () => callLoose(device, 'setDepthSensingData', { ...depth(), depthData: null }),
        'TypeError',
      );
      expectThrow(
        () =>
          callLoose(device, 'setDepthSensingData', { ...depth(), projectionMatrix: new Array(15).fill(0) }),
        'TypeError',
      );
      expectThrow(
        () =>
          callLoose(device, 'setDepthSensingData', {
            ...depth(),
            viewOffset: { position: [0, 0], orientation: [0, 0, 0, 1] },
          }),
        'TypeError',
      );
    } finally {
      await session.end();
    }
  });
});

describe('visibility masks (FakeXRViewInit.visibilityMask → visibilitymaskchange)', () => {
  const leftMask = { vertices: [0, 0, 0, 1, 1, 0, 1, 1], indices: [0, 1, 2, 0, 2, 3] };
  const rightMask = { vertices: [1, 1, 1, 2, 2, 1, 2, 2], indices: [0, 2, 3, 0, 1, 2] };

  it('R-TEST-02: a changed mask fires one event per view, with its eye, index, vertices and indices; an unchanged one fires nothing', async () => {
    const ua = makeTestUA();
    const device = await ua.test.simulateDeviceConnection(trackedImmersive());
    const session = await requestWithActivation(ua, 'immersive-vr');
    const events: { session: unknown; eye: string; index: number; vertices: number[]; indices: number[] }[] =
      [];
    session.addEventListener('visibilitymaskchange', (e) => {
      const m = e as unknown as {
        session: unknown;
        eye: string;
        index: number;
        vertices: Float32Array;
        indices: Uint32Array;
      };
      expect(m.vertices).toBeInstanceOf(Float32Array);
      expect(m.indices).toBeInstanceOf(Uint32Array);
      events.push({
        session: m.session,
        eye: m.eye,
        index: m.index,
        vertices: [...m.vertices],
        indices: [...m.indices],
      });
    });
    await twoFrames(session);
    expect(events).toEqual([]);
    device.setViews([
      view('left', -0.1, { visibilityMask: leftMask }),
      view('right', 0.1, { visibilityMask: rightMask }),
    ]);
    await twoFrames(session);
    expect(events).toEqual([
      { session, eye: 'left', index: 0, ...leftMask },
      { session, eye: 'right', index: 1, ...rightMask },
    ]);
    // The same masks again: no event. The left mask removed: the whole view (empty lists).
    device.setViews([
      view('left', -0.1, { visibilityMask: leftMask }),
      view('right', 0.1, { visibilityMask: rightMask }),
    ]);
    await twoFrames(session);
    expect(events.length).toBe(2);
    device.setViews([view('left', -0.1), view('right', 0.1, { visibilityMask: rightMask })]);
    await twoFrames(session);
    expect(events.slice(2)).toEqual([{ session, eye: 'left', index: 0, vertices: [], indices: [] }]);
    await session.end();
  });

  it('R-TEST-02: a device connected with masks announces them once the session has resolved', async () => {
    const ua = makeTestUA();
    await ua.test.simulateDeviceConnection(
      trackedImmersive({
        views: [view('left', -0.1, { visibilityMask: leftMask }), view('right', 0.1)],
      }),
    );
    const session = await requestWithActivation(ua, 'immersive-vr');
    const eyes: string[] = [];
    session.addEventListener('visibilitymaskchange', (e) => eyes.push((e as unknown as { eye: string }).eye));
    await twoFrames(session);
    expect(eyes).toEqual(['left']);
    await session.end();
  });

  it("R-FEAT-13: a secondary view's mask is announced with its index in the session's views, only with 'secondary-views'", async () => {
    const mask = { vertices: [0, 0, 1, 0, 0, 1], indices: [0, 1, 2] };
    for (const enabled of [true, false]) {
      const ua = makeTestUA();
      const device = await ua.test.simulateDeviceConnection(trackedImmersive());
      const session = await requestWithActivation(
        ua,
        'immersive-vr',
        enabled ? { optionalFeatures: ['secondary-views'] } : {},
      );
      const got: [string, number][] = [];
      session.addEventListener('visibilitymaskchange', (e) => {
        const m = e as unknown as { eye: string; index: number };
        got.push([m.eye, m.index]);
      });
      device.setViews([view('left', -0.1), view('right', 0.1)], [view('none', 0, { visibilityMask: mask })]);
      await twoFrames(session);
      expect(got).toEqual(enabled ? [['none', 2]] : []);
      await session.end();
    }
  });

  it('FakeXRVisibilityMask: required members, float vertices, unsigned long indices (modulo 2^32)', async () => {
    const ua = makeTestUA();
    await expectReject(
      ua.test.simulateDeviceConnection(
        trackedImmersive({ views: [view('none', 0, { visibilityMask: loose({ vertices: [0, 0] }) })] }),
      ),
      'TypeError',
    );
    await expectReject(
      ua.test.simulateDeviceConnection(
        trackedImmersive({
          views: [view('none', 0, { visibilityMask: { vertices: [Number.NaN], indices: [] } })],
        }),
      ),
      'TypeError',
    );
    await ua.test.simulateDeviceConnection(
      trackedImmersive({
        views: [view('none', 0, { visibilityMask: { vertices: [0, 0], indices: [-1, 2 ** 32 + 3] } })],
      }),
    );
    const session = await requestWithActivation(ua, 'immersive-vr');
    const got: number[][] = [];
    session.addEventListener('visibilitymaskchange', (e) =>
      got.push([...(e as unknown as { indices: Uint32Array }).indices]),
    );
    await twoFrames(session);
    expect(got).toEqual([[4294967295, 3]]);
    await session.end();
  });
});
