// WebIDL plumbing shared by the interfaces: the construction token, errors made from the realm's
// own constructors, enum and dictionary conversion, event handler attributes, and the prologue
// every public method runs (brand check → argument count → conversions → spec steps).

import type { Decision } from '../policy/decision.js';
import {
  ArrayPrototypeIncludes,
  ArrayPrototypeJoin,
  ArrayPrototypePush,
  ArrayPrototypeSlice,
  Boolean,
  Float32Array,
  FunctionPrototypeCall,
  Number,
  NumberIsFinite,
  ObjectDefineProperty,
  ObjectFreeze,
  ObjectGetOwnPropertyDescriptor,
  ObjectGetOwnPropertyNames,
  PromiseReject,
  ReflectApply,
  ReflectGetPrototypeOf,
  SafeMap,
  SafeWeakMap,
  String,
  uncurryThis,
} from '../primordials.js';

// Built-ins captured when the module loads (hardening against a page that replaces them later).
const DOMExceptionCtor: typeof DOMException = globalThis.DOMException;
const TypeErrorCtor = TypeError;
const SymbolIterator: typeof Symbol.iterator = Symbol.iterator;
const SymbolToStringTag: typeof Symbol.toStringTag = Symbol.toStringTag;

// EventTarget's methods, uncurried (src/primordials.ts has no DOM built-ins): the interfaces that
// extend EventTarget dispatch and listen through these, not through a prototype a page can patch.
const ETP = EventTarget.prototype;
export const EventTargetPrototypeAddEventListener = uncurryThis(ETP.addEventListener) as (
  self: EventTarget,
  type: string,
  listener: EventListenerOrEventListenerObject | null,
  options?: boolean | AddEventListenerOptions,
) => void;
export const EventTargetPrototypeRemoveEventListener = uncurryThis(ETP.removeEventListener) as (
  self: EventTarget,
  type: string,
  listener: EventListenerOrEventListenerObject | null,
  options?: boolean | EventListenerOptions,
) => void;
export const EventTargetPrototypeDispatchEvent = uncurryThis(ETP.dispatchEvent) as (
  self: EventTarget,
  event: Event,
) => boolean;

// A brand check for Float32Array arguments (not instanceof, which a page can answer with its own
// Float32Array[Symbol.hasInstance]): the %TypedArray%.prototype[@@toStringTag] getter reads the
// array's [[TypedArrayName]], and the prototype chain is the one instanceof walks, so a
// same-realm Float32Array passes and nothing else does, as before.
const TypedArrayPrototypeGetSymbolToStringTag = uncurryThis(
  ObjectGetOwnPropertyDescriptor(ReflectGetPrototypeOf(Float32Array.prototype) as object, SymbolToStringTag)!
    .get!,
) as (self: unknown) => string | undefined;
export const ObjectPrototypeIsPrototypeOf = uncurryThis(Object.prototype.isPrototypeOf) as (
  self: object,
  v: unknown,
) => boolean;
const Float32ArrayPrototype: object = Float32Array.prototype;

export function isFloat32Array(v: unknown): v is Float32Array {
  return (
    TypedArrayPrototypeGetSymbolToStringTag(v) === 'Float32Array' &&
    ObjectPrototypeIsPrototypeOf(Float32ArrayPrototype, v)
  );
}

/** Module-private token: only xrgate can construct its interfaces (illegal constructor otherwise). */
export const INTERNAL: unique symbol = Symbol('xrgate.internal');

export function illegalConstructor(token: unknown): void {
  if (token !== INTERNAL) throw new TypeErrorCtor('Illegal constructor');
}

export function illegalInvocation(): never {
  throw new TypeErrorCtor('Illegal invocation');
}

export function domException(name: string, message: string): DOMException {
  return new DOMExceptionCtor(message, name);
}

/** The exception a denied decision stands for: a TypeError, or a DOMException with the spec's name. */
export function errorFromDecision(d: Decision<unknown>): Error {
  const e = d.error;
  if (!e) return domException('OperationError', `refused: ${d.reason} [${d.requirement}]`);
  if (e.name === 'TypeError') return new TypeErrorCtor(e.message);
  return domException(e.name, e.message);
}

