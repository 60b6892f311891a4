// spec: #opaque-framebuffer. An immersive XRWebGLLayer's framebuffer is an *opaque framebuffer*:
// complete and drawable only during the session's XR animation frames, cleared before each of
// them, its attachments neither inspectable nor changeable, and it cannot be deleted. This module
// makes one on a real WebGL context (a colour texture and the depth/stencil buffers the layer
// asked for) and keeps the registry the WebGL wrappers of src/browser/webgl-opaque.ts consult.
// Nothing here patches a global; in Node (no WebGL) no opaque framebuffer is ever made.

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
} as const;

export interface OpaqueFramebuffer {
  readonly framebuffer: object;
  readonly gl: GL;
  /** Which buffers it has, for the clear before each frame. */
  readonly clearMask: number;
  /** True only while an XR animation frame of the layer's session runs. */
  drawable: boolean;
}

/** Each immersive layer's opaque framebuffer (the session looks its base layer up here). */
export const layerFramebuffers = new WeakMap<object, object>();
/** Opaque framebuffers by framebuffer object. */
export const opaqueFramebuffers = new WeakMap<object, OpaqueFramebuffer>();
/** Contexts that own at least one opaque framebuffer (the wrappers do nothing for the others). */
export const contextsWithOpaqueFramebuffers = new WeakSet<object>();
/** Set by the WebGL wrappers when they are installed: called once a context gets an opaque framebuffer. */
export const opaqueHooks: { track: ((gl: object) => void) | null } = { track: null };

function isWebGL2(gl: GL): boolean {
  const WebGL2 = (globalThis as { WebGL2RenderingContext?: abstract new () => object })
    .WebGL2RenderingContext;
  return !!WebGL2 && gl instanceof WebGL2;
}

/**
 * Makes the opaque framebuffer of an immersive layer: a colour texture (RGBA, or RGB without
 * alpha) and, as XRWebGLLayerInit asks, a depth and/or stencil renderbuffer, all `width`×`height`.
 * The context's framebuffer, renderbuffer and 2D texture bindings are restored afterwards.
 */
export function createOpaqueFramebuffer(
  gl: GL,
  width: number,
  height: number,
  init: { readonly depth: boolean; readonly stencil: boolean; readonly alpha: boolean },
): object | null {
  const fb = gl.createFramebuffer();
  if (!fb) return null;
  const prevFb = gl.getParameter(GLC.FRAMEBUFFER_BINDING) as object | null;
  const prevRb = gl.getParameter(GLC.RENDERBUFFER_BINDING) as object | null;
  const prevTex = gl.getParameter(GLC.TEXTURE_BINDING_2D) as object | null;
  try {
    gl.bindFramebuffer(GLC.FRAMEBUFFER, fb);
    const color = gl.createTexture();
    const format = init.alpha ? GLC.RGBA : GLC.RGB;
    gl.bindTexture(GLC.TEXTURE_2D, color);
    gl.texImage2D(GLC.TEXTURE_2D, 0, format, width, height, 0, format, GLC.UNSIGNED_BYTE, null);
    gl.texParameteri(GLC.TEXTURE_2D, GLC.TEXTURE_MIN_FILTER, GLC.LINEAR);
    gl.texParameteri(GLC.TEXTURE_2D, GLC.TEXTURE_MAG_FILTER, GLC.LINEAR);
    gl.texParameteri(GLC.TEXTURE_2D, GLC.TEXTURE_WRAP_S, GLC.CLAMP_TO_EDGE);
    gl.texParameteri(GLC.TEXTURE_2D, GLC.TEXTURE_WRAP_T, GLC.CLAMP_TO_EDGE);
    gl.framebufferTexture2D(GLC.FRAMEBUFFER, GLC.COLOR_ATTACHMENT0, GLC.TEXTURE_2D, color, 0);
    let clearMask: number = GLC.COLOR_BUFFER_BIT;
    if (init.depth || init.stencil) {
      const rb = gl.createRenderbuffer();
      gl.bindRenderbuffer(GLC.RENDERBUFFER, rb);
      if (init.depth && init.stencil) {
        gl.renderbufferStorage(
          GLC.RENDERBUFFER,
          isWebGL2(gl) ? GLC.DEPTH24_STENCIL8 : GLC.DEPTH_STENCIL,
          width,
          height,
        );
        gl.framebufferRenderbuffer(GLC.FRAMEBUFFER, GLC.DEPTH_STENCIL_ATTACHMENT, GLC.RENDERBUFFER, rb);
        clearMask |= GLC.DEPTH_BUFFER_BIT | GLC.STENCIL_BUFFER_BIT;
      } else if (init.depth) {
        gl.renderbufferStorage(GLC.RENDERBUFFER, GLC.DEPTH_COMPONENT16, width, height);
        gl.framebufferRenderbuffer(GLC.FRAMEBUFFER, GLC.DEPTH_ATTACHMENT, GLC.RENDERBUFFER, rb);
        clearMask |= GLC.DEPTH_BUFFER_BIT;
      } else {
        gl.renderbufferStorage(GLC.RENDERBUFFER, GLC.STENCIL_INDEX8, width, height);
        gl.framebufferRenderbuffer(GLC.FRAMEBUFFER, GLC.STENCIL_ATTACHMENT, GLC.RENDERBUFFER, rb);
        clearMask |= GLC.STENCIL_BUFFER_BIT;
      }
    }
    const entry: OpaqueFramebuffer = { framebuffer: fb, gl, clearMask, drawable: false };
    clearOpaque(entry);
    opaqueFramebuffers.set(fb, entry);
    contextsWithOpaqueFramebuffers.add(gl);
    opaqueHooks.track?.(gl);
  } finally {
    gl.bindFramebuffer(GLC.FRAMEBUFFER, prevFb);
    gl.bindRenderbuffer(GLC.RENDERBUFFER, prevRb);
    gl.bindTexture(GLC.TEXTURE_2D, prevTex);
  }
  return fb;
}

