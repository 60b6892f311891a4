// Depth Sensing and Raw Camera Access on xrgate's simulated phone ('phone-ar': a floor 1.4 m below
// the viewer, a wall 3 m ahead): consent refused and granted, a depth sample at the centre of the
// view, the configuration algorithm, pause/resume, blurred sessions, the camera image.
// Spec: immersive-web/depth-sensing index.bs @ 2e5e987, immersive-web/raw-camera-access @ 2c5301d.

import { describe, expect, it } from 'vitest';
import type { XRFrame } from '../../src/api/XRFrame.js';
import type { XRSession } from '../../src/api/XRSession.js';
import { floorAndWallCaster } from '../../src/device/depth.js';
import { depthAlong } from '../../src/device/environment.js';
import type { SimulatedXRDevice } from '../../src/device/simulated.js';
import {
  expectAuditDenial,
  expectRejectName,
  expectThrowName,
  inFrame,
  makeUA,
  nextEvent,
} from './helpers.js';

type DepthInfo = {
  width: number;
  height: number;
  rawValueToMeters: number;
  data: ArrayBuffer;
  getDepthInMeters(x: number, y: number): number;
  projectionMatrix: Float32Array;
  transform: { position: DOMPointReadOnly };
};
type DepthFrame = XRFrame & { getDepthInformation(view: object): DepthInfo | null };
type DepthSession = XRSession & {
  depthUsage: string;
  depthDataFormat: string;
  depthType: string | null;
  depthActive: boolean;
  pauseDepthSensing(): void;
  resumeDepthSensing(): void;
};

const CPU = { usagePreference: ['cpu-optimized'], dataFormatPreference: ['luminance-alpha', 'float32'] };

function phone(
  grant: string[] | 'deny-all' = ['depth-sensing', 'camera-access'],
  profile?: 'strict',
  room: 'floor-and-wall' | 'living-room' = 'floor-and-wall',
) {
  const ua = makeUA({
    device: 'phone-ar',
    consent: grant === 'deny-all' ? 'deny-all' : { grant },
    ...(profile ? { profile } : {}),
  });
  // The phone senses the living room by default (src/device/environment.ts); these scenarios use a
  // room of known distances instead: a floor 1.4 m below the viewer and a wall 3 m ahead.
  if (room === 'floor-and-wall')
    (ua.device as SimulatedXRDevice).sensingCaster = floorAndWallCaster(-1.4, -3);
  return ua;
}

function requestAR(ua: ReturnType<typeof makeUA>, init: Record<string, unknown>): Promise<DepthSession> {
  ua.host.click();
  return ua.xr.requestSession('immersive-ar', init) as Promise<DepthSession>;
}

async function viewsOf(s: XRSession) {
  const viewer = await s.requestReferenceSpace('viewer');
  return viewer;
}

describe('depth sensing: consent and configuration', () => {
  it('R-DEPTH-02: consent refused → required depth rejects with NotSupportedError; optional → not enabled, getDepthInformation throws NotSupportedError', async () => {
    const refused = phone([]);
    await expectRejectName(
      requestAR(refused, { requiredFeatures: ['depth-sensing'], depthSensing: CPU }),
      'NotSupportedError',
    );
    const ua = phone([]);
    const s = await requestAR(ua, { optionalFeatures: ['depth-sensing'], depthSensing: CPU });
    expect(s.enabledFeatures).not.toContain('depth-sensing');
    expectThrowName(() => s.depthUsage, 'InvalidStateError');
    expectThrowName(() => s.depthDataFormat, 'InvalidStateError');
    expectThrowName(() => s.depthType, 'InvalidStateError');
    expectThrowName(() => s.depthActive, 'InvalidStateError');
    const viewer = await viewsOf(s);
    await inFrame(s, (f) => {
      const pose = f.getViewerPose(viewer)!;
      expectThrowName(() => (f as DepthFrame).getDepthInformation(pose.views[0]!), 'NotSupportedError');
    });
    await s.end();
  });

  it('R-DEPTH-01: the depthSensing dictionary is needed (required: NotSupportedError; optional: ignored); a missing member is a TypeError', async () => {
    const ua = phone();
    await expectRejectName(requestAR(ua, { requiredFeatures: ['depth-sensing'] }), 'NotSupportedError');
    await expectRejectName(
      requestAR(ua, { optionalFeatures: ['depth-sensing'], depthSensing: { dataFormatPreference: [] } }),
      'TypeError',
    );
    const s = await requestAR(ua, { optionalFeatures: ['depth-sensing'] });
    expect(s.enabledFeatures).not.toContain('depth-sensing');
    await s.end();
  });

  it('the configuration follows the preferences (spec find supported configuration combination)', async () => {
    const ua = phone();
    const s = await requestAR(ua, {
      requiredFeatures: ['depth-sensing'],
      depthSensing: {
        usagePreference: ['gpu-optimized', 'cpu-optimized'],
        dataFormatPreference: ['float32'],
        depthTypeRequest: ['smooth'],
      },
    });
    expect(s.depthUsage).toBe('gpu-optimized');
    expect(s.depthDataFormat).toBe('float32');
    expect(s.depthType).toBe('smooth');
    expect(s.depthActive).toBe(true);
    await s.end();
  });
});

