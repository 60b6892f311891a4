// spec(hit-test): #xrray-interface (immersive-web/hit-test index.bs, the draft with
// XRRayDirectionInit)
//
// dictionary XRRayDirectionInit { double x = 0; double y = 0; double z = -1; double w = 0; };
// [SecureContext, Exposed=Window] interface XRRay {
//   constructor(optional DOMPointInit origin = {}, optional XRRayDirectionInit direction = {});
//   constructor(XRRigidTransform transform);
//   [SameObject] readonly attribute DOMPointReadOnly origin;
//   [SameObject] readonly attribute DOMPointReadOnly direction;
//   [SameObject] readonly attribute Float32Array matrix; };

import {
  Float32Array,
  MathAcos,
  MathCos,
  MathSin,
  MathSqrt,
  Number,
  NumberIsFinite,
  ReflectDeleteProperty,
  TypeError,
} from '../primordials.js';
import { makePoint } from './geometry.js';
import { convertDictionary, idlAttributes, illegalInvocation, toStringTag } from './webidl.js';
import { XRRigidTransformInternals } from './XRRigidTransform.js';

/** A ray as xrgate's code reads it: origin and unit direction. */
export interface RayData {
  readonly ox: number;
  readonly oy: number;
  readonly oz: number;
  readonly dx: number;
  readonly dy: number;
  readonly dz: number;
}

function coord(
  dict: Record<string, unknown>,
  key: string,
  fallback: number,
  restricted: boolean,
  what: string,
): number {
  const v = dict[key];
  if (v === undefined) return fallback;
  if (typeof v === 'symbol' || typeof v === 'bigint')
    throw new TypeError(`XRRay: ${what}.${key} is not a number`);
  const n = Number(v);
  if (restricted && !NumberIsFinite(n)) throw new TypeError(`XRRay: ${what}.${key} must be a finite number`);
  return n;
}

export class XRRay {
  readonly #ox: number;
  readonly #oy: number;
  readonly #oz: number;
  readonly #dx: number;
  readonly #dy: number;
  readonly #dz: number;
  #origin: DOMPointReadOnly | null = null;
  #direction: DOMPointReadOnly | null = null;
  #matrix: Float32Array | null = null;

  // spec(hit-test): #dom-xrray-xrray and #dom-xrray-xrray-transform (WebIDL overload resolution:
  // an XRRigidTransform first argument picks the second constructor).
  constructor(origin: unknown = undefined, direction: unknown = undefined) {
    if (XRRigidTransformInternals.is(origin)) {
      // Transform variant steps 2–6: origin (0,0,0,1) and direction (0,0,−1,0) transformed, normalized.
      const t = XRRigidTransformInternals.data(origin);
      const qx = t[3] as number;
      const qy = t[4] as number;
      const qz = t[5] as number;
      const qw = t[6] as number;
      this.#ox = t[0] as number;
      this.#oy = t[1] as number;
      this.#oz = t[2] as number;
      // q · (0, 0, −1): the third column of the rotation, negated.
      let dx = -(2 * (qx * qz + qw * qy));
      let dy = -(2 * (qy * qz - qw * qx));
      let dz = -(1 - 2 * (qx * qx + qy * qy));
      const l = MathSqrt(dx * dx + dy * dy + dz * dz);
      dx /= l;
      dy /= l;
      dz /= l;
      this.#dx = dx;
      this.#dy = dy;
      this.#dz = dz;
      return;
    }
    // WebIDL dictionary conversion, members in lexicographic order (w, x, y, z).
    const o = convertDictionary(origin, 'XRRay origin');
    const ow = coord(o, 'w', 1, false, 'origin');
    const ox = coord(o, 'x', 0, false, 'origin');
    const oy = coord(o, 'y', 0, false, 'origin');
    const oz = coord(o, 'z', 0, false, 'origin');
    const d = convertDictionary(direction, 'XRRay direction');
    const dw = coord(d, 'w', 0, true, 'direction');
    const dx = coord(d, 'x', 0, true, 'direction');
    const dy = coord(d, 'y', 0, true, 'direction');
    const dz = coord(d, 'z', -1, true, 'direction');
    // Step 1: a zero direction has no direction.
    if (dx === 0 && dy === 0 && dz === 0) {
      throw new TypeError(
        'XRRay: the direction must not be (0, 0, 0). Fix: give the direction the ray points in.',
      );
    }
    // Step 2: a direction is a vector (w = 0).
    if (dw !== 0) throw new TypeError('XRRay: direction.w must be 0 (a direction, not a point)');
    // Step 3: an origin is a point (w = 1).
    if (ow !== 1) throw new TypeError('XRRay: origin.w must be 1 (a point)');
    if (!NumberIsFinite(ox) || !NumberIsFinite(oy) || !NumberIsFinite(oz)) {
      throw new TypeError('XRRay: the origin must be finite');
    }
    // Steps 4–5: origin as given, the direction normalized.
    this.#ox = ox;
    this.#oy = oy;
    this.#oz = oz;
    const l = MathSqrt(dx * dx + dy * dy + dz * dz);
    this.#dx = dx / l;
    this.#dy = dy / l;
    this.#dz = dz / l;
  }

