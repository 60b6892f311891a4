// The interface between the two sides (DESIGN.md "Two sides"; docs/architecture.md lists every
// message). The page side (src/api: the WebXR objects, the frame loop) asks; the user-agent side
// (src/agent: host facts, src/policy decisions, consent, the device lock, the devices) answers.
// Everything that crosses is plain data that survives structured cloning: no functions, no class
// instances, no references into either side. Every request from the page side is a request to
// check, never a fact: the user-agent side validates each field again.
//
// In Node and in the script bundles both sides share a realm and the page side calls the
// user-agent side through these interfaces directly (no serialization on the per-frame path); over
// a MessageChannel (src/agent/channel.ts) the same calls become messages.

import type {
  DeviceInputAction,
  DeviceInputSource,
  DeviceView,
  RigidPose,
  XREnvironmentBlendMode,
  XRInteractionMode,
} from '../device/types.js';
import type { PointXZ } from '../policy/adjustments.js';
import type { DecisionError, Denied } from '../policy/decision.js';
import type { DepthConfiguration, DepthStateInit } from '../policy/depth-sensing.js';
import type { ReferenceSpaceType, XRSessionMode } from '../policy/features.js';
import type { ReportedHand } from '../policy/hand-input.js';
import type { ReportedHitPose } from '../policy/hit-test.js';
import type { ReportedLightEstimate } from '../policy/light-estimation.js';
import type { ReportedMesh } from '../policy/mesh-detection.js';
import type { ReportedPlane } from '../policy/plane-detection.js';
import type { PoseLimits, VisibilityState } from '../policy/poses.js';
import type { PageCamera, PageDepth } from './sensing.js';

/** An answer: a value, or the spec's exception (name and a message a developer can act on). */
export type Reply<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: DecisionError };

/** An input source as the page side receives it: the hand (if any) already anonymized. */
export interface PageInputSource extends Omit<DeviceInputSource, 'hand'> {
  /** The anonymized hand (Hand Input Module), only when 'hand-tracking' is enabled. */
  readonly hand: ReportedHand | null;
}

/**
 * One frame's data, as the policy allows the page to see it: the floor rounded (or the default
 * estimate), the bounds rounded inside and limited, the views' offsets anonymized, hands
 * anonymized, the light estimate quantized and held, input sources frozen while not visible.
 */
export interface SessionFrameData {
  readonly viewer: RigidPose | null;
  readonly viewerEmulatedPosition: boolean;
  /** The floor's native origin in base space, y rounded (R-SPACE-13); the default estimate while unknown. */
  readonly floor: RigidPose;
  /** The device reports a floor (false: `floor` is the default estimate). */
  readonly floorKnown: boolean;
  /** The bounds as reported (R-SPACE-15/16), in the floor's frame; [] while unknown. */
  readonly bounds: readonly PointXZ[];
  readonly views: readonly DeviceView[];
  /** Secondary views, only when 'secondary-views' is enabled. */
  readonly secondaryViews: readonly DeviceView[];
  readonly inputSources: readonly PageInputSource[];
  readonly inputActions: readonly DeviceInputAction[];
  readonly lightEstimate: ReportedLightEstimate | null;
  /** Null: poses may be reported in this frame; otherwise the refusal (spec #poses-may-be-reported). */
  readonly poseRefusal: Denied | null;
  /** Poses involving an input source are null in this frame (blurred, R-POSE-05 step 5). */
  readonly inputPosesWithheld: boolean;
  /** Reference-space types whose poses are null from now on: their feature was revoked (AMB-29); null: none. */
  readonly withheldSpaces: readonly ReferenceSpaceType[] | null;
  /**
   * The native origins whose poses must be limited in this frame against each limiting reference
   * space the session created (spec #poses-must-be-limited); null: none.
   */
  readonly limits: PoseLimits | null;
  /**
   * Depth Sensing: the depth of each primary view of this frame, quantized and limited
   * (R-DEPTH-04/05); null or absent when none may be reported (not granted, not visible, paused:
   * R-DEPTH-02/03).
   */
  readonly depth?: readonly (PageDepth | null)[] | null;
  /** Raw Camera Access: each primary view's camera image; null or absent when none may be (R-CAM-01/03). */
  readonly cameras?: readonly (PageCamera | null)[] | null;
  /**
   * Anchors Module: the session's anchors the device tracks in this frame, with their poses in base
   * space (null while tracking is paused); held while the session is not visible (R-ANCHOR-05).
   * Null (or absent): 'anchors' is not enabled.
   */
  readonly anchors?: readonly PageAnchor[] | null;
  /** Anchors Module: the origin's persistent anchor handles; null (or absent): 'anchors' not enabled. */
  readonly persistentAnchors?: readonly string[] | null;
  /**
   * What the device's sensing of the room gives this frame (hit test results of the session's own
   * sources, detected planes and meshes), as the policy allows; absent or null: nothing.
   */
  readonly world?: PageWorldData | null;
}

