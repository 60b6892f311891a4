// FLOOR: the least work any runtime conforming to the WebXR Device API's object model must do for
// getViewerPose/getPose. Each pose is composed from stored positions and orientations (invert the
// base, multiply), and every object the spec makes the call return is allocated fresh, nothing
// cached across calls: a new XRPose/XRViewerPose, a new XRRigidTransform per pose and per view,
// new XRView objects and a new frozen `views` array per getViewerPose. Attributes the spec lets a
// runtime create on first read (position, orientation, matrix, projectionMatrix) are created when
// read, once per object ([SameObject], or the same array until detached). No brand checks, no
// argument conversion, no privacy rules: the frame's active flag is the only check.

import { FLOOR_Y, type FramePoses, IPD, PROJECTION, type ScenePose } from './scene.js';

export type PointCtor = new (x?: number, y?: number, z?: number, w?: number) => DOMPointReadOnly;

/** A minimal DOMPointReadOnly for Node, which has none. */
class MinimalPoint {
  readonly x: number;
  readonly y: number;
  readonly z: number;
  readonly w: number;
  constructor(x = 0, y = 0, z = 0, w = 1) {
    this.x = x;
    this.y = y;
    this.z = z;
    this.w = w;
  }
}

let Point: PointCtor =
  (globalThis as { DOMPointReadOnly?: PointCtor }).DOMPointReadOnly ?? (MinimalPoint as unknown as PointCtor);

/** Stored pose data: a position and a unit orientation quaternion. */
export class Rigid7 {
  px = 0;
  py = 0;
  pz = 0;
  qx = 0;
  qy = 0;
  qz = 0;
  qw = 1;

  set(p: ScenePose): void {
    this.px = p.position.x;
    this.py = p.position.y;
    this.pz = p.position.z;
    this.qx = p.orientation.x;
    this.qy = p.orientation.y;
    this.qz = p.orientation.z;
    this.qw = p.orientation.w;
  }
}

export class FloorTransform {
  readonly px: number;
  readonly py: number;
  readonly pz: number;
  readonly qx: number;
  readonly qy: number;
  readonly qz: number;
  readonly qw: number;
  #position: DOMPointReadOnly | null = null;
  #orientation: DOMPointReadOnly | null = null;
  #matrix: Float32Array | null = null;

  constructor(px: number, py: number, pz: number, qx: number, qy: number, qz: number, qw: number) {
    this.px = px;
    this.py = py;
    this.pz = pz;
    this.qx = qx;
    this.qy = qy;
    this.qz = qz;
    this.qw = qw;
  }

