// The built-ins xrgate relies on, captured when this module is evaluated (before page scripts run,
// in the script bundles), in the manner of Node.js core's per-context primordials: a page that
// later replaces Math.round, Object.freeze or Array.prototype.includes changes nothing here.
// Prototype methods are uncurried: ArrayPrototypeIncludes(list, x) calls the captured method on
// `list` through the captured Reflect.apply.
//
// Code under src/policy and src/agent uses these instead of the globals; scripts/lint-primordials.mjs
// (part of npm test) fails the build on a direct call.

const { apply } = Reflect;
const { bind, call } = Function.prototype;

/** uncurryThis(f)(self, ...args) === f.call(self, ...args), immune to later patches of call/apply. */
const uncurryThis: <T, A extends unknown[], R>(f: (this: T, ...args: A) => R) => (self: T, ...args: A) => R =
  apply(bind, bind, [call]) as never;

export const ReflectApply = apply;
export const ReflectGetPrototypeOf = Reflect.getPrototypeOf;
export const ReflectOwnKeys = Reflect.ownKeys;

export const MathAbs = Math.abs;
export const MathAcos = Math.acos;
export const MathAsin = Math.asin;
export const MathAtan = Math.atan;
export const MathAtan2 = Math.atan2;
export const MathCeil = Math.ceil;
export const MathCos = Math.cos;
export const MathFloor = Math.floor;
export const MathHypot = Math.hypot;
export const MathMax = Math.max;
export const MathRandom = Math.random;
export const MathMin = Math.min;
export const MathPI = Math.PI;
export const MathRound = Math.round;
export const MathSign = Math.sign;
export const MathSin = Math.sin;
export const MathSqrt = Math.sqrt;
export const MathTrunc = Math.trunc;

export const NumberIsFinite = Number.isFinite;
export const NumberIsInteger = Number.isInteger;
export const NumberIsSafeInteger = Number.isSafeInteger;
export const NumberNaN = Number.NaN;
export const NumberPOSITIVE_INFINITY = Number.POSITIVE_INFINITY;
export const NumberNEGATIVE_INFINITY = Number.NEGATIVE_INFINITY;

export const ObjectAssign = Object.assign;
export const ObjectCreate = Object.create;
export const ObjectEntries = Object.entries;
export const ObjectFreeze = Object.freeze;
export const ObjectFromEntries = Object.fromEntries;
export const ObjectGetOwnPropertyDescriptor = Object.getOwnPropertyDescriptor;
export const ObjectGetPrototypeOf = Object.getPrototypeOf;
export const ObjectHasOwn = Object.hasOwn;
export const ObjectIsFrozen = Object.isFrozen;
export const ObjectKeys = Object.keys;
export const ObjectPrototype = Object.prototype;
export const ObjectPrototypeHasOwnProperty = uncurryThis(Object.prototype.hasOwnProperty) as (
  self: unknown,
  key: PropertyKey,
) => boolean;

export const ArrayFrom = Array.from;
export const ArrayIsArray = Array.isArray;
export const ArrayPrototype = Array.prototype;

export const JSONStringify = JSON.stringify;
export const StringCtor = String;

// Uncurried prototype methods (typed loosely where the built-in is generic).
const AP = Array.prototype;
export const ArrayPrototypeIncludes = uncurryThis(AP.includes) as <T>(
  self: readonly T[],
  x: unknown,
  from?: number,
) => boolean;
export const ArrayPrototypeIndexOf = uncurryThis(AP.indexOf) as <T>(self: readonly T[], x: T) => number;
export const ArrayPrototypeJoin = uncurryThis(AP.join) as (self: readonly unknown[], sep?: string) => string;
export const ArrayPrototypeSome = uncurryThis(AP.some) as <T>(
  self: readonly T[],
  f: (v: T, i: number, a: readonly T[]) => unknown,
) => boolean;
export const ArrayPrototypeEvery = uncurryThis(AP.every) as <T>(
  self: readonly T[],
  f: (v: T, i: number, a: readonly T[]) => unknown,
) => boolean;

