// spec: #xrinputsource-interface, #xrinputsourcearray-interface (index.bs @ 23547b1)
//
// enum XRHandedness { "none", "left", "right" };
// enum XRTargetRayMode { "gaze", "tracked-pointer", "screen", "transient-pointer" };
// [SecureContext, Exposed=Window] interface XRInputSource {
//   readonly attribute XRHandedness handedness;
//   readonly attribute XRTargetRayMode targetRayMode;
//   [SameObject] readonly attribute XRSpace targetRaySpace;
//   [SameObject] readonly attribute XRSpace? gripSpace;
//   [SameObject] readonly attribute FrozenArray<DOMString> profiles;
//   readonly attribute boolean skipRendering;
//   [SameObject] readonly attribute Gamepad? gamepad; };   // WebXR Gamepads Module
// [SecureContext, Exposed=Window] interface XRInputSourceArray {
//   iterable<XRInputSource>;
//   readonly attribute unsigned long length;
//   getter XRInputSource(unsigned long index); };

import type { PageInputSource } from '../agent/protocol.js';
import type { XRHandedness, XRTargetRayMode } from '../device/types.js';
import {
  ArrayPrototypeMap,
  ArrayPrototypeSlice,
  FunctionPrototypeCall,
  ObjectDefineProperty,
  ObjectFreeze,
  ReflectDeleteProperty,
  SafeWeakMap,
  Symbol,
  TypeError,
} from '../primordials.js';
import { idlAttributes, illegalConstructor, illegalInvocation, toStringTag } from './webidl.js';
import type { XRHand } from './XRHand.js';
import type { XRSpace } from './XRSpace.js';

/** A minimal Gamepad (WebXR Gamepads Module) for hosts without the Gamepad API. */
export interface XRGamepadLike {
  readonly id: string;
  readonly index: number;
  readonly connected: boolean;
  readonly timestamp: number;
  /** Always 'xr-standard' (the Gamepads Module's mapping for XR input sources). */
  readonly mapping: 'xr-standard';
  readonly axes: readonly number[];
  readonly buttons: readonly {
    readonly pressed: boolean;
    readonly touched: boolean;
    readonly value: number;
  }[];
}

type GamepadButtonLike = XRGamepadLike['buttons'][number];
/** A frozen copy of a button's state (one function for every copy: no closure per update). */
const freezeButton = (b: GamepadButtonLike): GamepadButtonLike => ObjectFreeze({ ...b });

export class XRInputSource {
  #state: PageInputSource;
  #targetRaySpace: XRSpace;
  #gripSpace: XRSpace | null;
  #profiles: readonly string[];
  #gamepad: { -readonly [K in keyof XRGamepadLike]: XRGamepadLike[K] } | null;
  #hand: XRHand | null;

  constructor(
    token?: unknown,
    state?: PageInputSource,
    targetRaySpace?: XRSpace,
    gripSpace?: XRSpace | null,
    profiles?: readonly string[],
    hand?: XRHand | null,
  ) {
    illegalConstructor(token);
    this.#hand = hand ?? null;
    const s = state as PageInputSource;
    this.#state = s;
    this.#targetRaySpace = targetRaySpace as XRSpace;
    this.#gripSpace = gripSpace ?? null;
    this.#profiles = ObjectFreeze(ArrayPrototypeSlice(profiles ?? []));
    this.#gamepad =
      s.buttons.length > 0 || s.axes.length > 0
        ? {
            id: '',
            index: -1,
            connected: true,
            timestamp: 0,
            mapping: 'xr-standard',
            axes: ObjectFreeze(ArrayPrototypeSlice(s.axes)),
            buttons: ObjectFreeze(ArrayPrototypeMap(s.buttons, freezeButton)),
          }
        : null;
  }

  static is(v: unknown): v is XRInputSource {
    return typeof v === 'object' && v !== null && #state in v;
  }

  /** @internal */
  static state(v: XRInputSource): PageInputSource {
    return v.#state;
  }

  /** @internal the device's latest state (same id). */
  static update(v: XRInputSource, s: PageInputSource, now: number): void {
    const old = v.#state;
    v.#state = s;
    // (A source never gains or loses its gamepad: the device makes a new source then.)
    const g = v.#gamepad;
    if (g) {
      // The device hands out a new state object whenever something about the source changes:
      // the copies are made anew only then, not every frame.
      if (s !== old) {
        g.axes = ObjectFreeze(ArrayPrototypeSlice(s.axes));
        g.buttons = ObjectFreeze(ArrayPrototypeMap(s.buttons, freezeButton));
      }
      g.timestamp = now;
    }
  }

