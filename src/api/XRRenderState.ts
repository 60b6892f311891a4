// spec: #xrrenderstate-interface (index.bs @ 23547b1)
//
// [SecureContext, Exposed=Window] interface XRRenderState {
//   readonly attribute double depthNear;
//   readonly attribute double depthFar;
//   readonly attribute boolean? passthroughFullyObscured;
//   readonly attribute double? inlineVerticalFieldOfView;
//   readonly attribute XRWebGLLayer? baseLayer; };
// spec(layers): #xrrenderstatechanges
// [SecureContext, Exposed=Window] partial interface XRRenderState {
//   readonly attribute FrozenArray<XRLayer> layers; };

import { idlAttributes, illegalConstructor, illegalInvocation, toStringTag } from './webidl.js';
import type { XRLayer, XRWebGLLayer } from './XRWebGLLayer.js';

export interface RenderStateValues {
  depthNear: number;
  depthFar: number;
  passthroughFullyObscured: boolean | null;
  inlineVerticalFieldOfView: number | null;
  baseLayer: XRWebGLLayer | null;
  /** spec(layers): the layers composited, in order (a frozen array: the same object every time). */
  layers: readonly object[];
}

export class XRRenderState {
  #v: RenderStateValues;
  constructor(token?: unknown, values?: RenderStateValues) {
    illegalConstructor(token);
    this.#v = { ...(values as RenderStateValues) };
  }
  static is(v: unknown): v is XRRenderState {
    return typeof v === 'object' && v !== null && #v in v;
  }
  /** @internal the values, for the session's "apply the pending render state" step. */
  static values(r: XRRenderState): RenderStateValues {
    return r.#v;
  }
  get depthNear(): number {
    if (!XRRenderStateInternals.is(this)) illegalInvocation();
    return this.#v.depthNear;
  }
  get depthFar(): number {
    if (!XRRenderStateInternals.is(this)) illegalInvocation();
    return this.#v.depthFar;
  }
  get passthroughFullyObscured(): boolean | null {
    if (!XRRenderStateInternals.is(this)) illegalInvocation();
    return this.#v.passthroughFullyObscured;
  }
  get inlineVerticalFieldOfView(): number | null {
    if (!XRRenderStateInternals.is(this)) illegalInvocation();
    return this.#v.inlineVerticalFieldOfView;
  }
  get baseLayer(): XRWebGLLayer | null {
    if (!XRRenderStateInternals.is(this)) illegalInvocation();
    return this.#v.baseLayer;
  }
  get layers(): readonly XRLayer[] {
    if (!XRRenderStateInternals.is(this)) illegalInvocation();
    return this.#v.layers as readonly XRLayer[];
  }
}

idlAttributes(XRRenderState, [
  'depthNear',
  'depthFar',
  'passthroughFullyObscured',
  'inlineVerticalFieldOfView',
  'baseLayer',
  'layers',
]);
toStringTag(XRRenderState, 'XRRenderState');

/** @internal xrgate's own access to XRRenderState; the statics are removed from the page-visible interface object. */
export const XRRenderStateInternals = { is: XRRenderState.is, values: XRRenderState.values };
for (const key of ['is', 'values']) Reflect.deleteProperty(XRRenderState, key);