/** The exception a user agent's refusal (a Reply's error) stands for. */
export function errorFromReply(r: {
  readonly error: { readonly name: string; readonly message: string };
}): Error {
  const e = r.error;
  if (e.name === 'TypeError') return new TypeErrorCtor(String(e.message));
  return domException(String(e.name), String(e.message));
}

export function rejected<T>(error: unknown): Promise<T> {
  return PromiseReject(error);
}

export function requireArgs(count: number, needed: number, where: string): void {
  if (count < needed) {
    throw new TypeErrorCtor(
      `Failed to execute '${where}': ${needed} argument${needed === 1 ? '' : 's'} required, but only ${count} present.`,
    );
  }
}

export function convertEnum<T extends string>(value: unknown, allowed: readonly T[], what: string): T {
  let s: string;
  if (typeof value === 'symbol') throw new TypeErrorCtor(`${what}: a Symbol is not a valid value`);
  try {
    s = String(value);
  } catch {
    throw new TypeErrorCtor(`${what}: the value cannot be converted to a string`);
  }
  if (!ArrayPrototypeIncludes(allowed as readonly string[], s)) {
    throw new TypeErrorCtor(
      `${what}: '${s}' is not a valid enum value (${ArrayPrototypeJoin(allowed, ', ')})`,
    );
  }
  return s as T;
}

/** WebIDL unrestricted/restricted double conversion. */
export function convertDouble(value: unknown, what: string, restricted = true): number {
  if (typeof value === 'symbol' || typeof value === 'bigint')
    throw new TypeErrorCtor(`${what} is not a number`);
  const n = Number(value);
  if (restricted && !NumberIsFinite(n)) throw new TypeErrorCtor(`${what} must be a finite number`);
  return n;
}

export function convertBoolean(value: unknown): boolean {
  return Boolean(value);
}

/** A dictionary argument: undefined/null are an empty dictionary; other non-objects are a TypeError. */
export function convertDictionary(value: unknown, what: string): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' && typeof value !== 'function') {
    throw new TypeErrorCtor(`${what} must be a dictionary (an object)`);
  }
  return value as Record<string, unknown>;
}

export function freezeArray<T>(items: readonly T[]): readonly T[] {
  return ObjectFreeze(ArrayPrototypeSlice(items));
}

/**
 * Defines `on<type>` event handler attributes on a prototype (HTML event handler IDL attributes):
 * accessors on the prototype, a brand check, and one listener per handler.
 */
export function defineEventHandlers(
  proto: object,
  brand: (o: unknown) => boolean,
  types: readonly string[],
): void {
  const handlers = new SafeWeakMap<
    object,
    SafeMap<string, { handler: unknown; listener: (e: Event) => void }>
  >();
  for (let i = 0; i < types.length; i++) {
    const type = types[i]!;
    const name = `on${type}`;
    // Object-literal accessors get the WebIDL names "get onend" / "set onend".
    const accessors = {
      get [name](): unknown {
        const self = this as unknown as EventTarget;
        if (!brand(self)) illegalInvocation();
        const map = handlers.get(self);
        if (map === undefined) return null;
        return map.get(type)?.handler ?? null;
      },
      set [name](value: unknown) {
        const self = this as unknown as EventTarget;
        if (!brand(self)) illegalInvocation();
        let map = handlers.get(self);
        if (!map) {
          map = new SafeMap();
          handlers.set(self, map);
        }
        const old = map.get(type);
        if (old) {
          EventTargetPrototypeRemoveEventListener(self, type, old.listener);
          map.delete(type);
        }
        if (typeof value === 'function' || (value !== null && typeof value === 'object')) {
          const listener = (e: Event) => {
            if (typeof value === 'function') FunctionPrototypeCall(value as (e: Event) => void, self, e);
          };
          map.set(type, { handler: value, listener });
          EventTargetPrototypeAddEventListener(self, type, listener);
        }
      },
    };
    const d = ObjectGetOwnPropertyDescriptor(accessors, name) as PropertyDescriptor;
    ObjectDefineProperty(proto, name, { get: d.get, set: d.set, configurable: true, enumerable: true });
  }
}