export const SetPrototypeHas = uncurryThis(Set.prototype.has) as <T>(self: ReadonlySet<T>, x: T) => boolean;
export const SetPrototypeAdd = uncurryThis(Set.prototype.add) as <T>(self: Set<T>, x: T) => Set<T>;
export const MapPrototypeGet = uncurryThis(Map.prototype.get) as <K, V>(
  self: ReadonlyMap<K, V>,
  k: K,
) => V | undefined;
export const MapPrototypeSet = uncurryThis(Map.prototype.set) as <K, V>(
  self: Map<K, V>,
  k: K,
  v: V,
) => Map<K, V>;
export const MapPrototypeHas = uncurryThis(Map.prototype.has) as <K, V>(
  self: ReadonlyMap<K, V>,
  k: K,
) => boolean;
export const WeakMapPrototypeGet = uncurryThis(WeakMap.prototype.get) as <K extends object, V>(
  self: WeakMap<K, V>,
  k: K,
) => V | undefined;
export const WeakMapPrototypeSet = uncurryThis(WeakMap.prototype.set) as <K extends object, V>(
  self: WeakMap<K, V>,
  k: K,
  v: V,
) => WeakMap<K, V>;
export const StringPrototypeToLowerCase = uncurryThis(String.prototype.toLowerCase) as (
  self: string,
) => string;
export const StringPrototypeTrim = uncurryThis(String.prototype.trim) as (self: string) => string;
export const StringPrototypeSlice = uncurryThis(String.prototype.slice) as (
  self: string,
  start?: number,
  end?: number,
) => string;
export const StringPrototypeStartsWith = uncurryThis(String.prototype.startsWith) as (
  self: string,
  s: string,
) => boolean;

// ---------------------------------------------------------------------------------------------
// Everything below follows one naming rule, checked by scripts/lint-primordials.mjs's fix text:
// a static method is <Ctor><Name> (ObjectDefineProperty), a prototype method is
// <Ctor>Prototype<Name> (MapPrototypeDelete) taking the receiver first.

export const ObjectDefineProperty = Object.defineProperty;
export const ObjectDefineProperties = Object.defineProperties;
export const ObjectGetOwnPropertyNames = Object.getOwnPropertyNames;
export const ObjectGetOwnPropertyDescriptors = Object.getOwnPropertyDescriptors;
export const ObjectSetPrototypeOf = Object.setPrototypeOf;
export const ObjectIs = Object.is;
export const ObjectValues = Object.values;
export const ObjectSeal = Object.seal;
export const ObjectPreventExtensions = Object.preventExtensions;

export const ReflectDeleteProperty = Reflect.deleteProperty;
export const ReflectDefineProperty = Reflect.defineProperty;
export const ReflectGet = Reflect.get;
export const ReflectHas = Reflect.has;
export const ReflectConstruct = Reflect.construct;
export const ReflectSetPrototypeOf = Reflect.setPrototypeOf;
export const ReflectGetOwnPropertyDescriptor = Reflect.getOwnPropertyDescriptor;

export const MathFround = Math.fround;
export const MathTan = Math.tan;
export const MathLog10 = Math.log10;
export const MathPow = Math.pow;
export const MathExp = Math.exp;
export const MathLog = Math.log;

export const NumberIsNaN = Number.isNaN;
export const NumberParseFloat = Number.parseFloat;
export const NumberParseInt = Number.parseInt;
export const NumberMAX_SAFE_INTEGER = Number.MAX_SAFE_INTEGER;
export const NumberEPSILON = Number.EPSILON;
export const NumberPrototypeToFixed = uncurryThis(Number.prototype.toFixed) as (
  self: number,
  digits?: number,
) => string;

export const JSONParse = JSON.parse;

export const ArrayOf = Array.of;
export const Float64ArrayOf = Float64Array.of;

