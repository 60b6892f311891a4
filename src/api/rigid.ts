// Rigid-transform arithmetic on packed Float64Arrays [px, py, pz, qx, qy, qz, qw].
// Double precision and a rotation formula that is exact for the identity quaternion, so that
// translation-only poses stay exact (1 − 0.25 is exactly 0.75, R-SPACE-30 item 4).

import type { RigidPose } from '../device/types.js';
import { Float64Array, MathHypot, MathSqrt, NumberIsFinite } from '../primordials.js';

export type Rigid = Float64Array;

export function rigid(px = 0, py = 0, pz = 0, qx = 0, qy = 0, qz = 0, qw = 1): Rigid {
  const r = new Float64Array(7);
  r[0] = px;
  r[1] = py;
  r[2] = pz;
  r[3] = qx;
  r[4] = qy;
  r[5] = qz;
  r[6] = qw;
  return r;
}

export function rigidFromPose(p: RigidPose, out: Rigid = new Float64Array(7)): Rigid {
  out[0] = p.position.x;
  out[1] = p.position.y;
  out[2] = p.position.z;
  out[3] = p.orientation.x;
  out[4] = p.orientation.y;
  out[5] = p.orientation.z;
  out[6] = p.orientation.w;
  return out;
}

export function isIdentity(a: Rigid): boolean {
  return a[0] === 0 && a[1] === 0 && a[2] === 0 && a[3] === 0 && a[4] === 0 && a[5] === 0 && a[6] === 1;
}

/** out = a ∘ b (apply b, then a). `out` may alias `a` or `b`. */
export function compose(out: Rigid, a: Rigid, b: Rigid): Rigid {
  const ax = a[0] as number;
  const ay = a[1] as number;
  const az = a[2] as number;
  const qx = a[3] as number;
  const qy = a[4] as number;
  const qz = a[5] as number;
  const qw = a[6] as number;
  const bx = b[0] as number;
  const by = b[1] as number;
  const bz = b[2] as number;
  const rx = b[3] as number;
  const ry = b[4] as number;
  const rz = b[5] as number;
  const rw = b[6] as number;
  // rotate b.p by a.q: v + 2w(q×v) + 2 q×(q×v)
  const tx = 2 * (qy * bz - qz * by);
  const ty = 2 * (qz * bx - qx * bz);
  const tz = 2 * (qx * by - qy * bx);
  out[0] = ax + bx + qw * tx + (qy * tz - qz * ty);
  out[1] = ay + by + qw * ty + (qz * tx - qx * tz);
  out[2] = az + bz + qw * tz + (qx * ty - qy * tx);
  // q = a.q * b.q
  out[3] = qw * rx + qx * rw + qy * rz - qz * ry;
  out[4] = qw * ry - qx * rz + qy * rw + qz * rx;
  out[5] = qw * rz + qx * ry - qy * rx + qz * rw;
  out[6] = qw * rw - qx * rx - qy * ry - qz * rz;
  return out;
}

/** out = a⁻¹. `out` may alias `a`. */
export function invert(out: Rigid, a: Rigid): Rigid {
  const qx = -(a[3] as number);
  const qy = -(a[4] as number);
  const qz = -(a[5] as number);
  const qw = a[6] as number;
  const px = -(a[0] as number);
  const py = -(a[1] as number);
  const pz = -(a[2] as number);
  const tx = 2 * (qy * pz - qz * py);
  const ty = 2 * (qz * px - qx * pz);
  const tz = 2 * (qx * py - qy * px);
  out[0] = px + qw * tx + (qy * tz - qz * ty);
  out[1] = py + qw * ty + (qz * tx - qx * tz);
  out[2] = pz + qw * tz + (qx * ty - qy * tx);
  out[3] = qx;
  out[4] = qy;
  out[5] = qz;
  out[6] = qw;
  return out;
}

/**
 * out = a⁻¹ ∘ b: the pose of b's space expressed in a's space. Position conj(qa)·(pb − pa)·qa,
 * orientation conj(qa)·qb: one rotation. `out` may alias `a` or `b`.
 */
