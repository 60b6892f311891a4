// spec(depth): #xr-depth-info-section, #xr-cpu-depth-info-section, #xr-gpu-depth-info-section
// (immersive-web/depth-sensing index.bs @ 2e5e987)
//
// [SecureContext, Exposed=Window] interface XRDepthInformation {
//   readonly attribute unsigned long width; readonly attribute unsigned long height;
//   [SameObject] readonly attribute XRRigidTransform normDepthBufferFromNormView;
//   readonly attribute float rawValueToMeters; };
// XRDepthInformation includes XRViewGeometry;   // projectionMatrix, transform
// [Exposed=Window] interface XRCPUDepthInformation : XRDepthInformation {
//   [SameObject] readonly attribute ArrayBuffer data; float getDepthInMeters(float x, float y); };
// [Exposed=Window] interface XRWebGLDepthInformation : XRDepthInformation {
//   [SameObject] readonly attribute WebGLTexture texture;
//   readonly attribute XRTextureType textureType; readonly attribute unsigned long? imageIndex; };
// partial interface XRFrame { XRCPUDepthInformation? getDepthInformation(XRView view); };
// partial interface XRWebGLBinding { XRWebGLDepthInformation? getDepthInformation(XRView view); };
// partial interface XRSession { depthUsage, depthDataFormat, depthType, depthActive,
//   pauseDepthSensing(), resumeDepthSensing() };
//
// The depth a page gets was decided and adjusted on the user-agent side (src/agent/sensing.ts:
// granted, visible, not paused, quantized, limited); this side only checks the call (the spec's
// steps, src/policy/depth-sensing.ts) and wraps this frame's data.

import type { PageDepth } from '../agent/sensing.js';
import {
  depthAttributeRefusal,
  depthControlIsAllowed,
  depthInformationRequestIsAllowed,
  type XRDepthDataFormat,
} from '../policy/depth-sensing.js';
import {
  Float32Array,
  Float64Array,
  MathFround,
  MathMax,
  MathMin,
  MathTrunc,
  ObjectGetOwnPropertyDescriptor,
  RangeError,
  ReflectApply,
  ReflectDeleteProperty,
  TypeError,
  Uint8Array,
  Uint16Array,
} from '../primordials.js';
import { compose, invert, type Rigid, rigidFromPose } from './rigid.js';
import { frameTexture } from './sensing/frame-textures.js';
import { type SensingSession, sensingSessionOfView } from './sensing/sensing-session.js';
import {
  convertDouble,
  domException,
  errorFromDecision,
  INTERNAL,
  idlAttributes,
  illegalConstructor,
  illegalInvocation,
  requireArgs,
  toStringTag,
} from './webidl.js';
import { transformFrom, type XRRigidTransform, XRRigidTransformInternals } from './XRRigidTransform.js';
import { XRView, XRViewInternals } from './XRView.js';

/** Everything an XRDepthInformation is made of (its view's geometry and this frame's data). */
interface DepthInit {
  readonly depth: PageDepth;
  readonly projection: Float32Array;
  readonly transform: XRRigidTransform;
  /** Throws InvalidStateError unless the view's frame is the running animation frame. */
  readonly access: () => void;
}

export class XRDepthInformation {
  readonly #width: number;
  readonly #height: number;
  readonly #rawValueToMeters: number;
  readonly #norm: XRRigidTransform;
  readonly #projectionSource: Float32Array;
  #projection: Float32Array | null = null;
  readonly #transform: XRRigidTransform;
  readonly #access: () => void;

  constructor(token?: unknown, init?: DepthInit) {
    illegalConstructor(token);
    const i = init as DepthInit;
    this.#width = i.depth.width;
    this.#height = i.depth.height;
    this.#rawValueToMeters = MathFround(i.depth.rawValueToMeters);
    this.#norm = transformFrom(rigidFromPose(i.depth.normDepthBufferFromNormView));
    this.#projectionSource = i.projection;
    this.#transform = i.transform;
    this.#access = i.access;
  }

  static is(v: unknown): v is XRDepthInformation {
    return typeof v === 'object' && v !== null && #width in v;
  }

  /** @internal spec(depth): "attempt to access the depth buffer". */
  static access(v: XRDepthInformation): void {
    v.#access();
  }

  /** @internal */
  static norm(v: XRDepthInformation): XRRigidTransform {
    return v.#norm;
  }

  get width(): number {
    if (!XRDepthInformationInternals.is(this)) illegalInvocation();
    return this.#width;
  }

