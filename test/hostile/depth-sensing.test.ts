// Attacks on the depth and camera protections (Node, the simulated phone): a forged or proxied
// view, a view kept from an earlier frame, a depth buffer kept past its frame, depth and camera
// images asked for while the session is blurred, a polluted Object.prototype offering depth
// data, a page rewriting the buffer it got, and the methods called on the wrong `this`.
// Requirement ids: R-DEPTH-03, R-DEPTH-06, R-CAM-03, R-CAM-04.

import { describe, expect, it } from 'vitest';
import type { XRFrame } from '../../src/api/XRFrame.js';
import type { XRSession } from '../../src/api/XRSession.js';
import { XRView } from '../../src/api/XRView.js';
import { XRWebGLBinding } from '../../src/api/XRWebGLBinding.js';
import { floorAndWallCaster } from '../../src/device/depth.js';
import type { SimulatedXRDevice } from '../../src/device/simulated.js';
import { expectThrowName, inFrame, makeUA, nextEvent } from '../conformance/helpers.js';

type DepthInfo = { data: ArrayBuffer; getDepthInMeters(x: number, y: number): number; width: number };
type DepthFrame = XRFrame & { getDepthInformation(view: object): DepthInfo | null };

async function arSession(usage: 'cpu-optimized' | 'gpu-optimized' = 'cpu-optimized') {
  const ua = makeUA({ device: 'phone-ar', consent: { grant: ['depth-sensing', 'camera-access'] } });
  // A room of known distances (a floor 1.4 m below, a wall 3 m ahead), not the default living room.
  (ua.device as SimulatedXRDevice).sensingCaster = floorAndWallCaster(-1.4, -3);
  ua.host.click();
  const s = (await ua.xr.requestSession('immersive-ar', {
    requiredFeatures: ['depth-sensing', 'camera-access'],
    depthSensing: { usagePreference: [usage], dataFormatPreference: ['luminance-alpha'] },
  })) as XRSession;
  const viewer = await s.requestReferenceSpace('viewer');
  return { ua, s, viewer, device: ua.device as SimulatedXRDevice };
}

/** A stand-in WebGL context that records the textures made on it. */
function recordingGL() {
  const made: object[] = [];
  const deleted: object[] = [];
  const gl = {
    createTexture: () => {
      const t = { texture: made.length };
      made.push(t);
      return t;
    },
    deleteTexture: (t: object) => deleted.push(t),
    bindTexture() {},
    texParameteri() {},
    pixelStorei() {},
    texImage2D() {},
    getParameter: () => null,
    getContextAttributes: () => ({ xrCompatible: true }),
    isContextLost: () => false,
  };
  return { gl, made, deleted };
}

