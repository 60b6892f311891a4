// The spec's optional mitigations for poses (R-ADJ-02 throttling, R-ADJ-04 quantization), applied
// on the frame path when a profile sets them (UAProfile.poseThrottleHz, positionQuantizationStep):
// the viewer's and the input sources' positions snapped to a grid (quantizedPose), and their poses
// updated at most `hz` times a second with the last reported pose held in between (createThrottle,
// adjustments.ts). Neither profile xrgate ships turns them on: the spec warns that throttling
// risks discomfort and is an incomplete mitigation (input can be inferred at rates as low as 20 Hz,
// R-ADJ-03), and quantizing the head's position makes the world step visibly at arm's length; a
// shell that wants them defines a profile with them.
// Pure.

import { ObjectFreeze } from '../primordials.js';
import { snapToStep } from './adjustments.js';

export interface PoseLike {
  readonly position: { readonly x: number; readonly y: number; readonly z: number };
  readonly orientation: { readonly x: number; readonly y: number; readonly z: number; readonly w: number };
}

/** A pose whose position is quantized to `step` metres (R-ADJ-04); the orientation is kept. */
export function quantizedPose<P extends PoseLike>(pose: P, step: number | null): P {
  if (step === null || !(step > 0)) return pose;
  const { x, y, z } = pose.position;
  return ObjectFreeze({
    ...pose,
    position: ObjectFreeze({ x: snapToStep(x, step), y: snapToStep(y, step), z: snapToStep(z, step) }),
  });
}
