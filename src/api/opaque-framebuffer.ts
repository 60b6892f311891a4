// spec: #opaque-framebuffer. An immersive XRWebGLLayer's framebuffer is an *opaque framebuffer*:
// complete and drawable only during the session's XR animation frames, cleared before each of
// them, its attachments neither inspectable nor changeable, and it cannot be deleted. This module
// makes one on a real WebGL context (a colour texture and the depth/stencil buffers the layer
// asked for) and keeps the registry the WebGL wrappers of src/browser/webgl-opaque.ts consult.
// Nothing here patches a global; in Node (no WebGL) no opaque framebuffer is ever made.
// XRWebGLLayer and the session reach this module through opaqueSupport (opaque-support.ts), set
// by createUserAgent and the Test API bundle: the bundles that present immersive frames on the
// page's canvas (dist/xrgate.js, the extension) leave it out.

import { FunctionPrototypeCall, SafeWeakMap, SafeWeakSet } from '../primordials.js';
import type { OpaqueFramebufferSupport } from './opaque-support.js';
import { isWebGL2AtLoad } from './webgl-brand.js';

/** The subset of WebGL xrgate calls, typed loosely: WebGL 1 and 2 contexts both fit. */
export interface GL {
  createFramebuffer(): object | null;
  createTexture(): object | null;
  createRenderbuffer(): object | null;
  bindFramebuffer(target: number, fb: object | null): void;
  bindTexture(target: number, tex: object | null): void;
  bindRenderbuffer(target: number, rb: object | null): void;
  texImage2D(...args: unknown[]): void;
  texParameteri(target: number, pname: number, param: number): void;
  renderbufferStorage(target: number, format: number, width: number, height: number): void;
  framebufferTexture2D(
    target: number,
    attachment: number,
    textarget: number,
    tex: object | null,
    level: number,
  ): void;
  framebufferRenderbuffer(target: number, attachment: number, rbtarget: number, rb: object | null): void;
  getParameter(pname: number): unknown;
  clear(mask: number): void;
  clearColor(r: number, g: number, b: number, a: number): void;
  clearDepth(d: number): void;
  clearStencil(s: number): void;
  colorMask(r: boolean, g: boolean, b: boolean, a: boolean): void;
  depthMask(flag: boolean): void;
  stencilMask(mask: number): void;
  enable(cap: number): void;
  disable(cap: number): void;
  isEnabled(cap: number): boolean;
}

export const GLC = {
  FRAMEBUFFER: 0x8d40,
  READ_FRAMEBUFFER: 0x8ca8,
  DRAW_FRAMEBUFFER: 0x8ca9,
  FRAMEBUFFER_BINDING: 0x8ca6,
  READ_FRAMEBUFFER_BINDING: 0x8caa,
  RENDERBUFFER: 0x8d41,
  RENDERBUFFER_BINDING: 0x8ca7,
  TEXTURE_2D: 0x0de1,
  TEXTURE_BINDING_2D: 0x8069,
  RGBA: 0x1908,
  RGB: 0x1907,
  UNSIGNED_BYTE: 0x1401,
  TEXTURE_MIN_FILTER: 0x2801,
  TEXTURE_MAG_FILTER: 0x2800,
  TEXTURE_WRAP_S: 0x2802,
  TEXTURE_WRAP_T: 0x2803,
  LINEAR: 0x2601,
  CLAMP_TO_EDGE: 0x812f,
  COLOR_ATTACHMENT0: 0x8ce0,
  DEPTH_ATTACHMENT: 0x8d00,
  STENCIL_ATTACHMENT: 0x8d20,
  DEPTH_STENCIL_ATTACHMENT: 0x821a,
  DEPTH_COMPONENT16: 0x81a5,
  STENCIL_INDEX8: 0x8d48,
  DEPTH_STENCIL: 0x84f9,
  DEPTH24_STENCIL8: 0x88f0,
  COLOR_BUFFER_BIT: 0x4000,
  DEPTH_BUFFER_BIT: 0x0100,
  STENCIL_BUFFER_BIT: 0x0400,
  COLOR_CLEAR_VALUE: 0x0c22,
  DEPTH_CLEAR_VALUE: 0x0b73,
  STENCIL_CLEAR_VALUE: 0x0b91,
  COLOR_WRITEMASK: 0x0c23,
  DEPTH_WRITEMASK: 0x0b72,
  STENCIL_WRITEMASK: 0x0b98,
  SCISSOR_TEST: 0x0c11,
  INVALID_OPERATION: 0x0502,
  INVALID_FRAMEBUFFER_OPERATION: 0x0506,
  FRAMEBUFFER_UNSUPPORTED: 0x8cdd,
  STENCIL_BACK_WRITEMASK: 0x8ca5,
  RASTERIZER_DISCARD: 0x8c89,
  PIXEL_UNPACK_BUFFER: 0x88ec,
  PIXEL_UNPACK_BUFFER_BINDING: 0x88ef,
  FRONT: 0x0404,
  BACK: 0x0405,
} as const;

