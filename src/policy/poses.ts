// Pose rules on the per-frame path: "poses may be reported" (spec #poses-may-be-reported,
// R-POSE-02), the blurred-input rule (R-POSE-05 step 5) and "poses must be limited"
// (#poses-must-be-limited, R-SPACE-05, R-SPACE-29) for already-validated facts. These run on every
// getPose/getViewerPose, so they allocate nothing: every answer is a preallocated decision.

import {
  ArrayIsArray,
  ArrayPrototypeIncludes,
  ArrayPrototypePush,
  MathHypot,
  ObjectDefineProperty,
  ObjectFreeze,
  ObjectHasOwn,
  ReflectApply,
  SetPrototypeForEach,
  SetPrototypeGetSize,
} from '../primordials.js';
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
  if (!(l2 >= 1e-290)) return MathHypot(dx, dy, dz) > limit;
  if (s > l2 * (1 + 1e-9)) return true;
  if (s < l2 * (1 - 1e-9)) return false;
  return MathHypot(dx, dy, dz) > limit;
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

/** A reference-space type whose poses are limited (spec #poses-must-be-limited). */
export type LimitingSpace = 'local' | 'local-floor' | 'bounded-floor';

/** The native origins that must be limited against one limiting reference space, this frame. */
export interface LimitedOrigins {
  readonly viewer: boolean;
  /** Reference-space types (their native origins) limited against this space. */
  readonly spaces: readonly string[];
  /** Input source ids whose target ray origin is limited. */
  readonly pointers: readonly number[];
  /** Input source ids whose grip origin is limited. */
  readonly grips: readonly number[];
  /** Limited joints, each as sourceId × 32 + joint index. */
  readonly joints: readonly number[];
}

/** Per limiting space the session created, the origins limited against it; null: none this frame. */
export type PoseLimits = Readonly<Partial<Record<LimitingSpace, LimitedOrigins>>>;

export interface Position3 {
  readonly x: number;
  readonly y: number;
  readonly z: number;
}

/** One frame's native origins, in the shared base space, as the user agent reports them. */
export interface PoseLimitFacts {
  /** The reference-space types the session has created. */
  readonly spaces: Iterable<string>;
  readonly viewer: Position3 | null;
  /** The floor's native origin (local-floor and bounded-floor), as reported. */
  readonly floor: Position3;
  /** The reported bounds, in the floor's frame; fewer than 3 points: not known. */
  readonly bounds: readonly PointXZ[];
  readonly inputs: readonly {
    readonly id: number;
    readonly pointer: Position3;
    readonly grip: Position3 | null;
    /** The joints' positions in base space (x, y, z per joint), or null without a hand. */
    readonly joints: ArrayLike<number> | null;
  }[];
}

const ORIGIN: Position3 = ObjectFreeze({ x: 0, y: 0, z: 0 });

function limitingKind(type: string): LimitKind {
  if (type === 'local' || type === 'local-floor') return 'local';
  if (type === 'bounded-floor') return 'bounded';
  return 'other';
}

function spaceOrigin(type: string, facts: PoseLimitFacts): Position3 | null {
  if (type === 'local-floor' || type === 'bounded-floor') return facts.floor;
  if (type === 'viewer') return facts.viewer;
  return ORIGIN;
}

/**
 * spec: #poses-must-be-limited, decided by the user agent once per frame for every pair of a
 * limiting reference space the session created and another native origin (the viewer, the other
 * reference spaces, every input source's target ray and grip, every hand joint). The page side
 * only looks the answer up: it never decides a limit. Null when nothing is limited (no
 * allocation in the usual frame).
 */
export function poseLimits(facts: PoseLimitFacts, profile: UAProfile): PoseLimits | null {
  let out: Partial<Record<LimitingSpace, LimitedOrigins>> | null = null;
  const count = collectSpaces(facts.spaces);
  for (let i = 0; i < count; i++) {
    const t = spaceList[i]!;
    const kind = limitingKind(t);
    if (kind === 'other') continue;
    const entry = limitedAgainst(t, kind, spaceOrigin(t, facts) as Position3, count, facts, profile);
    if (entry) {
      out ??= {};
      // Defined, not assigned: a setter a page put on Object.prototype must not swallow the entry.
      ObjectDefineProperty(out, t, {
        __proto__: null,
        value: entry,
        writable: true,
        enumerable: true,
        configurable: true,
      } as PropertyDescriptor);
    }
  }
  return out;
}

// The reference-space types of the frame, copied into a list reused from frame to frame (a Set
// is read with the captured forEach and a module-level callback: nothing is allocated once the
// list has its length). Its first `count` entries are this frame's; poseLimits is not reentrant.
const spaceList: string[] = [];
let spaceCount = 0;
function addSpace(t: string): void {
  // An index below the list's length is its own data property: writing it reaches no setter.
  if (spaceCount < spaceList.length) spaceList[spaceCount] = t;
  else ArrayPrototypePush(spaceList, t);
  spaceCount++;
}
// Captured at load (top-level code may read the globals: no page script has run yet).
const SymbolIterator: typeof Symbol.iterator = Symbol.iterator;
function collectSpaces(spaces: Iterable<string>): number {
  spaceCount = 0;
  if (ArrayIsArray(spaces)) {
    const list = spaces as readonly string[];
    for (let i = 0; i < list.length; i++) addSpace(list[i]!);
  } else if (isSet(spaces)) {
    SetPrototypeForEach(spaces as ReadonlySet<string>, addSpace);
  } else {
    // Any other iterable: the iteration protocol, through the captured Reflect.apply.
    const it = ReflectApply(
      (spaces as unknown as Record<symbol, () => unknown>)[SymbolIterator]!,
      spaces,
      [],
    ) as Iterator<string>;
    const next = it.next;
    for (let step = ReflectApply(next, it, []); !step.done; step = ReflectApply(next, it, []))
      addSpace(step.value);
  }
  return spaceCount;
}
/** A real Set (brand check through the captured size getter, which throws for anything else). */
function isSet(v: unknown): boolean {
  try {
    SetPrototypeGetSize(v as ReadonlySet<unknown>);
    return true;
  } catch {
    return false;
  }
}

