// The Anchors Module's persistent anchors as the extension's service worker keeps them (R-ANCHOR-06,
// R-ANCHOR-08, R-ANCHOR-09): per origin in chrome.storage.local, which no page can read or write,
// so that a handle from requestPersistentHandle() survives the page's reload (the point of
// restorePersistentAnchor). The origin is always the one Chrome recorded for the document's port,
// never one a message names: origin B can neither list, restore nor delete origin A's handles.
// Incognito documents' anchors stay in the worker's memory and are never written (as consent).
// Storage is read as hostile data: a record that is not a version-4 UUID handle with a finite rigid
// pose is dropped when it is loaded, and so is a document's message that is not one. At most
// PERSISTENT_ANCHORS_PER_ORIGIN anchors per origin, here too (a document's own count is only its copy).

import { type AnchorPose, isPersistentHandle, PERSISTENT_ANCHORS_PER_ORIGIN } from '../../policy/anchors.js';

/** A persistent anchor kept for an origin: its handle and the anchor's last known pose. */
export interface KeptAnchor {
  readonly handle: string;
  readonly pose: AnchorPose;
}

/** The storage the keeper writes to (the worker: chrome.storage.local). */
export interface AnchorStorage {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
  remove(key: string): Promise<void>;
}

/** No anchor is kept farther than this from the device's origin (metres). */
const POSITION_LIMIT = 10_000;

const storageKey = (origin: string) => `anchors:${origin}`;

/** An own data property of `o` (never a getter's result, never an inherited one). */
function own(o: unknown, key: string): unknown {
  if (o === null || typeof o !== 'object') return undefined;
  const d = Object.getOwnPropertyDescriptor(o, key);
  return d !== undefined && 'value' in d ? d.value : undefined;
}

function finite(v: unknown, limit: number): number | null {
  return typeof v === 'number' && Number.isFinite(v) && Math.abs(v) <= limit ? v : null;
}

/** A pose read from data: finite numbers, a unit quaternion (normalized); anything else: null. */
export function readAnchorPose(v: unknown): AnchorPose | null {
  const p = own(v, 'position');
  const o = own(v, 'orientation');
  const x = finite(own(p, 'x'), POSITION_LIMIT);
  const y = finite(own(p, 'y'), POSITION_LIMIT);
  const z = finite(own(p, 'z'), POSITION_LIMIT);
  const qx = finite(own(o, 'x'), 1.01);
  const qy = finite(own(o, 'y'), 1.01);
  const qz = finite(own(o, 'z'), 1.01);
  const qw = finite(own(o, 'w'), 1.01);
  if (x === null || y === null || z === null || qx === null || qy === null || qz === null || qw === null)
    return null;
  const n = Math.sqrt(qx * qx + qy * qy + qz * qz + qw * qw);
  if (!(n > 0.99 && n < 1.01)) return null;
  return Object.freeze({
    position: Object.freeze({ x, y, z }),
    orientation: Object.freeze({ x: qx / n, y: qy / n, z: qz / n, w: qw / n }),
  });
}

/** One stored record, or null when it is not a handle with a finite rigid pose. */
export function readKeptAnchor(v: unknown): KeptAnchor | null {
  const handle = own(v, 'handle');
  if (!isPersistentHandle(handle)) return null;
  const pose = readAnchorPose(own(v, 'pose'));
  return pose === null ? null : Object.freeze({ handle: handle as string, pose });
}

/** An origin's stored list: its valid records, each handle once, at most the cap; the rest dropped. */
export function readKeptAnchors(v: unknown): KeptAnchor[] {
  if (!Array.isArray(v)) return [];
  const out: KeptAnchor[] = [];
  const seen = new Set<string>();
  const n = Math.min(v.length, 10_000);
  for (let i = 0; i < n && out.length < PERSISTENT_ANCHORS_PER_ORIGIN; i++) {
    const r = readKeptAnchor(own(v, `${i}`));
    if (r === null || seen.has(r.handle)) continue;
    seen.add(r.handle);
    out.push(r);
  }
  return out;
}

