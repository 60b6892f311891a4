// Native depth sensing and a native camera for simulated devices (Depth Sensing and Raw Camera
// Access modules): the images are rendered from the room's geometry through a ray caster, so any
// environment that can answer "how far along this ray is the first surface?" can be sensed.
// The device produces raw data only; src/policy decides what of it reaches a page.
//
// Conventions. Normalized view coordinates: (0, 0) is the top-left corner of the view, x grows to
// the right and y downwards, (1, 1) is the bottom-right corner. Depth buffers are row-major, row 0
// at the top (normDepthBufferFromNormView maps the view's coordinates into the buffer's). A depth
// is the distance from the sensor's plane (not along the ray), in metres; 0 means no data. Camera
// images are RGBA8 in WebGL's upload order: the first row is the bottom of the image.

import type { DepthCapabilities, XRDepthDataFormat } from '../policy/depth-sensing.js';
import {
  Float32Array,
  Float64Array,
  MathFloor,
  MathMax,
  MathMin,
  MathRound,
  MathSqrt,
  NumberIsFinite,
  ObjectFreeze,
  Uint8Array,
  Uint16Array,
} from '../primordials.js';
import type {
  DeviceCamera,
  DeviceCameraImage,
  DeviceDepthBuffer,
  DeviceDepthSensing,
  RayCaster,
  RigidPose,
} from './types.js';

// --- Small vector helpers ---------------------------------------------------------------------

/** Rotates (x, y, z) by the unit quaternion q, into out[0..2]. */
function rotate(q: RigidPose['orientation'], x: number, y: number, z: number, out: Float64Array): void {
  const tx = 2 * (q.y * z - q.z * y);
  const ty = 2 * (q.z * x - q.x * z);
  const tz = 2 * (q.x * y - q.y * x);
  out[0] = x + q.w * tx + (q.y * tz - q.z * ty);
  out[1] = y + q.w * ty + (q.z * tx - q.x * tz);
  out[2] = z + q.w * tz + (q.x * ty - q.y * tx);
}

function conj(q: RigidPose['orientation']): RigidPose['orientation'] {
  return { x: -q.x, y: -q.y, z: -q.z, w: q.w };
}

/** a ∘ b (b applied first). */
export function composePose(a: RigidPose, b: RigidPose): RigidPose {
  const t = new Float64Array(3);
  rotate(a.orientation, b.position.x, b.position.y, b.position.z, t);
  const q1 = a.orientation;
  const q2 = b.orientation;
  return {
    position: {
      x: a.position.x + (t[0] as number),
      y: a.position.y + (t[1] as number),
      z: a.position.z + (t[2] as number),
    },
    orientation: {
      x: q1.w * q2.x + q1.x * q2.w + q1.y * q2.z - q1.z * q2.y,
      y: q1.w * q2.y - q1.x * q2.z + q1.y * q2.w + q1.z * q2.x,
      z: q1.w * q2.z + q1.x * q2.y - q1.y * q2.x + q1.z * q2.w,
      w: q1.w * q2.w - q1.x * q2.x - q1.y * q2.y - q1.z * q2.z,
    },
  };
}

/** The direction (unnormalized, z = -1) in view space through normalized view coordinates (u, v). */
function viewRay(p: readonly number[], u: number, v: number, out: Float64Array): void {
  // A perspective projection without skew: ndc.x = (P0·x + P8·z) / -z, ndc.y = (P5·y + P9·z) / -z.
  const nx = 2 * u - 1;
  const ny = 1 - 2 * v;
  out[0] = (nx + (p[8] as number)) / (p[0] as number);
  out[1] = (ny + (p[9] as number)) / (p[5] as number);
  out[2] = -1;
}

/** Applies a rigid transform to the point (x, y, 0): the normalized-coordinates change. */
function applyNorm(t: RigidPose, x: number, y: number, out: Float64Array): void {
  rotate(t.orientation, x, y, 0, out);
  out[0] = (out[0] as number) + t.position.x;
  out[1] = (out[1] as number) + t.position.y;
}

