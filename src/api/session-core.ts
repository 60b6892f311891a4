// The internal state and algorithms of one XRSession: the frame loop, pose computation, input
// sources, visibility and shutdown. XRSession, XRFrame and the spaces are thin WebIDL wrappers
// over it. Every privacy rule is asked of src/policy; this file only applies the answers.
// Spec: index.bs @ 23547b1.

import { projectionFromFov } from '../device/projection.js';
import type {
  DeviceFrameData,
  DeviceHand,
  DeviceInputAction,
  DeviceInputSource,
  DeviceView,
  XRDeviceBackend,
  XREnvironmentBlendMode,
  XRInteractionMode,
} from '../device/types.js';
import type { Host } from '../host/host.js';
import {
  anonymizeViewOffsets,
  type PointXZ,
  reportedBoundsGeometry,
  reportedEnvironmentBlendMode,
  reportedInputProfiles,
  reportedInteractionMode,
  roundFloorHeight,
  shouldAnonymizeViews,
} from '../policy/adjustments.js';
import type { AuditLog, Denied } from '../policy/decision.js';
import type { ReferenceSpaceType, XRSessionMode } from '../policy/features.js';
import { handJoints, type ReportedHand, reportedHand } from '../policy/hand-input.js';
import {
  lightEstimateMayUpdate,
  type ReportedLightEstimate,
  reportedLightEstimate,
} from '../policy/light-estimation.js';
import { serializeOrigin } from '../policy/origin.js';
import {
  inputPoseWithheld,
  type LimitKind,
  posesMayBeReported,
  posesMustBeLimitedBetween,
  type VisibilityState,
} from '../policy/poses.js';
import type { UAProfile } from '../policy/profile.js';
import { referenceSpaceIsSupported } from '../policy/reference-spaces.js';
import { sessionVisibility } from '../policy/visibility.js';
import {
  brands,
  XRInputSourceEvent,
  XRInputSourcesChangeEvent,
  XRReferenceSpaceEvent,
  XRSessionEvent,
  XRVisibilityMaskChangeEvent,
} from './events.js';
import { releaseOpaqueFramebuffer, setOpaqueFrameActive } from './opaque-framebuffer.js';
import { relativeTransform, viewsOf } from './pose-objects.js';
import { compose, isIdentity, type Rigid, relative, rigid, rigidFromPose, writeMatrix } from './rigid.js';
import { domException, errorFromDecision, INTERNAL } from './webidl.js';
import { XRFrame, XRFrameInternals } from './XRFrame.js';
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
  spaceInternals,
  type XRReferenceSpace,
  type XRSpace,
} from './XRSpace.js';
import { type ViewSlot, type XRView, XRViewInternals } from './XRView.js';
import { type XRWebGLLayer, XRWebGLLayerInternals } from './XRWebGLLayer.js';

/** Look at the device's frame data without taking its pending input actions. */
const PEEK = Object.freeze({ drainActions: false });

/** The UA-level services a session needs (implemented by the XRSystem's runtime). */
export interface SessionOwner {
  readonly host: Host;
  readonly profile: UAProfile;
  readonly audit: AuditLog;
  /** Called synchronously during shutdown (clears the active session, releases the device lock). */
  sessionShutDown(core: SessionCore): void;
  /** Is an immersive session active anywhere in this UA (inline loops pause, R-VIS-16)? */
  immersiveActive(): boolean;
  reportError(e: unknown): void;
  /** Trusted UI the user interacts with, the UA's own prompt included (R-TUI-06). */
  trustedUI(): null | 'prompt' | 'text-input' | 'other';
}

export interface FrameState {
  id: number;
  data: DeviceFrameData;
  /** Native viewer pose in base space, or null while tracking is lost. */
  viewer: Rigid | null;
  time: number;
}

const NO_VIEWER: DeviceFrameData = Object.freeze({
  viewer: null,
  viewerEmulatedPosition: false,
  floor: null,
  bounds: null,
  views: Object.freeze([]),
  secondaryViews: Object.freeze([]),
  inputSources: Object.freeze([]),
  inputActions: Object.freeze([]),
});

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
  /** The device's hand skeleton (Hand Input Module), if the source is a tracked hand. */
  hand: DeviceHand | null;
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

let sessionCounter = 0;

