// The textures of WebGL composition layers (spec(layers) #xrwebglsubimagetype "opaque texture",
// #allocate-color-textures…). In a browser each is a real WebGLTexture made on the page's own
// context: TEXTURE_2D, TEXTURE_2D_ARRAY (WebGL 2, 'texture-array') or TEXTURE_CUBE_MAP (cube
// layers), allocated immutably (texStorage) on WebGL 2 and with texImage2D on WebGL 1. Every
// binding xrgate touches is put back. In Node (a context without createTexture) a texture is an
// opaque handle: a frozen object with no prototype and no properties, the same object every time
// it is handed out, standing for the WebGLTexture a browser would give.

import {
  MathMax,
  ObjectCreate,
  ObjectFreeze,
  ReflectApply,
  SafeWeakMap,
  SafeWeakSet,
} from '../../primordials.js';
import { isWebGL2AtLoad } from '../webgl-brand.js';
import type { LayerRecord, LayerTexture } from './layer-record.js';

export const GL = {
  TEXTURE_2D: 0x0de1,
  TEXTURE_2D_ARRAY: 0x8c1a,
  TEXTURE_CUBE_MAP: 0x8513,
  TEXTURE_CUBE_MAP_POSITIVE_X: 0x8515,
  TEXTURE_BINDING_2D: 0x8069,
  TEXTURE_BINDING_2D_ARRAY: 0x8c1d,
  TEXTURE_BINDING_CUBE_MAP: 0x8514,
  MAX_TEXTURE_SIZE: 0x0d33,
  MAX_CUBE_MAP_TEXTURE_SIZE: 0x851c,
  RGBA: 0x1908,
  RGB: 0x1907,
  RGBA8: 0x8058,
  RGB8: 0x8051,
  SRGB_EXT: 0x8c40,
  SRGB_ALPHA_EXT: 0x8c42,
  SRGB8: 0x8c41,
  SRGB8_ALPHA8: 0x8c43,
  DEPTH_COMPONENT: 0x1902,
  DEPTH_STENCIL: 0x84f9,
  DEPTH_COMPONENT24: 0x81a6,
  DEPTH24_STENCIL8: 0x88f0,
  UNSIGNED_BYTE: 0x1401,
  UNSIGNED_INT: 0x1405,
  UNSIGNED_INT_24_8: 0x84fa,
  TEXTURE_MIN_FILTER: 0x2801,
  TEXTURE_MAG_FILTER: 0x2800,
  TEXTURE_WRAP_S: 0x2802,
  TEXTURE_WRAP_T: 0x2803,
  LINEAR: 0x2601,
  NEAREST: 0x2600,
  CLAMP_TO_EDGE: 0x812f,
  FRAMEBUFFER: 0x8d40,
  DRAW_FRAMEBUFFER: 0x8ca9,
  READ_FRAMEBUFFER: 0x8ca8,
  FRAMEBUFFER_BINDING: 0x8ca6,
  READ_FRAMEBUFFER_BINDING: 0x8caa,
  COLOR_ATTACHMENT0: 0x8ce0,
  DEPTH_ATTACHMENT: 0x8d00,
  DEPTH_STENCIL_ATTACHMENT: 0x821a,
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
  RASTERIZER_DISCARD: 0x8c89,
  PIXEL_UNPACK_BUFFER: 0x88ec,
  PIXEL_UNPACK_BUFFER_BINDING: 0x88ef,
  ARRAY_BUFFER: 0x8892,
} as const;

/** The WebGL calls xrgate makes on a layer's context, typed loosely (WebGL 1 and 2 both fit). */
export type Ctx = Record<string, unknown>;

/** Calls `gl[name](...args)` through Reflect.apply (captured at load). */
export function call(gl: object, name: string, ...args: unknown[]): unknown {
  const f = (gl as Ctx)[name];
  if (typeof f !== 'function') return undefined;
  return ReflectApply(f as (...a: unknown[]) => unknown, gl, args);
}

