// spec: #permissions (index.bs L2957–3048): the "xr" powerful feature.
//
// dictionary XRPermissionDescriptor : PermissionDescriptor {
//   XRSessionMode mode; sequence<DOMString> requiredFeatures; sequence<DOMString> optionalFeatures; };
// [Exposed=Window] interface XRPermissionStatus : PermissionStatus {
//   attribute FrozenArray<DOMString> granted; };
// Where the host has no PermissionStatus (Node), XRPermissionStatus is an EventTarget with the
// PermissionStatus members (state, name, onchange).

import type { PermissionState } from '../policy/consent.js';
import {
  ArrayPrototypeEvery,
  ArrayPrototypePush,
  ArrayPrototypeSlice,
  ObjectDefineProperty,
  ObjectFreeze,
  ObjectSetPrototypeOf,
  ReflectDeleteProperty,
  String,
  TypeError,
} from '../primordials.js';
import {
  defineEventHandlers,
  EventTargetPrototypeDispatchEvent,
  idlAttributes,
  illegalConstructor,
  illegalInvocation,
  iterateSequence,
  toStringTag,
} from './webidl.js';

const EventTargetCtor = EventTarget;
const EventCtor = Event;

export class XRPermissionStatus extends EventTargetCtor {
  /** EventHandler attribute (defined on the prototype by defineEventHandlers). */
  declare onchange: ((this: XRPermissionStatus, ev: Event) => unknown) | null;
  #state: PermissionState;
  #granted: readonly string[];
  #name: string;

  constructor(token?: unknown, name?: string, state?: PermissionState, granted?: readonly string[]) {
    illegalConstructor(token);
    super();
    this.#name = name ?? 'xr';
    this.#state = state ?? 'prompt';
    this.#granted = ObjectFreeze(ArrayPrototypeSlice(granted ?? []));
  }

  static is(v: unknown): v is XRPermissionStatus {
    return typeof v === 'object' && v !== null && #state in v;
  }

  /** @internal updates the status and fires `change` when it differs (AMB-29, R-PERM-06). */
  static update(s: XRPermissionStatus, state: PermissionState, granted: readonly string[]): void {
    const same =
      s.#state === state &&
      s.#granted.length === granted.length &&
      ArrayPrototypeEvery(s.#granted, (g, i) => g === granted[i]);
    s.#state = state;
    s.#granted = ObjectFreeze(ArrayPrototypeSlice(granted));
    if (!same) EventTargetPrototypeDispatchEvent(s, new EventCtor('change'));
  }

  get name(): string {
    if (!XRPermissionStatusInternals.is(this)) illegalInvocation();
    return this.#name;
  }

  get state(): PermissionState {
    if (!XRPermissionStatusInternals.is(this)) illegalInvocation();
    return this.#state;
  }

  get granted(): readonly string[] {
    if (!XRPermissionStatusInternals.is(this)) illegalInvocation();
    return this.#granted;
  }

  // AMB-20 (c): the IDL declares a writable attribute; the setter replaces only this object's list,
  // never the stored permission state or any session's features.
  set granted(value: readonly string[]) {
    if (!XRPermissionStatusInternals.is(this)) illegalInvocation();
    const out: string[] = [];
    iterateSequence(value, 'XRPermissionStatus.granted must be a sequence of strings', (v) => {
      if (typeof v === 'symbol') throw new TypeError('XRPermissionStatus.granted: a Symbol is not a string');
      ArrayPrototypePush(out, String(v));
    });
    this.#granted = ObjectFreeze(out);
  }
}

defineEventHandlers(XRPermissionStatus.prototype, (o) => XRPermissionStatusInternals.is(o), ['change']);
idlAttributes(XRPermissionStatus, ['name', 'state', 'granted']);
toStringTag(XRPermissionStatus, 'XRPermissionStatus');

/** @internal xrgate's own access to XRPermissionStatus; the statics are removed from the page-visible interface object. */
export const XRPermissionStatusInternals = { is: XRPermissionStatus.is, update: XRPermissionStatus.update };
for (const key of ['is', 'update']) ReflectDeleteProperty(XRPermissionStatus, key);

/**
 * The interface object a page sees as XRPermissionStatus. In a browser it inherits from the page's
 * PermissionStatus (browser/page-globals.ts reparents it, spec #permissions), whose constructor
 * throws when called: so instances are made by the class above, whose own [[Prototype]]
 * (EventTarget) never changes, and the two share one prototype object.
 */
export const XRPermissionStatusInterface: { prototype: object } = (() => {
  // A function declaration (a constructor, as WebIDL's IsConstructor check wants), renamed.
  function xrPermissionStatusInterface(): never {
    throw new TypeError('Illegal constructor');
  }
  const f = xrPermissionStatusInterface;
  ObjectDefineProperty(f, 'name', { value: 'XRPermissionStatus', configurable: true });
  ObjectDefineProperty(f, 'prototype', {
    value: XRPermissionStatus.prototype,
    writable: false,
    enumerable: false,
    configurable: false,
  });
  ObjectDefineProperty(XRPermissionStatus.prototype, 'constructor', {
    value: f,
    writable: true,
    enumerable: false,
    configurable: true,
  });
  ObjectSetPrototypeOf(f, EventTargetCtor);
  return f as unknown as { prototype: object };
})();