/** The inverse rigid transform applied to (x, y, 0). */
function applyNormInverse(t: RigidPose, x: number, y: number, out: Float64Array): void {
  rotate(conj(t.orientation), x - t.position.x, y - t.position.y, -t.position.z, out);
}

// --- Rendering from a caster --------------------------------------------------------------------

/**
 * Renders a `width` × `height` depth buffer of the view whose pose in base space is `viewPose`,
 * through `cast`: each entry is the depth of the first surface along the ray through the entry's
 * centre, measured from the view's plane (0 where no surface is hit).
 */
export function renderDepth(
  projectionMatrix: readonly number[],
  viewPose: RigidPose,
  width: number,
  height: number,
  cast: RayCaster,
): Float64Array {
  const out = new Float64Array(width * height);
  const d = new Float64Array(3);
  const w = new Float64Array(3);
  const origin = viewPose.position;
  for (let row = 0; row < height; row++) {
    for (let col = 0; col < width; col++) {
      viewRay(projectionMatrix, (col + 0.5) / width, (row + 0.5) / height, d);
      const len = MathSqrt((d[0] as number) ** 2 + (d[1] as number) ** 2 + 1);
      rotate(viewPose.orientation, (d[0] as number) / len, (d[1] as number) / len, -1 / len, w);
      const t = cast(origin, { x: w[0] as number, y: w[1] as number, z: w[2] as number });
      // Along the ray t; from the view's plane t / len (the ray's forward component is 1/len).
      out[row * width + col] = t !== null && NumberIsFinite(t) && t > 0 ? t / len : 0;
    }
  }
  return out;
}

/**
 * Renders an RGBA8 camera image of the view through `cast`: surfaces shaded by their orientation
 * (a normal estimated from neighbouring hits, lit from above) and distance, with a 50 cm
 * checkerboard on them so that the image has structure; a sky colour where nothing is hit.
 * Rows are in WebGL upload order (the first row is the bottom of the image).
 */