/** A real WebGL context (one that makes textures), as opposed to Node's stand-in objects. */
export function isRealContext(gl: object | null): gl is object {
  return (
    gl !== null &&
    typeof (gl as Ctx).createTexture === 'function' &&
    typeof (gl as Ctx).texImage2D === 'function'
  );
}

export function isWebGL2(gl: object | null): boolean {
  return gl !== null && !!isWebGL2AtLoad && isWebGL2AtLoad(gl);
}

export function isLost(gl: object | null): boolean {
  return gl !== null && call(gl, 'isContextLost') === true;
}

/** The context's MAX_TEXTURE_SIZE, or MAX_CUBE_MAP_TEXTURE_SIZE for a cube map (0 where it cannot say: Node). */
export function maxTextureSize(gl: object, cubeMap = false): number {
  const v = call(gl, 'getParameter', cubeMap ? GL.MAX_CUBE_MAP_TEXTURE_SIZE : GL.MAX_TEXTURE_SIZE);
  return typeof v === 'number' ? v : 0;
}

/**
 * The layers' textures on real contexts (texture → its context), which the WebGL wrappers of
 * src/browser/webgl-opaque.ts keep opaque (R-LAYER-09): deleteTexture and the calls that would
 * change their size or format record INVALID_OPERATION and do nothing.
 */
export const opaqueTextures = new SafeWeakMap<object, object>();
/** Contexts that hold at least one layer texture (the wrappers do nothing for the others). */
export const contextsWithOpaqueTextures = new SafeWeakSet<object>();

function handle(): object {
  return ObjectFreeze(ObjectCreate(null) as object);
}

/** WebGL 2's sized formats for the unsized ones the init dictionaries name. */
function sized(format: number): number {
  switch (format) {
    case GL.RGBA:
      return GL.RGBA8;
    case GL.RGB:
      return GL.RGB8;
    case GL.SRGB_ALPHA_EXT:
      return GL.SRGB8_ALPHA8;
    case GL.SRGB_EXT:
      return GL.SRGB8;
    case GL.DEPTH_COMPONENT:
      return GL.DEPTH_COMPONENT24;
    case GL.DEPTH_STENCIL:
      return GL.DEPTH24_STENCIL8;
    default:
      return format;
  }
}

/** Is `format` a depth format? */
export function isDepthFormat(format: number): boolean {
  return (
    format === GL.DEPTH_COMPONENT ||
    format === GL.DEPTH_STENCIL ||
    format === GL.DEPTH_COMPONENT24 ||
    format === GL.DEPTH24_STENCIL8
  );
}

function bindingOf(target: number): number {
  return target === GL.TEXTURE_2D_ARRAY
    ? GL.TEXTURE_BINDING_2D_ARRAY
    : target === GL.TEXTURE_CUBE_MAP
      ? GL.TEXTURE_BINDING_CUBE_MAP
      : GL.TEXTURE_BINDING_2D;
}

export interface TextureRequest {
  readonly target: number;
  readonly width: number;
  readonly height: number;
  /** Array layers (TEXTURE_2D_ARRAY), else 1. */
  readonly depth: number;
  readonly format: number;
  readonly mipLevels: number;
}

/**
 * A new texture as asked (spec "opaque texture"), or null when the context cannot make it (a lost
 * context, an unsupported format: the caller throws OperationError).
 */
