// spec(hand-input): #xrhand-interface (WebXR Hand Input Module)
//
// [Exposed=Window] interface XRHand {
//   iterable<XRHandJoint, XRJointSpace>;
//   readonly attribute unsigned long size;
//   XRJointSpace get(XRHandJoint key); };
// The list of joint spaces never changes over a session: one XRJointSpace per skeleton joint,
// made with the hand.

import { handJoints, type XRHandJoint } from '../policy/hand-input.js';
import {
  convertEnum,
  idlAttributes,
  illegalConstructor,
  illegalInvocation,
  requireArgs,
  toStringTag,
} from './webidl.js';
import type { XRJointSpace } from './XRSpace.js';

export class XRHand {
  readonly #joints: readonly XRJointSpace[];

  constructor(token?: unknown, joints?: readonly XRJointSpace[]) {
    illegalConstructor(token);
    this.#joints = Object.freeze([...(joints ?? [])]);
  }

  static is(v: unknown): v is XRHand {
    return typeof v === 'object' && v !== null && #joints in v;
  }

  get size(): number {
    if (!XRHandInternals.is(this)) illegalInvocation();
    return this.#joints.length;
  }

  get(key: XRHandJoint): XRJointSpace {
    if (!XRHandInternals.is(this)) illegalInvocation();
    requireArgs(arguments.length, 1, 'XRHand.get');
    const name = convertEnum(key, handJoints, 'XRHand.get');
    return this.#joints[handJoints.indexOf(name)] as XRJointSpace;
  }

  /** @internal the [joint name, joint space] pairs, in joint order. */
  static pairs(h: XRHand): [XRHandJoint, XRJointSpace][] {
    return h.#joints.map((s, i) => [handJoints[i] as XRHandJoint, s]);
  }
}

/** @internal xrgate's own access to XRHand; the statics are removed from the page-visible interface object. */
export const XRHandInternals = { is: XRHand.is, pairs: XRHand.pairs };
for (const key of ['is', 'pairs']) Reflect.deleteProperty(XRHand, key);

// WebIDL pair iterator: entries/keys/values/forEach, and @@iterator is entries.
function pairsOf(self: unknown): [XRHandJoint, XRJointSpace][] {
  if (!XRHandInternals.is(self)) illegalInvocation();
  return XRHandInternals.pairs(self);
}
const iterableMembers = {
  entries(this: XRHand): IterableIterator<[XRHandJoint, XRJointSpace]> {
    return pairsOf(this)[Symbol.iterator]();
  },
  keys(this: XRHand): IterableIterator<XRHandJoint> {
    return pairsOf(this)
      .map(([k]) => k)
      [Symbol.iterator]();
  },
  values(this: XRHand): IterableIterator<XRJointSpace> {
    return pairsOf(this)
      .map(([, v]) => v)
      [Symbol.iterator]();
  },
  forEach(
    this: XRHand,
    callback: (value: XRJointSpace, key: XRHandJoint, hand: XRHand) => void,
    thisArg?: unknown,
  ) {
    const pairs = pairsOf(this);
    if (typeof callback !== 'function')
      throw new TypeError("XRHand.forEach: parameter 1 is not of type 'Function'");
    for (const [k, v] of pairs) callback.call(thisArg, v, k, this);
  },
};
for (const [name, fn] of Object.entries(iterableMembers)) {
  Object.defineProperty(XRHand.prototype, name, {
    value: fn,
    writable: true,
    enumerable: true,
    configurable: true,
  });
}
// WebIDL: forEach(callback, optional thisArg) has length 1.
Object.defineProperty(iterableMembers.forEach, 'length', { value: 1 });
Object.defineProperty(XRHand.prototype, Symbol.iterator, {
  value: iterableMembers.entries,
  writable: true,
  enumerable: false,
  configurable: true,
});
idlAttributes(XRHand, ['size']);
toStringTag(XRHand, 'XRHand');
