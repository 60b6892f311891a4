// §9–§10 Poses and visibility: frame activity, input-event frames, foreign spaces, the visibility
// gate (blurred / hidden / focus), pose limiting, tracking loss and view anonymization
// (R-POSE-03/05/06/11/19/20, R-SPACE-29, R-VIS-02/05/06/08/15, R-TRUST-08, R-LIFE-07, R-CONSENT-04).

import { describe, expect, it } from 'vitest';
import type { XRInputSourceEvent } from '../../src/api/events.js';
import type { XRFrame } from '../../src/api/XRFrame.js';
import type { XRInputSource } from '../../src/api/XRInputSource.js';
import { XRPose, XRViewerPose } from '../../src/api/XRPose.js';
import type { XRSession } from '../../src/api/XRSession.js';
import { createHeadset, perspective, pose, SimulatedXRDevice } from '../../src/device/simulated.js';
import type { DeviceView } from '../../src/device/types.js';
import {
  expectThrowName,
  expectVec,
  inFrame,
  initialInputs,
  keepFrames,
  makeUA,
  nextEvent,
  requestImmersive,
  sleep,
} from './helpers.js';

function inputs(s: XRSession): XRInputSource[] {
  return [...(s.inputSources as unknown as Iterable<XRInputSource>)];
}

async function withInputs(s: XRSession): Promise<XRInputSource[]> {
  if (inputs(s).length === 0) await initialInputs(s);
  return inputs(s);
}

function stereo(offset: number, geometry: 'scripted' | 'calibrated') {
  const proj = perspective(90, 1);
  const views: DeviceView[] = [
    {
      eye: 'left',
      projectionMatrix: proj,
      viewOffset: pose(-offset, 0, 0),
      resolution: { width: 100, height: 100 },
    },
    {
      eye: 'right',
      projectionMatrix: proj,
      viewOffset: pose(offset, 0, 0),
      resolution: { width: 100, height: 100 },
    },
  ];
  return new SimulatedXRDevice({
    supportedModes: ['inline', 'immersive-vr'],
    capableFeatures: { 'immersive-vr': ['viewer', 'local'] },
    viewGeometry: geometry,
    views,
  });
}

describe('§10 frame activity and space ownership (R-POSE-03/05)', () => {
  it('R-POSE-05: a stale frame throws InvalidStateError from getViewerPose and getPose', async () => {
    const ua = makeUA();
    const s = await requestImmersive(ua);
    const local = await s.requestReferenceSpace('local');
    const viewer = await s.requestReferenceSpace('viewer');
    const frame = await inFrame(s, (f) => {
      expect(f.getViewerPose(local)).toBeInstanceOf(XRViewerPose);
      return f;
    });
    expectThrowName(() => frame.getViewerPose(local), 'InvalidStateError');
    expectThrowName(() => frame.getPose(viewer, local), 'InvalidStateError');
    await s.end();
  });

  it("R-POSE-03: on a 'select' event's frame getViewerPose throws InvalidStateError while getPose works", async () => {
    const ua = makeUA();
    const s = await requestImmersive(ua);
    const local = await s.requestReferenceSpace('local');
    const [left] = await withInputs(s);
    const stop = keepFrames(s);
    const result = new Promise<{ viewerError: unknown; pose: unknown }>((resolve) => {
      s.addEventListener('select', (e) => {
        const ev = e as XRInputSourceEvent;
        const frame = ev.frame as XRFrame;
        let viewerError: unknown;
        try {
          frame.getViewerPose(local);
        } catch (err) {
          viewerError = err;
        }
        const p = frame.getPose((ev.inputSource as XRInputSource).targetRaySpace, local);
        resolve({ viewerError, pose: p });
      });
    });
    (ua.device as SimulatedXRDevice).inputSources[0]!.select();
    const { viewerError, pose: p } = await result;
    stop();
    expect((viewerError as DOMException).name).toBe('InvalidStateError');
    expect(viewerError).toBeInstanceOf(DOMException);
    expect(p).toBeInstanceOf(XRPose);
    expect(p).not.toBeInstanceOf(XRViewerPose);
    expect(left).toBeDefined();
    await s.end();
  });

  it('R-POSE-05: spaces from another session throw InvalidStateError', async () => {
    const ua = makeUA();
    const inline = await ua.xr.requestSession('inline');
    const foreign = await inline.requestReferenceSpace('viewer');
    const s = await requestImmersive(ua);
    const local = await s.requestReferenceSpace('local');
    await inFrame(s, (f) => {
      expectThrowName(() => f.getPose(foreign, local), 'InvalidStateError');
      expectThrowName(() => f.getPose(local, foreign), 'InvalidStateError');
      expectThrowName(() => f.getViewerPose(foreign), 'InvalidStateError');
    });
    await s.end();
  });

  it('R-POSE-03: getViewerPose with a non-reference space throws TypeError', async () => {
    const ua = makeUA();
    const s = await requestImmersive(ua);
    const [src] = await withInputs(s);
    await inFrame(s, (f) => {
      expectThrowName(() => f.getViewerPose(src!.targetRaySpace as never), 'TypeError');
    });
    await s.end();
  });

  it('R-CONSENT-04/R-LIFE-15: after end() inside a rAF callback the frame no longer reports poses', async () => {
    const ua = makeUA();
    const s = await requestImmersive(ua);
    const local = await s.requestReferenceSpace('local');
    await inFrame(s, (f) => {
      void s.end();
      expectThrowName(() => f.getViewerPose(local), 'InvalidStateError');
    });
  });
});