/** One frame's room sensing for the page (src/agent/world-sensing.ts; src/policy/hit-test.ts, plane-detection.ts, mesh-detection.ts). */
export interface PageWorldData {
  /** Results of each active hit test source, by the id the user agent gave it (R-HIT-04..08). */
  readonly hitTest: readonly { readonly id: number; readonly results: readonly ReportedHitPose[] }[];
  /** Results of each transient hit test source, per matching input source (R-HIT-09). */
  readonly transientHitTest: readonly {
    readonly id: number;
    readonly inputs: readonly {
      readonly inputSourceId: number;
      readonly results: readonly ReportedHitPose[];
    }[];
  }[];
  /** Detected planes, only with 'plane-detection' (R-PLANE-03..08); null: the feature is not enabled. */
  readonly planes: readonly ReportedPlane[] | null;
  /** Detected meshes, only with 'mesh-detection' (R-MESH-03..07); null: the feature is not enabled. */
  readonly meshes: readonly ReportedMesh[] | null;
}

/** A hit test source the page side asks for, after WebIDL conversion (spec(hit-test) #create-a-hit-test-source). */
export interface HitTestSourceMessage {
  /** A transient input source's profile (requestHitTestSourceForTransientInput), or null. */
  readonly profile: string | null;
  /** The native origin the ray follows (requestHitTestSource): a reference space's or an input source's. */
  readonly native: { readonly kind: string; readonly sourceId: number } | null;
  readonly entityTypes: readonly string[];
  /** The ray in the native origin's coordinates (the space's origin offset applied): origin and direction. */
  readonly ray: readonly number[];
}

/** An anchor as the page side receives it (spec(anchors) #update-anchors). */
export interface PageAnchor {
  /** The user agent's id for the anchor in this session (never the device's). */
  readonly id: number;
  /** Its native origin in base space; null while the device's tracking of it is paused. */
  readonly pose: RigidPose | null;
}

/** What the page side learns about a session the user agent created. */
export interface SessionGrant {
  readonly sessionId: string;
  readonly mode: XRSessionMode;
  readonly enabledFeatures: readonly string[];
  readonly environmentBlendMode: XREnvironmentBlendMode;
  readonly interactionMode: XRInteractionMode;
  readonly frameRate: number | null;
  readonly supportedFrameRates: readonly number[] | null;
  readonly visibility: VisibilityState;
  /** Frames need a base layer (a page: true; Node, with nothing to composite: false). */
  readonly requiresBaseLayer: boolean;
  /** The data the page side shows before its first frame (views, bounds, input sources). */
  readonly snapshot: SessionFrameData;
  /** Depth Sensing: the session's configuration; null or absent when 'depth-sensing' is not enabled. */
  readonly depthSensing?: DepthConfiguration | null;
  /** DOM Overlays Module: how the overlay is shown (R-DOM-02); null or absent: not enabled. */
  readonly domOverlayType?: 'screen' | 'floating' | 'head-locked' | null;
}

/** A session request after WebIDL conversion in the page's realm (step 1): strings only. */
export interface SessionRequestMessage {
  readonly mode: string;
  readonly requiredFeatures: readonly string[];
  readonly optionalFeatures: readonly string[];
  /** XRSessionInit.depthSensing after conversion (Depth Sensing Module); absent when not given. */
  readonly depthSensing?: DepthStateInit;
  /** DOM Overlays Module: XRSessionInit.domOverlay.root was given (an Element, checked in the page). */
  readonly domOverlay?: boolean;
}

export interface PermissionQueryMessage {
  readonly name: string;
  readonly mode?: string;
  readonly requiredFeatures: readonly string[];
  readonly optionalFeatures: readonly string[];
}

export interface PermissionAnswer {
  readonly state: 'granted' | 'denied' | 'prompt';
  readonly granted: readonly string[];
}

