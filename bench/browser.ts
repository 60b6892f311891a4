// The Chromium page: xrgate (the IIFE bundle's global `xrgate`), IWER (its UMD build's global
// `IWER`, installed as the page's navigator.xr) and the floor baseline, measured inside the same
// XR animation frames. IWER's session drives the loop (its frames come from the page's
// requestAnimationFrame); inside each IWER frame callback one xrgate animation frame runs on its
// manual clock, and inside that callback the three runtimes' loops run, the order rotating by one
// every frame. run.ts serves this page cross-origin isolated (5 µs performance.now()) and starts
// Chromium with --enable-precise-memory-info and --js-flags=--expose-gc --min-semi-space-size=16.

import type * as XrgateModule from '../src/index.js';
import { FloorRuntime } from './floor.js';
import { Harness, type PageResults, type PhaseConfig, type Runtime, type Scene } from './harness.js';
import { FLOOR_Y, type FramePoses, framePoses } from './scene.js';
import { XrgateDriver } from './xrgate-driver.js';

interface IwerVector {
  set(x: number, y: number, z: number): unknown;
}
interface IwerQuaternion {
  set(x: number, y: number, z: number, w: number): unknown;
}
interface IwerTracked {
  readonly position: IwerVector;
  readonly quaternion: IwerQuaternion;
}
interface IwerDevice extends IwerTracked {
  readonly controllers: Partial<Record<'left' | 'right', IwerTracked>>;
  installRuntime(options?: { forceInstall?: boolean }): void;
}
interface IwerGlobal {
  readonly XRDevice: new (config: unknown) => IwerDevice;
  readonly metaQuest3: unknown;
}
interface IwerInputSource {
  readonly handedness: string;
  readonly gripSpace: unknown;
}
interface IwerSession {
  readonly inputSources: ArrayLike<IwerInputSource>;
  requestAnimationFrame(cb: (time: number, frame: unknown) => void): number;
  requestReferenceSpace(type: string): Promise<unknown>;
  updateRenderState(state: { baseLayer?: unknown }): void;
}
interface PageGlobal {
  xrgate: typeof XrgateModule;
  IWER: IwerGlobal;
  XRWebGLLayer: new (session: IwerSession, gl: WebGL2RenderingContext) => unknown;
  gc?: () => void;
  runBench?: (config: PhaseConfig) => Promise<PageResults>;
}

const page = globalThis as unknown as PageGlobal;
// Read before IWER's installRuntime() replaces navigator.userAgent with its headset's.
const browserUserAgent = navigator.userAgent;

function timerResolutionUs(): number {
  let best = Number.POSITIVE_INFINITY;
  let last = performance.now();
  const end = last + 20;
  for (;;) {
    const t = performance.now();
    if (t !== last) {
      best = Math.min(best, t - last);
      last = t;
    }
    if (t > end) break;
  }
  return best * 1000;
}

async function setupIwer(): Promise<{ device: IwerDevice; session: IwerSession; ref: unknown }> {
  const device = new page.IWER.XRDevice(page.IWER.metaQuest3);
  // Chromium has a native navigator.xr: IWER replaces it only when forced.
  device.installRuntime({ forceInstall: true });
  const canvas = document.createElement('canvas');
  canvas.width = 64;
  canvas.height = 32;
  document.body.appendChild(canvas);
  const gl = canvas.getContext('webgl2', { xrCompatible: true } as WebGLContextAttributes);
  if (!gl) throw new Error('IWER needs WebGL2, and this Chromium gave no WebGL2 context');
  const xr = (navigator as unknown as { xr: { requestSession(m: string, o: unknown): Promise<IwerSession> } })
    .xr;
  const session = await xr.requestSession('immersive-vr', { requiredFeatures: ['local-floor'] });
  session.updateRenderState({ baseLayer: new page.XRWebGLLayer(session, gl) });
  const ref = await session.requestReferenceSpace('local-floor');
  return { device, session, ref };
}

