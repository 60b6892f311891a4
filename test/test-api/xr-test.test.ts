// XRTest (navigator.xr.test): simulateDeviceConnection, simulateUserActivation, disconnectAllDevices,
// and the platform decisions while a Test API device is in use.
// Requirement ids: R-TEST-01, R-TEST-02, R-TEST-06, R-TEST-09, R-INTENT-17, R-LIFE-08.

import { describe, expect, it } from 'vitest';
import { createUserAgent } from '../../src/user-agent.js';
import {
  expectReject,
  expectThrow,
  inFrame,
  loose,
  makeTestUA,
  nextEvent,
  requestWithActivation,
  STEREO_VIEWS,
  tasks,
  trackedImmersive,
  twoFrames,
  view,
} from './helpers.js';

describe('navigator.xr.test exposure (R-TEST-01)', () => {
  it('R-TEST-01: a user agent made without the Test API has no navigator.xr.test', () => {
    const ua = createUserAgent({ device: null });
    expect((ua.xr as unknown as { test?: unknown }).test).toBeUndefined();
  });

  it('R-TEST-01: createTestUserAgent exposes navigator.xr.test, [SameObject], with no device connected', async () => {
    const ua = makeTestUA();
    const xr = ua.xr as unknown as { test: unknown };
    expect(xr.test).toBe(ua.test);
    expect(xr.test).toBe(xr.test);
    expect(ua.device).toBeNull();
    expect(await ua.xr.isSessionSupported('immersive-vr')).toBe(false);
  });
});

