// A simulated device's native anchors (spec(anchors) #native-anchor): the device creates an anchor
// at a pose, keeps it where it was put (an "emulated native anchor", #emulated-native-anchors) or
// where a test moves it, and reports whether it is tracked. The device decides nothing about
// permission: the user agent's policy (src/policy/anchors.ts) has allowed the request before it
// gets here. The Test API (src/test-api/anchors.ts) installs a creation handler that decides
// whether each creation succeeds and controls the anchor afterwards (FakeXRAnchorController).

import { ObjectFreeze, PromisePrototypeThen, PromiseResolve, SafeMap } from '../primordials.js';
import type { DeviceAnchorState, DeviceAnchors, RigidPose } from './types.js';

/** One native anchor of a simulated device: what a test (or the device itself) changes. */
export class SimulatedAnchor {
  readonly id: number;
  #origin: RigidPose;
  #paused = false;
  #stopped = false;
  /** The user agent detached it (the page deleted it, or its session ended). */
  #detached = false;
  readonly #owner: SimulatedAnchors;

  constructor(owner: SimulatedAnchors, id: number, origin: RigidPose) {
    this.#owner = owner;
    this.id = id;
    this.#origin = origin;
  }

  get origin(): RigidPose {
    return this.#origin;
  }

  get paused(): boolean {
    return this.#paused;
  }

  get detached(): boolean {
    return this.#detached;
  }

  get stopped(): boolean {
    return this.#stopped;
  }

  setOrigin(origin: RigidPose): void {
    if (this.#stopped || this.#detached) return;
    this.#origin = freeze(origin);
  }

  pause(): void {
    if (!this.#stopped) this.#paused = true;
  }

  resume(): void {
    if (!this.#stopped) this.#paused = false;
  }

  /** The device gives up on the anchor for good (it is reported untracked from now on). */
  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#owner.forget(this.id);
  }

  /** @internal */
  markDetached(): void {
    this.#detached = true;
  }
}

function freeze(p: RigidPose): RigidPose {
  return ObjectFreeze({
    position: ObjectFreeze({ x: p.position.x, y: p.position.y, z: p.position.z }),
    orientation: ObjectFreeze({
      x: p.orientation.x,
      y: p.orientation.y,
      z: p.orientation.z,
      w: p.orientation.w,
    }),
  });
}

/**
 * Decides a creation request: resolves true to create the anchor (the handler may keep `anchor`
 * to control it), false to refuse. Null handler: see SimulatedAnchors' `emulated`.
 */
export type AnchorCreationHandler = (
  request: { readonly origin: RigidPose; readonly attachedToEntity: boolean },
  anchor: SimulatedAnchor,
) => Promise<boolean>;

export class SimulatedAnchors implements DeviceAnchors {
  readonly #anchors = new SafeMap<number, SimulatedAnchor>();
  #nextId = 1;
  #handler: AnchorCreationHandler | null = null;
  /**
   * Without a handler: true, every request succeeds and anchors stay where they were put (emulated
   * native anchors, a simulated headset or phone); false, every request fails (the Test API's
   * device before setAnchorCreationCallback, as its spec says).
   */
  readonly #emulated: boolean;

  constructor(emulated: boolean) {
    this.#emulated = emulated;
  }

  setCreationHandler(handler: AnchorCreationHandler | null): void {
    this.#handler = handler;
  }

  // spec(test): #determine-if-anchor-creation-succeeded
  create(origin: RigidPose, attachedToEntity: boolean): Promise<number | null> {
    const id = this.#nextId++;
    const anchor = new SimulatedAnchor(this, id, freeze(origin));
    const handler = this.#handler;
    if (handler === null) {
      if (!this.#emulated) return PromiseResolve(null);
      this.#anchors.set(id, anchor);
      return PromiseResolve(id);
    }
    let answer: Promise<boolean>;
    try {
      answer = PromiseResolve(handler(ObjectFreeze({ origin: anchor.origin, attachedToEntity }), anchor));
    } catch {
      return PromiseResolve(null);
    }
    return PromisePrototypeThen(
      answer,
      (ok) => {
        if (ok !== true || anchor.stopped) return null;
        this.#anchors.set(id, anchor);
        return id;
      },
      () => null,
    );
  }

  state(id: number): DeviceAnchorState | null {
    const a = this.#anchors.get(id);
    if (a === undefined || a.stopped) return null;
    return { tracked: !a.paused, origin: a.origin };
  }

  detach(id: number): void {
    const a = this.#anchors.get(id);
    if (a === undefined) return;
    a.markDetached();
    this.#anchors.delete(id);
  }

  /** @internal the anchor stopped being tracked. */
  forget(id: number): void {
    this.#anchors.delete(id);
  }

  /** How many anchors the device tracks (tests). */
  get size(): number {
    return this.#anchors.size;
  }
}
