// xrgate: a WebXR runtime whose centre is the WebXR Device API's privacy, security and
// permission model. Node and bundlers: createUserAgent() gives a navigator-like object with
// `xr` and `permissions` under the real rules.

export {
  XRInputSourceEvent,
  XRInputSourcesChangeEvent,
  XRReferenceSpaceEvent,
  XRSessionEvent,
  XRVisibilityMaskChangeEvent,
} from './api/events.js';
export { XRFrame } from './api/XRFrame.js';
export { XRHand } from './api/XRHand.js';
export { XRInputSource, XRInputSourceArray } from './api/XRInputSource.js';
export { XRLightEstimate, XRLightProbe, type XRReflectionFormat } from './api/XRLightProbe.js';
export { XRPermissionStatus } from './api/XRPermissionStatus.js';
export { XRJointPose, XRPose, XRViewerPose } from './api/XRPose.js';
export { XRRenderState } from './api/XRRenderState.js';
export { XRRigidTransform } from './api/XRRigidTransform.js';
export { XRSession } from './api/XRSession.js';
export { XRBoundedReferenceSpace, XRJointSpace, XRReferenceSpace, XRSpace } from './api/XRSpace.js';
export { XRSystem } from './api/XRSystem.js';
export { XRView, XRViewport } from './api/XRView.js';
export { XRLayer, XRWebGLLayer } from './api/XRWebGLLayer.js';
export {
  DeviceControl,
  type DeviceTarget,
  type GamepadStateInit,
  lookRotation,
  type PoseInit,
} from './device/device-control.js';
export { DEVICE_FILE_FORMAT, type DeviceFile, deviceFromJSON, readDeviceFile } from './device/device-file.js';
export {
  DeviceDriver,
  type DeviceState,
  defaultDeviceState,
  readDeviceState,
} from './device/device-state.js';
export {
  builtInEnvironment,
  builtInEnvironmentList,
  builtInEnvironments,
  castRay,
  depthAlong,
  type Environment,
  type EnvironmentMesh,
  type EnvironmentPlane,
  hitPose,
  loadEnvironment,
  type RayHit,
} from './device/environment.js';
export {
  createPresetDevice,
  type DevicePresetName,
  type DeviceSpec,
  devicePresets,
} from './device/presets.js';
export {
  DeviceRecorder,
  type DeviceRecording,
  RECORDING_FORMAT,
  readRecording,
  replayRecording,
} from './device/recording.js';
export {
  createHeadset,
  createInlineDesktop,
  createOrientationOnly,
  createPhoneAR,
  perspective,
  pose,
  type SimulatedDeviceInit,
  type SimulatedInputInit,
  SimulatedInputSource,
  SimulatedXRDevice,
} from './device/simulated.js';
export type * from './device/types.js';
export type { Host, HostEvent, HostPolicyFeature } from './host/host.js';
export { type ConsentScript, ScriptedHost, type ScriptedHostOptions } from './host/scripted.js';
export { AuditLog, type AuditRecord, type Decision } from './policy/decision.js';
export { defineProfile, profiles, specProfile, strictProfile, type UAProfile } from './policy/profile.js';
export {
  createUserAgent,
  type DevicePreset,
  type UserAgent,
  type UserAgentOptions,
  type XRNavigator,
  type XRPermissions,
} from './user-agent.js';
