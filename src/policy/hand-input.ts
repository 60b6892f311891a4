// What a session reports of a tracked hand (WebXR Hand Input Module).
// spec(hand-input): #privacy-security: "Data returned from this API, MUST NOT be so specific that
// one can detect individual users. If the underlying hardware returns data that is too precise,
// the User Agent MUST anonymize this data (ie by adding noise or rounding)". A hand's size and
// proportions identify people; xrgate therefore rebuilds every hand on one canonical skeleton
// (canonical bone lengths and radii, scaled to the profile's size) from the device's bone
// directions and joint orientations alone, and rounds the result to the profile's steps. Every
// profile anonymizes (it is a MUST); `strict` rounds coarser. Pure: offsets in, offsets out.

import {
  ArrayPrototypeMap,
  Float64Array,
  MathHypot,
  MathMax,
  NumberIsFinite,
  NumberNaN,
  ObjectFreeze,
} from '../primordials.js';
import { snapToStep } from './adjustments.js';
import type { UAProfile } from './profile.js';

/** The 25 skeleton joints, in the spec's order (their indices are the XRHandJoint order). */
export const handJoints = ObjectFreeze([
  'wrist',
  'thumb-metacarpal',
  'thumb-phalanx-proximal',
  'thumb-phalanx-distal',
  'thumb-tip',
  'index-finger-metacarpal',
  'index-finger-phalanx-proximal',
  'index-finger-phalanx-intermediate',
  'index-finger-phalanx-distal',
  'index-finger-tip',
  'middle-finger-metacarpal',
  'middle-finger-phalanx-proximal',
  'middle-finger-phalanx-intermediate',
  'middle-finger-phalanx-distal',
  'middle-finger-tip',
  'ring-finger-metacarpal',
  'ring-finger-phalanx-proximal',
  'ring-finger-phalanx-intermediate',
  'ring-finger-phalanx-distal',
  'ring-finger-tip',
  'pinky-finger-metacarpal',
  'pinky-finger-phalanx-proximal',
  'pinky-finger-phalanx-intermediate',
  'pinky-finger-phalanx-distal',
  'pinky-finger-tip',
] as const);
export type XRHandJoint = (typeof handJoints)[number];

/** A joint relative to the wrist: position (x, y, z) and orientation (x, y, z, w). */
export type JointOffset = readonly [number, number, number, number, number, number, number];

export interface HandData {
  /** 25 offsets from the wrist, in joint order (the wrist's own is its identity). */
  readonly joints: readonly JointOffset[];
  /** 25 radii in metres. */
  readonly radii: readonly number[];
}

/** The hand a session reports: packed joints (position, orientation) and radii. */
export interface ReportedHand {
  /** 25 offsets from the wrist, each a Float64Array [x, y, z, qx, qy, qz, qw]. */
  readonly joints: readonly Float64Array[];
  readonly radii: readonly number[];
}

/**
 * The canonical hand: a right hand, flat, palm down, fingers along −Z, in the wrist's frame
 * (metres; a left hand is its mirror image). Every reported hand has its bone lengths and radii.
 */
export const canonicalHandPositions: readonly (readonly [number, number, number])[] = ObjectFreeze([
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
] as const);

export const canonicalHandRadii: readonly number[] = ObjectFreeze([
  0.02, 0.012, 0.011, 0.009, 0.008, 0.011, 0.01, 0.009, 0.008, 0.007, 0.011, 0.01, 0.009, 0.008, 0.007, 0.011,
  0.01, 0.009, 0.008, 0.007, 0.01, 0.009, 0.008, 0.007, 0.006,
]);

/** The bone chains from the wrist to each fingertip. */
const CHAINS: readonly (readonly number[])[] = [
  [0, 1, 2, 3, 4],
  [0, 5, 6, 7, 8, 9],
  [0, 10, 11, 12, 13, 14],
  [0, 15, 16, 17, 18, 19],
  [0, 20, 21, 22, 23, 24],
];

/** The indices of the middle finger's chain, wrist to tip: its length is the hand's size. */
const MIDDLE_CHAIN = CHAINS[2] as readonly number[];

