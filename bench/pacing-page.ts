// The Chromium page of bench/pacing.ts: a three.js scene drawn once per XR animation frame (two
// views, side by side, as a stereo headset's frame), with the XR frames coming from one of three
// sources, one after another:
//
// - 'xrgate': a real immersive-vr session of dist/xrgate.js (loaded before this script), its
//   session.requestAnimationFrame, drawing into the same canvas (made XR compatible);
// - 'display': src/api/frame-clock.ts displayFrameClock over the page's requestAnimationFrame;
// - 'timer': xrgate's old loop, setTimeout(tick, 1000 / rate) re-armed after the callbacks;
// - 'deadline': src/api/frame-clock.ts deadlineFrameClock over setTimeout at the same rate.
//
// While a loop runs, a separate rAF chain records every displayed frame (its timestamp and the
// performance.now() its callback starts at). The page returns the raw times; pacing.ts computes
// the rates, the interval percentiles and which XR frames were never displayed.

import * as THREE from 'three';
import { deadlineFrameClock, displayFrameClock, type FrameClock } from '../src/api/frame-clock.js';

export type PacingLoop = 'xrgate' | 'display' | 'timer' | 'deadline';

export interface PacingPageConfig {
  readonly loops: readonly PacingLoop[];
  /** Measured time per loop, after the warm-up. */
  readonly durationMs: number;
  readonly warmupMs: number;
  /** The simulated device's rate for the timer and deadline loops. */
  readonly rateHz: number;
  /** Meshes in the scene. */
  readonly objects: number;
  /** Draw the scene in each XR frame (false: an empty app, the callbacks do nothing). */
  readonly draw: boolean;
}

export interface PacingLoopSamples {
  readonly loop: PacingLoop;
  /** performance.now() at the start of each displayed frame's rAF callback. */
  readonly rafTimes: number[];
  /** The rAF timestamp of each displayed frame. */
  readonly rafStamps: number[];
  /** performance.now() at the start of each XR frame. */
  readonly xrTimes: number[];
  /** For the 'display' loop, the rAF timestamp each XR frame ran in; else empty. */
  readonly xrStamps: number[];
  /** Work per XR frame (the scene's two views), ms. */
  readonly renderMs: number[];
  /** The clock's deliveredRate() at the end (null for the timer loop). */
  readonly deliveredRate: number | null;
}

export interface PacingPageResults {
  readonly userAgent: string;
  readonly crossOriginIsolated: boolean;
  readonly devicePixelRatio: number;
  readonly webgl: string;
  readonly samples: PacingLoopSamples[];
}

// Captured when the script loads, as xrgate's hosts capture them.
const raf = window.requestAnimationFrame.bind(window);
const caf = window.cancelAnimationFrame.bind(window);
const setTimeoutFn = window.setTimeout.bind(window);
const clearTimeoutFn = window.clearTimeout.bind(window);
const now = performance.now.bind(performance);
const timers = {
  setTimeout: (cb: () => void, ms: number): unknown => setTimeoutFn(cb, ms),
  clearTimeout: (h: unknown): void => clearTimeoutFn(h as number),
};

interface App {
  readonly renderer: THREE.WebGLRenderer;
  /** One XR frame's drawing: both views. */
  frame(time: number): void;
}

function createApp(objects: number): App {
  const width = Math.max(2, window.innerWidth);
  const height = Math.max(2, window.innerHeight);
  const renderer = new THREE.WebGLRenderer({ antialias: false });
  renderer.setPixelRatio(1);
  renderer.setSize(width, height);
  renderer.setScissorTest(true);
  document.body.style.margin = '0';
  document.body.appendChild(renderer.domElement);
  const scene = new THREE.Scene();
  scene.background = new THREE.Color(0x202830);
  scene.add(new THREE.HemisphereLight(0xffffff, 0x404040, 1.5));
  const sun = new THREE.DirectionalLight(0xffffff, 2);
  sun.position.set(2, 4, 3);
  scene.add(sun);
  const geometry = new THREE.BoxGeometry(0.2, 0.2, 0.2);
  const meshes: THREE.Mesh[] = [];
  for (let i = 0; i < objects; i++) {
    const material = new THREE.MeshStandardMaterial({
      color: new THREE.Color().setHSL(i / objects, 0.6, 0.5),
    });
    const mesh = new THREE.Mesh(geometry, material);
    const a = (i / objects) * Math.PI * 2;
    const r = 1 + (i % 5) * 0.3;
    mesh.position.set(Math.cos(a) * r, 1.2 + ((i % 7) - 3) * 0.15, -2 + Math.sin(a) * r);
    scene.add(mesh);
    meshes.push(mesh);
  }
  // A stereo pair, 63 mm apart, each drawing half the canvas.
  const eyes = [-0.0315, 0.0315].map((x) => {
    const cam = new THREE.PerspectiveCamera(90, width / 2 / height, 0.1, 100);
    cam.position.set(x, 1.6, 0);
    return cam;
  });
  return {
    renderer,
    frame(time: number): void {
      for (const [i, m] of meshes.entries()) {
        m.rotation.set(time * 0.001 + i, time * 0.0013, 0);
      }
      for (const [i, cam] of eyes.entries()) {
        const x = i * Math.floor(width / 2);
        renderer.setViewport(x, 0, Math.floor(width / 2), height);
        renderer.setScissor(x, 0, Math.floor(width / 2), height);
        renderer.render(scene, cam);
      }
    },
  };
}