export const ArrayPrototypeLastIndexOf = uncurryThis(AP.lastIndexOf) as <T>(
  self: readonly T[],
  x: T,
) => number;
export const ArrayPrototypePop = uncurryThis(AP.pop) as <T>(self: T[]) => T | undefined;
export const ArrayPrototypeShift = uncurryThis(AP.shift) as <T>(self: T[]) => T | undefined;
export const ArrayPrototypeFind = uncurryThis(AP.find) as <T>(
  self: readonly T[],
  f: (v: T, i: number, a: readonly T[]) => unknown,
) => T | undefined;
export const ArrayPrototypeFindIndex = uncurryThis(AP.findIndex) as <T>(
  self: readonly T[],
  f: (v: T, i: number, a: readonly T[]) => unknown,
) => number;
export const ArrayPrototypeForEach = uncurryThis(AP.forEach) as <T>(
  self: readonly T[],
  f: (v: T, i: number, a: readonly T[]) => void,
) => void;
export const ArrayPrototypeReduce = uncurryThis(AP.reduce) as <T, U>(
  self: readonly T[],
  f: (acc: U, v: T, i: number, a: readonly T[]) => U,
  initial: U,
) => U;
export const ArrayPrototypeSort = uncurryThis(AP.sort) as <T>(
  self: T[],
  compare?: (a: T, b: T) => number,
) => T[];
export const ArrayPrototypeReverse = uncurryThis(AP.reverse) as <T>(self: T[]) => T[];
export const ArrayPrototypeFill = uncurryThis(AP.fill) as <T>(
  self: T[],
  v: T,
  start?: number,
  end?: number,
) => T[];
export const ArrayPrototypeAt = uncurryThis(AP.at) as <T>(self: readonly T[], i: number) => T | undefined;

export const SetPrototypeDelete = uncurryThis(Set.prototype.delete) as <T>(self: Set<T>, x: T) => boolean;
export const SetPrototypeClear = uncurryThis(Set.prototype.clear) as <T>(self: Set<T>) => void;
export const SetPrototypeForEach = uncurryThis(Set.prototype.forEach) as <T>(
  self: ReadonlySet<T>,
  f: (v: T, v2: T, s: ReadonlySet<T>) => void,
) => void;
export const MapPrototypeDelete = uncurryThis(Map.prototype.delete) as <K, V>(
  self: Map<K, V>,
  k: K,
) => boolean;
export const MapPrototypeClear = uncurryThis(Map.prototype.clear) as <K, V>(self: Map<K, V>) => void;
export const MapPrototypeForEach = uncurryThis(Map.prototype.forEach) as <K, V>(
  self: ReadonlyMap<K, V>,
  f: (v: V, k: K, m: ReadonlyMap<K, V>) => void,
) => void;
export const MapPrototypeGetSize = uncurryThis(
  ObjectGetOwnPropertyDescriptor(Map.prototype, 'size')!.get!,
) as (self: ReadonlyMap<unknown, unknown>) => number;
export const SetPrototypeGetSize = uncurryThis(
  ObjectGetOwnPropertyDescriptor(Set.prototype, 'size')!.get!,
) as (self: ReadonlySet<unknown>) => number;
export const WeakMapPrototypeHas = uncurryThis(WeakMap.prototype.has) as <K extends object, V>(
  self: WeakMap<K, V>,
  k: K,
) => boolean;
export const WeakMapPrototypeDelete = uncurryThis(WeakMap.prototype.delete) as <K extends object, V>(
  self: WeakMap<K, V>,
  k: K,
) => boolean;
export const WeakSetPrototypeHas = uncurryThis(WeakSet.prototype.has) as <T extends object>(
  self: WeakSet<T>,
  x: T,
) => boolean;
export const WeakSetPrototypeAdd = uncurryThis(WeakSet.prototype.add) as <T extends object>(
  self: WeakSet<T>,
  x: T,
) => WeakSet<T>;

export const StringPrototypeIncludes = uncurryThis(String.prototype.includes) as (
  self: string,
  s: string,
  from?: number,
) => boolean;
export const StringPrototypeEndsWith = uncurryThis(String.prototype.endsWith) as (
  self: string,
  s: string,
) => boolean;
export const StringPrototypeIndexOf = uncurryThis(String.prototype.indexOf) as (
  self: string,
  s: string,
  from?: number,
) => number;
export const StringPrototypeSplit = uncurryThis(String.prototype.split) as (
  self: string,
  sep: string | RegExp,
  limit?: number,
) => string[];
export const StringPrototypeReplace = uncurryThis(String.prototype.replace) as unknown as (
  self: string,
  pattern: string | RegExp,
  replacement: string,
) => string;
export const StringPrototypeRepeat = uncurryThis(String.prototype.repeat) as (
  self: string,
  n: number,
) => string;
export const StringPrototypeToUpperCase = uncurryThis(String.prototype.toUpperCase) as (
  self: string,
) => string;
export const StringPrototypePadStart = uncurryThis(String.prototype.padStart) as (
  self: string,
  n: number,
  fill?: string,
) => string;
export const StringPrototypeCharCodeAt = uncurryThis(String.prototype.charCodeAt) as (
  self: string,
  i: number,
) => number;