  static is(v: unknown): v is XRRay {
    return typeof v === 'object' && v !== null && #ox in v;
  }

  /** @internal */
  static data(r: XRRay): RayData {
    return { ox: r.#ox, oy: r.#oy, oz: r.#oz, dx: r.#dx, dy: r.#dy, dz: r.#dz };
  }

  get origin(): DOMPointReadOnly {
    if (!XRRayInternals.is(this)) illegalInvocation();
    if (this.#origin === null) this.#origin = makePoint(this.#ox, this.#oy, this.#oz, 1);
    return this.#origin;
  }

  get direction(): DOMPointReadOnly {
    if (!XRRayInternals.is(this)) illegalInvocation();
    if (this.#direction === null) this.#direction = makePoint(this.#dx, this.#dy, this.#dz, 0);
    return this.#direction;
  }

  // spec(hit-test): #xrray-obtain-the-matrix
  get matrix(): Float32Array {
    if (!XRRayInternals.is(this)) illegalInvocation();
    // Step 1: the matrix already made (a detached one is made again).
    if (this.#matrix !== null && this.#matrix.byteLength !== 0) return this.#matrix;
    // Steps 2–4: z = (0, 0, −1); axis = z × direction; cos = z · direction.
    const dx = this.#dx;
    const dy = this.#dy;
    const dz = this.#dz;
    let ax = dy; // (0,0,−1) × (dx,dy,dz) = (0·dz − (−1)·dy, (−1)·dx − 0·dz, 0) = (dy, −dx, 0)
    let ay = -dx;
    const az = 0;
    const cos = -dz;
    // Step 5: the rotation (right-handed about the axis by acos(cos)); about x for the opposite ray.
    let m00 = 1;
    let m01 = 0;
    let m02 = 0;
    let m10 = 0;
    let m11 = 1;
    let m12 = 0;
    let m20 = 0;
    let m21 = 0;
    let m22 = 1;
    if (cos > -1 && cos < 1) {
      const l = MathSqrt(ax * ax + ay * ay);
      ax /= l;
      ay /= l;
      const angle = MathAcos(cos);
      const s = MathSin(angle);
      const c = MathCos(angle);
      const t = 1 - c;
      m00 = t * ax * ax + c;
      m01 = t * ax * ay - s * az;
      m02 = t * ax * az + s * ay;
      m10 = t * ax * ay + s * az;
      m11 = t * ay * ay + c;
      m12 = t * ay * az - s * ax;
      m20 = t * ax * az - s * ay;
      m21 = t * ay * az + s * ax;
      m22 = t * az * az + c;
    } else if (cos <= -1) {
      // A half turn about (1, 0, 0).
      m11 = -1;
      m22 = -1;
    }
    // Steps 6–8: translation · rotation, column-major.
    const m = new Float32Array(16);
    m[0] = m00;
    m[1] = m10;
    m[2] = m20;
    m[4] = m01;
    m[5] = m11;
    m[6] = m21;
    m[8] = m02;
    m[9] = m12;
    m[10] = m22;
    m[12] = this.#ox;
    m[13] = this.#oy;
    m[14] = this.#oz;
    m[15] = 1;
    this.#matrix = m;
    return m;
  }
}

idlAttributes(XRRay, ['origin', 'direction', 'matrix']);
toStringTag(XRRay, 'XRRay');

/** @internal xrgate's own access to XRRay; the statics are removed from the page-visible interface object. */
export const XRRayInternals = { is: XRRay.is, data: XRRay.data };
for (const key of ['is', 'data']) ReflectDeleteProperty(XRRay, key);
