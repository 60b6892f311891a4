// What a page may learn through the WebXR Hit Test Module (immersive-web/hit-test index.bs, 2024
// draft with XRRayDirectionInit). Hit testing runs on the user agent's side against the room the
// device senses; the page receives only the results along the rays of the hit test sources it
// created, in the frames they are due. spec(hit-test) #privacy-security: hit test reveals the
// shape of the user's surroundings (it needs consent, as the feature table's row says), and "the
// user agent MAY limit" what it returns; these rules are xrgate's limits, each by id:
//   R-HIT-01 only a session with 'hit-test' enabled may create sources (NotSupportedError)
//   R-HIT-02 only while the session lives (InvalidStateError)
//   R-HIT-03 at most `maxSources` active sources per session (OperationError: the spec's
//            "hit test source is null")
//   R-HIT-04 results only while the session is visible (none while blurred or hidden)
//   R-HIT-05 the first surface along the ray only: nothing behind a surface is revealed
//   R-HIT-06 a result only for the entity types the source asked for
//   R-HIT-07 results only within `maxDistance` of the ray's origin
//   R-HIT-08 result heights on the floor's 1 cm grid (R-SPACE-13); positions quantized to
//            `positionStep` (strict profile)
//   R-HIT-09 transient sources match input sources by the profiles the page was told
//   R-HIT-10 a page reads results only for its own, active sources of this session, in an active
//            frame (InvalidStateError otherwise): never for a source it did not create
//   R-HIT-11 no result farther from the local origin than poses may be told (R-SPACE-05), unless
//            the session tracks 'unbounded'
// Pure: no clock, no globals.

import { ArrayPrototypeIncludes, MathSqrt, NumberIsFinite, ObjectFreeze } from '../primordials.js';
import { snapToStep } from './adjustments.js';
import { allow, type Decision, deny } from './decision.js';
import type { VisibilityState } from './poses.js';
import type { UAProfile } from './profile.js';

export type XRHitTestTrackableType = 'point' | 'plane' | 'mesh';
export const hitTestTrackableTypes: readonly XRHitTestTrackableType[] = ObjectFreeze([
  'point',
  'plane',
  'mesh',
] as XRHitTestTrackableType[]);

export interface HitTestLimits {
  /** The most active hit test sources (transient ones included) a session may hold. */
  readonly maxSources: number;
  /** Surfaces farther than this from the ray's origin (metres) are not reported. */
  readonly maxDistance: number;
  /** Result positions are snapped to this step (metres); null: reported as sensed. */
  readonly positionStep: number | null;
  /**
   * Result heights (y) are snapped to this step (metres): a ray cast straight down from the local
   * origin finds the floor, which R-SPACE-13 rounds to 1 cm; a finer height would tell it (and so
   * the user's height). Where the surface is across the room (x, z) is what the user consented to.
   */
  readonly heightStep: number;
}

const specLimits: HitTestLimits = ObjectFreeze({
  maxSources: 64,
  maxDistance: 15,
  positionStep: null,
  heightStep: 0.01,
});
const strictLimits: HitTestLimits = ObjectFreeze({
  maxSources: 16,
  maxDistance: 5,
  positionStep: 0.01,
  heightStep: 0.01,
});

/** The limits of the profile: `strict` (and profiles that quantize poses) the tighter ones. */
export function hitTestLimits(profile: UAProfile): HitTestLimits {
  return profile.name === 'strict' || profile.positionQuantizationStep !== null ? strictLimits : specLimits;
}

export interface HitTestSourceRequest {
  readonly enabledFeatures: readonly string[];
  readonly ended: boolean;
  /** Active sources the session holds now. */
  readonly activeSources: number;
  readonly transient: boolean;
}

// spec(hit-test): #dom-xrsession-requesthittestsource steps 1–2 (and the transient variant);
// #create-a-hit-test-source returning null → OperationError.
export function hitTestSourceRequestIsAllowed(req: HitTestSourceRequest, profile: UAProfile): Decision {
  const action = req.transient ? 'requestHitTestSourceForTransientInput()' : 'requestHitTestSource()';
  if (!ArrayPrototypeIncludes(req.enabledFeatures, 'hit-test')) {
    return deny('NotSupportedError', {
      action,
      reason: "'hit-test' is not an enabled feature of this session",
      fix: "Request it: requestSession('immersive-ar', { requiredFeatures: ['hit-test'] }) (or optionalFeatures), and the user must allow it.",
      requirement: 'R-HIT-01',
    });
  }
  if (req.ended) {
    return deny('InvalidStateError', { action, reason: 'the session has ended', requirement: 'R-HIT-02' });
  }
  const max = hitTestLimits(profile).maxSources;
  if (req.activeSources >= max) {
    return deny('OperationError', {
      action,
      reason: `the session already has ${req.activeSources} active hit test sources (at most ${max})`,
      fix: 'Cancel sources you no longer use (hitTestSource.cancel()).',
      requirement: 'R-HIT-03',
    });
  }
  return allow('a hit test source may be created', 'R-HIT-01');
}

