// Persisted consent in a page: IndexedDB, with localStorage as the fallback (R-CONSENT-03).
// Only used when the installer opts in: storage a page can reach is also storage a page can write,
// so a page could forge a remembered grant for its own origin (docs/security.md: what an in-page
// runtime can never guarantee). An embedder with storage outside the page (a browser extension,
// an XR shell) passes its own ConsentStorage instead. Never used in private mode (the consent
// store ignores storage there, R-CONSENT-10). The storage methods are the ones captured at load,
// and every record read back is re-validated by the consent store as hostile input.

import type { ConsentRecord, ConsentStorage } from '../policy/consent.js';
import {
  ArrayIsArray,
  ArrayPrototypeSlice,
  JSONParse,
  JSONStringify,
  ReflectApply,
  ReflectGetOwnPropertyDescriptor,
  ReflectGetPrototypeOf,
} from '../primordials.js';
import { listen } from '../primordials-dom.js';

const DB = 'xrgate-consent';
const STORE = 'grants';
const KEY = 'xrgate:consent';

type Fn = (...args: never[]) => unknown;
const G = globalThis as unknown as Record<string, { prototype: Record<string, unknown> } | undefined>;
/** A method of a global interface's prototype as it was at load, uncurried (undefined if absent). */
function captured(iface: string, name: string): ((self: unknown, ...args: unknown[]) => unknown) | undefined {
  const f = G[iface]?.prototype?.[name] as Fn | undefined;
  return typeof f === 'function' ? (self, ...args) => ReflectApply(f, self, args) : undefined;
}
function capturedGetter(iface: string, name: string): ((self: unknown) => unknown) | undefined {
  let proto: object | null | undefined = G[iface]?.prototype;
  while (proto) {
    const d = ReflectGetOwnPropertyDescriptor(proto, name);
    if (d?.get) {
      const get = d.get;
      return (self) => ReflectApply(get, self, []);
    }
    proto = ReflectGetPrototypeOf(proto);
  }
  return undefined;
}
const idbOpen = captured('IDBFactory', 'open');
const idbCreateStore = captured('IDBDatabase', 'createObjectStore');
const idbTransaction = captured('IDBDatabase', 'transaction');
const idbObjectStore = captured('IDBTransaction', 'objectStore');
const idbGet = captured('IDBObjectStore', 'get');
const idbPut = captured('IDBObjectStore', 'put');
const idbResult = capturedGetter('IDBRequest', 'result');
const storageGetItem = captured('Storage', 'getItem');
const storageSetItem = captured('Storage', 'setItem');
const idbAtLoad = (globalThis as { indexedDB?: IDBFactory }).indexedDB;
const localAtLoad = (() => {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
})();

export function createPageConsentStorage(): ConsentStorage {
  let cache: readonly ConsentRecord[] = [];
  let onLoaded: ((r: readonly ConsentRecord[]) => void) | null = null;
  let db: IDBDatabase | null = null;
  const local = localAtLoad;
  const deliver = (records: readonly ConsentRecord[]) => {
    cache = records;
    onLoaded?.(records);
  };
  const store = (mode: 'readonly' | 'readwrite') =>
    idbObjectStore!(idbTransaction!(db, STORE, mode), STORE) as IDBObjectStore;
  if (idbAtLoad && idbOpen && idbResult && idbTransaction && idbObjectStore && idbGet && idbCreateStore) {
    try {
      const req = idbOpen(idbAtLoad, DB, 1) as IDBOpenDBRequest;
      listen(req, 'upgradeneeded', () => {
        idbCreateStore(idbResult(req), STORE);
      });
      listen(req, 'success', () => {
        db = idbResult(req) as IDBDatabase;
        const get = idbGet(store('readonly'), 'all') as IDBRequest;
        listen(get, 'success', () => {
          const result = idbResult(get);
          deliver(ArrayIsArray(result) ? (result as ConsentRecord[]) : []);
        });
      });
      listen(req, 'error', () => deliver([]));
    } catch {
      deliver([]);
    }
  } else if (local && storageGetItem) {
    try {
      const parsed = JSONParse((storageGetItem(local, KEY) as string | null) ?? '[]');
      cache = ArrayIsArray(parsed) ? parsed : [];
    } catch {
      cache = [];
    }
  }
  return {
    load: () => cache,
    onLoad(cb) {
      onLoaded = cb;
      if (cache.length > 0) cb(cache);
    },
    save(records) {
      cache = ArrayPrototypeSlice(records);
      if (db && idbPut) {
        try {
          idbPut(store('readwrite'), cache, 'all');
          return;
        } catch {
          // fall through to localStorage
        }
      }
      try {
        if (local && storageSetItem) storageSetItem(local, KEY, JSONStringify(cache));
      } catch {
        // Storage failure never grants anything.
      }
    },
  };
}
