// The animation frames of one session: the requestAnimationFrame callbacks, when the next frame
// runs, and the XR animation frame steps (a new XRFrame and frame state for every frame, active
// only while its callbacks run). It keeps the current frame's state and the latest data the user
// agent sent, which the other parts of the session read.

import type { DocumentPort, SessionFrameData, SessionGrant } from '../../agent/protocol.js';
import type { DeviceInputAction } from '../../device/types.js';
import type { VisibilityState } from '../../policy/poses.js';
import { ArrayPrototypePush, FunctionPrototypeCall, PromisePrototypeThen } from '../../primordials.js';
import { deadlineFrameClock, type FrameClock, reportedDisplayRate } from '../frame-clock.js';
import { layersFrameEnded, layersFrameStarted } from '../layers/layer-frames.js';
import { opaqueSupport } from '../opaque-support.js';
import type { PageEnvironment } from '../page-environment.js';
import { type Rigid, rigid, rigidFromPose } from '../rigid.js';
import { INTERNAL } from '../webidl.js';
import { type FrameOwner, type FrameState, XRFrame, XRFrameInternals } from '../XRFrame.js';
import type { XRRenderState } from '../XRRenderState.js';
import type { XRWebGLLayer } from '../XRWebGLLayer.js';
import { isThenable } from './port-answer.js';

/** What the frame loop needs from its session. */
export interface FrameLoopHost {
  readonly id: string;
  readonly ended: boolean;
  readonly visibility: VisibilityState;
  readonly frameRate: number | null;
  /** Frames follow the display: the rate they are delivered at, to report (frameratechange). */
  displayRate(rate: number): void;
}

/** The parts of the session a new frame updates before its callbacks run, in the order below. */
export interface FrameParts {
  /** The pose resolver: packs the frame's input origins, and answers the frame's pose queries. */
  readonly poses: FrameOwner & { packInputs(data: SessionFrameData): void };
  readonly renderState: {
    applyPending(): void;
    readonly baseLayer: XRWebGLLayer | null;
    // spec(layers): the layers composited at the frame's end, and the state they are in.
    readonly layers: readonly object[];
    readonly active: XRRenderState;
  };
  readonly inputSources: { update(data: SessionFrameData, actions: readonly DeviceInputAction[]): void };
  readonly views: { announceVisibilityMasks(data: SessionFrameData): void; startAnimationFrame(): void };
}

type FrameCallback = (time: number, frame: XRFrame) => void;

export class FrameLoop {
  readonly #host: FrameLoopHost;
  readonly #parts: FrameParts;
  readonly #env: PageEnvironment;
  readonly #port: DocumentPort;
  /** Callbacks need a base layer to run (a page; in Node, where nothing is composited, they do not). */
  readonly #requiresBaseLayer: boolean;
  #callbacks: { id: number; cb: FrameCallback; cancelled: boolean }[] = [];
  /** The display rate last handed to the session (not announced twice while it applies). */
  #announcedRate: number | null = null;
  #running: { id: number; cancelled: boolean }[] = [];
  #nextHandle = 0;
  readonly #clock: FrameClock;
  readonly #onFrame = (time: number): void => this.#tick(time);
  #frameCounter = 0;
  #animationFrameId = -1;
  /** A frame is being fetched from the user agent (over a channel). */
  #fetching = false;
  #state: FrameState;
  /** The latest data the user agent sent (a frame's, or the grant's snapshot before the first frame). */
  #latest: SessionFrameData;
  /** The viewer's packed pose, rewritten each frame (frames past their callback are inactive). */
  readonly #viewerRigid = rigid();

  constructor(
    host: FrameLoopHost,
    parts: FrameParts,
    env: PageEnvironment,
    port: DocumentPort,
    grant: SessionGrant,
  ) {
    this.#host = host;
    this.#parts = parts;
    this.#env = env;
    this.#clock = env.frameClock
      ? env.frameClock(() => host.frameRate ?? 60)
      : deadlineFrameClock(
          env,
          () => env.now(),
          () => host.frameRate ?? 60,
        );
    this.#port = port;
    this.#requiresBaseLayer = grant.requiresBaseLayer;
    this.#latest = grant.snapshot;
    this.#state = { id: 0, data: grant.snapshot, viewer: null, time: 0 };
  }

  /** The current frame's state (id 0 before the first frame). */
  get state(): FrameState {
    return this.#state;
  }

  get latest(): SessionFrameData {
    return this.#latest;
  }