export class SessionCore {
  readonly id: string;
  readonly session: EventTarget;
  readonly mode: XRSessionMode;
  readonly immersive: boolean;
  readonly device: XRDeviceBackend;
  /** AR module: the compositor's blend technique and the best space for interactive UI. */
  readonly environmentBlendMode: XREnvironmentBlendMode;
  readonly interactionMode: XRInteractionMode;
  readonly granted: ReadonlySet<string>;
  readonly enabledFeatures: readonly string[];
  readonly inputSourceArray: XRInputSourceArray;
  readonly trackedSourceArray: XRInputSourceArray;
  readonly #owner: SessionOwner;
  readonly #profile: UAProfile;
  readonly #host: Host;
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
  #frame: XRFrame;
  #state: FrameState;
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
  #boundsKey: unknown = undefined;
  #bounds: readonly PointXZ[] = Object.freeze([]);
  #outstanding = new Set<(e: unknown) => void>();
  #unsubscribe: (() => void)[] = [];
  #systemKeyboard = false;
  #startBlurred: boolean;
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
  #packedFor: DeviceFrameData | null = null;
  #packedInputs: PackedInput[] = [];
  /** The answer of #poses-may-be-reported (null: poses may be reported) for the visibility #reportedFor. */
  #reportedFor: VisibilityState | null = null;
  #reportRefusal: Denied | null = null;
  /** Set by #native: the position of the origin it returned is emulated. */
  #nativeEmulated = false;
  /** What #resolvePose found (see there). */
  #resolvedFrom: Rigid = IDENTITY;
  #resolvedTo: Rigid = IDENTITY;
  #resolvedLast = false;