describe('hostile: depth sensing', () => {
  it('a forged view (an object made from XRView.prototype, a Proxy of a real view) is a TypeError', async () => {
    const { s, viewer } = await arSession();
    await inFrame(s, (f) => {
      const real = f.getViewerPose(viewer)!.views[0]!;
      expect(() => (f as DepthFrame).getDepthInformation(Object.create(XRView.prototype))).toThrow(TypeError);
      expect(() => (f as DepthFrame).getDepthInformation(new Proxy(real, {}))).toThrow(TypeError);
      expect(() => (f as DepthFrame).getDepthInformation({ index: 0, eye: 'none' })).toThrow(TypeError);
      // The method on another object.
      const method = (f as DepthFrame).getDepthInformation;
      expect(() => method.call({}, real)).toThrow(TypeError);
    });
    await s.end();
  });

  it('R-DEPTH-06: a view of an earlier frame is refused (CPU and GPU); a buffer kept past its frame cannot be read', async () => {
    const cpu = await arSession();
    const kept = await inFrame(cpu.s, (f) => {
      const view = f.getViewerPose(cpu.viewer)!.views[0]!;
      return { view, info: (f as DepthFrame).getDepthInformation(view)! };
    });
    await inFrame(cpu.s, (f) => {
      expectThrowName(() => (f as DepthFrame).getDepthInformation(kept.view), 'InvalidStateError');
      expectThrowName(() => kept.info.getDepthInMeters(0.5, 0.5), 'InvalidStateError');
      expectThrowName(() => kept.info.data, 'InvalidStateError');
    });
    await cpu.s.end();

    const gpu = await arSession('gpu-optimized');
    const { gl, made, deleted } = recordingGL();
    const binding = new XRWebGLBinding(gpu.s, gl) as XRWebGLBinding & {
      getDepthInformation(v: object): { texture: object | null } | null;
    };
    const old = await inFrame(gpu.s, (f) => {
      const view = f.getViewerPose(gpu.viewer)!.views[0]!;
      const info = binding.getDepthInformation(view)!;
      expect(info.texture).toBe(made[0]);
      return view;
    });
    // The frame's texture is deleted once the frame is over.
    expect(deleted).toContain(made[0]);
    await inFrame(gpu.s, () => {
      expectThrowName(() => binding.getDepthInformation(old), 'InvalidStateError');
    });
    await gpu.s.end();
  });

  it('R-DEPTH-03, R-CAM-03: nothing while blurred, even with Object.prototype offering depth and camera data', async () => {
    const { s, viewer, device } = await arSession();
    const blurred = nextEvent(s, 'visibilitychange');
    device.setVisibility('visible-blurred');
    await blurred;
    const fake = [{ width: 1, height: 1, rawValueToMeters: 1, data: new ArrayBuffer(2) }];
    Object.defineProperty(Object.prototype, 'depth', { get: () => fake, configurable: true });
    Object.defineProperty(Object.prototype, 'cameras', { get: () => fake, configurable: true });
    try {
      await inFrame(s, (f) => {
        const view = f.getViewerPose(viewer)!.views[0]!;
        expect((f as DepthFrame).getDepthInformation(view)).toBeNull();
        expect((view as unknown as { camera: unknown }).camera).toBeNull();
      });
    } finally {
      delete (Object.prototype as Record<string, unknown>).depth;
      delete (Object.prototype as Record<string, unknown>).cameras;
    }
    await s.end();
  });

  it("rewriting the page's copy of the buffer does not change what getDepthInMeters reads, nor the next frame's data", async () => {
    const { s, viewer } = await arSession();
    await inFrame(s, (f) => {
      const info = (f as DepthFrame).getDepthInformation(f.getViewerPose(viewer)!.views[0]!)!;
      const before = info.getDepthInMeters(0.5, 0.5);
      new Uint16Array(info.data).fill(1);
      expect(info.getDepthInMeters(0.5, 0.5)).toBe(before);
    });
    await inFrame(s, (f) => {
      const info = (f as DepthFrame).getDepthInformation(f.getViewerPose(viewer)!.views[0]!)!;
      expect(info.getDepthInMeters(0.5, 0.5)).toBeCloseTo(3, 2);
    });
    await s.end();
  });

  it("R-CAM-04: getCameraImage with a camera of an earlier frame, or from another session's binding, is refused", async () => {
    const { s, viewer } = await arSession();
    const { gl } = recordingGL();
    const binding = new XRWebGLBinding(s, gl) as XRWebGLBinding & {
      getCameraImage(c: object): object | null;
    };
    const camera = await inFrame(s, (f) => {
      const c = (f.getViewerPose(viewer)!.views[0] as unknown as { camera: object }).camera;
      expect(binding.getCameraImage(c)).not.toBeNull();
      expect(binding.getCameraImage(c)).toBe(binding.getCameraImage(c));
      return c;
    });
    await inFrame(s, () => {
      expectThrowName(() => binding.getCameraImage(camera), 'InvalidStateError');
    });
    expect(() => binding.getCameraImage({ width: 1, height: 1 })).toThrow(TypeError);
    await s.end();
  });
});
