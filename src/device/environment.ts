// Simulated rooms ("environments") and the geometry queries the device's sensing makes against
// them: ray casting (hit test, depth), the pose of a hit (spec(hit-test) #create-a-hit-test-result's
// native result), and the planes and meshes a device detects. A room is planes (a polygon on a
// posed plane, with its orientation and semantic label) and meshes (triangles, with a label).
//
// Everything here is pure and works in the device's base space: castRay, depthAlong, hitPose and
// placeEnvironment take what they need as arguments and return new frozen values. The user agent
// (src/agent) asks them; src/policy decides what of their answers a page may see. The JSON format
// of loadEnvironment is documented in docs/environments.md.

import { registrySemanticLabels } from '../policy/plane-detection.js';
import {
  ArrayIsArray,
  ArrayPrototypeIncludes,
  ArrayPrototypeJoin,
  ArrayPrototypeMap,
  ArrayPrototypePush,
  JSONParse,
  MathAbs,
  MathCos,
  MathPI,
  MathSin,
  MathSqrt,
  NumberIsFinite,
  NumberIsInteger,
  ObjectDefineProperty,
  ObjectFreeze,
  ObjectHasOwn,
  ObjectKeys,
  SafeMap,
  SafeSet,
  TypeError,
} from '../primordials.js';
import type {
  Environment,
  EnvironmentMesh,
  EnvironmentPlane,
  WorldEntityType,
  WorldPose,
} from './world-types.js';

export type { Environment, EnvironmentMesh, EnvironmentPlane, WorldEntityType, WorldPose };

export interface Vec {
  readonly x: number;
  readonly y: number;
  readonly z: number;
}

/** The nearest surface a ray meets. */
export interface RayHit {
  /** Distance along the (normalized) ray from its origin, metres. */
  readonly distance: number;
  /** The point hit, base space. */
  readonly point: Vec;
  /** The surface's unit normal at the point, base space, facing the ray's origin. */
  readonly normal: Vec;
  /** What the hit counts as for the Hit Test Module. */
  readonly entityType: WorldEntityType;
  /** The plane's or mesh's id. */
  readonly surfaceId: string;
  readonly label: string;
}

/** The semantic labels of the immersive-web/semantic-labels registry (one list: the policy's). */
export const semanticLabels: readonly string[] = registrySemanticLabels;

// --- Vector and quaternion arithmetic ----------------------------------------------------------

const EPSILON = 1e-9;
/** The most vertices a loaded mesh may have. */
const MAX_MESH_VERTICES = 65536;

function v(x: number, y: number, z: number): Vec {
  return { x, y, z };
}

function sub(a: Vec, b: Vec): Vec {
  return v(a.x - b.x, a.y - b.y, a.z - b.z);
}

function dot(a: Vec, b: Vec): number {
  return a.x * b.x + a.y * b.y + a.z * b.z;
}

function cross(a: Vec, b: Vec): Vec {
  return v(a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x);
}

function scale(a: Vec, s: number): Vec {
  return v(a.x * s, a.y * s, a.z * s);
}

function length(a: Vec): number {
  return MathSqrt(dot(a, a));
}

function normalize(a: Vec): Vec {
  const l = length(a);
  return l > 0 ? scale(a, 1 / l) : v(0, 0, 0);
}

type Q = WorldPose['orientation'];

/** Rotates `p` by the unit quaternion `q`. */
export function rotate(q: Q, p: Vec): Vec {
  const tx = 2 * (q.y * p.z - q.z * p.y);
  const ty = 2 * (q.z * p.x - q.x * p.z);
  const tz = 2 * (q.x * p.y - q.y * p.x);
  return v(
    p.x + q.w * tx + (q.y * tz - q.z * ty),
    p.y + q.w * ty + (q.z * tx - q.x * tz),
    p.z + q.w * tz + (q.x * ty - q.y * tx),
  );
}

function conjugate(q: Q): Q {
  return { x: -q.x, y: -q.y, z: -q.z, w: q.w };
}

function multiply(a: Q, b: Q): Q {
  return {
    x: a.w * b.x + a.x * b.w + a.y * b.z - a.z * b.y,
    y: a.w * b.y - a.x * b.z + a.y * b.w + a.z * b.x,
    z: a.w * b.z + a.x * b.y - a.y * b.x + a.z * b.w,
    w: a.w * b.w - a.x * b.x - a.y * b.y - a.z * b.z,
  };
}

