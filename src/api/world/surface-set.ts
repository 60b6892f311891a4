// The read-only set interfaces of the modules (WebIDL `readonly setlike<T>`: XRPlaneSet,
// XRMeshSet): size, entries, keys, values, forEach, has and @@iterator (= values) on the
// prototype, over a set the page cannot reach. The iterators are the built-in Set iterators
// (the entries are the page's own objects).

import {
  FunctionPrototypeCall,
  ObjectDefineProperty,
  ObjectGetOwnPropertyDescriptor,
  Set as SetCtor,
  Symbol,
  TypeError,
  uncurryThis,
} from '../../primordials.js';
import { illegalConstructor, illegalInvocation } from '../webidl.js';

const SymbolIterator: typeof Symbol.iterator = Symbol.iterator;
const SetValues = uncurryThis(SetCtor.prototype.values) as <T>(s: Set<T>) => IterableIterator<T>;
const SetEntries = uncurryThis(SetCtor.prototype.entries) as <T>(s: Set<T>) => IterableIterator<[T, T]>;
const SetHas = uncurryThis(SetCtor.prototype.has) as <T>(s: Set<T>, v: T) => boolean;
const SetAdd = uncurryThis(SetCtor.prototype.add) as <T>(s: Set<T>, v: T) => Set<T>;
const SetForEach = uncurryThis(SetCtor.prototype.forEach) as <T>(s: Set<T>, fn: (v: T) => void) => void;
const SetSize = uncurryThis(ObjectGetOwnPropertyDescriptor(SetCtor.prototype, 'size')!.get!) as <T>(
  s: Set<T>,
) => number;

export interface SetlikeClass<T> {
  new (token?: unknown, items?: readonly T[]): SetlikeInstance<T>;
  readonly prototype: SetlikeInstance<T>;
}

export interface SetlikeInstance<T> {
  readonly size: number;
  entries(): IterableIterator<[T, T]>;
  keys(): IterableIterator<T>;
  values(): IterableIterator<T>;
  forEach(callback: (value: T, key: T, set: SetlikeInstance<T>) => void, thisArg?: unknown): void;
  has(value: T): boolean;
  [Symbol.iterator](): IterableIterator<T>;
}

/** A new setlike interface class (its name and shape are given by interfaces.ts's interfaceShape). */
export function setlikeInterface<T>(): SetlikeClass<T> {
  let itemsOf: (v: unknown) => Set<T> | undefined = () => undefined;
  class SetLike {
    readonly #items: Set<T>;

    static {
      itemsOf = (v) =>
        typeof v === 'object' && v !== null && #items in v ? (v as SetLike).#items : undefined;
    }

    constructor(token?: unknown, items?: readonly T[]) {
      illegalConstructor(token);
      const set = new SetCtor<T>();
      const list = items ?? [];
      for (let i = 0; i < list.length; i++) SetAdd(set, list[i]!);
      this.#items = set;
    }

    get size(): number {
      const s = itemsOf(this);
      if (!s) illegalInvocation();
      return SetSize(s);
    }

    entries(): IterableIterator<[T, T]> {
      const s = itemsOf(this);
      if (!s) illegalInvocation();
      return SetEntries(s);
    }

    keys(): IterableIterator<T> {
      const s = itemsOf(this);
      if (!s) illegalInvocation();
      return SetValues(s);
    }

    values(): IterableIterator<T> {
      const s = itemsOf(this);
      if (!s) illegalInvocation();
      return SetValues(s);
    }

    forEach(callback: (value: T, key: T, set: SetLike) => void, thisArg: unknown = undefined): void {
      const s = itemsOf(this);
      if (!s) illegalInvocation();
      if (typeof callback !== 'function') throw new TypeError('forEach: parameter 1 is not a function');
      SetForEach(s, (v) => {
        FunctionPrototypeCall(callback, thisArg, v, v, this);
      });
    }

    has(value: T): boolean {
      const s = itemsOf(this);
      if (!s) illegalInvocation();
      return SetHas(s, value);
    }
  }
  // forEach's length is 1 (thisArg is optional).
  ObjectDefineProperty(SetLike.prototype.forEach, 'length', { value: 1, configurable: true });
  ObjectDefineProperty(SetLike.prototype, SymbolIterator, {
    value: SetLike.prototype.values,
    writable: true,
    enumerable: false,
    configurable: true,
  });
  return SetLike as unknown as SetlikeClass<T>;
}