export const RegExpPrototypeTest = uncurryThis(RegExp.prototype.test) as (self: RegExp, s: string) => boolean;
export const RegExpPrototypeExec = uncurryThis(RegExp.prototype.exec) as (
  self: RegExp,
  s: string,
) => RegExpExecArray | null;

export const FunctionPrototypeCall = uncurryThis(call) as <T, A extends unknown[], R>(
  f: (this: T, ...args: A) => R,
  self: T,
  ...args: A
) => R;
export const FunctionPrototypeBind = uncurryThis(bind) as <F extends (...args: never[]) => unknown>(
  f: F,
  self: unknown,
) => F;

export const Float32ArrayPrototypeSet = uncurryThis(
  (ReflectGetPrototypeOf(Float32Array.prototype) as Float32Array).set,
) as unknown as (self: Float32Array | Float64Array, src: ArrayLike<number>, offset?: number) => void;
export const TypedArrayPrototypeFill = uncurryThis(
  (ReflectGetPrototypeOf(Float32Array.prototype) as Float32Array).fill,
) as <A extends Float32Array | Float64Array>(self: A, v: number, start?: number, end?: number) => A;

// Promises: a page that replaces Promise.prototype.then or Promise.resolve must not reach the
// settle path of a decision. PromiseResolve/PromiseReject create a promise of the captured
// constructor; PromisePrototypeThen subscribes through the captured method.
const PromiseCtor = Promise;
export const SafePromise = PromiseCtor;
export const PromiseResolve = <T>(v: T | PromiseLike<T>): Promise<Awaited<T>> =>
  ReflectApply(PromiseCtor.resolve, PromiseCtor, [v]) as Promise<Awaited<T>>;
export const PromiseReject = <T = never>(e: unknown): Promise<T> =>
  ReflectApply(PromiseCtor.reject, PromiseCtor, [e]) as Promise<T>;
export const PromisePrototypeThen = uncurryThis(PromiseCtor.prototype.then) as <T, R1 = T, R2 = never>(
  self: Promise<T>,
  onFulfilled?: ((v: T) => R1 | PromiseLike<R1>) | null,
  onRejected?: ((e: unknown) => R2 | PromiseLike<R2>) | null,
) => Promise<R1 | R2>;
export const PromisePrototypeCatch = uncurryThis(PromiseCtor.prototype.catch) as <T, R = never>(
  self: Promise<T>,
  onRejected: (e: unknown) => R | PromiseLike<R>,
) => Promise<T | R>;

// Maps and sets whose methods cannot be swapped: their prototypes are private to xrgate, hold
// own copies of the built-in methods taken at load, and are frozen. `new SafeMap()` answers
// `.get` with Map.prototype.get as it was when xrgate loaded. (Their iterators still use the
// shared %MapIteratorPrototype%.next: iterate with forEach, which does not.)
function makeSafe<C extends new (...args: never[]) => object>(Base: C, Safe: C): C {
  const names = ReflectOwnKeys(Base.prototype);
  for (let i = 0; i < names.length; i++) {
    const key = names[i]!;
    if (key === 'constructor') continue;
    const desc = ReflectGetOwnPropertyDescriptor(Base.prototype, key)!;
    ReflectDefineProperty(Safe.prototype, key, desc);
  }
  ObjectFreeze(Safe.prototype);
  ObjectFreeze(Safe);
  return Safe;
}
declare const safe: unique symbol;
/** A Map whose methods are xrgate's own copies (scripts/lint-primordials.mjs accepts calls on it). */
export interface SafeMap<K, V> extends Map<K, V> {
  readonly [safe]: 'SafeMap';
}
export interface SafeSet<T> extends Set<T> {
  readonly [safe]: 'SafeSet';
}
export interface SafeWeakMap<K extends object, V> extends WeakMap<K, V> {
  readonly [safe]: 'SafeWeakMap';
}
export interface SafeWeakSet<T extends object> extends WeakSet<T> {
  readonly [safe]: 'SafeWeakSet';
}
export const SafeMap = makeSafe(Map, class SafeMap<K, V> extends Map<K, V> {}) as unknown as new <K, V>(
  entries?: readonly (readonly [K, V])[] | null,
) => SafeMap<K, V>;
export const SafeSet = makeSafe(Set, class SafeSet<T> extends Set<T> {}) as unknown as new <T>(
  values?: readonly T[] | null,
) => SafeSet<T>;
export const SafeWeakMap = makeSafe(
  WeakMap,
  class SafeWeakMap<K extends object, V> extends WeakMap<K, V> {},
) as unknown as new <K extends object, V>() => SafeWeakMap<K, V>;
export const SafeWeakSet = makeSafe(
  WeakSet,
  class SafeWeakSet<T extends object> extends WeakSet<T> {},
) as unknown as new <T extends object>() => SafeWeakSet<T>;

