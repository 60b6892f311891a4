// The page side of one session's anchors (Anchors Module, immersive-web/anchors index.bs @ 242cc22):
// the XRAnchor objects the page holds, the frame's trackedAnchors set, the session's map of
// persistent anchors and its persistentAnchors list. Every decision (the feature, the session, the
// pose, the limits, the origin's persistent handles) is the user agent's, asked through the
// DocumentPort; the anchors' poses arrive in each frame's data (src/agent/anchors.ts).

import type { DocumentPort, PageAnchor } from '../../agent/protocol.js';
import type { RigidPose } from '../../device/types.js';
import {
  ArrayPrototypePush,
  ObjectFreeze,
  Promise,
  PromisePrototypeThen,
  PromiseReject,
  SafeMap,
  SafeWeakMap,
} from '../../primordials.js';
import type { FrameAnchorHooks } from '../anchor-registry.js';
import { compose, type Rigid, rigid } from '../rigid.js';
import { domException, errorFromReply } from '../webidl.js';
import {
  type AnchorOwner,
  createAnchor,
  createAnchorSet,
  type XRAnchor,
  XRAnchorInternals,
  type XRAnchorSet,
} from '../XRAnchor.js';
import type { FrameState } from '../XRFrame.js';
import { createSpace, type NativeRef, type SpaceInternals } from '../XRSpace.js';
import { nativeRef } from './pose-resolver.js';

/** What the anchors need of their session (SessionCore). */
export interface AnchorsHost {
  readonly id: string;
  readonly ended: boolean;
  /** The latest data the user agent sent (persistentAnchors). */
  readonly latest: { readonly persistentAnchors?: readonly string[] | null };
  /** Registers an outstanding promise's reject (rejected at shutdown); the result settles it. */
  track(reject: (e: unknown) => void): () => boolean;
}

/** What the anchors need of the session's pose resolver. */
export interface AnchorPoses {
  spaceData(native: NativeRef, type: null): SpaceInternals;
  /** The effective origin of `space` in base space in the frame `state`, or null (no pose). */
  effectiveOrigin(state: FrameState, space: SpaceInternals, out: Rigid): Rigid | null;
  /** R-SPACE-05: the space's native origin is limited against a reference space in that frame. */
  limitedNow(state: FrameState, space: SpaceInternals): boolean;
  /** Whether `space` is one of this session's. */
  owns(space: SpaceInternals): boolean;
}

const NO_ITEMS: readonly XRAnchor[] = ObjectFreeze([]);
const NO_HANDLES: readonly string[] = ObjectFreeze([]);

function poseOf(r: Rigid): RigidPose {
  return ObjectFreeze({
    position: ObjectFreeze({ x: r[0] as number, y: r[1] as number, z: r[2] as number }),
    orientation: ObjectFreeze({ x: r[3] as number, y: r[4] as number, z: r[5] as number, w: r[6] as number }),
  });
}

export class SessionAnchors implements AnchorOwner, FrameAnchorHooks {
  readonly #host: AnchorsHost;
  readonly #poses: AnchorPoses;
  readonly #port: DocumentPort;
  /** The session's live anchors by the user agent's id (spec "set of tracked anchors", page side). */
  readonly #anchors = new SafeMap<number, XRAnchor>();
  /** spec(anchors): "map of persistent anchors" (handle → anchor) of this session. */
  readonly #byHandle = new SafeMap<string, XRAnchor>();
  readonly #sets = new SafeWeakMap<FrameState, XRAnchorSet>();
  #handlesKey: unknown = undefined;
  #handles: readonly string[] = NO_HANDLES;
  readonly #origin = rigid();
  readonly #out = rigid();

  constructor(host: AnchorsHost, poses: AnchorPoses, port: DocumentPort) {
    this.#host = host;
    this.#poses = poses;
    this.#port = port;
  }

