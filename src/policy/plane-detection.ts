// What a page may learn through the WebXR Plane Detection Module (immersive-web/real-world-geometry
// plane-detection.bs @ 159ccd3). spec(plane-detection) #privacy-security: planes expose the user's
// physical environment; the UA may reduce the polygon's level of detail (fewer vertices, rounded
// or quantized coordinates), leave planes out altogether (too small, too detailed), and quantize
// the planes' poses; the core spec's security section applies too. The feature needs consent
// (features.ts row 'plane-detection': consent always, explicit recommended). xrgate's rules:
//   R-PLANE-01 detectedPlanes only with 'plane-detection' enabled (NotSupportedError)
//   R-PLANE-02 detectedPlanes only in an active frame (InvalidStateError, the spec's MUST)
//   R-PLANE-03 no planes while the session is not visible (the set is empty)
//   R-PLANE-04 only planes within `range` metres of the viewer
//   R-PLANE-05 polygon vertices quantized to `vertexStep`, at most `maxVertices`; a plane left
//              smaller than `minArea` (or degenerate) is not reported
//   R-PLANE-06 the plane's pose (its centre) quantized to `vertexStep`
//   R-PLANE-07 semantic labels only from the registry's list (anything else: null)
//   R-PLANE-08 planes are named by per-session numbers: two sessions cannot tell they saw the
//              same plane
//   R-PLANE-09 consent: the feature is granted only through the prompt (features.ts row)
// Pure: no clock, no globals.

import {
  ArrayPrototypeIncludes,
  ArrayPrototypePush,
  MathAbs,
  MathCeil,
  MathSqrt,
  NumberIsFinite,
  ObjectFreeze,
} from '../primordials.js';
import { snapToStep } from './adjustments.js';
import { allow, type Decision, deny, type RequirementId } from './decision.js';
import type { VisibilityState } from './poses.js';
import type { UAProfile } from './profile.js';

export interface Pose3 {
  readonly position: { readonly x: number; readonly y: number; readonly z: number };
  readonly orientation: { readonly x: number; readonly y: number; readonly z: number; readonly w: number };
}

/** The semantic labels of the immersive-web/semantic-labels registry. */
export const registrySemanticLabels: readonly string[] = ObjectFreeze([
  'desk',
  'couch',
  'floor',
  'ceiling',
  'wall',
  'door',
  'window',
  'other',
  'table',
  'shelf',
  'bed',
  'screen',
  'lamp',
  'plant',
  'wall art',
  'global mesh',
]);

export interface WorldSensingLimits {
  /** Surfaces farther than this from the viewer (metres) are not reported. */
  readonly range: number;
  /** Vertex coordinates and surface positions are snapped to this step (metres). */
  readonly vertexStep: number;
  /** The most vertices of one plane polygon or one mesh. */
  readonly maxVertices: number;
  /** Planes smaller than this (m²) after quantization are not reported. */
  readonly minArea: number;
}

const specLimits: WorldSensingLimits = ObjectFreeze({
  range: 15,
  vertexStep: 0.01,
  maxVertices: 64,
  minArea: 0.01,
});
const strictLimits: WorldSensingLimits = ObjectFreeze({
  range: 5,
  vertexStep: 0.05,
  maxVertices: 16,
  minArea: 0.1,
});

/** The profile's limits: `strict` (or a profile that quantizes poses) the tighter ones. */
export function worldSensingLimits(profile: UAProfile): WorldSensingLimits {
  return profile.name === 'strict' || profile.positionQuantizationStep !== null ? strictLimits : specLimits;
}

/** R-PLANE-03 (and R-MESH-03): the room's geometry reaches the page only while the session is visible. */
export function worldGeometryMayBeReported(visibility: VisibilityState): boolean {
  return visibility === 'visible';
}

/** R-PLANE-07: a label of the registry, or null. */
export function reportedSemanticLabel(label: string | null | undefined): string | null {
  return typeof label === 'string' && ArrayPrototypeIncludes(registrySemanticLabels, label) ? label : null;
}

export function quantizedPose(p: Pose3, step: number): Pose3 {
  const q = p.orientation;
  const n = MathSqrt(q.x * q.x + q.y * q.y + q.z * q.z + q.w * q.w) || 1;
  return ObjectFreeze({
    position: ObjectFreeze({
      x: snapToStep(p.position.x, step),
      y: snapToStep(p.position.y, step),
      z: snapToStep(p.position.z, step),
    }),
    orientation: ObjectFreeze({ x: q.x / n, y: q.y / n, z: q.z / n, w: q.w / n }),
  });
}

function distance(a: { x: number; y: number; z: number }, b: { x: number; y: number; z: number }): number {
  const dx = a.x - b.x;
  const dy = a.y - b.y;
  const dz = a.z - b.z;
  return MathSqrt(dx * dx + dy * dy + dz * dz);
}

/** |area| of a polygon in x/z (shoelace). */
export function polygonArea(polygon: readonly { readonly x: number; readonly z: number }[]): number {
  let sum = 0;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const a = polygon[j]!;
    const b = polygon[i]!;
    sum += a.x * b.z - b.x * a.z;
  }
  return MathAbs(sum) / 2;
}

/**
 * R-PLANE-05: the polygon with its vertices snapped to `step`, consecutive duplicates removed, and
 * thinned evenly to at most `maxVertices`; null when fewer than 3 vertices or less than `minArea`
 * remain.
 */