  get position(): DOMPointReadOnly {
    if (this.#position === null) this.#position = new Point(this.px, this.py, this.pz, 1);
    return this.#position;
  }

  get orientation(): DOMPointReadOnly {
    if (this.#orientation === null) this.#orientation = new Point(this.qx, this.qy, this.qz, this.qw);
    return this.#orientation;
  }

  get matrix(): Float32Array {
    let m = this.#matrix;
    // A detached array has length 0: the spec wants a new one then.
    if (m === null || m.length === 0) {
      m = new Float32Array(16);
      const { qx, qy, qz, qw } = this;
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
      m[0] = 1 - (yy + zz);
      m[1] = xy + wz;
      m[2] = xz - wy;
      m[4] = xy - wz;
      m[5] = 1 - (xx + zz);
      m[6] = yz + wx;
      m[8] = xz + wy;
      m[9] = yz - wx;
      m[10] = 1 - (xx + yy);
      m[12] = this.px;
      m[13] = this.py;
      m[14] = this.pz;
      m[15] = 1;
      this.#matrix = m;
    }
    return m;
  }
}

/** The pose of `s` in `b`: b⁻¹ ∘ s. */
function relative(b: Rigid7, s: Rigid7): FloorTransform {
  const qx = -b.qx;
  const qy = -b.qy;
  const qz = -b.qz;
  const qw = b.qw;
  const vx = s.px - b.px;
  const vy = s.py - b.py;
  const vz = s.pz - b.pz;
  // rotate v by conj(b.q): v + 2w(q×v) + 2q×(q×v)
  const tx = 2 * (qy * vz - qz * vy);
  const ty = 2 * (qz * vx - qx * vz);
  const tz = 2 * (qx * vy - qy * vx);
  const rx = s.qx;
  const ry = s.qy;
  const rz = s.qz;
  const rw = s.qw;
  return new FloorTransform(
    vx + qw * tx + (qy * tz - qz * ty),
    vy + qw * ty + (qz * tx - qx * tz),
    vz + qw * tz + (qx * ty - qy * tx),
    qw * rx + qx * rw + qy * rz - qz * ry,
    qw * ry - qx * rz + qy * rw + qz * rx,
    qw * rz + qx * ry - qy * rx + qz * rw,
    qw * rw - qx * rx - qy * ry - qz * rz,
  );
}

/** a ∘ b. */
function compose(a: FloorTransform, b: Rigid7): FloorTransform {
  const qx = a.qx;
  const qy = a.qy;
  const qz = a.qz;
  const qw = a.qw;
  const bx = b.px;
  const by = b.py;
  const bz = b.pz;
  const tx = 2 * (qy * bz - qz * by);
  const ty = 2 * (qz * bx - qx * bz);
  const tz = 2 * (qx * by - qy * bx);
  const rx = b.qx;
  const ry = b.qy;
  const rz = b.qz;
  const rw = b.qw;
  return new FloorTransform(
    a.px + bx + qw * tx + (qy * tz - qz * ty),
    a.py + by + qw * ty + (qz * tx - qx * tz),
    a.pz + bz + qw * tz + (qx * ty - qy * tx),
    qw * rx + qx * rw + qy * rz - qz * ry,
    qw * ry - qx * rz + qy * rw + qz * rx,
    qw * rz + qx * ry - qy * rx + qz * rw,
    qw * rw - qx * rx - qy * ry - qz * rz,
  );
}

export class FloorPose {
  readonly transform: FloorTransform;
  readonly emulatedPosition: boolean;
  constructor(transform: FloorTransform, emulatedPosition: boolean) {
    this.transform = transform;
    this.emulatedPosition = emulatedPosition;
  }

  get linearVelocity(): DOMPointReadOnly | null {
    return null;
  }

  get angularVelocity(): DOMPointReadOnly | null {
    return null;
  }
}

export class FloorView {
  readonly eye: 'left' | 'right';
  readonly index: number;
  readonly transform: FloorTransform;
  readonly #source: Float32Array;
  #projection: Float32Array | null = null;

  constructor(eye: 'left' | 'right', index: number, transform: FloorTransform, source: Float32Array) {
    this.eye = eye;
    this.index = index;
    this.transform = transform;
    this.#source = source;
  }

  get recommendedViewportScale(): number | null {
    return null;
  }

  get projectionMatrix(): Float32Array {
    let m = this.#projection;
    if (m === null || m.length === 0) {
      m = new Float32Array(this.#source);
      this.#projection = m;
    }
    return m;
  }
}

export class FloorViewerPose extends FloorPose {
  readonly views: readonly FloorView[];
  constructor(transform: FloorTransform, emulatedPosition: boolean, views: readonly FloorView[]) {
    super(transform, emulatedPosition);
    this.views = views;
  }
}

/** A space: its effective origin in base space. */
export class FloorSpace {
  readonly origin = new Rigid7();
}

export class FloorFrame {
  active = false;
  readonly #rt: FloorRuntime;

  constructor(rt: FloorRuntime) {
    this.#rt = rt;
  }

  getViewerPose(ref: FloorSpace): FloorViewerPose | null {
    if (!this.active) throw new DOMException('the frame is not active', 'InvalidStateError');
    const rt = this.#rt;
    const t = relative(ref.origin, rt.viewer.origin);
    const offsets = rt.viewOffsets;
    const views: FloorView[] = [
      new FloorView('left', 0, compose(t, offsets[0]), rt.projection),
      new FloorView('right', 1, compose(t, offsets[1]), rt.projection),
    ];
    return new FloorViewerPose(t, false, Object.freeze(views));
  }

  getPose(space: FloorSpace, base: FloorSpace): FloorPose | null {
    if (!this.active) throw new DOMException('the frame is not active', 'InvalidStateError');
    return new FloorPose(relative(base.origin, space.origin), false);
  }
}

/** The floor runtime: a stereo headset and two controllers in a local-floor reference space. */
export class FloorRuntime {
  readonly viewer = new FloorSpace();
  readonly localFloor = new FloorSpace();
  readonly grips: readonly [FloorSpace, FloorSpace] = [new FloorSpace(), new FloorSpace()];
  readonly viewOffsets: readonly [Rigid7, Rigid7] = [new Rigid7(), new Rigid7()];
  readonly projection = new Float32Array(PROJECTION);
  readonly frame = new FloorFrame(this);

  constructor() {
    this.localFloor.origin.py = FLOOR_Y;
    this.viewOffsets[0].px = -IPD / 2;
    this.viewOffsets[1].px = IPD / 2;
  }

  /** Stores the tracked poses of the next frame and activates the frame. */
  beginFrame(poses: FramePoses): FloorFrame {
    this.viewer.origin.set(poses.viewer);
    this.grips[0].origin.set(poses.grips[0]);
    this.grips[1].origin.set(poses.grips[1]);
    this.frame.active = true;
    return this.frame;
  }

  endFrame(): void {
    this.frame.active = false;
  }
}

/** Points made by the floor use this constructor (the page's DOMPointReadOnly by default). */
export function usePoint(ctor: PointCtor): void {
  Point = ctor;
}
