// spec: #xrview-interface, #xrviewport-interface (index.bs @ 23547b1)
//
// enum XREye { "none", "left", "right" };
// [SecureContext, Exposed=Window] interface XRView {
//   readonly attribute XREye eye;
//   readonly attribute unsigned long index;
//   readonly attribute Float32Array projectionMatrix;
//   [SameObject] readonly attribute XRRigidTransform transform;
//   readonly attribute double? recommendedViewportScale;
//   undefined requestViewportScale(double? scale); };
// [SecureContext, Exposed=Window] interface XRViewport {
//   readonly attribute long x; readonly attribute long y;
//   readonly attribute long width; readonly attribute long height; };

import type { DeviceView, XREye } from '../device/types.js';
import {
  Float32Array,
  MathMin,
  Number,
  NumberIsFinite,
  ReflectDeleteProperty,
  TypeError,
} from '../primordials.js';
import { idlAttributes, illegalConstructor, illegalInvocation, toStringTag } from './webidl.js';
import { cameraOfView, type XRCamera } from './XRCamera.js';
import type { XRRigidTransform } from './XRRigidTransform.js';

/** Per-session, per-view state shared by the XRView objects of that view (viewport scale requests). */
export interface ViewSlot {
  readonly index: number;
  device: DeviceView;
  requestedScale: number | null;
  /** A secondary view (spec #secondary-views): a simulated one stands for a first-person observer view. */
  secondary: boolean;
  /** The scale getViewport applies (spec "current viewport scale"). */
  currentScale: number;
  /** Set at the start of every animation frame, cleared by getViewport (spec "viewport modifiable"). */
  modifiable: boolean;
  /**
   * The projection for the current depths (derived from the device's field of view when it has
   * one), as float32. Never written in place: a new array replaces it when the depths change.
   */
  projection: Float32Array;
  /** The depthNear/depthFar `projection` was made for (null: not made for any yet). */
  depthNear: number | null;
  depthFar: number | null;
}

/** A copy of `s`; a 4x4 matrix is copied entry by entry (faster than the copying constructor). */
function copyMatrix(s: Float32Array): Float32Array {
  if (s.length !== 16) return new Float32Array(s);
  const m = new Float32Array(16);
  m[0] = s[0] as number;
  m[1] = s[1] as number;
  m[2] = s[2] as number;
  m[3] = s[3] as number;
  m[4] = s[4] as number;
  m[5] = s[5] as number;
  m[6] = s[6] as number;
  m[7] = s[7] as number;
  m[8] = s[8] as number;
  m[9] = s[9] as number;
  m[10] = s[10] as number;
  m[11] = s[11] as number;
  m[12] = s[12] as number;
  m[13] = s[13] as number;
  m[14] = s[14] as number;
  m[15] = s[15] as number;
  return m;
}

export class XRView {
  #slot: ViewSlot;
  #transform: XRRigidTransform;
  #frameId: number;
  #source: Float32Array;
  #projection: Float32Array | null = null;

  constructor(token?: unknown, slot?: ViewSlot, transform?: XRRigidTransform, frameId?: number) {
    illegalConstructor(token);
    this.#slot = slot as ViewSlot;
    this.#transform = transform as XRRigidTransform;
    this.#frameId = frameId ?? 0;
    this.#source = (slot as ViewSlot).projection;
  }

  static is(v: unknown): v is XRView {
    return typeof v === 'object' && v !== null && #slot in v;
  }

  /** @internal */
  static slot(v: XRView): ViewSlot {
    return v.#slot;
  }

  /** @internal */
  static frameId(v: XRView): number {
    return v.#frameId;
  }

  get eye(): XREye {
    if (!XRViewInternals.is(this)) illegalInvocation();
    return this.#slot.device.eye;
  }

  get index(): number {
    if (!XRViewInternals.is(this)) illegalInvocation();
    return this.#slot.index;
  }

  get projectionMatrix(): Float32Array {
    if (!XRViewInternals.is(this)) illegalInvocation();
    let m = this.#projection;
    // spec: a new array if the previous one was detached (a detached array has length 0).
    if (m === null || m.length === 0) {
      m = copyMatrix(this.#source);
      this.#projection = m;
    }
    return m;
  }

  get transform(): XRRigidTransform {
    if (!XRViewInternals.is(this)) illegalInvocation();
    return this.#transform;
  }

  // Secondary-views extension: the simulated secondary views are first-person observer views
  // (what a capture camera sees); primary views never are.
  get isFirstPersonObserver(): boolean {
    if (!XRViewInternals.is(this)) illegalInvocation();
    return this.#slot.secondary;
  }

  // spec(camera): #dom-xrview-camera (src/api/XRCamera.ts)
  get camera(): XRCamera | null {
    if (!XRViewInternals.is(this)) illegalInvocation();
    return cameraOfView(this, this.#slot.index, this.#frameId);
  }

  // R-ADJ-07: the UA reports no dynamic scale (none is needed to hide GPU load).
  get recommendedViewportScale(): number | null {
    if (!XRViewInternals.is(this)) illegalInvocation();
    return null;
  }

  // spec: #dom-xrview-requestviewportscale — clamped to (0, 1]; null or invalid means 1 is fine.
  requestViewportScale(scale: number | null): void {
    if (!XRViewInternals.is(this)) illegalInvocation();
    if (arguments.length < 1) throw new TypeError('requestViewportScale: 1 argument required');
    if (scale === null || scale === undefined) return;
    const n = Number(scale);
    if (!NumberIsFinite(n)) throw new TypeError('requestViewportScale: the scale must be a finite number');
    if (n <= 0) return;
    this.#slot.requestedScale = MathMin(1, n);
  }
}

export class XRViewport {
  #x: number;
  #y: number;
  #w: number;
  #h: number;
  constructor(token?: unknown, x = 0, y = 0, w = 0, h = 0) {
    illegalConstructor(token);
    this.#x = x;
    this.#y = y;
    this.#w = w;
    this.#h = h;
  }
  static is(v: unknown): v is XRViewport {
    return typeof v === 'object' && v !== null && #x in v;
  }
  get x(): number {
    if (!XRViewportInternals.is(this)) illegalInvocation();
    return this.#x;
  }
  get y(): number {
    if (!XRViewportInternals.is(this)) illegalInvocation();
    return this.#y;
  }
  get width(): number {
    if (!XRViewportInternals.is(this)) illegalInvocation();
    return this.#w;
  }
  get height(): number {
    if (!XRViewportInternals.is(this)) illegalInvocation();
    return this.#h;
  }
}

idlAttributes(XRView, ['eye', 'index', 'projectionMatrix', 'transform', 'recommendedViewportScale']);
idlAttributes(XRView, ['camera']);
idlAttributes(XRViewport, ['x', 'y', 'width', 'height']);
toStringTag(XRView, 'XRView');
toStringTag(XRViewport, 'XRViewport');

/** @internal xrgate's own access to XRView; the statics are removed from the page-visible interface object. */
export const XRViewInternals = { is: XRView.is, slot: XRView.slot, frameId: XRView.frameId };
for (const key of ['is', 'slot', 'frameId']) ReflectDeleteProperty(XRView, key);

/** @internal xrgate's own access to XRViewport; the statics are removed from the page-visible interface object. */
export const XRViewportInternals = { is: XRViewport.is };
for (const key of ['is']) ReflectDeleteProperty(XRViewport, key);
