// spec(anchors): #xr-anchor, #anchor-updates (immersive-web/anchors index.bs @ 242cc22, and the
// persistence members of the current IDL)
//
// [SecureContext, Exposed=Window] interface XRAnchor {
//   readonly attribute XRSpace anchorSpace;
//   [NewObject] Promise<DOMString> requestPersistentHandle();
//   undefined delete(); };
// [Exposed=Window] interface XRAnchorSet { readonly setlike<XRAnchor>; };
// The page side's anchor objects: each follows a native origin the user agent reports per frame
// (src/agent/anchors.ts); nothing here decides anything.

import {
  ArrayPrototypeMap,
  ArrayPrototypePush,
  FunctionPrototypeCall,
  ObjectDefineProperty,
  ObjectEntries,
  ObjectFreeze,
  PromiseReject,
  ReflectDeleteProperty,
  Symbol,
  TypeError,
  uncurryThis,
} from '../primordials.js';
import {
  domException,
  INTERNAL,
  idlAttributes,
  illegalConstructor,
  illegalInvocation,
  toStringTag,
} from './webidl.js';
import type { XRSpace } from './XRSpace.js';

const ArrayPrototypeSymbolIterator = uncurryThis(Array.prototype[Symbol.iterator]) as <T>(
  self: readonly T[],
) => IterableIterator<T>;

/** What an anchor asks of its session's page side (src/api/session/anchors.ts). */
export interface AnchorOwner {
  /** spec(anchors): #dom-xranchor-requestpersistenthandle: the user agent makes (or finds) the handle. */
  persist(anchor: XRAnchor, id: number): Promise<string>;
  /** spec(anchors): #delete-an-anchor steps 4–8. */
  deleted(anchor: XRAnchor, id: number): void;
}

export class XRAnchor {
  readonly #owner: AnchorOwner;
  readonly #id: number;
  #space: XRSpace | null;
  #deleted = false;

  constructor(token?: unknown, owner?: AnchorOwner, id?: number, space?: XRSpace) {
    illegalConstructor(token);
    this.#owner = owner as AnchorOwner;
    this.#id = id ?? 0;
    this.#space = space ?? null;
  }

  static is(v: unknown): v is XRAnchor {
    return typeof v === 'object' && v !== null && #owner in v;
  }

  /** @internal the user agent's id of the anchor. */
  static id(a: XRAnchor): number {
    return a.#id;
  }

  /** @internal */
  static isDeleted(a: XRAnchor): boolean {
    return a.#deleted;
  }

  /** @internal spec(anchors): #delete-an-anchor steps 1–3 (the session ended, or deletePersistentAnchor). */
  static markDeleted(a: XRAnchor): boolean {
    if (a.#deleted) return false;
    a.#deleted = true;
    a.#space = null;
    return true;
  }

  // spec(anchors): #dom-xranchor-anchorspace ("If this attribute is accessed when deleted …")
  get anchorSpace(): XRSpace {
    if (!XRAnchorInternals.is(this)) illegalInvocation();
    if (this.#deleted || this.#space === null) {
      throw domException(
        'InvalidStateError',
        'anchorSpace was read after the anchor was deleted (anchor.delete(), or its session ended) [R-ANCHOR-10]',
      );
    }
    return this.#space;
  }

  // spec(anchors): #dom-xranchor-requestpersistenthandle steps 1–2 (the rest by the user agent)
  requestPersistentHandle(): Promise<string> {
    if (!XRAnchorInternals.is(this)) return PromiseReject(new TypeError('Illegal invocation'));
    if (this.#deleted) {
      return PromiseReject(
        domException(
          'InvalidStateError',
          'requestPersistentHandle() was called on a deleted anchor [R-ANCHOR-02]',
        ),
      );
    }
    return this.#owner.persist(this, this.#id);
  }

  // spec(anchors): #dom-xranchor-delete
  delete(): void {
    if (!XRAnchorInternals.is(this)) illegalInvocation();
    // Steps 1–3.
    if (!XRAnchorInternals.markDeleted(this)) return;
    // Steps 4–8: the session forgets it and the user agent tells the device.
    this.#owner.deleted(this, this.#id);
  }
}

/** @internal xrgate's own access to XRAnchor; the statics are removed from the page-visible interface object. */
export const XRAnchorInternals = {
  is: XRAnchor.is,
  id: XRAnchor.id,
  isDeleted: XRAnchor.isDeleted,
  markDeleted: XRAnchor.markDeleted,
};
for (const key of ['is', 'id', 'isDeleted', 'markDeleted']) ReflectDeleteProperty(XRAnchor, key);
idlAttributes(XRAnchor, ['anchorSpace']);
toStringTag(XRAnchor, 'XRAnchor');

// spec(anchors): #anchor-updates — a read-only set of anchors (frame.trackedAnchors).
export class XRAnchorSet {
  declare entries: (this: XRAnchorSet) => IterableIterator<[XRAnchor, XRAnchor]>;
  declare keys: (this: XRAnchorSet) => IterableIterator<XRAnchor>;
  declare values: (this: XRAnchorSet) => IterableIterator<XRAnchor>;
  declare forEach: (
    this: XRAnchorSet,
    callback: (value: XRAnchor, key: XRAnchor, set: XRAnchorSet) => void,
    thisArg?: unknown,
  ) => void;
  declare [Symbol.iterator]: (this: XRAnchorSet) => IterableIterator<XRAnchor>;
  /** The members, in insertion order (frozen). */
  readonly #items: readonly XRAnchor[];