/** A point of base space in the pose's own space. */
function toLocal(pose: WorldPose, p: Vec): Vec {
  return rotate(conjugate(pose.orientation), sub(p, pose.position));
}

/** A point of the pose's own space in base space. */
function toBase(pose: WorldPose, p: Vec): Vec {
  const r = rotate(pose.orientation, p);
  return v(r.x + pose.position.x, r.y + pose.position.y, r.z + pose.position.z);
}

/** The rotation whose columns are the axes x, y, z (orthonormal, right-handed), as a quaternion. */
export function quaternionFromAxes(x: Vec, y: Vec, z: Vec): Q {
  const m00 = x.x;
  const m11 = y.y;
  const m22 = z.z;
  const trace = m00 + m11 + m22;
  let q: Q;
  if (trace > 0) {
    const s = MathSqrt(trace + 1) * 2;
    q = { w: 0.25 * s, x: (y.z - z.y) / s, y: (z.x - x.z) / s, z: (x.y - y.x) / s };
  } else if (m00 > m11 && m00 > m22) {
    const s = MathSqrt(1 + m00 - m11 - m22) * 2;
    q = { w: (y.z - z.y) / s, x: 0.25 * s, y: (y.x + x.y) / s, z: (z.x + x.z) / s };
  } else if (m11 > m22) {
    const s = MathSqrt(1 + m11 - m00 - m22) * 2;
    q = { w: (z.x - x.z) / s, x: (y.x + x.y) / s, y: 0.25 * s, z: (z.y + y.z) / s };
  } else {
    const s = MathSqrt(1 + m22 - m00 - m11) * 2;
    q = { w: (x.y - y.x) / s, x: (z.x + x.z) / s, y: (z.y + y.z) / s, z: 0.25 * s };
  }
  const n = MathSqrt(q.x * q.x + q.y * q.y + q.z * q.z + q.w * q.w);
  return { x: q.x / n, y: q.y / n, z: q.z / n, w: q.w / n };
}

function freezePose(p: WorldPose): WorldPose {
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

/** `a` then `b` applied in a's space: the pose b, given in a's space, in a's parent space. */
export function composePose(a: WorldPose, b: WorldPose): WorldPose {
  return freezePose({
    position: toBase(a, b.position),
    orientation: multiply(a.orientation, b.orientation),
  });
}

// --- Ray casting -------------------------------------------------------------------------------

/** Is (x, z) inside the polygon (even-odd rule; points on an edge count as inside)? */
export function pointInPolygon(
  polygon: readonly { readonly x: number; readonly z: number }[],
  x: number,
  z: number,
): boolean {
  let inside = false;
  const n = polygon.length;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const a = polygon[i]!;
    const b = polygon[j]!;
    // On the edge a–b: inside.
    const ex = b.x - a.x;
    const ez = b.z - a.z;
    const cr = ex * (z - a.z) - ez * (x - a.x);
    if (MathAbs(cr) < 1e-9 && (x - a.x) * (x - b.x) <= 1e-12 && (z - a.z) * (z - b.z) <= 1e-12) return true;
    if (a.z > z !== b.z > z && x < ((b.x - a.x) * (z - a.z)) / (b.z - a.z) + a.x) inside = !inside;
  }
  return inside;
}

interface Candidate {
  distance: number;
  normal: Vec;
  entityType: WorldEntityType;
  surfaceId: string;
  label: string;
}

function castPlane(plane: EnvironmentPlane, origin: Vec, dir: Vec, best: Candidate | null): Candidate | null {
  const o = toLocal(plane.pose, origin);
  const d = rotate(conjugate(plane.pose.orientation), dir);
  if (MathAbs(d.y) < EPSILON) return best;
  const t = -o.y / d.y;
  if (t < 0 || (best !== null && t >= best.distance)) return best;
  if (!pointInPolygon(plane.polygon, o.x + d.x * t, o.z + d.z * t)) return best;
  const up = rotate(plane.pose.orientation, v(0, 1, 0));
  return { distance: t, normal: up, entityType: 'plane', surfaceId: plane.id, label: plane.label };
}

