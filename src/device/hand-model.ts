// A simulated hand for simulated devices (WebXR Hand Input Module): the 25 skeleton joints of a
// flat hand, palm down, fingers forward (−Z), in the wrist's frame. Each joint's −Z points along
// its bone (a tip along the bone before it), −Y out of the palm, as the module's XRJointSpace
// native origin requires. `scale` sizes the hand (1: a 18.7 cm hand, wrist to middle fingertip);
// a left hand is the mirror image. Device data: xrgate's policy anonymizes it before any page sees it.

import { canonicalHandPositions, canonicalHandRadii } from '../policy/hand-input.js';
import { ArrayPrototypeMap, MathAtan2, MathCos, MathSin, ObjectFreeze } from '../primordials.js';
import type { DeviceHand } from './types.js';

// The device's hand starts from the canonical one (policy/hand-input.ts), scaled.
const RIGHT = canonicalHandPositions;
const RADII = canonicalHandRadii;

/** The next joint along the same bone chain (a tip and the wrist have none). */
function nextOf(i: number): number | null {
  if (i === 0) return null;
  const inFinger = (i - 1) % 5;
  if (i <= 4) return i === 4 ? null : i + 1;
  return inFinger === 3 ? null : i + 1;
}

/** The rotation about +Y that turns −Z towards the direction (dx, dz), as a quaternion. */
function yawTowards(dx: number, dz: number): readonly [number, number, number, number] {
  const yaw = MathAtan2(-dx, -dz);
  return [0, MathSin(yaw / 2), 0, MathCos(yaw / 2)];
}

export function simulatedHand(handedness: 'left' | 'right' | 'none', scale = 1): DeviceHand {
  const mirror = handedness === 'left' ? -1 : 1;
  const pos = ArrayPrototypeMap(RIGHT, (r) => [r[0] * mirror * scale, r[1] * scale, r[2] * scale] as const);
  const joints = ArrayPrototypeMap(pos, (p, i) => {
    // −Z along the bone to the next joint; a tip follows its previous bone; the wrist: forward.
    const n = nextOf(i);
    const from = n === null ? (i === 0 ? null : pos[i - 1]) : p;
    const to = n === null ? (i === 0 ? null : p) : pos[n];
    const q = from && to ? yawTowards(to[0] - from[0], to[2] - from[2]) : ([0, 0, 0, 1] as const);
    return ObjectFreeze([p[0], p[1], p[2], q[0], q[1], q[2], q[3]] as const);
  });
  return ObjectFreeze({
    joints: ObjectFreeze(joints),
    radii: ObjectFreeze(ArrayPrototypeMap(RADII, (r) => r * scale)),
  });
}