  // spec: #dom-xrsession-requestanimationframe
  request(cb: FrameCallback): number {
    if (this.#host.ended) return 0;
    const id = ++this.#nextHandle;
    ArrayPrototypePush(this.#callbacks, { id, cb, cancelled: false });
    this.schedule();
    return id;
  }

  cancel(handle: number): void {
    const waiting = this.#callbacks;
    for (let i = 0; i < waiting.length; i++) {
      const c = waiting[i]!;
      if (c.id === handle) c.cancelled = true;
    }
    const running = this.#running;
    for (let i = 0; i < running.length; i++) {
      const c = running[i]!;
      if (c.id === handle) c.cancelled = true;
    }
  }

  /** Runs the next frame in time when a callback waits for one (and no frame is on its way). */
  schedule(continuing = false): void {
    const host = this.#host;
    if (host.ended || this.#fetching || this.#callbacks.length === 0) return;
    // (The clock keeps one request at most: a second one while a frame is due is ignored.)
    // A request from a callback of the frame running now continues it too.
    this.#clock.request(this.#onFrame, continuing || this.#animationFrameId !== -1);
  }

  /** At shutdown: no frame runs any more, and the callbacks waiting for one are dropped. */
  stop(): void {
    this.#clock.cancel();
    this.#callbacks = [];
  }

  inAnimationFrame(frameId: number): boolean {
    return this.#animationFrameId !== -1 && frameId === this.#animationFrameId;
  }

  // spec: the XR animation frame steps (#xr-animation-frame)
  #tick(time: number): void {
    // Frames that follow the display get the display frame's time (the time the page's own
    // requestAnimationFrame callbacks of that frame get); otherwise the time the frame runs.
    const stamp = this.#clock.kind === 'display' ? time : null;
    const host = this.#host;
    if (host.ended) return;
    // R-VIS-06: the user agent runs no frame for a hidden session (it answers null below); told
    // that the session is hidden, the page side does not even ask.
    if (host.visibility === 'hidden') return;
    // The user agent hands out the frame's data, or null when no frame may run (hidden, R-VIS-06;
    // inline while an immersive session is active, R-VIS-16: a `resume` event comes later).
    const data = this.#port.frame(host.id);
    if (data === null || !isThenable(data)) {
      this.#runFrame(data, stamp);
      return;
    }
    this.#fetching = true;
    PromisePrototypeThen(
      data,
      (d) => {
        this.#fetching = false;
        this.#runFrame(d, stamp);
      },
      (e) => {
        this.#fetching = false;
        this.#env.reportError(e);
      },
    );
  }

  #runFrame(data: SessionFrameData | null, stamp: number | null): void {
    const host = this.#host;
    const parts = this.#parts;
    if (host.ended || data === null) return;
    const now = stamp ?? this.#env.now();
    this.#latest = data;
    // Frames that follow the display arrive at the display's rate, whatever the device's nominal
    // rate: that is the rate the session reports (a change fires frameratechange, as a task).
    if (this.#clock.kind === 'display') {
      const measured = this.#clock.deliveredRate();
      if (measured !== null) {
        const rate = reportedDisplayRate(measured);
        if (rate !== host.frameRate && rate !== this.#announcedRate) {
          this.#announcedRate = rate;
          this.#env.setTimeout(() => host.displayRate(rate), 0);
        }
      }
    }
    let viewer: Rigid | null = null;
    if (data.viewer) viewer = rigidFromPose(data.viewer, this.#viewerRigid);
    // spec: a new XRFrame (and frame state) for every animation frame; the old one stays inactive.
    const state: FrameState = { id: ++this.#frameCounter, data, viewer, time: now };
    this.#state = state;
    parts.poses.packInputs(data);
    parts.renderState.applyPending();
    parts.inputSources.update(data, data.inputActions);
    if (host.ended) return;
    parts.views.announceVisibilityMasks(data);
    if (host.ended) return;
    // R-VIS-06 and the spec's XR animation frame steps: without a base layer no callback runs
    // (a page requires one; in Node, where nothing is composited, frames run without).
    // spec(layers): #update-check-layers-state: a base layer, or layers.
    if (
      this.#requiresBaseLayer &&
      parts.renderState.baseLayer === null &&
      parts.renderState.layers.length === 0
    )
      return;
    // Run the callbacks registered before this frame.
    const list = this.#callbacks;
    this.#callbacks = [];
    this.#running = list;
    this.#animationFrameId = state.id;
    parts.views.startAnimationFrame();
    const frame = new XRFrame(INTERNAL, parts.poses, state, true, now);
    // spec: #opaque-framebuffer: cleared before the frame, drawable only during it.
    const baseLayer = parts.renderState.baseLayer;
    const opaque = opaqueSupport.current;
    const layers = parts.renderState.layers;
    try {
      opaque?.setFrameActive(baseLayer, true);
      layersFrameStarted(layers, opaque);
      for (let i = 0; i < list.length; i++) {
        const c = list[i]!;
        if (c.cancelled) continue;
        try {
          FunctionPrototypeCall(c.cb, undefined, now, frame);
        } catch (e) {
          this.#env.reportError(e);
        }
        if (host.ended) break;
      }
    } catch (e) {
      // (The page's WebGL can fail under xrgate, e.g. a context lost mid-frame: the loop goes on.)
      this.#env.reportError(e);
    } finally {
      opaque?.setFrameActive(baseLayer, false);
      try {
        layersFrameEnded(layers, opaque, parts.poses, state, parts.renderState.active);
      } catch (e) {
        this.#env.reportError(e);
      }
      XRFrameInternals.deactivate(frame);
      this.#animationFrameId = -1;
      this.#running = [];
      // The next frame continues this one (for the clock's delivered rate).
      this.schedule(true);
    }
  }
}