describe('XRTest.simulateDeviceConnection', () => {
  it('R-TEST-02: resolves with a FakeXRDevice, asynchronously, and the device serves sessions', async () => {
    const ua = makeTestUA();
    const p = ua.test.simulateDeviceConnection(trackedImmersive());
    expect(p).toBeInstanceOf(Promise);
    const device = await p;
    expect(Object.prototype.toString.call(device)).toBe('[object FakeXRDevice]');
    expect(device).toBeInstanceOf(EventTarget);
    const session = await requestWithActivation(ua, 'immersive-vr');
    expect(session.enabledFeatures).toContain('local');
    await session.end();
  });

  it('R-TEST-02: supportedModes wins over the deprecated supportsImmersive', async () => {
    const ua = makeTestUA();
    await ua.test.simulateDeviceConnection({
      supportsImmersive: false,
      supportedModes: ['inline', 'immersive-ar'],
      views: STEREO_VIEWS(),
    });
    expect(await ua.xr.isSessionSupported('immersive-ar')).toBe(true);
    expect(await ua.xr.isSessionSupported('immersive-vr')).toBe(false);
    expect(await ua.xr.isSessionSupported('inline')).toBe(true);
  });

  it('R-TEST-02: without supportedModes, supportsImmersive true gives inline + immersive-vr', async () => {
    const ua = makeTestUA();
    await ua.test.simulateDeviceConnection({ supportsImmersive: true, views: STEREO_VIEWS() });
    expect(await ua.xr.isSessionSupported('immersive-vr')).toBe(true);
    expect(await ua.xr.isSessionSupported('immersive-ar')).toBe(false);
    expect(await ua.xr.isSessionSupported('inline')).toBe(true);
  });

  it('R-TEST-02: without supportedModes, supportsImmersive false gives inline only', async () => {
    const ua = makeTestUA();
    await ua.test.simulateDeviceConnection({ supportsImmersive: false, views: STEREO_VIEWS() });
    expect(await ua.xr.isSessionSupported('immersive-vr')).toBe(false);
    expect(await ua.xr.isSessionSupported('inline')).toBe(true);
  });

  it("R-TEST-02: an empty supportedModes means ['inline'] (supportsImmersive is then ignored)", async () => {
    const ua = makeTestUA();
    await ua.test.simulateDeviceConnection({
      supportsImmersive: true,
      supportedModes: [],
      views: STEREO_VIEWS(),
    });
    expect(await ua.xr.isSessionSupported('immersive-vr')).toBe(false);
    expect(await ua.xr.isSessionSupported('inline')).toBe(true);
    await expectReject(requestWithActivation(ua, 'immersive-vr'), 'NotSupportedError');
  });

  it('R-TEST-02: supportedFeatures apply to every supported mode (immersive and inline)', async () => {
    const ua = makeTestUA();
    await ua.test.simulateDeviceConnection(trackedImmersive({ supportedFeatures: ['local', 'local-floor'] }));
    const immersive = await requestWithActivation(ua, 'immersive-vr', { requiredFeatures: ['local-floor'] });
    expect(immersive.enabledFeatures).toContain('local-floor');
    const inline = await requestWithActivation(ua, 'inline', { requiredFeatures: ['local-floor'] });
    expect(inline.enabledFeatures).toContain('local-floor');
    await inline.end();
    await immersive.end();
  });

  it('R-TEST-02, R-FEAT-08: a feature the device does not list is not supported (required rejects, optional is dropped)', async () => {
    const ua = makeTestUA();
    await ua.test.simulateDeviceConnection(trackedImmersive({ supportedFeatures: ['local'] }));
    await expectReject(
      requestWithActivation(ua, 'immersive-vr', { requiredFeatures: ['bounded-floor'] }),
      'NotSupportedError',
    );
    const s = await requestWithActivation(ua, 'immersive-vr', { optionalFeatures: ['bounded-floor'] });
    expect(s.enabledFeatures).not.toContain('bounded-floor');
    await s.end();
  });

  it('R-TEST-02: boundsCoordinates with fewer than 3 points rejects with TypeError', async () => {
    const ua = makeTestUA();
    await expectReject(
      ua.test.simulateDeviceConnection(
        trackedImmersive({
          boundsCoordinates: [
            { x: 0, z: 0 },
            { x: 1, z: 0 },
          ],
        }),
      ),
      'TypeError',
    );
    expect(await ua.xr.isSessionSupported('immersive-vr')).toBe(false);
  });

  it('R-TEST-02: malformed views reject with TypeError and connect nothing', async () => {
    const ua = makeTestUA();
    const bad: Record<string, unknown>[] = [
      { ...view('left'), projectionMatrix: [1, 0, 0, 0] },
      { ...view('left'), viewOffset: { position: [0, 0], orientation: [0, 0, 0, 1] } },
      { ...view('left'), viewOffset: { position: [0, 0, 0], orientation: [0, 0, 1] } },
      { ...view('left'), eye: undefined },
      { ...view('left'), projectionMatrix: undefined },
      { ...view('left'), resolution: undefined },
      { ...view('left'), viewOffset: undefined },
    ];
    for (const v of bad) {
      await expectReject(
        ua.test.simulateDeviceConnection(trackedImmersive({ views: [loose(v)] })),
        'TypeError',
      );
    }
    await expectReject(ua.test.simulateDeviceConnection(trackedImmersive({ views: [] })), 'TypeError');
    await expectReject(
      ua.test.simulateDeviceConnection(
        trackedImmersive({ secondaryViews: [{ ...view('none'), projectionMatrix: [] }] }),
      ),
      'TypeError',
    );
    expect(await ua.xr.isSessionSupported('immersive-vr')).toBe(false);
  });

  it('R-TEST-02: missing required members (supportsImmersive, views) and non-dictionaries reject with TypeError', async () => {
    const ua = makeTestUA();
    const untyped = ua.test as unknown as { simulateDeviceConnection(...a: unknown[]): Promise<unknown> };
    await expectReject(untyped.simulateDeviceConnection({ views: STEREO_VIEWS() }), 'TypeError');
    await expectReject(untyped.simulateDeviceConnection({ supportsImmersive: true }), 'TypeError');
    // The deprecated supportsImmersive may be left out when supportedModes is given (as WPT does).
    const device = await untyped.simulateDeviceConnection({
      supportedModes: ['inline', 'immersive-ar'],
      views: STEREO_VIEWS(),
    });
    expect(Object.prototype.toString.call(device)).toBe('[object FakeXRDevice]');
    expect(await ua.xr.isSessionSupported('immersive-ar')).toBe(true);
    await expectReject(untyped.simulateDeviceConnection(42), 'TypeError');
    await expectReject(untyped.simulateDeviceConnection(), 'TypeError');
    await expectReject(
      untyped.simulateDeviceConnection(trackedImmersive({ supportedModes: loose(['vr']) })),
      'TypeError',
    );
  });

  it('R-TEST-02: viewerOrigin absent or null means no viewer origin (tracking lost: getViewerPose(local) is null)', async () => {
    for (const viewerOrigin of [undefined, null]) {
      const ua = makeTestUA();
      const init = trackedImmersive({ viewerOrigin });
      if (viewerOrigin === undefined) delete init.viewerOrigin;
      await ua.test.simulateDeviceConnection(init);
      const s = await requestWithActivation(ua, 'immersive-vr');
      const local = await s.requestReferenceSpace('local');
      await twoFrames(s);
      expect(await inFrame(s, (f) => f.getViewerPose(local))).toBeNull();
      await s.end();
    }
  });

  it('R-TEST-02, R-SPACE-30: floorOrigin absent or null means no floor: local-floor uses the 1.6 m estimate', async () => {
    for (const floorOrigin of [undefined, null]) {
      const ua = makeTestUA();
      const init = trackedImmersive({ floorOrigin });
      if (floorOrigin === undefined) delete init.floorOrigin;
      await ua.test.simulateDeviceConnection(init);
      const s = await requestWithActivation(ua, 'immersive-vr', { requiredFeatures: ['local-floor'] });
      const floor = await s.requestReferenceSpace('local-floor');
      await twoFrames(s);
      const y = await inFrame(s, (f) => f.getViewerPose(floor)?.transform.position.y);
      expect(y).toBe(1.6);
      await s.end();
    }
  });

  it('R-TEST-02: viewerOrigin given in the init is the viewer pose in local', async () => {
    const ua = makeTestUA();
    await ua.test.simulateDeviceConnection(
      trackedImmersive({ viewerOrigin: { position: [0.25, 1.5, -0.5], orientation: [0, 0, 0, 1] } }),
    );
    const s = await requestWithActivation(ua, 'immersive-vr');
    const local = await s.requestReferenceSpace('local');
    await twoFrames(s);
    const p = await inFrame(s, (f) => f.getViewerPose(local)?.transform.position);
    expect(p?.x).toBeCloseTo(0.25, 6);
    expect(p?.y).toBeCloseTo(1.5, 6);
    expect(p?.z).toBeCloseTo(-0.5, 6);
    await s.end();
  });

  it('R-TEST-02: a fieldOfView view projects with the session depthNear/depthFar (0.1/1000 by default)', async () => {
    const ua = makeTestUA();
    const fov = { upDegrees: 45, downDegrees: 45, leftDegrees: 45, rightDegrees: 45 };
    await ua.test.simulateDeviceConnection(
      trackedImmersive({
        views: [view('left', -0.1, { fieldOfView: fov }), view('right', 0.1, { fieldOfView: fov })],
      }),
    );
    const s = await requestWithActivation(ua, 'immersive-vr');
    const local = await s.requestReferenceSpace('local');
    await twoFrames(s);
    const m0 = await inFrame(s, (f) => Array.from(f.getViewerPose(local)?.views[0]?.projectionMatrix ?? []));
    // tan(45°) = 1 on every side: x = y = 1; c = (n+f)/(n-f); e = 2nf/(n-f).
    expect(m0[0]).toBeCloseTo(1, 5);
    expect(m0[5]).toBeCloseTo(1, 5);
    expect(m0[10]).toBeCloseTo((0.1 + 1000) / (0.1 - 1000), 5);
    expect(m0[11]).toBe(-1);
    expect(m0[14]).toBeCloseTo((2 * 0.1 * 1000) / (0.1 - 1000), 5);
    s.updateRenderState({ depthNear: 1, depthFar: 11 });
    await twoFrames(s);
    const m1 = await inFrame(s, (f) => Array.from(f.getViewerPose(local)?.views[0]?.projectionMatrix ?? []));
    expect(m1[10]).toBeCloseTo(-1.2, 5);
    expect(m1[14]).toBeCloseTo(-2.2, 5);
    expect(m1[0]).toBeCloseTo(1, 5);
    await s.end();
  });

  it("R-TEST-02: a device supporting only 'inline' becomes the inline XR device (spec: register device)", async () => {
    const ua = makeTestUA();
    await ua.test.simulateDeviceConnection({
      supportsImmersive: false,
      views: [view('none')],
      viewerOrigin: { position: [0, 1, 0], orientation: [0, 0, 0, 1] },
      supportedFeatures: ['viewer', 'local'],
    });
    const s = await requestWithActivation(ua, 'inline', { requiredFeatures: ['local'] });
    const local = await s.requestReferenceSpace('local');
    await twoFrames(s);
    const y = await inFrame(s, (f) => f.getViewerPose(local)?.transform.position.y);
    expect(y).toBeCloseTo(1, 6);
    await s.end();
  });
});