export function renderCameraImage(
  projectionMatrix: readonly number[],
  viewPose: RigidPose,
  width: number,
  height: number,
  cast: RayCaster,
): Uint8Array {
  // Hit points (x, y, z, hit) per pixel, top row first.
  const hits = new Float64Array(width * height * 4);
  const d = new Float64Array(3);
  const w = new Float64Array(3);
  const o = viewPose.position;
  for (let row = 0; row < height; row++) {
    for (let col = 0; col < width; col++) {
      viewRay(projectionMatrix, (col + 0.5) / width, (row + 0.5) / height, d);
      const len = MathSqrt((d[0] as number) ** 2 + (d[1] as number) ** 2 + 1);
      rotate(viewPose.orientation, (d[0] as number) / len, (d[1] as number) / len, -1 / len, w);
      const dir = { x: w[0] as number, y: w[1] as number, z: w[2] as number };
      const t = cast(o, dir);
      const i = (row * width + col) * 4;
      if (t !== null && NumberIsFinite(t) && t > 0) {
        hits[i] = o.x + dir.x * t;
        hits[i + 1] = o.y + dir.y * t;
        hits[i + 2] = o.z + dir.z * t;
        hits[i + 3] = t;
      }
    }
  }
  const px = new Uint8Array(width * height * 4);
  for (let row = 0; row < height; row++) {
    for (let col = 0; col < width; col++) {
      const i = (row * width + col) * 4;
      // WebGL order: the image's top row is the last one.
      const o4 = ((height - 1 - row) * width + col) * 4;
      const t = hits[i + 3] as number;
      if (t === 0) {
        // Sky: lighter towards the top.
        const k = row / MathMax(1, height - 1);
        px[o4] = 150 + MathRound(40 * (1 - k));
        px[o4 + 1] = 190 + MathRound(30 * (1 - k));
        px[o4 + 2] = 235;
        px[o4 + 3] = 255;
        continue;
      }
      // The surface normal from the neighbouring hits (right and below, or left and above).
      const nxI = col + 1 < width ? i + 4 : i - 4;
      const nyI = row + 1 < height ? i + width * 4 : i - width * 4;
      let nx = 0;
      let ny = 1;
      let nz = 0;
      if ((hits[nxI + 3] as number) > 0 && (hits[nyI + 3] as number) > 0) {
        const ax = (hits[nxI] as number) - (hits[i] as number);
        const ay = (hits[nxI + 1] as number) - (hits[i + 1] as number);
        const az = (hits[nxI + 2] as number) - (hits[i + 2] as number);
        const bx = (hits[nyI] as number) - (hits[i] as number);
        const by = (hits[nyI + 1] as number) - (hits[i + 1] as number);
        const bz = (hits[nyI + 2] as number) - (hits[i + 2] as number);
        nx = ay * bz - az * by;
        ny = az * bx - ax * bz;
        nz = ax * by - ay * bx;
        const n = MathSqrt(nx * nx + ny * ny + nz * nz);
        if (n > 0) {
          nx /= n;
          ny /= n;
          nz /= n;
        }
      }
      // Lit from above and slightly in front; the normal's sign does not matter (two-sided).
      const lambert = MathMin(1, MathMax(0, (ny > 0 ? ny : -ny) * 0.75 + (nz > 0 ? nz : -nz) * 0.45 + 0.1));
      const fog = 1 / (1 + t * 0.15);
      const checker =
        (MathFloor((hits[i] as number) * 2) +
          MathFloor((hits[i + 1] as number) * 2) +
          MathFloor((hits[i + 2] as number) * 2)) &
        1;
      const base = checker ? 200 : 140;
      const shade = base * (0.25 + 0.75 * lambert) * (0.35 + 0.65 * fog);
      px[o4] = MathRound(MathMin(255, shade * 1.0));
      px[o4 + 1] = MathRound(MathMin(255, shade * 0.92));
      px[o4 + 2] = MathRound(MathMin(255, shade * 0.8));
      px[o4 + 3] = 255;
    }
  }
  return px;
}

/**
 * The default room of the simulated devices until an environment is plugged in: a floor at
 * `floorY` and a far wall at z = `wallZ` (facing +z), in the device's base space.
 */
export function floorAndWallCaster(floorY: number, wallZ: number): RayCaster {
  return (o, d) => {
    let best: number | null = null;
    if (d.y < 0) {
      const t = (floorY - o.y) / d.y;
      if (t > 0) best = t;
    }
    if (d.z < 0) {
      const t = (wallZ - o.z) / d.z;
      if (t > 0 && (best === null || t < best)) best = t;
    }
    return best;
  };
}

// --- Raw encodings ----------------------------------------------------------------------------

/** Depth in metres from a raw buffer of `format` (little-endian, as the platform's typed arrays). */
export function decodeDepth(
  data: ArrayBuffer,
  format: XRDepthDataFormat,
  count: number,
  rawValueToMeters: number,
): Float64Array {
  const out = new Float64Array(count);
  if (format === 'float32') {
    const n = MathMin(count, MathFloor(data.byteLength / 4));
    const f = new Float32Array(data, 0, n);
    for (let i = 0; i < n; i++) out[i] = (f[i] as number) * rawValueToMeters;
  } else {
    const n = MathMin(count, MathFloor(data.byteLength / 2));
    const u = new Uint16Array(data, 0, n);
    for (let i = 0; i < n; i++) out[i] = (u[i] as number) * rawValueToMeters;
  }
  return out;
}

