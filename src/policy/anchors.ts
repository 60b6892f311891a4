// The WebXR Anchors Module's rules (immersive-web/anchors index.bs @ 242cc22, and the persistence
// members of the current IDL: XRAnchor.requestPersistentHandle, XRSession.persistentAnchors,
// restorePersistentAnchor, deletePersistentAnchor). Pure: every fact comes in as an argument,
// randomness included. The user-agent side (src/agent/anchors.ts) asks these rules; the page side
// never decides.
//
// The spec's privacy section (#privacy-security) names the risk: anchors on a device that tracks
// moving objects can reveal the layout of the user's surroundings, so the feature is declared at
// session creation and consented to (features.ts: 'anchors', consent 'always'). Its persistence
// note: a persistent handle "MUST be unique and only known to the current origin". xrgate adds the
// limits a browser keeps on a resource a page can request without bound.

import {
  MathFloor,
  NumberIsFinite,
  StringPrototypeCharCodeAt,
  StringPrototypeSlice,
} from '../primordials.js';
import { allow, type Decision, deny } from './decision.js';
import type { VisibilityState } from './poses.js';

/** A pose in the device's base space (position, unit quaternion). */
export interface AnchorPose {
  readonly position: { readonly x: number; readonly y: number; readonly z: number };
  readonly orientation: { readonly x: number; readonly y: number; readonly z: number; readonly w: number };
}

/** At most this many anchors live in one session (tracked, or waiting for the device). */
export const ANCHORS_PER_SESSION = 64;
/** At most this many persistent anchors are kept for one origin. */
export const PERSISTENT_ANCHORS_PER_ORIGIN = 32;

export interface AnchorCreationFacts {
  /** 'anchors' is an enabled feature of the session. */
  readonly enabled: boolean;
  readonly ended: boolean;
  /** Anchors the session has now (tracked or pending). */
  readonly count: number;
  /** The limit (default ANCHORS_PER_SESSION). */
  readonly limit?: number;
  /**
   * The requested anchor pose in base space, or null when the space it was given in has no pose
   * in the frame (not tracked: the device cannot place an anchor there).
   */
  readonly pose: AnchorPose | null;
}

function finitePose(p: AnchorPose): boolean {
  const a = p.position;
  const q = p.orientation;
  if (!NumberIsFinite(a.x) || !NumberIsFinite(a.y) || !NumberIsFinite(a.z)) return false;
  if (!NumberIsFinite(q.x) || !NumberIsFinite(q.y) || !NumberIsFinite(q.z) || !NumberIsFinite(q.w))
    return false;
  const n = q.x * q.x + q.y * q.y + q.z * q.z + q.w * q.w;
  return n > 0.99 && n < 1.01;
}

/**
 * May the session create an anchor (XRFrame.createAnchor, XRHitTestResult.createAnchor,
 * restorePersistentAnchor)? In this order: the feature (R-ANCHOR-01), the session (R-ANCHOR-02),
 * a trackable pose (R-ANCHOR-03), the per-session limit (R-ANCHOR-04).
 */
// spec(anchors): #dom-xrframe-createanchor steps 2–7
export function anchorCreationIsAllowed(facts: AnchorCreationFacts, action = 'createAnchor()'): Decision {
  if (!facts.enabled) {
    return deny('NotSupportedError', {
      action,
      reason: "'anchors' is not an enabled feature of this session",
      fix: "Request 'anchors' in requiredFeatures or optionalFeatures (the user is asked).",
      requirement: 'R-ANCHOR-01',
    });
  }
  if (facts.ended) {
    return deny('InvalidStateError', {
      action,
      reason: 'the session has ended',
      requirement: 'R-ANCHOR-02',
    });
  }
  if (facts.pose === null || !finitePose(facts.pose)) {
    return deny('InvalidStateError', {
      action,
      reason:
        facts.pose === null
          ? 'the space has no pose in this frame (it is not tracked), so there is no place to anchor'
          : 'the anchor pose is not a finite rigid transform',
      fix: 'Create the anchor in a frame where the space is tracked.',
      requirement: 'R-ANCHOR-03',
    });
  }
  const limit = facts.limit ?? ANCHORS_PER_SESSION;
  if (facts.count >= limit) {
    return deny('OperationError', {
      action,
      reason: `the session already has ${facts.count} anchors, the most a session may have is ${limit}`,
      fix: 'Delete anchors you no longer need (anchor.delete()).',
      requirement: 'R-ANCHOR-04',
    });
  }
  return allow('the device may create the anchor', 'R-ANCHOR-01');
}

