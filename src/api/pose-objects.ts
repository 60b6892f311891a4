// The objects getPose and getViewerPose return, made straight from the packed poses: each function
// computes a transform and constructs the result in one place. They stay out of their callers
// (too large for V8 to inline them), so each is optimized on its own with the constructors
// inlined; inlined into the callers, they would use up the callers' inlining budget and leave
// the constructors as generic calls.

import { ArrayPrototypePush, ObjectFreeze } from '../primordials.js';
import type { Rigid } from './rigid.js';
import { INTERNAL } from './webidl.js';
import { NewTransform, type XRRigidTransform } from './XRRigidTransform.js';
import { type ViewSlot, XRView } from './XRView.js';

/**
 * @internal a new transform of a⁻¹ ∘ b: position conj(qa)·(pb − pa)·qa, orientation conj(qa)·qb.
 * One rotation (of the difference of the positions), where invert-then-compose takes two. The
 * arithmetic is that of rigid.ts relative, operation for operation: the same bits. Written out
 * here: calling the rigid.ts helpers on the per-frame path measured slower.
 */
export function relativeTransform(a: Rigid, b: Rigid): XRRigidTransform {
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
  return new NewTransform(
    INTERNAL,
    undefined,
    vx + qw * tx + (qy * tz - qz * ty),
    vy + qw * ty + (qz * tx - qx * tz),
    vz + qw * tz + (qx * ty - qy * tx),
    qw * rx + qx * rw + qy * rz - qz * ry,
    qw * ry - qx * rz + qy * rw + qz * rx,
    qw * rz + qx * ry - qy * rx + qz * rw,
    qw * rw - qx * rx - qy * ry - qz * rz,
  );
}

/**
 * @internal a new transform of a ∘ b. The arithmetic is that of rigid.ts compose, operation for
 * operation: the same bits.
 */
export function composedTransform(a: Rigid, b: Rigid): XRRigidTransform {
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
  const tx = 2 * (qy * bz - qz * by);
  const ty = 2 * (qz * bx - qx * bz);
  const tz = 2 * (qx * by - qy * bx);
  return new NewTransform(
    INTERNAL,
    undefined,
    ax + bx + qw * tx + (qy * tz - qz * ty),
    ay + by + qw * ty + (qz * tx - qx * tz),
    az + bz + qw * tz + (qx * ty - qy * tx),
    qw * rx + qx * rw + qy * rz - qz * ry,
    qw * ry - qx * rz + qy * rw + qz * rx,
    qw * rz + qx * ry - qy * rx + qz * rw,
    qw * rw - qx * rx - qy * ry - qz * rz,
  );
}

/**
 * @internal the views of the viewer pose `pose` (packed), view i with the transform
 * pose ∘ offsets[i]: a new frozen array. (The arithmetic stays in composedTransform: when a full
 * GC throws away this function's optimized code, which refers to the maps of the new arrays and
 * views, the arithmetic keeps running optimized.)
 */
export function viewsOf(
  pose: Rigid,
  offsets: readonly Rigid[],
  slots: readonly ViewSlot[],
  count: number,
  frameId: number,
): readonly XRView[] {
  // Stereo and mono as array literals: arrays of exactly that size, and packed (a frozen packed
  // array shares its map with the other frozen arrays, so a full GC does not discard this code).
  if (count === 2) {
    const left = viewOf(pose, offsets, slots, 0, frameId);
    return ObjectFreeze([left, viewOf(pose, offsets, slots, 1, frameId)]);
  }
  if (count === 1) return ObjectFreeze([viewOf(pose, offsets, slots, 0, frameId)]);
  const views: XRView[] = [];
  for (let i = 0; i < count; i++) ArrayPrototypePush(views, viewOf(pose, offsets, slots, i, frameId));
  return ObjectFreeze(views);
}

function viewOf(
  pose: Rigid,
  offsets: readonly Rigid[],
  slots: readonly ViewSlot[],
  i: number,
  frameId: number,
): XRView {
  return new XRView(INTERNAL, slots[i], composedTransform(pose, offsets[i] as Rigid), frameId);
}