describe('§9 visibility (R-VIS-05/06/08, R-TRUST-08, R-VIS-02)', () => {
  it("R-VIS-05/08: device 'visible-blurred' → visibilitychange; viewer pose still reported, input poses null", async () => {
    const ua = makeUA();
    const device = ua.device as SimulatedXRDevice;
    const s = await requestImmersive(ua);
    const local = await s.requestReferenceSpace('local');
    const viewer = await s.requestReferenceSpace('viewer');
    const [left] = await withInputs(s);
    const change = nextEvent(s, 'visibilitychange');
    device.setVisibility('visible-blurred');
    const ev = await change;
    expect((ev as unknown as { session: unknown }).session).toBe(s);
    expect(s.visibilityState).toBe('visible-blurred');
    await inFrame(s, (f) => {
      const vp = f.getViewerPose(local);
      expect(vp).toBeInstanceOf(XRViewerPose);
      expect(f.getPose(viewer, local)).toBeInstanceOf(XRPose);
      expect(f.getPose(left!.gripSpace!, local)).toBeNull();
      expect(f.getPose(left!.targetRaySpace, local)).toBeNull();
      expect(f.getPose(local, left!.targetRaySpace)).toBeNull();
    });
    await s.end();
  });

  it('R-VIS-05: select events are not delivered while blurred', async () => {
    const ua = makeUA();
    const device = ua.device as SimulatedXRDevice;
    const s = await requestImmersive(ua);
    await withInputs(s);
    const events: string[] = [];
    for (const t of ['selectstart', 'select', 'selectend']) s.addEventListener(t, () => events.push(t));
    device.setVisibility('visible-blurred');
    await nextEvent(s, 'visibilitychange');
    const stop = keepFrames(s);
    device.inputSources[0]!.select();
    await sleep(60);
    expect(events).toEqual([]);
    device.setVisibility('visible');
    await nextEvent(s, 'visibilitychange');
    const selectend = nextEvent(s, 'selectend');
    device.inputSources[0]!.select();
    await selectend;
    stop();
    expect(events).toEqual(['selectstart', 'select', 'selectend']);
    await s.end();
  });

  it('AMB-04: no inputsourceschange while blurred; it arrives once visible again', async () => {
    const ua = makeUA();
    const device = ua.device as SimulatedXRDevice;
    const s = await requestImmersive(ua);
    await withInputs(s);
    let changes = 0;
    s.addEventListener('inputsourceschange', () => changes++);
    device.setVisibility('visible-blurred');
    await nextEvent(s, 'visibilitychange');
    const stop = keepFrames(s);
    device.addInputSource({ handedness: 'none', targetRayMode: 'gaze' });
    await sleep(50);
    expect(changes).toBe(0);
    device.setVisibility('visible');
    await nextEvent(s, 'inputsourceschange');
    stop();
    expect(inputs(s)).toHaveLength(3);
    await s.end();
  });

  it("R-VIS-06: 'hidden' → no rAF callbacks until visible again; the queued callback then runs", async () => {
    const ua = makeUA();
    const device = ua.device as SimulatedXRDevice;
    const s = await requestImmersive(ua);
    device.setVisibility('hidden');
    await nextEvent(s, 'visibilitychange');
    expect(s.visibilityState).toBe('hidden');
    let ran = 0;
    const done = new Promise<void>((r) =>
      s.requestAnimationFrame(() => {
        ran++;
        r();
      }),
    );
    await sleep(80);
    expect(ran).toBe(0);
    device.setVisibility('visible');
    await nextEvent(s, 'visibilitychange');
    await done;
    expect(ran).toBe(1);
    await s.end();
  });

  it('R-VIS-08: no visibilitychange when the state does not change', async () => {
    const ua = makeUA();
    const device = ua.device as SimulatedXRDevice;
    const s = await requestImmersive(ua);
    let n = 0;
    s.addEventListener('visibilitychange', () => n++);
    device.setVisibility('visible');
    ua.host.setFocus(true);
    await sleep(20);
    expect(n).toBe(0);
    await s.end();
  });

  it("R-TRUST-08: focus leaving the document makes the immersive session 'hidden'", async () => {
    const ua = makeUA();
    const s = await requestImmersive(ua);
    ua.host.setFocus(false);
    await nextEvent(s, 'visibilitychange');
    expect(s.visibilityState).toBe('hidden');
    ua.host.setFocus(true);
    await nextEvent(s, 'visibilitychange');
    expect(s.visibilityState).toBe('visible');
    await s.end();
  });

  it('R-VIS-12: a hidden document does not hide an immersive session shown on a headset', async () => {
    const ua = makeUA();
    const s = await requestImmersive(ua);
    ua.host.setDocumentVisibility('hidden');
    await sleep(20);
    expect(s.visibilityState).toBe('visible');
    await s.end();
  });

  it('R-VIS-03, R-VIS-06: an in-page emulator (presentsInDocument) is hidden with its tab; frames stop and resume', async () => {
    const ua = makeUA({ presentsInDocument: true });
    const s = await requestImmersive(ua);
    let frames = 0;
    const loop = () => {
      frames++;
      s.requestAnimationFrame(loop);
    };
    s.requestAnimationFrame(loop);
    await sleep(60);
    expect(frames).toBeGreaterThan(0);
    ua.host.setDocumentVisibility('hidden');
    await nextEvent(s, 'visibilitychange');
    expect(s.visibilityState).toBe('hidden');
    const atHide = frames;
    await sleep(80);
    expect(frames).toBe(atHide);
    ua.host.setDocumentVisibility('visible');
    await nextEvent(s, 'visibilitychange');
    expect(s.visibilityState).toBe('visible');
    await sleep(80);
    expect(frames).toBeGreaterThan(atHide);
    await s.end();
  });

  it('R-VIS-02: an inline session mirrors document visibility, not the device', async () => {
    const ua = makeUA();
    const device = ua.device as SimulatedXRDevice;
    const s = await ua.xr.requestSession('inline');
    device.setVisibility('visible-blurred');
    await sleep(10);
    expect(s.visibilityState).toBe('visible');
    ua.host.setDocumentVisibility('hidden');
    await nextEvent(s, 'visibilitychange');
    expect(s.visibilityState).toBe('hidden');
    ua.host.setDocumentVisibility('visible');
    await nextEvent(s, 'visibilitychange');
    expect(s.visibilityState).toBe('visible');
  });

  it("R-VIS-15: strict profile: poses need a 'visible' session (blurred → SecurityError)", async () => {
    const ua = makeUA({ profile: 'strict' });
    const device = ua.device as SimulatedXRDevice;
    const s = await requestImmersive(ua);
    const local = await s.requestReferenceSpace('local');
    device.setVisibility('visible-blurred');
    await nextEvent(s, 'visibilitychange');
    await inFrame(s, (f) => {
      expectThrowName(() => f.getViewerPose(local), 'SecurityError');
    });
    const rec = ua.audit.entries().filter((r) => r.action === 'getPose');
    expect(rec[rec.length - 1]?.requirement).toBe('R-VIS-15');
    await s.end();
  });
});

