// Data adjustments (spec #data-adjustments-header, REQUIREMENTS.md §12 R-ADJ and §11 R-SPACE):
// floor rounding, bounds quantization and limiting, pose limiting, view anonymization, throttling,
// position quantization and viewport-scale quantization.
// Pure: no DOM, no clock, no randomness, no globals. Every number is an argument; the defaults are
// the spec's suggested values (UAProfile carries the per-profile ones).
//
// Grid arithmetic (R-SPACE-27): a step s is turned into an integer divisor k = round(1 / s) and values
// are rounded as Math.round(v * k) / k. Multiplying by the step instead (Math.round(v / s) * s) turns
// 1.65 into 1.6500000000000001, which fails exact comparisons. Every grid value is therefore i / k for
// an integer i, and rounding it again returns it unchanged (idempotent).
//
// Coordinates: bounds are points { x, z } in the XZ plane of a bounded space's native origin. The
// "clockwise seen from above" order the spec requires (#xrboundedreferencespace-interface) is, in
// xrgate's convention, a positive sum over the edges of (x_i * z_{i+1} - x_{i+1} * z_i); the WPT
// fixture [(3,-2), (3.5,0), (3,2), (-3,2), (-3.5,0), (-3,-2)] has sum 52 > 0.

import {
  ArrayFrom,
  ArrayIsArray,
  ArrayPrototypeConcat,
  ArrayPrototypeEvery,
  ArrayPrototypeFind,
  ArrayPrototypeFindIndex,
  ArrayPrototypeFlatMap,
  ArrayPrototypeIncludes,
  ArrayPrototypeJoin,
  ArrayPrototypeMap,
  ArrayPrototypePop,
  ArrayPrototypePush,
  ArrayPrototypeReduce,
  ArrayPrototypeReverse,
  ArrayPrototypeSlice,
  ArrayPrototypeSome,
  ArrayPrototypeSort,
  ArrayPrototypeSplice,
  MathAbs,
  MathCeil,
  MathCos,
  MathFloor,
  MathHypot,
  MathMax,
  MathMin,
  MathPI,
  MathRound,
  MathSign,
  MathSin,
  MathSqrt,
  NumberIsFinite,
  NumberIsSafeInteger,
  NumberNEGATIVE_INFINITY,
  NumberPOSITIVE_INFINITY,
  ObjectHasOwn,
  SafeMap,
  String,
  TypeError,
  Uint32Array,
} from '../primordials.js';
import { readMember, readOption } from './input.js';

/** A point in the horizontal (XZ) plane, in metres. */
export interface PointXZ {
  readonly x: number;
  readonly z: number;
}

/** A 3D position or offset, in metres. */
export interface Vec3 {
  readonly x: number;
  readonly y: number;
  readonly z: number;
}

interface P {
  x: number;
  z: number;
}

/**
 * Tolerance (metres) of every on-boundary test: a point within 1e-12 m of an edge counts as on it.
 * It absorbs float noise (a midpoint of an edge is ~1e-15 m off it at room scale) and nothing more,
 * so an accepted point or edge is never measurably outside the platform's polygon.
 */
const EPS = 1e-12;
/** Polygons whose doubled area is not above this are degenerate (m²). */
const AREA_EPS = 1e-12;
/** The finest grid accepted: 1 µm. */
const MAX_GRID_DIVISOR = 1_000_000;
/** Sides of the regular polygon, inscribed in the limit circle, that bounds are clipped to. */
const CLIP_SIDES = 64;
/** How many grid steps around a vertex are searched for a replacement point. */
const SEARCH_RINGS = 3;
/** How many previously placed vertices may be re-placed or dropped to reach a new one. */
const BACKTRACK_DEPTH = 2;
/** How many alternative grid points per vertex the backtracking search tries. */
const BACKTRACK_WIDTH = 6;
/** How many points along the inward bisector the backtracking search also tries per vertex. */
const BACKTRACK_PROBES = 3;
/** Edge tests allowed per backtracking search (bounds the work on pathological input). */
const BACKTRACK_BUDGET = 400;
/** How many earlier vertices may be dropped when the chain is stuck. */
const MAX_POPS = 8;
/** How many points may be dropped from the start of the chain to close the loop. */
const MAX_FRONT_DROP = 3;
/** Bounds coordinates beyond ±1000 km are garbage, not a room: refused, which also keeps every
 * product of two coordinates far from overflow. */
const MAX_BOUNDS_COORD = 1e6;
/** Hard cap on any polygon read by the strict readers (distance / pose limiting). */
const MAX_STRICT_POINTS = 1 << 20;

// ---------------------------------------------------------------------------------------------
// Grid rounding

function isFiniteNumber(v: unknown): v is number {
  return typeof v === 'number' && NumberIsFinite(v);
}

/**
 * The integer divisor k of a step: the grid is the multiples of 1 / k, k = round(1 / step), so a step
 * that is not 1 / k for an integer k (e.g. 0.03) uses the nearest such grid (1 / 33). Throws
 * TypeError on a step outside (0, 1] or finer than 1 µm.
 */
function gridDivisor(step: unknown, what: string): number {
  if (!isFiniteNumber(step) || step <= 0 || step > 1) {
    throw new TypeError(`${what} must be a finite number in (0, 1] metres (got ${String(step)})`);
  }
  const k = MathRound(1 / step);
  if (k > MAX_GRID_DIVISOR) {
    throw new TypeError(`${what} must be at least ${1 / MAX_GRID_DIVISOR} metres (got ${step})`);
  }
  return k;
}

/** Rounds v to the nearest multiple of 1 / k, by dividing by the integer k; never returns -0. */
function snap(v: number, k: number): number {
  // Beyond 2^52 every double is an integer, hence already on the grid.
  if (MathAbs(v) * k >= 2 ** 52) return v;
  return 0 + MathRound(v * k) / k;
}

/**
 * Rounds v to the nearest multiple of `step`: on the 1 / k grid (snap) for steps up to 1, else to
 * Math.round(v / step) * step. Never -0; a value too large for the grid is returned as it is.
 * For the profile's mitigation steps (light estimates, hand joints).
 */
export function snapToStep(v: number, step: number): number {
  if (step <= 1) return snap(v, gridDivisor(step, 'step'));
  const q = MathRound(v / step) * step;
  return NumberIsFinite(q) ? 0 + q : v;
}

/**
 * Rounds a floor height (the `y` of a floor-derived native origin) to the nearest `step` (1 cm by
 * default), computed as Math.round(y * k) / k with k = round(1 / step). Idempotent.
 * Throws TypeError for a non-finite height or a step outside (0, 1].
 */
// spec: #xrreferencespace-interface (local-floor note, L1390-1392); R-SPACE-13, R-SPACE-22, R-SPACE-30, AMB-12
export function roundFloorHeight(y: number, step = 0.01): number {
  const k = gridDivisor(step, 'floor rounding step');
  if (!isFiniteNumber(y)) throw new TypeError(`floor height must be a finite number (got ${String(y)})`);
  return snap(y, k);
}

/** A unit quaternion. */
export interface QuatLike {
  readonly x: number;
  readonly y: number;
  readonly z: number;
  readonly w: number;
}

/** A rigid transform as plain data (e.g. a Test API floor origin, or an XRRigidTransform). */
export interface RigidTransformLike {
  readonly position: Vec3;
  readonly orientation: QuatLike;
}

/**
 * Rounds only the `y` of a floor origin's position (R-SPACE-30 item 2): X/Z and orientation pass
 * through unchanged. Reads each property once (getters work) and returns a new plain object.
 * Throws TypeError on a missing or non-finite component.
 */
// spec: #xrreferencespace-interface; R-SPACE-30, AMB-12
export function roundFloorOrigin(origin: RigidTransformLike, step = 0.01): RigidTransformLike {
  let position: Vec3;
  let orientation: QuatLike;
  try {
    if (origin === null || typeof origin !== 'object') throw new TypeError();
    position = readVec3(readMember(origin, 'position'), 'position');
    const q = readMember(origin, 'orientation');
    if (q === null || typeof q !== 'object') throw new TypeError();
    const w = readMember(q, 'w');
    const xyz = readVec3(q, 'orientation');
    if (!isFiniteNumber(w)) throw new TypeError();
    orientation = { x: xyz.x, y: xyz.y, z: xyz.z, w };
  } catch {
    throw new TypeError(
      'roundFloorOrigin needs { position: { x, y, z }, orientation: { x, y, z, w } } (finite)',
    );
  }
  return { position: { x: position.x, y: roundFloorHeight(position.y, step), z: position.z }, orientation };
}

