// spec: #xrpose-interface, #xrviewerpose-interface (index.bs @ 23547b1)
//
// [SecureContext, Exposed=Window] interface XRPose {
//   [SameObject] readonly attribute XRRigidTransform transform;
//   [SameObject] readonly attribute DOMPointReadOnly? linearVelocity;
//   [SameObject] readonly attribute DOMPointReadOnly? angularVelocity;
//   readonly attribute boolean emulatedPosition; };
// [SecureContext, Exposed=Window] interface XRViewerPose : XRPose {
//   [SameObject] readonly attribute FrozenArray<XRView> views; };

import { MathFround, ReflectDeleteProperty } from '../primordials.js';
import { idlAttributes, illegalConstructor, illegalInvocation, toStringTag } from './webidl.js';
import type { XRRigidTransform } from './XRRigidTransform.js';
import type { XRView } from './XRView.js';

export class XRPose {
  #transform: XRRigidTransform;
  #emulatedPosition: boolean;

  constructor(token?: unknown, transform?: XRRigidTransform, emulatedPosition?: boolean) {
    illegalConstructor(token);
    this.#transform = transform as XRRigidTransform;
    this.#emulatedPosition = emulatedPosition === true;
  }

  static is(v: unknown): v is XRPose {
    return typeof v === 'object' && v !== null && #transform in v;
  }

  get transform(): XRRigidTransform {
    if (!XRPoseInternals.is(this)) illegalInvocation();
    return this.#transform;
  }

  // NOT IMPLEMENTED (R-POSE-08): simulated devices report no velocities; the spec allows null.
  get linearVelocity(): DOMPointReadOnly | null {
    if (!XRPoseInternals.is(this)) illegalInvocation();
    return null;
  }

  get angularVelocity(): DOMPointReadOnly | null {
    if (!XRPoseInternals.is(this)) illegalInvocation();
    return null;
  }

  get emulatedPosition(): boolean {
    if (!XRPoseInternals.is(this)) illegalInvocation();
    return this.#emulatedPosition;
  }
}

export class XRViewerPose extends XRPose {
  #views: readonly XRView[];

  constructor(
    token?: unknown,
    transform?: XRRigidTransform,
    emulatedPosition?: boolean,
    views?: readonly XRView[],
  ) {
    super(token, transform, emulatedPosition);
    this.#views = views as readonly XRView[];
  }

  get views(): readonly XRView[] {
    if (!(typeof this === 'object' && this !== null && #views in this)) illegalInvocation();
    return this.#views;
  }
}

// spec(hand-input): #xrjointpose-interface
// [Exposed=Window] interface XRJointPose: XRPose { readonly attribute float radius; };
export class XRJointPose extends XRPose {
  #radius: number;

  constructor(token?: unknown, transform?: XRRigidTransform, emulatedPosition?: boolean, radius?: number) {
    super(token, transform, emulatedPosition);
    this.#radius = MathFround(radius ?? 0);
  }

  get radius(): number {
    if (!(typeof this === 'object' && this !== null && #radius in this)) illegalInvocation();
    return this.#radius;
  }
}

idlAttributes(XRPose, ['transform', 'linearVelocity', 'angularVelocity', 'emulatedPosition']);
idlAttributes(XRJointPose, ['radius']);
toStringTag(XRJointPose, 'XRJointPose');
idlAttributes(XRViewerPose, ['views']);
toStringTag(XRPose, 'XRPose');
toStringTag(XRViewerPose, 'XRViewerPose');

/** @internal xrgate's own access to XRPose; the statics are removed from the page-visible interface object. */
export const XRPoseInternals = { is: XRPose.is };
for (const key of ['is']) ReflectDeleteProperty(XRPose, key);