export interface OpaqueFramebuffer {
  readonly framebuffer: object;
  readonly gl: GL;
  /** Which buffers it has, for the clear before each frame. */
  readonly clearMask: number;
  /** Its attachments, deleted when the session ends. */
  readonly texture: object | null;
  readonly renderbuffer: object | null;
  /** True only while an XR animation frame of the layer's session runs. */
  drawable: boolean;
}

/** Each immersive layer's opaque framebuffer (the session looks its base layer up here). */
export const layerFramebuffers = new SafeWeakMap<object, object>();
/** Opaque framebuffers by framebuffer object. */
export const opaqueFramebuffers = new SafeWeakMap<object, OpaqueFramebuffer>();
/** Contexts that own at least one opaque framebuffer (the wrappers do nothing for the others). */
export const contextsWithOpaqueFramebuffers = new SafeWeakSet<object>();
/** Set by the WebGL wrappers when they are installed: called once a context gets an opaque framebuffer. */
export const opaqueHooks: { track: ((gl: object) => void) | null } = { track: null };

function isWebGL2(gl: GL): boolean {
  if (isWebGL2AtLoad) return isWebGL2AtLoad(gl);
  // No WebGL 2 when xrgate loaded (Node): the global as it is now.
  const WebGL2 = (globalThis as { WebGL2RenderingContext?: abstract new () => object })
    .WebGL2RenderingContext;
  return !!WebGL2 && gl instanceof WebGL2;
}

function isLost(gl: GL): boolean {
  const f = (gl as { isContextLost?: () => boolean }).isContextLost;
  return typeof f === 'function' && FunctionPrototypeCall(f, gl) === true;
}

/** The bindings xrgate touches, saved so that the page finds its context as it left it. */
interface SavedBindings {
  readonly webgl2: boolean;
  readonly draw: object | null;
  readonly read: object | null;
}

function saveFramebufferBindings(gl: GL): SavedBindings {
  const webgl2 = isWebGL2(gl);
  const draw = gl.getParameter(GLC.FRAMEBUFFER_BINDING) as object | null;
  // WebGL 1 has one binding; asking it for READ_FRAMEBUFFER_BINDING would record INVALID_ENUM.
  const read = webgl2 ? (gl.getParameter(GLC.READ_FRAMEBUFFER_BINDING) as object | null) : draw;
  return { webgl2, draw, read };
}

function restoreFramebufferBindings(gl: GL, saved: SavedBindings): void {
  if (saved.webgl2) {
    gl.bindFramebuffer(GLC.DRAW_FRAMEBUFFER, saved.draw);
    gl.bindFramebuffer(GLC.READ_FRAMEBUFFER, saved.read);
  } else {
    gl.bindFramebuffer(GLC.FRAMEBUFFER, saved.draw);
  }
}

/**
 * Makes the opaque framebuffer of an immersive layer: an RGBA colour texture and, as
 * XRWebGLLayerInit asks, depth and/or stencil buffers, all `width`×`height`. (WebGL 1 guarantees
 * no stencil-only attachment, so stencil comes with depth there.) Every binding xrgate touches —
 * framebuffers (draw and read), renderbuffer, 2D texture, pixel-unpack buffer — is restored.
 */