/**
 * Quantizes every coordinate of a position to the nearest `step` (integer-division rounding).
 * A null step (the profile's "disabled") returns an unchanged copy.
 */
// spec: #rounding-and-friends; R-ADJ-04, R-ADJ-07
export function quantizePosition(p: Vec3, step: number | null): Vec3 {
  if (p === null || typeof p !== 'object') throw new TypeError('quantizePosition needs { x, y, z }');
  const x = readMember(p, 'x');
  const y = readMember(p, 'y');
  const z = readMember(p, 'z');
  if (!isFiniteNumber(x) || !isFiniteNumber(y) || !isFiniteNumber(z)) {
    throw new TypeError('quantizePosition needs finite x, y and z');
  }
  if (step === null) return { x, y, z };
  const k = gridDivisor(step, 'position quantization step');
  return { x: snap(x, k), y: snap(y, k), z: snap(z, k) };
}

// ---------------------------------------------------------------------------------------------
// Planar geometry helpers (XZ plane)

/** Twice the signed area; positive for xrgate's "clockwise seen from above". */
function signedArea2(poly: readonly P[]): number {
  let s = 0;
  const n = poly.length;
  for (let i = 0; i < n; i++) {
    const a = poly[i]!;
    const b = poly[(i + 1) % n]!;
    s += a.x * b.z - b.x * a.z;
  }
  return s;
}

/** > 0 when c is on the positive-area side of a→b. */
function orient(a: P, b: P, c: P): number {
  return (b.x - a.x) * (c.z - a.z) - (b.z - a.z) * (c.x - a.x);
}

function pointSegmentDist2(p: P, a: P, b: P): number {
  const dx = b.x - a.x;
  const dz = b.z - a.z;
  const len2 = dx * dx + dz * dz;
  let t = len2 === 0 ? 0 : ((p.x - a.x) * dx + (p.z - a.z) * dz) / len2;
  if (t < 0) t = 0;
  else if (t > 1) t = 1;
  const ex = a.x + t * dx - p.x;
  const ez = a.z + t * dz - p.z;
  return ex * ex + ez * ez;
}

/**
 * A polygon with its edges bucketed into horizontal strips, so that the point and segment tests below
 * only visit the edges near the z they ask about (O(n / strips) instead of O(n) per test). Every edge
 * is listed in each strip that its z-range, widened by EPS, overlaps.
 */
class Region {
  readonly poly: readonly P[];
  readonly #z0: number;
  readonly #scale: number;
  readonly #strips: number[][];
  readonly #zMin: number;
  readonly #zMax: number;
  readonly #stamp: Uint32Array;
  #query = 0;

