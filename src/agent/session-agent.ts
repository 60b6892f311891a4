// The user-agent side of one XR session: what a browser process keeps for it. The device, the
// granted features, the session's visibility (computed from host facts and the device, R-VIS-17)
// and every adjustment of the device's data (src/policy) live here; the page side receives only
// the adjusted SessionFrameData and the decisions. Spec: index.bs @ 23547b1.

import type {
  DeviceFrameData,
  DeviceHand,
  DeviceInputAction,
  DeviceInputSource,
  DeviceView,
  RigidPose,
  XRDeviceBackend,
} from '../device/types.js';
import type { Host, PrivacyIndicator } from '../host/host.js';
import {
  anonymizeViewOffsets,
  createThrottle,
  type PointXZ,
  reportedBoundsGeometry,
  reportedInputProfiles,
  roundFloorHeight,
  shouldAnonymizeViews,
} from '../policy/adjustments.js';
import { cameraIndicatorRequired } from '../policy/camera-access.js';
import { allow, type Decision, type Denied, deny } from '../policy/decision.js';
import type { DepthConfiguration } from '../policy/depth-sensing.js';
import type { EnvelopePermission, PermissionEnvelope } from '../policy/envelope.js';
import type { FeatureDescriptor, ReferenceSpaceType, XRSessionMode } from '../policy/features.js';
import { frameRateChangeIsAllowed } from '../policy/frame-rate.js';
import { type ReportedHand, reportedHand } from '../policy/hand-input.js';
import {
  lightEstimateMayUpdate,
  type ReportedLightEstimate,
  reportedLightEstimate,
} from '../policy/light-estimation.js';
import { quantizedPose } from '../policy/pose-mitigations.js';
import {
  inputPoseWithheld,
  type PoseLimits,
  poseLimits,
  posesMayBeReported,
  type VisibilityState,
} from '../policy/poses.js';
import type { UAProfile } from '../policy/profile.js';
import { referenceSpaceIsSupported } from '../policy/reference-spaces.js';
import { revocationEffect } from '../policy/revocation.js';
import { frameMayRun, reportedInputActions, sessionVisibility } from '../policy/visibility.js';
import {
  ArrayPrototypeConcat,
  ArrayPrototypeIncludes,
  ArrayPrototypeMap,
  ArrayPrototypePush,
  ArrayPrototypeSlice,
  Float64Array,
  MathMin,
  ObjectDefineProperty,
  ObjectFreeze,
  ReflectApply,
  SafeMap,
  SafeSet,
  SafeWeakMap,
} from '../primordials.js';
import { PersistentAnchorStore, SessionAnchorStore } from './anchors.js';
import { framesFollowDisplay } from './frame-rate-source.js';
import type { PageInputSource, PageSink, SessionFrameData } from './protocol.js';
import { SessionSensing } from './sensing.js';
import { WorldSensing } from './world-sensing.js';

/** Look at the device's frame data without taking its pending input actions. */
const PEEK = ObjectFreeze({ drainActions: false });

const NO_VIEWER: DeviceFrameData = ObjectFreeze({
  viewer: null,
  viewerEmulatedPosition: false,
  floor: null,
  bounds: null,
  views: ObjectFreeze([]),
  secondaryViews: ObjectFreeze([]),
  inputSources: ObjectFreeze([]),
  inputActions: ObjectFreeze([]),
});

const EMPTY: readonly never[] = ObjectFreeze([]);

/** Reused by appendOwn (null prototype: no field of it can come from Object.prototype). */
const OWN_ENTRY = {
  __proto__: null,
  value: undefined as unknown,
  writable: true,
  enumerable: true,
  configurable: true,
} as unknown as PropertyDescriptor;

/**
 * list.push(v) on a list of xrgate's own, per frame: the entry is defined as an own data property
 * (an index setter a page put on Array.prototype is never reached), without allocating.
 */
function appendOwn<T>(list: T[], v: T): void {
  OWN_ENTRY.value = v;
  ObjectDefineProperty(list, list.length, OWN_ENTRY);
  OWN_ENTRY.value = undefined;
}

/** The document-level services a session agent needs (its DocumentAgent). */
export interface SessionAgentOwner {
  readonly host: Host;
  readonly profile: UAProfile;
  record<D extends Decision<unknown>>(action: string, d: D): D;
  /** The session ended (by the page or by the user agent): release the lock, end "once" grants. */
  sessionShutDown(agent: SessionAgent): void;
  /** Is an immersive session active anywhere in this user agent (R-VIS-16)? */
  immersiveActive(): boolean;
  /** Trusted UI the user interacts with, the UA's own prompt included (R-TUI-06). */
  trustedUI(): null | 'prompt' | 'text-input' | 'other';
  /** The user completed an XR select in a visible session: activation-triggering input (R-INTENT-09). */
  xrSelectActivation?(): void;
  /** The document's origin, serialized (Anchors Module: persistent anchors are the origin's). */
  origin?(): string;
  /** The UA-wide services (Anchors Module: the persistent anchor store). */
  readonly ua?: { readonly persistentAnchors?: PersistentAnchorStore };
}

