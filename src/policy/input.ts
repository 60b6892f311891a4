// Defensive readers for values that come from a page: every fact that enters a policy decision
// goes through one of these. They never let a page-supplied getter, proxy or huge array crash a
// decision: a value that cannot be read safely is a TypeError, which callers turn into a refusal.

import {
  ArrayPrototypePush,
  Error,
  NumberIsFinite,
  ObjectGetOwnPropertyDescriptor,
  ObjectGetPrototypeOf,
  ObjectHasOwn,
  ObjectPrototype,
  ReflectApply,
  String,
  TypeError,
} from '../primordials.js';

// Captured at load (top-level code may read the globals: no page script has run yet).
const SymbolIterator: typeof Symbol.iterator = Symbol.iterator;
const getOwnDescriptor = ObjectGetOwnPropertyDescriptor;
const getProto = ObjectGetPrototypeOf;
const ObjectPrototypeRef = ObjectPrototype;

/** Thrown for input that cannot be converted; carries the message a developer sees. */
export class PolicyInputError extends TypeError {
  override readonly name = 'TypeError';
}

/** How many objects of a prototype chain readMember looks at before giving up (a proxy may loop). */
const MAX_CHAIN_DEPTH = 32;

/**
 * `obj[key]` as [[Get]] reads it (own properties, getters, proxies and every prototype but one
 * answer as usual), except that Object.prototype never supplies it: when a page has polluted
 * Object.prototype with `key`, a key that nothing else on the chain has reads as undefined. Costs
 * one ObjectHasOwn when Object.prototype does not have `key` (the usual case); allocates nothing.
 * Throws what a getter or a proxy trap throws.
 */
export function readMember(obj: object, key: PropertyKey): unknown {
  if (ObjectHasOwn(ObjectPrototypeRef, key)) {
    let o: object | null = obj;
    for (let depth = 0; ; depth++) {
      if (o === null || o === ObjectPrototypeRef || depth >= MAX_CHAIN_DEPTH) return undefined;
      if (ObjectHasOwn(o, key)) break;
      o = getProto(o) as object | null;
    }
  }
  return (obj as Record<PropertyKey, unknown>)[key];
}

/**
 * A field of an options object, a record or a dictionary from a host or a page (readMember: a
 * polluted Object.prototype cannot supply it); undefined when `obj` is not an object. Throws what
 * a getter throws, as a plain property read would.
 */
export function readOption(obj: unknown, key: PropertyKey): unknown {
  if (obj === null || (typeof obj !== 'object' && typeof obj !== 'function')) return undefined;
  return readMember(obj, key);
}

/**
 * Reads `obj[key]` (readMember: Object.prototype cannot supply it); undefined for primitives, a
 * PolicyInputError when a getter or trap throws.
 */
export function readProperty(obj: unknown, key: string): unknown {
  if (obj === null || obj === undefined) return undefined;
  if (typeof obj !== 'object' && typeof obj !== 'function') return undefined;
  try {
    return readMember(obj, key);
  } catch (e) {
    throw new PolicyInputError(`reading '${key}' threw: ${describe(e)}`);
  }
}

export function describe(e: unknown): string {
  try {
    if (e instanceof Error) return `${e.name}: ${e.message}`;
    return String(e);
  } catch {
    return 'an unprintable value';
  }
}

/** WebIDL DOMString conversion: Symbols are a TypeError; toString getters that throw become one too. */
export function toDOMString(value: unknown, what: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'symbol')
    throw new PolicyInputError(`${what} cannot be converted to a string (a Symbol)`);
  try {
    return String(value);
  } catch (e) {
    throw new PolicyInputError(`${what} cannot be converted to a string: ${describe(e)}`);
  }
}

/**
 * WebIDL `sequence<DOMString>` conversion: `undefined` is an empty list; anything else must be an
 * iterable object, iterated once, each entry converted to a DOMString. Lists longer than
 * `maxLength` are refused (xrgate hardening against huge arrays).
 */
export function toDOMStringList(value: unknown, what: string, maxLength: number): string[] {
  if (value === undefined) return [];
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) {
    throw new PolicyInputError(`${what} must be a sequence (an iterable object), got ${typeof value}`);
  }
  let iteratorMethod: unknown;
  try {
    iteratorMethod = (value as Record<symbol, unknown>)[SymbolIterator];
  } catch (e) {
    throw new PolicyInputError(`${what}: reading its iterator threw: ${describe(e)}`);
  }
  if (typeof iteratorMethod !== 'function') throw new PolicyInputError(`${what} is not iterable`);
  const out: string[] = [];
  try {
    const it: unknown = ReflectApply(iteratorMethod as () => unknown, value, []);
    if (it === null || typeof it !== 'object')
      throw new PolicyInputError(`${what}: its iterator is not an object`);
    // GetIteratorFromMethod: `next` is read once, then called on the iterator for every step.
    const next: unknown = (it as { next?: unknown }).next;
    if (typeof next !== 'function') throw new PolicyInputError(`${what}: its iterator has no next()`);
    for (;;) {
      const step: unknown = ReflectApply(next, it, []);
      if (step === null || typeof step !== 'object')
        throw new PolicyInputError(`${what}: bad iterator result`);
      if (readMember(step, 'done')) break;
      if (out.length >= maxLength) {
        throw new PolicyInputError(`${what} has more than ${maxLength} entries`);
      }
      ArrayPrototypePush(out, toDOMString(readMember(step, 'value'), `${what}[${out.length}]`));
    }
  } catch (e) {
    if (e instanceof PolicyInputError) throw e;
    throw new PolicyInputError(`${what}: iterating it threw: ${describe(e)}`);
  }
  return out;
}

export function readBoolean(obj: unknown, key: string, fallback: boolean): boolean {
  const v = readProperty(obj, key);
  return typeof v === 'boolean' ? v : fallback;
}

export function readFiniteNumber(obj: unknown, key: string, fallback: number): number {
  const v = readProperty(obj, key);
  return typeof v === 'number' && NumberIsFinite(v) ? v : fallback;
}

export function readString(obj: unknown, key: string): string | undefined {
  const v = readProperty(obj, key);
  return typeof v === 'string' ? v : undefined;
}

/** Returned by readField when a value cannot be read (not an object, or a getter or trap threw). */
export const UNREADABLE: unique symbol = Symbol('unreadable');

/**
 * Reads `obj[key]`, looking at the object and its prototypes (at most `maxDepth` objects; 1 = own
 * properties only, used for array entries so that Array.prototype cannot fill a hole) but never at
 * Object.prototype, so a polluted Object.prototype cannot supply a fact. Getters run with `obj` as
 * receiver, in a try; anything that throws gives UNREADABLE.
 */
export function readField(obj: unknown, key: string, maxDepth = 32): unknown {
  if (obj === null || (typeof obj !== 'object' && typeof obj !== 'function')) return UNREADABLE;
  try {
    let o: object | null = obj;
    for (let depth = 0; o !== null && o !== ObjectPrototypeRef && depth < maxDepth; depth++) {
      const d = getOwnDescriptor(o, key);
      if (d !== undefined) {
        // A descriptor is an ordinary object: only its own fields count (Object.prototype.value or
        // .get, polluted, must not turn an accessor into a data property or the reverse).
        if (ObjectHasOwn(d, 'value')) return d.value;
        const get = ObjectHasOwn(d, 'get') ? d.get : undefined;
        return typeof get === 'function' ? ReflectApply(get, obj, []) : undefined;
      }
      o = getProto(o) as object | null;
    }
    return undefined;
  } catch {
    return UNREADABLE;
  }
}
