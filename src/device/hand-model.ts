// A simulated hand for simulated devices (WebXR Hand Input Module): the 25 skeleton joints of a
// flat hand, palm down, fingers forward (−Z), in the wrist's frame. Each joint's −Z points along
// its bone (a tip along the bone before it), −Y out of the palm, as the module's XRJointSpace
// native origin requires. `scale` sizes the hand (1: a 18.7 cm hand, wrist to middle fingertip);
// a left hand is the mirror image. Device data: xrgate's policy anonymizes it before any page sees it.

import type { DeviceHand } from './types.js';

type Vec = readonly [number, number, number];

// Right hand, metres. Thumb on the −X side, little finger on the +X side.
const RIGHT: readonly Vec[] = [
  [0, 0, 0], // wrist
  [-0.025, 0, -0.025], // thumb
  [-0.045, 0, -0.055],
  [-0.06, 0, -0.085],
  [-0.07, 0, -0.105],
  [-0.022, 0, -0.02], // index
  [-0.022, 0, -0.09],
  [-0.022, 0, -0.13],
  [-0.022, 0, -0.155],
  [-0.022, 0, -0.175],
  [-0.002, 0, -0.02], // middle
  [-0.002, 0, -0.092],
  [-0.002, 0, -0.137],
  [-0.002, 0, -0.165],
  [-0.002, 0, -0.187],
  [0.018, 0, -0.02], // ring
  [0.018, 0, -0.088],
  [0.018, 0, -0.128],
  [0.018, 0, -0.155],
  [0.018, 0, -0.176],
  [0.036, 0, -0.02], // little
  [0.036, 0, -0.08],
  [0.036, 0, -0.112],
  [0.036, 0, -0.132],
  [0.036, 0, -0.15],
];

const RADII = [
  0.02, 0.012, 0.011, 0.009, 0.008, 0.011, 0.01, 0.009, 0.008, 0.007, 0.011, 0.01, 0.009, 0.008, 0.007, 0.011,
  0.01, 0.009, 0.008, 0.007, 0.01, 0.009, 0.008, 0.007, 0.006,
];

/** The next joint along the same bone chain (a tip and the wrist have none). */
function nextOf(i: number): number | null {
  if (i === 0) return null;
  const inFinger = (i - 1) % 5;
  if (i <= 4) return i === 4 ? null : i + 1;
  return inFinger === 3 ? null : i + 1;
}

/** The rotation about +Y that turns −Z towards the direction (dx, dz), as a quaternion. */
function yawTowards(dx: number, dz: number): readonly [number, number, number, number] {
  const yaw = Math.atan2(-dx, -dz);
  return [0, Math.sin(yaw / 2), 0, Math.cos(yaw / 2)];
}

export function simulatedHand(handedness: 'left' | 'right' | 'none', scale = 1): DeviceHand {
  const mirror = handedness === 'left' ? -1 : 1;
  const pos = RIGHT.map(([x, y, z]) => [x * mirror * scale, y * scale, z * scale] as const);
  const joints = pos.map((p, i) => {
    // −Z along the bone to the next joint; a tip follows its previous bone; the wrist: forward.
    const n = nextOf(i);
    const from = n === null ? (i === 0 ? null : pos[i - 1]) : p;
    const to = n === null ? (i === 0 ? null : p) : pos[n];
    const q = from && to ? yawTowards(to[0] - from[0], to[2] - from[2]) : ([0, 0, 0, 1] as const);
    return Object.freeze([p[0], p[1], p[2], q[0], q[1], q[2], q[3]] as const);
  });
  return Object.freeze({
    joints: Object.freeze(joints),
    radii: Object.freeze(RADII.map((r) => r * scale)),
  });
}