function castMesh(mesh: EnvironmentMesh, origin: Vec, dir: Vec, best: Candidate | null): Candidate | null {
  const o = toLocal(mesh.pose, origin);
  const d = rotate(conjugate(mesh.pose.orientation), dir);
  const vs = mesh.vertices;
  const ix = mesh.indices;
  let found = best;
  for (let i = 0; i + 2 < ix.length; i += 3) {
    const a = ix[i]! * 3;
    const b = ix[i + 1]! * 3;
    const c = ix[i + 2]! * 3;
    const p0 = v(vs[a]!, vs[a + 1]!, vs[a + 2]!);
    const e1 = v(vs[b]! - p0.x, vs[b + 1]! - p0.y, vs[b + 2]! - p0.z);
    const e2 = v(vs[c]! - p0.x, vs[c + 1]! - p0.y, vs[c + 2]! - p0.z);
    // Möller–Trumbore, two-sided.
    const pv = cross(d, e2);
    const det = dot(e1, pv);
    if (MathAbs(det) < EPSILON) continue;
    const inv = 1 / det;
    const tv = sub(o, p0);
    const u = dot(tv, pv) * inv;
    if (u < -1e-9 || u > 1 + 1e-9) continue;
    const qv = cross(tv, e1);
    const w = dot(d, qv) * inv;
    if (w < -1e-9 || u + w > 1 + 1e-9) continue;
    const t = dot(e2, qv) * inv;
    if (t < 0 || (found !== null && t >= found.distance)) continue;
    found = {
      distance: t,
      normal: rotate(mesh.pose.orientation, normalize(cross(e1, e2))),
      entityType: mesh.hitType ?? 'mesh',
      surfaceId: mesh.id,
      label: mesh.label,
    };
  }
  return found;
}

/**
 * The nearest surface of `env` the ray from `origin` along `direction` meets, or null. The
 * direction need not be normalized (it is); a zero or non-finite ray meets nothing. Surfaces
 * farther than `maxDistance` (default: no limit) are not met. Base space throughout.
 */
export function castRay(
  env: Environment,
  origin: Vec,
  direction: Vec,
  maxDistance = Infinity,
): RayHit | null {
  if (!finiteVec(origin) || !finiteVec(direction)) return null;
  const dir = normalize(direction);
  if (dir.x === 0 && dir.y === 0 && dir.z === 0) return null;
  let best: Candidate | null = null;
  const planes = env.planes;
  for (let i = 0; i < planes.length; i++) {
    const plane = planes[i]!;
    if (plane.hitTestable !== false) best = castPlane(plane, origin, dir, best);
  }
  const meshes = env.meshes;
  for (let i = 0; i < meshes.length; i++) best = castMesh(meshes[i]!, origin, dir, best);
  if (best === null || best.distance > maxDistance) return null;
  // The normal facing the ray's origin (a surface is seen from the side the ray comes from).
  const n = normalize(best.normal);
  const facing = dot(n, dir) > 0 ? scale(n, -1) : n;
  return ObjectFreeze({
    distance: best.distance,
    point: ObjectFreeze(
      v(origin.x + dir.x * best.distance, origin.y + dir.y * best.distance, origin.z + dir.z * best.distance),
    ),
    normal: ObjectFreeze(v(facing.x, facing.y, facing.z)),
    entityType: best.entityType,
    surfaceId: best.surfaceId,
    label: best.label,
  });
}

/**
 * The distance along the ray to the nearest surface (what a depth sensor measures along one
 * pixel's ray), or null when the ray meets nothing within `maxDistance`.
 */
export function depthAlong(
  env: Environment,
  origin: Vec,
  direction: Vec,
  maxDistance = Infinity,
): number | null {
  const hit = castRay(env, origin, direction, maxDistance);
  return hit === null ? null : hit.distance;
}

/**
 * The pose of a hit (the native origin of a hit test result): at the point, its Y axis the surface
 * normal facing the ray's origin, its Z axis the ray's direction projected on the surface and
 * reversed (towards the origin); when the ray meets the surface head-on, Z is the world's up
 * projected on the surface, or its right when up is the normal too. X = Y × Z.
 */