  get height(): number {
    if (!XRDepthInformationInternals.is(this)) illegalInvocation();
    return this.#height;
  }

  get normDepthBufferFromNormView(): XRRigidTransform {
    if (!XRDepthInformationInternals.is(this)) illegalInvocation();
    return this.#norm;
  }

  get rawValueToMeters(): number {
    if (!XRDepthInformationInternals.is(this)) illegalInvocation();
    return this.#rawValueToMeters;
  }

  // XRViewGeometry: the sensor's projection (the view's when aligned with it).
  get projectionMatrix(): Float32Array {
    if (!XRDepthInformationInternals.is(this)) illegalInvocation();
    let m = this.#projection;
    if (m === null || m.length === 0) {
      m = new Float32Array(16);
      for (let k = 0; k < 16; k++) m[k] = this.#projectionSource[k] as number;
      this.#projection = m;
    }
    return m;
  }

  // XRViewGeometry: the sensor's pose in the view's reference space.
  get transform(): XRRigidTransform {
    if (!XRDepthInformationInternals.is(this)) illegalInvocation();
    return this.#transform;
  }
}

export class XRCPUDepthInformation extends XRDepthInformation {
  readonly #data: ArrayBuffer;
  /** xrgate's own copy of the entries (what getDepthInMeters reads; the page's `data` may be changed). */
  readonly #values: Uint16Array | Float32Array;

  constructor(token?: unknown, init?: DepthInit, format?: XRDepthDataFormat) {
    super(token, init);
    const src = new Uint8Array((init as DepthInit).depth.data);
    const page = new Uint8Array(src.length);
    const own = new Uint8Array(src.length);
    for (let k = 0; k < src.length; k++) {
      page[k] = src[k] as number;
      own[k] = src[k] as number;
    }
    this.#data = page.buffer as ArrayBuffer;
    this.#values =
      format === 'float32'
        ? new Float32Array(own.buffer, 0, own.length >> 2)
        : new Uint16Array(own.buffer, 0, own.length >> 1);
  }

  static isCPU(v: unknown): v is XRCPUDepthInformation {
    return typeof v === 'object' && v !== null && #data in v;
  }

  get data(): ArrayBuffer {
    if (!XRDepthInformationInternals.isCPU(this)) illegalInvocation();
    XRDepthInformationInternals.access(this);
    return this.#data;
  }

  // spec(depth): #obtain-depth-at-coordinates
  getDepthInMeters(x: number, y: number): number {
    if (!XRDepthInformationInternals.isCPU(this)) illegalInvocation();
    requireArgs(arguments.length, 2, 'XRCPUDepthInformation.getDepthInMeters');
    const fx = MathFround(convertDouble(x, 'getDepthInMeters: x'));
    const fy = MathFround(convertDouble(y, 'getDepthInMeters: y'));
    XRDepthInformationInternals.access(this);
    // Steps 2–3.
    if (fx > 1 || fx < 0) throw new RangeError(`getDepthInMeters: x (${fx}) must be within [0, 1]`);
    if (fy > 1 || fy < 0) throw new RangeError(`getDepthInMeters: y (${fy}) must be within [0, 1]`);
    // Steps 4–5: the view's normalized coordinates into the buffer's.
    const t = XRRigidTransformInternals.data(XRDepthInformationInternals.norm(this));
    const px = t[0] as number;
    const py = t[1] as number;
    const qx = t[3] as number;
    const qy = t[4] as number;
    const qz = t[5] as number;
    const qw = t[6] as number;
    // v' = v + 2w(q×v) + 2q×(q×v), v = (fx, fy, 0)
    const tx = 2 * (qy * 0 - qz * fy);
    const ty = 2 * (qz * fx - qx * 0);
    const tz = 2 * (qx * fy - qy * fx);
    const nx = fx + qw * tx + (qy * tz - qz * ty) + px;
    const ny = fy + qw * ty + (qz * tx - qx * tz) + py;
    // Steps 6–8.
    const width = this.width;
    const height = this.height;
    const column = MathMax(0, MathMin(width - 1, MathTrunc(nx * width)));
    const row = MathMax(0, MathMin(height - 1, MathTrunc(ny * height)));
    // Steps 9–13.
    const raw = this.#values[row * width + column] ?? 0;
    return MathFround(raw * this.rawValueToMeters);
  }
}

export class XRWebGLDepthInformation extends XRDepthInformation {
  readonly #texture: object | null;

  constructor(token?: unknown, init?: DepthInit, texture?: object | null) {
    super(token, init);
    this.#texture = texture ?? null;
  }

