// The scripted scene every runtime in the benchmark replays: a 6DoF stereo headset (IPD 63 mm,
// the simulated headset's projection) and two controllers, all moving a little every frame so that
// no runtime can carry a pose over from the previous frame. Coordinates are xrgate's base space (the
// `local` origin); the floor is 1.7 m below it, as on xrgate's simulated headset.

export interface ScenePose {
  readonly position: { readonly x: number; readonly y: number; readonly z: number };
  readonly orientation: { readonly x: number; readonly y: number; readonly z: number; readonly w: number };
}

export interface FramePoses {
  readonly viewer: ScenePose;
  readonly grips: readonly [ScenePose, ScenePose];
}

/** The floor origin's height in base space (xrgate's simulated headset: 1.7 m below `local`). */
export const FLOOR_Y = -1.7;

export const IPD = 0.063;

/** A symmetric perspective projection (column-major), as xrgate's `perspective()`. */
export function perspective(fovYDeg: number, aspect: number, near = 0.1, far = 1000): number[] {
  const f = 1 / Math.tan((fovYDeg * Math.PI) / 360);
  const nf = 1 / (near - far);
  return [f / aspect, 0, 0, 0, 0, f, 0, 0, 0, 0, (far + near) * nf, -1, 0, 0, 2 * far * near * nf, 0];
}

/** The per-eye projection of xrgate's simulated headset (100° vertical FOV, 1832 x 1920). */
export const PROJECTION: readonly number[] = perspective(100, 1832 / 1920);

function yawPitch(yaw: number, pitch: number): ScenePose['orientation'] {
  // q = yaw (about y) * pitch (about x)
  const cy = Math.cos(yaw / 2);
  const sy = Math.sin(yaw / 2);
  const cp = Math.cos(pitch / 2);
  const sp = Math.sin(pitch / 2);
  return { x: cy * sp, y: sy * cp, z: -sy * sp, w: cy * cp };
}

/** The poses of frame `i` in base space. */
export function framePoses(i: number): FramePoses {
  const s = Math.sin(i / 30);
  const c = Math.cos(i / 45);
  return {
    viewer: {
      position: { x: 0.1 * s, y: 0.02 * c, z: -0.05 + 0.02 * s },
      orientation: yawPitch(0.3 + 0.1 * s, -0.1 + 0.05 * c),
    },
    grips: [
      {
        position: { x: -0.2 + 0.02 * c, y: -0.5 + 0.01 * s, z: -0.3 },
        orientation: yawPitch(0.2 * s, -0.6),
      },
      {
        position: { x: 0.2 + 0.02 * s, y: -0.5 + 0.01 * c, z: -0.3 },
        orientation: yawPitch(-0.2 * c, -0.6),
      },
    ],
  };
}
