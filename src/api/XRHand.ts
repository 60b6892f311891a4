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
  ArrayPrototypeIndexOf,
  ArrayPrototypeMap,
  ArrayPrototypeSlice,
  FunctionPrototypeCall,
  ObjectFreeze,
  ReflectDeleteProperty,
  Symbol,
  TypeError,
  uncurryThis,
} from '../primordials.js';
import {
  convertEnum,
  idlAttributes,
  illegalConstructor,
  illegalInvocation,
  requireArgs,
  toStringTag,
} from './webidl.js';
import type { XRJointSpace } from './XRSpace.js';

// Array.prototype[@@iterator] as it was at load: the iterators XRHand returns are made with it.
const ArrayPrototypeSymbolIterator = uncurryThis(Array.prototype[Symbol.iterator]) as <T>(
  self: readonly T[],
) => IterableIterator<T>;

export class XRHand {
  // The pair iterator's members (defined on the prototype below).
  declare entries: (this: XRHand) => IterableIterator<[XRHandJoint, XRJointSpace]>;
  declare keys: (this: XRHand) => IterableIterator<XRHandJoint>;
  declare values: (this: XRHand) => IterableIterator<XRJointSpace>;
  declare forEach: (
    this: XRHand,
    callback: (value: XRJointSpace, key: XRHandJoint, hand: XRHand) => void,
    thisArg?: unknown,
  ) => void;
  declare [Symbol.iterator]: (this: XRHand) => IterableIterator<[XRHandJoint, XRJointSpace]>;
  readonly #joints: readonly XRJointSpace[];

  constructor(token?: unknown, joints?: readonly XRJointSpace[]) {
    illegalConstructor(token);
    this.#joints = ObjectFreeze(ArrayPrototypeSlice(joints ?? []));
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
    return this.#joints[ArrayPrototypeIndexOf(handJoints, name)] as XRJointSpace;
  }

  /** @internal the [joint name, joint space] pairs, in joint order. */
  static pairs(h: XRHand): [XRHandJoint, XRJointSpace][] {
    return ArrayPrototypeMap(h.#joints, (s, i): [XRHandJoint, XRJointSpace] => [
      handJoints[i] as XRHandJoint,
      s,
    ]);
  }
}

/** @internal xrgate's own access to XRHand; the statics are removed from the page-visible interface object. */
export const XRHandInternals = { is: XRHand.is, pairs: XRHand.pairs };
for (const key of ['is', 'pairs']) ReflectDeleteProperty(XRHand, key);

// WebIDL pair iterator: entries/keys/values/forEach, and @@iterator is entries.
function pairsOf(self: unknown): [XRHandJoint, XRJointSpace][] {
  if (!XRHandInternals.is(self)) illegalInvocation();
  return XRHandInternals.pairs(self);
}
const iterableMembers = {
  entries(this: XRHand): IterableIterator<[XRHandJoint, XRJointSpace]> {
    return ArrayPrototypeSymbolIterator(pairsOf(this));
  },
  keys(this: XRHand): IterableIterator<XRHandJoint> {
    return ArrayPrototypeSymbolIterator(ArrayPrototypeMap(pairsOf(this), (p) => p[0]));
  },
  values(this: XRHand): IterableIterator<XRJointSpace> {
    return ArrayPrototypeSymbolIterator(ArrayPrototypeMap(pairsOf(this), (p) => p[1]));
  },
  forEach(
    this: XRHand,
    callback: (value: XRJointSpace, key: XRHandJoint, hand: XRHand) => void,
    thisArg?: unknown,
  ) {
    const pairs = pairsOf(this);
    if (typeof callback !== 'function')
      throw new TypeError("XRHand.forEach: parameter 1 is not of type 'Function'");
    for (let i = 0; i < pairs.length; i++) {
      const pair = pairs[i]!;
      FunctionPrototypeCall(callback, thisArg, pair[1], pair[0], this);
    }
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