export function createOpaqueFramebuffer(
  gl: GL,
  width: number,
  height: number,
  init: { readonly depth: boolean; readonly stencil: boolean; readonly alpha: boolean },
): object | null {
  const fb = gl.createFramebuffer();
  if (!fb) return null;
  const saved = saveFramebufferBindings(gl);
  const prevRb = gl.getParameter(GLC.RENDERBUFFER_BINDING) as object | null;
  const prevTex = gl.getParameter(GLC.TEXTURE_BINDING_2D) as object | null;
  const prevUnpack = saved.webgl2
    ? (gl.getParameter(GLC.PIXEL_UNPACK_BUFFER_BINDING) as object | null)
    : null;
  const bindBuffer = (gl as unknown as { bindBuffer(t: number, b: object | null): void }).bindBuffer;
  let texture: object | null = null;
  let renderbuffer: object | null = null;
  try {
    // texImage2D with null data and a bound pixel-unpack buffer is an INVALID_OPERATION.
    if (prevUnpack) FunctionPrototypeCall(bindBuffer, gl, GLC.PIXEL_UNPACK_BUFFER, null);
    gl.bindFramebuffer(GLC.FRAMEBUFFER, fb);
    texture = gl.createTexture();
    gl.bindTexture(GLC.TEXTURE_2D, texture);
    gl.texImage2D(GLC.TEXTURE_2D, 0, GLC.RGBA, width, height, 0, GLC.RGBA, GLC.UNSIGNED_BYTE, null);
    gl.texParameteri(GLC.TEXTURE_2D, GLC.TEXTURE_MIN_FILTER, GLC.LINEAR);
    gl.texParameteri(GLC.TEXTURE_2D, GLC.TEXTURE_MAG_FILTER, GLC.LINEAR);
    gl.texParameteri(GLC.TEXTURE_2D, GLC.TEXTURE_WRAP_S, GLC.CLAMP_TO_EDGE);
    gl.texParameteri(GLC.TEXTURE_2D, GLC.TEXTURE_WRAP_T, GLC.CLAMP_TO_EDGE);
    gl.framebufferTexture2D(GLC.FRAMEBUFFER, GLC.COLOR_ATTACHMENT0, GLC.TEXTURE_2D, texture, 0);
    let clearMask: number = GLC.COLOR_BUFFER_BIT;
    if (init.depth || init.stencil) {
      renderbuffer = gl.createRenderbuffer();
      gl.bindRenderbuffer(GLC.RENDERBUFFER, renderbuffer);
      if (init.stencil && (init.depth || !saved.webgl2)) {
        gl.renderbufferStorage(
          GLC.RENDERBUFFER,
          saved.webgl2 ? GLC.DEPTH24_STENCIL8 : GLC.DEPTH_STENCIL,
          width,
          height,
        );
        gl.framebufferRenderbuffer(
          GLC.FRAMEBUFFER,
          GLC.DEPTH_STENCIL_ATTACHMENT,
          GLC.RENDERBUFFER,
          renderbuffer,
        );
        clearMask |= GLC.DEPTH_BUFFER_BIT | GLC.STENCIL_BUFFER_BIT;
      } else if (init.depth) {
        gl.renderbufferStorage(GLC.RENDERBUFFER, GLC.DEPTH_COMPONENT16, width, height);
        gl.framebufferRenderbuffer(GLC.FRAMEBUFFER, GLC.DEPTH_ATTACHMENT, GLC.RENDERBUFFER, renderbuffer);
        clearMask |= GLC.DEPTH_BUFFER_BIT;
      } else {
        gl.renderbufferStorage(GLC.RENDERBUFFER, GLC.STENCIL_INDEX8, width, height);
        gl.framebufferRenderbuffer(GLC.FRAMEBUFFER, GLC.STENCIL_ATTACHMENT, GLC.RENDERBUFFER, renderbuffer);
        clearMask |= GLC.STENCIL_BUFFER_BIT;
      }
    }
    const entry: OpaqueFramebuffer = {
      framebuffer: fb,
      gl,
      clearMask,
      texture,
      renderbuffer,
      drawable: false,
    };
    clearOpaque(entry);
    opaqueFramebuffers.set(fb, entry);
    contextsWithOpaqueFramebuffers.add(gl);
    opaqueHooks.track?.(gl);
  } finally {
    restoreFramebufferBindings(gl, saved);
    gl.bindRenderbuffer(GLC.RENDERBUFFER, prevRb);
    gl.bindTexture(GLC.TEXTURE_2D, prevTex);
    if (prevUnpack) FunctionPrototypeCall(bindBuffer, gl, GLC.PIXEL_UNPACK_BUFFER, prevUnpack);
  }
  return fb;
}

/**
 * spec: #opaque-framebuffer: "cleared to the values in the table [colour (0, 0, 0, 0), depth 1,
 * stencil 0] when first created, or prior to the processing of each XR animation frame". Every
 * state the clear depends on is set for it and put back: framebuffer bindings, clear values,
 * colour/depth/stencil (front and back) write masks, the scissor test and (WebGL 2) rasterizer
 * discard. A lost context is left alone.
 */