describe('isSessionSupported on the simulated platform (R-TEST-09)', () => {
  it('R-TEST-09: truthful with a device, without prompting, even when the host would deny xr-session-supported', async () => {
    const ua = makeTestUA({ sessionSupported: 'denied', consent: 'deny-all' });
    expect(await ua.xr.isSessionSupported('immersive-vr')).toBe(false);
    await ua.test.simulateDeviceConnection(trackedImmersive());
    expect(await ua.xr.isSessionSupported('immersive-vr')).toBe(true);
    expect(await ua.xr.isSessionSupported('immersive-ar')).toBe(false);
    expect(ua.host.consentQuestions.length).toBe(0);
  });

  it('R-TEST-09: implicit consent for every capable feature, with no prompt', async () => {
    const ua = makeTestUA();
    await ua.test.simulateDeviceConnection(trackedImmersive());
    const s = await requestWithActivation(ua, 'immersive-vr', {
      requiredFeatures: ['local-floor'],
      optionalFeatures: ['bounded-floor', 'unbounded'],
    });
    expect([...s.enabledFeatures].sort()).toEqual([
      'bounded-floor',
      'local',
      'local-floor',
      'unbounded',
      'viewer',
    ]);
    const inline = await requestWithActivation(ua, 'inline', { requiredFeatures: ['local'] });
    expect(inline.enabledFeatures).toContain('local');
    await inline.end();
    await s.end();
  });

  it('R-TEST-09: false again after disconnectAllDevices', async () => {
    const ua = makeTestUA();
    await ua.test.simulateDeviceConnection(trackedImmersive());
    expect(await ua.xr.isSessionSupported('immersive-vr')).toBe(true);
    await ua.test.disconnectAllDevices();
    expect(await ua.xr.isSessionSupported('immersive-vr')).toBe(false);
    expect(await ua.xr.isSessionSupported('inline')).toBe(true);
  });
});