export function hitPose(direction: Vec, hit: RayHit): WorldPose {
  const dir = normalize(direction);
  const y = hit.normal;
  const cosine = dot(dir, y);
  let z: Vec;
  if (MathAbs(cosine) > 1 - 1e-6) {
    const up = v(0, 1, 0);
    const right = v(1, 0, 0);
    // The world's up projected on the surface; its right when the surface faces up or down.
    z = MathAbs(dot(up, y)) > 1 - 1e-6 ? sub(right, scale(y, dot(right, y))) : sub(up, scale(y, dot(up, y)));
  } else {
    z = scale(sub(dir, scale(y, cosine)), -1);
  }
  z = normalize(z);
  const x = normalize(cross(y, z));
  return freezePose({ position: hit.point, orientation: quaternionFromAxes(x, y, z) });
}

function finiteVec(p: Vec): boolean {
  return NumberIsFinite(p.x) && NumberIsFinite(p.y) && NumberIsFinite(p.z);
}

/** The environment with every plane and mesh moved by `placement` (the room's origin in base space). */
export function placeEnvironment(env: Environment, placement: WorldPose): Environment {
  const planes: EnvironmentPlane[] = [];
  for (let i = 0; i < env.planes.length; i++) {
    const p = env.planes[i]!;
    ArrayPrototypePush(planes, ObjectFreeze({ ...p, pose: composePose(placement, p.pose) }));
  }
  const meshes: EnvironmentMesh[] = [];
  for (let i = 0; i < env.meshes.length; i++) {
    const m = env.meshes[i]!;
    ArrayPrototypePush(meshes, ObjectFreeze({ ...m, pose: composePose(placement, m.pose) }));
  }
  return ObjectFreeze({
    name: env.name,
    label: env.label,
    planes: ObjectFreeze(planes),
    meshes: ObjectFreeze(meshes),
  });
}

/** The plane's polygon corners in base space. */
export function planeCorners(plane: EnvironmentPlane): Vec[] {
  const out: Vec[] = [];
  for (let i = 0; i < plane.polygon.length; i++) {
    const p = plane.polygon[i]!;
    ArrayPrototypePush(out, toBase(plane.pose, v(p.x, 0, p.z)));
  }
  return out;
}

/** The mesh's vertex `i` in base space. */
export function meshVertex(mesh: EnvironmentMesh, i: number): Vec {
  return toBase(mesh.pose, v(mesh.vertices[i * 3]!, mesh.vertices[i * 3 + 1]!, mesh.vertices[i * 3 + 2]!));
}

// --- Building rooms ----------------------------------------------------------------------------

const IDENTITY_Q: Q = ObjectFreeze({ x: 0, y: 0, z: 0, w: 1 });

function yawQ(deg: number): Q {
  const h = (deg * MathPI) / 360;
  return { x: 0, y: MathSin(h), z: 0, w: MathCos(h) };
}

function pitchQ(deg: number): Q {
  const h = (deg * MathPI) / 360;
  return { x: MathSin(h), y: 0, z: 0, w: MathCos(h) };
}

function rect(w: number, d: number): { x: number; z: number }[] {
  return [
    { x: -w / 2, z: -d / 2 },
    { x: w / 2, z: -d / 2 },
    { x: w / 2, z: d / 2 },
    { x: -w / 2, z: d / 2 },
  ];
}

/** A horizontal rectangle `w` × `d` centred at (x, y, z); facing up (a floor, a table top) or down (a ceiling). */
function horizontal(
  id: string,
  label: string,
  x: number,
  y: number,
  z: number,
  w: number,
  d: number,
  down = false,
): EnvironmentPlane {
  return {
    id,
    label,
    orientation: 'horizontal',
    pose: { position: { x, y, z }, orientation: down ? { x: 1, y: 0, z: 0, w: 0 } : IDENTITY_Q },
    polygon: rect(w, d),
  };
}

/**
 * A vertical rectangle `w` wide and `h` high whose centre is at (x, y, z), facing the direction
 * `yaw` degrees about +y from +z (0: its normal is +z, towards the viewer standing at the origin
 * looking down −z).
 */