  constructor(token?: unknown, items?: readonly XRAnchor[]) {
    illegalConstructor(token);
    const list: XRAnchor[] = [];
    if (items) for (let i = 0; i < items.length; i++) ArrayPrototypePush(list, items[i]!);
    this.#items = ObjectFreeze(list);
  }

  static is(v: unknown): v is XRAnchorSet {
    return typeof v === 'object' && v !== null && #items in v;
  }

  /** @internal */
  static items(s: XRAnchorSet): readonly XRAnchor[] {
    return s.#items;
  }

  get size(): number {
    if (!XRAnchorSetInternals.is(this)) illegalInvocation();
    return this.#items.length;
  }

  has(value: unknown): boolean {
    if (!XRAnchorSetInternals.is(this)) illegalInvocation();
    const items = this.#items;
    for (let i = 0; i < items.length; i++) if (items[i] === value) return true;
    return false;
  }
}

/** @internal */
export const XRAnchorSetInternals = { is: XRAnchorSet.is, items: XRAnchorSet.items };
for (const key of ['is', 'items']) ReflectDeleteProperty(XRAnchorSet, key);

function itemsOf(self: unknown): readonly XRAnchor[] {
  if (!XRAnchorSetInternals.is(self)) illegalInvocation();
  return XRAnchorSetInternals.items(self);
}

// The setlike members (WebIDL #es-setlike): entries, keys, values, forEach, @@iterator = values.
const setlikeMembers = {
  entries(this: XRAnchorSet): IterableIterator<[XRAnchor, XRAnchor]> {
    return ArrayPrototypeSymbolIterator(
      ArrayPrototypeMap(itemsOf(this), (a): [XRAnchor, XRAnchor] => [a, a]),
    );
  },
  keys(this: XRAnchorSet): IterableIterator<XRAnchor> {
    return ArrayPrototypeSymbolIterator(itemsOf(this));
  },
  values(this: XRAnchorSet): IterableIterator<XRAnchor> {
    return ArrayPrototypeSymbolIterator(itemsOf(this));
  },
  forEach(
    this: XRAnchorSet,
    callback: (value: XRAnchor, key: XRAnchor, set: XRAnchorSet) => void,
    thisArg?: unknown,
  ) {
    const items = itemsOf(this);
    if (typeof callback !== 'function')
      throw new TypeError("XRAnchorSet.forEach: parameter 1 is not of type 'Function'");
    for (let i = 0; i < items.length; i++) {
      const a = items[i] as XRAnchor;
      FunctionPrototypeCall(callback, thisArg, a, a, this);
    }
  },
};
const members = ObjectEntries(setlikeMembers);
for (let i = 0; i < members.length; i++) {
  const m = members[i]!;
  ObjectDefineProperty(XRAnchorSet.prototype, m[0], {
    __proto__: null,
    value: m[1],
    writable: true,
    enumerable: true,
    configurable: true,
  } as PropertyDescriptor);
}
ObjectDefineProperty(setlikeMembers.forEach, 'length', { __proto__: null, value: 1 } as PropertyDescriptor);
// WebIDL #es-setlike: @@iterator is the same function object as values.
ObjectDefineProperty(XRAnchorSet.prototype, Symbol.iterator, {
  __proto__: null,
  value: setlikeMembers.values,
  writable: true,
  enumerable: false,
  configurable: true,
} as PropertyDescriptor);
idlAttributes(XRAnchorSet, ['size']);
toStringTag(XRAnchorSet, 'XRAnchorSet');

/** A new read-only anchor set (the frame's trackedAnchors). */
export function createAnchorSet(items: readonly XRAnchor[]): XRAnchorSet {
  return new XRAnchorSet(INTERNAL, items);
}

/** A new anchor of `owner` following the native origin `id` through `space`. */
export function createAnchor(owner: AnchorOwner, id: number, space: XRSpace): XRAnchor {
  return new XRAnchor(INTERNAL, owner, id, space);
}