function setIwerPoses(device: IwerDevice, poses: FramePoses): void {
  // IWER's local-floor origin is on the floor: lift the base-space poses by the floor's depth.
  const lift = -FLOOR_Y;
  const v = poses.viewer;
  device.position.set(v.position.x, v.position.y + lift, v.position.z);
  device.quaternion.set(v.orientation.x, v.orientation.y, v.orientation.z, v.orientation.w);
  const hands = ['left', 'right'] as const;
  for (let i = 0; i < 2; i++) {
    const c = device.controllers[hands[i] as 'left' | 'right'];
    const g = poses.grips[i] as FramePoses['grips'][0];
    c?.position.set(g.position.x, g.position.y + lift, g.position.z);
    c?.quaternion.set(g.orientation.x, g.orientation.y, g.orientation.z, g.orientation.w);
  }
}

function grip(session: IwerSession, hand: string): unknown {
  for (let i = 0; i < session.inputSources.length; i++) {
    const s = session.inputSources[i];
    if (s?.handedness === hand && s.gripSpace) return s.gripSpace;
  }
  return null;
}

async function runBench(cfg: PhaseConfig): Promise<PageResults> {
  const started = performance.now();
  const gc = page.gc;
  // performance.memory is a snapshot taken when it is read: read it anew every time.
  const perf = performance as unknown as { memory?: { usedJSHeapSize: number } };
  const memoryApi = perf.memory !== undefined;
  const heapUsed = memoryApi ? () => (perf.memory as { usedJSHeapSize: number }).usedJSHeapSize : undefined;
  const xr = await XrgateDriver.create(page.xrgate);
  const iwer = await setupIwer();
  const floor = new FloorRuntime();
  const harness = new Harness({
    runtimes: ['xrgate', 'iwer', 'floor'],
    targetSampleUs: cfg.targetSampleUs,
    heapCalls: cfg.heapCalls,
    now: () => performance.now(),
    gc,
    heapUsed,
  });
  const resolution = timerResolutionUs();

  let frameIndex = 0;
  let measured = 0;
  let settleFrames = 0;
  let grips: [unknown, unknown] | null = null;
  const total = cfg.warmupFrames + cfg.timeFrames + cfg.heapFrames;

  await new Promise<void>((resolve, reject) => {
    const onIwerFrame = (_time: number, iwerFrame: unknown): void => {
      try {
        const poses = framePoses(frameIndex);
        // Takes effect in IWER's next frame (IWER reads the device pose when a frame starts).
        setIwerPoses(iwer.device, framePoses(frameIndex + 1));
        if (grips === null) {
          // IWER announces its controllers in its first frames.
          const l = grip(iwer.session, 'left');
          const r = grip(iwer.session, 'right');
          if (l && r && settleFrames >= 3) grips = [l, r];
          settleFrames += 1;
          if (settleFrames > 600) throw new Error('IWER announced no left and right grip spaces');
        } else {
          const g = grips;
          const phase =
            measured < cfg.warmupFrames ? 'warmup' : measured < total - cfg.heapFrames ? 'time' : 'heap';
          const index = frameIndex;
          xr.runFrame(poses, (xrgateFrame) => {
            const floorFrame = floor.beginFrame(poses);
            const scenes: Record<Runtime, Scene> = {
              xrgate: { frame: xrgateFrame, ref: xr.ref, g0: xr.grips[0], g1: xr.grips[1] },
              iwer: { frame: iwerFrame, ref: iwer.ref, g0: g[0], g1: g[1] },
              floor: { frame: floorFrame, ref: floor.localFloor, g0: floor.grips[0], g1: floor.grips[1] },
            };
            try {
              if (phase === 'heap') harness.heapFrame(index, scenes);
              else harness.timeFrame(index, scenes, phase === 'warmup');
            } finally {
              floor.endFrame();
            }
          });
          measured += 1;
        }
        frameIndex += 1;
      } catch (e) {
        reject(e);
        return;
      }
      if (measured < total) iwer.session.requestAnimationFrame(onIwerFrame);
      else resolve();
    };
    iwer.session.requestAnimationFrame(onIwerFrame);
  });

  return {
    env: {
      userAgent: browserUserAgent,
      crossOriginIsolated: globalThis.crossOriginIsolated === true,
      timerResolutionUs: resolution,
      gc: gc !== undefined,
      memoryApi,
    },
    harness: harness.results(),
    frames: measured,
    seconds: (performance.now() - started) / 1000,
  };
}

page.runBench = runBench;