/** An origin that may keep anchors: a tuple origin (scheme://host[:port]); never an opaque one. */
export function mayKeepAnchors(origin: unknown): origin is string {
  return (
    typeof origin === 'string' && origin.length <= 2048 && /^[a-z][a-z0-9+.-]*:\/\/[^/\s?#]+$/i.test(origin)
  );
}

export class PersistentAnchorKeeper {
  readonly #storage: AnchorStorage;
  /** Each origin's list, once loaded (storage or incognito memory), by `${incognito}|${origin}`. */
  readonly #lists = new Map<string, KeptAnchor[]>();
  /** Changes of one list run one after another (read, change, write). */
  readonly #queues = new Map<string, Promise<unknown>>();

  constructor(storage: AnchorStorage) {
    this.#storage = storage;
  }

  /** The origin's persistent anchors (incognito: those of this worker's life only). */
  list(origin: string, incognito: boolean): Promise<readonly KeptAnchor[]> {
    if (!mayKeepAnchors(origin)) return Promise.resolve([]);
    return this.#run(origin, incognito, async (list) => [...list]);
  }

  /** A handle made for an anchor of `origin`: kept unless the origin is at its cap. */
  persist(origin: string, incognito: boolean, handle: unknown, pose: unknown): Promise<boolean> {
    const record = readKeptAnchor({ handle, pose });
    if (record === null || !mayKeepAnchors(origin)) return Promise.resolve(false);
    return this.#run(origin, incognito, async (list, save) => {
      const i = list.findIndex((r) => r.handle === record.handle);
      if (i >= 0) list[i] = record;
      else if (list.length >= PERSISTENT_ANCHORS_PER_ORIGIN) return false;
      else list.push(record);
      await save();
      return true;
    });
  }

  /** The anchor behind an existing handle of `origin` moved; a handle it does not have stays unknown. */
  move(origin: string, incognito: boolean, handle: unknown, pose: unknown): Promise<boolean> {
    const record = readKeptAnchor({ handle, pose });
    if (record === null || !mayKeepAnchors(origin)) return Promise.resolve(false);
    return this.#run(origin, incognito, async (list, save) => {
      const i = list.findIndex((r) => r.handle === record.handle);
      if (i < 0) return false;
      list[i] = record;
      await save();
      return true;
    });
  }

  /** The handle of `origin` deleted; true when the origin had it. */
  forget(origin: string, incognito: boolean, handle: unknown): Promise<boolean> {
    if (!isPersistentHandle(handle) || !mayKeepAnchors(origin)) return Promise.resolve(false);
    return this.#run(origin, incognito, async (list, save) => {
      const i = list.findIndex((r) => r.handle === handle);
      if (i < 0) return false;
      list.splice(i, 1);
      await save();
      return true;
    });
  }

  #run<T>(
    origin: string,
    incognito: boolean,
    change: (list: KeptAnchor[], save: () => Promise<void>) => Promise<T>,
  ): Promise<T> {
    const id = `${incognito}|${origin}`;
    const step = async (): Promise<T> => {
      let list = this.#lists.get(id);
      if (!list) {
        // Incognito: memory only, never storage (not even read: the regular profile's records are
        // not the incognito session's).
        list = incognito ? [] : readKeptAnchors(await this.#storage.get(storageKey(origin)));
        this.#lists.set(id, list);
      }
      const kept = list;
      const save = async () => {
        if (incognito) return;
        if (kept.length === 0) await this.#storage.remove(storageKey(origin));
        else
          await this.#storage.set(
            storageKey(origin),
            kept.map((r) => ({
              handle: r.handle,
              pose: {
                position: { ...r.pose.position },
                orientation: { ...r.pose.orientation },
              },
            })),
          );
      };
      return change(kept, save);
    };
    const previous = this.#queues.get(id) ?? Promise.resolve();
    const next = previous.then(step, step);
    const settled = next.catch(() => undefined);
    this.#queues.set(id, settled);
    void settled.then(() => {
      if (this.#queues.get(id) === settled) this.#queues.delete(id);
    });
    return next;
  }
}