export function allocateTexture(gl: object | null, req: TextureRequest): LayerTexture | null {
  if (gl === null || !isRealContext(gl)) {
    return {
      texture: handle(),
      width: req.width,
      height: req.height,
      depth: req.depth,
      target: req.target,
      format: req.format,
    };
  }
  const webgl2 = isWebGL2(gl);
  const depth = isDepthFormat(req.format);
  const texture = call(gl, 'createTexture') as object | null;
  if (!texture) return null;
  const prev = call(gl, 'getParameter', bindingOf(req.target)) as object | null;
  const prevUnpack = webgl2
    ? (call(gl, 'getParameter', GL.PIXEL_UNPACK_BUFFER_BINDING) as object | null)
    : null;
  try {
    if (prevUnpack) call(gl, 'bindBuffer', GL.PIXEL_UNPACK_BUFFER, null);
    call(gl, 'bindTexture', req.target, texture);
    const filter = depth ? GL.NEAREST : GL.LINEAR;
    if (webgl2) {
      const levels = MathMax(req.mipLevels, 1);
      if (req.target === GL.TEXTURE_2D_ARRAY) {
        call(gl, 'texStorage3D', req.target, levels, sized(req.format), req.width, req.height, req.depth);
      } else {
        call(gl, 'texStorage2D', req.target, levels, sized(req.format), req.width, req.height);
      }
    } else {
      const type =
        req.format === GL.DEPTH_COMPONENT
          ? GL.UNSIGNED_INT
          : req.format === GL.DEPTH_STENCIL
            ? GL.UNSIGNED_INT_24_8
            : GL.UNSIGNED_BYTE;
      const faces = req.target === GL.TEXTURE_CUBE_MAP ? 6 : 1;
      for (let f = 0; f < faces; f++) {
        const t = req.target === GL.TEXTURE_CUBE_MAP ? GL.TEXTURE_CUBE_MAP_POSITIVE_X + f : req.target;
        call(gl, 'texImage2D', t, 0, req.format, req.width, req.height, 0, req.format, type, null);
      }
    }
    call(gl, 'texParameteri', req.target, GL.TEXTURE_MIN_FILTER, filter);
    call(gl, 'texParameteri', req.target, GL.TEXTURE_MAG_FILTER, filter);
    call(gl, 'texParameteri', req.target, GL.TEXTURE_WRAP_S, GL.CLAMP_TO_EDGE);
    call(gl, 'texParameteri', req.target, GL.TEXTURE_WRAP_T, GL.CLAMP_TO_EDGE);
  } finally {
    call(gl, 'bindTexture', req.target, prev);
    if (prevUnpack) call(gl, 'bindBuffer', GL.PIXEL_UNPACK_BUFFER, prevUnpack);
  }
  // spec(layers): #xrwebglsubimagetype — an opaque texture is immutable and cannot be deleted.
  opaqueTextures.set(texture, gl);
  contextsWithOpaqueTextures.add(gl);
  return {
    texture,
    width: req.width,
    height: req.height,
    depth: req.depth,
    target: req.target,
    format: req.format,
  };
}

/** Deletes the textures (destroy(), the session's end). Node's handles need nothing. */
export function releaseTextures(gl: object | null, list: readonly LayerTexture[]): void {
  if (gl === null || !isRealContext(gl) || isLost(gl)) return;
  for (let i = 0; i < list.length; i++) {
    // (No longer opaque: xrgate's own deleteTexture goes through.)
    opaqueTextures.delete(list[i]!.texture);
    call(gl, 'deleteTexture', list[i]!.texture);
  }
}

let scratch: { gl: object; fb: object } | null = null;

function scratchFramebuffer(gl: object): object | null {
  if (scratch !== null && scratch.gl === gl) return scratch.fb;
  const fb = call(gl, 'createFramebuffer') as object | null;
  if (fb) scratch = { gl, fb };
  return fb;
}

/**
 * spec(layers): the buffers of an opaque texture are cleared (colour (0, 0, 0, 0), depth 1,
 * stencil 0) at the first sub image access of each frame when clearOnAccess is true, else the
 * first time. Each 2D texture (each layer of an array, each face of a cube map) is attached to a
 * framebuffer of xrgate's own and cleared; every state the clear depends on is put back.
 */
