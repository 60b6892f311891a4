// The input sources of one session: the XRInputSource objects (added, updated, removed as the user
// agent's data says), `inputsourceschange`, and the select and squeeze actions with their events.

import type { PageInputSource, SessionFrameData } from '../../agent/protocol.js';
import type { DeviceInputAction } from '../../device/types.js';
import type { ReferenceSpaceType } from '../../policy/features.js';
import { handJoints } from '../../policy/hand-input.js';
import {
  ArrayPrototypeIncludes,
  ArrayPrototypeMap,
  ArrayPrototypePush,
  ArrayPrototypeSome,
  SafeMap,
  SafeSet,
  SetPrototypeHas,
  StringPrototypeEndsWith,
} from '../../primordials.js';
import { XRInputSourceEvent, XRInputSourcesChangeEvent } from '../events.js';
import type { PageEnvironment } from '../page-environment.js';
import { EventTargetPrototypeDispatchEvent, INTERNAL } from '../webidl.js';
import { type FrameOwner, type FrameState, XRFrame, XRFrameInternals } from '../XRFrame.js';
import { XRHand } from '../XRHand.js';
import {
  XRInputSource,
  XRInputSourceArray,
  XRInputSourceArrayInternals,
  XRInputSourceInternals,
} from '../XRInputSource.js';
import {
  createJointSpace,
  createSpace,
  type NativeRef,
  type SpaceInternals,
  type XRSpace,
} from '../XRSpace.js';
import { nativeRef } from './pose-resolver.js';

/** What the input sources need from their session. */
export interface InputSourcesHost {
  readonly session: EventTarget;
  readonly immersive: boolean;
  readonly ended: boolean;
  readonly promiseResolved: boolean;
  readonly granted: ReadonlySet<string>;
  /** The current frame's state: an input event's frame is a copy of it. */
  readonly frameState: FrameState;
}

/** What the input sources need from the pose resolver (which answers their events' frames too). */
export interface InputOrigins extends FrameOwner {
  spaceData(native: NativeRef, type: ReferenceSpaceType | null): SpaceInternals;
  /** Forgets what was kept for input source `id` (it is gone). */
  forgetInputSource(id: number): void;
}

interface InputEntry {
  source: XRInputSource;
  targetRay: XRSpace;
  grip: XRSpace | null;
  selecting: boolean;
  squeezing: boolean;
}

export class InputSources {
  /** The session's `inputSources`. */
  readonly list: XRInputSourceArray;
  /** The session's `trackedSources`: never filled (no device reports tracked sources, R-FEAT-12). */
  readonly trackedList: XRInputSourceArray;
  readonly #host: InputSourcesHost;
  readonly #env: PageEnvironment;
  readonly #origins: InputOrigins;
  #inputs = new SafeMap<number, InputEntry>();

  constructor(host: InputSourcesHost, env: PageEnvironment, origins: InputOrigins) {
    this.#host = host;
    this.#env = env;
    this.#origins = origins;
    this.list = new XRInputSourceArray(INTERNAL);
    this.trackedList = new XRInputSourceArray(INTERNAL);
  }

  /**
   * Applies the device's input sources: new ones are added, known ones updated, missing ones
   * removed (R-LIFE-09: a removed source still gets its end events). A transient source that is
   * added, clicked and removed within one frame is announced, then its actions run, then its
   * removal is announced (spec: input events happen while the source is in the list).
   */
  update(
    data: SessionFrameData,
    actions: readonly DeviceInputAction[] = [],
    withheld: { has(id: number): boolean } | null = null,
  ): void {
    const host = this.#host;
    // Inline sessions on the default inline device have no input sources (R-EXPO-07).
    if (!host.immersive) return;
    // spec: "add/remove/change input source" abort while the session's promise resolved flag is
    // unset (R-SESSION-12). The session learns of its input sources only from the frames' data,
    // as Chromium does: there are no "existing input sources attached to session" when
    // requestSession's task sets the flag, and the initial ones are announced here, by the first
    // XR animation frame after it, before its callbacks run (an app that listens from a later
    // task, as A-Frame's tracked-controls system does from `enter-vr`, still gets them).
    if (!host.promiseResolved) return;
    // (AMB-04: while the session is not visible the user agent sends the input sources it last
    // sent while visible, and no new press: nothing here to decide.)
    // The usual frame: the same sources as before and no actions, so nothing is added, removed or
    // dispatched; only the sources' states are updated (in order, as below).
    if (actions.length === 0 && this.#sameSources(data.inputSources)) {
      const list = data.inputSources;
      for (let i = 0; i < list.length; i++) {
        const s = list[i]!;
        // R-DOM-04: no gamepad input state while the source interacts with cross-origin content.
        if (withheld?.has(s.id)) continue;
        XRInputSourceInternals.update((this.#inputs.get(s.id) as InputEntry).source, s, this.#env.now());
      }
      return;
    }
    const origins = this.#origins;
    const seen = new SafeSet<number>();
    const added: XRInputSource[] = [];
    const list = data.inputSources;
    for (let i = 0; i < list.length; i++) {
      const s = list[i]!;
      seen.add(s.id);
      const entry = this.#inputs.get(s.id);
      if (entry) {
        // R-DOM-04: the source's gamepad keeps the state it had before the cross-origin interaction.
        if (withheld === null || !withheld.has(s.id))
          XRInputSourceInternals.update(entry.source, s, this.#env.now());
        continue;
      }
      const targetRay = createSpace(origins.spaceData(nativeRef('pointer', s.id), null));
      const grip =
        s.targetRayMode === 'tracked-pointer'
          ? createSpace(origins.spaceData(nativeRef('grip', s.id), null))
          : null;
      // spec(hand-input): a tracked hand's joints, only when 'hand-tracking' is enabled.
      const hand =
        s.hand && SetPrototypeHas(host.granted, 'hand-tracking') && grip
          ? new XRHand(
              INTERNAL,
              ArrayPrototypeMap(handJoints, (name, i) =>
                createJointSpace(origins.spaceData(nativeRef('joint', s.id, i), null), name),
              ),
            )
          : null;
      // (The user agent sent the profiles as they may be reported, R-ADJ-08/15.)
      const source = new XRInputSource(INTERNAL, s, targetRay, grip, s.profiles, hand);
      this.#inputs.set(s.id, { source, targetRay, grip, selecting: false, squeezing: false });
      ArrayPrototypePush(added, source);
    }
    const gone: number[] = [];
    this.#inputs.forEach((_entry, id) => {
      if (!seen.has(id)) ArrayPrototypePush(gone, id);
    });
    const actsOnGone = ArrayPrototypeSome(actions, (a) => ArrayPrototypeIncludes(gone, a.sourceId));
    if (actsOnGone) {
      this.#announce(added, []);
      this.#processActions(actions);
      if (host.ended) return;
      this.#announce([], this.#remove(gone));
      return;
    }
    this.#announce(added, this.#remove(gone));
    this.#processActions(actions);
  }

  /** `list` holds exactly the known sources, each once. */
  #sameSources(list: readonly PageInputSource[]): boolean {
    if (list.length !== this.#inputs.size) return false;
    for (let i = 0; i < list.length; i++) {
      const id = (list[i] as PageInputSource).id;
      if (!this.#inputs.has(id)) return false;
      for (let j = 0; j < i; j++) if ((list[j] as PageInputSource).id === id) return false;
    }
    return true;
  }

  #remove(ids: readonly number[]): XRInputSource[] {
    const removed: XRInputSource[] = [];
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      const entry = this.#inputs.get(id);
      if (!entry) continue;
      this.#inputs.delete(id);
      this.#origins.forgetInputSource(id);
      if (entry.selecting) this.#fireInput('selectend', entry.source);
      if (entry.squeezing) this.#fireInput('squeezeend', entry.source);
      XRInputSourceInternals.disconnect(entry.source);
      ArrayPrototypePush(removed, entry.source);
    }
    return removed;
  }