/** A raw buffer of `format` holding `metres` in units of `rawValueToMeters` (uint16 rounded and clamped). */
export function encodeDepth(
  metres: Float64Array,
  format: XRDepthDataFormat,
  rawValueToMeters: number,
): ArrayBuffer {
  if (format === 'float32') {
    const f = new Float32Array(metres.length);
    for (let i = 0; i < metres.length; i++) f[i] = (metres[i] as number) / rawValueToMeters;
    return f.buffer as ArrayBuffer;
  }
  const u = new Uint16Array(metres.length);
  for (let i = 0; i < metres.length; i++) {
    const r = MathRound((metres[i] as number) / rawValueToMeters);
    u[i] = MathMax(0, MathMin(r, 65535));
  }
  return u.buffer as ArrayBuffer;
}

// --- Reprojection (matchDepthView) --------------------------------------------------------------

/**
 * The sensor's depth seen from the view (spec(depth) matchDepthView: depth aligned with the
 * XRView): every entry of the sensor's buffer is unprojected with its depth, moved into the view's
 * space and projected again (nearest surface wins); entries nothing lands on have no data (0).
 * Both buffers use `buffer.normDepthBufferFromNormView`.
 */
export function reprojectDepth(
  buffer: DeviceDepthBuffer,
  sensorProjection: readonly number[],
  sensorOffset: RigidPose,
  viewProjection: readonly number[],
  viewOffset: RigidPose,
): Float64Array {
  const w = buffer.width;
  const h = buffer.height;
  const out = new Float64Array(w * h);
  const norm = buffer.normDepthBufferFromNormView;
  const a = new Float64Array(3);
  const ray = new Float64Array(3);
  const p = new Float64Array(3);
  // view-from-sensor: inverse(viewOffset) ∘ sensorOffset.
  const inv = conj(viewOffset.orientation);
  const toView = composePose(
    {
      position: (() => {
        rotate(inv, -viewOffset.position.x, -viewOffset.position.y, -viewOffset.position.z, a);
        return { x: a[0] as number, y: a[1] as number, z: a[2] as number };
      })(),
      orientation: inv,
    },
    sensorOffset,
  );
  const m = viewProjection;
  for (let row = 0; row < h; row++) {
    for (let col = 0; col < w; col++) {
      const depth = buffer.metres[row * w + col] as number;
      if (!(depth > 0)) continue;
      // Buffer coordinates → the sensor's normalized view coordinates → a point in sensor space.
      applyNormInverse(norm, (col + 0.5) / w, (row + 0.5) / h, a);
      viewRay(sensorProjection, a[0] as number, a[1] as number, ray);
      rotate(toView.orientation, (ray[0] as number) * depth, (ray[1] as number) * depth, -depth, p);
      const x = (p[0] as number) + toView.position.x;
      const y = (p[1] as number) + toView.position.y;
      const z = (p[2] as number) + toView.position.z;
      if (z >= 0) continue;
      const cw = (m[3] as number) * x + (m[7] as number) * y + (m[11] as number) * z + (m[15] as number);
      if (!(cw > 0)) continue;
      const cx =
        ((m[0] as number) * x + (m[4] as number) * y + (m[8] as number) * z + (m[12] as number)) / cw;
      const cy =
        ((m[1] as number) * x + (m[5] as number) * y + (m[9] as number) * z + (m[13] as number)) / cw;
      if (cx < -1 || cx > 1 || cy < -1 || cy > 1) continue;
      applyNorm(norm, (cx + 1) / 2, (1 - cy) / 2, a);
      const oc = MathFloor((a[0] as number) * w);
      const or = MathFloor((a[1] as number) * h);
      if (oc < 0 || oc >= w || or < 0 || or >= h) continue;
      const k = or * w + oc;
      const prev = out[k] as number;
      if (prev === 0 || -z < prev) out[k] = -z;
    }
  }
  return out;
}

// --- Simulated sensors --------------------------------------------------------------------------

/** Every type, usage and format (the simulated sensors convert on request). */
const ALL: DepthCapabilities = ObjectFreeze({
  types: ObjectFreeze([]),
  usages: ObjectFreeze([]),
  formats: ObjectFreeze([]),
});

const IDENTITY: RigidPose = ObjectFreeze({
  position: ObjectFreeze({ x: 0, y: 0, z: 0 }),
  orientation: ObjectFreeze({ x: 0, y: 0, z: 0, w: 1 }),
});