let sessionCounter = 0;

const ORIGIN = ObjectFreeze({ x: 0, y: 0, z: 0 });

interface LimitInput {
  id: number;
  pointer: RigidPose['position'];
  grip: RigidPose['position'] | null;
  joints: Float64Array | null;
  readonly jointBuffer: Float64Array;
}

/** The hand's joints in base space (x, y, z each): the grip (wrist) pose applied to each offset. */
function jointPositions(grip: RigidPose, hand: ReportedHand, out: Float64Array): Float64Array {
  const { x: px, y: py, z: pz } = grip.position;
  const { x: qx, y: qy, z: qz, w: qw } = grip.orientation;
  for (let i = 0; i < 25 && i < hand.joints.length; i++) {
    const j = hand.joints[i] as Float64Array;
    const vx = j[0] as number;
    const vy = j[1] as number;
    const vz = j[2] as number;
    // v' = v + 2w(q×v) + 2q×(q×v)
    const tx = 2 * (qy * vz - qz * vy);
    const ty = 2 * (qz * vx - qx * vz);
    const tz = 2 * (qx * vy - qy * vx);
    out[i * 3] = px + vx + qw * tx + (qy * tz - qz * ty);
    out[i * 3 + 1] = py + vy + qw * ty + (qz * tx - qx * tz);
    out[i * 3 + 2] = pz + vz + qw * tz + (qx * ty - qy * tx);
  }
  return out;
}