interface LimitedEntry {
  viewer: boolean;
  spaces: string[];
  pointers: number[];
  grips: number[];
  joints: number[];
}

const scratchJoint = { x: 0, y: 0, z: 0 };

// The origins limited against one limiting space `t` (native origin `a`); null: none. Allocates
// only when something is limited.
function limitedAgainst(
  t: string,
  kind: LimitKind,
  a: Position3,
  spaceCount: number,
  facts: PoseLimitFacts,
  profile: UAProfile,
): LimitedOrigins | null {
  const bounds = facts.bounds.length >= 3 ? facts.bounds : null;
  const aBounds = kind === 'bounded' ? bounds : null;
  let e: LimitedEntry | null = null;
  const v = facts.viewer;
  if (v && limitedPair(kind, a, aBounds, 'other', v, null, profile)) {
    e = newEntry();
    e.viewer = true;
  }
  for (let i = 0; i < spaceCount; i++) {
    const u = spaceList[i]!;
    if (u === t) continue;
    const b = spaceOrigin(u, facts);
    const uKind = limitingKind(u);
    if (b && limitedPair(kind, a, aBounds, uKind, b, uKind === 'bounded' ? bounds : null, profile)) {
      e ??= newEntry();
      ArrayPrototypePush(e.spaces, u);
    }
  }
  const inputs = facts.inputs;
  for (let k = 0; k < inputs.length; k++) {
    const s = inputs[k]!;
    if (limitedPair(kind, a, aBounds, 'other', s.pointer, null, profile)) {
      e ??= newEntry();
      ArrayPrototypePush(e.pointers, s.id);
    }
    if (s.grip && limitedPair(kind, a, aBounds, 'other', s.grip, null, profile)) {
      e ??= newEntry();
      ArrayPrototypePush(e.grips, s.id);
    }
    const j = s.joints;
    if (j === null) continue;
    for (let i = 0; i * 3 + 2 < j.length; i++) {
      scratchJoint.x = j[i * 3] as number;
      scratchJoint.y = j[i * 3 + 1] as number;
      scratchJoint.z = j[i * 3 + 2] as number;
      if (limitedPair(kind, a, aBounds, 'other', scratchJoint, null, profile)) {
        e ??= newEntry();
        ArrayPrototypePush(e.joints, s.id * 32 + i);
      }
    }
  }
  if (e === null) return null;
  ObjectFreeze(e.spaces);
  ObjectFreeze(e.pointers);
  ObjectFreeze(e.grips);
  ObjectFreeze(e.joints);
  return ObjectFreeze(e);
}

function newEntry(): LimitedEntry {
  return { viewer: false, spaces: [], pointers: [], grips: [], joints: [] };
}

function limitedPair(
  aKind: LimitKind,
  a: Position3,
  aBounds: readonly PointXZ[] | null,
  bKind: LimitKind,
  b: Position3,
  bBounds: readonly PointXZ[] | null,
  profile: UAProfile,
): boolean {
  return posesMustBeLimitedBetween(aKind, a.x, a.y, a.z, aBounds, bKind, b.x, b.y, b.z, bBounds, profile);
}

/** Looks up whether `origin` is limited against the limiting space `type` in `limits`. */
export function isLimitedAgainst(
  limits: PoseLimits | null,
  type: string,
  origin: { kind: string; sourceId?: number; joint?: number; type: string | null },
): boolean {
  if (limits === null) return false;
  // Own entries only: Object.prototype (polluted, or '__proto__') answers no limiting space.
  if (!ObjectHasOwn(limits, type)) return false;
  const l = limits[type as LimitingSpace];
  if (l === undefined) return false;
  if (origin.type !== null)
    return ArrayPrototypeIncludes(l.spaces, origin.type) || (origin.type === 'viewer' && l.viewer);
  switch (origin.kind) {
    case 'viewer':
      return l.viewer;
    case 'pointer':
      return ArrayPrototypeIncludes(l.pointers, ownField(origin, 'sourceId'));
    case 'grip':
      return ArrayPrototypeIncludes(l.grips, ownField(origin, 'sourceId'));
    case 'joint':
      return ArrayPrototypeIncludes(
        l.joints,
        (ownField(origin, 'sourceId') as number) * 32 + (ownField(origin, 'joint') as number),
      );
    default:
      return false;
  }
}

/** An optional field of a native-origin description, own only (a polluted prototype supplies none). */
function ownField(o: { sourceId?: number; joint?: number }, key: 'sourceId' | 'joint'): number | undefined {
  return ObjectHasOwn(o, key) ? o[key] : undefined;
}