/** The hand's size: the path length along the middle finger, wrist to tip (metres). */
export function handSize(joints: readonly (readonly number[] | Float64Array)[]): number {
  let total = 0;
  for (let i = 1; i < MIDDLE_CHAIN.length; i++) {
    const a = joints[MIDDLE_CHAIN[i - 1] as number];
    const b = joints[MIDDLE_CHAIN[i] as number];
    if (!a || !b) return NumberNaN;
    total += MathHypot(
      (b[0] as number) - (a[0] as number),
      (b[1] as number) - (a[1] as number),
      (b[2] as number) - (a[2] as number),
    );
  }
  return total;
}

const CANONICAL_SIZE = handSize(canonicalHandPositions);

function finite(v: unknown, fallback: number): number {
  return typeof v === 'number' && NumberIsFinite(v) ? v : fallback;
}

/**
 * The hand as a session reports it. Only the device's joint *directions* and orientations are
 * kept: the hand is rebuilt on the canonical skeleton — each bone along the device's bone
 * direction, with the canonical bone length (scaled to `profile.handCanonicalSize`) — and given the
 * canonical radii. So neither the size nor the proportions of the user's hand reach the page.
 * Positions (relative to the wrist), radii and orientation components are then rounded to the
 * profile's steps. Null when the data is not 25 joints.
 */
export function reportedHand(hand: HandData, profile: UAProfile): ReportedHand | null {
  if (hand.joints.length !== 25 || hand.radii.length !== 25) return null;
  const scale = profile.handCanonicalSize / CANONICAL_SIZE;
  const device = ArrayPrototypeMap(
    hand.joints,
    (j) => [finite(j[0], 0), finite(j[1], 0), finite(j[2], 0)] as const,
  );
  // The canonical direction of a bone, mirrored for a left hand (its thumb is on the +X side).
  const left = (device[1]?.[0] ?? 0) > (device[5]?.[0] ?? 0);
  const pos: [number, number, number][] = ArrayPrototypeMap(device, () => [0, 0, 0]);
  for (let c = 0; c < CHAINS.length; c++) {
    const chain = CHAINS[c]!;
    for (let k = 1; k < chain.length; k++) {
      const parent = chain[k - 1] as number;
      const child = chain[k] as number;
      const cp = canonicalHandPositions[parent] as readonly [number, number, number];
      const cc = canonicalHandPositions[child] as readonly [number, number, number];
      const length = MathHypot(cc[0] - cp[0], cc[1] - cp[1], cc[2] - cp[2]) * scale;
      const dp = device[parent] as readonly [number, number, number];
      const dc = device[child] as readonly [number, number, number];
      let dx = dc[0] - dp[0];
      let dy = dc[1] - dp[1];
      let dz = dc[2] - dp[2];
      let n = MathHypot(dx, dy, dz);
      if (!(n > 0) || !NumberIsFinite(n)) {
        dx = (cc[0] - cp[0]) * (left ? -1 : 1);
        dy = cc[1] - cp[1];
        dz = cc[2] - cp[2];
        n = MathHypot(dx, dy, dz);
      }
      const p = pos[parent] as [number, number, number];
      pos[child] = [p[0] + (dx / n) * length, p[1] + (dy / n) * length, p[2] + (dz / n) * length];
    }
  }
  const pStep = profile.handPositionStep;
  const rStep = profile.handRadiusStep;
  const joints = ArrayPrototypeMap(hand.joints, (j, i) => {
    // Orientation components on the same grid as positions (a unit quaternion's components are ≤ 1).
    let r0 = snapToStep(finite(j[3], 0), pStep);
    let r1 = snapToStep(finite(j[4], 0), pStep);
    let r2 = snapToStep(finite(j[5], 0), pStep);
    let r3 = snapToStep(finite(j[6], 1), pStep);
    let n = MathHypot(r0, r1, r2, r3);
    if (!(n > 0)) {
      r0 = 0;
      r1 = 0;
      r2 = 0;
      r3 = 1;
      n = 1;
    }
    const p = pos[i] as [number, number, number];
    // Written element by element: a typed array's elements are its own (no prototype, no setter).
    const out = new Float64Array(7);
    out[0] = snapToStep(p[0], pStep);
    out[1] = snapToStep(p[1], pStep);
    out[2] = snapToStep(p[2], pStep);
    out[3] = r0 / n;
    out[4] = r1 / n;
    out[5] = r2 / n;
    out[6] = r3 / n;
    return out;
  });
  const radii = ArrayPrototypeMap(canonicalHandRadii, (c) => MathMax(rStep, snapToStep(c * scale, rStep)));
  return ObjectFreeze({ joints: ObjectFreeze(joints), radii: ObjectFreeze(radii) });
}