  #announce(added: XRInputSource[], removed: XRInputSource[]): void {
    if (added.length === 0 && removed.length === 0) return;
    const host = this.#host;
    const sources: XRInputSource[] = [];
    this.#inputs.forEach((e) => {
      ArrayPrototypePush(sources, e.source);
    });
    XRInputSourceArrayInternals.set(this.list, sources);
    // (R-SESSION-12: update() changes nothing before the promise resolved flag is set.)
    if (!host.ended) {
      EventTargetPrototypeDispatchEvent(
        host.session,
        new XRInputSourcesChangeEvent('inputsourceschange', { session: host.session, added, removed }),
      );
    }
  }

  #processActions(actions: readonly DeviceInputAction[]): void {
    const host = this.#host;
    if (!host.immersive) return;
    for (let i = 0; i < actions.length; i++) {
      const a = actions[i]!;
      if (host.ended) return;
      const entry = this.#inputs.get(a.sourceId);
      if (!entry) continue;
      const sel = a.action === 'select';
      const started = sel ? entry.selecting : entry.squeezing;
      const set = (v: boolean) => {
        if (sel) entry.selecting = v;
        else entry.squeezing = v;
      };
      // (AMB-04, R-VIS-05: the user agent sends no new press while the session is not visible.)
      const base = sel ? 'select' : 'squeeze';
      if (a.phase === 'start' || a.phase === 'click') {
        if (!started) {
          set(true);
          this.#fireInput(`${base}start`, entry.source);
        }
        if (a.phase === 'start') continue;
      }
      if ((a.phase === 'end' || a.phase === 'click') && (started || a.phase === 'click')) {
        set(false);
        if (host.ended) return;
        this.#fireInput(base, entry.source);
        this.#fireInput(`${base}end`, entry.source);
      } else if (a.phase === 'cancel' && started) {
        set(false);
        this.#fireInput(`${base}end`, entry.source);
      }
    }
  }

  #fireInput(type: string, source: XRInputSource): void {
    const host = this.#host;
    // R-LIFE-15: after shutdown only the end of an action already started is dispatched.
    if (host.ended && !StringPrototypeEndsWith(type, 'end')) return;
    const state = host.frameState;
    const frame = new XRFrame(INTERNAL, this.#origins, { ...state }, false, state.time);
    if (host.ended) XRFrameInternals.deactivate(frame);
    try {
      EventTargetPrototypeDispatchEvent(
        host.session,
        new XRInputSourceEvent(type, { frame, inputSource: source }),
      );
    } finally {
      XRFrameInternals.deactivate(frame);
    }
  }

  /**
   * At shutdown (the session has ended): actions already started are cancelled, and their end
   * events still arrive, before `end` (R-LIFE-15); every source is disconnected.
   */
  shutDown(): void {
    this.#inputs.forEach((entry) => {
      if (entry.selecting) {
        entry.selecting = false;
        this.#fireInput('selectend', entry.source);
      }
      if (entry.squeezing) {
        entry.squeezing = false;
        this.#fireInput('squeezeend', entry.source);
      }
      // Gamepads module: an ended session's input sources are gone, and so are their gamepads.
      XRInputSourceInternals.disconnect(entry.source);
    });
  }
}
