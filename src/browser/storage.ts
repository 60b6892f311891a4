// Persisted consent in a page: IndexedDB, with localStorage as the fallback (R-CONSENT-03).
// Only used when the installer opts in: storage a page can reach is also storage a page can write,
// so a page could forge a remembered grant for its own origin. An embedder with storage outside the
// page (a browser extension, an XR shell) passes its own ConsentStorage instead. Never used in
// private mode (the consent store ignores storage there, R-CONSENT-10).

import type { ConsentRecord, ConsentStorage } from '../policy/consent.js';

const DB = 'xrgate-consent';
const STORE = 'grants';
const KEY = 'xrgate:consent';

export function createPageConsentStorage(): ConsentStorage {
  let cache: readonly ConsentRecord[] = [];
  let onLoaded: ((r: readonly ConsentRecord[]) => void) | null = null;
  const idb = (globalThis as { indexedDB?: IDBFactory }).indexedDB;
  let db: IDBDatabase | null = null;
  const local = (() => {
    try {
      return globalThis.localStorage ?? null;
    } catch {
      return null;
    }
  })();
  const deliver = (records: readonly ConsentRecord[]) => {
    cache = records;
    onLoaded?.(records);
  };
  if (idb) {
    try {
      const req = idb.open(DB, 1);
      req.onupgradeneeded = () => req.result.createObjectStore(STORE);
      req.onsuccess = () => {
        db = req.result;
        const get = db.transaction(STORE, 'readonly').objectStore(STORE).get('all');
        get.onsuccess = () => deliver(Array.isArray(get.result) ? get.result : []);
      };
      req.onerror = () => deliver([]);
    } catch {
      deliver([]);
    }
  } else if (local) {
    try {
      const parsed = JSON.parse(local.getItem(KEY) ?? '[]');
      cache = Array.isArray(parsed) ? parsed : [];
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
      cache = records.slice();
      if (db) {
        try {
          db.transaction(STORE, 'readwrite').objectStore(STORE).put(cache, 'all');
          return;
        } catch {
          // fall through to localStorage
        }
      }
      try {
        local?.setItem(KEY, JSON.stringify(cache));
      } catch {
        // Storage failure never grants anything.
      }
    },
  };
}
