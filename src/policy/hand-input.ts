// What a session reports of a tracked hand (WebXR Hand Input Module).
// spec(hand-input): #privacy-security: "Data returned from this API, MUST NOT be so specific that
// one can detect individual users. If the underlying hardware returns data that is too precise,
// the User Agent MUST anonymize this data (ie by adding noise or rounding)". A hand's size and
// proportions identify people; xrgate therefore scales every hand to one canonical size (the
// distance along the middle finger, wrist to tip) and rounds the joints' positions relative to the
// wrist and their radii to the profile's steps. Every profile anonymizes (it is a MUST); `strict`
// rounds coarser. Pure: offsets in, offsets out.

import type { UAProfile } from './profile.js';

/** The 25 skeleton joints, in the spec's order (their indices are the XRHandJoint order). */
export const handJoints = Object.freeze([
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

/** The indices of the middle finger's chain, wrist to tip: its length is the hand's size. */
const MIDDLE_CHAIN = [0, 10, 11, 12, 13, 14] as const;

/** The hand's size: the path length along the middle finger, wrist to tip (metres). */
export function handSize(joints: readonly JointOffset[]): number {
  let total = 0;
  for (let i = 1; i < MIDDLE_CHAIN.length; i++) {
    const a = joints[MIDDLE_CHAIN[i - 1] as number];
    const b = joints[MIDDLE_CHAIN[i] as number];
    if (!a || !b) return Number.NaN;
    total += Math.hypot(b[0] - a[0], b[1] - a[1], b[2] - a[2]);
  }
  return total;
}

function round(v: number, step: number): number {
  const r = Math.round(v / step) * step;
  const digits = Math.max(0, Math.min(15, -Math.floor(Math.log10(step)) + 1));
  const out = Number(r.toFixed(digits));
  return Object.is(out, -0) ? 0 : out;
}

function finite(v: unknown, fallback: number): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
}

/**
 * The hand as a session reports it: scaled so that its size is `profile.handCanonicalSize`, then
 * positions (relative to the wrist) and radii rounded to the profile's steps; orientations are
 * kept, normalized. Null when the data cannot be a hand (not 25 joints, or no size).
 */
export function reportedHand(hand: HandData, profile: UAProfile): HandData | null {
  if (hand.joints.length !== 25 || hand.radii.length !== 25) return null;
  const size = handSize(hand.joints);
  if (!(size > 0) || !Number.isFinite(size)) return null;
  const scale = profile.handCanonicalSize / size;
  const pStep = profile.handPositionStep;
  const rStep = profile.handRadiusStep;
  const joints: JointOffset[] = hand.joints.map((j) => {
    const qx = finite(j[3], 0);
    const qy = finite(j[4], 0);
    const qz = finite(j[5], 0);
    const qw = finite(j[6], 1);
    const n = Math.hypot(qx, qy, qz, qw) || 1;
    return Object.freeze([
      round(finite(j[0], 0) * scale, pStep),
      round(finite(j[1], 0) * scale, pStep),
      round(finite(j[2], 0) * scale, pStep),
      qx / n,
      qy / n,
      qz / n,
      qw / n,
    ]) as JointOffset;
  });
  // A radius is never reported as 0: a sphere that touches the skin has a size.
  const radii = hand.radii.map((r) => Math.max(rStep, round(Math.abs(finite(r, 0.01)) * scale, rStep)));
  return Object.freeze({ joints: Object.freeze(joints), radii: Object.freeze(radii) });
}
