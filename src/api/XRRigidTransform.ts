// spec: #xrrigidtransform-interface (index.bs @ 23547b1)
//
// [SecureContext, Exposed=Window]
// interface XRRigidTransform {
//   constructor(optional DOMPointInit position = {}, optional DOMPointInit orientation = {});
//   [SameObject] readonly attribute DOMPointReadOnly position;
//   [SameObject] readonly attribute DOMPointReadOnly orientation;
//   readonly attribute Float32Array matrix;
//   [SameObject] readonly attribute XRRigidTransform inverse;
// };

import { Float32Array, Number, NumberIsFinite, ReflectDeleteProperty, TypeError } from '../primordials.js';
import { makePoint } from './geometry.js';
import { invert, normalizeOrientation, type Rigid, rigid, writeMatrix } from './rigid.js';
import {
  convertDictionary,
  domException,
  INTERNAL,
  idlAttributes,
  illegalInvocation,
  toStringTag,
} from './webidl.js';

function readCoord(dict: Record<string, unknown>, key: string, fallback: number): number {
  const v = dict[key];
  if (v === undefined) return fallback;
  if (typeof v === 'symbol' || typeof v === 'bigint')
    throw new TypeError(`DOMPointInit.${key} is not a number`);
  return Number(v);
}

// The converted values of the page's constructor call: convertInit writes them just before the
// constructor body reads them, with no page code in between. (xrgate's own transforms pass their
// values as arguments instead.)
let nextPx = 0;
let nextPy = 0;
let nextPz = 0;
let nextQx = 0;
let nextQy = 0;
let nextQz = 0;
let nextQw = 1;

const scratch = rigid();

/** The WebIDL constructor's conversions and checks: sets the next* values or throws. */
function convertInit(position: unknown, orientation: unknown): void {
  // WebIDL dictionary conversion: x, y, z, w in lexicographic member order (w, x, y, z).
  const p = convertDictionary(position, 'position');
  const pw = readCoord(p, 'w', 1);
  const px = readCoord(p, 'x', 0);
  const py = readCoord(p, 'y', 0);
  const pz = readCoord(p, 'z', 0);
  const o = convertDictionary(orientation, 'orientation');
  const ow = readCoord(o, 'w', 1);
  const ox = readCoord(o, 'x', 0);
  const oy = readCoord(o, 'y', 0);
  const oz = readCoord(o, 'z', 0);
  // Step: position.w must be 1.
  if (pw !== 1) throw new TypeError('XRRigidTransform: position.w must be 1');
  // Step: any non-finite value is a TypeError.
  const coords = [px, py, pz, ox, oy, oz, ow];
  for (let i = 0; i < coords.length; i++) {
    if (!NumberIsFinite(coords[i])) throw new TypeError('XRRigidTransform: every coordinate must be finite');
  }
  const t = scratch;
  t[0] = px;
  t[1] = py;
  t[2] = pz;
  t[3] = ox;
  t[4] = oy;
  t[5] = oz;
  t[6] = ow;
  // spec: #normalize — a zero-length quaternion is an InvalidStateError.
  if (!normalizeOrientation(t)) {
    throw domException('InvalidStateError', 'XRRigidTransform: the orientation quaternion has zero length');
  }
  nextPx = t[0] as number;
  nextPy = t[1] as number;
  nextPz = t[2] as number;
  nextQx = t[3] as number;
  nextQy = t[4] as number;
  nextQz = t[5] as number;
  nextQw = t[6] as number;
}

export class XRRigidTransform {
  // The transform: position, then the unit orientation quaternion. (Declared without a value:
  // V8 then keeps them as tagged fields, whose numbers are read without a copy even by code that
  // is not optimized yet; double fields made the heap samples of the benchmark grow a lot.)
  readonly #px: number;
  readonly #py: number;
  readonly #pz: number;
  readonly #qx: number;
  readonly #qy: number;
  readonly #qz: number;
  readonly #qw: number;
  #position: DOMPointReadOnly | null = null;
  #orientation: DOMPointReadOnly | null = null;
  #matrix: Float32Array | null = null;
  #inverse: XRRigidTransform | null = null;

  // spec: #dom-xrrigidtransform-xrrigidtransform
  // The default keeps the constructor's length 0 (both arguments are optional). xrgate's own
  // transforms (makeTransform) pass INTERNAL and the seven values; the page's calls are converted.
  constructor(position?: DOMPointInit, orientation?: DOMPointInit);
  constructor(
    position: unknown = undefined,
    orientation?: unknown,
    px?: number,
    py?: number,
    pz?: number,
    qx?: number,
    qy?: number,
    qz?: number,
    qw?: number,
  ) {
    if (position !== INTERNAL) {
      convertInit(position, orientation);
      px = nextPx;
      py = nextPy;
      pz = nextPz;
      qx = nextQx;
      qy = nextQy;
      qz = nextQz;
      qw = nextQw;
    }
    this.#px = px as number;
    this.#py = py as number;
    this.#pz = pz as number;
    this.#qx = qx as number;
    this.#qy = qy as number;
    this.#qz = qz as number;
    this.#qw = qw as number;
  }

