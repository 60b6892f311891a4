// spec: #xrframe-interface (index.bs @ 23547b1)
//
// [SecureContext, Exposed=Window] interface XRFrame {
//   [SameObject] readonly attribute XRSession session;
//   readonly attribute DOMHighResTimeStamp predictedDisplayTime;
//   XRViewerPose? getViewerPose(XRReferenceSpace referenceSpace);
//   XRPose? getPose(XRSpace space, XRSpace baseSpace); };
// A frame is *active* only while its callbacks (or its input event) run; only animation frames
// answer getViewerPose.

import type { SessionFrameData } from '../agent/protocol.js';
import { ReflectDeleteProperty, TypeError } from '../primordials.js';
import type { Rigid } from './rigid.js';
import {
  convertSequence,
  domException,
  idlAttributes,
  illegalConstructor,
  illegalInvocation,
  isFloat32Array,
  requireArgs,
  toStringTag,
} from './webidl.js';
import { type XRLightEstimate, type XRLightProbe, XRLightProbeInternals } from './XRLightProbe.js';
import type { XRJointPose, XRPose, XRViewerPose } from './XRPose.js';
import {
  type SpaceInternals,
  spaceInternals,
  XRJointSpaceInternals,
  type XRReferenceSpace,
} from './XRSpace.js';

/** One frame's data (a new object per frame: a frame kept past its callback keeps its own). */
export interface FrameState {
  readonly id: number;
  readonly data: SessionFrameData;
  /** Native viewer pose in base space, or null while tracking is lost. */
  readonly viewer: Rigid | null;
  readonly time: number;
}

/** The session operations a frame delegates to (its session's page-side core). */
export interface FrameOwner {
  readonly session: object;
  viewerPose(state: FrameState, active: boolean, ref: SpaceInternals): XRViewerPose | null;
  pose(state: FrameState, active: boolean, space: SpaceInternals, base: SpaceInternals): XRPose | null;
  jointPose(
    state: FrameState,
    active: boolean,
    joint: SpaceInternals,
    base: SpaceInternals,
  ): XRJointPose | null;
  fillJointRadii(
    state: FrameState,
    active: boolean,
    joints: readonly SpaceInternals[],
    radii: Float32Array,
  ): boolean;
  fillPoses(
    state: FrameState,
    active: boolean,
    spaces: readonly SpaceInternals[],
    base: SpaceInternals,
    transforms: Float32Array,
  ): boolean;
  lightEstimate(state: FrameState, active: boolean, probe: XRLightProbe): XRLightEstimate | null;
}

export class XRFrame {
  readonly #core: FrameOwner;
  readonly #state: FrameState;
  readonly #animationFrame: boolean;
  #active = true;
  readonly #time: number;

  constructor(
    token?: unknown,
    core?: FrameOwner,
    state?: FrameState,
    animationFrame?: boolean,
    time?: number,
  ) {
    illegalConstructor(token);
    this.#core = core as FrameOwner;
    this.#state = state as FrameState;
    this.#animationFrame = animationFrame === true;
    this.#time = time ?? 0;
  }

  static is(v: unknown): v is XRFrame {
    return typeof v === 'object' && v !== null && #core in v;
  }

  /** @internal */
  static deactivate(f: XRFrame): void {
    f.#active = false;
  }

  /** @internal */
  static isActive(f: XRFrame): boolean {
    return f.#active;
  }

  /** @internal the frame's state (the data the user agent sent for it). */
  static stateOf(f: XRFrame): FrameState {
    return f.#state;
  }

  /** @internal the pose of `space` in `base` in this frame, with getPose's checks (modules' poses). */
  static poseOf(f: XRFrame, space: SpaceInternals, base: SpaceInternals): XRPose | null {
    return f.#core.pose(f.#state, f.#active, space, base);
  }

  get session(): object {
    if (!XRFrameInternals.is(this)) illegalInvocation();
    return this.#core.session;
  }

  get predictedDisplayTime(): number {
    if (!XRFrameInternals.is(this)) illegalInvocation();
    return this.#time;
  }

