// The Test API's depth sensing and raw camera access extensions on xrgate's runtime, with WPT's
// fixtures (resources/webxr_test_constants_fake_depth.js): FakeXRDeviceInit.depthSensingData and
// depthSupport, setDepthSensingData / clearDepthSensingData, matchDepthView (the sensor's own
// geometry, or its depth reprojected into the view), FakeXRViewInit.cameraImageInit.
// Requirement ids: R-TEST-09, R-DEPTH-01..06, R-CAM-01..04.

import { describe, expect, it } from 'vitest';
import type { XRFrame } from '../../src/api/XRFrame.js';
import type { XRSession } from '../../src/api/XRSession.js';
import type { FakeXRDeviceInit } from '../../src/test-api/index.js';
import {
  expectThrow,
  inFrame,
  makeTestUA,
  PROJECTION,
  requestWithActivation,
  STEREO_VIEWS,
} from './helpers.js';

const W = 7;
const H = 5;
// value at column c, row r = (c + 1) ** r centimetres, as WPT's fixture.
function depthBytes(): Uint8Array {
  const u = new Uint16Array(W * H);
  for (let r = 0; r < H; r++) for (let c = 0; c < W; c++) u[r * W + c] = (c + 1) ** r;
  return new Uint8Array(u.buffer);
}
const DEPTH_DATA = {
  depthData: depthBytes(),
  depthFormat: 'luminance-alpha',
  width: W,
  height: H,
  // origin at the bottom right, axes flipped: a 180° rotation about z, then (1, 1).
  normDepthBufferFromNormView: { position: [1, 1, 0], orientation: [0, 0, 1, 0] },
  rawValueToMeters: 0.01,
};
const OFFSET_DATA = {
  ...DEPTH_DATA,
  projectionMatrix: [1, 0, 0, 0, 0, 1, 0, 0, 3, 2, -1, -1, 0, 0, -0.002, 0],
  viewOffset: { position: [-0.1, 0.01, 0], orientation: [0, 0, 0, 1] },
};

function arDevice(extra: Partial<FakeXRDeviceInit> & Record<string, unknown> = {}): FakeXRDeviceInit {
  return {
    supportedModes: ['inline', 'immersive-ar'],
    views: STEREO_VIEWS(),
    viewerOrigin: { position: [0, 0, 0], orientation: [0, 0, 0, 1] },
    supportedFeatures: ['viewer', 'local', 'depth-sensing', 'camera-access'],
    ...extra,
  } as FakeXRDeviceInit;
}

type DepthInfo = {
  width: number;
  height: number;
  rawValueToMeters: number;
  data: ArrayBuffer;
  normDepthBufferFromNormView: { position: DOMPointReadOnly };
  projectionMatrix: Float32Array;
  transform: { position: DOMPointReadOnly };
  getDepthInMeters(x: number, y: number): number;
};
type DepthFrame = XRFrame & { getDepthInformation(view: object): DepthInfo | null };

async function session(device: FakeXRDeviceInit, depthSensing: Record<string, unknown>) {
  const ua = makeTestUA();
  const controller = await ua.test.simulateDeviceConnection(device);
  const s = (await requestWithActivation(ua, 'immersive-ar', {
    requiredFeatures: ['depth-sensing'],
    depthSensing,
  })) as XRSession & { depthUsage: string };
  const viewer = await s.requestReferenceSpace('viewer');
  return { ua, controller, s, viewer };
}

const CPU = { usagePreference: ['cpu-optimized'], dataFormatPreference: ['luminance-alpha'] };