export function clearTextures(r: LayerRecord): void {
  const gl = r.context;
  if (gl === null || !isRealContext(gl) || isLost(gl)) return;
  const webgl2 = isWebGL2(gl);
  const fb = scratchFramebuffer(gl);
  if (!fb) return;
  const get = (p: number) => call(gl, 'getParameter', p);
  const drawTarget = webgl2 ? GL.DRAW_FRAMEBUFFER : GL.FRAMEBUFFER;
  const prevDraw = get(GL.FRAMEBUFFER_BINDING) as object | null;
  const color = (get(GL.COLOR_CLEAR_VALUE) as ArrayLike<number> | null) ?? [0, 0, 0, 0];
  const depthValue = get(GL.DEPTH_CLEAR_VALUE) as number;
  const stencilValue = get(GL.STENCIL_CLEAR_VALUE) as number;
  const mask = (get(GL.COLOR_WRITEMASK) as ArrayLike<boolean> | null) ?? [true, true, true, true];
  const depthMask = get(GL.DEPTH_WRITEMASK) as boolean;
  const stencilMask = get(GL.STENCIL_WRITEMASK) as number;
  const scissor = call(gl, 'isEnabled', GL.SCISSOR_TEST) === true;
  const discard = webgl2 && call(gl, 'isEnabled', GL.RASTERIZER_DISCARD) === true;
  try {
    call(gl, 'bindFramebuffer', drawTarget, fb);
    call(gl, 'clearColor', 0, 0, 0, 0);
    call(gl, 'clearDepth', 1);
    call(gl, 'clearStencil', 0);
    call(gl, 'colorMask', true, true, true, true);
    call(gl, 'depthMask', true);
    call(gl, 'stencilMask', 0xffffffff);
    if (scissor) call(gl, 'disable', GL.SCISSOR_TEST);
    if (discard) call(gl, 'disable', GL.RASTERIZER_DISCARD);
    const each = (list: readonly LayerTexture[], attachment: number, bits: number) => {
      for (let i = 0; i < list.length; i++) {
        const t = list[i]!;
        const images = t.target === GL.TEXTURE_CUBE_MAP ? 6 : t.depth;
        for (let k = 0; k < images; k++) {
          if (t.target === GL.TEXTURE_2D_ARRAY) {
            call(gl, 'framebufferTextureLayer', drawTarget, attachment, t.texture, 0, k);
          } else {
            const target =
              t.target === GL.TEXTURE_CUBE_MAP ? GL.TEXTURE_CUBE_MAP_POSITIVE_X + k : GL.TEXTURE_2D;
            call(gl, 'framebufferTexture2D', drawTarget, attachment, target, t.texture, 0);
          }
          call(gl, 'clear', bits);
        }
        if (t.target === GL.TEXTURE_2D_ARRAY)
          call(gl, 'framebufferTextureLayer', drawTarget, attachment, null, 0, 0);
        else call(gl, 'framebufferTexture2D', drawTarget, attachment, GL.TEXTURE_2D, null, 0);
      }
    };
    each(r.colorTextures, GL.COLOR_ATTACHMENT0, GL.COLOR_BUFFER_BIT);
    const ds = r.depthStencilTextures;
    if (ds.length > 0) {
      const stencil = ds[0]!.format === GL.DEPTH_STENCIL || ds[0]!.format === GL.DEPTH24_STENCIL8;
      each(
        ds,
        stencil ? GL.DEPTH_STENCIL_ATTACHMENT : GL.DEPTH_ATTACHMENT,
        GL.DEPTH_BUFFER_BIT | (stencil ? GL.STENCIL_BUFFER_BIT : 0),
      );
    }
  } finally {
    call(gl, 'clearColor', color[0] ?? 0, color[1] ?? 0, color[2] ?? 0, color[3] ?? 0);
    call(gl, 'clearDepth', depthValue);
    call(gl, 'clearStencil', stencilValue);
    call(gl, 'colorMask', !!mask[0], !!mask[1], !!mask[2], !!mask[3]);
    call(gl, 'depthMask', depthMask);
    call(gl, 'stencilMask', stencilMask);
    if (scissor) call(gl, 'enable', GL.SCISSOR_TEST);
    if (discard) call(gl, 'enable', GL.RASTERIZER_DISCARD);
    call(gl, 'bindFramebuffer', drawTarget, prevDraw);
  }
}
