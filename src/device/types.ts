// The device interface: what the WebXR API layer reads from XR hardware, real or simulated.
// A device never decides anything about permission (DESIGN.md): it reports capabilities and
// raw platform data; src/policy rounds, limits and gates it.
// Coordinates: every pose is a rigid transform from a space to the device's *base space*, in which
// the `local` native origin is identity (WebXR Test API #base-reference-space, R-TEST-04).

import type { DepthCapabilities, XRDepthDataFormat } from '../policy/depth-sensing.js';
import type { XRSessionMode } from '../policy/features.js';
import type { Environment } from './world-types.js';

export interface Vec3 {
  readonly x: number;
  readonly y: number;
  readonly z: number;
}

export interface Quat {
  readonly x: number;
  readonly y: number;
  readonly z: number;
  readonly w: number;
}

/** A rigid transform: position then orientation (unit quaternion). */
export interface RigidPose {
  readonly position: Vec3;
  readonly orientation: Quat;
}

export type XREye = 'none' | 'left' | 'right';
export type XRHandedness = 'none' | 'left' | 'right';
export type XRTargetRayMode = 'gaze' | 'tracked-pointer' | 'screen' | 'transient-pointer';
export type XRVisibilityState = 'visible' | 'visible-blurred' | 'hidden';

export interface DeviceView {
  readonly eye: XREye;
  /** Column-major 4x4 projection matrix. */
  readonly projectionMatrix: readonly number[];
  /** The view's pose relative to the viewer. */
  readonly viewOffset: RigidPose;
  readonly resolution: { readonly width: number; readonly height: number };
  /** When set, the projection is derived from it and the session's depthNear/depthFar. */
  readonly fieldOfView?: {
    readonly up: number;
    readonly down: number;
    readonly left: number;
    readonly right: number;
  };
  /**
   * The region of the view the user sees (spec #xrvisibilitymaskchangeevent-interface): X, Y pairs
   * at Z = -1 and triangle indices into them. Absent: the whole view is visible.
   */
  readonly visibilityMask?: { readonly vertices: readonly number[]; readonly indices: readonly number[] };
  /**
   * The camera image aligned with this view (Test API cameraImageInit, Raw Camera Access). Never
   * sent to the page as part of the view: the session agent strips it (R-CAM-01).
   */
  readonly cameraImage?: DeviceCameraImage;
}

export interface DeviceButton {
  readonly pressed: boolean;
  readonly touched: boolean;
  readonly value: number;
}

export interface DeviceInputSource {
  /** Stable for the life of the source; a new id means a new XRInputSource. */
  readonly id: number;
  readonly handedness: XRHandedness;
  readonly targetRayMode: XRTargetRayMode;
  readonly profiles: readonly string[];
  /** Target ray origin in base space. */
  readonly pointerOrigin: RigidPose;
  /**
   * false: the target ray cannot be located this frame (the Test API's tracked pointer without a
   * grip: "if gripOrigin is null the simulated XR input source is not tracked"). Absent: true.
   */
  readonly pointerTracked?: boolean;
  /** Grip in base space, or null when untracked/absent. */
  readonly gripOrigin: RigidPose | null;
  /** The grip position is emulated (arm model). */
  readonly emulatedPosition: boolean;
  /** The target ray position is emulated. */
  readonly pointerEmulatedPosition: boolean;
  readonly buttons: readonly DeviceButton[];
  readonly axes: readonly number[];
  /** The primary (select) and squeeze actions are pressed. */
  readonly primaryPressed: boolean;
  readonly squeezePressed: boolean;
  /** A physical hand input source's skeleton (Hand Input Module), relative to the grip (the wrist). */
  readonly hand?: DeviceHand | null;
}

/** The 25 skeleton joints of a tracked hand, as the device measures them (before anonymization). */
export interface DeviceHand {
  /** Position (x, y, z) and orientation (x, y, z, w) of each joint relative to the wrist. */
  readonly joints: readonly (readonly [number, number, number, number, number, number, number])[];
  /** Each joint's radius in metres. */
  readonly radii: readonly number[];
}

