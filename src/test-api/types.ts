// The WebXR Test API's dictionaries and enums (webxr-test-api index.bs @ 0d410d7) as TypeScript
// types: the parameter types of XRTest, FakeXRDevice and FakeXRInputController. They describe what a
// test writes; the run-time conversion (dictionaries.ts) is WebIDL's and stays as lenient as WebIDL
// is. A WebIDL `sequence<T>` is any iterable (an array, a Float32Array …): Iterable<T> here.

import type {
  XREnvironmentBlendMode,
  XREye,
  XRHandedness,
  XRInteractionMode,
  XRTargetRayMode,
  XRVisibilityState,
} from '../device/types.js';
import type { XRSessionMode } from '../policy/features.js';

export type {
  XREnvironmentBlendMode,
  XREye,
  XRHandedness,
  XRInteractionMode,
  XRSessionMode,
  XRTargetRayMode,
  XRVisibilityState,
};

/** `dictionary FakeXRRigidTransformInit`: a position (3 numbers) and an orientation quaternion (4: x, y, z, w). */
export interface FakeXRRigidTransformInit {
  position: Iterable<number>;
  orientation: Iterable<number>;
}

/** `dictionary FakeXRFieldOfViewInit`: the view's field of view in degrees (the projection then follows it). */
export interface FakeXRFieldOfViewInit {
  upDegrees: number;
  downDegrees: number;
  leftDegrees: number;
  rightDegrees: number;
}

/** `dictionary FakeXRDeviceResolution`: the view's size in pixels. */
export interface FakeXRDeviceResolution {
  width: number;
  height: number;
}

/** `dictionary FakeXRVisibilityMask`: the view's visible area, as triangles. */
export interface FakeXRVisibilityMask {
  vertices: Iterable<number>;
  indices: Iterable<number>;
}

/** `dictionary FakeXRCameraImage` (raw camera access extensions: the view's camera image). */
export interface FakeXRCameraImage {
  width: number;
  height: number;
  pixels?: Uint32Array;
}

/** `dictionary FakeXRViewInit`: one view (an eye, or a secondary view). */
export interface FakeXRViewInit {
  eye: XREye;
  /** A column-major 4×4 matrix: 16 numbers (ignored when `fieldOfView` is given). */
  projectionMatrix: Iterable<number>;
  resolution: FakeXRDeviceResolution;
  /** The view's pose relative to the viewer. */
  viewOffset: FakeXRRigidTransformInit;
  fieldOfView?: FakeXRFieldOfViewInit;
  visibilityMask?: FakeXRVisibilityMask;
  /** Raw camera access extensions: the camera image aligned with this view (XRView.camera). */
  cameraImageInit?: FakeXRCameraImage;
}

/** `dictionary FakeXRBoundsPoint`: a point of the bounded reference space's boundary, in metres. */
export interface FakeXRBoundsPoint {
  x?: number;
  z?: number;
}

/** `enum FakeXRRegionType` (hit test extensions). */
export type FakeXRRegionType = 'point' | 'plane' | 'mesh';

/** `dictionary FakeXRTriangleInit` (hit test extensions): 3 vertices. */
export interface FakeXRTriangleInit {
  vertices: Iterable<DOMPointInit>;
}

/** `dictionary FakeXRPlanePolygonPointInit` (plane detection extensions). */
export interface FakeXRPlanePolygonPointInit {
  x: number;
  z: number;
}

/** `dictionary FakeXRPlaneInformationInit` (plane detection extensions). */
export interface FakeXRPlaneInformationInit {
  origin: FakeXRRigidTransformInit;
  polygon: Iterable<FakeXRPlanePolygonPointInit>;
  orientation: 'horizontal' | 'vertical';
  semanticLabel?: string | null;
}

/** `dictionary FakeXRRegionInit` (hit test extensions). */
export interface FakeXRRegionInit {
  faces: Iterable<FakeXRTriangleInit>;
  type: FakeXRRegionType;
  planeInfo?: FakeXRPlaneInformationInit;
}

/**
 * `dictionary FakeXRWorldInit` (hit test extensions). xrgate does not implement the Hit Test
 * module: setWorld() checks the dictionary and keeps nothing.
 */
