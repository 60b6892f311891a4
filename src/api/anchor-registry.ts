// Where an XRFrame (and, later, an XRHitTestResult) finds its session's anchors (Anchors Module)
// without importing the session: each session's page-side anchors (session/anchors.ts) register
// here under the XRSession object, which every frame knows.

import type { RigidPose } from '../device/types.js';
import { PromiseReject, SafeWeakMap } from '../primordials.js';
import type { Rigid } from './rigid.js';
import { domException } from './webidl.js';
import type { XRAnchor, XRAnchorSet } from './XRAnchor.js';
import type { SpaceInternals } from './XRSpace.js';

/** A frame's state (XRFrame.ts FrameState: not imported, XRFrame imports this module). */
type FrameState = object;

/** What a session's anchors answer for its frames. */
export interface FrameAnchorHooks {
  /** spec(anchors): #dom-xrframe-createanchor (the arguments converted; `pose` packed). */
  createAnchor(state: FrameState, active: boolean, pose: Rigid, space: SpaceInternals): Promise<XRAnchor>;
  /**
   * An anchor at a pose already in base space (an XRHitTestResult's native origin): the hit test
   * module's createAnchor() calls this through createAnchorAt below.
   */
  createAnchorAtBasePose(state: FrameState, active: boolean, pose: RigidPose | null): Promise<XRAnchor>;
  /** spec(anchors): #dom-xrframe-trackedanchors: the frame's set ([SameObject] per frame). */
  trackedAnchors(state: FrameState): XRAnchorSet;
}

const hooks = new SafeWeakMap<object, FrameAnchorHooks>();

export function registerFrameAnchors(session: object, h: FrameAnchorHooks): void {
  hooks.set(session, h);
}

export function frameAnchorsOf(session: object): FrameAnchorHooks | undefined {
  return hooks.get(session);
}

/**
 * spec(anchors): #dom-xrhittestresult-createanchor steps 3–11, for the Hit Test Module's
 * XRHitTestResult: an anchor at `nativeOrigin` (the result's native origin in base space, null when
 * there is none) in the frame `state` of `session`. The same rules as XRFrame.createAnchor apply
 * (R-ANCHOR-01..04, decided by the user agent).
 */
export function createAnchorAt(
  session: object,
  state: FrameState,
  active: boolean,
  nativeOrigin: RigidPose | null,
): Promise<XRAnchor> {
  const h = hooks.get(session);
  if (h === undefined) {
    return PromiseReject(
      domException('InvalidStateError', 'createAnchor(): the session has ended [R-ANCHOR-02]'),
    );
  }
  return h.createAnchorAtBasePose(state, active, nativeOrigin);
}