/** What runLoop needs of a frame source. */
type FrameSource = Pick<FrameClock, 'request' | 'cancel' | 'deliveredRate'>;

/** xrgate's old frame loop (session-core #schedule/#tick before the frame clock). */
function timerLoop(rateHz: number): FrameSource {
  let timer: unknown = null;
  return {
    request(cb: (time: number) => void): boolean {
      if (timer !== null) return false;
      timer = timers.setTimeout(() => {
        timer = null;
        cb(now());
      }, 1000 / rateHz);
      return true;
    },
    cancel(): void {
      if (timer !== null) timers.clearTimeout(timer);
      timer = null;
    },
    deliveredRate: () => null,
  };
}

/** The frames of a real xrgate immersive session; deliveredRate is what the session reports. */
async function xrgateSource(gl: WebGLRenderingContext | WebGL2RenderingContext): Promise<FrameSource> {
  const xr = (navigator as unknown as { xr?: XRSystemLike }).xr;
  if (!xr) throw new Error('navigator.xr is missing: dist/xrgate.js did not load');
  // (page.evaluate runs with a user gesture: the activation an immersive request needs.)
  const session = await xr.requestSession('immersive-vr');
  await (gl as unknown as { makeXRCompatible(): Promise<void> }).makeXRCompatible();
  const Layer = (globalThis as unknown as { XRWebGLLayer: new (s: unknown, g: unknown) => unknown })
    .XRWebGLLayer;
  session.updateRenderState({ baseLayer: new Layer(session, gl) });
  let handle = 0;
  let pending = false;
  return {
    request(cb: (time: number) => void): boolean {
      if (pending) return false;
      pending = true;
      handle = session.requestAnimationFrame((time: number) => {
        pending = false;
        cb(time);
      });
      return true;
    },
    cancel(): void {
      if (pending) session.cancelAnimationFrame(handle);
      pending = false;
    },
    deliveredRate: () => session.frameRate ?? null,
  };
}

interface XRSessionLike {
  requestAnimationFrame(cb: (time: number, frame: unknown) => void): number;
  cancelAnimationFrame(handle: number): void;
  updateRenderState(init: { baseLayer: unknown }): void;
  readonly frameRate?: number;
}

interface XRSystemLike {
  requestSession(mode: string): Promise<XRSessionLike>;
}

function clockFor(loop: PacingLoop, rateHz: number): FrameSource {
  if (loop === 'display') return displayFrameClock(raf, caf, now);
  if (loop === 'deadline') return deadlineFrameClock(timers, now, () => rateHz);
  return timerLoop(rateHz);
}

function runLoop(
  app: App,
  loop: PacingLoop,
  cfg: PacingPageConfig,
  xrgate: FrameSource | null,
): Promise<PacingLoopSamples> {
  const clock = loop === 'xrgate' ? (xrgate as FrameSource) : clockFor(loop, cfg.rateHz);
  const s: PacingLoopSamples = {
    loop,
    rafTimes: [],
    rafStamps: [],
    xrTimes: [],
    xrStamps: [],
    renderMs: [],
    deliveredRate: null,
  };
  const start = now();
  const measureFrom = start + cfg.warmupMs;
  const end = measureFrom + cfg.durationMs;
  let stopped = false;
  return new Promise((resolve, reject) => {
    // The displayed frames.
    const observe = (stamp: number): void => {
      const t = now();
      if (t >= measureFrom) {
        s.rafTimes.push(t);
        s.rafStamps.push(stamp);
      }
      if (!stopped) raf(observe);
    };
    raf(observe);
    // The XR frames: the app's callback, then the loop asks for the next frame (as #tick does in
    // its finally).
    const xrFrame = (time: number): void => {
      const t = now();
      try {
        if (t >= end) {
          stopped = true;
          clock.cancel();
          // One more displayed frame closes the last XR frame's interval.
          raf(() => resolve({ ...s, deliveredRate: loop === 'timer' ? null : clock.deliveredRate() }));
          return;
        }
        if (cfg.draw) app.frame(time);
        if (t >= measureFrom) {
          s.xrTimes.push(t);
          if (loop === 'display' || loop === 'xrgate') s.xrStamps.push(time);
          s.renderMs.push(now() - t);
        }
      } catch (e) {
        stopped = true;
        reject(e);
        return;
      }
      clock.request(xrFrame);
    };
    clock.request(xrFrame);
  });
}

async function runPacing(cfg: PacingPageConfig): Promise<PacingPageResults> {
  const app = createApp(cfg.objects);
  const gl = app.renderer.getContext();
  const debug = gl.getExtension('WEBGL_debug_renderer_info');
  const webgl = String(gl.getParameter(debug ? debug.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
  // Compile the shaders before anything is timed.
  app.frame(0);
  const xrgate = cfg.loops.includes('xrgate') ? await xrgateSource(gl) : null;
  const samples: PacingLoopSamples[] = [];
  for (const loop of cfg.loops) samples.push(await runLoop(app, loop, cfg, xrgate));
  return {
    userAgent: navigator.userAgent,
    crossOriginIsolated: globalThis.crossOriginIsolated === true,
    devicePixelRatio: window.devicePixelRatio,
    webgl,
    samples,
  };
}

(globalThis as { runPacing?: typeof runPacing }).runPacing = runPacing;
