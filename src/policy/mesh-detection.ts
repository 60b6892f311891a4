// What a page may learn through the WebXR Mesh Detection Module (immersive-web/real-world-meshing:
// XRMesh { meshSpace, vertices, indices, lastChangedTime, semanticLabel }, XRMeshSet,
// XRFrame.detectedMeshes). Its privacy section: meshing "carries significant privacy risks"; the UA
// MUST ask the user's permission before mesh data is returned, and mesh data MUST be built from the
// geometry of the world only (no writing, colours, pictures or screen content). xrgate's rules:
//   R-MESH-01 detectedMeshes only with 'mesh-detection' enabled (NotSupportedError)
//   R-MESH-02 detectedMeshes only in an active frame (InvalidStateError)
//   R-MESH-03 no meshes while the session is not visible (the set is empty)
//   R-MESH-04 only meshes with a vertex within `range` metres of the viewer
//   R-MESH-05 vertices quantized to `vertexStep`; a mesh of more than `maxMeshVertices` vertices
//             is not reported (too detailed)
//   R-MESH-06 geometry only: positions and triangles, a registry label or null; no normals,
//             colours or textures cross
//   R-MESH-07 explicit consent: an implicit answer does not grant the feature (features.ts row,
//             explicitRequired), meshes are named by per-session numbers
// Pure: no clock, no globals.

import {
  ArrayPrototypePush,
  MathSqrt,
  NumberIsFinite,
  NumberIsInteger,
  ObjectFreeze,
} from '../primordials.js';
import { snapToStep } from './adjustments.js';
import {
  type Pose3,
  quantizedPose,
  reportedSemanticLabel,
  type WorldSensingLimits,
} from './plane-detection.js';

/** The most vertices of one reported mesh (R-MESH-05), per limits' strictness. */
export function maxMeshVertices(limits: WorldSensingLimits): number {
  // The plane limit is per polygon; a mesh of a piece of furniture needs more.
  return limits.maxVertices * 64;
}

export interface SensedMesh {
  readonly pose: Pose3;
  /** x, y, z triples in the mesh's space. */
  readonly vertices: readonly number[];
  readonly indices: readonly number[];
  readonly label: string | null;
}

export interface ReportedMesh {
  readonly id: number;
  readonly pose: Pose3;
  readonly vertices: readonly number[];
  readonly indices: readonly number[];
  readonly semanticLabel: string | null;
}

/** Rotates v by q and adds p. */
function meshPoint(pose: Pose3, x: number, y: number, z: number): { x: number; y: number; z: number } {
  const q = pose.orientation;
  const tx = 2 * (q.y * z - q.z * y);
  const ty = 2 * (q.z * x - q.x * z);
  const tz = 2 * (q.x * y - q.y * x);
  return {
    x: pose.position.x + x + q.w * tx + (q.y * tz - q.z * ty),
    y: pose.position.y + y + q.w * ty + (q.z * tx - q.x * tz),
    z: pose.position.z + z + q.w * tz + (q.x * ty - q.y * tx),
  };
}

/** R-MESH-04: has the mesh a vertex within `range` of the viewer? */
export function meshWithinRange(
  mesh: SensedMesh,
  viewer: { x: number; y: number; z: number },
  range: number,
): boolean {
  const v = mesh.vertices;
  for (let i = 0; i + 2 < v.length; i += 3) {
    const p = meshPoint(mesh.pose, v[i]!, v[i + 1]!, v[i + 2]!);
    const dx = p.x - viewer.x;
    const dy = p.y - viewer.y;
    const dz = p.z - viewer.z;
    if (MathSqrt(dx * dx + dy * dy + dz * dz) <= range) return true;
  }
  return false;
}

/**
 * The mesh as reported under `limits` (R-MESH-04..06), or null when it is left out (out of range,
 * too detailed, malformed, tracking lost).
 */
export function reportedMesh(
  id: number,
  mesh: SensedMesh,
  viewer: { x: number; y: number; z: number } | null,
  limits: WorldSensingLimits,
  /** The caller checked the range already (meshWithinRange) this frame. */
  rangeChecked = false,
): ReportedMesh | null {
  if (viewer === null && !rangeChecked) return null;
  const v = mesh.vertices;
  const count = v.length / 3;
  if (!NumberIsInteger(count) || count < 3 || count > maxMeshVertices(limits)) return null;
  if (mesh.indices.length % 3 !== 0 || mesh.indices.length === 0) return null;
  if (!rangeChecked && !meshWithinRange(mesh, viewer!, limits.range)) return null;
  const vertices: number[] = [];
  for (let i = 0; i < v.length; i++) {
    const n = v[i]!;
    if (!NumberIsFinite(n)) return null;
    ArrayPrototypePush(vertices, snapToStep(n, limits.vertexStep));
  }
  const indices: number[] = [];
  for (let i = 0; i < mesh.indices.length; i++) {
    const k = mesh.indices[i]!;
    if (!NumberIsInteger(k) || k < 0 || k >= count) return null;
    ArrayPrototypePush(indices, k);
  }
  return ObjectFreeze({
    id,
    pose: quantizedPose(mesh.pose, limits.vertexStep),
    vertices: ObjectFreeze(vertices),
    indices: ObjectFreeze(indices),
    semanticLabel: reportedSemanticLabel(mesh.label),
  });
}