describe('depth sensing: the data', () => {
  it('granted: the depth at the centre of the view is the distance to the wall (3 m) within the 1 cm step', async () => {
    const ua = phone();
    const s = await requestAR(ua, { requiredFeatures: ['depth-sensing'], depthSensing: CPU });
    expect(s.enabledFeatures).toContain('depth-sensing');
    const viewer = await viewsOf(s);
    const sample = await inFrame(s, (f) => {
      const view = f.getViewerPose(viewer)!.views[0]!;
      const info = (f as DepthFrame).getDepthInformation(view)!;
      expect(info).not.toBeNull();
      expect(info.width).toBeLessThanOrEqual(320);
      expect(info.height).toBeLessThanOrEqual(240);
      expect(info.data.byteLength).toBe(info.width * info.height * 2);
      // The view's geometry: the sensor is aligned with the view.
      expect([...info.projectionMatrix]).toEqual([...view.projectionMatrix]);
      // Looking down, the floor (1.4 m below) is nearer than the wall.
      const low = info.getDepthInMeters(0.5, 0.99);
      expect(low).toBeGreaterThan(0);
      expect(low).toBeLessThan(3);
      return info.getDepthInMeters(0.5, 0.5);
    });
    expect(Math.abs(sample - 3)).toBeLessThanOrEqual(0.005 + 1e-6);
    await s.end();
  });

  it("in the living room (the phone's default room): the depth at the centre is the distance along the view's ray to the room's nearest surface", async () => {
    const ua = phone(['depth-sensing'], undefined, 'living-room');
    const device = ua.device as SimulatedXRDevice;
    expect(device.environment).not.toBeNull();
    const s = await requestAR(ua, { requiredFeatures: ['depth-sensing'], depthSensing: CPU });
    const viewer = await viewsOf(s);
    const sample = await inFrame(s, (f) => {
      const view = f.getViewerPose(viewer)!.views[0]!;
      return (f as DepthFrame).getDepthInformation(view)!.getDepthInMeters(0.5, 0.5);
    });
    // The phone sits at the origin looking down -Z: the room's own ray cast gives the same distance.
    const truth = depthAlong(device.environment!, { x: 0, y: 0, z: 0 }, { x: 0, y: 0, z: -1 })!;
    expect(truth).toBeGreaterThan(0.5);
    expect(Math.abs(sample - truth)).toBeLessThanOrEqual(0.005 + 1e-6);
    await s.end();
  });

  it('R-DEPTH-04: in the strict profile every value is a multiple of 5 cm', async () => {
    const ua = phone(['depth-sensing'], 'strict');
    const s = await requestAR(ua, {
      requiredFeatures: ['depth-sensing'],
      depthSensing: { usagePreference: ['cpu-optimized'], dataFormatPreference: ['float32'] },
    });
    const viewer = await viewsOf(s);
    await inFrame(s, (f) => {
      const info = (f as DepthFrame).getDepthInformation(f.getViewerPose(viewer)!.views[0]!)!;
      const values = new Float32Array(info.data);
      let nonZero = 0;
      for (const raw of values) {
        const m = raw * info.rawValueToMeters;
        if (m === 0) continue;
        nonZero++;
        expect(Math.abs(m / 0.05 - Math.round(m / 0.05))).toBeLessThan(1e-4);
      }
      expect(nonZero).toBeGreaterThan(0);
      expect(info.width).toBeLessThanOrEqual(160);
    });
    await s.end();
  });

  it('R-DEPTH-03: no depth while the session is visible-blurred; depth again once visible', async () => {
    const ua = phone();
    const device = ua.device as SimulatedXRDevice;
    const s = await requestAR(ua, { requiredFeatures: ['depth-sensing'], depthSensing: CPU });
    const viewer = await viewsOf(s);
    const blurred = nextEvent(s, 'visibilitychange');
    device.setVisibility('visible-blurred');
    await blurred;
    await inFrame(s, (f) => {
      expect((f as DepthFrame).getDepthInformation(f.getViewerPose(viewer)!.views[0]!)).toBeNull();
    });
    expectAuditDenial(ua, 'SecurityError', 'R-DEPTH-03', 'getDepthInformation');
    const visible = nextEvent(s, 'visibilitychange');
    device.setVisibility('visible');
    await visible;
    await inFrame(s, (f) => {
      expect((f as DepthFrame).getDepthInformation(f.getViewerPose(viewer)!.views[0]!)).not.toBeNull();
    });
    await s.end();
  });

  it('pauseDepthSensing stops depth at once; resumeDepthSensing brings it back; both only inside a frame', async () => {
    const ua = phone();
    const s = await requestAR(ua, { requiredFeatures: ['depth-sensing'], depthSensing: CPU });
    const viewer = await viewsOf(s);
    expectThrowName(() => s.pauseDepthSensing(), 'InvalidStateError');
    await inFrame(s, (f) => {
      const view = f.getViewerPose(viewer)!.views[0]!;
      expect((f as DepthFrame).getDepthInformation(view)).not.toBeNull();
      s.pauseDepthSensing();
      expect(s.depthActive).toBe(false);
      expect((f as DepthFrame).getDepthInformation(view)).toBeNull();
    });
    await inFrame(s, (f) => {
      expect((f as DepthFrame).getDepthInformation(f.getViewerPose(viewer)!.views[0]!)).toBeNull();
      s.resumeDepthSensing();
      expect(s.depthActive).toBe(true);
    });
    await inFrame(s, (f) => {
      expect((f as DepthFrame).getDepthInformation(f.getViewerPose(viewer)!.views[0]!)).not.toBeNull();
    });
    await s.end();
  });

  it('R-DEPTH-06: a depth buffer is usable during its frame only', async () => {
    const ua = phone();
    const s = await requestAR(ua, { requiredFeatures: ['depth-sensing'], depthSensing: CPU });
    const viewer = await viewsOf(s);
    const info = await inFrame(
      s,
      (f) => (f as DepthFrame).getDepthInformation(f.getViewerPose(viewer)!.views[0]!)!,
    );
    expect(info.width).toBeGreaterThan(0);
    expectThrowName(() => info.getDepthInMeters(0.5, 0.5), 'InvalidStateError');
    expectThrowName(() => info.data, 'InvalidStateError');
    await s.end();
  });
});