export function relative(out: Rigid, a: Rigid, b: Rigid): Rigid {
  const qx = -(a[3] as number);
  const qy = -(a[4] as number);
  const qz = -(a[5] as number);
  const qw = a[6] as number;
  const vx = (b[0] as number) - (a[0] as number);
  const vy = (b[1] as number) - (a[1] as number);
  const vz = (b[2] as number) - (a[2] as number);
  const rx = b[3] as number;
  const ry = b[4] as number;
  const rz = b[5] as number;
  const rw = b[6] as number;
  const tx = 2 * (qy * vz - qz * vy);
  const ty = 2 * (qz * vx - qx * vz);
  const tz = 2 * (qx * vy - qy * vx);
  out[0] = vx + qw * tx + (qy * tz - qz * ty);
  out[1] = vy + qw * ty + (qz * tx - qx * tz);
  out[2] = vz + qw * tz + (qx * ty - qy * tx);
  out[3] = qw * rx + qx * rw + qy * rz - qz * ry;
  out[4] = qw * ry - qx * rz + qy * rw + qz * rx;
  out[5] = qw * rz + qx * ry - qy * rx + qz * rw;
  out[6] = qw * rw - qx * rx - qy * ry - qz * rz;
  return out;
}

export function copy(out: Rigid, a: Rigid): Rigid {
  out[0] = a[0] as number;
  out[1] = a[1] as number;
  out[2] = a[2] as number;
  out[3] = a[3] as number;
  out[4] = a[4] as number;
  out[5] = a[5] as number;
  out[6] = a[6] as number;
  return out;
}

/** Normalizes the orientation in place; returns false for a zero-length quaternion. */
export function normalizeOrientation(a: Rigid): boolean {
  const x = a[3] as number;
  const y = a[4] as number;
  const z = a[5] as number;
  const w = a[6] as number;
  // spec: #normalize — the length as sqrt(x²+y²+z²+w²); an overflow cannot be normalized.
  const len = MathSqrt(x * x + y * y + z * z + w * w);
  if (len === 0 || !NumberIsFinite(len)) return false;
  if (len !== 1) {
    // gl-matrix's quat.normalize (vec4.normalize), term for term, so the bits are the same
    // (without the library in the bundle).
    const inv = 1 / MathSqrt(x * x + y * y + z * z + w * w);
    a[3] = x * inv;
    a[4] = y * inv;
    a[5] = z * inv;
    a[6] = w * inv;
  }
  return true;
}

/** Column-major 4x4 matrix of the transform. */
export function toMatrix(out: Float32Array | Float64Array, a: Rigid): Float32Array | Float64Array {
  return writeMatrix(
    out,
    a[0] as number,
    a[1] as number,
    a[2] as number,
    a[3] as number,
    a[4] as number,
    a[5] as number,
    a[6] as number,
  );
}

/**
 * Column-major 4x4 matrix of the transform given as numbers: the arithmetic of gl-matrix's
 * mat4.fromRotationTranslation, term for term (so the entries are the same to the last bit).
 */
export function writeMatrix<T extends Float32Array | Float64Array>(
  out: T,
  px: number,
  py: number,
  pz: number,
  qx: number,
  qy: number,
  qz: number,
  qw: number,
): T {
  const x2 = qx + qx;
  const y2 = qy + qy;
  const z2 = qz + qz;
  const xx = qx * x2;
  const xy = qx * y2;
  const xz = qx * z2;
  const yy = qy * y2;
  const yz = qy * z2;
  const zz = qz * z2;
  const wx = qw * x2;
  const wy = qw * y2;
  const wz = qw * z2;
  out[0] = 1 - (yy + zz);
  out[1] = xy + wz;
  out[2] = xz - wy;
  out[3] = 0;
  out[4] = xy - wz;
  out[5] = 1 - (xx + zz);
  out[6] = yz + wx;
  out[7] = 0;
  out[8] = xz + wy;
  out[9] = yz - wx;
  out[10] = 1 - (xx + yy);
  out[11] = 0;
  out[12] = px;
  out[13] = py;
  out[14] = pz;
  out[15] = 1;
  return out;
}

export function distance(a: Rigid, b: Rigid): number {
  return MathHypot(
    (a[0] as number) - (b[0] as number),
    (a[1] as number) - (b[1] as number),
    (a[2] as number) - (b[2] as number),
  );
}