describe('§10 limiting and tracking loss (R-POSE-06/19, R-SPACE-29)', () => {
  it('R-POSE-06: viewer 20 m from local: getPose is null, getViewerPose freezes at the last pose, emulated', async () => {
    const ua = makeUA();
    const device = ua.device as SimulatedXRDevice;
    const s = await requestImmersive(ua);
    const local = await s.requestReferenceSpace('local');
    const viewer = await s.requestReferenceSpace('viewer');
    await inFrame(s, (f) => {
      device.setViewerOrigin(pose(0.5, 0, 0));
      const vp = f.getViewerPose(local);
      expectVec(vp!.transform.position, 0, 0, 0);
      expect(vp!.emulatedPosition).toBe(false);
    });
    await inFrame(s, (f) => {
      const vp = f.getViewerPose(local);
      expectVec(vp!.transform.position, 0.5, 0, 0);
    });
    device.setViewerOrigin(pose(20, 0, 0));
    await inFrame(s, (f) => {
      expect(f.getPose(viewer, local)).toBeNull();
      expect(f.getPose(local, viewer)).toBeNull();
      const vp = f.getViewerPose(local);
      expect(vp).not.toBeNull();
      expectVec(vp!.transform.position, 0.5, 0, 0);
      expect(vp!.emulatedPosition).toBe(true);
      // Views follow the frozen pose too.
      expect(vp!.views).toHaveLength(2);
    });
    // Back within 15 m: tracked again.
    device.setViewerOrigin(pose(14, 0, 0));
    await inFrame(s, (f) => {
      const vp = f.getViewerPose(local);
      expectVec(vp!.transform.position, 14, 0, 0);
      expect(vp!.emulatedPosition).toBe(false);
      expect(f.getPose(viewer, local)).not.toBeNull();
    });
    await s.end();
  });

  it('R-SPACE-29: spec profile limits poses 2 m outside the bounds, strict 1 m', async () => {
    for (const [profile, reported] of [
      ['spec', true],
      ['strict', false],
    ] as const) {
      const device = createHeadset();
      // The user answers the prompt (strict: the floor features need explicit consent).
      const ua = makeUA({ device, profile, consent: { grant: ['local', 'bounded-floor'] } });
      const s = await requestImmersive(ua, { requiredFeatures: ['bounded-floor'] });
      const b = await s.requestReferenceSpace('bounded-floor');
      const viewer = await s.requestReferenceSpace('viewer');
      // Bounds end at z = 1.25; 1.5 m beyond them.
      device.setViewerOrigin(pose(0, 0, 2.75));
      await inFrame(s, (f) => {
        const p = f.getPose(viewer, b);
        if (reported) expect(p).not.toBeNull();
        else expect(p).toBeNull();
      });
      // 3 m beyond: limited in both profiles.
      device.setViewerOrigin(pose(0, 0, 4.25));
      await inFrame(s, (f) => {
        expect(f.getPose(viewer, b)).toBeNull();
      });
      await s.end();
    }
  });

  it('R-POSE-19: getViewerPose(viewer space) is identity during tracking loss; local falls back to the last pose', async () => {
    const ua = makeUA();
    const device = ua.device as SimulatedXRDevice;
    const s = await requestImmersive(ua);
    const local = await s.requestReferenceSpace('local');
    const viewer = await s.requestReferenceSpace('viewer');
    device.setViewerOrigin(pose(0.1, 0.2, 0.3));
    await inFrame(s, (f) => f.getViewerPose(local));
    device.setViewerOrigin(null);
    await inFrame(s, (f) => {
      const vv = f.getViewerPose(viewer);
      expect(vv).not.toBeNull();
      expectVec(vv!.transform.position, 0, 0, 0);
      expect(vv!.transform.orientation.w).toBeCloseTo(1, 12);
      expect(vv!.emulatedPosition).toBe(false);
      const same = f.getPose(local, local);
      expectVec(same!.transform.position, 0, 0, 0);
      expect(same!.emulatedPosition).toBe(false);
      expect(f.getPose(viewer, local)).toBeNull();
      const last = f.getViewerPose(local);
      expectVec(last!.transform.position, 0.1, 0.2, 0.3);
      expect(last!.emulatedPosition).toBe(true);
    });
    await s.end();
  });

  it('R-POSE-06 (d)/R-POSE-19: with no viewer origin ever, getViewerPose(local) is null', async () => {
    const device = createHeadset();
    device.setViewerOrigin(null);
    const ua = makeUA({ device });
    const s = await requestImmersive(ua);
    const local = await s.requestReferenceSpace('local');
    const viewer = await s.requestReferenceSpace('viewer');
    await inFrame(s, (f) => {
      expect(f.getViewerPose(local)).toBeNull();
      expect(f.getViewerPose(viewer)).not.toBeNull();
    });
    await s.end();
  });

  it('R-POSE-06: an emulated-position viewer reports emulatedPosition true', async () => {
    const ua = makeUA({ device: 'orientation-only' });
    const s = await requestImmersive(ua);
    const local = await s.requestReferenceSpace('local');
    await inFrame(s, (f) => {
      expect(f.getViewerPose(local)!.emulatedPosition).toBe(true);
    });
    await s.end();
  });

  it('R-POSE-06: a grip-less tracked pointer has a null grip pose but a target-ray pose', async () => {
    const ua = makeUA({ device: 'orientation-only' });
    const s = await requestImmersive(ua);
    const local = await s.requestReferenceSpace('local');
    const [src] = await withInputs(s);
    await inFrame(s, (f) => {
      expect(f.getPose(src!.gripSpace!, local)).toBeNull();
      expect(f.getPose(src!.targetRaySpace, local)).not.toBeNull();
    });
    await s.end();
  });
});

