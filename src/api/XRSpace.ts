// spec: #xrspace-interface, #xrreferencespace-interface, #xrboundedreferencespace-interface
// (index.bs @ 23547b1)
//
// [SecureContext, Exposed=Window] interface XRSpace : EventTarget {};
// enum XRReferenceSpaceType { "viewer", "local", "local-floor", "bounded-floor", "unbounded" };
// [SecureContext, Exposed=Window] interface XRReferenceSpace : XRSpace {
//   [NewObject] XRReferenceSpace getOffsetReferenceSpace(XRRigidTransform originOffset);
//   attribute EventHandler onreset; };
// [SecureContext, Exposed=Window] interface XRBoundedReferenceSpace : XRReferenceSpace {
//   readonly attribute FrozenArray<DOMPointReadOnly> boundsGeometry; };
// Each space has a native origin (tracked by the device) and an origin offset.

import type { PointXZ } from '../policy/adjustments.js';
import type { ReferenceSpaceType } from '../policy/features.js';
import type { XRHandJoint } from '../policy/hand-input.js';
import {
  ArrayPrototypePush,
  Float64Array,
  ObjectFreeze,
  ReflectDeleteProperty,
  TypeError,
} from '../primordials.js';
import type { XRReferenceSpaceEvent } from './events.js';
import { makePoint } from './geometry.js';
import { compose, copy, invert, isIdentity, type Rigid, rigid } from './rigid.js';
import {
  defineEventHandlers,
  INTERNAL,
  idlAttributes,
  illegalConstructor,
  illegalInvocation,
  requireArgs,
  toStringTag,
} from './webidl.js';
import { type XRRigidTransform, XRRigidTransformInternals } from './XRRigidTransform.js';

const EventTargetCtor = EventTarget;

/** Which native origin a space follows. */
export type NativeRef =
  | { readonly kind: 'viewer' }
  | { readonly kind: 'local' }
  | { readonly kind: 'floor' }
  | { readonly kind: 'unbounded' }
  | { readonly kind: 'pointer'; readonly sourceId: number }
  | { readonly kind: 'grip'; readonly sourceId: number }
  /** A hand's skeleton joint (Hand Input Module): joint index 0–24 of input source `sourceId`. */
  | { readonly kind: 'joint'; readonly sourceId: number; readonly joint: number }
  /** An anchor (Anchors Module): `sourceId` is the user agent's anchor id (one shape for every ref). */
  | { readonly kind: 'anchor'; readonly sourceId: number };

/** What a space needs from the session it belongs to. */
export interface SpaceOwner {
  /** The bounds as reported (rounded inside, limited), in the floor's frame; [] while unknown. */
  reportedBounds(): readonly PointXZ[];
}

export interface SpaceInternals {
  /** The session's page-side core (compared by identity; bounds for XRBoundedReferenceSpace). */
  readonly core: SpaceOwner;
  readonly native: NativeRef;
  /** Origin offset (identity for non-reference spaces). */
  readonly offset: Rigid;
  readonly type: ReferenceSpaceType | null;
  /** Spaces made by getOffsetReferenceSpace from this one, for reset events. */
  readonly children: XRReferenceSpace[];
  /** Last viewer pose reported in this space (getViewerPose's force-emulation branch). */
  lastViewerPose: Rigid | null;
}

// A private field (not a WeakMap): the brand check and the lookup are one fast step on the pose path.
let readInternals: (space: unknown) => SpaceInternals | undefined = () => undefined;
// Brand checks of the subclasses (private names, not instanceof: the page can define
// Symbol.hasInstance on the interface objects).
let isReferenceSpace: (space: unknown) => boolean = () => false;
let isBoundedReferenceSpace: (space: unknown) => boolean = () => false;

export function spaceInternals(space: unknown): SpaceInternals | undefined {
  return readInternals(space);
}

export class XRSpace extends EventTargetCtor {
  readonly #data: SpaceInternals;

  constructor(token?: unknown, data?: SpaceInternals) {
    illegalConstructor(token);
    super();
    this.#data = data as SpaceInternals;
  }

  static {
    readInternals = (v) =>
      typeof v === 'object' && v !== null && #data in v ? (v as XRSpace).#data : undefined;
  }
}

/** The event of a reference space's `reset`. */
export type XRReferenceSpaceEventOf = XRReferenceSpaceEvent & {
  readonly referenceSpace: XRReferenceSpace;
  readonly transform: XRRigidTransform | null;
};

export class XRReferenceSpace extends XRSpace {
  /** EventHandler attribute (defined on the prototype by defineEventHandlers). */
  declare onreset: ((this: XRReferenceSpace, ev: XRReferenceSpaceEventOf) => unknown) | null;
  #referenceSpaceBrand(): void {}

