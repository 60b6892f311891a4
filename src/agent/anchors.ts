// The user-agent side of the Anchors Module: an anchor store per session (what the page made, the
// device's native anchor behind each) and the persistent anchors of each origin, kept by the user
// agent (never in storage the page can write). Every request passes src/policy/anchors.ts first;
// the page side receives, per frame, only the anchors' ids and poses the policy lets it see.
// Spec: immersive-web/anchors index.bs @ 242cc22.

import type { DeviceAnchors, RigidPose } from '../device/types.js';
import {
  ANCHORS_PER_SESSION,
  anchorCreationIsAllowed,
  anchorUpdatesMayBeReported,
  isPersistentHandle,
  persistentAnchorAccess,
  persistentHandle,
  persistentHandleMayBeCreated,
  type StoredPersistentAnchor,
} from '../policy/anchors.js';
import type { Decision, Denied } from '../policy/decision.js';
import { quantizedPose } from '../policy/pose-mitigations.js';
import type { VisibilityState } from '../policy/poses.js';
import {
  ArrayPrototypePush,
  NumberIsFinite,
  NumberNaN,
  ObjectFreeze,
  PromisePrototypeThen,
  PromiseResolve,
  SafeMap,
} from '../primordials.js';
import { ownData } from './channel.js';
import type { PageAnchor, Reply } from './protocol.js';

function ok<T>(value: T): Reply<T> {
  return { ok: true, value };
}

function refused(d: Denied): Reply<never> {
  return { ok: false, error: { name: d.error.name, message: d.error.message } };
}

const EMPTY: readonly never[] = ObjectFreeze([]);

/** A persistent anchor as a user agent keeps it: its handle, its origin, its last known pose. */
export interface PersistentAnchorRecord {
  readonly handle: string;
  readonly origin: string;
  readonly pose: RigidPose;
}

/**
 * Where a user agent keeps persistent anchors beyond its own memory (the Chromium extension: the
 * service worker's chrome.storage.local, per origin). Told of every change; it decides what it
 * keeps (the worker checks each record again).
 */
export interface PersistentAnchorBacking {
  /** A handle was made for an anchor of `origin` (requestPersistentHandle). */
  persist(handle: string, origin: string, pose: RigidPose): void;
  /** The anchor behind `handle` moved (a tracked anchor's new pose). */
  move(handle: string, origin: string, pose: RigidPose): void;
  /** The handle was deleted (deletePersistentAnchor). */
  forget(handle: string, origin: string): void;
}

/**
 * The persistent anchors every origin keeps, in the user agent (R-ANCHOR-06/09): a handle maps to
 * its origin and the anchor's last known pose. In memory, for the life of the user agent (Node, the
 * script bundles); nothing of it is written where a page can read or write it. The extension
 * starts it with the records its worker kept for the document's origin (`records`) and tells the
 * worker every change (`backing`), so that a handle survives the page's reload.
 */
export class PersistentAnchorStore {
  readonly #byHandle = new SafeMap<string, { origin: string; pose: RigidPose }>();
  readonly #backing: PersistentAnchorBacking | null;
  /** Changes with every handle made or deleted (sessions keep their list while it is the same). */
  version = 0;

  constructor(
    options: {
      readonly records?: readonly PersistentAnchorRecord[];
      readonly backing?: PersistentAnchorBacking | null;
    } = {},
  ) {
    this.#backing = options.backing ?? null;
    const records = options.records ?? EMPTY;
    for (let i = 0; i < records.length; i++) {
      const r = records[i]!;
      this.#byHandle.set(r.handle, { origin: r.origin, pose: r.pose });
    }
  }

  get(handle: string): StoredPersistentAnchor | null {
    const e = this.#byHandle.get(handle);
    return e === undefined ? null : ObjectFreeze({ origin: e.origin, pose: e.pose });
  }