function vertical(
  id: string,
  label: string,
  x: number,
  y: number,
  z: number,
  yaw: number,
  w: number,
  h: number,
): EnvironmentPlane {
  // The plane's Y axis (normal) is its local +y: tilt +y onto +z (pitch 90°), then turn by yaw.
  return {
    id,
    label,
    orientation: 'vertical',
    pose: { position: { x, y, z }, orientation: multiply(yawQ(yaw), pitchQ(90)) },
    polygon: rect(w, h),
  };
}

/** An axis-aligned box (furniture) of size sx × sy × sz standing on y = `bottom`, centred at x, z. */
function box(
  id: string,
  label: string,
  x: number,
  bottom: number,
  z: number,
  sx: number,
  sy: number,
  sz: number,
  yaw = 0,
): EnvironmentMesh {
  const hx = sx / 2;
  const hz = sz / 2;
  const vertices = [
    -hx,
    0,
    -hz,
    hx,
    0,
    -hz,
    hx,
    0,
    hz,
    -hx,
    0,
    hz,
    -hx,
    sy,
    -hz,
    hx,
    sy,
    -hz,
    hx,
    sy,
    hz,
    -hx,
    sy,
    hz,
  ];
  const indices = [
    0,
    2,
    1,
    0,
    3,
    2, // bottom
    4,
    5,
    6,
    4,
    6,
    7, // top
    0,
    1,
    5,
    0,
    5,
    4, // back (−z)
    3,
    7,
    6,
    3,
    6,
    2, // front (+z)
    0,
    4,
    7,
    0,
    7,
    3, // left
    1,
    2,
    6,
    1,
    6,
    5, // right
  ];
  return { id, label, pose: { position: { x, y: bottom, z }, orientation: yawQ(yaw) }, vertices, indices };
}

/** A room's shell: floor, ceiling and four walls of a w × d room, `h` high, centred on the origin. */
function shell(prefix: string, w: number, d: number, h: number): EnvironmentPlane[] {
  return [
    horizontal(`${prefix}floor`, 'floor', 0, 0, 0, w, d),
    horizontal(`${prefix}ceiling`, 'ceiling', 0, h, 0, w, d, true),
    vertical(`${prefix}wall-front`, 'wall', 0, h / 2, -d / 2, 0, w, h),
    vertical(`${prefix}wall-back`, 'wall', 0, h / 2, d / 2, 180, w, h),
    vertical(`${prefix}wall-left`, 'wall', -w / 2, h / 2, 0, 90, d, h),
    vertical(`${prefix}wall-right`, 'wall', w / 2, h / 2, 0, -90, d, h),
  ];
}

/**
 * Validates and freezes an environment description (the same checks as loadEnvironment): a
 * TypeError names the first wrong field.
 */
export function defineEnvironment(value: unknown): Environment {
  return validateEnvironment(value, 'environment');
}

// Rooms are given with the floor at y = 0 and the user standing at the origin looking down −z;
// a device places them under its floor (createSimulatedEnvironment / placeEnvironment).

// Each room is built (and checked) the first time it is asked for, not when xrgate loads: a page
// that never uses a room pays nothing for it at startup (bench/startup.ts).
interface RoomRecipe {
  readonly label: string;
  readonly planes: () => EnvironmentPlane[];
  readonly meshes: () => EnvironmentMesh[];
}

/** A room's walls, floor and ceiling, then its other planes. */
function shellAnd(walls: EnvironmentPlane[], others: EnvironmentPlane[]): EnvironmentPlane[] {
  for (let i = 0; i < others.length; i++) ArrayPrototypePush(walls, others[i] as EnvironmentPlane);
  return walls;
}