export function reportedPolygon(
  polygon: readonly { readonly x: number; readonly z: number }[],
  limits: WorldSensingLimits,
): readonly { readonly x: number; readonly z: number }[] | null {
  const snapped: { x: number; z: number }[] = [];
  for (let i = 0; i < polygon.length; i++) {
    const p = polygon[i]!;
    if (!NumberIsFinite(p.x) || !NumberIsFinite(p.z)) return null;
    const x = snapToStep(p.x, limits.vertexStep);
    const z = snapToStep(p.z, limits.vertexStep);
    const last = snapped[snapped.length - 1];
    if (last !== undefined && last.x === x && last.z === z) continue;
    ArrayPrototypePush(snapped, { x, z });
  }
  while (snapped.length > 1) {
    const first = snapped[0]!;
    const last = snapped[snapped.length - 1]!;
    if (first.x === last.x && first.z === last.z) snapped.length -= 1;
    else break;
  }
  let out = snapped;
  if (out.length > limits.maxVertices) {
    const stride = MathCeil(out.length / limits.maxVertices);
    const thinned: { x: number; z: number }[] = [];
    for (let i = 0; i < out.length; i += stride) ArrayPrototypePush(thinned, out[i]!);
    out = thinned;
  }
  if (out.length < 3 || polygonArea(out) < limits.minArea) return null;
  const frozen: { readonly x: number; readonly z: number }[] = [];
  for (let i = 0; i < out.length; i++) ArrayPrototypePush(frozen, ObjectFreeze(out[i]!));
  return ObjectFreeze(frozen);
}

/** A plane as the device senses it (base space; polygon in the plane's x/z). */
export interface SensedPlane {
  readonly pose: Pose3;
  readonly polygon: readonly { readonly x: number; readonly z: number }[];
  readonly orientation: 'horizontal' | 'vertical' | null;
  readonly label: string | null;
}

/** A plane as the page receives it: `id` is a per-session number (R-PLANE-08). */
export interface ReportedPlane {
  readonly id: number;
  readonly pose: Pose3;
  readonly polygon: readonly { readonly x: number; readonly z: number }[];
  readonly orientation: 'horizontal' | 'vertical' | null;
  readonly semanticLabel: string | null;
}

/** Rotates (x, 0, z) by q and adds p: a polygon point in base space. */
function planePoint(pose: Pose3, x: number, z: number): { x: number; y: number; z: number } {
  const q = pose.orientation;
  const tx = 2 * (q.y * z);
  const ty = 2 * (q.z * x - q.x * z);
  const tz = 2 * -(q.y * x);
  return {
    x: pose.position.x + x + q.w * tx + (q.y * tz - q.z * ty),
    y: pose.position.y + q.w * ty + (q.z * tx - q.x * tz),
    z: pose.position.z + z + q.w * tz + (q.x * ty - q.y * tx),
  };
}

/** R-PLANE-04: is the plane (its centre or a corner) within `range` of the viewer? */
export function planeWithinRange(
  plane: SensedPlane,
  viewer: { x: number; y: number; z: number },
  range: number,
): boolean {
  if (distance(plane.pose.position, viewer) <= range) return true;
  for (let i = 0; i < plane.polygon.length; i++) {
    const p = plane.polygon[i]!;
    if (distance(planePoint(plane.pose, p.x, p.z), viewer) <= range) return true;
  }
  return false;
}

/**
 * The plane as reported under `limits` (R-PLANE-04..07), or null when it is left out. `viewer`
 * null (tracking lost): no plane is in range.
 */
export function reportedPlane(
  id: number,
  plane: SensedPlane,
  viewer: { x: number; y: number; z: number } | null,
  limits: WorldSensingLimits,
): ReportedPlane | null {
  if (viewer === null || !planeWithinRange(plane, viewer, limits.range)) return null;
  const polygon = reportedPolygon(plane.polygon, limits);
  if (polygon === null) return null;
  return ObjectFreeze({
    id,
    pose: quantizedPose(plane.pose, limits.vertexStep),
    polygon,
    orientation: plane.orientation,
    semanticLabel: reportedSemanticLabel(plane.label),
  });
}

export interface DetectedSurfacesQuery {
  readonly feature: 'plane-detection' | 'mesh-detection';
  readonly enabledFeatures: readonly string[];
  readonly frameActive: boolean;
}

// spec(plane-detection): #dom-xrframe-detectedplanes "If this attribute is accessed when the frame
// is not active, the user agent MUST throw InvalidStateError"; a session without the feature has no
// planes to give (NotSupportedError, as Chromium). R-PLANE-01/02, R-MESH-01/02.
export function detectedSurfacesMayBeRead(q: DetectedSurfacesQuery): Decision {
  const plane = q.feature === 'plane-detection';
  const action = plane ? 'XRFrame.detectedPlanes' : 'XRFrame.detectedMeshes';
  const enabledId: RequirementId = plane ? 'R-PLANE-01' : 'R-MESH-01';
  const activeId: RequirementId = plane ? 'R-PLANE-02' : 'R-MESH-02';
  if (!ArrayPrototypeIncludes(q.enabledFeatures, q.feature)) {
    return deny('NotSupportedError', {
      action,
      reason: `'${q.feature}' is not an enabled feature of this session`,
      fix: `Request it: requestSession('immersive-ar', { requiredFeatures: ['${q.feature}'] }), and the user must allow it.`,
      requirement: enabledId,
    });
  }
  if (!q.frameActive) {
    return deny('InvalidStateError', {
      action,
      reason: 'the XRFrame is not active',
      fix: 'Read it inside the requestAnimationFrame callback that received the frame.',
      requirement: activeId,
    });
  }
  return allow(`${action} may be read`, enabledId);
}