/** One frame's worth of platform data. */
export interface DeviceFrameData {
  /** Viewer in base space; null while tracking is lost. */
  readonly viewer: RigidPose | null;
  readonly viewerEmulatedPosition: boolean;
  /** The physical floor in base space (raw: not rounded); null while the floor is unknown. */
  readonly floor: RigidPose | null;
  /** Native bounds (raw) in the floor's frame; null while unknown. */
  readonly bounds: readonly { readonly x: number; readonly z: number }[] | null;
  readonly views: readonly DeviceView[];
  readonly secondaryViews: readonly DeviceView[];
  readonly inputSources: readonly DeviceInputSource[];
  /** Primary/squeeze action transitions since the previous frame, in order (drained by frame()). */
  readonly inputActions: readonly DeviceInputAction[];
  /** The device's light estimate (Lighting Estimation Module); absent or null: none this frame. */
  readonly lightEstimate?: DeviceLightEstimate | null;
}

/** Raw lighting as the device estimates it (the session adjusts it per profile before reporting). */
export interface DeviceLightEstimate {
  /** 27 numbers: 9 spherical-harmonics coefficients, RGB each. */
  readonly sphericalHarmonicsCoefficients: readonly number[];
  readonly primaryLightDirection: { readonly x: number; readonly y: number; readonly z: number } | null;
  readonly primaryLightIntensity: { readonly x: number; readonly y: number; readonly z: number } | null;
}

export interface DeviceInputAction {
  readonly sourceId: number;
  readonly action: 'select' | 'squeeze';
  /** 'start' and 'end' are one edge each; 'click' is a start and a completed end in one frame. */
  readonly phase: 'start' | 'end' | 'click' | 'cancel';
  /**
   * DOM Overlays Module: where the action began in the DOM overlay (CSS pixels of the page), when
   * the device's pointer was on the overlay (the Test API's setOverlayPointerPosition); absent: in the world.
   */
  readonly overlayPoint?: { readonly x: number; readonly y: number };
}

/** Something that happened on the device, delivered in order. */
export type DeviceEvent =
  | { readonly type: 'visibility'; readonly state: XRVisibilityState }
  | { readonly type: 'reset-pose' }
  | { readonly type: 'bounds-changed' }
  | { readonly type: 'floor-changed' }
  | { readonly type: 'disconnect' };

/** How the device's view geometry came about (R-POSE-20). */
export type ViewGeometryKind = 'calibrated' | 'user-configured' | 'scripted';

/** How the device's display blends rendered imagery with the real world (AR module). */
export type XREnvironmentBlendMode = 'opaque' | 'additive' | 'alpha-blend';
/** Where the device's interactive UI is best drawn (AR module): on a screen, or in the world. */
export type XRInteractionMode = 'screen-space' | 'world-space';

export interface XRDeviceBackend {
  readonly id: string;
  readonly supportedModes: readonly XRSessionMode[];
  /**
   * The blend technique of the device's compositor for immersive sessions. Default: 'opaque' for
   * immersive-vr, 'alpha-blend' (camera passthrough) for immersive-ar.
   */
  readonly environmentBlendMode?: XREnvironmentBlendMode;
  /** Default 'world-space' (a headset); 'screen-space' for a handheld device. */
  readonly interactionMode?: XRInteractionMode;
  /** Features the device is capable of supporting, per mode (spec "capable of supporting"). */
  readonly capableFeatures: Readonly<Partial<Record<XRSessionMode, readonly string[]>>>;
  readonly reportsOrientation: boolean;
  readonly viewGeometry: ViewGeometryKind;
  /** The device's visibility state (e.g. headset removed: hidden). */
  readonly visibilityState: XRVisibilityState;
  readonly supportedFrameRates: readonly number[] | null;
  readonly nominalFrameRate: number;
  readonly connected: boolean;
  /**
   * The data for the next animation frame. Input actions are handed out once: pass
   * `{ drainActions: false }` to look without taking them.
   */
  frame(options?: { readonly drainActions?: boolean }): DeviceFrameData;
  /** Subscribe to device events; returns an unsubscribe function. */
  subscribe(listener: (event: DeviceEvent) => void): () => void;
  /** Ask the device for another frame rate (it may refuse by returning false). */
  setFrameRate?(rate: number): boolean;
  /** Native depth sensing (Depth Sensing Module); absent or null: none. */
  readonly depthSensing?: DeviceDepthSensing | null;
  /** The native camera (Raw Camera Access Module); absent or null: none. */
  readonly camera?: DeviceCamera | null;
  /** The device's native anchors (Anchors Module); absent: the device cannot track anchors. */
  readonly anchors?: DeviceAnchors;
  /**
   * The room the device senses (hit test, planes, meshes, depth), in base space; absent or null:
   * the device senses nothing (src/device/environment.ts).
   */
  readonly environment?: Environment | null;
}

