// The page side of one XRSession: the frame loop, pose computation from the data the user agent
// sent (already adjusted by src/policy), input sources, the visibility it was told, and shutdown.
// XRSession, XRFrame and the spaces are thin WebIDL wrappers over it. It holds no device, host
// fact or consent record: it asks the user-agent side (a DocumentPort) and applies the answers.
// Spec: index.bs @ 23547b1.

import type {
  DocumentPort,
  PageEvent,
  PageInputSource,
  SessionFrameData,
  SessionGrant,
} from '../agent/protocol.js';
import { projectionFromFov } from '../device/projection.js';
import type {
  DeviceInputAction,
  DeviceView,
  XREnvironmentBlendMode,
  XRInteractionMode,
} from '../device/types.js';
import type { PointXZ } from '../policy/adjustments.js';
import type { Denied } from '../policy/decision.js';
import type { ReferenceSpaceType, XRSessionMode } from '../policy/features.js';
import { handJoints, type ReportedHand } from '../policy/hand-input.js';
import { lightProbeMayBeCreated } from '../policy/light-estimation.js';
import {
  inputPoseWithheld,
  type LimitKind,
  posesMustBeLimitedBetween,
  type VisibilityState,
} from '../policy/poses.js';
import type { UAProfile } from '../policy/profile.js';
import {
  brands,
  XRInputSourceEvent,
  XRInputSourcesChangeEvent,
  XRReferenceSpaceEvent,
  XRSessionEvent,
  XRVisibilityMaskChangeEvent,
} from './events.js';
import { type LayerSession, registerLayerSession } from './layer-sessions.js';
import { releaseOpaqueFramebuffer, setOpaqueFrameActive } from './opaque-framebuffer.js';
import type { PageEnvironment } from './page-environment.js';
import { relativeTransform, viewsOf } from './pose-objects.js';
import { compose, isIdentity, type Rigid, relative, rigid, rigidFromPose, writeMatrix } from './rigid.js';
import { domException, errorFromReply, INTERNAL } from './webidl.js';
import { type FrameOwner, type FrameState, XRFrame, XRFrameInternals } from './XRFrame.js';
import { XRHand } from './XRHand.js';
import {
  XRInputSource,
  XRInputSourceArray,
  XRInputSourceArrayInternals,
  XRInputSourceInternals,
} from './XRInputSource.js';
import {
  XRLightEstimate,
  XRLightProbe,
  XRLightProbeInternals,
  type XRReflectionFormat,
} from './XRLightProbe.js';
import { XRJointPose, XRPose, XRViewerPose } from './XRPose.js';
import { type RenderStateValues, XRRenderState, XRRenderStateInternals } from './XRRenderState.js';
import { transformFrom, XRRigidTransformInternals } from './XRRigidTransform.js';
import {
  createJointSpace,
  createReferenceSpace,
  createSpace,
  type NativeRef,
  type SpaceInternals,
  type SpaceOwner,
  spaceInternals,
  type XRReferenceSpace,
  type XRSpace,
} from './XRSpace.js';
import { type ViewSlot, type XRView, XRViewInternals } from './XRView.js';
import { type XRWebGLLayer, XRWebGLLayerInternals } from './XRWebGLLayer.js';

/** The page-side services a session needs (its document's XRSystemCore). */
export interface SessionOwner {
  readonly env: PageEnvironment;
  /** The user-agent side of the document. */
  readonly port: DocumentPort;
  /** Called synchronously during shutdown (the document forgets the session). */
  sessionShutDown(core: SessionCore): void;
}

const cores = new WeakMap<object, SessionCore>();

export function sessionCoreOf(session: unknown): SessionCore | undefined {
  return typeof session === 'object' && session !== null ? cores.get(session) : undefined;
}

type Status = 0 | 1 | 2; // 0 unknown, 1 tracked, 2 emulated position

/** An input source's origins in base space, packed once per frame. */
interface PackedInput {
  id: number;
  pointer: Rigid;
  pointerEmulated: boolean;
  /** The grip is tracked (grip holds its origin). */
  hasGrip: boolean;
  grip: Rigid;
  gripEmulated: boolean;
  /** The anonymized hand (Hand Input Module), if the source is a tracked hand. */
  hand: ReportedHand | null;
}

/**
 * A native origin reference. Every one has the same two properties (sourceId -1 when the kind has
 * none), so that the pose path reads them from one object shape.
 */
/** An input source's origin (target ray, grip, hand joint): withheld while blurred, keyed by source. */
function isInputOrigin(ref: NativeRef): ref is Extract<NativeRef, { sourceId: number }> {
  const k = ref.kind;
  return k === 'pointer' || k === 'grip' || k === 'joint';
}

function nativeRef(kind: NativeRef['kind'], sourceId = -1, joint = -1): NativeRef {
  return { kind, sourceId, joint } as NativeRef;
}

function newPackedInput(): PackedInput {
  return {
    id: -1,
    pointer: rigid(),
    pointerEmulated: false,
    hasGrip: false,
    grip: rigid(),
    gripEmulated: false,
    hand: null,
  };
}

type VisibilityMask = DeviceView['visibilityMask'];

function sameMask(a: VisibilityMask, b: VisibilityMask): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  const same = (x: readonly number[], y: readonly number[]) =>
    x.length === y.length && x.every((v, i) => Object.is(v, y[i]));
  return same(a.vertices, b.vertices) && same(a.indices, b.indices);
}

interface InputEntry {
  source: XRInputSource;
  targetRay: XRSpace;
  grip: XRSpace | null;
  selecting: boolean;
  squeezing: boolean;
}