  static isGL(v: unknown): v is XRWebGLDepthInformation {
    return typeof v === 'object' && v !== null && #texture in v;
  }

  get texture(): object | null {
    if (!XRDepthInformationInternals.isGL(this)) illegalInvocation();
    XRDepthInformationInternals.access(this);
    return this.#texture;
  }

  // xrgate's depth textures are 2D textures (one per view).
  get textureType(): 'texture' | 'texture-array' {
    if (!XRDepthInformationInternals.isGL(this)) illegalInvocation();
    return 'texture';
  }

  get imageIndex(): number | null {
    if (!XRDepthInformationInternals.isGL(this)) illegalInvocation();
    return null;
  }
}

idlAttributes(XRDepthInformation, [
  'width',
  'height',
  'normDepthBufferFromNormView',
  'rawValueToMeters',
  'projectionMatrix',
  'transform',
]);
idlAttributes(XRCPUDepthInformation, ['data']);
idlAttributes(XRWebGLDepthInformation, ['texture', 'textureType', 'imageIndex']);
toStringTag(XRDepthInformation, 'XRDepthInformation');
toStringTag(XRCPUDepthInformation, 'XRCPUDepthInformation');
toStringTag(XRWebGLDepthInformation, 'XRWebGLDepthInformation');

/** @internal xrgate's own access; the statics are removed from the page-visible interface objects. */
export const XRDepthInformationInternals = {
  is: XRDepthInformation.is,
  access: XRDepthInformation.access,
  norm: XRDepthInformation.norm,
  isCPU: XRCPUDepthInformation.isCPU,
  isGL: XRWebGLDepthInformation.isGL,
};
for (const key of ['is', 'access', 'norm']) ReflectDeleteProperty(XRDepthInformation, key);
ReflectDeleteProperty(XRCPUDepthInformation, 'isCPU');
ReflectDeleteProperty(XRWebGLDepthInformation, 'isGL');

// --- The view's geometry ------------------------------------------------------------------------

const viewProto = XRView.prototype;
const getViewTransform = ObjectGetOwnPropertyDescriptor(viewProto, 'transform')?.get as (
  this: XRView,
) => XRRigidTransform;
const getViewProjection = ObjectGetOwnPropertyDescriptor(viewProto, 'projectionMatrix')?.get as (
  this: XRView,
) => Float32Array;

/** The depth information's geometry: the view's, or the sensor's where it is not aligned with it. */
function geometryOf(
  view: XRView,
  depth: PageDepth,
): { projection: Float32Array; transform: XRRigidTransform } {
  const viewT = ReflectApply(getViewTransform, view, []) as XRRigidTransform;
  const projection =
    depth.projectionMatrix === null
      ? (ReflectApply(getViewProjection, view, []) as Float32Array)
      : (() => {
          const m = new Float32Array(16);
          for (let k = 0; k < 16; k++) m[k] = depth.projectionMatrix![k] ?? 0;
          return m;
        })();
  if (depth.sensorOffset === null) {
    return { projection, transform: transformFrom(XRRigidTransformInternals.data(viewT)) };
  }
  // sensor in the reference space = view ∘ inverse(view offset) ∘ sensor offset.
  const slot = XRViewInternals.slot(view);
  const viewer: Rigid = compose(
    new Float64Array(7),
    XRRigidTransformInternals.data(viewT),
    invert(new Float64Array(7), rigidFromPose(slot.device.viewOffset)),
  );
  const sensor = compose(new Float64Array(7), viewer, rigidFromPose(depth.sensorOffset));
  return { projection, transform: transformFrom(sensor) };
}

function depthInit(core: SensingSession, view: XRView, depth: PageDepth, frameId: number): DepthInit {
  const g = geometryOf(view, depth);
  return {
    depth,
    projection: g.projection,
    transform: g.transform,
    // spec(depth): #accessing-depth-buffer-members steps 4–5 (R-DEPTH-06).
    access: () => {
      if (!core.inAnimationFrame(frameId)) {
        throw domException(
          'InvalidStateError',
          "the depth information's frame is not an active animation frame: depth buffers are usable during their frame only [R-DEPTH-06]",
        );
      }
    },
  };
}

/** This frame's depth for `view` as the user agent sent it (null: none), unless depth is paused. */
function depthOf(core: SensingSession, frameId: number, view: XRView): PageDepth | null {
  // spec(depth): create a CPU/WebGL depth information instance step 5: not while paused.
  if (!core.depthActive) return null;
  const data = core.animationFrameData(frameId);
  const list = data?.depth;
  if (!list) return null;
  return list[XRViewInternals.slot(view).index] ?? null;
}