  // spec(anchors): #dom-xrframe-createanchor
  createAnchor(state: FrameState, active: boolean, pose: Rigid, space: SpaceInternals): Promise<XRAnchor> {
    // Step 2.
    if (!active || this.#host.ended) {
      return PromiseReject(
        domException(
          'InvalidStateError',
          'createAnchor() was called on a frame that is not active (outside its callback, or the session ended) [R-ANCHOR-02]',
        ),
      );
    }
    if (!this.#poses.owns(space)) {
      return PromiseReject(
        domException(
          'InvalidStateError',
          'createAnchor(): the space belongs to another session [R-ANCHOR-03]',
        ),
      );
    }
    if (this.#poses.limitedNow(state, space)) {
      return PromiseReject(
        domException(
          'InvalidStateError',
          "createAnchor(): the space is too far from the session's reference spaces in this frame for its pose to be told (poses must be limited), so an anchor cannot be placed there. Create anchors near the user's space. [R-SPACE-05]",
        ),
      );
    }
    // Steps 6–7: the pose, interpreted relative to the space's effective origin at the frame's time.
    const origin = this.#poses.effectiveOrigin(state, space, this.#origin);
    const base = origin === null ? null : poseOf(compose(this.#out, origin, pose));
    return this.#ask(this.#port.createAnchor(this.#host.id, base), null);
  }

  // spec(anchors): #dom-xrhittestresult-createanchor steps 3–11 (the pose already in base space)
  createAnchorAtBasePose(_state: FrameState, active: boolean, pose: RigidPose | null): Promise<XRAnchor> {
    if (!active || this.#host.ended) {
      return PromiseReject(
        domException(
          'InvalidStateError',
          'createAnchor() was called on a frame that is not active [R-ANCHOR-02]',
        ),
      );
    }
    return this.#ask(this.#port.createAnchor(this.#host.id, pose), null);
  }

  /**
   * The user agent's answer to a creation: the new anchor (spec steps 8–10). Its promise resolves
   * as soon as the device made the anchor, before the next frame's callbacks (see
   * docs/requirements.md, R-ANCHOR-03's note).
   */
  #ask(
    reply: Promise<{ ok: true; value: number } | { ok: false; error: { name: string; message: string } }>,
    handle: string | null,
  ): Promise<XRAnchor> {
    return new Promise<XRAnchor>((resolve, reject) => {
      const settle = this.#host.track(reject);
      PromisePrototypeThen(
        reply,
        (r) => {
          if (!settle()) {
            // The session ended meanwhile: the anchor is let go.
            if (r.ok) void this.#port.deleteAnchor(this.#host.id, r.value);
            return;
          }
          if (!r.ok) {
            reject(errorFromReply(r));
            return;
          }
          const anchor = createAnchor(
            this,
            r.value,
            createSpace(this.#poses.spaceData(nativeRef('anchor', r.value), null)),
          );
          this.#anchors.set(r.value, anchor);
          if (handle !== null) this.#byHandle.set(handle, anchor);
          resolve(anchor);
        },
        (e) => {
          if (settle()) reject(e);
        },
      );
    });
  }

  // spec(anchors): #dom-xrframe-trackedanchors, filled by #update-anchors from the frame's data
  trackedAnchors(state: FrameState): XRAnchorSet {
    let set = this.#sets.get(state);
    if (set !== undefined) return set;
    const reported: readonly PageAnchor[] | null | undefined = state.data.anchors;
    if (!reported || reported.length === 0) {
      set = createAnchorSet(NO_ITEMS);
    } else {
      const items: XRAnchor[] = [];
      for (let i = 0; i < reported.length; i++) {
        const a = this.#anchors.get(reported[i]!.id);
        if (a !== undefined && !XRAnchorInternals.isDeleted(a)) ArrayPrototypePush(items, a);
      }
      set = createAnchorSet(items);
    }
    this.#sets.set(state, set);
    return set;
  }

  // spec(anchors): #dom-xranchor-requestpersistenthandle steps 3–10
  persist(anchor: XRAnchor, id: number): Promise<string> {
    if (this.#host.ended) {
      return PromiseReject(
        domException('InvalidStateError', 'requestPersistentHandle(): the session has ended [R-ANCHOR-02]'),
      );
    }
    return new Promise<string>((resolve, reject) => {
      const settle = this.#host.track(reject);
      PromisePrototypeThen(this.#port.requestPersistentHandle(this.#host.id, id), (r) => {
        if (!settle()) return;
        if (!r.ok) {
          reject(errorFromReply(r));
          return;
        }
        this.#byHandle.set(r.value, anchor);
        resolve(r.value);
      });
    });
  }

  // spec(anchors): #delete-an-anchor steps 4–8
  deleted(anchor: XRAnchor, id: number): void {
    this.#anchors.delete(id);
    this.#byHandle.forEach((a, h) => {
      if (a === anchor) this.#byHandle.delete(h);
    });
    if (!this.#host.ended) void this.#port.deleteAnchor(this.#host.id, id);
  }

  // spec(anchors): #dom-xrsession-restorepersistentanchor
  restore(handle: string): Promise<XRAnchor> {
    if (this.#host.ended) {
      return PromiseReject(
        domException('InvalidStateError', 'restorePersistentAnchor(): the session has ended [R-ANCHOR-02]'),
      );
    }
    return this.#ask(this.#port.restorePersistentAnchor(this.#host.id, handle), handle);
  }

  // spec(anchors): #dom-xrsession-deletepersistentanchor
  deletePersistent(handle: string): Promise<undefined> {
    if (this.#host.ended) {
      return PromiseReject(
        domException('InvalidStateError', 'deletePersistentAnchor(): the session has ended [R-ANCHOR-02]'),
      );
    }
    return new Promise<undefined>((resolve, reject) => {
      const settle = this.#host.track(reject);
      PromisePrototypeThen(this.#port.deletePersistentAnchor(this.#host.id, handle), (r) => {
        if (!settle()) return;
        if (!r.ok) {
          reject(errorFromReply(r));
          return;
        }
        // Steps 4–5: the mapping goes, and the anchor is deleted.
        const a = this.#byHandle.get(handle);
        this.#byHandle.delete(handle);
        if (a !== undefined) a.delete();
        resolve(undefined);
      });
    });
  }

  /** XRSession.persistentAnchors: the origin's handles as last reported (the same array while unchanged). */
  persistentAnchors(): readonly string[] {
    const list = this.#host.latest.persistentAnchors;
    if (list === this.#handlesKey) return this.#handles;
    this.#handlesKey = list;
    const copy: string[] = [];
    if (list) for (let i = 0; i < list.length; i++) ArrayPrototypePush(copy, list[i]!);
    this.#handles = ObjectFreeze(copy);
    return this.#handles;
  }
}