describe('§10 view anonymization (R-POSE-11/20, AMB-18)', () => {
  async function viewXs(ua: ReturnType<typeof makeUA>) {
    const s = await requestImmersive(ua);
    const local = await s.requestReferenceSpace('local');
    const xs = await inFrame(s, (f) => f.getViewerPose(local)!.views.map((v) => v.transform.position.x));
    const eyes = await inFrame(s, (f) => f.getViewerPose(local)!.views.map((v) => v.eye));
    await s.end();
    return { xs, eyes };
  }

  it('R-POSE-11/20: a calibrated headset IPD is snapped to a canonical value', async () => {
    const { xs, eyes } = await viewXs(makeUA({ device: createHeadset({ ipd: 0.0661 }) }));
    expect(eyes).toEqual(['left', 'right']);
    expect(xs[0]).toBeCloseTo(-0.034, 12);
    expect(xs[1]).toBeCloseTo(0.034, 12);
  });

  it('R-POSE-11: the default headset (63 mm) reports one of the canonical IPDs', async () => {
    const { xs } = await viewXs(makeUA());
    const ipd = xs[1]! - xs[0]!;
    expect([0.058, 0.063, 0.068].some((c) => Math.abs(c - ipd) < 1e-12)).toBe(true);
  });

  it('R-POSE-20: spec profile: scripted view geometry passes through unchanged', async () => {
    const { xs } = await viewXs(makeUA({ device: stereo(0.0331, 'scripted') }));
    expect(xs[0]).toBeCloseTo(-0.0331, 12);
    expect(xs[1]).toBeCloseTo(0.0331, 12);
  });

  it('R-POSE-20: strict profile: scripted view geometry is anonymized too', async () => {
    const { xs } = await viewXs(makeUA({ device: stereo(0.0331, 'scripted'), profile: 'strict' }));
    expect(xs[0]).toBeCloseTo(-0.034, 12);
    expect(xs[1]).toBeCloseTo(0.034, 12);
  });

  it("R-FEAT-13: secondary views appear only when 'secondary-views' was requested", async () => {
    const proj = perspective(90, 1);
    const make = () =>
      new SimulatedXRDevice({
        supportedModes: ['inline', 'immersive-vr'],
        capableFeatures: { 'immersive-vr': ['viewer', 'local', 'secondary-views'] },
        viewGeometry: 'scripted',
        views: [
          {
            eye: 'left',
            projectionMatrix: proj,
            viewOffset: pose(-0.03, 0, 0),
            resolution: { width: 10, height: 10 },
          },
          {
            eye: 'right',
            projectionMatrix: proj,
            viewOffset: pose(0.03, 0, 0),
            resolution: { width: 10, height: 10 },
          },
        ],
        secondaryViews: [
          {
            eye: 'none',
            projectionMatrix: proj,
            viewOffset: pose(0, 0.1, 0),
            resolution: { width: 10, height: 10 },
          },
        ],
      });
    for (const [init, count] of [
      [{}, 2],
      [{ optionalFeatures: ['secondary-views'] }, 3],
    ] as const) {
      const ua = makeUA({ device: make() });
      const s = await requestImmersive(ua, init);
      const local = await s.requestReferenceSpace('local');
      const views = await inFrame(s, (f) => f.getViewerPose(local)!.views);
      expect(views).toHaveLength(count);
      await s.end();
    }
  });

  it("R-FEAT-12: without 'tracked-sources' trackedSources stays empty and primary sources never leak into it", async () => {
    const ua = makeUA();
    const s = await requestImmersive(ua, { optionalFeatures: ['tracked-sources'] });
    expect(s.enabledFeatures).not.toContain('tracked-sources');
    await withInputs(s);
    await inFrame(s, () => undefined);
    expect(s.trackedSources.length).toBe(0);
    expect(inputs(s)).toHaveLength(2);
    await s.end();
  });

  it('R-EXPO-10: inline sessions get a single view', async () => {
    const ua = makeUA();
    ua.host.click();
    const s = await ua.xr.requestSession('inline', { requiredFeatures: ['local'] });
    const local = await s.requestReferenceSpace('local');
    const views = await inFrame(s, (f) => f.getViewerPose(local)!.views);
    expect(views).toHaveLength(1);
    expect(views[0]!.eye).toBe('none');
  });
});
