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

/** What the simulated hand does: open and flat, a pinch (thumb and index tips touch), or pointing. */
export type HandGesture = 'open' | 'pinch' | 'point';

type P3 = readonly [number, number, number];

function lerp(a: P3, b: P3, t: number): P3 {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t] as const;
}

/** The joints' positions moved into the gesture (indices as in the module's XRHandJoint order). */
function posed(pos: P3[], gesture: HandGesture): P3[] {
  if (gesture === 'pinch') {
    // Thumb tip (4) and index tip (9) meet between where they were; the thumb's distal (3) and the
    // index finger's distal (8) follow halfway.
    const meet = lerp(pos[4]!, pos[9]!, 0.5);
    pos[3] = lerp(pos[3]!, meet, 0.5);
    pos[8] = lerp(pos[8]!, meet, 0.5);
    pos[4] = meet;
    pos[9] = meet;
  } else if (gesture === 'point') {
    // Middle, ring and little fingers curl under the palm (−Y, back towards the wrist: +Z); the
    // thumb's tip rests on the middle finger; the index finger stays straight.
    for (let finger = 2; finger <= 4; finger++) {
      const base = 5 * finger; // metacarpal
      const proximal = pos[base + 1]!;
      for (let k = 2; k <= 4; k++) {
        const j = base + k;
        pos[j] = [proximal[0], proximal[1] - 0.012 * (k - 1), proximal[2] + 0.012 * (k - 1)] as const;
      }
    }
    pos[4] = lerp(pos[4]!, pos[11]!, 0.8);
  }
  return pos;
}

export function simulatedHand(
  handedness: 'left' | 'right' | 'none',
  scale = 1,
  gesture: HandGesture = 'open',
): DeviceHand {
  const mirror = handedness === 'left' ? -1 : 1;
  const pos = posed(
    ArrayPrototypeMap(RIGHT, (r) => [r[0] * mirror * scale, r[1] * scale, r[2] * scale] as const),
    gesture,
  );
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
