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
import type { RigidPose } from '../device/types.js';
import {
  ArrayPrototypePush,
  PromiseReject,
  queueMicrotask,
  ReflectDeleteProperty,
  TypeError,
} from '../primordials.js';
import { frameAnchorsOf } from './anchor-registry.js';
import type { Rigid } from './rigid.js';
import { sensingSessionOf } from './sensing/sensing-session.js';
import {
  convertSequence,
  domException,
  idlAttributes,
  illegalConstructor,
  illegalInvocation,
  isFloat32Array,
  rejected,
  requireArgs,
  toStringTag,
} from './webidl.js';
import { createAnchorSet, type XRAnchor, type XRAnchorSet } from './XRAnchor.js';
import { frameDepthInformation, type XRCPUDepthInformation } from './XRDepthInformation.js';
import { type XRLightEstimate, type XRLightProbe, XRLightProbeInternals } from './XRLightProbe.js';
import type { XRJointPose, XRPose, XRViewerPose } from './XRPose.js';
import { XRRigidTransformInternals } from './XRRigidTransform.js';
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
    // (Anchors Module: see #settling.)
    if (f.#settling) {
      ArrayPrototypePush(settlingFrames, f);
      if (settlingFrames.length === 1) queueMicrotask(settleFrames);
    }
  }

  /**
   * Anchors Module: createAnchor also accepts the frame while the microtasks its callbacks queued
   * run (a browser runs them after each callback, while the frame is still active; xrgate's frame
   * loop is one script, so they run after it): cleared by a microtask queued when the frame ends.
   */
  #settling = true;

  /** @internal */
  static settle(f: XRFrame): void {
    f.#settling = false;
  }

  /**
   * @internal Anchors Module, for the Hit Test Module's XRHitTestResult.createAnchor(): an anchor at
   * `nativeOrigin` (the result's native origin in base space; null: none) in frame `f`, with
   * createAnchor's checks (spec(anchors) #dom-xrhittestresult-createanchor).
   */
  static createAnchorAt(f: XRFrame, nativeOrigin: RigidPose | null): Promise<XRAnchor> {
    const hooks = frameAnchorsOf(f.#core.session);
    if (hooks === undefined) {
      return PromiseReject(
        domException('InvalidStateError', 'createAnchor(): the session has ended [R-ANCHOR-02]'),
      );
    }
    return hooks.createAnchorAtBasePose(
      f.#state,
      f.#active || (f.#settling && f.#animationFrame),
      nativeOrigin,
    );
  }

  /** @internal */
  static isActive(f: XRFrame): boolean {
    return f.#active;
  }

  /** @internal (the Layers module: getSubImage's frame checks) */
  static isAnimationFrame(f: XRFrame): boolean {
    return f.#animationFrame;
  }
  /** @internal */
  static sessionOf(f: XRFrame): object {
    return f.#core.session;
  }
  /** @internal */
  static frameId(f: XRFrame): number {
    return f.#state.id;
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

  // spec(depth): #dom-xrframe-getdepthinformation (src/api/XRDepthInformation.ts)
  getDepthInformation(view: object): XRCPUDepthInformation | null {
    if (!(typeof this === 'object' && this !== null && #core in this)) illegalInvocation();
    requireArgs(arguments.length, 1, 'XRFrame.getDepthInformation');
    const session = this.#core.session;
    return frameDepthInformation(
      sensingSessionOf(session),
      { session, id: this.#state.id, active: this.#active, animationFrame: this.#animationFrame },
      view,
    );
  }

  // spec(anchors): #dom-xrframe-createanchor (steps 2–11: the session's anchors, session/anchors.ts)
  createAnchor(pose: object, space: object): Promise<XRAnchor> {
    try {
      if (!(typeof this === 'object' && this !== null && #core in this)) illegalInvocation();
      requireArgs(arguments.length, 2, 'XRFrame.createAnchor');
      if (!XRRigidTransformInternals.is(pose)) {
        throw new TypeError("createAnchor: parameter 1 is not of type 'XRRigidTransform'");
      }
      const s = spaceInternals(space);
      if (!s) throw new TypeError("createAnchor: parameter 2 is not of type 'XRSpace'");
      const hooks = frameAnchorsOf(this.#core.session);
      if (hooks === undefined) {
        return PromiseReject(
          domException('InvalidStateError', 'createAnchor(): the session has ended [R-ANCHOR-02]'),
        );
      }
      return hooks.createAnchor(
        this.#state,
        this.#active || (this.#settling && this.#animationFrame),
        XRRigidTransformInternals.data(pose),
        s,
      );
    } catch (e) {
      return rejected(e);
    }
  }

  // spec(anchors): #dom-xrframe-trackedanchors ([SameObject]: one set per frame)
  get trackedAnchors(): XRAnchorSet {
    if (!XRFrameInternals.is(this)) illegalInvocation();
    const hooks = frameAnchorsOf(this.#core.session);
    if (hooks === undefined) {
      this.#emptyAnchors ??= createAnchorSet([]);
      return this.#emptyAnchors;
    }
    return hooks.trackedAnchors(this.#state);
  }

  #emptyAnchors: XRAnchorSet | undefined = undefined;

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

idlAttributes(XRFrame, ['session', 'predictedDisplayTime', 'trackedAnchors']);
toStringTag(XRFrame, 'XRFrame');

/** @internal xrgate's own access to XRFrame; the statics are removed from the page-visible interface object. */
export const XRFrameInternals = {
  is: XRFrame.is,
  deactivate: XRFrame.deactivate,
  isActive: XRFrame.isActive,
  isAnimationFrame: XRFrame.isAnimationFrame,
  sessionOf: XRFrame.sessionOf,
  frameId: XRFrame.frameId,
  stateOf: XRFrame.stateOf,
  poseOf: XRFrame.poseOf,
};
const settleFrame = XRFrame.settle;
/**
 * @internal For the Hit Test Module: `XRFrameAnchors.createAnchorAt(frame, nativeOrigin)` is what
 * XRHitTestResult.createAnchor() calls (R-ANCHOR-01..04 apply).
 */
export const XRFrameAnchors = { createAnchorAt: XRFrame.createAnchorAt };
for (const key of [
  'is',
  'deactivate',
  'isActive',
  'isAnimationFrame',
  'sessionOf',
  'frameId',
  'settle',
  'createAnchorAt',
  'stateOf',
  'poseOf',
])
  ReflectDeleteProperty(XRFrame, key);

/** Frames whose callbacks' microtasks have not run yet (see XRFrame #settling). */
const settlingFrames: XRFrame[] = [];
function settleFrames(): void {
  for (let i = 0; i < settlingFrames.length; i++) settleFrame(settlingFrames[i]!);
  settlingFrames.length = 0;
}