const recipes: Readonly<Record<string, RoomRecipe>> = ObjectFreeze({
  __proto__: null,
  'empty-room': {
    label: 'Empty room (4 m × 4 m)',
    planes: () => shell('', 4, 4, 2.6),
    meshes: () => [],
  },
  'living-room': {
    label: 'Living room (sofa, coffee table, dining table, window)',
    planes: () =>
      shellAnd(shell('', 6, 5, 2.7), [
        // The dining table's top, 0.75 m high, 1.5 m in front of the user.
        horizontal('dining-table-top', 'table', 0, 0.75, -1.5, 1.6, 0.9),
        // The coffee table, low, to the right.
        horizontal('coffee-table-top', 'table', 1.6, 0.42, 0.2, 1.0, 0.6),
        // A window in the front wall and a door in the left wall, 1 cm proud of the wall.
        vertical('window', 'window', -1.5, 1.5, -2.49, 0, 1.4, 1.2),
        vertical('door', 'door', -2.99, 1.0, 1.2, 90, 0.9, 2.0),
      ]),
    meshes: () => [
      box('dining-table', 'table', 0, 0, -1.5, 1.6, 0.75, 0.9),
      box('coffee-table', 'table', 1.6, 0, 0.2, 1.0, 0.42, 0.6),
      box('sofa', 'couch', 1.6, 0, 1.6, 2.0, 0.85, 0.9),
      box('shelf', 'shelf', -2.6, 0, -1.5, 0.4, 1.8, 1.2),
      box('plant', 'plant', 2.6, 0, -2.1, 0.4, 1.1, 0.4),
    ],
  },
  office: {
    label: 'Office (desk, screen, shelves)',
    planes: () =>
      shellAnd(shell('', 4, 3.5, 2.8), [
        horizontal('desk-top', 'desk', 0, 0.74, -1.35, 1.6, 0.8),
        vertical('window', 'window', 1.99, 1.5, -0.5, -90, 1.2, 1.2),
        vertical('door', 'door', 0.8, 1.0, 1.74, 180, 0.9, 2.0),
      ]),
    meshes: () => [
      box('desk', 'desk', 0, 0, -1.35, 1.6, 0.74, 0.8),
      box('monitor', 'screen', 0, 0.74, -1.6, 0.6, 0.4, 0.05),
      box('chair', 'other', 0, 0, -0.6, 0.55, 0.95, 0.55),
      box('bookshelf', 'shelf', -1.8, 0, 0.5, 0.35, 2.0, 1.0),
    ],
  },
} as unknown as Record<string, RoomRecipe>);

const builtRooms = new SafeMap<string, Environment>();

function builtRoom(name: string): Environment {
  let room = builtRooms.get(name);
  if (room === undefined) {
    const r = recipes[name] as RoomRecipe;
    room = defineEnvironment({ name, label: r.label, planes: r.planes(), meshes: r.meshes() });
    builtRooms.set(name, room);
  }
  return room;
}

const roomNames: readonly string[] = ObjectFreeze(['empty-room', 'living-room', 'office']);

/** The built-in rooms, by name (each built when first read). */
export const builtInEnvironments: Readonly<Record<string, Environment>> = (() => {
  const out: Record<string, Environment> = {};
  for (let i = 0; i < roomNames.length; i++) {
    const name = roomNames[i] as string;
    ObjectDefineProperty(out, name, { enumerable: true, get: () => builtRoom(name) });
  }
  return ObjectFreeze(out);
})();

/** The built-in rooms' names and labels, in order (for a room picker). */
export const builtInEnvironmentList: readonly { readonly name: string; readonly label: string }[] =
  ObjectFreeze(
    ArrayPrototypeMap(roomNames, (name) =>
      ObjectFreeze({ name, label: (recipes[name] as RoomRecipe).label }),
    ),
  );

/** The built-in room `name`, or undefined. */
export function builtInEnvironment(name: string): Environment | undefined {
  return typeof name === 'string' && ObjectHasOwn(recipes, name) ? builtRoom(name) : undefined;
}

// --- Loading a room from JSON (docs/environments.md) -------------------------------------------

function fail(path: string, what: string): never {
  throw new TypeError(`${path}: ${what} (see docs/environments.md)`);
}

function num(value: unknown, path: string): number {
  if (typeof value !== 'number' || !NumberIsFinite(value)) fail(path, 'expected a finite number');
  return value;
}

function str(value: unknown, path: string): string {
  if (typeof value !== 'string' || value.length === 0) fail(path, 'expected a non-empty string');
  return value;
}

function obj(value: unknown, path: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || ArrayIsArray(value)) fail(path, 'expected an object');
  return value as Record<string, unknown>;
}

function list(value: unknown, path: string): readonly unknown[] {
  if (!ArrayIsArray(value)) fail(path, 'expected an array');
  return value;
}

function own(o: Record<string, unknown>, key: string): unknown {
  return ObjectHasOwn(o, key) ? o[key] : undefined;
}