  constructor(
    owner: SessionOwner,
    session: EventTarget,
    init: {
      mode: XRSessionMode;
      device: XRDeviceBackend;
      granted: readonly string[];
      startBlurred?: boolean;
    },
  ) {
    sessionCounter += 1;
    this.id = `session-${sessionCounter}`;
    this.#owner = owner;
    this.#host = owner.host;
    this.#profile = owner.profile;
    this.session = session;
    this.mode = init.mode;
    this.immersive = init.mode !== 'inline';
    this.environmentBlendMode = reportedEnvironmentBlendMode(init.mode, init.device.environmentBlendMode);
    this.interactionMode = reportedInteractionMode(init.mode, init.device.interactionMode);
    this.device = init.device;
    this.granted = new Set(init.granted);
    this.#secondaryViews = this.granted.has('secondary-views');
    this.enabledFeatures = Object.freeze([...init.granted]);
    this.#startBlurred = init.startBlurred === true;
    this.#frameRate = this.immersive ? init.device.nominalFrameRate : null;
    cores.set(session, this);
    // spec: #initialize-the-render-state
    this.#renderState = new XRRenderState(INTERNAL, {
      depthNear: 0.1,
      depthFar: 1000,
      passthroughFullyObscured: null,
      inlineVerticalFieldOfView: this.immersive ? null : Math.PI * 0.5,
      baseLayer: null,
    });
    this.#state = { id: 0, data: NO_VIEWER, viewer: null, time: 0 };
    this.#frame = new XRFrame(INTERNAL, this, this.#state, true, 0);
    XRFrameInternals.deactivate(this.#frame);
    this.inputSourceArray = new XRInputSourceArray(INTERNAL);
    this.trackedSourceArray = new XRInputSourceArray(INTERNAL);
    this.#viewerSpace = this.#spaceData(nativeRef('viewer'), null);
    this.#unsubscribe.push(
      this.device.subscribe((e) => {
        if (e.type === 'visibility') this.updateVisibility();
        else if (e.type === 'reset-pose') this.#fireReset();
        else if (e.type === 'bounds-changed' || e.type === 'floor-changed') this.#fireReset(true);
      }),
      this.#host.subscribe((e) => {
        if (e.type === 'focus' || e.type === 'visibility' || e.type === 'trusted-ui') this.updateVisibility();
        else if (e.type === 'unload') this.shutdown();
      }),
    );
    this.visibility = this.#computeVisibility();
  }

  get renderState(): XRRenderState {
    return this.#renderState;
  }

  get frameRate(): number | null {
    return this.#frameRate;
  }

  // --- Visibility (R-VIS-17: one gate) --------------------------------------------------------

  #computeVisibility(): VisibilityState {
    return sessionVisibility(
      {
        immersive: this.immersive,
        deviceVisibility: this.device.visibilityState,
        documentVisibility: this.#host.documentVisibility(),
        documentHasFocus: this.#host.hasFocus(),
        presentedInDocument: this.#host.presentsInDocument(),
        trustedUI: this.#owner.trustedUI(),
        systemKeyboard: this.#systemKeyboard,
        startBlurred: this.#startBlurred,
      },
      this.#profile,
    );
  }

  /** Recomputes the visibility; changes take effect between frames and fire visibilitychange as a task. */
  updateVisibility(): void {
    if (this.ended) return;
    const next = this.#computeVisibility();
    if (next === this.visibility) return;
    const apply = () => {
      if (this.ended || next === this.visibility) return;
      if (this.#computeVisibility() !== next) return;
      this.visibility = next;
      this.#owner.audit.record(
        'visibilitychange',
        { allowed: true, reason: `session visibility is now ${next}`, requirement: 'R-VIS-08' },
        undefined,
      );
      this.session.dispatchEvent(new XRSessionEvent('visibilitychange', { session: this.session }));
      if (next !== 'hidden') this.#schedule();
    };
    // R-VIS-07: never during an animation frame.
    this.#host.setTimeout(apply, 0);
  }

  /** The user ended "start blurred" by showing intent (R-NAV-16). */
  clearStartBlurred(): void {
    this.#startBlurred = false;
    this.updateVisibility();
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
    const r = this.immersive ? this.device.supportedFrameRates : null;
    return r ? new Float32Array(r) : null;
  }

  updateTargetFrameRate(rate: number): Promise<void> {
    if (this.ended)
      return Promise.reject(
        domException('InvalidStateError', 'updateTargetFrameRate: the session has ended'),
      );
    const rates = this.immersive ? this.device.supportedFrameRates : null;
    if (!rates) {
      return Promise.reject(
        domException('InvalidStateError', 'updateTargetFrameRate: the session has no nominal frame rate'),
      );
    }
    if (!rates.includes(rate)) {
      // AMB-27: a plain TypeError.
      return Promise.reject(new TypeError(`updateTargetFrameRate: ${rate} is not in supportedFrameRates`));
    }
    return new Promise<void>((resolve, reject) => {
      const settle = this.#track(reject);
      this.#host.setTimeout(() => {
        settle();
        if (this.ended) return;
        if (this.device.setFrameRate?.(rate) && this.#frameRate !== rate) {
          this.#frameRate = rate;
          this.session.dispatchEvent(new XRSessionEvent('frameratechange', { session: this.session }));
        }
        resolve();
      }, 0);
    });
  }

  // --- Reference spaces -----------------------------------------------------------------------

  #spaceData(native: NativeRef, type: ReferenceSpaceType | null): SpaceInternals {
    return { core: this, native, offset: NO_OFFSET, type, children: [], lastViewerPose: null };
  }

  // spec: #dom-xrsession-requestreferencespace
  requestReferenceSpace(type: ReferenceSpaceType): Promise<XRReferenceSpace> {
    return new Promise<XRReferenceSpace>((resolve, reject) => {
      const settle = this.#track(reject);
      this.#host.setTimeout(() => {
        settle();
        if (this.ended) {
          reject(domException('InvalidStateError', 'requestReferenceSpace: the session has ended'));
          return;
        }
        const caps = this.device.capableFeatures[this.mode] ?? [];
        const d = this.#owner.audit.record(
          'requestReferenceSpace',
          referenceSpaceIsSupported(
            {
              type,
              mode: this.mode,
              granted: this.granted,
              reportsOrientation: this.device.reportsOrientation,
              boundedCapable: caps.includes('bounded-floor'),
              floorResolved: this.device.frame(PEEK).floor !== null,
              unboundedCapable: caps.includes('unbounded'),
            },
            this.#profile,
          ),
          this.#originString(),
        );
        if (!d.allowed) {
          reject(errorFromDecision(d));
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
      }, 0);
    });
  }

  // --- Lighting estimation (WebXR Lighting Estimation Module) ----------------------------------

  /** The reflection format the device supports best (xrgate's simulated devices: sRGB, 8 bits). */
  readonly preferredReflectionFormat: XRReflectionFormat = 'srgba8';
  #lightSource: DeviceFrameData['lightEstimate'] = null;
  #lightReported: ReportedLightEstimate | null = null;
  #lightAt: number | null = null;

  // spec(lighting): #dom-xrsession-requestlightprobe
  requestLightProbe(format: XRReflectionFormat): Promise<XRLightProbe> {
    return new Promise<XRLightProbe>((resolve, reject) => {
      // Step 2: the feature must have been granted at session creation.
      if (!this.granted.has('light-estimation')) {
        reject(
          domException(
            'NotSupportedError',
            "requestLightProbe: 'light-estimation' is not an enabled feature of this session; request it in requiredFeatures or optionalFeatures [R-FEAT-11]",
          ),
        );
        return;
      }
      // Step 3.
      if (this.ended) {
        reject(domException('InvalidStateError', 'requestLightProbe: the session has ended'));
        return;
      }
      if (format !== 'srgba8' && format !== this.preferredReflectionFormat) {
        reject(
          domException(
            'NotSupportedError',
            `requestLightProbe: the reflection format '${format}' is neither 'srgba8' nor the session's preferredReflectionFormat '${this.preferredReflectionFormat}'`,
          ),
        );
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
    // Step 5: the device cannot estimate the lighting for this frame.
    const raw = state.data.lightEstimate ?? null;
    if (raw === null) return null;
    // spec(lighting) #privacy-security: adjusted per profile (quantized, low temporal frequency).
    // A newer device estimate replaces the reported one only once the profile's interval passed.
    if (
      raw !== this.#lightSource &&
      (this.#lightReported === null || lightEstimateMayUpdate(this.#lightAt, state.time, this.#profile))
    ) {
      this.#lightReported = reportedLightEstimate(raw, this.#profile);
      this.#lightAt = state.time;
      this.#lightSource = raw;
    }
    return new XRLightEstimate(INTERNAL, this.#lightReported as ReportedLightEstimate);
  }

  #fireReset(boundsOnly = false): void {
    if (this.ended) return;
    this.#host.setTimeout(() => {
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
    }, 0);
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
    if (this.ended || this.#timer !== null || this.#callbacks.length === 0) return;
    const rate = this.#frameRate ?? 60;
    this.#timer = this.#host.setTimeout(() => this.#tick(), 1000 / rate);
  }

  /** Another session ended: inline loops may resume (R-VIS-16). */
  resume(): void {
    this.#schedule();
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
    const views = this.#deviceViews();
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
    // R-VIS-16: inline loops pause while an immersive session is active.
    if (!this.immersive && this.#owner.immersiveActive()) return;
    const now = this.#host.now();
    const data = this.device.connected ? this.device.frame() : NO_VIEWER;
    const state = this.#state;
    state.id = ++this.#frameCounter;
    state.data = data;
    state.time = now;
    if (data.viewer) {
      if (!state.viewer) state.viewer = rigid();
      rigidFromPose(data.viewer, state.viewer);
    } else {
      state.viewer = null;
    }
    this.#packInputs(data);
    this.#applyPendingRenderState();
    this.#updateInputSources(data, data.inputActions);
    if (this.ended) return;
    if (data.views !== this.#maskSource || data.secondaryViews !== this.#maskSecondarySource) {
      this.#announceVisibilityMasks(data.views, data.secondaryViews);
    }
    if (this.ended) return;
    // R-VIS-06 and the spec's XR animation frame steps: without a base layer no callback runs
    // (a page host requires one; in Node, where nothing is composited, frames run without).
    if (
      this.#owner.host.requiresBaseLayer() &&
      XRRenderStateInternals.values(this.#renderState).baseLayer === null
    )
      return;
    // Run the callbacks registered before this frame.
    const list = this.#callbacks;
    this.#callbacks = [];
    this.#running = list;
    this.#animationFrameId = state.id;
    // spec: each view's viewport becomes modifiable again at the start of an animation frame.
    for (const slot of this.#viewSlots) slot.modifiable = true;
    const frame = this.#frame;
    XRFrameInternals.reset(frame, state, now);
    // spec: #opaque-framebuffer: cleared before the frame, drawable only during it.
    const baseLayer = XRRenderStateInternals.values(this.#renderState).baseLayer;
    try {
      setOpaqueFrameActive(baseLayer, true);
      for (const c of list) {
        if (c.cancelled) continue;
        try {
          c.cb.call(undefined, now, frame);
        } catch (e) {
          this.#owner.reportError(e);
        }
        if (this.ended) break;
      }
    } catch (e) {
      // (The page's WebGL can fail under xrgate, e.g. a context lost mid-frame: the loop goes on.)
      this.#owner.reportError(e);
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
  #updateInputSources(data: DeviceFrameData, actions: readonly DeviceInputAction[] = []): void {
    // Inline sessions on the default inline device have no input sources (R-EXPO-07).
    if (!this.immersive) return;
    // AMB-04: input is not processed while blurred or hidden.
    if (this.visibility !== 'visible') return;
    // The usual frame: the same sources as before and no actions, so nothing is added, removed or
    // dispatched; only the sources' states are updated (in order, as below).
    if (actions.length === 0 && this.#sameSources(data.inputSources)) {
      for (const s of data.inputSources) {
        XRInputSourceInternals.update((this.#inputs.get(s.id) as InputEntry).source, s, this.#host.now());
      }
      return;
    }
    const seen = new Set<number>();
    const added: XRInputSource[] = [];
    for (const s of data.inputSources) {
      seen.add(s.id);
      const entry = this.#inputs.get(s.id);
      if (entry) {
        XRInputSourceInternals.update(entry.source, s, this.#host.now());
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
      const source = new XRInputSource(
        INTERNAL,
        s,
        targetRay,
        grip,
        reportedInputProfiles(s.profiles, this.immersive, this.#profile.maskInputProfiles),
        hand,
      );
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
  #sameSources(list: readonly DeviceInputSource[]): boolean {
    if (list.length !== this.#inputs.size) return false;
    for (let i = 0; i < list.length; i++) {
      const id = (list[i] as DeviceInputSource).id;
      if (!this.#inputs.has(id)) return false;
      for (let j = 0; j < i; j++) if ((list[j] as DeviceInputSource).id === id) return false;
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
    if (this.#inputs.size === 0) {
      const data = this.device.frame(PEEK);
      this.#updateInputSources(data);
      return;
    }
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

  #originString(): string {
    return serializeOrigin(this.#host.origin());
  }

  /** The floor native origin in base space: the device's floor with y rounded, or the estimate. */
  #floorNative(data: DeviceFrameData): Rigid {
    return this.#floorKey === data.floor ? this.#floor : this.#floorNativeFor(data);
  }

  /** Recomputes the floor native origin for a floor the device reports anew. */
  #floorNativeFor(data: DeviceFrameData): Rigid {
    this.#floorKey = data.floor;
    if (data.floor) {
      rigidFromPose(data.floor, this.#floor);
      // R-SPACE-13/22/30, AMB-12: only y is rounded (1 cm), for local-floor and bounded-floor alike.
      this.#floor[1] = roundFloorHeight(this.#floor[1] as number, this.#profile.floorRoundingStep);
    } else {
      // R-SPACE-30 item 5: the documented default estimate, not rounded (it is the default).
      this.#floor.set([0, -this.#profile.defaultFloorHeight, 0, 0, 0, 0, 1]);
    }
    return this.#floor;
  }

  /** The bounds as reported (rounded inside, limited), in the floor's frame; [] while unknown. */
  reportedBounds(): readonly PointXZ[] {
    const raw = this.#state.data.bounds ?? (this.#state.id === 0 ? this.device.frame(PEEK).bounds : null);
    if (raw !== this.#boundsKey) {
      this.#boundsKey = raw;
      this.#bounds = raw
        ? Object.freeze(
            reportedBoundsGeometry(raw, {
              step: this.#profile.boundsQuantizationStep,
              limit: this.#profile.boundsLimit,
              maxPoints: this.#profile.maxListLength,
            }),
          )
        : Object.freeze([]);
    }
    return this.#bounds;
  }

  /**
   * Packs the input sources' origins of `data`: once per frame, and again whenever the poses of
   * another frame's data are asked for.
   */
  #packInputs(data: DeviceFrameData): void {
    this.#packedFor = data;
    const list = data.inputSources;
    let packed = this.#packedInputs;
    if (packed.length !== list.length) {
      packed = [];
      for (let i = 0; i < list.length; i++) packed.push(newPackedInput());
      this.#packedInputs = packed;
    }
    for (let i = 0; i < list.length; i++) {
      const s = list[i] as DeviceInputSource;
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
  #input(data: DeviceFrameData, id: number): PackedInput | null {
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

  /** The anonymized hand of each device hand (spec(hand-input) #privacy-security). */
  readonly #reportedHands = new WeakMap<DeviceHand, ReportedHand | null>();
  /** This frame's joint native origins per input source id: 25 arrays, computed on first use. */
  #jointCache = new Map<number, { frame: number; data: DeviceFrameData; joints: Rigid[] }>();

  /** The hand a session reports for the device's `hand`: scaled and rounded by the profile. */
  reportedHandOf(hand: DeviceHand): ReportedHand | null {
    let r = this.#reportedHands.get(hand);
    if (r === undefined) {
      r = reportedHand(hand, this.#profile);
      this.#reportedHands.set(hand, r);
    }
    return r;
  }

  /** A joint's native origin: the wrist (grip) composed with the reported joint offset. */
  #jointNative(state: FrameState, sourceId: number, joint: number): Rigid | null {
    const s = this.#input(state.data, sourceId);
    if (!s?.hasGrip || !s.hand) return null;
    const hand = this.reportedHandOf(s.hand);
    if (!hand) return null;
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
    return this.reportedHandOf(s.hand)?.radii[joint] ?? null;
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
      this.visibility !== this.#reportedFor ||
      this.#reportRefusal !== null
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
    // The policy's answer depends on the visibility alone here (the other facts are constant and
    // the profile is frozen): it is asked again whenever the visibility is another one.
    if (this.visibility !== this.#reportedFor) {
      this.#reportRefusal = posesMayBeReported(
        { visibility: this.visibility, sameRealm: true, intentEstablished: true, adjusted: true },
        this.#profile,
      );
      this.#reportedFor = this.visibility;
    }
    const refused = this.#reportRefusal;
    if (refused) {
      this.#owner.audit.record('getPose', refused, this.#originString());
      throw errorFromDecision(refused);
    }
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

  #deviceViews(): readonly DeviceView[] {
    const data = this.#state.id === 0 ? this.device.frame(PEEK) : this.#state.data;
    return data.views.length > 0 ? data.views : this.device.frame(PEEK).views;
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

  /** Keeps one slot per view (and the anonymized offsets) while the device's views are unchanged. */
  #syncViewSlots(): void {
    const data = this.#state.data;
    if (this.#viewSlotSource === data.views && this.#viewSlots.length > 0) return;
    this.#viewSlotSource = data.views;
    const all = this.immersive
      ? [...data.views, ...(this.#secondaryViews ? data.secondaryViews : [])]
      : data.views.slice(0, 1).map((v) => ({ ...v, eye: 'none' as const }));
    const primary = this.immersive ? data.views.length : 1;
    const anonymize = shouldAnonymizeViews(this.#profile.anonymizeViews, {
      viewCount: primary,
      geometry: this.device.viewGeometry,
    });
    const positions = all.map((v) => v.viewOffset.position);
    const anonymized = anonymize
      ? anonymizeViewOffsets(positions.slice(0, primary), this.#profile.canonicalIpds)
      : null;
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
    this.#viewOffsets = all.map((v, i) => {
      const r = rigidFromPose(v.viewOffset);
      const p = anonymized?.[i];
      if (p) {
        r[0] = p.x;
        r[1] = p.y;
        r[2] = p.z;
      }
      return r;
    });
  }

  // --- Lifetime -------------------------------------------------------------------------------

  /** Registers an outstanding promise's reject, removed when it settles (R-LIFE-04 step 4). */
  #track(reject: (e: unknown) => void): () => void {
    this.#outstanding.add(reject);
    return () => this.#outstanding.delete(reject);
  }

  // spec: #shut-down-the-session
  shutdown(): void {
    if (this.ended) return;
    // Step 1.
    this.ended = true;
    // Frames of an ended session are never active (R-CONSENT-04, R-LIFE-15).
    XRFrameInternals.deactivate(this.#frame);
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
    // Steps 2–3, 5: the owner clears the active session and releases the device lock synchronously.
    this.#owner.sessionShutDown(this);
    // Step 4: outstanding promises reject with InvalidStateError.
    for (const reject of this.#outstanding)
      reject(domException('InvalidStateError', 'the session has ended'));
    this.#outstanding.clear();
    if (this.#timer !== null) this.#host.clearTimeout(this.#timer);
    this.#timer = null;
    this.#callbacks = [];
    // The base layer's opaque framebuffer and its attachments are of no use any more.
    releaseOpaqueFramebuffer(XRRenderStateInternals.values(this.#renderState).baseLayer);
    for (const u of this.#unsubscribe) u();
    this.#unsubscribe = [];
    // Step 6: queue a task to fire `end`.
    this.#host.setTimeout(() => {
      this.session.dispatchEvent(new XRSessionEvent('end', { session: this.session }));
    }, 0);
  }

  // spec: #dom-xrsession-end
  end(): Promise<void> {
    if (this.ended)
      return Promise.reject(domException('InvalidStateError', 'end(): the session has already ended'));
    this.shutdown();
    return new Promise<void>((resolve) => this.#host.setTimeout(() => resolve(), 0));
  }
}

const IDENTITY = rigid();

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
