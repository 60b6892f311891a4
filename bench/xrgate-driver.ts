// Drives one xrgate immersive-vr session on a manual clock, one XR animation frame per runFrame():
// the scene's poses go to the simulated headset, the clock moves one frame, and `job` runs inside
// xrgate's animation frame callback (its XRFrame active). In the page, runFrame() is called from
// IWER's animation frame callback, so both runtimes' frames are active while the jobs run.
// The module is passed in: the page gets it from the IIFE bundle's global, Node imports it.

import type * as XrgateModule from '../src/index.js';
import type { FramePoses } from './scene.js';

type Xrgate = typeof XrgateModule;
type FrameJob = (frame: XrgateModule.XRFrame) => void;

async function settle<T>(host: XrgateModule.ScriptedHost, p: Promise<T>): Promise<T> {
  let done = false;
  const q = p.finally(() => {
    done = true;
  });
  for (let i = 0; i < 10_000 && !done; i++) {
    host.advance(1);
    await new Promise<void>((r) => setTimeout(r, 0));
  }
  if (!done) throw new Error('xrgate: a promise did not settle on the manual clock');
  return q;
}

export class XrgateDriver {
  readonly ua: XrgateModule.UserAgent;
  readonly session: XrgateModule.XRSession;
  readonly ref: XrgateModule.XRReferenceSpace;
  readonly grips: readonly [XrgateModule.XRSpace, XrgateModule.XRSpace];
  readonly #device: XrgateModule.SimulatedXRDevice;
  readonly #frameMs: number;
  #job: FrameJob | null = null;
  #error: unknown = null;
  #hasError = false;
  /** xrgate animation frames that ran a job. */
  frames = 0;

  private constructor(
    ua: XrgateModule.UserAgent,
    session: XrgateModule.XRSession,
    ref: XrgateModule.XRReferenceSpace,
    grips: readonly [XrgateModule.XRSpace, XrgateModule.XRSpace],
  ) {
    this.ua = ua;
    this.session = session;
    this.ref = ref;
    this.grips = grips;
    this.#device = ua.device as XrgateModule.SimulatedXRDevice;
    this.#frameMs = 1000 / (session.frameRate ?? 90);
    session.requestAnimationFrame(this.#onFrame);
  }

  static async create(xrgate: Xrgate): Promise<XrgateDriver> {
    let driver: XrgateDriver | null = null;
    const ua = xrgate.createUserAgent({
      device: 'headset',
      clock: 'manual',
      reportError: (e) => driver?.fail(e),
    });
    const xr = ua.xr;
    if (!xr) throw new Error('xrgate: navigator.xr is undefined');
    ua.host.click();
    const session = await settle(
      ua.host,
      xr.requestSession('immersive-vr', { requiredFeatures: ['local-floor'] }),
    );
    const ref = await settle(ua.host, session.requestReferenceSpace('local-floor'));
    for (let i = 0; i < 100 && session.inputSources.length < 2; i++) {
      await settle(ua.host, new Promise<void>((r) => ua.host.setTimeout(r, 1)));
    }
    const sources = [...session.inputSources];
    const left = sources.find((s) => s.handedness === 'left')?.gripSpace;
    const right = sources.find((s) => s.handedness === 'right')?.gripSpace;
    if (!left || !right) throw new Error('xrgate: the headset has no left and right grip spaces');
    driver = new XrgateDriver(ua, session, ref, [left, right]);
    return driver;
  }

  fail(e: unknown): void {
    if (!this.#hasError) {
      this.#hasError = true;
      this.#error = e;
    }
  }

  readonly #onFrame = (_time: number, frame: XrgateModule.XRFrame): void => {
    const job = this.#job;
    this.#job = null;
    this.session.requestAnimationFrame(this.#onFrame);
    if (job) {
      this.frames += 1;
      job(frame);
    }
  };

  /** Sets this frame's poses on the device, then runs one xrgate animation frame with `job`. */
  runFrame(poses: FramePoses, job: FrameJob): void {
    const device = this.#device;
    device.setViewerOrigin(poses.viewer);
    const inputs = device.inputSources;
    inputs[0]?.setGripOrigin(poses.grips[0]);
    inputs[1]?.setGripOrigin(poses.grips[1]);
    this.#advance(job);
  }

  /**
   * One frame of xrgate's own loop with the poses left as they are and an empty callback: the
   * manual clock's timer, #tick (device frame, input source update, callback list) and nothing else.
   */
  idleFrame(): void {
    this.#advance(noop);
  }

  #advance(job: FrameJob): void {
    this.#job = job;
    for (let i = 0; i < 8 && this.#job !== null; i++) this.ua.host.advance(this.#frameMs);
    if (this.#hasError) throw this.#error;
    if (this.#job !== null) {
      this.#job = null;
      throw new Error('xrgate ran no animation frame');
    }
  }
}

function noop(): void {}