  constructor(poly: readonly P[]) {
    this.poly = poly;
    const n = poly.length;
    let zMin = NumberPOSITIVE_INFINITY;
    let zMax = NumberNEGATIVE_INFINITY;
    for (let i = 0; i < n; i++) {
      const p = poly[i]!;
      zMin = MathMin(zMin, p.z);
      zMax = MathMax(zMax, p.z);
    }
    this.#zMin = zMin - EPS;
    this.#zMax = zMax + EPS;
    const count = MathMax(1, MathMin(256, MathCeil(2 * MathSqrt(n))));
    this.#z0 = this.#zMin;
    this.#scale = count / (this.#zMax - this.#zMin);
    this.#strips = ArrayFrom({ length: count }, () => []);
    this.#stamp = new Uint32Array(n);
    for (let i = 0; i < n; i++) {
      const a = poly[i]!;
      const b = poly[(i + 1) % n]!;
      const hi = this.#strip(MathMax(a.z, b.z) + EPS);
      for (let s = this.#strip(MathMin(a.z, b.z) - EPS); s <= hi; s++)
        ArrayPrototypePush(this.#strips[s]!, i);
    }
  }

  #strip(z: number): number {
    const s = MathFloor((z - this.#z0) * this.#scale);
    return !(s > 0) ? 0 : s >= this.#strips.length ? this.#strips.length - 1 : s;
  }

  /** The start indices of the edges whose z-range (widened by EPS) may meet [zLo, zHi], each once. */
  edgesBetween(zLo: number, zHi: number): number[] {
    const lo = this.#strip(zLo);
    const hi = this.#strip(zHi);
    if (lo === hi) return this.#strips[lo]!;
    this.#query = (this.#query + 1) >>> 0 || 1;
    const out: number[] = [];
    for (let s = lo; s <= hi; s++) {
      const strip = this.#strips[s]!;
      for (let k = 0; k < strip.length; k++) {
        const i = strip[k]!;
        if (this.#stamp[i] !== this.#query) {
          this.#stamp[i] = this.#query;
          ArrayPrototypePush(out, i);
        }
      }
    }
    return out;
  }

  /** Inside the polygon or within EPS of its boundary (even-odd parity plus boundary test). */
  insideOrOn(p: P): boolean {
    if (p.z < this.#zMin || p.z > this.#zMax) return false;
    const poly = this.poly;
    const n = poly.length;
    const e2 = EPS * EPS;
    let inside = false;
    // Every edge crossing the line z = p.z, and every edge within EPS of p, is in p's strip.
    const strip = this.#strips[this.#strip(p.z)]!;
    for (let k = 0; k < strip.length; k++) {
      const i = strip[k]!;
      const a = poly[i]!;
      const b = poly[(i + 1) % n]!;
      if (
        p.x >= MathMin(a.x, b.x) - EPS &&
        p.x <= MathMax(a.x, b.x) + EPS &&
        p.z >= MathMin(a.z, b.z) - EPS &&
        p.z <= MathMax(a.z, b.z) + EPS &&
        pointSegmentDist2(p, a, b) <= e2
      ) {
        return true;
      }
      if (a.z > p.z !== b.z > p.z) {
        const xi = a.x + ((p.z - a.z) * (b.x - a.x)) / (b.z - a.z);
        if (p.x < xi) inside = !inside;
      }
    }
    return inside;
  }

  /**
   * Whether the whole segment a→b lies inside-or-on the polygon. The segment is split wherever it
   * touches or crosses the boundary (crossings with edges, polygon vertices within EPS of its line);
   * between two consecutive split points it cannot change sides, so testing each piece's midpoint
   * (boundary-tolerant) decides. Extra split points are harmless, so the tests are generous.
   * Precondition: a and b are inside-or-on (the callers have checked them).
   */
  segmentInside(a: P, b: P): boolean {
    const dx = b.x - a.x;
    const dz = b.z - a.z;
    const len2 = dx * dx + dz * dz;
    if (len2 === 0) return true;
    const len = MathSqrt(len2);
    const ts: number[] = [0, 1];
    const poly = this.poly;
    const n = poly.length;
    const edges = this.edgesBetween(MathMin(a.z, b.z) - EPS, MathMax(a.z, b.z) + EPS);
    for (let k = 0; k < edges.length; k++) {
      const i = edges[k]!;
      const p = poly[i]!;
      const q = poly[(i + 1) % n]!;
      const d1 = orient(a, b, p);
      if (MathAbs(d1) <= EPS * len) {
        const t = ((p.x - a.x) * dx + (p.z - a.z) * dz) / len2;
        if (t > 0 && t < 1) ArrayPrototypePush(ts, t);
      }
      const d2 = orient(a, b, q);
      if ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) {
        const s = d1 / (d1 - d2);
        const cx = p.x + s * (q.x - p.x);
        const cz = p.z + s * (q.z - p.z);
        const t = ((cx - a.x) * dx + (cz - a.z) * dz) / len2;
        if (t > 0 && t < 1) ArrayPrototypePush(ts, t);
      }
    }
    ArrayPrototypeSort(ts, (u, v) => u - v);
    for (let i = 1; i < ts.length; i++) {
      const t0 = ts[i - 1]!;
      const t1 = ts[i]!;
      if ((t1 - t0) * len <= 1e-12) continue;
      const tm = (t0 + t1) / 2;
      if (!this.insideOrOn({ x: a.x + tm * dx, z: a.z + tm * dz })) return false;
    }
    return true;
  }
}

/** Whether two segments share any point (within EPS). */
function segmentsTouch(a: P, b: P, c: P, d: P): boolean {
  if (
    MathMax(a.x, b.x) + EPS < MathMin(c.x, d.x) ||
    MathMax(c.x, d.x) + EPS < MathMin(a.x, b.x) ||
    MathMax(a.z, b.z) + EPS < MathMin(c.z, d.z) ||
    MathMax(c.z, d.z) + EPS < MathMin(a.z, b.z)
  ) {
    return false;
  }
  const e2 = EPS * EPS;
  if (
    pointSegmentDist2(a, c, d) <= e2 ||
    pointSegmentDist2(b, c, d) <= e2 ||
    pointSegmentDist2(c, a, b) <= e2 ||
    pointSegmentDist2(d, a, b) <= e2
  ) {
    return true;
  }
  const d1 = orient(a, b, c);
  const d2 = orient(a, b, d);
  const d3 = orient(c, d, a);
  const d4 = orient(c, d, b);
  return ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0));
}

/**
 * A simple polygon: no two non-adjacent edges share a point, and no two adjacent edges overlap
 * (no zero-width spikes). O(n²) with a bounding-box pre-test; n is capped by the callers.
 */
function isSimple(poly: readonly P[]): boolean {
  const n = poly.length;
  if (n < 3) return false;
  const e2 = EPS * EPS;
  for (let i = 0; i < n; i++) {
    const a = poly[i]!;
    const b = poly[(i + 1) % n]!;
    const c = poly[(i + 2) % n]!;
    // Adjacent edges a→b and b→c overlap when one's far end lies on the other.
    if (pointSegmentDist2(c, a, b) <= e2 || pointSegmentDist2(a, b, c) <= e2) return false;
  }
  for (let i = 0; i < n; i++) {
    const a = poly[i]!;
    const b = poly[(i + 1) % n]!;
    for (let j = i + 2; j < n; j++) {
      if (i === 0 && j === n - 1) continue;
      if (segmentsTouch(a, b, poly[j]!, poly[(j + 1) % n]!)) return false;
    }
  }
  return true;
}

/** Drops consecutive points closer than EPS to the previous kept point (closing pair included). */
function dedupeConsecutive(poly: readonly P[]): P[] {
  const out: P[] = [];
  for (let i = 0; i < poly.length; i++) {
    const p = poly[i]!;
    const last = out.length > 0 ? out[out.length - 1] : undefined;
    if (last === undefined || (p.x - last.x) ** 2 + (p.z - last.z) ** 2 > EPS * EPS)
      ArrayPrototypePush(out, p);
  }
  while (out.length > 1) {
    const first = out[0]!;
    const last = out[out.length - 1]!;
    if ((first.x - last.x) ** 2 + (first.z - last.z) ** 2 > EPS * EPS) break;
    ArrayPrototypePop(out);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Clipping a simple polygon to the limit region

interface Chain {
  readonly pts: P[];
}

/**
 * Splits a simple polygon by the half-plane n·p <= c into the pieces that lie in it. Unlike plain
 * Sutherland–Hodgman, a concave polygon that crosses the line several times gives separate pieces
 * instead of one ring joined by zero-width bridges (which could run outside the polygon): each run of
 * kept vertices is a chain from an entry point to an exit point on the line, and the boundary goes on
 * along the line from an exit to the nearest entry in the direction that keeps the interior on the
 * same side. Orientation (sign sigma) is preserved. On inconsistent input (e.g. near-degenerate float
 * cases) it falls back to the Sutherland–Hodgman ring; the callers never rely on the clip for safety.
 */
function splitByHalfPlane(poly: readonly P[], nx: number, nz: number, c: number, sigma: number): P[][] {
  const n = poly.length;
  const f = ArrayPrototypeMap(poly, (p) => p.x * nx + p.z * nz - c);
  const firstOut = ArrayPrototypeFindIndex(f, (v) => v > 0);
  if (firstOut < 0) return [ArrayPrototypeSlice(poly)];
  if (ArrayPrototypeEvery(f, (v) => v > 0)) return [];
  const lerp = (a: P, b: P, fa: number, fb: number): P => {
    const t = fa / (fa - fb);
    return { x: a.x + t * (b.x - a.x), z: a.z + t * (b.z - a.z) };
  };
  const chains: Chain[] = [];
  let current: P[] = [];
  for (let step = 1; step <= n; step++) {
    const i = (firstOut + step) % n;
    const h = (i - 1 + n) % n;
    const a = poly[h]!;
    const b = poly[i]!;
    const fa = f[h]!;
    const fb = f[i]!;
    if (fb <= 0) {
      if (fa > 0) current = fb === 0 ? [b] : [lerp(a, b, fa, fb), b];
      else ArrayPrototypePush(current, b);
    } else if (fa <= 0) {
      if (fa !== 0) ArrayPrototypePush(current, lerp(a, b, fa, fb));
      ArrayPrototypePush(chains, { pts: current });
      current = [];
    }
  }
  // Position along the line, oriented so that the boundary runs towards increasing values.
  const dx = -nz * sigma;
  const dz = nx * sigma;
  const along = (p: P): number => p.x * dx + p.z * dz;
  const entries = ArrayPrototypeMap(chains, (ch) => along(ch.pts[0]!));
  const used = ArrayPrototypeMap(chains, () => false);
  const pieces: P[][] = [];
  const fallback = (): P[][] => [ArrayPrototypeFlatMap(chains, (ch) => ch.pts)];
  for (let start = 0; start < chains.length; start++) {
    if (used[start]) continue;
    const loop: P[] = [];
    let k = start;
    for (;;) {
      used[k] = true;
      const chain = chains[k]!;
      for (let q = 0; q < chain.pts.length; q++) ArrayPrototypePush(loop, chain.pts[q]!);
      const sx = along(chain.pts[chain.pts.length - 1]!);
      let next = -1;
      let best = NumberPOSITIVE_INFINITY;
      for (let m = 0; m < chains.length; m++) {
        const delta = entries[m]! - sx;
        if (delta >= 0 && (delta < best || (delta === best && m === k))) {
          best = delta;
          next = m;
        }
      }
      if (next === start) break;
      if (next < 0 || used[next]) return fallback();
      k = next;
    }
    const piece = dedupeConsecutive(loop);
    if (piece.length >= 3 && MathAbs(signedArea2(piece)) > AREA_EPS) ArrayPrototypePush(pieces, piece);
  }
  return pieces;
}

/**
 * Clips a simple polygon to the regular CLIP_SIDES-gon inscribed in the circle of radius `limit`
 * around the origin and picks one piece: the one containing the origin, else the largest.
 */
function clipToLimit(poly: readonly P[], limit: number, sigma: number): P[] | null {
  let pieces: P[][] = [ArrayPrototypeSlice(poly)];
  const apothem = limit * MathCos(MathPI / CLIP_SIDES);
  for (let s = 0; s < CLIP_SIDES && pieces.length > 0; s++) {
    const angle = ((2 * s + 1) * MathPI) / CLIP_SIDES;
    const nx = MathCos(angle);
    const nz = MathSin(angle);
    pieces = ArrayPrototypeFlatMap(pieces, (piece) => splitByHalfPlane(piece, nx, nz, apothem, sigma));
  }
  const origin = { x: 0, z: 0 };
  const withOrigin = ArrayPrototypeFind(pieces, (piece) => new Region(piece).insideOrOn(origin));
  if (withOrigin) return withOrigin;
  let best: P[] | null = null;
  let bestArea = 0;
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i]!;
    const area = MathAbs(signedArea2(piece));
    if (area > bestArea) {
      bestArea = area;
      best = piece;
    }
  }
  return best;
}

// ---------------------------------------------------------------------------------------------
// Bounds geometry

export interface BoundsAdjustOptions {
  /** Quantization step in metres, as a fraction 1/k (default 0.05: the 5 cm grid, k = 20). R-SPACE-18. */
  readonly step?: number;
  /** Radial limit in metres from the native origin (default 15). R-SPACE-17. */
  readonly limit?: number;
  /** Inputs with more points are refused (reported as []). Default 1024 (profile.maxListLength). */
  readonly maxPoints?: number;
}

function readBoundsOptions(options: unknown): { k: number; limit: number; maxPoints: number } {
  if (options === undefined) return { k: 20, limit: 15, maxPoints: 1024 };
  if (options === null || typeof options !== 'object') {
    throw new TypeError('adjustBoundsGeometry options must be an object');
  }
  let step: unknown;
  let limit: unknown;
  let maxPoints: unknown;
  try {
    // Optional fields: a polluted Object.prototype supplies none of them (readMember).
    step = readMember(options, 'step') ?? 0.05;
    limit = readMember(options, 'limit') ?? 15;
    maxPoints = readMember(options, 'maxPoints') ?? 1024;
  } catch {
    throw new TypeError('adjustBoundsGeometry options could not be read');
  }
  const k = gridDivisor(step, 'bounds quantization step');
  if (!isFiniteNumber(limit) || limit <= 0) {
    throw new TypeError(`bounds limit must be a finite number > 0 (got ${String(limit)})`);
  }
  if (
    typeof maxPoints !== 'number' ||
    !NumberIsSafeInteger(maxPoints) ||
    maxPoints < 3 ||
    maxPoints > MAX_STRICT_POINTS
  ) {
    throw new TypeError(
      `maxPoints must be an integer in [3, ${MAX_STRICT_POINTS}] (got ${String(maxPoints)})`,
    );
  }
  return { k, limit, maxPoints };
}

/**
 * Reads an array of { x, z } into plain points, once per property. Anything unusable (not an array,
 * too long, holes, non-objects, non-finite numbers or beyond ±maxAbs, getters or proxies that
 * throw) gives null.
 */
function readPointsLenient(points: unknown, maxPoints: number, maxAbs = NumberPOSITIVE_INFINITY): P[] | null {
  try {
    if (!ArrayIsArray(points)) return null;
    const n: unknown = points.length;
    if (typeof n !== 'number' || !NumberIsSafeInteger(n) || n < 0 || n > maxPoints) return null;
    const out: P[] = [];
    for (let i = 0; i < n; i++) {
      // A hole is unusable: Array.prototype (polluted) must not supply a point.
      const p: unknown = ObjectHasOwn(points, i) ? points[i] : undefined;
      if (p === null || typeof p !== 'object') return null;
      // Own or class-prototype fields (DOMPointReadOnly), never a polluted Object.prototype.
      const x: unknown = readMember(p, 'x');
      const z: unknown = readMember(p, 'z');
      if (!isFiniteNumber(x) || !isFiniteNumber(z) || MathAbs(x) > maxAbs || MathAbs(z) > maxAbs) return null;
      ArrayPrototypePush(out, { x, z });
    }
    return out;
  } catch {
    return null;
  }
}

/** Grid candidates around t, nearest first (ties: smaller i, then smaller j). */
function candidatesAround(t: P, k: number): { i: number; j: number; d2: number }[] {
  const gx = t.x * k;
  const gz = t.z * k;
  const out: { i: number; j: number; d2: number }[] = [];
  for (let i = MathFloor(gx) - SEARCH_RINGS; i <= MathCeil(gx) + SEARCH_RINGS; i++) {
    for (let j = MathFloor(gz) - SEARCH_RINGS; j <= MathCeil(gz) + SEARCH_RINGS; j++) {
      const ex = i / k - t.x;
      const ez = j / k - t.z;
      ArrayPrototypePush(out, { i, j, d2: ex * ex + ez * ez });
    }
  }
  ArrayPrototypeSort(out, (u, v) => u.d2 - v.d2 || u.i - v.i || u.j - v.j);
  return out;
}

/**
 * Grid points along the inward bisector of target vertex t, for vertices with no inside grid point
 * nearby: at distances growing by √2 from 1 to 32 steps, the 4×4 block of grid points around each
 * probe, nearest to the probe first. Duplicates are left in (they fail or pass the same way).
 */
function probeCandidates(
  targets: readonly P[],
  t: number,
  sigma: number,
  k: number,
): { i: number; j: number }[] {
  const n = targets.length;
  const v = targets[t]!;
  const u = targets[(t - 1 + n) % n]!;
  const w = targets[(t + 1) % n]!;
  const lu = MathHypot(u.x - v.x, u.z - v.z);
  const lw = MathHypot(w.x - v.x, w.z - v.z);
  if (lu === 0 || lw === 0) return [];
  let bx = (u.x - v.x) / lu + (w.x - v.x) / lw;
  let bz = (u.z - v.z) / lu + (w.z - v.z) / lw;
  const turn = orient(u, v, w) * sigma;
  let len = MathHypot(bx, bz);
  if (len < 1e-9) {
    // Straight angle: the inward normal of u→w.
    bx = -(w.z - u.z) * sigma;
    bz = (w.x - u.x) * sigma;
    len = MathHypot(bx, bz);
  } else if (turn < 0) {
    // Reflex corner: the interior bisector points the other way.
    bx = -bx;
    bz = -bz;
  }
  if (!(len > 0)) return [];
  const out: { i: number; j: number }[] = [];
  for (let e = 0; e <= 10; e++) {
    const d = 2 ** (e / 2) / k;
    const cx = v.x + (bx / len) * d;
    const cz = v.z + (bz / len) * d;
    const block: { i: number; j: number; d2: number }[] = [];
    for (let i = MathFloor(cx * k) - 1; i <= MathFloor(cx * k) + 2; i++) {
      for (let j = MathFloor(cz * k) - 1; j <= MathFloor(cz * k) + 2; j++) {
        ArrayPrototypePush(block, { i, j, d2: (i / k - cx) ** 2 + (j / k - cz) ** 2 });
      }
    }
    ArrayPrototypeSort(block, (a, b) => a.d2 - b.d2 || a.i - b.i || a.j - b.j);
    for (let q = 0; q < block.length; q++) {
      const { i, j } = block[q]!;
      ArrayPrototypePush(out, { i, j });
    }
  }
  return out;
}

const DROP = null;

/** Inside grid candidates of each target (index 0 first), computed lazily. */
interface Candidates {
  /** Nearest first (candidatesAround); when none is inside, the bisector probes instead. */
  readonly near: (target: number, index: number) => P | undefined;
  /** Along the inward bisector (probeCandidates), e.g. into the region a reflex corner sees. */
  readonly probe: (target: number, index: number) => P | undefined;
}

/**
 * The inside grid candidates of each target, computed lazily and shared by every attempt (each
 * test costs a polygon scan). When none is near a vertex (a sharp corner or a narrow spike), the
 * candidates along the inward bisector are used instead.
 */
function candidateSource(
  targets: readonly P[],
  sigma: number,
  region: Region,
  k: number,
  within: (x: number, z: number) => boolean,
): Candidates {
  interface List {
    all: { i: number; j: number }[];
    valid: P[];
    scanned: number;
  }
  const scan = (list: List, index: number): P | undefined => {
    while (list.valid.length <= index && list.scanned < list.all.length) {
      const { i, j } = list.all[list.scanned++]!;
      const cand = { x: 0 + i / k, z: 0 + j / k };
      if (within(cand.x, cand.z) && region.insideOrOn(cand)) ArrayPrototypePush(list.valid, cand);
    }
    return list.valid[index];
  };
  const nearLists = new SafeMap<number, List>();
  const probeLists = new SafeMap<number, List>();
  const probe = (target: number, index: number): P | undefined => {
    let list = probeLists.get(target);
    if (list === undefined) {
      list = { all: probeCandidates(targets, target, sigma, k), valid: [], scanned: 0 };
      probeLists.set(target, list);
    }
    return scan(list, index);
  };
  const near = (target: number, index: number): P | undefined => {
    let list = nearLists.get(target);
    if (list === undefined) {
      list = { all: candidatesAround(targets[target]!, k), valid: [], scanned: 0 };
      nearLists.set(target, list);
    }
    const found = scan(list, index);
    if (found !== undefined || list.valid.length > 0) return found;
    // Nothing inside near the vertex: fall back to the points along its inward bisector.
    return probe(target, index);
  };
  return { near, probe };
}

/**
 * Builds the chain of grid points for the targets, in order. Each target gets the nearest grid point
 * (see candidatesAround) that is within the limit, inside-or-on the polygon, and joined to the
 * previous point by an edge inside the polygon that keeps the chain simple; a candidate equal to the
 * previous point merges the target into it. When a target has inside candidates but none can be
 * joined, a bounded backtracking search re-places or drops the last BACKTRACK_DEPTH vertices (the
 * nearest grid point of a reflex corner, or a point in a narrow pocket, can block every later edge);
 * when that fails too, the target is dropped, and after two such failures in a row up to MAX_POPS
 * earlier vertices are dropped to get the chain unstuck. Finally, if the closing edge back to the
 * first point fails, the same search re-places or drops the last vertices to close the loop.
 * A work cap switches the search off on pathological input.
 */
function buildChain(
  count: number,
  start: number,
  candidates: Candidates,
  region: Region,
): { pts: P[]; owner: number[] } {
  const validAt = candidates.near;
  /** The candidates the backtracking search tries: the nearest few, then a few along the bisector. */
  const searchLists = new SafeMap<number, P[]>();
  const searchList = (target: number): P[] => {
    let list = searchLists.get(target);
    if (list === undefined) {
      const found: P[] = [];
      const add = (c: P | undefined): void => {
        if (c !== undefined && !ArrayPrototypeSome(found, (q) => q.x === c.x && q.z === c.z))
          ArrayPrototypePush(found, c);
      };
      for (let index = 0; index < BACKTRACK_WIDTH; index++) add(candidates.near(target, index));
      for (let index = 0; index < BACKTRACK_PROBES; index++) add(candidates.probe(target, index));
      list = found;
      searchLists.set(target, list);
    }
    return list;
  };
  const pts: P[] = [];
  const owner: number[] = [];
  let failures = 0;
  let searching = false;
  let budget = 0;
  // Total edge tests allowed before the search and the unsticking are switched off (pathological
  // input); a polygon that is already on the grid needs one test per vertex.
  let work = 32 * count + 1024;
  const joins = (m: number, c: P): boolean => {
    if (m === 0) return true;
    work--;
    if (searching) budget--;
    return extendsSimply(pts, m, c) && region.segmentInside(pts[m - 1]!, c);
  };
  /** Places target t after pts[0..m-1] (in a search: from its search list); the new length, or -1. */
  const placeAt = (t: number, m: number, width: number): number => {
    const list = searching ? searchList(t) : null;
    for (let index = 0; index < width; index++) {
      const cand = list === null ? validAt(t, index) : list[index];
      if (cand === undefined) break;
      const prev = pts[m - 1];
      if (prev !== undefined && cand.x === prev.x && cand.z === prev.z) return m;
      if (joins(m, cand)) {
        pts[m] = cand;
        owner[m] = t;
        return m + 1;
      }
      if (searching && budget <= 0) break;
    }
    return -1;
  };
  /**
   * Bounded backtracking: re-places (another inside grid point from the search list) or drops each
   * of the last `depth` vertices, for depth 1..BACKTRACK_DEPTH, keeping at least `keep` vertices,
   * until `finish(p)` accepts the chain pts[0..p-1] (it returns the new length, or -1). Restores
   * the chain and returns -1 when nothing is found within the budget.
   */
  const search = (keep: number, finish: (p: number) => number): number => {
    for (let depth = 1; depth <= MathMin(BACKTRACK_DEPTH, pts.length - keep); depth++) {
      const from = pts.length - depth;
      const oldPts = ArrayPrototypeSlice(pts, from);
      const oldOwner = ArrayPrototypeSlice(owner, from);
      searching = true;
      budget = BACKTRACK_BUDGET;
      const rebuild = (q: number, p: number): number => {
        if (q === depth) return finish(p);
        const target = oldOwner[q]!;
        // Keep it, move it to one of its other inside grid points, or drop it.
        const options: (P | typeof DROP)[] = [oldPts[q]!];
        const alternatives = searchList(target);
        for (let a = 0; a < alternatives.length; a++) {
          const alt = alternatives[a]!;
          if (alt.x !== oldPts[q]!.x || alt.z !== oldPts[q]!.z) ArrayPrototypePush(options, alt);
        }
        ArrayPrototypePush(options, DROP);
        for (let o = 0; o < options.length; o++) {
          const option = options[o]!;
          if (budget <= 0) return -1;
          let next = p;
          if (option !== DROP) {
            const prev = pts[p - 1];
            if (prev === undefined || option.x !== prev.x || option.z !== prev.z) {
              if (!joins(p, option)) continue;
              pts[p] = option;
              owner[p] = target;
              next = p + 1;
            }
          }
          const end = rebuild(q + 1, next);
          if (end >= 0) return end;
        }
        return -1;
      };
      const m = rebuild(0, from);
      searching = false;
      if (m >= 0) return m;
      for (let q = 0; q < depth; q++) {
        pts[from + q] = oldPts[q]!;
        owner[from + q] = oldOwner[q]!;
      }
    }
    return -1;
  };
  for (let step = 0; step < count; step++) {
    const t = (start + step) % count;
    const exhausted = work <= 0;
    let m = placeAt(t, pts.length, exhausted ? BACKTRACK_WIDTH : NumberPOSITIVE_INFINITY);
    if (m < 0 && !exhausted && validAt(t, 0) !== undefined) {
      m = search(0, (p) => placeAt(t, p, NumberPOSITIVE_INFINITY));
    }
    if (m < 0 && !exhausted && validAt(t, 0) !== undefined && ++failures >= 2) {
      // Two reachable-looking vertices in a row could not be joined: the chain is stuck (e.g. in a
      // pocket narrower than the grid). Drop up to MAX_POPS earlier vertices, keeping the first.
      for (let pops = 1; m < 0 && pops <= MAX_POPS && pops < pts.length; pops++) {
        m = placeAt(t, pts.length - pops, NumberPOSITIVE_INFINITY);
      }
    }
    if (m >= 0) {
      failures = 0;
      pts.length = m;
      owner.length = m;
    }
  }
  // The last vertices were placed without knowing the first: if the closing edge fails, search
  // for a way to re-place or drop them that closes the loop (closeChain handles what is left).
  const closesAt = (p: number): number => {
    if (p < 3) return -1;
    const first = pts[0]!;
    const last = pts[p - 1]!;
    if (first.x === last.x && first.z === last.z) return -1;
    work--;
    if (searching) budget--;
    return closesSimply(ArrayPrototypeSlice(pts, 0, p)) && region.segmentInside(last, first) ? p : -1;
  };
  if (pts.length >= 3 && work > 0 && closesAt(pts.length) < 0) {
    const m = search(1, closesAt);
    if (m >= 0) {
      pts.length = m;
      owner.length = m;
    }
  }
  return { pts, owner };
}

/**
 * Closes a chain: drops up to MAX_FRONT_DROP points from the front (e.g. a first point stuck in a
 * narrow spike), else the last point, until the closing edge is inside and keeps the polygon simple.
 * Returns how many points were dropped.
 */
function closeChain(pts: P[], owner: number[], region: Region): number {
  const closes = (from: number): boolean => {
    const first = pts[from]!;
    const last = pts[pts.length - 1]!;
    return (
      (first.x !== last.x || first.z !== last.z) &&
      closesSimply(ArrayPrototypeSlice(pts, from)) &&
      region.segmentInside(last, first)
    );
  };
  let dropped = 0;
  while (pts.length >= 3 && !closes(0)) {
    let front = 0;
    for (let d = 1; d <= MAX_FRONT_DROP && pts.length - d >= 3; d++) {
      if (closes(d)) {
        front = d;
        break;
      }
    }
    if (front > 0) {
      ArrayPrototypeSplice(pts, 0, front);
      ArrayPrototypeSplice(owner, 0, front);
      dropped += front;
    } else {
      ArrayPrototypePop(pts);
      ArrayPrototypePop(owner);
      dropped++;
    }
  }
  return dropped;
}

/**
 * Whether the chain chosen[0..m-1] extended by the edge chosen[m-1]→c stays simple: the new edge
 * does not fold back over the previous one and touches no earlier edge (which also excludes a
 * repeated vertex, and any touch of the first vertex, which the closing edge will use).
 */
function extendsSimply(chain: readonly P[], m: number, c: P): boolean {
  const prev = chain[m - 1]!;
  const e2 = EPS * EPS;
  if (m >= 2) {
    const pp = chain[m - 2]!;
    if (pointSegmentDist2(pp, prev, c) <= e2 || pointSegmentDist2(c, pp, prev) <= e2) return false;
  }
  for (let i = 0; i + 2 < m; i++) {
    if (segmentsTouch(chain[i]!, chain[i + 1]!, prev, c)) return false;
  }
  return true;
}

/** Whether the closing edge last→first of a simple chain keeps the polygon simple. */
function closesSimply(chain: readonly P[]): boolean {
  const m = chain.length;
  const first = chain[0]!;
  const second = chain[1]!;
  const last = chain[m - 1]!;
  const beforeLast = chain[m - 2]!;
  const e2 = EPS * EPS;
  if (
    pointSegmentDist2(beforeLast, last, first) <= e2 ||
    pointSegmentDist2(first, beforeLast, last) <= e2 ||
    pointSegmentDist2(second, last, first) <= e2 ||
    pointSegmentDist2(last, first, second) <= e2
  ) {
    return false;
  }
  for (let i = 1; i + 2 < m; i++) {
    if (segmentsTouch(chain[i]!, chain[i + 1]!, last, first)) return false;
  }
  return true;
}

/**
 * Quantizes and limits the native bounds geometry of a bounded reference space.
 *
 * Guarantees (property-tested): every reported point and every reported edge lies inside-or-on the
 * original polygon (convex or concave; 1e-12 m tolerance); every coordinate is i / k on the step grid
 * (x * 20 is an exact integer for 5 cm); every point is within `limit` metres of the origin; the
 * input's cyclic vertex order and orientation (clockwise or not) are kept, starting at the point
 * that replaced the earliest input vertex; the result is a simple polygon; -0 is reported as 0;
 * adjusting the result again returns it unchanged, and a polygon already on the grid and within the
 * limit comes back exactly as given. When the polygon cannot be reported safely the result is [] (the spec's
 * "temporarily unavailable", AMB-09): fewer than 3 points, more than maxPoints, non-finite or
 * unreadable input, coordinates beyond ±1000 km, zero area, self-intersection, or collapse or
 * orientation flip after adjusting.
 *
 * Algorithm (R-SPACE-27): if a vertex is beyond `limit`, the polygon is first clipped to a regular
 * 64-gon inscribed in the limit circle (keeping the piece that contains the origin, else the
 * largest). Then, in order, each vertex is replaced by the nearest grid point (searching 3 steps
 * around it, or along its inward bisector for sharp corners) that is inside-or-on the original
 * polygon, within the limit, and joined to the previous point by an edge that stays inside the
 * original polygon without touching earlier edges. Vertices with no such point are dropped; a
 * small bounded backtracking search re-places or drops the previous two vertices first (see
 * buildChain), also for the closing edge. If closing the loop still needs points dropped, the chain
 * is built once more starting halfway round and the larger result is kept; the result starts at
 * the point that replaced the earliest input vertex.
 * Cost: O(n) per edge test, with a work cap; room-scale polygons take milliseconds, pathological
 * 1024-point inputs (hundreds of spikes thinner than the grid) up to a second or two.
 *
 * Bad options (step outside (0, 1], limit <= 0, maxPoints not an integer >= 3) throw TypeError.
 */
// spec: #xrboundedreferencespace-interface (L1473-1485); R-SPACE-16, R-SPACE-17, R-SPACE-18, R-SPACE-27, AMB-09
export function adjustBoundsGeometry(points: readonly PointXZ[], options?: BoundsAdjustOptions): PointXZ[] {
  const { k, limit, maxPoints } = readBoundsOptions(options);
  const read = readPointsLenient(points, maxPoints, MAX_BOUNDS_COORD);
  if (read === null) return [];
  try {
    return adjustReadBounds(read, k, limit, maxPoints);
  } catch {
    // Defence in depth: an internal failure reports the bounds as unavailable, never a crash.
    return [];
  }
}

function adjustReadBounds(read: readonly P[], k: number, limit: number, maxPoints: number): PointXZ[] {
  const poly = dedupeConsecutive(read);
  if (poly.length < 3) return [];
  const area = signedArea2(poly);
  if (!(MathAbs(area) > AREA_EPS)) return [];
  const sigma = MathSign(area);
  if (!isSimple(poly)) return [];

  const r2 = limit * limit;
  const within = (x: number, z: number): boolean => x * x + z * z <= r2;
  let targets: readonly P[] = poly;
  if (!ArrayPrototypeEvery(poly, (p) => within(p.x, p.z))) {
    const piece = clipToLimit(poly, limit, sigma);
    if (piece === null) return [];
    targets = piece;
  }

  const region = new Region(poly);
  const candidates = candidateSource(targets, sigma, region, k, within);
  // A result is valid when it has 3 to maxPoints points, keeps the orientation and is simple.
  const attempt = (start: number): { pts: P[]; area: number; dropped: number } | null => {
    const { pts, owner } = buildChain(targets.length, start, candidates, region);
    const dropped = closeChain(pts, owner, region);
    if (pts.length < 3 || pts.length > maxPoints) return null;
    const outArea = signedArea2(pts);
    if (!(MathAbs(outArea) > AREA_EPS) || MathSign(outArea) !== sigma || !isSimple(pts)) return null;
    // Start at the point that replaced the earliest target, so the input's order shows through.
    let first = 0;
    for (let i = 1; i < owner.length; i++) if (owner[i]! < owner[first]!) first = i;
    return {
      pts: ArrayPrototypeConcat(ArrayPrototypeSlice(pts, first), ArrayPrototypeSlice(pts, 0, first)),
      area: MathAbs(outArea),
      dropped,
    };
  };
  // Closing the loop had to drop points: the start vertex was a poor choice, so start once more
  // halfway round, and keep the larger result.
  let best = attempt(0);
  if (best === null || best.dropped > 0) {
    const other = attempt(MathFloor(targets.length / 2));
    if (other !== null && (best === null || other.area > best.area)) best = other;
  }
  if (best === null) return [];
  return ArrayPrototypeMap(best.pts, (p) => ({ x: p.x, z: p.z }));
}

// ---------------------------------------------------------------------------------------------
// Pose limiting

function readPointsStrict(points: unknown, what: string): P[] {
  const read = readPointsLenient(points, MAX_STRICT_POINTS);
  if (read === null) throw new TypeError(`${what} must be an array of { x, z } with finite numbers`);
  return read;
}

function readVec3(v: unknown, what: string): Vec3 {
  try {
    if (v !== null && typeof v === 'object') {
      // Own or class-prototype fields, never a polluted Object.prototype.
      const x = readMember(v, 'x');
      const y = readMember(v, 'y');
      const z = readMember(v, 'z');
      if (isFiniteNumber(x) && isFiniteNumber(y) && isFiniteNumber(z)) return { x, y, z };
    }
  } catch {
    // fall through to the TypeError
  }
  throw new TypeError(`${what} must be { x, y, z } with finite numbers`);
}

/**
 * How far a point lies outside a polygon in the XZ plane: 0 inside or on the boundary (1e-12 m
 * tolerance), else the distance to the nearest edge. A polygon with fewer than 3 points has no inside
 * (distance to its points or segment); an empty one gives Infinity. Throws TypeError on bad input.
 */
// spec: #protect-reference-spaces (algo poses-limited step 1); R-SPACE-05, R-SPACE-29, AMB-15
export function distanceOutsidePolygonXZ(point: PointXZ, polygon: readonly PointXZ[]): number {
  // One pass, no allocation: this runs for every pose query against a bounded space.
  let px: number;
  let pz: number;
  try {
    const x = readOption(point, 'x');
    const z = readOption(point, 'z');
    if (!isFiniteNumber(x) || !isFiniteNumber(z)) throw new TypeError();
    px = x;
    pz = z;
  } catch {
    throw new TypeError('point must be { x, z } with finite numbers');
  }
  const bad = (): TypeError => new TypeError('polygon must be an array of { x, z } with finite numbers');
  let best = NumberPOSITIVE_INFINITY;
  let inside = false;
  let n = 0;
  try {
    if (!ArrayIsArray(polygon)) throw bad();
    n = polygon.length;
    if (!NumberIsSafeInteger(n) || n > MAX_STRICT_POINTS) throw bad();
    let fx = 0;
    let fz = 0;
    let ax = 0;
    let az = 0;
    for (let i = 0; i <= n && n > 0; i++) {
      let bx = fx;
      let bz = fz;
      if (i < n) {
        // A hole is bad input: Array.prototype (polluted) must not supply a vertex.
        const q: unknown = ObjectHasOwn(polygon, i) ? polygon[i] : undefined;
        if (q === null || typeof q !== 'object') throw bad();
        const x = readMember(q, 'x');
        const z = readMember(q, 'z');
        if (!isFiniteNumber(x) || !isFiniteNumber(z)) throw bad();
        bx = x;
        bz = z;
      }
      if (i === 0) {
        fx = bx;
        fz = bz;
      } else {
        // Edge a→b: distance to the segment, and the even-odd crossing of the ray towards +x.
        const dx = bx - ax;
        const dz = bz - az;
        const len2 = dx * dx + dz * dz;
        let t = len2 === 0 ? 0 : ((px - ax) * dx + (pz - az) * dz) / len2;
        t = MathMin(MathMax(t, 0), 1);
        const ex = ax + t * dx - px;
        const ez = az + t * dz - pz;
        best = MathMin(best, ex * ex + ez * ez);
        if (az > pz !== bz > pz && px < ax + ((pz - az) * dx) / dz) inside = !inside;
      }
      ax = bx;
      az = bz;
    }
  } catch {
    throw bad();
  }
  if (n === 0) return NumberPOSITIVE_INFINITY;
  if (best <= EPS * EPS || (n >= 3 && inside)) return 0;
  return MathSqrt(best);
}

export type SpaceType =
  | 'viewer'
  | 'local'
  | 'local-floor'
  | 'bounded-floor'
  | 'unbounded'
  | 'input'
  | 'other';

const spaceTypes: readonly string[] = [
  'viewer',
  'local',
  'local-floor',
  'bounded-floor',
  'unbounded',
  'input',
  'other',
];

/** What the pose-limiting algorithm needs to know about one space. */
export interface SpaceFacts {
  readonly type: SpaceType;
  /** The space's native origin in a frame shared by both spaces (metres). */
  readonly nativeOrigin: Vec3;
  /**
   * For `bounded-floor` only: the native bounds geometry in this space's native frame, as reported
   * to the page (i.e. after adjustBoundsGeometry). Empty or absent while the bounds are unknown.
   */
  readonly bounds?: readonly PointXZ[];
}

export interface PoseLimitOptions {
  /** Distance between native origins beyond which local/local-floor poses are limited (default 15). */
  readonly localLimit?: number;
  /** Distance outside the bounds beyond which bounded poses are limited (default 2; strict 1). */
  readonly outsideBoundsLimit?: number;
}

interface Facts {
  type: SpaceType;
  origin: Vec3;
  bounds: P[];
}

function readFacts(facts: unknown, what: string): Facts {
  let type: unknown;
  let origin: unknown;
  let bounds: unknown;
  try {
    if (facts === null || typeof facts !== 'object') throw new TypeError();
    // bounds is optional: a polluted Object.prototype supplies none of the fields (readMember).
    type = readMember(facts, 'type');
    origin = readMember(facts, 'nativeOrigin');
    bounds = readMember(facts, 'bounds');
  } catch {
    throw new TypeError(`${what} must be { type, nativeOrigin, bounds? }`);
  }
  if (typeof type !== 'string' || !ArrayPrototypeIncludes(spaceTypes, type)) {
    throw new TypeError(
      `${what}.type must be one of ${ArrayPrototypeJoin(spaceTypes, ', ')} (got ${String(type)})`,
    );
  }
  return {
    type: type as SpaceType,
    origin: readVec3(origin, `${what}.nativeOrigin`),
    bounds: bounds === undefined || bounds === null ? [] : readPointsStrict(bounds, `${what}.bounds`),
  };
}

function positiveOption(v: unknown, fallback: number, what: string): number {
  if (v === undefined) return fallback;
  if (!isFiniteNumber(v) || v <= 0)
    throw new TypeError(`${what} must be a finite number > 0 (got ${String(v)})`);
  return v;
}

function distance3(a: Vec3, b: Vec3): number {
  return MathHypot(a.x - b.x, a.y - b.y, a.z - b.z);
}

/**
 * The spec's "poses must be limited" between two spaces, with the UA's distances as options.
 * (1) If either space is `bounded-floor` and the other's native origin, expressed relative to the
 *     bounded native origin, lies more than `outsideBoundsLimit` outside the bounds (XZ distance to
 *     the polygon, 0 inside) → true. The bounded space's native orientation is assumed to be the
 *     identity in the shared frame, so "relative" is a subtraction of positions. With fewer than 3
 *     bounds points (bounds not known yet) the rule uses `localLimit` from the bounded native origin
 *     instead (3D distance), so unknown bounds never make every point "outside" (R-SPACE-29).
 * (2) If either space is `local` or `local-floor` and the distance between the native origins is
 *     greater than `localLimit` → true.
 * Otherwise false. Distances equal to a limit are not limited ("further than").
 */
// spec: #protect-reference-spaces (algo poses-limited, L2823-2837); R-SPACE-05, R-SPACE-06, R-SPACE-29, AMB-15
export function posesMustBeLimited(a: SpaceFacts, b: SpaceFacts, options?: PoseLimitOptions): boolean {
  const fa = readFacts(a, 'space');
  const fb = readFacts(b, 'baseSpace');
  let localLimitRaw: unknown;
  let outsideRaw: unknown;
  if (options !== undefined) {
    try {
      if (options === null || typeof options !== 'object') throw new TypeError();
      localLimitRaw = readMember(options, 'localLimit');
      outsideRaw = readMember(options, 'outsideBoundsLimit');
    } catch {
      throw new TypeError('posesMustBeLimited options must be { localLimit?, outsideBoundsLimit? }');
    }
  }
  const localLimit = positiveOption(localLimitRaw, 15, 'localLimit');
  const outsideLimit = positiveOption(outsideRaw, 2, 'outsideBoundsLimit');

  for (let pass = 0; pass < 2; pass++) {
    const bounded = pass === 0 ? fa : fb;
    const other = pass === 0 ? fb : fa;
    if (bounded.type !== 'bounded-floor') continue;
    if (bounded.bounds.length < 3) {
      if (distance3(bounded.origin, other.origin) > localLimit) return true;
      continue;
    }
    const rel = { x: other.origin.x - bounded.origin.x, z: other.origin.z - bounded.origin.z };
    if (distanceOutsidePolygonXZ(rel, bounded.bounds) > outsideLimit) return true;
  }
  const isLocal = (f: Facts): boolean => f.type === 'local' || f.type === 'local-floor';
  if ((isLocal(fa) || isLocal(fb)) && distance3(fa.origin, fb.origin) > localLimit) return true;
  return false;
}

/** The R-POSE-06 branch a pose query takes once limiting is known. */
export type PoseLimitBranch = 'report' | 'last-known' | 'null';

/**
 * Not limited → 'report' (the caller reports the pose, tracked or emulated). Limited → for a query
 * that forces emulation (getViewerPose) with a pose known in the past, 'last-known' (last position
 * and orientation, emulatedPosition true); otherwise 'null'.
 */
// spec: #xrframe-interface (populate the pose, L1326-1352); R-POSE-06, AMB-15
export function applyPoseLimit(input: {
  readonly limited: boolean;
  readonly forceEmulation: boolean;
  readonly lastKnown: unknown;
}): PoseLimitBranch {
  if (input === null || typeof input !== 'object') throw new TypeError('applyPoseLimit needs an object');
  // lastKnown in particular: a polluted Object.prototype must not make a limited pose 'last-known'.
  const limited = readMember(input, 'limited');
  const forceEmulation = readMember(input, 'forceEmulation');
  const lastKnown = readMember(input, 'lastKnown');
  if (typeof limited !== 'boolean' || typeof forceEmulation !== 'boolean') {
    throw new TypeError('applyPoseLimit needs boolean limited and forceEmulation');
  }
  if (!limited) return 'report';
  return forceEmulation && lastKnown !== null && lastKnown !== undefined ? 'last-known' : 'null';
}

// ---------------------------------------------------------------------------------------------
// Views

/** Where the device's view geometry comes from (R-POSE-20). */
export type ViewGeometrySource = 'calibrated' | 'user-configured' | 'scripted';

/**
 * Whether view geometry must be anonymized. 'identifying-only' (default profile): only multi-view
 * geometry that is calibrated or user-configured, never the Test API's script-defined views.
 * 'all-multiview' (strict): every device with more than one view.
 */
// spec: #protect-poses (L2800-2804); R-POSE-11, R-POSE-20, AMB-18
export function shouldAnonymizeViews(
  mode: 'identifying-only' | 'all-multiview',
  views: { readonly viewCount: number; readonly geometry: ViewGeometrySource },
): boolean {
  if (mode !== 'identifying-only' && mode !== 'all-multiview') {
    throw new TypeError(`anonymizeViews must be 'identifying-only' or 'all-multiview' (got ${String(mode)})`);
  }
  if (views === null || typeof views !== 'object')
    throw new TypeError('views must be { viewCount, geometry }');
  const viewCount = readMember(views, 'viewCount');
  const geometry = readMember(views, 'geometry');
  if (typeof viewCount !== 'number' || !NumberIsSafeInteger(viewCount) || viewCount < 0) {
    throw new TypeError('viewCount must be a non-negative integer');
  }
  if (geometry !== 'calibrated' && geometry !== 'user-configured' && geometry !== 'scripted') {
    throw new TypeError("geometry must be 'calibrated', 'user-configured' or 'scripted'");
  }
  if (viewCount < 2) return false;
  return mode === 'all-multiview' || geometry !== 'scripted';
}

function nearestOf(values: readonly number[], v: number): number {
  let best = values[0]!;
  for (let i = 0; i < values.length; i++) {
    const c = values[i]!;
    const d = MathAbs(c - v);
    const db = MathAbs(best - v);
    if (d < db || (d === db && c < best)) best = c;
  }
  return best;
}

/**
 * Anonymizes the per-view positions (offsets from the viewer) by snapping the inter-view distance to
 * a canonical IPD. Two views: the midpoint and direction are kept and the distance becomes the
 * nearest canonical IPD (ties: the smaller). More than two: every offset from the centroid is scaled
 * by one factor, so that the largest pairwise distance becomes the nearest canonical IPD. One view,
 * or views that all coincide (no direction to scale along), come back as copies. Throws TypeError on
 * bad input.
 */
// spec: #protect-poses (L2800-2804); R-POSE-11, R-POSE-20, AMB-18
export function anonymizeViewOffsets(
  offsets: readonly Vec3[],
  canonicalIpds: readonly number[] = [0.058, 0.063, 0.068],
): Vec3[] {
  let views: Vec3[];
  let ipds: number[];
  try {
    if (!ArrayIsArray(offsets) || offsets.length > 64) throw new TypeError();
    views = ArrayFrom(offsets, (o: unknown, i) => readVec3(o, `offsets[${i}]`));
    if (!ArrayIsArray(canonicalIpds) || canonicalIpds.length === 0 || canonicalIpds.length > 64) {
      throw new TypeError();
    }
    ipds = ArrayFrom(canonicalIpds, (v: unknown) => {
      if (!isFiniteNumber(v) || v <= 0) throw new TypeError();
      return v;
    });
  } catch {
    throw new TypeError(
      'anonymizeViewOffsets needs up to 64 offsets { x, y, z } and a non-empty list of positive canonical IPDs',
    );
  }
  if (views.length < 2) return views;
  const n = views.length;
  const c = {
    x: ArrayPrototypeReduce(views, (s: number, v) => s + v.x, 0) / n,
    y: ArrayPrototypeReduce(views, (s: number, v) => s + v.y, 0) / n,
    z: ArrayPrototypeReduce(views, (s: number, v) => s + v.z, 0) / n,
  };
  let largest = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) largest = MathMax(largest, distance3(views[i]!, views[j]!));
  }
  if (largest === 0) return views;
  const factor = nearestOf(ipds, largest) / largest;
  return ArrayPrototypeMap(views, (v) => ({
    x: c.x + (v.x - c.x) * factor,
    y: c.y + (v.y - c.y) * factor,
    z: c.z + (v.z - c.z) * factor,
  }));
}