  /** @internal */
  static disconnect(v: XRInputSource): void {
    if (v.#gamepad) v.#gamepad.connected = false;
  }

  get handedness(): XRHandedness {
    if (!XRInputSourceInternals.is(this)) illegalInvocation();
    return this.#state.handedness;
  }
  get targetRayMode(): XRTargetRayMode {
    if (!XRInputSourceInternals.is(this)) illegalInvocation();
    return this.#state.targetRayMode;
  }
  get targetRaySpace(): XRSpace {
    if (!XRInputSourceInternals.is(this)) illegalInvocation();
    return this.#targetRaySpace;
  }
  get gripSpace(): XRSpace | null {
    if (!XRInputSourceInternals.is(this)) illegalInvocation();
    return this.#gripSpace;
  }
  get profiles(): readonly string[] {
    if (!XRInputSourceInternals.is(this)) illegalInvocation();
    return this.#profiles;
  }
  get skipRendering(): boolean {
    if (!XRInputSourceInternals.is(this)) illegalInvocation();
    return false;
  }
  get gamepad(): XRGamepadLike | null {
    if (!XRInputSourceInternals.is(this)) illegalInvocation();
    return this.#gamepad;
  }
  // spec(hand-input): #dom-xrinputsource-hand: null unless the session enabled 'hand-tracking'.
  get hand(): XRHand | null {
    if (!XRInputSourceInternals.is(this)) illegalInvocation();
    return this.#hand;
  }
}

const arrays = new SafeWeakMap<object, XRInputSource[]>();

export class XRInputSourceArray {
  /** The indexed getter (the items are indexed own properties). */
  readonly [index: number]: XRInputSource;

  constructor(token?: unknown) {
    illegalConstructor(token);
    arrays.set(this, []);
  }

  /** @internal replaces the contents (indexed own properties, as a WebIDL indexed getter shows them). */
  static set(a: XRInputSourceArray, items: readonly XRInputSource[]): void {
    const old = arrays.get(a) ?? [];
    for (let i = items.length; i < old.length; i++) delete (a as unknown as Record<number, unknown>)[i];
    for (let i = 0; i < items.length; i++) {
      ObjectDefineProperty(a, i, {
        __proto__: null,
        value: items[i],
        enumerable: true,
        configurable: true,
        writable: false,
      } as PropertyDescriptor);
    }
    arrays.set(a, ArrayPrototypeSlice(items));
  }

  /** @internal */
  static items(a: XRInputSourceArray): readonly XRInputSource[] {
    return arrays.get(a) ?? [];
  }

  get length(): number {
    const list = arrays.get(this);
    if (!list) illegalInvocation();
    return list.length;
  }

  *[Symbol.iterator](): IterableIterator<XRInputSource> {
    const list = arrays.get(this);
    if (!list) illegalInvocation();
    // Yielded one by one: yield* of an array would call Array.prototype[@@iterator].
    const copy = ArrayPrototypeSlice(list);
    for (let i = 0; i < copy.length; i++) yield copy[i] as XRInputSource;
  }

  values(): IterableIterator<XRInputSource> {
    if (!arrays.has(this)) illegalInvocation();
    return FunctionPrototypeCall(arrayIterator, this);
  }

  *keys(): IterableIterator<number> {
    const list = arrays.get(this);
    if (!list) illegalInvocation();
    for (let i = 0; i < list.length; i++) yield i;
  }

  *entries(): IterableIterator<[number, XRInputSource]> {
    const list = arrays.get(this);
    if (!list) illegalInvocation();
    const copy = ArrayPrototypeSlice(list);
    for (let i = 0; i < copy.length; i++) yield [i, copy[i] as XRInputSource];
  }

  forEach(
    cb: (value: XRInputSource, index: number, array: XRInputSourceArray) => void,
    thisArg?: unknown,
  ): void {
    const list = arrays.get(this);
    if (!list) illegalInvocation();
    if (typeof cb !== 'function') throw new TypeError('forEach: the callback is not a function');
    const copy = ArrayPrototypeSlice(list);
    for (let i = 0; i < copy.length; i++)
      FunctionPrototypeCall(cb, thisArg, copy[i] as XRInputSource, i, this);
  }
}

// XRInputSourceArray's @@iterator as defined above: values() is it, whatever the page later puts
// on the prototype.
const arrayIterator = XRInputSourceArray.prototype[Symbol.iterator] as (
  this: XRInputSourceArray,
) => IterableIterator<XRInputSource>;

idlAttributes(XRInputSource, [
  'handedness',
  'targetRayMode',
  'targetRaySpace',
  'gripSpace',
  'profiles',
  'skipRendering',
  'gamepad',
  'hand',
]);
idlAttributes(XRInputSourceArray, ['length']);
toStringTag(XRInputSource, 'XRInputSource');
toStringTag(XRInputSourceArray, 'XRInputSourceArray');

/** @internal xrgate's own access to XRInputSource; the statics are removed from the page-visible interface object. */
export const XRInputSourceInternals = {
  is: XRInputSource.is,
  state: XRInputSource.state,
  update: XRInputSource.update,
  disconnect: XRInputSource.disconnect,
};
for (const key of ['is', 'state', 'update', 'disconnect']) ReflectDeleteProperty(XRInputSource, key);

/** @internal xrgate's own access to XRInputSourceArray; the statics are removed from the page-visible interface object. */
export const XRInputSourceArrayInternals = { set: XRInputSourceArray.set, items: XRInputSourceArray.items };
for (const key of ['set', 'items']) ReflectDeleteProperty(XRInputSourceArray, key);