/**
 * Depth rendered from a caster for each view (aligned with it), `width` entries wide and as tall
 * as the view's aspect gives, in millimetres. The last buffer is kept while the viewer, the view
 * and the caster stay the same objects (a still headset renders once).
 */
export function castDepthSensing(caster: () => RayCaster, width = 160): DeviceDepthSensing {
  const cache: { key: unknown[]; value: DeviceDepthBuffer }[] = [];
  return {
    capabilities: ALL,
    depthFor(view, viewer, index) {
      const cast = caster();
      const hit = cache[index];
      if (hit && hit.key[0] === view && hit.key[1] === viewer && hit.key[2] === cast) return hit.value;
      const aspect = view.resolution.height / MathMax(1, view.resolution.width);
      const w = width;
      const h = MathMax(1, MathRound(width * aspect));
      const metres = renderDepth(view.projectionMatrix, composePose(viewer, view.viewOffset), w, h, cast);
      const value: DeviceDepthBuffer = ObjectFreeze({
        width: w,
        height: h,
        metres,
        rawValueToMeters: 0.001,
        format: 'unsigned-short',
        normDepthBufferFromNormView: IDENTITY,
        projectionMatrix: null,
        sensorOffset: null,
      });
      cache[index] = { key: [view, viewer, cast], value };
      return value;
    },
  };
}

/** A camera rendered from a caster, aligned with each view, `width` texels wide (aspect of the view). */
export function castCamera(caster: () => RayCaster, width = 256): DeviceCamera {
  const cache: { key: unknown[]; value: DeviceCameraImage }[] = [];
  return {
    imageFor(view, viewer, index) {
      const cast = caster();
      const hit = cache[index];
      if (hit && hit.key[0] === view && hit.key[1] === viewer && hit.key[2] === cast) return hit.value;
      const aspect = view.resolution.height / MathMax(1, view.resolution.width);
      const w = width;
      const h = MathMax(1, MathRound(width * aspect));
      const pixels = renderCameraImage(
        view.projectionMatrix,
        composePose(viewer, view.viewOffset),
        w,
        h,
        cast,
      );
      const value: DeviceCameraImage = ObjectFreeze({ width: w, height: h, pixels });
      cache[index] = { key: [view, viewer, cast], value };
      return value;
    },
  };
}

/** Where the default room puts the floor when the device does not know it: a phone held at 1.4 m. */
const DEFAULT_EYE_HEIGHT = 1.4;
/** The default room's far wall, this far in front of the base space's origin. */
const DEFAULT_WALL_DISTANCE = 3;

/** The device parts the cast sensors use. */
interface CastSensorsDevice {
  frame(options?: { readonly drainActions?: boolean }): { readonly floor: RigidPose | null };
  depthSensing: DeviceDepthSensing | null;
  camera: DeviceCamera | null;
  sensingCaster: RayCaster | null;
}

/**
 * Gives a simulated device depth sensing and a camera that see `device.sensingCaster` (the room
 * an environment plugs in), or until then a floor (the device's, or 1.4 m below the origin) and a
 * wall 3 m ahead.
 */
export function withCastSensors<D extends CastSensorsDevice>(device: D): D {
  let fallback: RayCaster | null = null;
  let fallbackFloor: number | null = null;
  const caster = (): RayCaster => {
    if (device.sensingCaster !== null) return device.sensingCaster;
    const floor = device.frame(PEEK).floor;
    const y = floor ? floor.position.y : -DEFAULT_EYE_HEIGHT;
    if (fallback === null || fallbackFloor !== y) {
      fallback = floorAndWallCaster(y, -DEFAULT_WALL_DISTANCE);
      fallbackFloor = y;
    }
    return fallback;
  };
  device.depthSensing = castDepthSensing(caster);
  device.camera = castCamera(caster);
  return device;
}

const PEEK = ObjectFreeze({ drainActions: false });