// ---------------------------------------------------------------------------------------------
// Throttling and viewport scale

/**
 * A throttle for sensitive samples: the returned pure function says whether a sample at `now` (ms,
 * from the injected clock) may be delivered given when the last one was. null or 0 Hz disables
 * throttling. The first sample (lastDeliveredAt null) is delivered; a clock that went backwards counts
 * as a reset and delivers.
 */
// spec: #throttling-header; R-ADJ-02, R-ADJ-07
export function createThrottle(
  maxHz: number | null,
): (lastDeliveredAt: number | null, now: number) => boolean {
  if (maxHz !== null && (!isFiniteNumber(maxHz) || maxHz < 0)) {
    throw new TypeError(`maxHz must be null or a finite number >= 0 (got ${String(maxHz)})`);
  }
  const interval = maxHz === null || maxHz === 0 ? 0 : 1000 / maxHz;
  return (lastDeliveredAt, now) => {
    if (!isFiniteNumber(now) || (lastDeliveredAt !== null && !isFiniteNumber(lastDeliveredAt))) {
      throw new TypeError('throttle times must be finite numbers (ms)');
    }
    if (interval === 0 || lastDeliveredAt === null) return true;
    const elapsed = now - lastDeliveredAt;
    // 1 ns of slack absorbs float noise in 1000 / maxHz.
    return elapsed < 0 || elapsed >= interval - 1e-6;
  };
}