/**
 * Gives a class the shape of a WebIDL interface object: its `name` and `length` (the
 * constructor's required arguments; 0 without a constructor), and enumerable operations and
 * attributes on the prototype (and static operations on the interface object).
 */
export function interfaceShape(ctor: { prototype: object }, name: string, length: number): void {
  ObjectDefineProperty(ctor, 'name', { value: name, configurable: true });
  ObjectDefineProperty(ctor, 'length', { value: length, configurable: true });
  const protoKeys = ObjectGetOwnPropertyNames(ctor.prototype);
  for (let i = 0; i < protoKeys.length; i++) {
    const key = protoKeys[i]!;
    if (key === 'constructor') continue;
    const d = ObjectGetOwnPropertyDescriptor(ctor.prototype, key);
    if (d && !d.enumerable) ObjectDefineProperty(ctor.prototype, key, { ...d, enumerable: true });
  }
  const staticKeys = ObjectGetOwnPropertyNames(ctor);
  for (let i = 0; i < staticKeys.length; i++) {
    const key = staticKeys[i]!;
    if (key === 'prototype' || key === 'name' || key === 'length') continue;
    const d = ObjectGetOwnPropertyDescriptor(ctor, key);
    if (d && typeof d.value === 'function' && !d.enumerable)
      ObjectDefineProperty(ctor, key, { ...d, enumerable: true });
  }
  toStringTag(ctor, name);
}

/** Makes the class's prototype accessors enumerable, as WebIDL attributes are. */
export function idlAttributes(ctor: { prototype: object }, names: readonly string[]): void {
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    const d = ObjectGetOwnPropertyDescriptor(ctor.prototype, name);
    if (d) ObjectDefineProperty(ctor.prototype, name, { ...d, enumerable: true });
  }
}

/** Sets Symbol.toStringTag like a platform object. */
export function toStringTag(ctor: { prototype: object }, name: string): void {
  ObjectDefineProperty(ctor.prototype, SymbolToStringTag, { value: name, configurable: true });
}

/**
 * WebIDL "create a sequence from an iterable", the iteration only: GetMethod(V, @@iterator),
 * GetIteratorFromMethod, then IteratorStepValue until done, `each` converting every value as it
 * comes. Done with the @@iterator captured at load and the iterator's own `next`, never for…of
 * (which would call a patchable Array.prototype[@@iterator] through the captured symbol too, but
 * also close the iterator, which WebIDL does not). `value` must be an object (not a function) with
 * a callable @@iterator, else TypeError(notSequence).
 */
export function iterateSequence(value: unknown, notSequence: string, each: (v: unknown) => void): void {
  if (typeof value !== 'object' || value === null) throw new TypeErrorCtor(notSequence);
  const method = (value as { [SymbolIterator]?: unknown })[SymbolIterator];
  if (typeof method !== 'function') throw new TypeErrorCtor(notSequence);
  const iterator: unknown = ReflectApply(method, value, []);
  if ((typeof iterator !== 'object' || iterator === null) && typeof iterator !== 'function') {
    throw new TypeErrorCtor(`${notSequence} (its iterator is not an object)`);
  }
  const next = (iterator as { next?: unknown }).next as () => unknown;
  for (;;) {
    const result: unknown = ReflectApply(next, iterator, []);
    if ((typeof result !== 'object' || result === null) && typeof result !== 'function') {
      throw new TypeErrorCtor(`${notSequence} (an iterator result is not an object)`);
    }
    if ((result as { done?: unknown }).done) return;
    each((result as { value?: unknown }).value);
  }
}

/** WebIDL sequence<T> of platform objects: an iterable, each entry converted, else TypeError. */
export function convertSequence<T>(
  value: unknown,
  where: string,
  position: number,
  convert: (v: unknown) => T | undefined,
): T[] {
  const out: T[] = [];
  iterateSequence(value, `${where}: parameter ${position} is not a sequence`, (v) => {
    const c = convert(v);
    if (c === undefined)
      throw new TypeErrorCtor(`${where}: parameter ${position} has an entry of the wrong type`);
    ArrayPrototypePush(out, c);
  });
  return out;
}