  static is(v: unknown): v is XRRigidTransform {
    return typeof v === 'object' && v !== null && #px in v;
  }

  /** @internal the transform, packed (a new array on every call). */
  static data(v: XRRigidTransform): Rigid {
    return rigid(v.#px, v.#py, v.#pz, v.#qx, v.#qy, v.#qz, v.#qw);
  }

  /** @internal writes the transform into `out`, packed. */
  static write(v: XRRigidTransform, out: Rigid): Rigid {
    out[0] = v.#px;
    out[1] = v.#py;
    out[2] = v.#pz;
    out[3] = v.#qx;
    out[4] = v.#qy;
    out[5] = v.#qz;
    out[6] = v.#qw;
    return out;
  }

  get position(): DOMPointReadOnly {
    if (!XRRigidTransformInternals.is(this)) illegalInvocation();
    if (this.#position === null) this.#position = makePoint(this.#px, this.#py, this.#pz, 1);
    return this.#position;
  }

  get orientation(): DOMPointReadOnly {
    if (!XRRigidTransformInternals.is(this)) illegalInvocation();
    if (this.#orientation === null) {
      this.#orientation = makePoint(this.#qx, this.#qy, this.#qz, this.#qw);
    }
    return this.#orientation;
  }

  get matrix(): Float32Array {
    if (!XRRigidTransformInternals.is(this)) illegalInvocation();
    let m = this.#matrix;
    // spec: a new array if the previous one was detached (a detached array has length 0).
    if (m === null || m.length === 0) {
      m = writeMatrix(
        new Float32Array(16),
        this.#px,
        this.#py,
        this.#pz,
        this.#qx,
        this.#qy,
        this.#qz,
        this.#qw,
      );
      this.#matrix = m;
    }
    return m;
  }

  get inverse(): XRRigidTransform {
    if (!XRRigidTransformInternals.is(this)) illegalInvocation();
    if (this.#inverse === null) {
      const t = scratch;
      t[0] = this.#px;
      t[1] = this.#py;
      t[2] = this.#pz;
      t[3] = this.#qx;
      t[4] = this.#qy;
      t[5] = this.#qz;
      t[6] = this.#qw;
      invert(t, t);
      const inv = makeTransform(
        t[0] as number,
        t[1] as number,
        t[2] as number,
        t[3] as number,
        t[4] as number,
        t[5] as number,
        t[6] as number,
      );
      inv.#inverse = this;
      this.#inverse = inv;
    }
    return this.#inverse;
  }
}

/** @internal the constructor as xrgate's own code calls it (INTERNAL, then the seven values). */
export type InternalTransformCtor = new (
  token: typeof INTERNAL,
  unused: undefined,
  px: number,
  py: number,
  pz: number,
  qx: number,
  qy: number,
  qz: number,
  qw: number,
) => XRRigidTransform;

/** @internal `new NewTransform(INTERNAL, undefined, px, py, pz, qx, qy, qz, qw)` makes a transform. */
export const NewTransform = XRRigidTransform as unknown as InternalTransformCtor;

/** @internal a new transform with these values (a unit quaternion, as xrgate computes them). */
export function makeTransform(
  px: number,
  py: number,
  pz: number,
  qx: number,
  qy: number,
  qz: number,
  qw: number,
): XRRigidTransform {
  return new NewTransform(INTERNAL, undefined, px, py, pz, qx, qy, qz, qw);
}

/** @internal a new transform with the values of `t` (copied). */
export function transformFrom(t: Rigid): XRRigidTransform {
  return makeTransform(
    t[0] as number,
    t[1] as number,
    t[2] as number,
    t[3] as number,
    t[4] as number,
    t[5] as number,
    t[6] as number,
  );
}

idlAttributes(XRRigidTransform, ['position', 'orientation', 'matrix', 'inverse']);
toStringTag(XRRigidTransform, 'XRRigidTransform');

/** @internal xrgate's own access to XRRigidTransform; the statics are removed from the page-visible interface object. */
export const XRRigidTransformInternals = {
  is: XRRigidTransform.is,
  data: XRRigidTransform.data,
  write: XRRigidTransform.write,
};
for (const key of ['is', 'data', 'write']) ReflectDeleteProperty(XRRigidTransform, key);