describe('XRTest.simulateUserActivation (R-INTENT-17)', () => {
  it('R-INTENT-05: without it an immersive request rejects SecurityError', async () => {
    const ua = makeTestUA();
    await ua.test.simulateDeviceConnection(trackedImmersive());
    await expectReject(ua.xr.requestSession('immersive-vr'), 'SecurityError');
  });

  it('R-INTENT-17: invokes f synchronously, once, and returns undefined', () => {
    const ua = makeTestUA();
    let calls = 0;
    const r = ua.test.simulateUserActivation(() => {
      calls += 1;
    });
    expect(calls).toBe(1);
    expect(r).toBeUndefined();
  });

  it('R-INTENT-17: a request made inside f passes the activation check', async () => {
    const ua = makeTestUA();
    await ua.test.simulateDeviceConnection(trackedImmersive());
    const s = await requestWithActivation(ua, 'immersive-vr');
    // An immersive session has no inline vertical field of view.
    expect(s.renderState.inlineVerticalFieldOfView).toBeNull();
    await s.end();
  });

  it('R-INTENT-17: a request made in a promise callback after f returned still passes the activation check', async () => {
    const ua = makeTestUA();
    await ua.test.simulateDeviceConnection(trackedImmersive());
    let p!: Promise<unknown>;
    ua.test.simulateUserActivation(() => {
      p = Promise.resolve().then(() =>
        ua.xr.requestSession('immersive-vr', { requiredFeatures: ['not-a-feature'] }),
      );
    });
    // WPT xrDevice_requestSession_requiredFeatures_unknown: NotSupportedError, not SecurityError.
    await expectReject(p, 'NotSupportedError');
    let s!: Promise<unknown>;
    ua.test.simulateUserActivation(() => {
      s = new Promise((r) => setTimeout(r, 5)).then(() => ua.xr.requestSession('immersive-vr'));
    });
    const session = (await s) as { end(): Promise<void> };
    await session.end();
  });

  it('R-INTENT-17: activation lasts 5000 ms from the call (manual clock), then expires', async () => {
    const ua = makeTestUA({ clock: 'manual' });
    const pump = async () => {
      for (let i = 0; i < 6; i++) {
        await new Promise((r) => setImmediate(r));
        ua.host.advance(0);
      }
    };
    const pd = ua.test.simulateDeviceConnection(trackedImmersive());
    await pump();
    await pd;
    ua.test.simulateUserActivation(() => {});
    ua.host.advance(4999);
    const ok = ua.xr.requestSession('immersive-vr');
    await pump();
    const s = await ok;
    const ended = s.end();
    await pump();
    await ended;
    ua.host.advance(2);
    const late = expectReject(ua.xr.requestSession('immersive-vr'), 'SecurityError');
    await pump();
    await late;
  });

  it('R-INTENT-17, AMB-16: requestSession does not consume the activation', async () => {
    const ua = makeTestUA();
    await ua.test.simulateDeviceConnection(trackedImmersive());
    let first!: Promise<{ end(): Promise<void> }>;
    ua.test.simulateUserActivation(() => {
      first = ua.xr.requestSession('inline', { requiredFeatures: ['local'] });
    });
    await first;
    // Still within the same activation: an immersive request passes the activation check.
    const s = await ua.xr.requestSession('immersive-vr');
    await s.end();
  });

  it('WebIDL: a non-function argument throws TypeError, and so does a missing one', () => {
    const ua = makeTestUA();
    const loose = ua.test as unknown as { simulateUserActivation(...a: unknown[]): void };
    expectThrow(() => loose.simulateUserActivation(42), 'TypeError');
    expectThrow(() => loose.simulateUserActivation({}), 'TypeError');
    expectThrow(() => loose.simulateUserActivation(), 'TypeError');
  });
});