  // spec: #dom-xrframe-getviewerpose
  getViewerPose(referenceSpace: XRReferenceSpace): XRViewerPose | null {
    if (!(typeof this === 'object' && this !== null && #core in this)) illegalInvocation();
    if (arguments.length < 1) requireArgs(arguments.length, 1, 'XRFrame.getViewerPose');
    const ref = spaceInternals(referenceSpace);
    // Only reference spaces have a type.
    if (!ref || ref.type === null) {
      throw new TypeError("getViewerPose: parameter 1 is not of type 'XRReferenceSpace'");
    }
    // Step 1: only animation frames (not the frame of an XRInputSourceEvent) — R-POSE-03.
    if (!this.#animationFrame) {
      throw domException(
        'InvalidStateError',
        'getViewerPose() was called on a frame that is not an animation frame (e.g. an input event frame) [R-POSE-03]',
      );
    }
    return this.#core.viewerPose(this.#state, this.#active, ref);
  }

  // spec(hand-input): #dom-xrframe-getjointpose
  getJointPose(joint: object, baseSpace: object): XRJointPose | null {
    if (!(typeof this === 'object' && this !== null && #core in this)) illegalInvocation();
    requireArgs(arguments.length, 2, 'XRFrame.getJointPose');
    const j = XRJointSpaceInternals.is(joint) ? spaceInternals(joint) : undefined;
    if (!j) throw new TypeError("getJointPose: parameter 1 is not of type 'XRJointSpace'");
    const b = spaceInternals(baseSpace);
    if (!b) throw new TypeError("getJointPose: parameter 2 is not of type 'XRSpace'");
    return this.#core.jointPose(this.#state, this.#active, j, b);
  }

  // spec(hand-input): #dom-xrframe-filljointradii
  fillJointRadii(jointSpaces: Iterable<object>, radii: Float32Array): boolean {
    if (!(typeof this === 'object' && this !== null && #core in this)) illegalInvocation();
    requireArgs(arguments.length, 2, 'XRFrame.fillJointRadii');
    const joints = convertSequence(jointSpaces, 'fillJointRadii', 1, (v) =>
      XRJointSpaceInternals.is(v) ? spaceInternals(v) : undefined,
    );
    if (!isFloat32Array(radii))
      throw new TypeError("fillJointRadii: parameter 2 is not of type 'Float32Array'");
    return this.#core.fillJointRadii(this.#state, this.#active, joints, radii);
  }

  // spec(hand-input): #dom-xrframe-fillposes
  fillPoses(spaces: Iterable<object>, baseSpace: object, transforms: Float32Array): boolean {
    if (!(typeof this === 'object' && this !== null && #core in this)) illegalInvocation();
    requireArgs(arguments.length, 3, 'XRFrame.fillPoses');
    const list = convertSequence(spaces, 'fillPoses', 1, (v) => spaceInternals(v));
    const b = spaceInternals(baseSpace);
    if (!b) throw new TypeError("fillPoses: parameter 2 is not of type 'XRSpace'");
    if (!isFloat32Array(transforms))
      throw new TypeError("fillPoses: parameter 3 is not of type 'Float32Array'");
    return this.#core.fillPoses(this.#state, this.#active, list, b, transforms);
  }

  // spec(lighting): #dom-xrframe-getlightestimate
  getLightEstimate(lightProbe: XRLightProbe): XRLightEstimate | null {
    if (!(typeof this === 'object' && this !== null && #core in this)) illegalInvocation();
    requireArgs(arguments.length, 1, 'XRFrame.getLightEstimate');
    if (!XRLightProbeInternals.is(lightProbe)) {
      throw new TypeError("getLightEstimate: parameter 1 is not of type 'XRLightProbe'");
    }
    return this.#core.lightEstimate(this.#state, this.#active, lightProbe);
  }

  // spec: #dom-xrframe-getpose
  getPose(space: object, baseSpace: object): XRPose | null {
    if (!(typeof this === 'object' && this !== null && #core in this)) illegalInvocation();
    if (arguments.length < 2) requireArgs(arguments.length, 2, 'XRFrame.getPose');
    const s = spaceInternals(space);
    if (!s) throw new TypeError("getPose: parameter 1 is not of type 'XRSpace'");
    const b = spaceInternals(baseSpace);
    if (!b) throw new TypeError("getPose: parameter 2 is not of type 'XRSpace'");
    return this.#core.pose(this.#state, this.#active, s, b);
  }
}

idlAttributes(XRFrame, ['session', 'predictedDisplayTime']);
toStringTag(XRFrame, 'XRFrame');

/** @internal xrgate's own access to XRFrame; the statics are removed from the page-visible interface object. */
export const XRFrameInternals = {
  is: XRFrame.is,
  deactivate: XRFrame.deactivate,
  isActive: XRFrame.isActive,
  stateOf: XRFrame.stateOf,
  poseOf: XRFrame.poseOf,
};
for (const key of ['is', 'deactivate', 'isActive', 'stateOf', 'poseOf']) ReflectDeleteProperty(XRFrame, key);