  /** The handles of `origin`, in the order they were made. */
  handles(origin: string): string[] {
    const out: string[] = [];
    this.#byHandle.forEach((e, h) => {
      if (e.origin === origin) ArrayPrototypePush(out, h);
    });
    return out;
  }

  count(origin: string): number {
    let n = 0;
    this.#byHandle.forEach((e) => {
      if (e.origin === origin) n++;
    });
    return n;
  }

  set(handle: string, origin: string, pose: RigidPose): void {
    this.#byHandle.set(handle, { origin, pose });
    this.version++;
    this.#backing?.persist(handle, origin, pose);
  }

  /** The anchor moved: its stored pose follows (only the owner's entry is ever touched). */
  update(handle: string, origin: string, pose: RigidPose): void {
    const e = this.#byHandle.get(handle);
    if (e === undefined || e.origin !== origin) return;
    const was = e.pose;
    e.pose = pose;
    if (this.#backing !== null && !samePose(was, pose)) this.#backing.move(handle, origin, pose);
  }

  delete(handle: string, origin: string): void {
    if (this.forgotten(handle, origin)) this.#backing?.forget(handle, origin);
  }

  /**
   * The handle was made elsewhere (another document of the origin, told by the backing's keeper):
   * known here too, without telling the backing. A handle this store has stays as it is.
   */
  learned(handle: string, origin: string, pose: RigidPose): void {
    if (this.#byHandle.get(handle) !== undefined) return;
    this.#byHandle.set(handle, { origin, pose });
    this.version++;
  }

  /**
   * The handle was deleted elsewhere (another document of the origin): forgotten here too, without
   * telling the backing. True when it was known.
   */
  forgotten(handle: string, origin: string): boolean {
    const e = this.#byHandle.get(handle);
    if (e === undefined || e.origin !== origin) return false;
    this.#byHandle.delete(handle);
    this.version++;
    return true;
  }
}

function samePose(a: RigidPose, b: RigidPose): boolean {
  const p = a.position;
  const q = b.position;
  const o = a.orientation;
  const r = b.orientation;
  return (
    p.x === q.x && p.y === q.y && p.z === q.z && o.x === r.x && o.y === r.y && o.z === r.z && o.w === r.w
  );
}

interface Entry {
  /** The device's native anchor id, or null while the device has not answered. */
  native: number | null;
  /** The persistent handle made for it in this session, or null. */
  handle: string | null;
  /** The page deleted it (or its session ended): the device was told. */
  deleted: boolean;
}

/** What a session's anchor store needs from its session. */
export interface AnchorSessionFacts {
  readonly enabled: () => boolean;
  readonly ended: () => boolean;
  readonly origin: string;
  /** The profile's position quantization step (R-ADJ-04), or null. */
  readonly positionStep: number | null;
  readonly random: () => number;
  record<D extends Decision<unknown>>(action: string, d: D): D;
}

/**
 * One session's anchors (the spec's "set of tracked anchors" and "map of persistent anchors",
 * kept by the user agent). Page-side ids are the store's own numbers, never the device's.
 */
export class SessionAnchorStore {
  readonly #device: DeviceAnchors | undefined;
  readonly #facts: AnchorSessionFacts;
  readonly #persistent: PersistentAnchorStore;
  readonly #entries = new SafeMap<number, Entry>();
  #nextId = 1;
  /** The anchors last reported (held while the session is not visible, R-ANCHOR-05). */
  #reported: readonly PageAnchor[] = EMPTY;
  #handles: readonly string[] = EMPTY;
  #handlesVersion = -1;

  constructor(
    device: DeviceAnchors | undefined,
    facts: AnchorSessionFacts,
    persistent: PersistentAnchorStore,
  ) {
    this.#device = device;
    this.#facts = facts;
    this.#persistent = persistent;
  }

  /** Live anchors (tracked, or waiting for the device). */
  get size(): number {
    let n = 0;
    this.#entries.forEach((e) => {
      if (!e.deleted) n++;
    });
    return n;
  }

  /**
   * spec(anchors): #dom-xrframe-createanchor steps 5–7, the device's part: `pose` is the anchor's
   * pose in base space as the page side computed it (a hostile value: checked again here); null
   * when the space it was given in had no pose in the frame.
   */
  create(pose: RigidPose | null, action = 'createAnchor()'): Promise<Reply<number>> {
    const f = this.#facts;
    const checked = checkedPose(pose);
    const d = f.record(
      'createAnchor',
      anchorCreationIsAllowed(
        {
          enabled: f.enabled() && this.#device !== undefined,
          ended: f.ended(),
          count: this.size,
          limit: ANCHORS_PER_SESSION,
          pose: checked,
        },
        action,
      ),
    );
    if (!d.allowed) return PromiseResolve(refused(d));
    const device = this.#device as DeviceAnchors;
    const id = this.#nextId++;
    const entry: Entry = { native: null, handle: null, deleted: false };
    this.#entries.set(id, entry);
    return PromisePrototypeThen(
      device.create(checked as RigidPose, false),
      (native): Reply<number> => {
        if (native === null || typeof native !== 'number') {
          this.#entries.delete(id);
          return refused(
            f.record('createAnchor', {
              allowed: false,
              error: {
                name: 'OperationError',
                message: `${action} failed: the device could not create the anchor [R-ANCHOR-03]`,
              },
              reason: 'the device refused to create the anchor',
              requirement: 'R-ANCHOR-03',
            } as Denied),
          );
        }
        // The page deleted it or the session ended while the device worked: it is let go at once.
        if (entry.deleted || f.ended()) {
          device.detach(native);
          this.#entries.delete(id);
          return refused(
            f.record('createAnchor', {
              allowed: false,
              error: {
                name: 'InvalidStateError',
                message: `${action} failed: the session has ended [R-ANCHOR-02]`,
              },
              reason: 'the session ended before the device created the anchor',
              requirement: 'R-ANCHOR-02',
            } as Denied),
          );
        }
        entry.native = native;
        return ok(id);
      },
      (): Reply<number> => {
        this.#entries.delete(id);
        return {
          ok: false,
          error: { name: 'OperationError', message: `${action} failed on the device [R-ANCHOR-03]` },
        };
      },
    );
  }

  // spec(anchors): #delete-an-anchor steps 5–8 (the device is told; the anchor leaves the set)
  delete(id: unknown): void {
    if (typeof id !== 'number') return;
    const e = this.#entries.get(id);
    if (e === undefined || e.deleted) return;
    e.deleted = true;
    if (e.native !== null) this.#device?.detach(e.native);
    this.#entries.delete(id);
  }

  /**
   * spec(anchors): #update-anchors, the device's part: each anchor the device still tracks, with
   * its pose (null while tracking is paused); an anchor the device no longer tracks leaves the
   * set. Positions quantized per profile (R-ADJ-04). While the session is not visible, the list
   * last reported (R-ANCHOR-05). Null: 'anchors' is not enabled.
   */
  frame(visibility: VisibilityState): readonly PageAnchor[] | null {
    const f = this.#facts;
    if (!f.enabled()) return null;
    if (!anchorUpdatesMayBeReported(visibility)) return this.#reported;
    if (this.#entries.size === 0) {
      this.#reported = EMPTY;
      return EMPTY;
    }
    const device = this.#device as DeviceAnchors;
    const out: PageAnchor[] = [];
    const gone: number[] = [];
    this.#entries.forEach((e, id) => {
      if (e.native === null || e.deleted) return;
      const s = device.state(e.native);
      if (s === null) {
        ArrayPrototypePush(gone, id);
        return;
      }
      const pose = s.tracked ? quantizedPose(s.origin, f.positionStep) : null;
      if (pose !== null && e.handle !== null) this.#persistent.update(e.handle, f.origin, s.origin);
      ArrayPrototypePush(out, ObjectFreeze({ id, pose }));
    });
    for (let i = 0; i < gone.length; i++) this.#entries.delete(gone[i]!);
    this.#reported = ObjectFreeze(out);
    return this.#reported;
  }

  /** The origin's persistent handles (XRSession.persistentAnchors); null: 'anchors' not enabled. */
  persistentHandles(): readonly string[] | null {
    if (!this.#facts.enabled()) return null;
    if (this.#handlesVersion !== this.#persistent.version) {
      this.#handlesVersion = this.#persistent.version;
      this.#handles = ObjectFreeze(this.#persistent.handles(this.#facts.origin));
    }
    return this.#handles;
  }

  // spec(anchors): #dom-xranchor-requestpersistenthandle steps 4–9
  requestPersistentHandle(id: unknown): Reply<string> {
    const f = this.#facts;
    const e = typeof id === 'number' ? this.#entries.get(id) : undefined;
    const d = f.record(
      'requestPersistentHandle',
      persistentHandleMayBeCreated({
        enabled: f.enabled(),
        ended: f.ended(),
        deleted: e === undefined || e.deleted || e.native === null,
        stored: e?.handle != null ? 0 : this.#persistent.count(f.origin),
      }),
    );
    if (!d.allowed) return refused(d);
    const entry = e as Entry;
    // Step 4: an anchor that has a handle keeps it.
    if (entry.handle !== null) return ok(entry.handle);
    const state = (this.#device as DeviceAnchors).state(entry.native as number);
    let handle = persistentHandle(f.random);
    // (A collision with any origin's handle is drawn again: handles are unique in the user agent.)
    while (this.#persistent.get(handle) !== null) handle = persistentHandle(f.random);
    entry.handle = handle;
    this.#persistent.set(handle, f.origin, state ? state.origin : IDENTITY);
    return ok(handle);
  }

  // spec(anchors): #dom-xrsession-restorepersistentanchor
  restore(handle: unknown): Promise<Reply<number>> {
    const f = this.#facts;
    const h = isPersistentHandle(handle) ? handle : '';
    const stored = h === '' ? null : this.#persistent.get(h);
    const d = f.record(
      'restorePersistentAnchor',
      persistentAnchorAccess({ enabled: f.enabled(), origin: f.origin, stored }, 'restorePersistentAnchor()'),
    );
    if (!d.allowed) return PromiseResolve(refused(d));
    // Step 5: an anchor of this session already restored from the handle is not made twice.
    let live: number | null = null;
    this.#entries.forEach((e, id) => {
      if (e.handle === h && !e.deleted) live = id;
    });
    if (live !== null) {
      return PromiseResolve(
        refused(
          f.record('restorePersistentAnchor', {
            allowed: false,
            error: {
              name: 'InvalidStateError',
              message:
                'restorePersistentAnchor() was refused: the anchor is already restored in this session [R-ANCHOR-06]',
            },
            reason: 'already restored',
            requirement: 'R-ANCHOR-06',
          } as Denied),
        ),
      );
    }
    return PromisePrototypeThen(
      this.create((stored as StoredPersistentAnchor).pose, 'restorePersistentAnchor()'),
      (r) => {
        if (r.ok) {
          const e = this.#entries.get(r.value);
          if (e !== undefined) e.handle = h;
        }
        return r;
      },
    );
  }

  // spec(anchors): #dom-xrsession-deletepersistentanchor
  deletePersistent(handle: unknown): Reply<null> {
    const f = this.#facts;
    const h = isPersistentHandle(handle) ? handle : '';
    const stored = h === '' ? null : this.#persistent.get(h);
    const d = f.record(
      'deletePersistentAnchor',
      persistentAnchorAccess({ enabled: f.enabled(), origin: f.origin, stored }, 'deletePersistentAnchor()'),
    );
    if (!d.allowed) return refused(d);
    this.#persistent.delete(h, f.origin);
    this.#entries.forEach((e) => {
      if (e.handle === h) e.handle = null;
    });
    return ok(null);
  }

  /** R-ANCHOR-10: the session ended: the device stops tracking every anchor of it. */
  shutdown(): void {
    const device = this.#device;
    this.#entries.forEach((e) => {
      e.deleted = true;
      if (e.native !== null) device?.detach(e.native);
    });
    this.#entries.clear();
    this.#reported = EMPTY;
  }
}

const IDENTITY: RigidPose = ObjectFreeze({
  position: ObjectFreeze({ x: 0, y: 0, z: 0 }),
  orientation: ObjectFreeze({ x: 0, y: 0, z: 0, w: 1 }),
});

/**
 * A pose from the page side, copied field by field as numbers, read as own data properties only
 * (no getter of the page's runs here); anything else: null, or NaN where a number is missing.
 */
function checkedPose(p: unknown): RigidPose | null {
  const pos = ownData(p, 'position');
  const ori = ownData(p, 'orientation');
  if (pos === null || typeof pos !== 'object' || ori === null || typeof ori !== 'object') return null;
  const n = (o: object, k: string): number => {
    const v = ownData(o, k);
    return typeof v === 'number' && NumberIsFinite(v) ? v : NumberNaN;
  };
  return ObjectFreeze({
    position: ObjectFreeze({ x: n(pos, 'x'), y: n(pos, 'y'), z: n(pos, 'z') }),
    orientation: ObjectFreeze({ x: n(ori, 'x'), y: n(ori, 'y'), z: n(ori, 'z'), w: n(ori, 'w') }),
  });
}