// --- XRFrame.getDepthInformation (CPU) ------------------------------------------------------------

/** The frame facts XRFrame passes (its private state). */
export interface DepthFrameFacts {
  readonly session: object;
  readonly id: number;
  readonly active: boolean;
  readonly animationFrame: boolean;
}

// spec(depth): #obtain-depth-information
export function frameDepthInformation(
  core: SensingSession | undefined,
  frame: DepthFrameFacts,
  view: unknown,
): XRCPUDepthInformation | null {
  if (!XRViewInternals.is(view))
    throw new TypeError("getDepthInformation: parameter 1 is not of type 'XRView'");
  const config = core?.depthConfiguration ?? null;
  const d = depthInformationRequestIsAllowed({
    api: 'cpu',
    enabled: core !== undefined && config !== null && core.granted.has('depth-sensing'),
    usage: config?.usage ?? null,
    sameSession: true,
    frameActive: frame.active && core !== undefined && !core.ended,
    animationFrame: frame.animationFrame,
    viewOfFrame: core !== undefined && XRViewInternals.frameId(view) === frame.id && core.ownsView(view),
  });
  if (!d.allowed) throw errorFromDecision(d);
  const c = core as SensingSession;
  const depth = depthOf(c, frame.id, view);
  if (depth === null) return null;
  return new XRCPUDepthInformation(
    INTERNAL,
    depthInit(c, view, depth, frame.id),
    (config as NonNullable<typeof config>).dataFormat,
  );
}

// --- XRWebGLBinding.getDepthInformation (GPU) -------------------------------------------------------

// spec(depth): #obtain-webgl-depth-information
export function bindingDepthInformation(
  binding: { session: object; context: object },
  view: unknown,
): XRWebGLDepthInformation | null {
  if (!XRViewInternals.is(view))
    throw new TypeError("getDepthInformation: parameter 1 is not of type 'XRView'");
  const viewSession = sensingSessionOfView(view);
  const frameId = XRViewInternals.frameId(view);
  const core = viewSession !== undefined && viewSession.session === binding.session ? viewSession : undefined;
  const config = core?.depthConfiguration ?? null;
  const active = core !== undefined && !core.ended && core.inAnimationFrame(frameId);
  const d = depthInformationRequestIsAllowed({
    api: 'gpu',
    enabled: core !== undefined && config !== null && core.granted.has('depth-sensing'),
    usage: config?.usage ?? null,
    sameSession: core !== undefined,
    frameActive: active,
    // Only animation frames give views (an input event's frame has no viewer pose).
    animationFrame: true,
    viewOfFrame: true,
  });
  if (!d.allowed) throw errorFromDecision(d);
  const c = core as SensingSession;
  const depth = depthOf(c, frameId, view);
  if (depth === null) return null;
  const texture = frameTexture(binding.context, {
    width: depth.width,
    height: depth.height,
    kind: (config as NonNullable<typeof config>).dataFormat,
    data: depth.data,
  });
  return new XRWebGLDepthInformation(INTERNAL, depthInit(c, view, depth, frameId), texture);
}

// --- XRSession's members ------------------------------------------------------------------------------

/** XRSession.depthUsage / depthDataFormat / depthType / depthActive: InvalidStateError without depth sensing. */
export function depthAttribute(
  core: SensingSession,
  name: 'depthUsage' | 'depthDataFormat' | 'depthType' | 'depthActive',
): string | boolean | null {
  const config = core.depthConfiguration;
  if (config === null || !core.granted.has('depth-sensing'))
    throw errorFromDecision(depthAttributeRefusal(name));
  if (name === 'depthUsage') return config.usage;
  if (name === 'depthDataFormat') return config.dataFormat;
  if (name === 'depthType') return config.type;
  return core.depthActive;
}

// spec(depth): #start-depth-sensing / #stop-depth-sensing
export function setDepthSensingActive(core: SensingSession, active: boolean): void {
  const d = depthControlIsAllowed({
    action: active ? 'resumeDepthSensing()' : 'pauseDepthSensing()',
    ended: core.ended,
    frameActive: core.inAnimationFrame(core.currentFrameId),
    enabled: core.depthConfiguration !== null && core.granted.has('depth-sensing'),
  });
  if (!d.allowed) throw errorFromDecision(d);
  // Step 5: nothing to do when the state is already the one asked for.
  if (core.depthActive === active) return;
  core.setDepthActive(active);
}