// Arrays built by xrgate. Array.prototype.push and `list[n] = v` go through [[Set]], which runs a
// setter a page defined on Array.prototype for that index (and the page's getter then answers
// every read of it); slice, map, filter, concat, flatMap and splice build their result with the
// constructor a page can substitute (Array.prototype.constructor, Array[Symbol.species]). These
// define each element as the array's own data property, on an array made by a literal, so
// neither can be reached. (Reads of own elements never consult the prototype.)
const ObjectDefinePropertyCaptured = Object.defineProperty;
function defineIndex(self: unknown[], i: number, v: unknown): void {
  ObjectDefinePropertyCaptured(self, i, {
    __proto__: null,
    value: v,
    writable: true,
    enumerable: true,
    configurable: true,
  } as PropertyDescriptor);
}
export function ArrayPrototypePush<T>(self: T[], ...items: T[]): number {
  let n = self.length;
  for (let i = 0; i < items.length; i++) defineIndex(self, n++, items[i]);
  return n;
}
export function ArrayPrototypeUnshift<T>(self: T[], ...items: T[]): number {
  const copy = ArrayPrototypeSlice(self);
  self.length = 0;
  for (let i = 0; i < items.length; i++) defineIndex(self, i, items[i]);
  for (let i = 0; i < copy.length; i++) defineIndex(self, items.length + i, copy[i]);
  return self.length;
}
export function ArrayPrototypeSlice<T>(self: readonly T[], start = 0, end: number = self.length): T[] {
  const len = self.length;
  let from = start < 0 ? MathMax(len + start, 0) : MathMin(start, len);
  const to = end < 0 ? MathMax(len + end, 0) : MathMin(end, len);
  const out: T[] = [];
  let n = 0;
  for (; from < to; from++) defineIndex(out, n++, self[from]);
  return out;
}
export function ArrayPrototypeMap<T, U>(self: readonly T[], f: (v: T, i: number, a: readonly T[]) => U): U[] {
  const out: U[] = [];
  for (let i = 0; i < self.length; i++) defineIndex(out, i, f(self[i] as T, i, self));
  return out;
}
export function ArrayPrototypeFilter<T>(
  self: readonly T[],
  f: (v: T, i: number, a: readonly T[]) => unknown,
): T[] {
  const out: T[] = [];
  let n = 0;
  for (let i = 0; i < self.length; i++) {
    const v = self[i] as T;
    if (f(v, i, self)) defineIndex(out, n++, v);
  }
  return out;
}
/** concat of arrays (each argument an array or a single value; never spread by Symbol.isConcatSpreadable). */
export function ArrayPrototypeConcat<T>(self: readonly T[], ...items: (T | readonly T[])[]): T[] {
  const out = ArrayPrototypeSlice(self);
  let n = out.length;
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (ArrayIsArray(item)) {
      const list = item as readonly T[];
      for (let j = 0; j < list.length; j++) defineIndex(out, n++, list[j]);
    } else defineIndex(out, n++, item);
  }
  return out;
}
export function ArrayPrototypeFlatMap<T, U>(
  self: readonly T[],
  f: (v: T, i: number, a: readonly T[]) => U | readonly U[],
): U[] {
  const out: U[] = [];
  let n = 0;
  for (let i = 0; i < self.length; i++) {
    const r = f(self[i] as T, i, self);
    if (ArrayIsArray(r)) {
      const list = r as readonly U[];
      for (let j = 0; j < list.length; j++) defineIndex(out, n++, list[j]);
    } else defineIndex(out, n++, r);
  }
  return out;
}
/** splice: removes deleteCount elements at start, inserts items, returns the removed ones. */
export function ArrayPrototypeSplice<T>(self: T[], start: number, deleteCount?: number, ...items: T[]): T[] {
  const len = self.length;
  const from = start < 0 ? MathMax(len + start, 0) : MathMin(start, len);
  const count = deleteCount === undefined ? len - from : MathMin(MathMax(deleteCount, 0), len - from);
  const removed = ArrayPrototypeSlice(self, from, from + count);
  const tail = ArrayPrototypeSlice(self, from + count);
  self.length = from;
  let n = from;
  for (let i = 0; i < items.length; i++) defineIndex(self, n++, items[i]);
  for (let i = 0; i < tail.length; i++) defineIndex(self, n++, tail[i]);
  return removed;
}

