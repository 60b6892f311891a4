// The interface objects, each given its WebIDL shape once (name, length, enumerable members),
// and the list install() exposes on a page.

import {
  XRInputSourceEvent,
  XRInputSourcesChangeEvent,
  XRReferenceSpaceEvent,
  XRSessionEvent,
  XRVisibilityMaskChangeEvent,
} from './events.js';
import { XRCubeLayer, XRCylinderLayer, XREquirectLayer, XRQuadLayer } from './layers/spatial-layers.js';
import { XRCompositionLayer, XRProjectionLayer } from './layers/XRCompositionLayer.js';
import { XRLayerEvent } from './layers/XRLayerEvent.js';
import { XRMediaBinding } from './layers/XRMediaBinding.js';
import { XRSubImage, XRWebGLSubImage } from './layers/XRSubImage.js';
import { interfaceShape } from './webidl.js';
import {
  XRHitTestResult,
  XRHitTestSource,
  XRTransientInputHitTestResult,
  XRTransientInputHitTestSource,
} from './world/hit-test.js';
import { XRMesh, XRMeshSet } from './world/mesh-detection.js';
import { XRPlane, XRPlaneSet } from './world/plane-detection.js';
import { XRAnchor, XRAnchorSet } from './XRAnchor.js';
import { XRCamera } from './XRCamera.js';
import { XRCPUDepthInformation, XRDepthInformation, XRWebGLDepthInformation } from './XRDepthInformation.js';
import { XRFrame } from './XRFrame.js';
import { XRHand } from './XRHand.js';
import { XRInputSource, XRInputSourceArray } from './XRInputSource.js';
import { XRLightEstimate, XRLightProbe } from './XRLightProbe.js';
import { XRPermissionStatusInterface } from './XRPermissionStatus.js';
import { XRJointPose, XRPose, XRViewerPose } from './XRPose.js';
import { XRRay } from './XRRay.js';
import { XRRenderState } from './XRRenderState.js';
import { XRRigidTransform } from './XRRigidTransform.js';
import { XRSession } from './XRSession.js';
import { XRBoundedReferenceSpace, XRJointSpace, XRReferenceSpace, XRSpace } from './XRSpace.js';
import { XRSystem } from './XRSystem.js';
import { XRView, XRViewport } from './XRView.js';
import { XRWebGLBinding } from './XRWebGLBinding.js';
import { XRLayer, XRWebGLLayer } from './XRWebGLLayer.js';

/** name → [interface object, constructor length] */
export const interfaceObjects: Readonly<Record<string, readonly [{ prototype: object }, number]>> =
  Object.freeze({
    XRSystem: [XRSystem, 0],
    XRSession: [XRSession, 0],
    XRRenderState: [XRRenderState, 0],
    XRFrame: [XRFrame, 0],
    XRSpace: [XRSpace, 0],
    XRReferenceSpace: [XRReferenceSpace, 0],
    XRBoundedReferenceSpace: [XRBoundedReferenceSpace, 0],
    XRView: [XRView, 0],
    XRViewport: [XRViewport, 0],
    XRRigidTransform: [XRRigidTransform, 0],
    XRPose: [XRPose, 0],
    XRViewerPose: [XRViewerPose, 0],
    XRInputSource: [XRInputSource, 0],
    XRInputSourceArray: [XRInputSourceArray, 0],
    XRLayer: [XRLayer, 0],
    XRWebGLLayer: [XRWebGLLayer, 2],
    XRWebGLBinding: [XRWebGLBinding, 2],
    XRSessionEvent: [XRSessionEvent, 2],
    XRInputSourceEvent: [XRInputSourceEvent, 2],
    XRInputSourcesChangeEvent: [XRInputSourcesChangeEvent, 2],
    XRReferenceSpaceEvent: [XRReferenceSpaceEvent, 2],
    XRVisibilityMaskChangeEvent: [XRVisibilityMaskChangeEvent, 2],
    XRPermissionStatus: [XRPermissionStatusInterface, 0],
    XRLightProbe: [XRLightProbe, 0],
    XRLightEstimate: [XRLightEstimate, 0],
    XRHand: [XRHand, 0],
    XRJointSpace: [XRJointSpace, 0],
    XRJointPose: [XRJointPose, 0],
    // The Layers module (src/api/layers).
    XRCompositionLayer: [XRCompositionLayer, 0],
    XRProjectionLayer: [XRProjectionLayer, 0],
    XRQuadLayer: [XRQuadLayer, 0],
    XRCylinderLayer: [XRCylinderLayer, 0],
    XREquirectLayer: [XREquirectLayer, 0],
    XRCubeLayer: [XRCubeLayer, 0],
    XRSubImage: [XRSubImage, 0],
    XRWebGLSubImage: [XRWebGLSubImage, 0],
    XRMediaBinding: [XRMediaBinding, 1],
    XRLayerEvent: [XRLayerEvent, 2],
    XRDepthInformation: [XRDepthInformation, 0],
    XRCPUDepthInformation: [XRCPUDepthInformation, 0],
    XRWebGLDepthInformation: [XRWebGLDepthInformation, 0],
    XRCamera: [XRCamera, 0],
    XRAnchor: [XRAnchor, 0],
    XRAnchorSet: [XRAnchorSet, 0],
    XRRay: [XRRay, 0],
    XRHitTestSource: [XRHitTestSource, 0],
    XRTransientInputHitTestSource: [XRTransientInputHitTestSource, 0],
    XRHitTestResult: [XRHitTestResult, 0],
    XRTransientInputHitTestResult: [XRTransientInputHitTestResult, 0],
    XRPlane: [XRPlane, 0],
    XRPlaneSet: [XRPlaneSet, 0],
    XRMesh: [XRMesh, 0],
    XRMeshSet: [XRMeshSet, 0],
  });

// WebIDL value iterator over an indexed getter + length: the Array.prototype functions.
const arrayProto = Array.prototype;
for (const [key, fn] of [
  ['entries', arrayProto.entries],
  ['keys', arrayProto.keys],
  ['values', arrayProto.values],
  ['forEach', arrayProto.forEach],
] as const) {
  Object.defineProperty(XRInputSourceArray.prototype, key, {
    value: fn,
    writable: true,
    enumerable: true,
    configurable: true,
  });
}
Object.defineProperty(XRInputSourceArray.prototype, Symbol.iterator, {
  value: arrayProto.values,
  writable: true,
  enumerable: false,
  configurable: true,
});

for (const [name, [ctor, length]] of Object.entries(interfaceObjects)) interfaceShape(ctor, name, length);