/** The user-agent side's answers for one document (a browser's "XR system" in its process). */
export interface DocumentPort {
  isSessionSupported(mode: string): Promise<Reply<boolean>>;
  requestSession(request: SessionRequestMessage): Promise<Reply<SessionGrant>>;
  /**
   * offerSession (R-NAV-21): the user agent shows its own "Enter VR/AR" control; the answer comes
   * when the user presses it (that press is the activation) and the request has run, or when the
   * offer is refused or replaced by a newer one.
   */
  offerSession(request: SessionRequestMessage): Promise<Reply<SessionGrant>>;
  /** The permission state of a descriptor; `watch` keeps the answer up to date through `permission` events. */
  queryPermission(query: PermissionQueryMessage, watchId: number | null): Promise<Reply<PermissionAnswer>>;
  /**
   * The browser's own permission APIs (getUserMedia, geolocation, Notification.requestPermission)
   * ask before they go on (seed 004): an answer of null lets the browser's flow run; a refusal is
   * NotAllowedError naming the envelope. It may end the immersive session first (R-CONSENT-05).
   */
  requestCapability(capabilities: readonly string[]): Promise<Reply<null>>;
  /** makeXRCompatible: may a WebGL context of this document become XR compatible (R-POLICY-08/09)? */
  xrCompatible(): Promise<Reply<XRCompatibilityAnswer>>;
  /** The page side ended the session (session.end(), or it gave up on it). */
  endSession(sessionId: string): Promise<Reply<null>>;
  requestReferenceSpace(sessionId: string, type: ReferenceSpaceType): Promise<Reply<null>>;
  updateTargetFrameRate(sessionId: string, rate: number): Promise<Reply<number>>;
  /** requestLightProbe: may the session create a light probe in this reflection format (R-FEAT-11)? */
  requestLightProbe(sessionId: string, format: string): Promise<Reply<null>>;
  /**
   * The data of the next animation frame (takes the device's pending input actions), or null
   * when no frame may run now (hidden, R-VIS-06; an inline session while an immersive one is
   * active, R-VIS-16). Synchronous in-process; a promise over a channel.
   */
  frame(sessionId: string): SessionFrameData | null | Promise<SessionFrameData | null>;
  /** spec(hit-test): requestHitTestSource / …ForTransientInput: the source's id, or the refusal (R-HIT-01..03). */
  requestHitTestSource(sessionId: string, request: HitTestSourceMessage): Promise<Reply<number>>;
  /** The page cancelled a hit test source (or dropped it): no more results for it. */
  cancelHitTestSource(sessionId: string, id: number): Promise<Reply<null>>;
  /** spec(plane-detection): initiateRoomCapture (once per session; xrgate's simulated rooms are set up). */
  initiateRoomCapture(sessionId: string): Promise<Reply<null>>;
  /**
   * Anchors Module: create an anchor at `pose` (base space, computed by the page side from the
   * space's pose in the frame; null: the space had no pose). The answer is the anchor's id once the
   * device created it, or the refusal (R-ANCHOR-01..04).
   */
  createAnchor(sessionId: string, pose: RigidPose | null): Promise<Reply<number>>;
  /** Anchors Module: the page deleted anchor `anchorId` (the device stops tracking it). */
  deleteAnchor(sessionId: string, anchorId: number): Promise<Reply<null>>;
  /** Anchors Module: a persistent handle for the anchor, scoped to the document's origin (R-ANCHOR-06..08). */
  requestPersistentHandle(sessionId: string, anchorId: number): Promise<Reply<string>>;
  /** Anchors Module: restore the origin's persistent anchor `handle`: the new anchor's id. */
  restorePersistentAnchor(sessionId: string, handle: string): Promise<Reply<number>>;
  /** Anchors Module: forget the origin's persistent anchor `handle`. */
  deletePersistentAnchor(sessionId: string, handle: string): Promise<Reply<null>>;
  /**
   * A refusal the page side applied itself (WebIDL conversion of requestSession, the pose rules):
   * recorded in the audit log before the answer comes back. `action` is 'requestSession'.
   */
  report(action: string, refusal: Denied): Promise<Reply<null>>;
  /**
   * pauseDepthSensing / resumeDepthSensing (the page side checked the call): no depth is produced
   * or sent while paused (R-DEPTH-03).
   */
  setDepthActive(sessionId: string, active: boolean): Promise<Reply<null>>;
}

/** What the user-agent side tells the page side, unasked. */
export type PageEvent =
  | { readonly type: 'devicechange' }
  /** The navigation that loaded this document stands in for user activation, once (seed 002, R-NAV-20). */
  | { readonly type: 'sessiongranted' }
  | { readonly type: 'visibility'; readonly sessionId: string; readonly state: VisibilityState }
  /** The user agent shut the session down (device gone, document unloaded, device changed). */
  | { readonly type: 'ended'; readonly sessionId: string }
  | { readonly type: 'reset'; readonly sessionId: string; readonly boundsOnly: boolean }
  /** An inline session's frames may run again (the immersive session ended, R-VIS-16). */
  | { readonly type: 'resume'; readonly sessionId: string }
  | { readonly type: 'framerate'; readonly sessionId: string; readonly rate: number }
  | { readonly type: 'permission'; readonly watchId: number; readonly answer: PermissionAnswer };

export type PageSink = (event: PageEvent) => void;

/** makeXRCompatible's answer: blocked by permissions policy, or whether there is a device. */
export type XRCompatibilityAnswer = 'compatible' | 'blocked' | 'no-device';