function onlyKeys(o: Record<string, unknown>, allowed: readonly string[], path: string): void {
  const keys = ObjectKeys(o);
  for (let i = 0; i < keys.length; i++) {
    if (!ArrayPrototypeIncludes(allowed, keys[i]!)) {
      fail(`${path}.${keys[i]}`, `unknown field (known: ${ArrayPrototypeJoin(allowed, ', ')})`);
    }
  }
}

function label(value: unknown, path: string): string {
  const s = str(value, path);
  if (!ArrayPrototypeIncludes(semanticLabels, s)) {
    fail(path, `'${s}' is not a semantic label (one of: ${ArrayPrototypeJoin(semanticLabels, ', ')})`);
  }
  return s;
}

function pose(value: unknown, path: string): WorldPose {
  const o = obj(value, path);
  onlyKeys(o, ['position', 'orientation'], path);
  const p = obj(own(o, 'position'), `${path}.position`);
  const position = {
    x: num(own(p, 'x'), `${path}.position.x`),
    y: num(own(p, 'y'), `${path}.position.y`),
    z: num(own(p, 'z'), `${path}.position.z`),
  };
  const rawQ = own(o, 'orientation');
  let orientation: Q = IDENTITY_Q;
  if (rawQ !== undefined) {
    const q = obj(rawQ, `${path}.orientation`);
    const x = num(own(q, 'x'), `${path}.orientation.x`);
    const y = num(own(q, 'y'), `${path}.orientation.y`);
    const z = num(own(q, 'z'), `${path}.orientation.z`);
    const w = num(own(q, 'w'), `${path}.orientation.w`);
    const n = MathSqrt(x * x + y * y + z * z + w * w);
    if (!(n > 1e-6)) fail(`${path}.orientation`, 'a zero quaternion is not a rotation');
    orientation = { x: x / n, y: y / n, z: z / n, w: w / n };
  }
  return freezePose({ position, orientation });
}

function validatePlane(value: unknown, path: string): EnvironmentPlane {
  const o = obj(value, path);
  onlyKeys(o, ['id', 'label', 'orientation', 'pose', 'polygon', 'hitTestable'], path);
  const orientation = own(o, 'orientation');
  if (orientation !== 'horizontal' && orientation !== 'vertical') {
    fail(`${path}.orientation`, "expected 'horizontal' or 'vertical'");
  }
  const raw = list(own(o, 'polygon'), `${path}.polygon`);
  if (raw.length < 3) fail(`${path}.polygon`, `expected at least 3 points, got ${raw.length}`);
  const polygon: { x: number; z: number }[] = [];
  for (let i = 0; i < raw.length; i++) {
    const p = obj(raw[i], `${path}.polygon[${i}]`);
    onlyKeys(p, ['x', 'z'], `${path}.polygon[${i}]`);
    ArrayPrototypePush(
      polygon,
      ObjectFreeze({
        x: num(own(p, 'x'), `${path}.polygon[${i}].x`),
        z: num(own(p, 'z'), `${path}.polygon[${i}].z`),
      }),
    );
  }
  const hitTestable = own(o, 'hitTestable');
  if (hitTestable !== undefined && typeof hitTestable !== 'boolean')
    fail(`${path}.hitTestable`, 'expected true or false');
  const plane: EnvironmentPlane = {
    id: str(own(o, 'id'), `${path}.id`),
    label: label(own(o, 'label'), `${path}.label`),
    orientation: orientation as EnvironmentPlane['orientation'],
    pose: pose(own(o, 'pose'), `${path}.pose`),
    polygon: ObjectFreeze(polygon),
  };
  return ObjectFreeze(hitTestable === false ? { ...plane, hitTestable } : plane);
}

