// Pose rules on the per-frame path: "poses may be reported" (spec #poses-may-be-reported,
// R-POSE-02), the blurred-input rule (R-POSE-05 step 5) and "poses must be limited"
// (#poses-must-be-limited, R-SPACE-05, R-SPACE-29) for already-validated facts. These run on every
// getPose/getViewerPose, so they allocate nothing: every answer is a preallocated decision.

import { distanceOutsidePolygonXZ, type PointXZ } from './adjustments.js';
import { allow, type Decision, type Denied, deny } from './decision.js';
import type { UAProfile } from './profile.js';

export type VisibilityState = 'visible' | 'visible-blurred' | 'hidden';

const posesAllowed: Decision = allow(
  "the call comes from the session's realm, the session is not hidden, and user intent is established or the data is adjusted",
  'R-POSE-02',
);

const hiddenDenial: Denied = deny('SecurityError', {
  action: 'getPose()/getViewerPose()',
  reason: "the session's visibilityState is 'hidden', so poses may not be reported",
  fix: 'Wait for a visibilitychange back to visible; no animation frames run while hidden.',
  requirement: 'R-POSE-02',
});

const blurredStrictDenial: Denied = deny('SecurityError', {
  action: 'getPose()/getViewerPose()',
  reason: "the session is not 'visible' (strict profile: every pose needs a visible session)",
  requirement: 'R-VIS-15',
});

const foreignRealmDenial: Denied = deny('SecurityError', {
  action: 'getPose()/getViewerPose()',
  reason: "the call did not come from the session's own realm",
  requirement: 'R-TRUST-09',
});

const noIntentDenial: Denied = deny('SecurityError', {
  action: 'getPose()/getViewerPose()',
  reason: 'user intent is not established and no data adjustment applies',
  requirement: 'R-POSE-02',
});

export interface PoseReportFacts {
  readonly visibility: VisibilityState;
  readonly sameRealm: boolean;
  /** Consent (explicit or implicit) was given for the session (immersive intent, or features). */
  readonly intentEstablished: boolean;
  /** Data adjustments that prevent fingerprinting apply (R-ADJ-06). */
  readonly adjusted: boolean;
}

/** Allowed when poses may be reported, else the refusal (SecurityError). */
// spec: #poses-may-be-reported
export function posesMayBeReported(facts: PoseReportFacts, profile: UAProfile): Decision {
  // Step 1: relevant global ≠ current global.
  if (!facts.sameRealm) return foreignRealmDenial;
  // Step 2: hidden.
  if (facts.visibility === 'hidden') return hiddenDenial;
  if (profile.posesRequireVisible && facts.visibility !== 'visible') return blurredStrictDenial;
  // Step 3: non-fingerprintable, adjusted, or intent understood.
  if (!facts.intentEstablished && !facts.adjusted) return noIntentDenial;
  return posesAllowed;
}

/** R-POSE-05 step 5: while blurred, poses involving an input source's space are null. */
export function inputPoseWithheld(visibility: VisibilityState, involvesInputSource: boolean): boolean {
  return involvesInputSource && visibility === 'visible-blurred';
}

export type LimitKind = 'local' | 'bounded' | 'other';

/**
 * "Poses must be limited" between two native origins (positions in one shared frame), with the
 * profile's distances. `bounds` is the reported (adjusted) bounds of a bounded space, in its native
 * frame (identity orientation); fewer than 3 points means "not known yet" (15 m rule, R-SPACE-29).
 */
// spec: #poses-must-be-limited
export function posesMustBeLimitedBetween(
  aKind: LimitKind,
  ax: number,
  ay: number,
  az: number,
  aBounds: readonly PointXZ[] | null,
  bKind: LimitKind,
  bx: number,
  by: number,
  bz: number,
  bBounds: readonly PointXZ[] | null,
  profile: UAProfile,
): boolean {
  if (aKind === 'other' && bKind === 'other') return false;
  const beyond = fartherThan(ax - bx, ay - by, az - bz, profile.poseLimitLocal);
  if (aKind === 'bounded' && outsideBounds(aBounds, bx - ax, bz - az, beyond, profile)) return true;
  if (bKind === 'bounded' && outsideBounds(bBounds, ax - bx, az - bz, beyond, profile)) return true;
  if ((aKind === 'local' || bKind === 'local') && beyond) return true;
  return false;
}

/**
 * Math.hypot(dx, dy, dz) > limit, always with Math.hypot's answer. This runs on every
 * getPose/getViewerPose, and Math.hypot costs ~40 ns there: the squared distance settles the
 * question when it is clearly on one side of limit² (the margin, a relative 1e-9, is many
 * rounding errors wide); near the limit, and for NaN or infinite offsets, Math.hypot decides.
 */
function fartherThan(dx: number, dy: number, dz: number, limit: number): boolean {
  const s = dx * dx + dy * dy + dz * dz;
  const l2 = limit * limit;
  // (A limit whose square would be subnormal or zero is left to Math.hypot too.)
  if (!(l2 >= 1e-290)) return Math.hypot(dx, dy, dz) > limit;
  if (s > l2 * (1 + 1e-9)) return true;
  if (s < l2 * (1 - 1e-9)) return false;
  return Math.hypot(dx, dy, dz) > limit;
}

const scratchPoint = { x: 0, z: 0 };

function outsideBounds(
  bounds: readonly PointXZ[] | null,
  relX: number,
  relZ: number,
  fartherThanLocalLimit: boolean,
  profile: UAProfile,
): boolean {
  if (bounds === null || bounds.length < 3) return fartherThanLocalLimit;
  scratchPoint.x = relX;
  scratchPoint.z = relZ;
  return distanceOutsidePolygonXZ(scratchPoint, bounds) > profile.poseLimitOutsideBounds;
}