export class SessionCore implements FrameOwner, LayerSession, SpaceOwner {
  readonly id: string;
  readonly session: EventTarget;
  readonly mode: XRSessionMode;
  readonly immersive: boolean;
  /** AR module: the compositor's blend technique and the best space for interactive UI. */
  readonly environmentBlendMode: XREnvironmentBlendMode;
  readonly interactionMode: XRInteractionMode;
  readonly granted: ReadonlySet<string>;
  readonly enabledFeatures: readonly string[];
  readonly inputSourceArray: XRInputSourceArray;
  readonly trackedSourceArray: XRInputSourceArray;
  readonly #owner: SessionOwner;
  readonly #profile: UAProfile;
  readonly #env: PageEnvironment;
  readonly #port: DocumentPort;
  readonly #requiresBaseLayer: boolean;
  readonly #supportedFrameRates: readonly number[] | null;
  /** The latest data the user agent sent (a frame's, or a look before the first frame). */
  #latest: SessionFrameData;
  ended = false;
  promiseResolved = false;
  visibility: VisibilityState = 'visible';
  #renderState: XRRenderState;
  #pendingRenderState: RenderStateValues | null = null;
  #callbacks: { id: number; cb: (time: number, frame: XRFrame) => void; cancelled: boolean }[] = [];
  #running: { id: number; cancelled: boolean }[] = [];
  #nextHandle = 0;
  #timer: unknown = null;
  #frameCounter = 0;
  #animationFrameId = -1;
  /** A frame is being fetched from the user agent (over a channel). */
  #fetching = false;
  #state: FrameState;
  /** The viewer's packed pose, rewritten each frame (frames past their callback are inactive). */
  readonly #viewerRigid = rigid();
  #viewerSpace: SpaceInternals;
  #viewSlots: ViewSlot[] = [];
  #viewSlotSource: readonly DeviceView[] | null = null;
  /** The device views (primary, secondary) whose visibility masks were last announced, and those masks. */
  #maskSource: readonly DeviceView[] | null = null;
  #maskSecondarySource: readonly DeviceView[] | null = null;
  #masks: (DeviceView['visibilityMask'] | undefined)[] = [];
  #viewOffsets: Rigid[] = [];
  /** The render state and slots #syncProjections last ran for. */
  #projectionState: XRRenderState | null = null;
  #projectionSlots: ViewSlot[] | null = null;
  #inputs = new Map<number, InputEntry>();
  #referenceSpaces: XRReferenceSpace[] = [];
  #floorKey: unknown = undefined;
  #floor: Rigid = rigid();
  #outstanding = new Set<(e: unknown) => void>();
  #frameRate: number | null;
  /** 'secondary-views' was granted (the granted set never changes). */
  readonly #secondaryViews: boolean;
  // fillPoses' scratch pose and matrix.
  readonly #fillScratch = rigid();
  readonly #fillMatrix = new Float32Array(16);
  // Scratch transforms (no allocation on the pose path).
  readonly #a = rigid();
  readonly #b = rigid();
  /** The frame data whose input sources #packedInputs holds, packed. */
  #packedFor: SessionFrameData | null = null;
  #packedInputs: PackedInput[] = [];
  /** Set by #native: the position of the origin it returned is emulated. */
  #nativeEmulated = false;
  /** What #resolvePose found (see there). */
  #resolvedFrom: Rigid = IDENTITY;
  #resolvedTo: Rigid = IDENTITY;
  #resolvedLast = false;