describe('raw camera access', () => {
  it('R-CAM-01: without consent XRView.camera is null; with it, a camera image of the view', async () => {
    const plain = phone([]);
    const s1 = await requestAR(plain, { optionalFeatures: ['camera-access'] });
    expect(s1.enabledFeatures).not.toContain('camera-access');
    const v1 = await viewsOf(s1);
    await inFrame(s1, (f) => {
      expect((f.getViewerPose(v1)!.views[0] as unknown as { camera: unknown }).camera).toBeNull();
    });
    await s1.end();
    const ua = phone();
    const s = await requestAR(ua, { requiredFeatures: ['camera-access'] });
    const viewer = await viewsOf(s);
    await inFrame(s, (f) => {
      const view = f.getViewerPose(viewer)!.views[0] as unknown as {
        camera: { width: number; height: number };
      };
      const camera = view.camera;
      expect(camera).not.toBeNull();
      expect(camera.width).toBe(256);
      expect(camera.height).toBeGreaterThan(256);
      expect(view.camera).toBe(camera);
    });
    await s.end();
  });

  it('R-CAM-03: no camera image while blurred', async () => {
    const ua = phone();
    const device = ua.device as SimulatedXRDevice;
    const s = await requestAR(ua, { requiredFeatures: ['camera-access'] });
    const viewer = await viewsOf(s);
    const blurred = nextEvent(s, 'visibilitychange');
    device.setVisibility('visible-blurred');
    await blurred;
    await inFrame(s, (f) => {
      expect((f.getViewerPose(viewer)!.views[0] as unknown as { camera: unknown }).camera).toBeNull();
    });
    expectAuditDenial(ua, 'SecurityError', 'R-CAM-03', 'camera');
    await s.end();
  });

  it('R-CAM-06: the camera privacy indicator is on screen from the session start until its end, naming the origin', async () => {
    const ua = phone();
    expect(ua.host.privacyIndicators).toEqual([]);
    const plain = await requestAR(ua, { optionalFeatures: ['depth-sensing'], depthSensing: CPU });
    expect(ua.host.privacyIndicators).toEqual([]);
    await plain.end();
    const s = await requestAR(ua, { requiredFeatures: ['camera-access'] });
    expect(ua.host.privacyIndicators).toEqual([{ kind: 'camera', origin: 'https://app.example' }]);
    // Blurred: no image, but the camera is still the session's: the indicator stays.
    const device = ua.device as SimulatedXRDevice;
    const blurred = nextEvent(s, 'visibilitychange');
    device.setVisibility('visible-blurred');
    await blurred;
    expect(ua.host.privacyIndicators).toHaveLength(1);
    await s.end();
    expect(ua.host.privacyIndicators).toEqual([]);
    expect(ua.audit.entries().some((e) => e.requirement === 'R-CAM-06' && e.allowed)).toBe(true);
  });

  it('R-CAM-06: a host with no privacy indicator reports no camera image, and says why', async () => {
    const ua = phone();
    Object.defineProperty(ua.host, 'privacyIndicator', { value: undefined });
    const s = await requestAR(ua, { requiredFeatures: ['camera-access'] });
    const viewer = await viewsOf(s);
    await inFrame(s, (f) => {
      expect((f.getViewerPose(viewer)!.views[0] as unknown as { camera: unknown }).camera).toBeNull();
    });
    expectAuditDenial(ua, 'SecurityError', 'R-CAM-06', 'camera');
    await s.end();
  });
});