export interface ViewportScaleOptions {
  /** The short list of values the scale is quantized to; each in (0, 1]. Default [0.25, 0.5, 0.75, 1]. */
  readonly values?: readonly number[];
  /** How far past the midpoint between two values the request must go before the value changes. */
  readonly hysteresis?: number;
}

/**
 * Quantizes a recommended viewport scale to the nearest of a short list of values, with hysteresis:
 * when `previous` is one of the values, it is kept until the request is more than `hysteresis` past
 * the midpoint towards the new nearest value. The result is always one of the values, hence in (0, 1].
 */
// spec: #xrview-interface (recommendedViewportScale, L1596-1598); R-ADJ-07
export function quantizeViewportScale(
  requested: number,
  previous: number | null,
  options?: ViewportScaleOptions,
): number {
  let values: number[];
  let hysteresis: unknown;
  try {
    if (options !== undefined && (options === null || typeof options !== 'object')) throw new TypeError();
    // Optional fields: a polluted Object.prototype supplies neither (readOption).
    const raw: unknown = readOption(options, 'values') ?? [0.25, 0.5, 0.75, 1];
    hysteresis = readOption(options, 'hysteresis') ?? 0.05;
    if (!ArrayIsArray(raw) || raw.length === 0 || raw.length > 64) throw new TypeError();
    values = ArrayFrom(raw, (v: unknown) => {
      if (!isFiniteNumber(v) || v <= 0 || v > 1) throw new TypeError();
      return v;
    });
  } catch {
    throw new TypeError('viewport scale values must be a non-empty list (at most 64) of numbers in (0, 1]');
  }
  if (!isFiniteNumber(hysteresis) || hysteresis < 0) {
    throw new TypeError(`hysteresis must be a finite number >= 0 (got ${String(hysteresis)})`);
  }
  if (!isFiniteNumber(requested)) {
    throw new TypeError(`requested viewport scale must be a finite number (got ${String(requested)})`);
  }
  if (previous !== null && !isFiniteNumber(previous)) {
    throw new TypeError('previous viewport scale must be null or a finite number');
  }
  const nearest = nearestOf(values, requested);
  if (previous !== null && previous !== nearest && ArrayPrototypeIncludes(values, previous)) {
    if (MathAbs(requested - previous) - MathAbs(requested - nearest) <= 2 * hysteresis) return previous;
  }
  return nearest;
}