  constructor(owner: SessionOwner, session: EventTarget, grant: SessionGrant) {
    this.id = grant.sessionId;
    this.#owner = owner;
    this.#env = owner.env;
    this.#port = owner.port;
    this.#profile = grant.profile;
    this.#requiresBaseLayer = grant.requiresBaseLayer;
    this.session = session;
    this.mode = grant.mode;
    this.immersive = grant.mode !== 'inline';
    this.environmentBlendMode = grant.environmentBlendMode;
    this.interactionMode = grant.interactionMode;
    this.granted = new Set(grant.enabledFeatures);
    this.#secondaryViews = this.granted.has('secondary-views');
    this.enabledFeatures = Object.freeze([...grant.enabledFeatures]);
    this.#frameRate = grant.frameRate;
    this.#supportedFrameRates = grant.supportedFrameRates;
    this.#latest = grant.snapshot;
    this.visibility = grant.visibility;
    cores.set(session, this);
    registerLayerSession(session, this);
    // spec: #initialize-the-render-state
    this.#renderState = new XRRenderState(INTERNAL, {
      depthNear: 0.1,
      depthFar: 1000,
      passthroughFullyObscured: null,
      inlineVerticalFieldOfView: this.immersive ? null : Math.PI * 0.5,
      baseLayer: null,
    });
    this.#state = { id: 0, data: grant.snapshot, viewer: null, time: 0 };
    this.inputSourceArray = new XRInputSourceArray(INTERNAL);
    this.trackedSourceArray = new XRInputSourceArray(INTERNAL);
    this.#viewerSpace = this.#spaceData(nativeRef('viewer'), null);
  }

  /** What the user agent tells this session unasked (protocol.ts PageEvent). */
  onEvent(e: PageEvent): void {
    if (this.ended) return;
    switch (e.type) {
      case 'visibility':
        this.#applyVisibility(e.state);
        return;
      case 'ended':
        this.shutdown(false);
        return;
      case 'reset':
        this.#fireReset(e.boundsOnly);
        return;
      case 'resume':
        this.#schedule();
        return;
      case 'framerate':
        this.#applyFrameRate(e.rate);
        return;
      default:
        return;
    }
  }

  get renderState(): XRRenderState {
    return this.#renderState;
  }

  get frameRate(): number | null {
    return this.#frameRate;
  }

  // --- Visibility (decided by the user agent, R-VIS-17) ----------------------------------------

  /** The user agent's new visibility state: between frames, as its own task (R-VIS-07, R-VIS-08). */
  #applyVisibility(next: VisibilityState): void {
    if (this.ended || next === this.visibility) return;
    this.visibility = next;
    this.session.dispatchEvent(new XRSessionEvent('visibilitychange', { session: this.session }));
    if (next !== 'hidden') this.#schedule();
  }

  // --- Render state ---------------------------------------------------------------------------

  // spec: #dom-xrsession-updaterenderstate
  updateRenderState(init: Record<string, unknown>): void {
    if (this.ended) {
      throw domException('InvalidStateError', 'updateRenderState: the session has ended [R-LIFE-07]');
    }
    const base = init.baseLayer;
    if (base !== undefined && base !== null) {
      const layerSession = layerSessionOf(base);
      if (layerSession !== this.session) {
        throw domException(
          'InvalidStateError',
          'updateRenderState: the baseLayer was created for another session',
        );
      }
    }
    if (
      init.inlineVerticalFieldOfView !== undefined &&
      init.inlineVerticalFieldOfView !== null &&
      this.immersive
    ) {
      throw domException(
        'InvalidStateError',
        'updateRenderState: inlineVerticalFieldOfView is only for inline sessions',
      );
    }
    if (init.layers !== undefined && init.layers !== null) {
      throw domException(
        'NotSupportedError',
        'updateRenderState: layers need the WebXR Layers module, which xrgate does not implement',
      );
    }
    const cur = this.#pendingRenderState ?? { ...XRRenderStateInternals.values(this.#renderState) };
    const next: RenderStateValues = { ...cur };
    if (init.depthNear !== undefined) next.depthNear = Number(init.depthNear);
    if (init.depthFar !== undefined) next.depthFar = Number(init.depthFar);
    if (init.inlineVerticalFieldOfView !== undefined && init.inlineVerticalFieldOfView !== null) {
      next.inlineVerticalFieldOfView = Math.min(
        Math.PI - 0.01,
        Math.max(0.01, Number(init.inlineVerticalFieldOfView)),
      );
    }
    if (init.baseLayer !== undefined) next.baseLayer = (init.baseLayer as XRWebGLLayer | null) ?? null;
    if (init.passthroughFullyObscured !== undefined)
      next.passthroughFullyObscured = Boolean(init.passthroughFullyObscured);
    this.#pendingRenderState = next;
    // A baseLayer may unblock callbacks waiting for one.
    this.#schedule();
  }

  #applyPendingRenderState(): void {
    if (this.#pendingRenderState === null) return;
    const v = this.#pendingRenderState;
    this.#pendingRenderState = null;
    if (v.depthNear < 0) v.depthNear = 0;
    if (v.depthFar < v.depthNear) v.depthFar = v.depthNear;
    this.#renderState = new XRRenderState(INTERNAL, v);
  }

  // --- Frame rate -----------------------------------------------------------------------------

  supportedFrameRates(): Float32Array | null {
    const r = this.#supportedFrameRates;
    return r ? new Float32Array(r) : null;
  }

  // spec: #dom-xrsession-updatetargetframerate
  updateTargetFrameRate(rate: number): Promise<void> {
    // Steps 1–3 are the user agent's (policy/frame-rate.ts: frameRateChangeIsAllowed); an ended
    // session is known here without asking.
    if (this.ended)
      return Promise.reject(
        domException('InvalidStateError', 'updateTargetFrameRate: the session has ended [R-LIFE-07]'),
      );
    return new Promise<void>((resolve, reject) => {
      const settle = this.#track(reject);
      this.#port.updateTargetFrameRate(this.id, rate).then((r) => {
        if (!settle()) return;
        if (!r.ok) {
          reject(errorFromReply(r));
          return;
        }
        // Steps 4–6: the device applied it; frameratechange when the rate changed.
        this.#applyFrameRate(r.value);
        resolve();
      });
    });
  }

  #applyFrameRate(rate: number): void {
    if (this.ended || this.#frameRate === rate || !this.immersive) return;
    this.#frameRate = rate;
    this.session.dispatchEvent(new XRSessionEvent('frameratechange', { session: this.session }));
  }

  // --- Reference spaces -----------------------------------------------------------------------

  #spaceData(native: NativeRef, type: ReferenceSpaceType | null): SpaceInternals {
    return { core: this, native, offset: NO_OFFSET, type, children: [], lastViewerPose: null };
  }

  // spec: #dom-xrsession-requestreferencespace
  requestReferenceSpace(type: ReferenceSpaceType): Promise<XRReferenceSpace> {
    return new Promise<XRReferenceSpace>((resolve, reject) => {
      const settle = this.#track(reject);
      if (this.ended) {
        settle();
        reject(domException('InvalidStateError', 'requestReferenceSpace: the session has ended'));
        return;
      }
      // The user agent decides (policy/reference-spaces.ts: referenceSpaceIsSupported).
      this.#port.requestReferenceSpace(this.id, type).then((r) => {
        if (!settle()) return;
        if (this.ended) {
          reject(domException('InvalidStateError', 'requestReferenceSpace: the session has ended'));
          return;
        }
        if (!r.ok) {
          reject(errorFromReply(r));
          return;
        }
        const native = nativeRef(
          type === 'viewer'
            ? 'viewer'
            : type === 'local'
              ? 'local'
              : type === 'unbounded'
                ? 'unbounded'
                : 'floor',
        );
        const space = createReferenceSpace(this.#spaceData(native, type));
        this.#referenceSpaces.push(space);
        resolve(space);
      });
    });
  }

  // --- Lighting estimation (WebXR Lighting Estimation Module) ----------------------------------

  /** The reflection format the device supports best (xrgate's simulated devices: sRGB, 8 bits). */
  readonly preferredReflectionFormat: XRReflectionFormat = 'srgba8';

  // spec(lighting): #dom-xrsession-requestlightprobe
  requestLightProbe(format: XRReflectionFormat): Promise<XRLightProbe> {
    return new Promise<XRLightProbe>((resolve, reject) => {
      // Steps 2–4 (policy/light-estimation.ts): the feature enabled, the session live, the format known.
      const refusal = lightProbeMayBeCreated({
        enabledFeatures: this.enabledFeatures,
        ended: this.ended,
        format,
        preferredFormat: this.preferredReflectionFormat,
      });
      if (refusal) {
        reject(errorFromReply(refusal));
        return;
      }
      // The probe's estimates are relative to the local space's origin.
      const probeSpace = createSpace(this.#spaceData(nativeRef('local'), null));
      resolve(new XRLightProbe(INTERNAL, this.session, probeSpace, format));
    });
  }

  // spec(lighting): #dom-xrframe-getlightestimate
  lightEstimate(state: FrameState, active: boolean, probe: XRLightProbe): XRLightEstimate | null {
    // Step 1.
    if (!active || this.ended) {
      throw domException('InvalidStateError', 'getLightEstimate: the XRFrame is not active [R-POSE-05]');
    }
    // Steps 2–3.
    if (XRLightProbeInternals.sessionOf(probe) !== this.session) {
      throw domException('InvalidStateError', 'getLightEstimate: the light probe belongs to another session');
    }
    // Step 5: no estimate this frame. The user agent sent it already adjusted (quantized, held).
    const reported = state.data.lightEstimate;
    return reported === null ? null : new XRLightEstimate(INTERNAL, reported);
  }

  /** The user agent's `reset` (its own task): fired at the reference spaces it concerns. */
  #fireReset(boundsOnly: boolean): void {
    if (this.ended) return;
    for (const space of this.#referenceSpaces.slice()) {
      const data = spaceData(space);
      if (!data) continue;
      if (boundsOnly && data.type !== 'bounded-floor' && data.type !== 'local-floor') continue;
      if (!boundsOnly && data.type === 'viewer') continue;
      const targets = [space, ...data.children];
      for (const t of targets) {
        t.dispatchEvent(new XRReferenceSpaceEvent('reset', { referenceSpace: t, transform: null }));
      }
    }
  }

  // --- Animation frames -----------------------------------------------------------------------

  // spec: #dom-xrsession-requestanimationframe
  requestAnimationFrame(cb: (time: number, frame: XRFrame) => void): number {
    if (this.ended) return 0;
    const id = ++this.#nextHandle;
    this.#callbacks.push({ id, cb, cancelled: false });
    this.#schedule();
    return id;
  }

  cancelAnimationFrame(handle: number): void {
    for (const c of this.#callbacks) if (c.id === handle) c.cancelled = true;
    for (const c of this.#running) if (c.id === handle) c.cancelled = true;
  }

  #schedule(): void {
    if (this.ended || this.#timer !== null || this.#fetching || this.#callbacks.length === 0) return;
    const rate = this.#frameRate ?? 60;
    this.#timer = this.#env.setTimeout(() => this.#tick(), 1000 / rate);
  }

  inAnimationFrame(frameId: number): boolean {
    return this.#animationFrameId !== -1 && frameId === this.#animationFrameId;
  }

  ownsView(view: XRView): boolean {
    return this.#viewSlots.includes(XRViewInternals.slot(view));
  }

  viewCount(): number {
    return Math.max(1, this.#activeViewCount());
  }

  nativeFramebufferSize(): { width: number; height: number } {
    const views = this.#latestViews();
    let width = 0;
    let height = 0;
    for (const v of views) {
      width += v.resolution.width;
      height = Math.max(height, v.resolution.height);
    }
    return { width: Math.max(1, width), height: Math.max(1, height) };
  }

  maxFramebufferScale(): number {
    return 2;
  }

  // spec: the XR animation frame steps (#xr-animation-frame)
  #tick(): void {
    this.#timer = null;
    if (this.ended) return;
    // R-VIS-06: hidden sessions run no callbacks until visible again.
    if (this.visibility === 'hidden') return;
    // The user agent hands out the frame's data, or null when no frame may run (hidden, R-VIS-06;
    // inline while an immersive session is active, R-VIS-16: a `resume` event comes later).
    const data = this.#port.frame(this.id);
    if (data === null || !isThenable(data)) {
      this.#runFrame(data);
      return;
    }
    this.#fetching = true;
    data.then(
      (d) => {
        this.#fetching = false;
        this.#runFrame(d);
      },
      (e) => {
        this.#fetching = false;
        this.#env.reportError(e);
      },
    );
  }

  #runFrame(data: SessionFrameData | null): void {
    if (this.ended || data === null) return;
    const now = this.#env.now();
    this.#latest = data;
    let viewer: Rigid | null = null;
    if (data.viewer) viewer = rigidFromPose(data.viewer, this.#viewerRigid);
    // spec: a new XRFrame (and frame state) for every animation frame; the old one stays inactive.
    const state: FrameState = { id: ++this.#frameCounter, data, viewer, time: now };
    this.#state = state;
    this.#packInputs(data);
    this.#applyPendingRenderState();
    this.#updateInputSources(data, data.inputActions);
    if (this.ended) return;
    if (data.views !== this.#maskSource || data.secondaryViews !== this.#maskSecondarySource) {
      this.#announceVisibilityMasks(data.views, data.secondaryViews);
    }
    if (this.ended) return;
    // R-VIS-06 and the spec's XR animation frame steps: without a base layer no callback runs
    // (a page requires one; in Node, where nothing is composited, frames run without).
    if (this.#requiresBaseLayer && XRRenderStateInternals.values(this.#renderState).baseLayer === null)
      return;
    // Run the callbacks registered before this frame.
    const list = this.#callbacks;
    this.#callbacks = [];
    this.#running = list;
    this.#animationFrameId = state.id;
    // spec: each view's viewport becomes modifiable again at the start of an animation frame.
    for (const slot of this.#viewSlots) slot.modifiable = true;
    const frame = new XRFrame(INTERNAL, this, state, true, now);
    // spec: #opaque-framebuffer: cleared before the frame, drawable only during it.
    const baseLayer = XRRenderStateInternals.values(this.#renderState).baseLayer;
    try {
      setOpaqueFrameActive(baseLayer, true);
      for (const c of list) {
        if (c.cancelled) continue;
        try {
          c.cb.call(undefined, now, frame);
        } catch (e) {
          this.#env.reportError(e);
        }
        if (this.ended) break;
      }
    } catch (e) {
      // (The page's WebGL can fail under xrgate, e.g. a context lost mid-frame: the loop goes on.)
      this.#env.reportError(e);
    } finally {
      setOpaqueFrameActive(baseLayer, false);
      XRFrameInternals.deactivate(frame);
      this.#animationFrameId = -1;
      this.#running = [];
      this.#schedule();
    }
  }

  // --- Input sources --------------------------------------------------------------------------

  /**
   * Applies the device's input sources: new ones are added, known ones updated, missing ones
   * removed (R-LIFE-09: a removed source still gets its end events). A transient source that is
   * added, clicked and removed within one frame is announced, then its actions run, then its
   * removal is announced (spec: input events happen while the source is in the list).
   */
  #updateInputSources(data: SessionFrameData, actions: readonly DeviceInputAction[] = []): void {
    // Inline sessions on the default inline device have no input sources (R-EXPO-07).
    if (!this.immersive) return;
    // AMB-04: input is not processed while blurred or hidden.
    if (this.visibility !== 'visible') return;
    // The usual frame: the same sources as before and no actions, so nothing is added, removed or
    // dispatched; only the sources' states are updated (in order, as below).
    if (actions.length === 0 && this.#sameSources(data.inputSources)) {
      for (const s of data.inputSources) {
        XRInputSourceInternals.update((this.#inputs.get(s.id) as InputEntry).source, s, this.#env.now());
      }
      return;
    }
    const seen = new Set<number>();
    const added: XRInputSource[] = [];
    for (const s of data.inputSources) {
      seen.add(s.id);
      const entry = this.#inputs.get(s.id);
      if (entry) {
        XRInputSourceInternals.update(entry.source, s, this.#env.now());
        continue;
      }
      const targetRay = createSpace(this.#spaceData(nativeRef('pointer', s.id), null));
      const grip =
        s.targetRayMode === 'tracked-pointer'
          ? createSpace(this.#spaceData(nativeRef('grip', s.id), null))
          : null;
      // spec(hand-input): a tracked hand's joints, only when 'hand-tracking' is enabled.
      const hand =
        s.hand && this.granted.has('hand-tracking') && grip
          ? new XRHand(
              INTERNAL,
              handJoints.map((name, i) =>
                createJointSpace(this.#spaceData(nativeRef('joint', s.id, i), null), name),
              ),
            )
          : null;
      // (The user agent sent the profiles as they may be reported, R-ADJ-08/15.)
      const source = new XRInputSource(INTERNAL, s, targetRay, grip, s.profiles, hand);
      this.#inputs.set(s.id, { source, targetRay, grip, selecting: false, squeezing: false });
      added.push(source);
    }
    const gone: number[] = [];
    for (const id of this.#inputs.keys()) if (!seen.has(id)) gone.push(id);
    const actsOnGone = actions.some((a) => gone.includes(a.sourceId));
    if (actsOnGone) {
      this.#announce(added, []);
      this.#processInputActions(actions);
      if (this.ended) return;
      this.#announce([], this.#remove(gone));
      return;
    }
    this.#announce(added, this.#remove(gone));
    this.#processInputActions(actions);
  }

  /** `list` holds exactly the known sources, each once. */
  #sameSources(list: readonly PageInputSource[]): boolean {
    if (list.length !== this.#inputs.size) return false;
    for (let i = 0; i < list.length; i++) {
      const id = (list[i] as PageInputSource).id;
      if (!this.#inputs.has(id)) return false;
      for (let j = 0; j < i; j++) if ((list[j] as PageInputSource).id === id) return false;
    }
    return true;
  }

  #remove(ids: readonly number[]): XRInputSource[] {
    const removed: XRInputSource[] = [];
    for (const id of ids) {
      const entry = this.#inputs.get(id);
      if (!entry) continue;
      this.#inputs.delete(id);
      this.#jointCache.delete(id);
      if (entry.selecting) this.#fireInput('selectend', entry.source);
      if (entry.squeezing) this.#fireInput('squeezeend', entry.source);
      XRInputSourceInternals.disconnect(entry.source);
      removed.push(entry.source);
    }
    return removed;
  }

  #announce(added: XRInputSource[], removed: XRInputSource[]): void {
    if (added.length === 0 && removed.length === 0) return;
    XRInputSourceArrayInternals.set(
      this.inputSourceArray,
      [...this.#inputs.values()].map((e) => e.source),
    );
    // R-SESSION-12: events only after the promise resolved; the first list comes in that task.
    if (this.promiseResolved && !this.ended) {
      this.session.dispatchEvent(
        new XRInputSourcesChangeEvent('inputsourceschange', { session: this.session, added, removed }),
      );
    }
  }

  /** spec: requestSession step "set the promise resolved flag and announce the initial sources". */
  announceInitialInputSources(): void {
    if (this.ended) return;
    this.promiseResolved = true;
    if (!this.immersive || this.visibility !== 'visible') return;
    if (this.#inputs.size > 0) return;
    const data = this.#port.peek(this.id);
    const apply = (d: SessionFrameData | null) => {
      if (d === null || this.ended || this.visibility !== 'visible' || this.#inputs.size > 0) return;
      this.#latest = d;
      this.#updateInputSources(d);
    };
    if (data === null || !isThenable(data)) apply(data);
    else data.then(apply, (e) => this.#env.reportError(e));
  }

  #processInputActions(actions: readonly DeviceInputAction[]): void {
    if (!this.immersive) return;
    for (const a of actions) {
      if (this.ended) return;
      const entry = this.#inputs.get(a.sourceId);
      if (!entry) continue;
      const sel = a.action === 'select';
      const started = sel ? entry.selecting : entry.squeezing;
      const set = (v: boolean) => {
        if (sel) entry.selecting = v;
        else entry.squeezing = v;
      };
      // AMB-04, R-VIS-05: input is not processed while not visible (except finishing an action).
      if (this.visibility !== 'visible' && a.phase !== 'end' && a.phase !== 'cancel') continue;
      const base = sel ? 'select' : 'squeeze';
      if (a.phase === 'start' || a.phase === 'click') {
        if (!started) {
          set(true);
          this.#fireInput(`${base}start`, entry.source);
        }
        if (a.phase === 'start') continue;
      }
      if ((a.phase === 'end' || a.phase === 'click') && (started || a.phase === 'click')) {
        set(false);
        if (this.ended) return;
        this.#fireInput(base, entry.source);
        this.#fireInput(`${base}end`, entry.source);
      } else if (a.phase === 'cancel' && started) {
        set(false);
        this.#fireInput(`${base}end`, entry.source);
      }
    }
  }

  #fireInput(type: string, source: XRInputSource): void {
    // R-LIFE-15: after shutdown only the end of an action already started is dispatched.
    if (this.ended && !type.endsWith('end')) return;
    const frame = new XRFrame(INTERNAL, this, { ...this.#state }, false, this.#state.time);
    if (this.ended) XRFrameInternals.deactivate(frame);
    try {
      this.session.dispatchEvent(new XRInputSourceEvent(type, { frame, inputSource: source }));
    } finally {
      XRFrameInternals.deactivate(frame);
    }
  }

  // --- Poses ----------------------------------------------------------------------------------

  /** The floor native origin in base space, as the user agent sent it (y rounded, or the estimate). */
  #floorNative(data: SessionFrameData): Rigid {
    if (this.#floorKey !== data.floor) {
      this.#floorKey = data.floor;
      rigidFromPose(data.floor, this.#floor);
    }
    return this.#floor;
  }

  /** The bounds as reported (rounded inside, limited), in the floor's frame; [] while unknown. */
  reportedBounds(): readonly PointXZ[] {
    return this.#state.id === 0 ? this.#latest.bounds : this.#state.data.bounds;
  }

  /**
   * Packs the input sources' origins of `data`: once per frame, and again whenever the poses of
   * another frame's data are asked for.
   */
  #packInputs(data: SessionFrameData): void {
    this.#packedFor = data;
    const list = data.inputSources;
    let packed = this.#packedInputs;
    if (packed.length !== list.length) {
      packed = [];
      for (let i = 0; i < list.length; i++) packed.push(newPackedInput());
      this.#packedInputs = packed;
    }
    for (let i = 0; i < list.length; i++) {
      const s = list[i] as PageInputSource;
      const e = packed[i] as PackedInput;
      e.id = s.id;
      rigidFromPose(s.pointerOrigin, e.pointer);
      e.pointerEmulated = s.pointerEmulatedPosition;
      const grip = s.gripOrigin;
      e.hasGrip = !!grip;
      if (grip) rigidFromPose(grip, e.grip);
      e.gripEmulated = s.emulatedPosition;
      e.hand = s.hand ?? null;
    }
  }

  /** The packed input source `id` of `data` (the first with that id), or null. */
  #input(data: SessionFrameData, id: number): PackedInput | null {
    if (data !== this.#packedFor) this.#packInputs(data);
    const list = this.#packedInputs;
    for (let i = 0; i < list.length; i++) {
      const s = list[i] as PackedInput;
      if (s.id === id) return s;
    }
    return null;
  }

  /**
   * The native origin of `ref` in base space, or null while it is not tracked; #nativeEmulated
   * tells whether its position is emulated. The array is the frame's own: read it, never write it.
   */
  #native(state: FrameState, ref: NativeRef): Rigid | null {
    const kind = ref.kind;
    if (kind === 'grip' || kind === 'pointer') {
      const s = this.#input(state.data, ref.sourceId);
      if (kind === 'grip') {
        if (!s?.hasGrip) return null;
        this.#nativeEmulated = s.gripEmulated;
        return s.grip;
      }
      if (!s) return null;
      this.#nativeEmulated = s.pointerEmulated;
      return s.pointer;
    }
    if (kind === 'floor') {
      this.#nativeEmulated = false;
      return this.#floorNative(state.data);
    }
    if (kind === 'viewer') {
      if (!state.viewer) return null;
      this.#nativeEmulated = state.data.viewerEmulatedPosition;
      return state.viewer;
    }
    if (kind === 'joint') return this.#jointNative(state, ref.sourceId, ref.joint);
    // 'local' and 'unbounded': the base space's origin.
    this.#nativeEmulated = false;
    return IDENTITY;
  }

  // --- Hands (WebXR Hand Input Module) --------------------------------------------------------

  /** This frame's joint native origins per input source id: 25 arrays, computed on first use. */
  #jointCache = new Map<number, { frame: number; data: SessionFrameData; joints: Rigid[] }>();

  /** A joint's native origin: the wrist (grip) composed with the reported joint offset. */
  #jointNative(state: FrameState, sourceId: number, joint: number): Rigid | null {
    const s = this.#input(state.data, sourceId);
    // (The user agent sent the hand anonymized: spec(hand-input) #privacy-security.)
    const hand = s?.hasGrip ? s.hand : null;
    if (!s || !hand) return null;
    let cache = this.#jointCache.get(sourceId);
    if (!cache) {
      cache = { frame: -1, data: state.data, joints: Array.from({ length: 25 }, () => rigid()) };
      this.#jointCache.set(sourceId, cache);
    }
    if (cache.frame !== state.id || cache.data !== state.data) {
      for (let i = 0; i < 25; i++) {
        compose(cache.joints[i] as Rigid, s.grip, hand.joints[i] as Rigid);
      }
      cache.frame = state.id;
      cache.data = state.data;
    }
    this.#nativeEmulated = s.gripEmulated;
    return cache.joints[joint] ?? null;
  }

  /** The radius of a joint as reported, or null when the hand is not tracked. */
  jointRadius(state: FrameState, sourceId: number, joint: number): number | null {
    const s = this.#input(state.data, sourceId);
    if (!s?.hasGrip || !s.hand) return null;
    return s.hand.radii[joint] ?? null;
  }

  #limitKind(d: SpaceInternals): LimitKind {
    const t = d.type;
    // null first: the comparisons below then only ever see strings (and stay fast).
    if (t === null) return 'other';
    if (t === 'local' || t === 'local-floor') return 'local';
    if (t === 'bounded-floor') return 'bounded';
    return 'other';
  }

  /**
   * Resolves the pose of `space` in `base` (spec #populate-the-pose steps 6–7). Returns the status:
   * 0 → no pose (null), 1 → tracked, 2 → emulated position. With a pose, #resolvedLast tells
   * whether it is base.lastViewerPose (the viewer's fallback); otherwise it is
   * #resolvedFrom⁻¹ ∘ #resolvedTo (arrays to read, never to write).
   */
  #resolvePose(state: FrameState, space: SpaceInternals, base: SpaceInternals, force: boolean): Status {
    this.#resolvedLast = false;
    const sn = space.native;
    const bn = base.native;
    // R-POSE-19: the same native origin: statically known, never null, never limited.
    if (
      sn.kind === bn.kind &&
      (!isInputOrigin(sn)
        ? true
        : sn.sourceId === (bn as { sourceId: number }).sourceId &&
          (sn.kind !== 'joint' || sn.joint === (bn as { joint: number }).joint))
    ) {
      this.#resolvedFrom = base.offset;
      this.#resolvedTo = space.offset;
      return 1;
    }
    const a = this.#native(state, sn);
    const sEmulated = this.#nativeEmulated;
    const b = this.#native(state, bn);
    const bEmulated = this.#nativeEmulated;
    let limited = false;
    if (a !== null && b !== null) {
      const sk = this.#limitKind(space);
      const bk = this.#limitKind(base);
      if (sk !== 'other' || bk !== 'other') {
        const bounds = sk === 'bounded' || bk === 'bounded' ? this.reportedBounds() : null;
        limited = posesMustBeLimitedBetween(
          sk,
          a[0] as number,
          a[1] as number,
          a[2] as number,
          bounds,
          bk,
          b[0] as number,
          b[1] as number,
          b[2] as number,
          bounds,
          this.#profile,
        );
      }
    }
    if (a === null || b === null || limited) {
      // R-POSE-06 (c): the viewer pose falls back to the last known one, emulated; else null.
      if (force && base.lastViewerPose) {
        this.#resolvedLast = true;
        return 2;
      }
      return 0;
    }
    // effective = native ∘ offset; pose = base.effective⁻¹ ∘ space.effective
    const so = space.offset;
    const bo = base.offset;
    this.#resolvedTo = so === NO_OFFSET || isIdentity(so) ? a : compose(this.#a, a, so);
    this.#resolvedFrom = bo === NO_OFFSET || isIdentity(bo) ? b : compose(this.#b, b, bo);
    return sEmulated || bEmulated ? 2 : 1;
  }

  #checkPoseQuery(active: boolean, space: SpaceInternals, base: SpaceInternals): void {
    // The usual call passes every check: only a call that may fail takes them one by one.
    if (
      !active ||
      this.ended ||
      space.core !== this ||
      base.core !== this ||
      this.#state.data.poseRefusal !== null
    ) {
      this.#checkPoseQuerySteps(active, space, base);
    }
  }

  #checkPoseQuerySteps(active: boolean, space: SpaceInternals, base: SpaceInternals): void {
    // spec: #populate-the-pose steps 1–4 (R-POSE-05), in this order (R-POSE-18).
    if (!active || this.ended) {
      throw domException(
        'InvalidStateError',
        'the XRFrame is not active: poses are only read during its callback, never after the session ended [R-POSE-05]',
      );
    }
    if (space.core !== this) {
      throw domException('InvalidStateError', 'the space belongs to another session [R-POSE-05]');
    }
    if (base.core !== this) {
      throw domException('InvalidStateError', 'the base space belongs to another session [R-POSE-05]');
    }
    // Step 4: the user agent decided for this frame whether poses may be reported (R-POSE-02,
    // R-VIS-15: policy/poses.ts posesMayBeReported) and recorded a refusal in its audit log.
    const refused = this.#state.data.poseRefusal;
    if (refused) throw errorFromReply(refused);
  }

  // spec: #dom-xrframe-getpose
  pose(state: FrameState, active: boolean, space: SpaceInternals, base: SpaceInternals): XRPose | null {
    this.#checkPoseQuery(active, space, base);
    const involvesInput = isInputOrigin(space.native) || isInputOrigin(base.native);
    if (inputPoseWithheld(this.visibility, involvesInput)) return null;
    const status = this.#resolvePose(state, space, base, false);
    if (status === 0) return null;
    // (Without `force` the pose is never the viewer's fallback.)
    return new XRPose(INTERNAL, relativeTransform(this.#resolvedFrom, this.#resolvedTo), status === 2);
  }

  // spec(hand-input): #dom-xrframe-getjointpose steps 3–9: the pose of the joint, with its radius.
  jointPose(
    state: FrameState,
    active: boolean,
    joint: SpaceInternals,
    base: SpaceInternals,
  ): XRJointPose | null {
    this.#checkPoseQuery(active, joint, base);
    // A joint is an input source's: withheld while blurred, like every input pose.
    if (inputPoseWithheld(this.visibility, true)) return null;
    const status = this.#resolvePose(state, joint, base, false);
    if (status === 0) return null;
    const ref = joint.native as { sourceId: number; joint: number };
    const radius = this.jointRadius(state, ref.sourceId, ref.joint);
    if (radius === null) return null;
    return new XRJointPose(
      INTERNAL,
      relativeTransform(this.#resolvedFrom, this.#resolvedTo),
      status === 2,
      radius,
    );
  }

  // spec(hand-input): #dom-xrframe-filljointradii steps 3–8 (the caller checked the arguments).
  fillJointRadii(
    state: FrameState,
    active: boolean,
    joints: readonly SpaceInternals[],
    radii: Float32Array,
  ): boolean {
    if (!active || this.ended) {
      throw domException('InvalidStateError', 'fillJointRadii: the XRFrame is not active [R-POSE-05]');
    }
    for (const j of joints) {
      if (j.core !== this)
        throw domException('InvalidStateError', 'fillJointRadii: a joint space belongs to another session');
    }
    if (joints.length > radii.length) {
      throw new TypeError(`fillJointRadii: ${joints.length} joints do not fit in ${radii.length} radii`);
    }
    let allValid = true;
    const withheld = inputPoseWithheld(this.visibility, true);
    for (let i = 0; i < joints.length; i++) {
      const ref = (joints[i] as SpaceInternals).native as { sourceId: number; joint: number };
      const r = withheld ? null : this.jointRadius(state, ref.sourceId, ref.joint);
      radii[i] = r ?? Number.NaN;
      if (r === null) allValid = false;
    }
    return allValid;
  }

  // spec(hand-input): #dom-xrframe-fillposes steps 3–10 (the caller checked the arguments).
  fillPoses(
    state: FrameState,
    active: boolean,
    spaces: readonly SpaceInternals[],
    base: SpaceInternals,
    transforms: Float32Array,
  ): boolean {
    if (!active || this.ended) {
      throw domException('InvalidStateError', 'fillPoses: the XRFrame is not active [R-POSE-05]');
    }
    for (const s of spaces) {
      if (s.core !== this)
        throw domException('InvalidStateError', 'fillPoses: a space belongs to another session');
    }
    if (base.core !== this)
      throw domException('InvalidStateError', 'fillPoses: the base space belongs to another session');
    if (spaces.length * 16 > transforms.length) {
      throw new TypeError(
        `fillPoses: ${spaces.length} poses need ${spaces.length * 16} floats, the array has ${transforms.length}`,
      );
    }
    // The same rules as getPose (visibility, limits), pose by pose, written straight into
    // `transforms` (the spec lets the UA reuse one pose: xrgate allocates none).
    this.#checkPoseQuery(active, base, base);
    let allValid = true;
    const r = this.#fillScratch;
    const m = this.#fillMatrix;
    for (let i = 0; i < spaces.length; i++) {
      const space = spaces[i] as SpaceInternals;
      const involvesInput = isInputOrigin(space.native) || isInputOrigin(base.native);
      const offset = i * 16;
      const status = inputPoseWithheld(this.visibility, involvesInput)
        ? 0
        : this.#resolvePose(state, space, base, false);
      if (status === 0) {
        transforms.fill(Number.NaN, offset, offset + 16);
        allValid = false;
        continue;
      }
      relative(r, this.#resolvedFrom, this.#resolvedTo);
      writeMatrix(
        m,
        r[0] as number,
        r[1] as number,
        r[2] as number,
        r[3] as number,
        r[4] as number,
        r[5] as number,
        r[6] as number,
      );
      transforms.set(m, offset);
    }
    return allValid;
  }

  // spec: #dom-xrframe-getviewerpose
  viewerPose(state: FrameState, active: boolean, ref: SpaceInternals): XRViewerPose | null {
    this.#checkPoseQuery(active, this.#viewerSpace, ref);
    const status = this.#resolvePose(state, this.#viewerSpace, ref, true);
    if (status === 0) return null;
    let last = ref.lastViewerPose;
    if (!last) {
      last = new Float64Array(7);
      ref.lastViewerPose = last;
    }
    const transform = this.#resolvedLast
      ? transformFrom(last)
      : relativeTransform(this.#resolvedFrom, this.#resolvedTo);
    // The pose, packed, is the last one reported in `ref` from now on (and the views' base).
    XRRigidTransformInternals.write(transform, last);
    return new XRViewerPose(INTERNAL, transform, status === 2, this.#views(last, state.id));
  }

  /** The views of a viewer pose `pose` (frozen), each with its own new transform. */
  #views(pose: Rigid, frameId: number): readonly XRView[] {
    if (this.#viewSlotSource !== this.#state.data.views || this.#viewSlots.length === 0) {
      this.#syncViewSlots();
    }
    if (this.#projectionState !== this.#renderState || this.#projectionSlots !== this.#viewSlots) {
      this.#syncProjections();
    }
    return viewsOf(pose, this.#viewOffsets, this.#viewSlots, this.#activeViewCount(), frameId);
  }

  /** The views of the latest data the user agent sent (before the first frame: its snapshot). */
  #latestViews(): readonly DeviceView[] {
    const data = this.#state.id === 0 ? this.#latest : this.#state.data;
    return data.views.length > 0 ? data.views : this.#latest.views;
  }

  #activeViewCount(): number {
    if (!this.immersive) return 1; // R-EXPO-10: inline is mono.
    const data = this.#state.data;
    return data.views.length + (this.#secondaryViews ? data.secondaryViews.length : 0);
  }

  /** Views with a field of view follow the session's depthNear/depthFar (spec(test) #parse-a-view). */
  #syncProjections(): void {
    // Nothing to do while the render state and the slots are those of the last sync.
    if (this.#projectionState === this.#renderState && this.#projectionSlots === this.#viewSlots) return;
    this.#projectionState = this.#renderState;
    this.#projectionSlots = this.#viewSlots;
    const rs = XRRenderStateInternals.values(this.#renderState);
    const near = rs.depthNear;
    const far = rs.depthFar;
    for (const slot of this.#viewSlots) {
      if (sameDepth(slot.depthNear, near) && sameDepth(slot.depthFar, far)) continue;
      slot.depthNear = near;
      slot.depthFar = far;
      const fov = slot.device.fieldOfView;
      slot.projection = new Float32Array(
        fov ? projectionFromFov(fov, near, far) : slot.device.projectionMatrix,
      );
    }
  }

  /**
   * spec: #event-types visibilitymaskchange: one event per view whose visible region changed since
   * the last announcement (a view that has lost its mask announces empty lists: the whole view).
   * Immersive sessions only (an inline view is the page's canvas), after requestSession resolved.
   * Secondary views count when 'secondary-views' is enabled.
   */
  #announceVisibilityMasks(primary: readonly DeviceView[], secondary: readonly DeviceView[]): void {
    if (!this.immersive || !this.promiseResolved) return;
    this.#maskSource = primary;
    this.#maskSecondarySource = secondary;
    // The index is an offset into the session's list of views: the primary views, then the
    // secondary ones when 'secondary-views' is enabled (R-FEAT-13).
    const views = this.#secondaryViews ? [...primary, ...secondary] : primary;
    const previous = this.#masks;
    this.#masks = views.map((v) => v.visibilityMask);
    for (let i = 0; i < views.length; i++) {
      const view = views[i] as DeviceView;
      const mask = view.visibilityMask;
      const before = previous[i];
      if (sameMask(mask, before)) continue;
      this.session.dispatchEvent(
        new XRVisibilityMaskChangeEvent('visibilitymaskchange', {
          session: this.session,
          eye: view.eye,
          index: i,
          vertices: new Float32Array(mask?.vertices ?? []),
          indices: new Uint32Array(mask?.indices ?? []),
        }),
      );
      if (this.ended) return;
    }
  }

  /** Keeps one slot per view (and its offset) while the views the user agent sent are unchanged. */
  #syncViewSlots(): void {
    const data = this.#state.data;
    if (this.#viewSlotSource === data.views && this.#viewSlots.length > 0) return;
    this.#viewSlotSource = data.views;
    const all = this.immersive
      ? [...data.views, ...(this.#secondaryViews ? data.secondaryViews : [])]
      : data.views.slice(0, 1).map((v) => ({ ...v, eye: 'none' as const }));
    const primary = this.immersive ? data.views.length : 1;
    this.#viewSlots = all.map((device, index) => {
      const old = this.#viewSlots[index];
      return {
        index,
        device,
        secondary: index >= primary,
        requestedScale: old?.requestedScale ?? null,
        currentScale: old?.currentScale ?? 1,
        modifiable: true,
        projection: new Float32Array(device.projectionMatrix),
        depthNear: null,
        depthFar: null,
      };
    });
    // (The offsets come anonymized from the user agent: R-POSE-11/20, AMB-18.)
    this.#viewOffsets = all.map((v) => rigidFromPose(v.viewOffset));
  }

  // --- Lifetime -------------------------------------------------------------------------------

  /** Registers an outstanding promise's reject, removed when it settles (R-LIFE-04 step 4). */
  #track(reject: (e: unknown) => void): () => boolean {
    this.#outstanding.add(reject);
    return () => this.#outstanding.delete(reject);
  }

  // spec: #shut-down-the-session (the page's part; `byPage` false: the user agent ended it)
  shutdown(byPage = true): void {
    if (this.ended) return;
    // Step 1. (Frames of an ended session are never active: every check asks `ended`, R-LIFE-15.)
    this.ended = true;
    // Cancel actions already started: their end events still arrive, before `end` (R-LIFE-15).
    for (const entry of this.#inputs.values()) {
      if (entry.selecting) {
        entry.selecting = false;
        this.#fireInput('selectend', entry.source);
      }
      if (entry.squeezing) {
        entry.squeezing = false;
        this.#fireInput('squeezeend', entry.source);
      }
      // Gamepads module: an ended session's input sources are gone, and so are their gamepads.
      XRInputSourceInternals.disconnect(entry.source);
    }
    // Steps 2–3, 5: the user agent clears the active session and releases the device lock.
    this.#owner.sessionShutDown(this);
    if (byPage) void this.#port.endSession(this.id);
    // Step 4: outstanding promises reject with InvalidStateError.
    for (const reject of this.#outstanding)
      reject(domException('InvalidStateError', 'the session has ended'));
    this.#outstanding.clear();
    if (this.#timer !== null) this.#env.clearTimeout(this.#timer);
    this.#timer = null;
    this.#callbacks = [];
    // The base layer's opaque framebuffer and its attachments are of no use any more.
    releaseOpaqueFramebuffer(XRRenderStateInternals.values(this.#renderState).baseLayer);
    // Step 6: queue a task to fire `end`.
    this.#env.setTimeout(() => {
      this.session.dispatchEvent(new XRSessionEvent('end', { session: this.session }));
    }, 0);
  }

  // spec: #dom-xrsession-end
  end(): Promise<void> {
    if (this.ended)
      return Promise.reject(domException('InvalidStateError', 'end(): the session has already ended'));
    this.shutdown();
    return new Promise<void>((resolve) => this.#env.setTimeout(() => resolve(), 0));
  }
}

const IDENTITY = rigid();

function isThenable<T>(v: T | Promise<T>): v is Promise<T> {
  return typeof v === 'object' && v !== null && typeof (v as { then?: unknown }).then === 'function';
}

/**
 * The origin offset of every space the session makes (identity), shared: offsets are only ever
 * read, and the pose path recognises this one without reading it.
 */
const NO_OFFSET = rigid();

/** Two depths give the same projection: equal, or both NaN (as their strings would compare). */
function sameDepth(a: number | null, b: number): boolean {
  return a === b || (a !== null && Number.isNaN(a) && Number.isNaN(b));
}

function spaceData(space: object): SpaceInternals | undefined {
  return spaceInternals(space);
}

function layerSessionOf(layer: unknown): object | null {
  return XRWebGLLayerInternals.is(layer) ? XRWebGLLayerInternals.sessionOf(layer) : null;
}

// The event constructors check their init members' brands through these.
brands.session = (v) => sessionCoreOf(v) !== undefined;
brands.frame = (v) => XRFrameInternals.is(v);
brands.inputSource = (v) => XRInputSourceInternals.is(v);
brands.referenceSpace = (v) => {
  const d = spaceInternals(v);
  return d !== undefined && d.type !== null;
};
brands.transform = (v) => XRRigidTransformInternals.is(v);
