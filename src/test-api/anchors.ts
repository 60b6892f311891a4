// spec(test): #anchors-extensions (webxr-test-api index.bs): FakeXRDevice.setAnchorCreationCallback
// and FakeXRAnchorController. The callback decides each anchor creation that reached the device
// (the user agent's policy already allowed it, src/policy/anchors.ts); the controller it is handed
// moves, pauses, resumes and stops that anchor.
//
// dictionary FakeXRAnchorCreationParameters { FakeXRRigidTransformInit requestedAnchorOrigin;
//   boolean isAttachedToEntity; };
// callback FakeXRAnchorCreationCallback = Promise<boolean> (FakeXRAnchorCreationParameters
//   parameters, FakeXRAnchorController anchorController);
// [SecureContext, Exposed=Window] interface FakeXRAnchorController {
//   readonly attribute boolean deleted;
//   undefined pauseTracking(); undefined resumeTracking(); undefined stopTracking();
//   undefined setAnchorOrigin(FakeXRRigidTransformInit anchorOrigin); };

import {
  INTERNAL,
  idlAttributes,
  illegalConstructor,
  illegalInvocation,
  requireArgs,
  toStringTag,
} from '../api/webidl.js';
import type { AnchorCreationHandler, SimulatedAnchor, SimulatedAnchors } from '../device/anchors.js';
import type { RigidPose } from '../device/types.js';
import { parseRigidTransform } from './dictionaries.js';
import type { FakeXRRigidTransformInit } from './types.js';

export class FakeXRAnchorController {
  readonly #anchor: SimulatedAnchor;

  constructor(token?: unknown, anchor?: SimulatedAnchor) {
    illegalConstructor(token);
    this.#anchor = anchor as SimulatedAnchor;
  }

  static is(v: unknown): v is FakeXRAnchorController {
    return typeof v === 'object' && v !== null && #anchor in v;
  }

  #me(): SimulatedAnchor {
    if (!FakeXRAnchorControllerInternals.is(this)) illegalInvocation();
    return this.#anchor;
  }

  /** The page deleted the anchor (anchor.delete(), or its session ended): changes are ignored. */
  get deleted(): boolean {
    return this.#me().detached;
  }

  pauseTracking(): void {
    this.#me().pause();
  }

  resumeTracking(): void {
    this.#me().resume();
  }

  stopTracking(): void {
    this.#me().stop();
  }

  setAnchorOrigin(anchorOrigin: FakeXRRigidTransformInit): void {
    const a = this.#me();
    requireArgs(arguments.length, 1, 'FakeXRAnchorController.setAnchorOrigin');
    a.setOrigin(parseRigidTransform(anchorOrigin, 'anchorOrigin'));
  }
}

/** @internal */
export const FakeXRAnchorControllerInternals = { is: FakeXRAnchorController.is };
Reflect.deleteProperty(FakeXRAnchorController, 'is');
idlAttributes(FakeXRAnchorController, ['deleted']);
toStringTag(FakeXRAnchorController, 'FakeXRAnchorController');

function transformInit(p: RigidPose): FakeXRRigidTransformInit {
  return {
    position: [p.position.x, p.position.y, p.position.z],
    orientation: [p.orientation.x, p.orientation.y, p.orientation.z, p.orientation.w],
  };
}

/**
 * spec(test): #dom-fakexrdevice-setanchorcreationcallback: `callback` (or null) decides the
 * device's anchor creations from now on; a callback that throws, rejects or resolves anything but
 * true refuses (#determine-if-anchor-creation-succeeded).
 */
export function setAnchorCreationCallback(anchors: SimulatedAnchors, callback: unknown): void {
  if (callback === null || callback === undefined) {
    anchors.setCreationHandler(null);
    return;
  }
  if (typeof callback !== 'function') {
    throw new TypeError(
      "setAnchorCreationCallback: parameter 1 is not of type 'FakeXRAnchorCreationCallback'",
    );
  }
  const handler: AnchorCreationHandler = (request, anchor) => {
    const parameters = {
      requestedAnchorOrigin: transformInit(request.origin),
      isAttachedToEntity: request.attachedToEntity,
    };
    const controller = new FakeXRAnchorController(INTERNAL, anchor);
    return Promise.resolve(Reflect.apply(callback, undefined, [parameters, controller])).then(
      (v) => v === true,
    );
  };
  anchors.setCreationHandler(handler);
}