export interface FakeXRWorldInit {
  hitTestRegions: Iterable<FakeXRRegionInit>;
}

/**
 * `dictionary FakeXRDepthSensingDataInit` (depth sensing extensions): the native depth the device
 * returns for every view (src/test-api/depth-sensing.ts); xrgate's policy adjusts it before a page sees it.
 */
export interface FakeXRDepthSensingDataInit {
  /** An ArrayBuffer (WPT passes a Uint8Array over one: accepted too). */
  depthData: ArrayBuffer | ArrayBufferView;
  /** The Depth Sensing module's XRDepthFormat. */
  depthFormat: string;
  normDepthBufferFromNormView: FakeXRRigidTransformInit;
  rawValueToMeters: number;
  width: number;
  height: number;
  projectionMatrix?: Iterable<number>;
  viewOffset?: FakeXRRigidTransformInit;
}

/** `dictionary FakeXRDepthConfigurationSupport` (depth sensing extensions; the module's enums). */
export interface FakeXRDepthConfigurationSupport {
  depthTypes?: Iterable<string>;
  depthFormats?: Iterable<string>;
  depthUsages?: Iterable<string>;
}

/** `dictionary FakeXRDeviceInit`: the simulated device simulateDeviceConnection() connects. */
export interface FakeXRDeviceInit {
  /**
   * Whether the device supports 'immersive-vr'. The spec marks it required and deprecated in
   * favour of `supportedModes`; xrgate requires it only when `supportedModes` is absent (as the
   * modules' web-platform-tests use it).
   */
  supportsImmersive?: boolean;
  supportedModes?: Iterable<XRSessionMode>;
  /** At least one view. */
  views: Iterable<FakeXRViewInit>;
  secondaryViews?: Iterable<FakeXRViewInit>;
  /** The feature descriptors the device supports (`sequence<any>`: a non-string never matches one). */
  supportedFeatures?: Iterable<unknown>;
  /** At least 3 points. */
  boundsCoordinates?: Iterable<FakeXRBoundsPoint>;
  /** null: as absent (no floor origin). */
  floorOrigin?: FakeXRRigidTransformInit | null;
  /** null: as absent (no viewer origin: tracking not established). */
  viewerOrigin?: FakeXRRigidTransformInit | null;
  /** The AR module's additions to the Test API. */
  environmentBlendMode?: XREnvironmentBlendMode;
  interactionMode?: XRInteractionMode;
  /** Hit test extensions (accepted, not used: xrgate does not implement the module). */
  world?: FakeXRWorldInit;
  /** Depth sensing extensions: the native depth data and the supported configurations. */
  depthSensingData?: FakeXRDepthSensingDataInit;
  depthSupport?: FakeXRDepthConfigurationSupport;
}

/** `enum FakeXRButtonType`. */
export type FakeXRButtonType = 'grip' | 'touchpad' | 'thumbstick' | 'optional-button' | 'optional-thumbstick';

/** `dictionary FakeXRButtonStateInit`: a button's state (a pressed button must be touched; value in [0, 1]). */
export interface FakeXRButtonStateInit {
  buttonType: FakeXRButtonType;
  pressed: boolean;
  touched: boolean;
  pressedValue: number;
  xValue?: number;
  yValue?: number;
}

/** `dictionary FakeXRInputSourceInit`: the input source simulateInputSourceConnection() connects. */
export interface FakeXRInputSourceInit {
  handedness: XRHandedness;
  targetRayMode: XRTargetRayMode;
  pointerOrigin: FakeXRRigidTransformInit;
  profiles: Iterable<string>;
  selectionStarted?: boolean;
  selectionClicked?: boolean;
  supportedButtons?: Iterable<FakeXRButtonStateInit>;
  gripOrigin?: FakeXRRigidTransformInit;
}

/**
 * `dictionary FakeXRLightEstimateInit` (lighting estimation extensions): 27 spherical harmonics
 * coefficients; a direction has w = 0 and an intensity w = 1.
 */
export interface FakeXRLightEstimateInit {
  sphericalHarmonicsCoefficients: Iterable<number>;
  primaryLightDirection?: DOMPointInit;
  primaryLightIntensity?: DOMPointInit;
}