/**
 * spec: #opaque-framebuffer: "cleared to the values in the table [colour (0, 0, 0, 0), depth 1,
 * stencil 0] when first created, or prior to the processing of each XR animation frame". The
 * context's clear values, write masks, scissor test and framebuffer binding are left as they were.
 */
export function clearOpaque(entry: OpaqueFramebuffer): void {
  const gl = entry.gl;
  const prevFb = gl.getParameter(GLC.FRAMEBUFFER_BINDING) as object | null;
  const color = gl.getParameter(GLC.COLOR_CLEAR_VALUE) as ArrayLike<number>;
  const depth = gl.getParameter(GLC.DEPTH_CLEAR_VALUE) as number;
  const stencil = gl.getParameter(GLC.STENCIL_CLEAR_VALUE) as number;
  const colorMask = gl.getParameter(GLC.COLOR_WRITEMASK) as ArrayLike<boolean>;
  const depthMask = gl.getParameter(GLC.DEPTH_WRITEMASK) as boolean;
  const stencilMask = gl.getParameter(GLC.STENCIL_WRITEMASK) as number;
  const scissor = gl.isEnabled(GLC.SCISSOR_TEST);
  gl.bindFramebuffer(GLC.FRAMEBUFFER, entry.framebuffer);
  gl.clearColor(0, 0, 0, 0);
  gl.clearDepth(1);
  gl.clearStencil(0);
  gl.colorMask(true, true, true, true);
  gl.depthMask(true);
  gl.stencilMask(0xffffffff);
  if (scissor) gl.disable(GLC.SCISSOR_TEST);
  // The wrappers let xrgate's own clear through (it is not the page's draw).
  const wasDrawable = entry.drawable;
  entry.drawable = true;
  try {
    gl.clear(entry.clearMask);
  } finally {
    entry.drawable = wasDrawable;
  }
  gl.clearColor(color[0] ?? 0, color[1] ?? 0, color[2] ?? 0, color[3] ?? 0);
  gl.clearDepth(depth);
  gl.clearStencil(stencil);
  gl.colorMask(!!colorMask[0], !!colorMask[1], !!colorMask[2], !!colorMask[3]);
  gl.depthMask(depthMask);
  gl.stencilMask(stencilMask);
  if (scissor) gl.enable(GLC.SCISSOR_TEST);
  gl.bindFramebuffer(GLC.FRAMEBUFFER, prevFb);
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
  if (active) clearOpaque(entry);
  entry.drawable = active;
}
