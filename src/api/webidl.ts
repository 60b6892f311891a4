// WebIDL plumbing shared by the interfaces: the construction token, errors made from the realm's
// own constructors, enum and dictionary conversion, event handler attributes, and the prologue
// every public method runs (brand check → argument count → conversions → spec steps).

import type { Decision } from '../policy/decision.js';

// Built-ins captured when the module loads (hardening against a page that replaces them later).
const DOMExceptionCtor: typeof DOMException = globalThis.DOMException;
const TypeErrorCtor = TypeError;
const PromiseCtor = Promise;
const ObjectFreeze = Object.freeze;
const ObjectDefineProperty = Object.defineProperty;

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
  return PromiseCtor.reject(error);
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
  if (!(allowed as readonly string[]).includes(s)) {
    throw new TypeErrorCtor(`${what}: '${s}' is not a valid enum value (${allowed.join(', ')})`);
  }
  return s as T;
}

/** WebIDL unrestricted/restricted double conversion. */
export function convertDouble(value: unknown, what: string, restricted = true): number {
  if (typeof value === 'symbol' || typeof value === 'bigint')
    throw new TypeErrorCtor(`${what} is not a number`);
  const n = Number(value);
  if (restricted && !Number.isFinite(n)) throw new TypeErrorCtor(`${what} must be a finite number`);
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
  return ObjectFreeze(items.slice());
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
  const handlers = new WeakMap<object, Map<string, { handler: unknown; listener: (e: Event) => void }>>();
  for (const type of types) {
    const name = `on${type}`;
    // Object-literal accessors get the WebIDL names "get onend" / "set onend".
    const accessors = {
      get [name](): unknown {
        const self = this as unknown as EventTarget;
        if (!brand(self)) illegalInvocation();
        return handlers.get(self)?.get(type)?.handler ?? null;
      },
      set [name](value: unknown) {
        const self = this as unknown as EventTarget;
        if (!brand(self)) illegalInvocation();
        let map = handlers.get(self);
        if (!map) {
          map = new Map();
          handlers.set(self, map);
        }
        const old = map.get(type);
        if (old) {
          self.removeEventListener(type, old.listener);
          map.delete(type);
        }
        if (typeof value === 'function' || (value !== null && typeof value === 'object')) {
          const listener = (e: Event) => {
            if (typeof value === 'function') (value as (e: Event) => void).call(self, e);
          };
          map.set(type, { handler: value, listener });
          self.addEventListener(type, listener);
        }
      },
    };
    const d = Object.getOwnPropertyDescriptor(accessors, name) as PropertyDescriptor;
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
  for (const key of Object.getOwnPropertyNames(ctor.prototype)) {
    if (key === 'constructor') continue;
    const d = Object.getOwnPropertyDescriptor(ctor.prototype, key);
    if (d && !d.enumerable) ObjectDefineProperty(ctor.prototype, key, { ...d, enumerable: true });
  }
  for (const key of Object.getOwnPropertyNames(ctor)) {
    if (key === 'prototype' || key === 'name' || key === 'length') continue;
    const d = Object.getOwnPropertyDescriptor(ctor, key);
    if (d && typeof d.value === 'function' && !d.enumerable)
      ObjectDefineProperty(ctor, key, { ...d, enumerable: true });
  }
  toStringTag(ctor, name);
}

/** Makes the class's prototype accessors enumerable, as WebIDL attributes are. */
export function idlAttributes(ctor: { prototype: object }, names: readonly string[]): void {
  for (const name of names) {
    const d = Object.getOwnPropertyDescriptor(ctor.prototype, name);
    if (d) ObjectDefineProperty(ctor.prototype, name, { ...d, enumerable: true });
  }
}

/** Sets Symbol.toStringTag like a platform object. */
export function toStringTag(ctor: { prototype: object }, name: string): void {
  ObjectDefineProperty(ctor.prototype, Symbol.toStringTag, { value: name, configurable: true });
}

/** WebIDL sequence<T> of platform objects: an iterable, each entry converted, else TypeError. */
export function convertSequence<T>(
  value: unknown,
  where: string,
  position: number,
  convert: (v: unknown) => T | undefined,
): T[] {
  if (
    typeof value !== 'object' ||
    value === null ||
    typeof (value as Iterable<unknown>)[Symbol.iterator] !== 'function'
  ) {
    throw new TypeErrorCtor(`${where}: parameter ${position} is not a sequence`);
  }
  const out: T[] = [];
  for (const v of value as Iterable<unknown>) {
    const c = convert(v);
    if (c === undefined)
      throw new TypeErrorCtor(`${where}: parameter ${position} has an entry of the wrong type`);
    out.push(c);
  }
  return out;
}