/** One native anchor as the device tracks it now. */
export interface DeviceAnchorState {
  /** False while tracking is paused (the anchor's location is unknown for now). */
  readonly tracked: boolean;
  /** The anchor's native origin in base space (its last known one while not tracked). */
  readonly origin: RigidPose;
}

/** Native anchors (spec(anchors) #native-anchor): create, query, stop tracking. */
export interface DeviceAnchors {
  /** Asks the device for a new anchor at `origin` (base space); its native id, or null: refused. */
  create(origin: RigidPose, attachedToEntity: boolean): Promise<number | null>;
  /** The anchor's state now; null: the device no longer tracks it (and never will again). */
  state(id: number): DeviceAnchorState | null;
  /** The user agent is no longer interested in the anchor (spec(anchors) #delete-an-anchor step 7). */
  detach(id: number): void;
}

export const identityPose: RigidPose = Object.freeze({
  position: Object.freeze({ x: 0, y: 0, z: 0 }),
  orientation: Object.freeze({ x: 0, y: 0, z: 0, w: 1 }),
});

// --- Depth Sensing and Raw Camera Access modules (src/device/depth.ts renders them from a room) ---

/** The distance along the unit `direction` from `origin` (both in the device's base space) to the first surface, or null. */
export type RayCaster = (origin: Vec3, direction: Vec3) => number | null;

/** One depth buffer as the device measures it. */
export interface DeviceDepthBuffer {
  readonly width: number;
  readonly height: number;
  /** Depth in metres per entry, row-major (0: no data). */
  readonly metres: Float64Array;
  /** The units the device's raw values are in (what rawValueToMeters says). */
  readonly rawValueToMeters: number;
  /** The raw encoding the device delivers (kept when the page asks for the same format). */
  readonly format: XRDepthDataFormat;
  /** Maps normalized view coordinates to normalized depth buffer coordinates. */
  readonly normDepthBufferFromNormView: RigidPose;
  /** The sensor's projection, or null when it is the view's (the sensor is aligned with the view). */
  readonly projectionMatrix: readonly number[] | null;
  /** The sensor's pose relative to the viewer, or null when it is the view's. */
  readonly sensorOffset: RigidPose | null;
}

/** A device's native depth sensing (spec(depth) #native-depth-sensing-section). */
export interface DeviceDepthSensing {
  readonly capabilities: DepthCapabilities;
  /** The depth valid for this frame for `view` (the viewer at `viewer` in base space), or null. */
  depthFor(view: DeviceView, viewer: RigidPose, index: number): DeviceDepthBuffer | null;
}

/** One camera image aligned with a view (spec(camera) #native-camera-section). */
export interface DeviceCameraImage {
  readonly width: number;
  readonly height: number;
  /** RGBA8, first row at the bottom; null: an image of this size without defined contents. */
  readonly pixels: Uint8Array | null;
}

export interface DeviceCamera {
  /** The camera image of this frame aligned with `view`, or null. */
  imageFor(view: DeviceView, viewer: RigidPose, index: number): DeviceCameraImage | null;
}