  static {
    isReferenceSpace = (v) => typeof v === 'object' && v !== null && #referenceSpaceBrand in v;
  }

  // spec: #dom-xrreferencespace-getoffsetreferencespace
  getOffsetReferenceSpace(originOffset: XRRigidTransform): XRReferenceSpace {
    const me = spaceInternals(this);
    if (!me || me.type === null) illegalInvocation();
    requireArgs(arguments.length, 1, 'XRReferenceSpace.getOffsetReferenceSpace');
    if (!XRRigidTransformInternals.is(originOffset)) {
      throw new TypeError("getOffsetReferenceSpace: parameter 1 is not of type 'XRRigidTransform'");
    }
    const offset = compose(new Float64Array(7), me.offset, XRRigidTransformInternals.data(originOffset));
    const data: SpaceInternals = {
      core: me.core,
      native: me.native,
      offset,
      type: me.type,
      children: [],
      lastViewerPose: null,
    };
    const child = isBoundedReferenceSpace(this)
      ? new XRBoundedReferenceSpace(INTERNAL, data)
      : new XRReferenceSpace(INTERNAL, data);
    ArrayPrototypePush(me.children, child);
    return child;
  }
}

export class XRBoundedReferenceSpace extends XRReferenceSpace {
  #cacheKey: readonly PointXZ[] | null = null;
  #cache: readonly DOMPointReadOnly[] = ObjectFreeze([]);

  static {
    isBoundedReferenceSpace = (v) => typeof v === 'object' && v !== null && #cacheKey in v;
  }

  // spec: #dom-xrboundedreferencespace-boundsgeometry — the (rounded, limited) native bounds,
  // premultiplied by the inverse of the origin offset; [] while unknown (R-SPACE-19).
  get boundsGeometry(): readonly DOMPointReadOnly[] {
    const me = spaceInternals(this);
    if (!me || !isBoundedReferenceSpace(this)) illegalInvocation();
    const bounds = me.core.reportedBounds();
    if (bounds === this.#cacheKey) return this.#cache;
    this.#cacheKey = bounds;
    if (bounds.length === 0) {
      this.#cache = ObjectFreeze([]);
      return this.#cache;
    }
    const inv = invert(new Float64Array(7), me.offset);
    const p = rigid();
    const out = new Float64Array(7);
    const pts: DOMPointReadOnly[] = [];
    for (let i = 0; i < bounds.length; i++) {
      const b = bounds[i]!;
      p[0] = b.x;
      p[1] = 0;
      p[2] = b.z;
      if (isIdentity(inv)) copy(out, p);
      else compose(out, inv, p);
      ArrayPrototypePush(pts, makePoint(out[0] as number, out[1] as number, out[2] as number, 1));
    }
    this.#cache = ObjectFreeze(pts);
    return this.#cache;
  }
}

// spec(hand-input): #xrjointspace-interface
// [Exposed=Window] interface XRJointSpace: XRSpace { readonly attribute XRHandJoint jointName; };
export class XRJointSpace extends XRSpace {
  readonly #jointName: XRHandJoint;

  constructor(token?: unknown, data?: SpaceInternals, jointName?: XRHandJoint) {
    super(token, data);
    this.#jointName = jointName ?? 'wrist';
  }

  static is(v: unknown): v is XRJointSpace {
    return typeof v === 'object' && v !== null && #jointName in v;
  }

  get jointName(): XRHandJoint {
    if (!XRJointSpaceInternals.is(this)) illegalInvocation();
    return this.#jointName;
  }
}

/** @internal */
export const XRJointSpaceInternals = { is: XRJointSpace.is };
ReflectDeleteProperty(XRJointSpace, 'is');
idlAttributes(XRJointSpace, ['jointName']);
toStringTag(XRJointSpace, 'XRJointSpace');

export function createJointSpace(data: SpaceInternals, jointName: XRHandJoint): XRJointSpace {
  return new XRJointSpace(INTERNAL, data, jointName);
}

defineEventHandlers(
  XRReferenceSpace.prototype,
  (o) => isReferenceSpace(o) && spaceInternals(o) !== undefined,
  ['reset'],
);
idlAttributes(XRBoundedReferenceSpace, ['boundsGeometry']);
toStringTag(XRSpace, 'XRSpace');
toStringTag(XRReferenceSpace, 'XRReferenceSpace');
toStringTag(XRBoundedReferenceSpace, 'XRBoundedReferenceSpace');

export function createSpace(data: SpaceInternals): XRSpace {
  return new XRSpace(INTERNAL, data);
}

export function createReferenceSpace(data: SpaceInternals): XRReferenceSpace {
  return data.type === 'bounded-floor'
    ? new XRBoundedReferenceSpace(INTERNAL, data)
    : new XRReferenceSpace(INTERNAL, data);
}