/**
 * The bounds a session reports (R-SPACE-16..18): clockwise seen from above even when the platform
 * lists them the other way round, then quantized inside and limited by adjustBoundsGeometry.
 */
// spec: #xrboundedreferencespace-boundsgeometry; R-SPACE-16, R-SPACE-17, R-SPACE-18, AMB-09
export function reportedBoundsGeometry(
  raw: readonly PointXZ[],
  options: { step: number; limit: number; maxPoints: number },
): PointXZ[] {
  let area = 0;
  for (let i = 0; i < raw.length; i++) {
    const a = raw[i] as PointXZ;
    const b = raw[(i + 1) % raw.length] as PointXZ;
    area += a.x * b.z - b.x * a.z;
  }
  return adjustBoundsGeometry(area < 0 ? ArrayPrototypeReverse(ArrayPrototypeSlice(raw)) : raw, options);
}

/**
 * The input profile strings a session reports (R-ADJ-08, R-ADJ-15): none for inline sessions;
 * the device's list for immersive ones, or only its most generic entry when the profile masks them.
 */
// spec: #dom-xrinputsource-profiles; R-ADJ-08, R-ADJ-15
export function reportedInputProfiles(
  profiles: readonly string[],
  immersive: boolean,
  maskInputProfiles: boolean,
): readonly string[] {
  if (!immersive) return [];
  if (maskInputProfiles) {
    // spec(hand-input): a physical hand input source MUST include "generic-hand-select".
    if (ArrayPrototypeIncludes(profiles, 'generic-hand-select')) return ['generic-hand-select'];
    return profiles.length > 0 ? [profiles[profiles.length - 1] as string] : [];
  }
  return profiles;
}

/**
 * The blend mode a session reports (spec(ar-module) #dom-xrsession-environmentblendmode): an inline
 * session is drawn in the page (opaque); "opaque" MUST NOT be applied to immersive-ar, nor
 * "alpha-blend" to immersive-vr, so a device's additive display is reported as it is and anything
 * else as the mode's own blending.
 */
export function reportedEnvironmentBlendMode(
  mode: 'inline' | 'immersive-vr' | 'immersive-ar',
  device: 'opaque' | 'additive' | 'alpha-blend' | undefined,
): 'opaque' | 'additive' | 'alpha-blend' {
  if (mode === 'inline') return 'opaque';
  if (device === 'additive') return 'additive';
  return mode === 'immersive-ar' ? 'alpha-blend' : 'opaque';
}

/**
 * The interaction mode a session reports (spec(ar-module) #dom-xrsession-interactionmode): an
 * inline session's UI is on the screen; an immersive one's is where the device says (a headset's
 * in the world by default).
 */
export function reportedInteractionMode(
  mode: 'inline' | 'immersive-vr' | 'immersive-ar',
  device: 'screen-space' | 'world-space' | undefined,
): 'screen-space' | 'world-space' {
  return mode === 'inline' ? 'screen-space' : (device ?? 'world-space');
}