export function clearOpaque(entry: OpaqueFramebuffer): void {
  const gl = entry.gl;
  if (isLost(gl)) return;
  const saved = saveFramebufferBindings(gl);
  const color = (gl.getParameter(GLC.COLOR_CLEAR_VALUE) as ArrayLike<number> | null) ?? [0, 0, 0, 0];
  const depth = gl.getParameter(GLC.DEPTH_CLEAR_VALUE) as number;
  const stencil = gl.getParameter(GLC.STENCIL_CLEAR_VALUE) as number;
  const colorMask = (gl.getParameter(GLC.COLOR_WRITEMASK) as ArrayLike<boolean> | null) ?? [
    true,
    true,
    true,
    true,
  ];
  const depthMask = gl.getParameter(GLC.DEPTH_WRITEMASK) as boolean;
  const stencilFront = gl.getParameter(GLC.STENCIL_WRITEMASK) as number;
  const stencilBack = gl.getParameter(GLC.STENCIL_BACK_WRITEMASK) as number;
  const scissor = gl.isEnabled(GLC.SCISSOR_TEST);
  const discard = saved.webgl2 && gl.isEnabled(GLC.RASTERIZER_DISCARD);
  const stencilMaskSeparate = (gl as unknown as { stencilMaskSeparate(face: number, mask: number): void })
    .stencilMaskSeparate;
  gl.bindFramebuffer(saved.webgl2 ? GLC.DRAW_FRAMEBUFFER : GLC.FRAMEBUFFER, entry.framebuffer);
  gl.clearColor(0, 0, 0, 0);
  gl.clearDepth(1);
  gl.clearStencil(0);
  gl.colorMask(true, true, true, true);
  gl.depthMask(true);
  gl.stencilMask(0xffffffff);
  if (scissor) gl.disable(GLC.SCISSOR_TEST);
  if (discard) gl.disable(GLC.RASTERIZER_DISCARD);
  // The wrappers let xrgate's own clear through (it is not the page's draw).
  const wasDrawable = entry.drawable;
  entry.drawable = true;
  try {
    gl.clear(entry.clearMask);
  } finally {
    entry.drawable = wasDrawable;
    gl.clearColor(color[0] ?? 0, color[1] ?? 0, color[2] ?? 0, color[3] ?? 0);
    gl.clearDepth(depth);
    gl.clearStencil(stencil);
    gl.colorMask(!!colorMask[0], !!colorMask[1], !!colorMask[2], !!colorMask[3]);
    gl.depthMask(depthMask);
    FunctionPrototypeCall(stencilMaskSeparate, gl, GLC.FRONT, stencilFront);
    FunctionPrototypeCall(stencilMaskSeparate, gl, GLC.BACK, stencilBack);
    if (scissor) gl.enable(GLC.SCISSOR_TEST);
    if (discard) gl.enable(GLC.RASTERIZER_DISCARD);
    restoreFramebufferBindings(gl, saved);
  }
}

/**
 * The session's XR animation frame starts (true: the base layer's opaque framebuffer is cleared,
 * then drawable) or ends (false).
 */
export function setOpaqueFrameActive(layer: unknown, active: boolean): void {
  if (typeof layer !== 'object' || layer === null) return;
  const framebuffer = layerFramebuffers.get(layer);
  const entry = framebuffer && opaqueFramebuffers.get(framebuffer);
  if (!entry) return;
  entry.drawable = active;
  if (active) clearOpaque(entry);
}

/** The session ended: the layer's opaque framebuffer and its attachments are deleted. */
export function releaseOpaqueFramebuffer(layer: unknown): void {
  if (typeof layer !== 'object' || layer === null) return;
  const framebuffer = layerFramebuffers.get(layer);
  const entry = framebuffer && opaqueFramebuffers.get(framebuffer);
  if (!entry || !framebuffer) return;
  // Out of the registry first: the wrappers then let the deletion through.
  opaqueFramebuffers.delete(framebuffer);
  layerFramebuffers.delete(layer);
  if (isLost(entry.gl)) return;
  const gl = entry.gl as GL & {
    deleteFramebuffer(f: object): void;
    deleteTexture(t: object | null): void;
    deleteRenderbuffer(r: object | null): void;
  };
  gl.deleteFramebuffer(framebuffer);
  if (entry.texture) gl.deleteTexture(entry.texture);
  if (entry.renderbuffer) gl.deleteRenderbuffer(entry.renderbuffer);
}

/** This module as XRWebGLLayer and the session use it (opaque-support.ts). */
export const opaqueFramebufferSupport: OpaqueFramebufferSupport = {
  create(layer, gl, width, height, init) {
    const framebuffer = createOpaqueFramebuffer(gl as GL, width, height, init);
    if (framebuffer) layerFramebuffers.set(layer, framebuffer);
    return framebuffer;
  },
  setFrameActive: setOpaqueFrameActive,
  release: releaseOpaqueFramebuffer,
};
