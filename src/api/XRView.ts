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
import { idlAttributes, illegalConstructor, illegalInvocation, toStringTag } from './webidl.js';
import type { XRRigidTransform } from './XRRigidTransform.js';

/** Per-session, per-view state shared by the XRView objects of that view (viewport scale requests). */
export interface ViewSlot {
  readonly index: number;
  device: DeviceView;
  requestedScale: number | null;
}

export class XRView {
  #slot: ViewSlot;
  #transform: XRRigidTransform;
  #frameId: number;
  #projection: Float32Array | null = null;

  constructor(token?: unknown, slot?: ViewSlot, transform?: XRRigidTransform, frameId?: number) {
    illegalConstructor(token);
    this.#slot = slot as ViewSlot;
    this.#transform = transform as XRRigidTransform;
    this.#frameId = frameId ?? 0;
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
    if (!XRView.is(this)) illegalInvocation();
    return this.#slot.device.eye;
  }

  get index(): number {
    if (!XRView.is(this)) illegalInvocation();
    return this.#slot.index;
  }

  get projectionMatrix(): Float32Array {
    if (!XRView.is(this)) illegalInvocation();
    if (this.#projection === null || this.#projection.buffer.byteLength === 0) {
      this.#projection = new Float32Array(this.#slot.device.projectionMatrix);
    }
    return this.#projection;
  }

  get transform(): XRRigidTransform {
    if (!XRView.is(this)) illegalInvocation();
    return this.#transform;
  }

  // R-ADJ-07: the UA reports no dynamic scale (none is needed to hide GPU load).
  get recommendedViewportScale(): number | null {
    if (!XRView.is(this)) illegalInvocation();
    return null;
  }

  // spec: #dom-xrview-requestviewportscale — clamped to (0, 1]; null or invalid means 1 is fine.
  requestViewportScale(scale: number | null): void {
    if (!XRView.is(this)) illegalInvocation();
    if (arguments.length < 1) throw new TypeError('requestViewportScale: 1 argument required');
    if (scale === null || scale === undefined) return;
    const n = Number(scale);
    if (!Number.isFinite(n)) throw new TypeError('requestViewportScale: the scale must be a finite number');
    if (n <= 0) return;
    this.#slot.requestedScale = Math.min(1, n);
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
    if (!XRViewport.is(this)) illegalInvocation();
    return this.#x;
  }
  get y(): number {
    if (!XRViewport.is(this)) illegalInvocation();
    return this.#y;
  }
  get width(): number {
    if (!XRViewport.is(this)) illegalInvocation();
    return this.#w;
  }
  get height(): number {
    if (!XRViewport.is(this)) illegalInvocation();
    return this.#h;
  }
}

idlAttributes(XRView, ['eye', 'index', 'projectionMatrix', 'transform', 'recommendedViewportScale']);
idlAttributes(XRViewport, ['x', 'y', 'width', 'height']);
toStringTag(XRView, 'XRView');
toStringTag(XRViewport, 'XRViewport');