export class SessionAgent {
  readonly id: string;
  readonly mode: XRSessionMode;
  readonly immersive: boolean;
  readonly device: XRDeviceBackend;
  readonly granted: SafeSet<FeatureDescriptor>;
  /** The session's required features as resolved at creation (a revoked one ends it, AMB-29). */
  readonly required: readonly FeatureDescriptor[];
  /** The permission envelope the session declared (R-UPPER-03/04); null: none, the spec's rule. */
  readonly envelope: PermissionEnvelope | null;
  /** Envelope permissions the user allowed for this session (at its start, or when used). */
  readonly capabilityGrants: SafeSet<EnvelopePermission> = new SafeSet();
  /** The envelope was asked in the session's own prompt (profile.envelopePrompt 'at-session-start'). */
  readonly capabilitiesAskedAtStart: boolean;
  /** The id under which this session's "allow once" grants were recorded (R-CONSENT-03). */
  readonly consentSessionId: string;
  /** Depth sensing and camera access: what of the device's depth and camera images reaches the page. */
  readonly sensing: SessionSensing;
  /** Anchors Module: the session's anchors (spec(anchors) "set of tracked anchors"). */
  readonly anchors: SessionAnchorStore;
  /** Room sensing: hit test sources, detected planes and meshes (src/agent/world-sensing.ts). */
  readonly world: WorldSensing;
  readonly #owner: SessionAgentOwner;
  readonly #host: Host;
  readonly #profile: UAProfile;
  readonly #sink: PageSink;
  #ended = false;
  /** The camera privacy indicator on screen for this session (R-CAM-06), or null. */
  #cameraIndicator: PrivacyIndicator | null = null;
  #visibility: VisibilityState;
  #startBlurred: boolean;
  #systemKeyboard = false;
  #frameRate: number | null;
  #unsubscribe: (() => void)[] = [];
  // Adjusted data, kept while the device's data is the same object (identity: no work per frame).
  #floorKey: unknown = undefined;
  #floor: RigidPose | null = null;
  #boundsKey: unknown = undefined;
  #bounds: readonly PointXZ[] = EMPTY;
  #viewsKey: unknown = undefined;
  #secondaryKey: unknown = undefined;
  #views: readonly DeviceView[] = EMPTY;
  #secondary: readonly DeviceView[] = EMPTY;
  readonly #hands: SafeWeakMap<DeviceHand, ReportedHand | null> = new SafeWeakMap();
  #sources: SafeWeakMap<DeviceInputSource, PageInputSource> = new SafeWeakMap();
  #lastInputs: readonly PageInputSource[] = EMPTY;
  #lightSource: DeviceFrameData['lightEstimate'] = null;
  #lightReported: ReportedLightEstimate | null = null;
  #lightAt: number | null = null;
  /** The answer of #poses-may-be-reported for the visibility #refusalFor (null: they may). */
  #refusalFor: VisibilityState | null = null;
  #refusal: Denied | null = null;
  /** The reference-space types the page side was allowed to create (the limits are per type). */
  readonly #spaceTypes: SafeSet<ReferenceSpaceType> = new SafeSet();
  #limiting = 0;
  // The profile's optional pose mitigations (R-ADJ-02/04): the poses last reported, and when.
  readonly #mitigating: boolean;
  readonly #poseThrottle: (lastAt: number | null, now: number) => boolean;
  #mitigatedAt: number | null = null;
  #heldViewer: RigidPose | null = null;
  readonly #heldInputs: SafeMap<number, { pointer: RigidPose; grip: RigidPose | null }> = new SafeMap();
  /** Reference-space types whose poses are withheld (their feature was revoked, AMB-29); null: none. */
  #withheldSpaces: readonly ReferenceSpaceType[] | null = null;
  /** Ends and cancels taken from the device while no frame ran (hidden), for the next frame. */
  #heldActions: DeviceInputAction[] = [];
  // Scratch for the per-frame limit facts (no allocation while nothing is limited).
  readonly #limitInputs: LimitInput[] = [];
  readonly #limitFacts: {
    spaces: Iterable<string>;
    viewer: RigidPose['position'] | null;
    floor: RigidPose['position'];
    bounds: readonly PointXZ[];
    inputs: LimitInput[];
  } = { spaces: this.#spaceTypes, viewer: null, floor: { x: 0, y: 0, z: 0 }, bounds: EMPTY, inputs: [] };

  constructor(
    owner: SessionAgentOwner,
    sink: PageSink,
    init: {
      mode: XRSessionMode;
      device: XRDeviceBackend;
      granted: readonly FeatureDescriptor[];
      required?: readonly FeatureDescriptor[];
      envelope?: PermissionEnvelope | null;
      /** The envelope permissions allowed in the session's prompt; null: not asked there. */
      capabilities?: readonly EnvelopePermission[] | null;
      startBlurred: boolean;
      consentSessionId: string;
      /** The depth sensing configuration, when 'depth-sensing' was granted (Depth Sensing Module). */
      depthSensing?: DepthConfiguration | null;
    },
  ) {
    sessionCounter += 1;
    this.id = `session-${sessionCounter}`;
    this.#owner = owner;
    this.#host = owner.host;
    this.#profile = owner.profile;
    this.#sink = sink;
    this.mode = init.mode;
    this.immersive = init.mode !== 'inline';
    this.device = init.device;
    this.granted = new SafeSet();
    for (let i = 0; i < init.granted.length; i++) this.granted.add(init.granted[i]!);
    this.required = ObjectFreeze(ArrayPrototypeSlice(init.required ?? EMPTY));
    this.consentSessionId = init.consentSessionId;
    this.envelope = init.envelope ?? null;
    const caps = init.capabilities ?? null;
    this.capabilitiesAskedAtStart = caps !== null;
    if (caps !== null) for (let i = 0; i < caps.length; i++) this.capabilityGrants.add(caps[i]!);
    this.#startBlurred = init.startBlurred;
    this.#frameRate = this.immersive ? init.device.nominalFrameRate : null;
    this.#mitigating =
      this.#profile.poseThrottleHz !== null || this.#profile.positionQuantizationStep !== null;
    this.#poseThrottle = createThrottle(this.#profile.poseThrottleHz);
    ArrayPrototypePush(
      this.#unsubscribe,
      this.device.subscribe((e) => {
        if (e.type === 'visibility') this.updateVisibility();
        else if (e.type === 'reset-pose') this.#reset(false);
        else if (e.type === 'bounds-changed' || e.type === 'floor-changed') this.#reset(true);
      }),
      this.#host.subscribe((e) => {
        if (e.type === 'focus' || e.type === 'visibility' || e.type === 'trusted-ui') this.updateVisibility();
        else if (e.type === 'unload') this.shutdown(false);
      }),
    );
    // R-TUI-11: the user's way out (Escape) is a listener on the window; a page that took the
    // window's listeners into its own hands (document.open(), and its own listener first) ends
    // its immersive session rather than keep the user in it.
    if (this.immersive && this.#host.watchListeners) {
      ArrayPrototypePush(
        this.#unsubscribe,
        this.#host.watchListeners(() => this.#listenersTaken()),
      );
    }
    this.#visibility = this.#computeVisibility();
    this.sensing = new SessionSensing(
      {
        device: this.device,
        granted: this.granted,
        profile: this.#profile,
        immersive: this.immersive,
        cameraIndicatorShown: () => {
          const indicator = this.#cameraIndicator;
          if (indicator === null) return false;
          try {
            return indicator.shown() === true;
          } catch {
            return false;
          }
        },
        record: (action, d) => this.#owner.record(action, d),
      },
      init.depthSensing ?? null,
    );
    this.#showCameraIndicator(owner.origin?.() ?? 'null');
    this.anchors = new SessionAnchorStore(
      init.device.anchors,
      {
        enabled: () => this.granted.has('anchors'),
        ended: () => this.#ended,
        origin: owner.origin?.() ?? 'null',
        positionStep: this.#profile.positionQuantizationStep,
        random: () => this.#host.random(),
        record: (action, d) => owner.record(action, d),
      },
      owner.ua?.persistentAnchors ?? new PersistentAnchorStore(),
    );
    const agent = this;
    this.world = new WorldSensing({
      device: this.device,
      profile: this.#profile,
      get ended() {
        return agent.ended;
      },
      hasFeature: (f) => this.granted.has(f as FeatureDescriptor),
      grantedList: () => this.grantedList(),
      record: (action, d) => this.#owner.record(action, d),
    });
  }

  /**
   * R-CAM-06: a session granted 'camera-access' has the host's camera privacy indicator on screen
   * from its creation until it ends. A host without one shows nothing, and no camera image is then
   * reported (sensing.ts asks cameraIndicatorShown).
   */
  #showCameraIndicator(origin: string): void {
    if (!this.granted.has('camera-access')) return;
    const d = this.#owner.record(
      'camera privacy indicator',
      cameraIndicatorRequired({ grantedAtStart: true, ended: this.#ended }),
    );
    if (!d.allowed) return;
    const show = this.#host.privacyIndicator;
    if (show === undefined) {
      this.#owner.record(
        'camera privacy indicator',
        deny('SecurityError', {
          action: 'camera privacy indicator',
          reason: 'this host has no privacy indicator to show: no camera image will be reported',
          fix: 'Give the host a privacyIndicator (the bundle and the extension have one).',
          requirement: 'R-CAM-06',
        }),
      );
      return;
    }
    try {
      this.#cameraIndicator = ReflectApply(show, this.#host, [
        { kind: 'camera', origin },
      ]) as PrivacyIndicator;
    } catch {
      // The host could not show it (a page's DOM in its way): no indicator, so no camera image.
      this.#owner.record(
        'camera privacy indicator',
        deny('SecurityError', {
          action: 'camera privacy indicator',
          reason: 'the host could not show the camera indicator: no camera image will be reported',
          fix: 'Leave the user agent its place in the document: the indicator is a child of the document element, in the top layer.',
          requirement: 'R-CAM-06',
        }),
      );
    }
  }

  /** The granted features, as a new list. */
  grantedList(): FeatureDescriptor[] {
    const out: FeatureDescriptor[] = [];
    this.granted.forEach((f) => {
      ArrayPrototypePush(out, f);
    });
    return out;
  }

  get ended(): boolean {
    return this.#ended;
  }

  get visibility(): VisibilityState {
    return this.#visibility;
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

  /** Recomputes the visibility; a change takes effect between frames, as a task (R-VIS-07). */
  updateVisibility(): void {
    if (this.#ended) return;
    const next = this.#computeVisibility();
    if (next === this.#visibility) return;
    this.#host.setTimeout(() => {
      if (this.#ended || next === this.#visibility) return;
      if (this.#computeVisibility() !== next) return;
      // No frame runs while hidden: what the device queued is taken at the edges, so that a press
      // made while hidden is never delivered afterwards (only ends are kept, R-VIS-05, AMB-04).
      if ((next === 'hidden' || this.#visibility === 'hidden') && this.device.connected) {
        this.#holdActions(this.#visibility);
      }
      this.#visibility = next;
      this.#owner.record('visibilitychange', allow(`session visibility is now ${next}`, 'R-VIS-08'));
      this.#sink({ type: 'visibility', sessionId: this.id, state: next });
    }, 0);
  }

  #listenersTaken(): void {
    if (this.#ended) return;
    this.#owner.record(
      'end immersive session',
      deny('InvalidStateError', {
        action: 'keep the immersive session',
        reason:
          "the page removed the user agent's listeners on its window (document.open()) and could order its own first, so the user's Escape might not reach the user agent",
        fix: 'Do not call document.open() while an immersive session runs; replace the content with DOM methods.',
        requirement: 'R-TUI-11',
      }),
    );
    this.shutdown(false);
  }

  /** The user ended "start blurred" by showing intent (R-NAV-16). */
  clearStartBlurred(): void {
    this.#startBlurred = false;
    this.updateVisibility();
  }

  #reset(boundsOnly: boolean): void {
    if (this.#ended) return;
    this.#host.setTimeout(() => {
      if (!this.#ended) this.#sink({ type: 'reset', sessionId: this.id, boundsOnly });
    }, 0);
  }

  /**
   * The user revoked `features` for this session's origin (AMB-29): a required one ends the
   * session; optional ones are taken away (their spaces' poses withheld, their data stopped).
   */
  revoke(features: readonly FeatureDescriptor[]): void {
    if (this.#ended) return;
    const effect = this.#owner.record(
      'revocation',
      revocationEffect({ revoked: features, required: this.required, granted: this.grantedList() }),
    );
    if (!effect.allowed) {
      this.shutdown(false);
      return;
    }
    const { removed, withheldSpaces } = effect.value;
    for (let i = 0; i < removed.length; i++) this.granted.delete(removed[i]!);
    // Input sources are made again from the device's (a revoked 'hand-tracking' drops the hands).
    if (removed.length > 0) this.#sources = new SafeWeakMap();
    if (withheldSpaces.length > 0) {
      this.#withheldSpaces = ObjectFreeze(
        ArrayPrototypeConcat(this.#withheldSpaces ?? EMPTY, withheldSpaces),
      );
    }
  }

  // --- Requests from the page side ------------------------------------------------------------

  // spec: #dom-xrsession-requestreferencespace steps 5.1–5.2 (the decision; the page makes the object)
  referenceSpace(type: ReferenceSpaceType): Decision<unknown> {
    const caps = this.device.capableFeatures[this.mode] ?? [];
    const d = this.#owner.record(
      'requestReferenceSpace',
      referenceSpaceIsSupported(
        {
          type,
          mode: this.mode,
          granted: this.granted,
          reportsOrientation: this.device.reportsOrientation,
          boundedCapable: ArrayPrototypeIncludes(caps, 'bounded-floor'),
          floorResolved: this.device.frame(PEEK).floor !== null,
          unboundedCapable: ArrayPrototypeIncludes(caps, 'unbounded'),
        },
        this.#profile,
      ),
    );
    if (d.allowed && !this.#spaceTypes.has(type)) {
      this.#spaceTypes.add(type);
      if (type === 'local' || type === 'local-floor' || type === 'bounded-floor') this.#limiting += 1;
    }
    return d;
  }

  // spec: #dom-xrsession-updatetargetframerate steps 4–6 (in parallel: the device applies it)
  updateTargetFrameRate(rate: number): Decision<number> {
    const d = this.#owner.record(
      'updateTargetFrameRate',
      frameRateChangeIsAllowed({
        immersive: this.immersive,
        ended: this.#ended,
        supportedFrameRates: framesFollowDisplay(this.#host) ? null : this.device.supportedFrameRates,
        rate,
      }),
    );
    if (!d.allowed) return d;
    if (this.device.setFrameRate?.(rate)) this.#frameRate = rate;
    return allow('frame rate applied', 'AMB-27', this.#frameRate ?? rate);
  }

  // --- Frame data -----------------------------------------------------------------------------

  /**
   * The next animation frame's data (takes the device's pending input actions), or null when no
   * frame may run (R-VIS-06 hidden; R-VIS-16 inline while an immersive session is active).
   */
  frame(): SessionFrameData | null {
    if (this.#ended) return null;
    // The facts are read again every frame, not only on the host's events: a page's
    // document.open() removes the listeners those come from (they are added again, but between
    // the two a blur would go unseen). A change takes effect from the next frame (R-VIS-07).
    this.updateVisibility();
    const may = frameMayRun({
      visibility: this.#visibility,
      immersive: this.immersive,
      immersiveActiveElsewhere: this.#owner.immersiveActive(),
    });
    if (!may) {
      // R-VIS-05, AMB-04: what the user does while the session is hidden is not queued for
      // later; only the end of an action already started is kept, so that nothing stays pressed.
      if (this.#visibility === 'hidden' && this.device.connected) {
        const actions = reportedInputActions('hidden', this.device.frame().inputActions);
        for (let i = 0; i < actions.length; i++) ArrayPrototypePush(this.#heldActions, actions[i]!);
      }
      return null;
    }
    return this.#adjust(this.device.connected ? this.device.frame() : NO_VIEWER, true);
  }

  /** The current data without taking input actions (before the first frame). */
  peek(): SessionFrameData | null {
    if (this.#ended) return null;
    return this.#adjust(this.device.connected ? this.device.frame(PEEK) : NO_VIEWER, false);
  }

  #adjust(data: DeviceFrameData, isFrame: boolean): SessionFrameData {
    // A revoked floor feature: the default estimate again, no bounds (AMB-29).
    const floorRevoked =
      this.#withheldSpaces !== null &&
      !this.granted.has('local-floor') &&
      !this.granted.has('bounded-floor') &&
      (ArrayPrototypeIncludes(this.#withheldSpaces, 'local-floor') ||
        ArrayPrototypeIncludes(this.#withheldSpaces, 'bounded-floor'));
    const floor = this.#floorOf(floorRevoked ? null : data.floor);
    const bounds =
      this.#withheldSpaces !== null && ArrayPrototypeIncludes(this.#withheldSpaces, 'bounded-floor')
        ? EMPTY
        : this.#boundsOf(data.bounds);
    let inputSources = this.#inputsOf(data.inputSources);
    let viewer = data.viewer;
    if (this.#mitigating) {
      // R-ADJ-02: a new pose at most poseThrottleHz times a second (the first one always).
      const now = this.#host.now();
      const due = this.#heldViewer === null || (isFrame && this.#poseThrottle(this.#mitigatedAt, now));
      viewer = this.#mitigatedViewer(viewer, due);
      inputSources = this.#mitigatedInputs(inputSources, due);
      if (due && isFrame) this.#mitigatedAt = now;
    }
    return {
      viewer,
      viewerEmulatedPosition: data.viewerEmulatedPosition,
      floor,
      floorKnown: !floorRevoked && data.floor !== null,
      bounds,
      views: this.sensing.pageViews(this.#viewsOf(data.views)),
      secondaryViews: this.sensing.pageViews(this.#secondaryOf(data.secondaryViews)),
      inputSources,
      inputActions: this.#actionsOf(data.inputActions),
      lightEstimate: isFrame ? this.#lightOf(data.lightEstimate ?? null) : this.#lightReported,
      poseRefusal: this.#poseRefusal(),
      inputPosesWithheld: inputPoseWithheld(this.#visibility, true),
      withheldSpaces: this.#withheldSpaces,
      limits: this.#limiting === 0 ? null : this.#limitsOf(viewer, floor, bounds, inputSources),
      depth:
        isFrame && this.sensing.depth !== null
          ? this.sensing.depthFor(data.viewer, this.#primaryViews(data.views), this.#visibility)
          : null,
      cameras:
        isFrame && this.granted.has('camera-access')
          ? this.sensing.camerasFor(data.viewer, this.#primaryViews(data.views), this.#visibility)
          : null,
      anchors: this.anchors.frame(this.#visibility),
      persistentAnchors: this.anchors.persistentHandles(),
      world: isFrame ? this.world.frame({ visibility: this.#visibility, viewer, floor, inputSources }) : null,
    };
  }

  /** The viewer pose quantized (R-ADJ-04), and held between throttled updates (R-ADJ-02). */
  #mitigatedViewer(viewer: RigidPose | null, due: boolean): RigidPose | null {
    if (this.#heldViewer !== null && !due) return viewer === null ? null : this.#heldViewer;
    const reported = viewer === null ? null : quantizedPose(viewer, this.#profile.positionQuantizationStep);
    if (reported !== null) this.#heldViewer = reported;
    return reported;
  }

  /** The input sources with their origins quantized, held between throttled updates. */
  #mitigatedInputs(list: readonly PageInputSource[], due: boolean): readonly PageInputSource[] {
    if (list.length === 0) return list;
    const step = this.#profile.positionQuantizationStep;
    const out: PageInputSource[] = [];
    for (let i = 0; i < list.length; i++) {
      const s = list[i]!;
      let held = this.#heldInputs.get(s.id);
      if (held === undefined || due) {
        held = {
          pointer: quantizedPose(s.pointerOrigin, step),
          grip: s.gripOrigin === null ? null : quantizedPose(s.gripOrigin, step),
        };
        this.#heldInputs.set(s.id, held);
      }
      // Only the origins are held: buttons, axes and the rest are this frame's.
      appendOwn(
        out,
        ObjectFreeze({
          ...s,
          pointerOrigin: held.pointer,
          gripOrigin: s.gripOrigin === null ? null : held.grip,
        }),
      );
    }
    return out;
  }

  /** Takes the device's pending actions as a session in `visibility` may see them, for the next frame. */
  #holdActions(visibility: VisibilityState): void {
    const actions = reportedInputActions(visibility, this.device.frame().inputActions);
    for (let i = 0; i < actions.length; i++) ArrayPrototypePush(this.#heldActions, actions[i]!);
  }

  /** R-VIS-05, AMB-04: no new press while not visible; ends held while hidden come first. */
  #actionsOf(actions: readonly DeviceInputAction[]): readonly DeviceInputAction[] {
    const reported = reportedInputActions(this.#visibility, actions);
    // A completed select delivered to the page is activation-triggering input (R-INTENT-09, AMB-16).
    for (let i = 0; i < reported.length; i++) {
      const a = reported[i]!;
      if (a.action === 'select' && (a.phase === 'end' || a.phase === 'click')) {
        this.#owner.xrSelectActivation?.();
        break;
      }
    }
    if (this.#heldActions.length === 0) return reported;
    const held = this.#heldActions;
    this.#heldActions = [];
    return ArrayPrototypeConcat(held, reported);
  }

  /**
   * spec: #poses-must-be-limited, for this frame's native origins as reported (policy/poses.ts
   * poseLimits): the page side looks the answer up for each pose it is asked for.
   */
  #limitsOf(
    viewer: RigidPose | null,
    floor: RigidPose,
    bounds: readonly PointXZ[],
    inputs: readonly PageInputSource[],
  ): PoseLimits | null {
    const f = this.#limitFacts;
    f.viewer = viewer ? viewer.position : null;
    f.floor = floor.position;
    f.bounds = bounds;
    const scratch = this.#limitInputs;
    while (scratch.length < inputs.length) {
      ArrayPrototypePush(scratch, {
        id: 0,
        pointer: ORIGIN,
        grip: null,
        joints: null,
        jointBuffer: new Float64Array(75),
      });
    }
    // f.inputs = the first inputs.length entries of scratch: its own entries are overwritten in
    // place (no allocation per frame), new ones appended as own properties, the rest cut off.
    const list = f.inputs;
    for (let i = 0; i < inputs.length; i++) {
      const s = inputs[i] as PageInputSource;
      const e = scratch[i] as LimitInput;
      e.id = s.id;
      e.pointer = s.pointerOrigin.position;
      e.grip = s.gripOrigin ? s.gripOrigin.position : null;
      e.joints = s.hand && s.gripOrigin ? jointPositions(s.gripOrigin, s.hand, e.jointBuffer) : null;
      if (i < list.length) list[i] = e;
      else appendOwn(list, e);
    }
    list.length = inputs.length;
    return poseLimits(f, this.#profile);
  }

  /**
   * spec: #poses-may-be-reported (R-POSE-02, R-VIS-15): asked again whenever the visibility is
   * another one (the other facts are constant here); a refusal is recorded once, when it begins.
   */
  #poseRefusal(): Denied | null {
    if (this.#visibility !== this.#refusalFor) {
      this.#refusalFor = this.#visibility;
      const d = posesMayBeReported(
        { visibility: this.#visibility, sameRealm: true, intentEstablished: true, adjusted: true },
        this.#profile,
      );
      this.#refusal = d.allowed ? null : d;
      if (this.#refusal) this.#owner.record('getPose', this.#refusal);
    }
    return this.#refusal;
  }

  /** R-SPACE-13/22/30, AMB-12: the floor's y rounded (1 cm); the documented default estimate while unknown. */
  #floorOf(raw: RigidPose | null): RigidPose {
    if (raw === this.#floorKey && this.#floor) return this.#floor;
    this.#floorKey = raw;
    this.#floor = raw
      ? ObjectFreeze({
          position: ObjectFreeze({
            x: raw.position.x,
            y: roundFloorHeight(raw.position.y, this.#profile.floorRoundingStep),
            z: raw.position.z,
          }),
          orientation: raw.orientation,
        })
      : ObjectFreeze({
          position: ObjectFreeze({ x: 0, y: -this.#profile.defaultFloorHeight, z: 0 }),
          orientation: ObjectFreeze({ x: 0, y: 0, z: 0, w: 1 }),
        });
    return this.#floor;
  }

  /** R-SPACE-16..18: rounded inside, limited. */
  #boundsOf(raw: DeviceFrameData['bounds']): readonly PointXZ[] {
    if (raw === this.#boundsKey) return this.#bounds;
    this.#boundsKey = raw;
    this.#bounds = raw
      ? ObjectFreeze(
          reportedBoundsGeometry(raw, {
            step: this.#profile.boundsQuantizationStep,
            limit: this.#profile.boundsLimit,
            maxPoints: this.#profile.maxListLength,
          }),
        )
      : EMPTY;
    return this.#bounds;
  }

  /** R-POSE-11/20, AMB-18: the views' offsets with an anonymized inter-view distance. */
  #viewsOf(views: readonly DeviceView[]): readonly DeviceView[] {
    if (views === this.#viewsKey) return this.#views;
    this.#viewsKey = views;
    const primary = this.immersive ? views.length : MathMin(1, views.length);
    const anonymize = shouldAnonymizeViews(this.#profile.anonymizeViews, {
      viewCount: primary,
      geometry: this.device.viewGeometry,
    });
    if (!anonymize) {
      this.#views = views;
      return views;
    }
    const positions = anonymizeViewOffsets(
      ArrayPrototypeMap(ArrayPrototypeSlice(views, 0, primary), (v) => v.viewOffset.position),
      this.#profile.canonicalIpds,
    );
    this.#views = ObjectFreeze(
      ArrayPrototypeMap(views, (v, i) => {
        const p = positions[i];
        if (!p) return v;
        return ObjectFreeze({
          ...v,
          viewOffset: ObjectFreeze({
            position: ObjectFreeze({ x: p.x, y: p.y, z: p.z }),
            orientation: v.viewOffset.orientation,
          }),
        });
      }),
    );
    return this.#views;
  }

  /** The primary views the page side shows (one for an inline session). */
  #primaryViews(views: readonly DeviceView[]): readonly DeviceView[] {
    return this.immersive || views.length <= 1 ? views : ArrayPrototypeSlice(views, 0, 1);
  }

  /** R-FEAT-13: secondary views only when 'secondary-views' is enabled. */
  #secondaryOf(views: readonly DeviceView[]): readonly DeviceView[] {
    if (!this.immersive || !this.granted.has('secondary-views')) return EMPTY;
    if (views === this.#secondaryKey) return this.#secondary;
    this.#secondaryKey = views;
    this.#secondary = views;
    return views;
  }

  /**
   * Input sources as the page may see them: profiles masked (R-ADJ-08/15), hands anonymized and
   * only with 'hand-tracking' (spec(hand-input) #privacy-security); while the session is not
   * visible, the list last seen while visible (AMB-04: no input is processed while blurred).
   */
  #inputsOf(list: readonly DeviceInputSource[]): readonly PageInputSource[] {
    if (this.#visibility !== 'visible') return this.#lastInputs;
    if (list.length === 0) {
      this.#lastInputs = EMPTY;
      return EMPTY;
    }
    const out: PageInputSource[] = [];
    for (let i = 0; i < list.length; i++) {
      const s = list[i] as DeviceInputSource;
      let p = this.#sources.get(s);
      if (!p) {
        p = ObjectFreeze({
          ...s,
          profiles: ObjectFreeze(
            ArrayPrototypeSlice(
              reportedInputProfiles(s.profiles, this.immersive, this.#profile.maskInputProfiles),
            ),
          ),
          hand: s.hand && this.granted.has('hand-tracking') ? this.#handOf(s.hand) : null,
        });
        this.#sources.set(s, p);
      }
      appendOwn(out, p);
    }
    this.#lastInputs = out;
    return out;
  }

  #handOf(hand: DeviceHand): ReportedHand | null {
    let r = this.#hands.get(hand);
    if (r === undefined) {
      r = reportedHand(hand, this.#profile);
      this.#hands.set(hand, r);
    }
    return r;
  }

  /**
   * spec(lighting) #privacy-security: quantized per profile, and a newer device estimate replaces
   * the reported one only once the profile's interval has passed. Only with 'light-estimation'.
   */
  #lightOf(raw: DeviceFrameData['lightEstimate']): ReportedLightEstimate | null {
    if (!this.granted.has('light-estimation') || raw === null || raw === undefined) return null;
    const now = this.#host.now();
    if (
      raw !== this.#lightSource &&
      (this.#lightReported === null || lightEstimateMayUpdate(this.#lightAt, now, this.#profile))
    ) {
      this.#lightReported = reportedLightEstimate(raw, this.#profile);
      this.#lightAt = now;
      this.#lightSource = raw;
    }
    return this.#lightReported;
  }

  // --- Lifetime -------------------------------------------------------------------------------

  /**
   * spec: #shut-down-the-session, the user agent's part: the session is over for the device, the
   * lock and consent. `byPage` false: the user agent ended it, and tells the page side.
   */
  shutdown(byPage: boolean): void {
    if (this.#ended) return;
    this.#ended = true;
    // R-ANCHOR-10: the device stops tracking the session's anchors.
    this.anchors.shutdown();
    // R-CAM-06: the camera is no longer in use by this session: its indicator goes.
    const indicator = this.#cameraIndicator;
    this.#cameraIndicator = null;
    if (indicator !== null) indicator.remove();
    const unsubscribe = this.#unsubscribe;
    this.#unsubscribe = [];
    for (let i = 0; i < unsubscribe.length; i++) unsubscribe[i]!();
    this.#owner.sessionShutDown(this);
    if (!byPage) this.#sink({ type: 'ended', sessionId: this.id });
  }
}