/** R-HIT-04: hit test results are computed and delivered only while the session is visible. */
export function hitTestResultsMayBeReported(visibility: VisibilityState): boolean {
  return visibility === 'visible';
}

export interface SensedHit {
  /** Distance along the ray, metres. */
  readonly distance: number;
  readonly entityType: XRHitTestTrackableType;
  readonly position: { readonly x: number; readonly y: number; readonly z: number };
  readonly orientation: { readonly x: number; readonly y: number; readonly z: number; readonly w: number };
}

export interface ReportedHitPose {
  readonly position: { readonly x: number; readonly y: number; readonly z: number };
  readonly orientation: { readonly x: number; readonly y: number; readonly z: number; readonly w: number };
}

/**
 * R-HIT-11: how far from the local origin a ray may start and a result may lie (the profile's local
 * pose limit), or null where the session tracks 'unbounded' (its poses are not limited).
 */
export function hitTestPoseLimit(profile: UAProfile, unbounded: boolean): number | null {
  return unbounded ? null : profile.poseLimitLocal;
}

/** Is `p` (in local space) within `limit` of the local origin (null: no limit)? */
export function withinPoseLimit(
  p: { readonly x: number; readonly y: number; readonly z: number },
  limit: number | null,
): boolean {
  return limit === null || MathSqrt(p.x * p.x + p.y * p.y + p.z * p.z) <= limit;
}

/**
 * The result a source reports for the nearest surface its ray met (R-HIT-05: the caller passes
 * only the first surface), or null: not a requested entity type (R-HIT-06), too far (R-HIT-07),
 * or not finite. The position is quantized per profile (R-HIT-08).
 */
export function reportedHitResult(
  hit: SensedHit | null,
  entityTypes: readonly XRHitTestTrackableType[],
  limits: HitTestLimits,
  poseLimit: number | null = null,
): ReportedHitPose | null {
  if (hit === null) return null;
  if (!ArrayPrototypeIncludes(entityTypes, hit.entityType)) return null;
  if (!(hit.distance >= 0) || hit.distance > limits.maxDistance) return null;
  const p = hit.position;
  const q = hit.orientation;
  if (!NumberIsFinite(p.x) || !NumberIsFinite(p.y) || !NumberIsFinite(p.z)) return null;
  // R-HIT-11 (R-SPACE-05): a result is a place in local space, told exactly; one farther from its
  // origin than poses may be told (a ray cast down from a viewer 20 m away) would tell where the
  // viewer is. `poseLimit`: hitTestPoseLimit's.
  if (!withinPoseLimit(p, poseLimit)) return null;
  const n = MathSqrt(q.x * q.x + q.y * q.y + q.z * q.z + q.w * q.w);
  if (!(n > 0) || !NumberIsFinite(n)) return null;
  const step = limits.positionStep;
  return ObjectFreeze({
    position: ObjectFreeze(
      step === null
        ? { x: p.x, y: snapToStep(p.y, limits.heightStep), z: p.z }
        : { x: snapToStep(p.x, step), y: snapToStep(p.y, limits.heightStep), z: snapToStep(p.z, step) },
    ),
    orientation: ObjectFreeze({ x: q.x / n, y: q.y / n, z: q.z / n, w: q.w / n }),
  });
}

/**
 * R-HIT-09: does a transient source for `profile` follow an input source? Matched against the
 * profiles the page was told (masked profiles stay masked: a page cannot probe for the real ones).
 */
export function transientSourceMatches(profile: string, reportedProfiles: readonly string[]): boolean {
  return ArrayPrototypeIncludes(reportedProfiles, profile);
}

export interface HitTestResultsQuery {
  readonly frameActive: boolean;
  readonly sessionEnded: boolean;
  /** The source belongs to the frame's session. */
  readonly sameSession: boolean;
  readonly transient: boolean;
}

// spec(hit-test): #dom-xrframe-gethittestresults (the spec's Issue: "needs to ensure that frame is
// active"): R-HIT-10.
export function hitTestResultsMayBeRead(q: HitTestResultsQuery): Decision {
  const action = q.transient ? 'getHitTestResultsForTransientInput()' : 'getHitTestResults()';
  if (!q.frameActive || q.sessionEnded) {
    return deny('InvalidStateError', {
      action,
      reason: 'the XRFrame is not active',
      fix: 'Read hit test results inside the requestAnimationFrame callback that received the frame.',
      requirement: 'R-HIT-10',
    });
  }
  if (!q.sameSession) {
    return deny('InvalidStateError', {
      action,
      reason:
        "the hit test source belongs to another session: a frame has results only for its own session's sources",
      requirement: 'R-HIT-10',
    });
  }
  return allow('results of an own source in an active frame', 'R-HIT-10');
}
