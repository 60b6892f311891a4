// An in-memory KeyValueStore for the extension worker's state in Node tests: writes counted, values
// structured-cloned as chrome.storage does.

import type { KeyValueStore } from '../../src/extension/ua/browser-state.js';

export function memoryStore(): KeyValueStore & { data: Map<string, unknown>; writes: number } {
  const data = new Map<string, unknown>();
  const store = {
    data,
    writes: 0,
    get: async (k: string) => data.get(k),
    set: async (k: string, v: unknown) => {
      store.writes++;
      data.set(k, structuredClone(v));
    },
    remove: async (k: string) => {
      store.writes++;
      data.delete(k);
    },
  };
  return store;
}
