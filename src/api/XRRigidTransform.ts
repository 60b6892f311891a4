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

import { makePoint } from './geometry.js';
import { invert, normalizeOrientation, type Rigid, rigid, toMatrix } from './rigid.js';
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

export class XRRigidTransform {
  #t: Rigid;
  #position: DOMPointReadOnly | null = null;
  #orientation: DOMPointReadOnly | null = null;
  #matrix: Float32Array | null = null;
  #inverse: XRRigidTransform | null = null;

  // spec: #dom-xrrigidtransform-xrrigidtransform
  constructor(position?: DOMPointInit, orientation?: DOMPointInit);
  constructor(...args: unknown[]) {
    if (args[0] === INTERNAL) {
      this.#t = args[1] as Rigid;
      return;
    }
    // WebIDL dictionary conversion: x, y, z, w in lexicographic member order (w, x, y, z).
    const p = convertDictionary(args[0], 'position');
    const pw = readCoord(p, 'w', 1);
    const px = readCoord(p, 'x', 0);
    const py = readCoord(p, 'y', 0);
    const pz = readCoord(p, 'z', 0);
    const o = convertDictionary(args[1], 'orientation');
    const ow = readCoord(o, 'w', 1);
    const ox = readCoord(o, 'x', 0);
    const oy = readCoord(o, 'y', 0);
    const oz = readCoord(o, 'z', 0);
    // Step: position.w must be 1.
    if (pw !== 1) throw new TypeError('XRRigidTransform: position.w must be 1');
    // Step: any non-finite value is a TypeError.
    for (const v of [px, py, pz, ox, oy, oz, ow]) {
      if (!Number.isFinite(v)) throw new TypeError('XRRigidTransform: every coordinate must be finite');
    }
    const t = rigid(px, py, pz, ox, oy, oz, ow);
    // spec: #normalize — a zero-length quaternion is an InvalidStateError.
    if (!normalizeOrientation(t)) {
      throw domException('InvalidStateError', 'XRRigidTransform: the orientation quaternion has zero length');
    }
    this.#t = t;
  }

  static is(v: unknown): v is XRRigidTransform {
    return typeof v === 'object' && v !== null && #t in v;
  }

  /** @internal the packed transform (read only). */
  static data(v: XRRigidTransform): Rigid {
    return v.#t;
  }

  get position(): DOMPointReadOnly {
    if (!XRRigidTransformInternals.is(this)) illegalInvocation();
    if (this.#position === null) {
      const t = this.#t;
      this.#position = makePoint(t[0] as number, t[1] as number, t[2] as number, 1);
    }
    return this.#position;
  }

  get orientation(): DOMPointReadOnly {
    if (!XRRigidTransformInternals.is(this)) illegalInvocation();
    if (this.#orientation === null) {
      const t = this.#t;
      this.#orientation = makePoint(t[3] as number, t[4] as number, t[5] as number, t[6] as number);
    }
    return this.#orientation;
  }

  get matrix(): Float32Array {
    if (!XRRigidTransformInternals.is(this)) illegalInvocation();
    // spec: a new array if the previous one was detached.
    if (this.#matrix === null || this.#matrix.buffer.byteLength === 0) {
      this.#matrix = toMatrix(new Float32Array(16), this.#t) as Float32Array;
    }
    return this.#matrix;
  }

  get inverse(): XRRigidTransform {
    if (!XRRigidTransformInternals.is(this)) illegalInvocation();
    if (this.#inverse === null) {
      const inv = new XRRigidTransform(INTERNAL as never, invert(new Float64Array(7), this.#t) as never);
      inv.#inverse = this;
      this.#inverse = inv;
    }
    return this.#inverse;
  }
}

/** @internal makes a transform that owns `t` (no copy). */
export function transformFrom(t: Rigid): XRRigidTransform {
  return new XRRigidTransform(INTERNAL as never, t as never);
}

idlAttributes(XRRigidTransform, ['position', 'orientation', 'matrix', 'inverse']);
toStringTag(XRRigidTransform, 'XRRigidTransform');

/** @internal xrgate's own access to XRRigidTransform; the statics are removed from the page-visible interface object. */
export const XRRigidTransformInternals = { is: XRRigidTransform.is, data: XRRigidTransform.data };
for (const key of ['is', 'data']) Reflect.deleteProperty(XRRigidTransform, key);