describe('FakeXRDevice depth sensing data', () => {
  it('the data set is returned: every entry at its buffer position, through normDepthBufferFromNormView', async () => {
    const { s, viewer } = await session(arDevice({ depthSensingData: DEPTH_DATA }), CPU);
    await inFrame(s, (f) => {
      for (const view of f.getViewerPose(viewer)!.views) {
        const info = (f as DepthFrame).getDepthInformation(view)!;
        expect(info).not.toBeNull();
        expect([info.width, info.height]).toEqual([W, H]);
        expect(info.rawValueToMeters).toBeCloseTo(0.01, 6);
        for (let r = 0; r < H; r++) {
          for (let c = 0; c < W; c++) {
            const x = 1 - (c + 0.5) / W;
            const y = 1 - (r + 0.5) / H;
            expect(info.getDepthInMeters(x, y)).toBeCloseTo((c + 1) ** r / 100, 4);
          }
        }
        expect(() => info.getDepthInMeters(-0.001, 0)).toThrow(RangeError);
        expect(() => info.getDepthInMeters(0, 1.001)).toThrow(RangeError);
      }
    });
    await s.end();
  });

  it('clearDepthSensingData: null; setDepthSensingData: data again', async () => {
    const { s, viewer, controller } = await session(arDevice({ depthSensingData: DEPTH_DATA }), CPU);
    const c = controller as unknown as {
      clearDepthSensingData(): void;
      setDepthSensingData(d: unknown): void;
    };
    c.clearDepthSensingData();
    await inFrame(s, (f) => {
      expect((f as DepthFrame).getDepthInformation(f.getViewerPose(viewer)!.views[0]!)).toBeNull();
    });
    c.setDepthSensingData(DEPTH_DATA);
    await inFrame(s, (f) => {
      expect((f as DepthFrame).getDepthInformation(f.getViewerPose(viewer)!.views[0]!)).not.toBeNull();
    });
    expect(() => c.setDepthSensingData({ ...DEPTH_DATA, projectionMatrix: [1, 2, 3] })).toThrow(TypeError);
    await s.end();
  });

  it('matchDepthView false: the raw bytes and the sensor geometry; true: reprojected into the view, the view geometry', async () => {
    const raw = new Uint8Array(depthBytes());
    const off = await session(arDevice({ depthSensingData: OFFSET_DATA }), { ...CPU, matchDepthView: false });
    await inFrame(off.s, (f) => {
      const view = f.getViewerPose(off.viewer)!.views[0]!;
      const info = (f as DepthFrame).getDepthInformation(view)!;
      expect(new Uint8Array(info.data)).toEqual(raw);
      expect(info.projectionMatrix[14]).toBeCloseTo(-0.002, 6);
      expect(info.transform.position.y).toBeCloseTo(0.01, 6);
    });
    await off.s.end();
    const on = await session(arDevice({ depthSensingData: OFFSET_DATA }), { ...CPU, matchDepthView: true });
    await inFrame(on.s, (f) => {
      const view = f.getViewerPose(on.viewer)!.views[0]!;
      const info = (f as DepthFrame).getDepthInformation(view)!;
      expect(new Uint8Array(info.data)).not.toEqual(raw);
      expect([...info.projectionMatrix]).toEqual([...view.projectionMatrix]);
      expect(info.transform.position.y).toBeCloseTo(view.transform.position.y, 6);
    });
    await on.s.end();
  });

  it('depthSupport limits the configuration (a raw-only device never reports smooth)', async () => {
    const { s } = await session(arDevice({ depthSupport: { depthTypes: ['raw'] } }), {
      usagePreference: [],
      dataFormatPreference: [],
      depthTypeRequest: ['smooth'],
    });
    expect((s as unknown as { depthType: string | null }).depthType).toBeNull();
    expect(s.depthUsage).toBe('cpu-optimized');
    await s.end();
  });
});

describe('FakeXRViewInit.cameraImageInit', () => {
  it('XRView.camera carries the image size once the views have one; null before', async () => {
    const ua = makeTestUA();
    const controller = await ua.test.simulateDeviceConnection(arDevice());
    const s = await requestWithActivation(ua, 'immersive-ar', { requiredFeatures: ['camera-access'] });
    const viewer = await s.requestReferenceSpace('viewer');
    await inFrame(s, (f) => {
      for (const v of f.getViewerPose(viewer)!.views)
        expect((v as unknown as { camera: unknown }).camera).toBeNull();
    });
    controller.setViews(
      STEREO_VIEWS().map((v) => ({ ...v, cameraImageInit: { width: 333, height: 444 } })) as never,
    );
    await inFrame(s, (f) => {
      const v = f.getViewerPose(viewer)!.views[0] as unknown as { camera: { width: number; height: number } };
      expect([v.camera.width, v.camera.height]).toEqual([333, 444]);
    });
    const stale = await inFrame(
      s,
      (f) => f.getViewerPose(viewer)!.views[0] as unknown as { camera: unknown },
    );
    // A view of a frame that is over: obtaining its camera is refused (R-CAM-04).
    expectThrow(() => stale.camera, 'InvalidStateError');
    await s.end();
  });
});

void PROJECTION;
