// Partial interfaces of the modules (spec(hit-test) `partial interface XRSession`, `partial
// interface XRFrame`, …): their operations and attributes defined on the interface's prototype with
// WebIDL's property shape (operations writable, enumerable, configurable; attributes enumerable,
// configurable getters named "get <name>"), so that the core interfaces' files stay the core's.

import { ObjectDefineProperty, ObjectGetOwnPropertyDescriptor, ObjectKeys } from '../../primordials.js';

/** Defines each function of `ops` (an object literal of methods: names and lengths as WebIDL's) on `proto`. */
export function defineOperations(proto: object, ops: Record<string, unknown>): void {
  const keys = ObjectKeys(ops);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    ObjectDefineProperty(proto, key, {
      __proto__: null,
      value: ObjectGetOwnPropertyDescriptor(ops, key)!.value,
      writable: true,
      enumerable: true,
      configurable: true,
    } as PropertyDescriptor);
  }
}

/** Defines each getter of `attrs` (an object literal of `get name() {}`) on `proto` as a read-only attribute. */
export function defineAttributes(proto: object, attrs: object): void {
  const keys = ObjectKeys(attrs);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    ObjectDefineProperty(proto, key, {
      __proto__: null,
      get: ObjectGetOwnPropertyDescriptor(attrs, key)!.get,
      enumerable: true,
      configurable: true,
    } as PropertyDescriptor);
  }
}