/**
 * R-ANCHOR-05: anchor poses and the tracked set are updated only while the session is visible;
 * while it is blurred the page keeps what it was last told (no frame runs while hidden).
 */
export function anchorUpdatesMayBeReported(visibility: VisibilityState): boolean {
  return visibility === 'visible';
}

/** A stored persistent anchor: whose it is, and where (base space of the device that made it). */
export interface StoredPersistentAnchor {
  readonly origin: string;
  readonly pose: AnchorPose;
}

/**
 * R-ANCHOR-06: a persistent handle is known only to the origin that made it. A handle of another
 * origin and a handle that was never made get the same answer (no oracle for other origins'
 * handles): InvalidStateError, the spec's "map does not contain a mapping".
 */
// spec(anchors): #dom-xrsession-restorepersistentanchor step 2; #dom-xrsession-deletepersistentanchor step 3
export function persistentAnchorAccess(
  facts: {
    readonly enabled: boolean;
    readonly origin: string;
    readonly stored: StoredPersistentAnchor | null;
  },
  action: string,
): Decision {
  if (!facts.enabled) {
    return deny('NotSupportedError', {
      action,
      reason: "'anchors' is not an enabled feature of this session",
      requirement: 'R-ANCHOR-01',
    });
  }
  if (facts.stored === null || facts.stored.origin !== facts.origin) {
    return deny('InvalidStateError', {
      action,
      reason: 'this origin has no persistent anchor with that handle',
      fix: 'Use a handle from session.persistentAnchors or from requestPersistentHandle().',
      requirement: 'R-ANCHOR-06',
    });
  }
  return allow('the origin owns the persistent anchor', 'R-ANCHOR-06');
}

/** R-ANCHOR-08: may this origin keep one more persistent anchor? */
export function persistentHandleMayBeCreated(
  facts: {
    readonly enabled: boolean;
    readonly ended: boolean;
    readonly deleted: boolean;
    readonly stored: number;
  },
  limit = PERSISTENT_ANCHORS_PER_ORIGIN,
): Decision {
  const action = 'requestPersistentHandle()';
  if (!facts.enabled) {
    return deny('NotSupportedError', {
      action,
      reason: "'anchors' is not an enabled feature of this session",
      requirement: 'R-ANCHOR-01',
    });
  }
  if (facts.deleted || facts.ended) {
    return deny('InvalidStateError', {
      action,
      reason: facts.deleted ? 'the anchor was deleted' : 'the session has ended',
      requirement: 'R-ANCHOR-02',
    });
  }
  if (facts.stored >= limit) {
    return deny('OperationError', {
      action,
      reason: `this origin already keeps ${facts.stored} persistent anchors, the most an origin may keep is ${limit}`,
      fix: 'Delete persistent anchors you no longer need (session.deletePersistentAnchor(uuid)).',
      requirement: 'R-ANCHOR-08',
    });
  }
  return allow('a persistent handle may be made', 'R-ANCHOR-08');
}

const HEX = '0123456789abcdef';

function hex2(n: number): string {
  return (
    StringPrototypeSlice(HEX, (n >> 4) & 15, ((n >> 4) & 15) + 1) +
    StringPrototypeSlice(HEX, n & 15, (n & 15) + 1)
  );
}

/**
 * R-ANCHOR-07: a persistent handle is a random (version 4) UUID [RFC 4122] made by the user agent
 * from 16 random bytes it draws (`random()` in [0, 1), injected): nothing in it comes from the
 * anchor's pose, the device or the user, so a handle tells another party nothing but itself.
 */
export function persistentHandle(random: () => number): string {
  let s = '';
  for (let i = 0; i < 16; i++) {
    let b = MathFloor(random() * 256) & 0xff;
    if (i === 6) b = (b & 0x0f) | 0x40; // version 4
    if (i === 8) b = (b & 0x3f) | 0x80; // RFC 4122 variant
    s += hex2(b);
    if (i === 3 || i === 5 || i === 7 || i === 9) s += '-';
  }
  return s;
}

/** Is `v` shaped as a handle persistentHandle() makes (lower-case v4 UUID)? */
export function isPersistentHandle(v: unknown): v is string {
  if (typeof v !== 'string' || v.length !== 36) return false;
  for (let i = 0; i < 36; i++) {
    const c = StringPrototypeCharCodeAt(v, i);
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (c !== 45) return false;
    } else if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) {
      return false;
    }
  }
  return StringPrototypeSlice(v, 14, 15) === '4';
}