// Global constructors and functions, captured: a page that assigns globalThis.Map, .Promise or
// .TypeError after load does not change what xrgate constructs. Imported under the global's own
// name, they shadow it in the importing module (`import { TypeError } from '../primordials.js'`).
const G = globalThis;
const {
  Array: ArrayCtor,
  Boolean: BooleanCtor,
  Error: ErrorCtor,
  Float32Array: Float32ArrayCtor,
  Float64Array: Float64ArrayCtor,
  Int32Array: Int32ArrayCtor,
  Map: MapCtor,
  Number: NumberCtor,
  Object: ObjectCtor,
  Promise: PromiseCtor2,
  RangeError: RangeErrorCtor,
  Set: SetCtor,
  String: StringCtor2,
  Symbol: SymbolCtor,
  SyntaxError: SyntaxErrorCtor,
  TypeError: TypeErrorCtor,
  Uint8Array: Uint8ArrayCtor,
  Uint16Array: Uint16ArrayCtor,
  Uint32Array: Uint32ArrayCtor,
  ArrayBuffer: ArrayBufferCtor,
  WeakMap: WeakMapCtor,
  WeakSet: WeakSetCtor,
  WeakRef: WeakRefCtor,
  Date: DateCtor,
  isNaN: isNaNFn,
  isFinite: isFiniteFn,
  parseFloat: parseFloatFn,
  parseInt: parseIntFn,
  setTimeout: setTimeoutFn,
  clearTimeout: clearTimeoutFn,
  setInterval: setIntervalFn,
  clearInterval: clearIntervalFn,
  queueMicrotask: queueMicrotaskFn,
  structuredClone: structuredCloneFn,
} = G;
/** DOMException: in browsers and Node ≥ 17; captured like the others. */
const DOMExceptionCtor = G.DOMException;

export {
  ArrayBufferCtor as ArrayBuffer,
  ArrayCtor as Array,
  BooleanCtor as Boolean,
  clearIntervalFn as clearInterval,
  clearTimeoutFn as clearTimeout,
  DateCtor as Date,
  DOMExceptionCtor as DOMException,
  ErrorCtor as Error,
  Float32ArrayCtor as Float32Array,
  Float64ArrayCtor as Float64Array,
  Int32ArrayCtor as Int32Array,
  isFiniteFn as isFinite,
  isNaNFn as isNaN,
  MapCtor as Map,
  NumberCtor as Number,
  ObjectCtor as Object,
  PromiseCtor2 as Promise,
  parseFloatFn as parseFloat,
  parseIntFn as parseInt,
  queueMicrotaskFn as queueMicrotask,
  RangeErrorCtor as RangeError,
  SetCtor as Set,
  StringCtor2 as String,
  SymbolCtor as Symbol,
  SyntaxErrorCtor as SyntaxError,
  setIntervalFn as setInterval,
  setTimeoutFn as setTimeout,
  structuredCloneFn as structuredClone,
  TypeErrorCtor as TypeError,
  Uint8ArrayCtor as Uint8Array,
  Uint16ArrayCtor as Uint16Array,
  Uint32ArrayCtor as Uint32Array,
  uncurryThis,
  WeakMapCtor as WeakMap,
  WeakRefCtor as WeakRef,
  WeakSetCtor as WeakSet,
};