function validateMesh(value: unknown, path: string): EnvironmentMesh {
  const o = obj(value, path);
  onlyKeys(o, ['id', 'label', 'pose', 'vertices', 'indices', 'hitType'], path);
  const rawV = list(own(o, 'vertices'), `${path}.vertices`);
  if (rawV.length % 3 !== 0 || rawV.length < 9) {
    fail(`${path}.vertices`, `expected x, y, z triples (at least 3 vertices), got ${rawV.length} numbers`);
  }
  if (rawV.length / 3 > MAX_MESH_VERTICES)
    fail(`${path}.vertices`, `more than ${MAX_MESH_VERTICES} vertices`);
  const vertices: number[] = [];
  for (let i = 0; i < rawV.length; i++) ArrayPrototypePush(vertices, num(rawV[i], `${path}.vertices[${i}]`));
  const rawI = list(own(o, 'indices'), `${path}.indices`);
  if (rawI.length % 3 !== 0 || rawI.length === 0) {
    fail(`${path}.indices`, `expected triangles (a multiple of 3 indices), got ${rawI.length}`);
  }
  const indices: number[] = [];
  const count = rawV.length / 3;
  for (let i = 0; i < rawI.length; i++) {
    const n = rawI[i];
    if (typeof n !== 'number' || !NumberIsInteger(n) || n < 0 || n >= count) {
      fail(`${path}.indices[${i}]`, `expected an integer index of a vertex (0 to ${count - 1})`);
    }
    ArrayPrototypePush(indices, n);
  }
  const hitType = own(o, 'hitType');
  if (hitType !== undefined && hitType !== 'point' && hitType !== 'plane' && hitType !== 'mesh') {
    fail(`${path}.hitType`, "expected 'point', 'plane' or 'mesh'");
  }
  const base = {
    id: str(own(o, 'id'), `${path}.id`),
    label: label(own(o, 'label'), `${path}.label`),
    pose:
      own(o, 'pose') === undefined
        ? freezePose({ position: v(0, 0, 0), orientation: IDENTITY_Q })
        : pose(own(o, 'pose'), `${path}.pose`),
    vertices: ObjectFreeze(vertices),
    indices: ObjectFreeze(indices),
  };
  return ObjectFreeze(hitType === undefined ? base : { ...base, hitType: hitType as WorldEntityType });
}

function validateEnvironment(value: unknown, path: string): Environment {
  const o = obj(value, path);
  onlyKeys(o, ['name', 'label', 'planes', 'meshes'], path);
  const name = str(own(o, 'name'), `${path}.name`);
  const rawLabel = own(o, 'label');
  const planes: EnvironmentPlane[] = [];
  const meshes: EnvironmentMesh[] = [];
  const ids = new SafeSet<string>();
  const rawPlanes = own(o, 'planes') === undefined ? [] : list(own(o, 'planes'), `${path}.planes`);
  for (let i = 0; i < rawPlanes.length; i++) {
    const p = validatePlane(rawPlanes[i], `${path}.planes[${i}]`);
    if (ids.has(p.id)) fail(`${path}.planes[${i}].id`, `'${p.id}' is used twice`);
    ids.add(p.id);
    ArrayPrototypePush(planes, p);
  }
  const rawMeshes = own(o, 'meshes') === undefined ? [] : list(own(o, 'meshes'), `${path}.meshes`);
  for (let i = 0; i < rawMeshes.length; i++) {
    const m = validateMesh(rawMeshes[i], `${path}.meshes[${i}]`);
    if (ids.has(m.id)) fail(`${path}.meshes[${i}].id`, `'${m.id}' is used twice`);
    ids.add(m.id);
    ArrayPrototypePush(meshes, m);
  }
  return ObjectFreeze({
    name,
    label: rawLabel === undefined ? name : str(rawLabel, `${path}.label`),
    planes: ObjectFreeze(planes),
    meshes: ObjectFreeze(meshes),
  });
}

/**
 * An environment from its JSON text (or the parsed value): validated, every error a TypeError
 * naming the field (`environment.planes[2].polygon: expected at least 3 points …`).
 */
export function loadEnvironment(json: string | unknown): Environment {
  let value: unknown = json;
  if (typeof json === 'string') {
    try {
      value = JSONParse(json);
    } catch (e) {
      throw new TypeError(`environment: not JSON (${(e as Error).message})`);
    }
  }
  return validateEnvironment(value, 'environment');
}

/**
 * A room for a device whose floor is at `floorY` in base space (the room's floor is its y = 0):
 * the built-in `name`, or a description, placed under the device's floor.
 */
export function environmentForDevice(env: Environment, floorY: number): Environment {
  return placeEnvironment(env, freezePose({ position: v(0, floorY, 0), orientation: IDENTITY_Q }));
}