describe('XRTest.disconnectAllDevices', () => {
  it('R-TEST-06, R-LIFE-08: ends immersive and inline sessions of the device, fires devicechange, returns a promise', async () => {
    const ua = makeTestUA();
    await ua.test.simulateDeviceConnection(trackedImmersive());
    const immersive = await requestWithActivation(ua, 'immersive-vr');
    const inline = await requestWithActivation(ua, 'inline', { requiredFeatures: ['local'] });
    const ends: string[] = [];
    immersive.addEventListener('end', () => ends.push('immersive'));
    inline.addEventListener('end', () => ends.push('inline'));
    const changed = nextEvent(ua.xr, 'devicechange');
    const p = ua.test.disconnectAllDevices();
    expect(p).toBeInstanceOf(Promise);
    expect(await p).toBeUndefined();
    await changed;
    await tasks();
    expect(ends.sort()).toEqual(['immersive', 'inline']);
    await expectReject(requestWithActivation(ua, 'immersive-vr'), 'NotSupportedError');
  });

  it('R-TEST-02, R-EXPO-07: resets the inline XR device to the default one (no pose, no local)', async () => {
    const ua = makeTestUA();
    await ua.test.simulateDeviceConnection(trackedImmersive());
    const before = await requestWithActivation(ua, 'inline', { requiredFeatures: ['local'] });
    expect(before.enabledFeatures).toContain('local');
    await ua.test.disconnectAllDevices();
    await expectReject(
      requestWithActivation(ua, 'inline', { requiredFeatures: ['local'] }),
      'NotSupportedError',
    );
    const after = await requestWithActivation(ua, 'inline', { optionalFeatures: ['local'] });
    expect(after.enabledFeatures).toEqual(['viewer']);
    await after.end();
  });

  it('resolves with nothing connected, and a device can be connected again afterwards', async () => {
    const ua = makeTestUA();
    await ua.test.disconnectAllDevices();
    await ua.test.simulateDeviceConnection(trackedImmersive());
    expect(await ua.xr.isSessionSupported('immersive-vr')).toBe(true);
  });
});

describe('AR module members: environmentBlendMode and interactionMode', () => {
  it('immersive-vr defaults to opaque / world-space; immersive-ar to alpha-blend; inline is opaque / screen-space', async () => {
    const ua = makeTestUA();
    await ua.test.simulateDeviceConnection(trackedImmersive());
    const vr = await requestWithActivation(ua, 'immersive-vr');
    expect([vr.environmentBlendMode, vr.interactionMode]).toEqual(['opaque', 'world-space']);
    await vr.end();
    const inline = await ua.xr.requestSession('inline');
    expect([inline.environmentBlendMode, inline.interactionMode]).toEqual(['opaque', 'screen-space']);
    await inline.end();
    await ua.test.disconnectAllDevices();
    await ua.test.simulateDeviceConnection({
      supportsImmersive: true,
      supportedModes: ['inline', 'immersive-ar'],
      views: STEREO_VIEWS(),
    });
    const ar = await requestWithActivation(ua, 'immersive-ar');
    expect([ar.environmentBlendMode, ar.interactionMode]).toEqual(['alpha-blend', 'world-space']);
    await ar.end();
  });

  it("the device's values are reported for immersive sessions; inline stays screen-space", async () => {
    const ua = makeTestUA();
    await ua.test.simulateDeviceConnection({
      supportsImmersive: true,
      supportedModes: ['inline', 'immersive-ar'],
      views: STEREO_VIEWS(),
      environmentBlendMode: 'additive',
      interactionMode: 'world-space',
    });
    const ar = await requestWithActivation(ua, 'immersive-ar');
    expect([ar.environmentBlendMode, ar.interactionMode]).toEqual(['additive', 'world-space']);
    await ar.end();
    const inline = await ua.xr.requestSession('inline');
    expect([inline.environmentBlendMode, inline.interactionMode]).toEqual(['opaque', 'screen-space']);
  });

  it("a mode's own blending wins over a device value the spec forbids for it: no opaque AR, no alpha-blend VR", async () => {
    const cases: ['immersive-vr' | 'immersive-ar', 'opaque' | 'additive' | 'alpha-blend', string][] = [
      ['immersive-vr', 'alpha-blend', 'opaque'],
      ['immersive-vr', 'additive', 'additive'],
      ['immersive-ar', 'opaque', 'alpha-blend'],
      ['immersive-ar', 'additive', 'additive'],
    ];
    for (const [mode, deviceValue, reported] of cases) {
      const ua = makeTestUA();
      await ua.test.simulateDeviceConnection({
        supportedModes: ['inline', mode],
        views: STEREO_VIEWS(),
        environmentBlendMode: deviceValue,
      });
      const session = await requestWithActivation(ua, mode as 'immersive-vr' | 'immersive-ar');
      expect([mode, deviceValue, session.environmentBlendMode]).toEqual([mode, deviceValue, reported]);
      await session.end();
    }
  });

  it('FakeXRDeviceInit rejects values outside the enums with a TypeError', async () => {
    const ua = makeTestUA();
    await expectReject(
      ua.test.simulateDeviceConnection(trackedImmersive({ environmentBlendMode: loose('transparent') })),
      'TypeError',
    );
    await expectReject(
      ua.test.simulateDeviceConnection(trackedImmersive({ interactionMode: loose(Symbol('x')) })),
      'TypeError',
    );
  });

  it('the phone AR preset is alpha-blend / screen-space; the headset opaque / world-space', async () => {
    const phone = createUserAgent({ device: 'phone-ar' });
    phone.host.click();
    const ar = await phone.xr!.requestSession('immersive-ar');
    expect([ar.environmentBlendMode, ar.interactionMode]).toEqual(['alpha-blend', 'screen-space']);
    await ar.end();
    const headset = createUserAgent({ device: 'headset' });
    headset.host.click();
    const vr = await headset.xr!.requestSession('immersive-vr');
    expect([vr.environmentBlendMode, vr.interactionMode]).toEqual(['opaque', 'world-space']);
    await vr.end();
  });
});
