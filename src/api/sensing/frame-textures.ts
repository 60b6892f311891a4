// Opaque textures for one animation frame (Depth Sensing's XRWebGLDepthInformation.texture, Raw
// Camera Access's getCameraImage): made on the binding's WebGL context from data the user agent
// sent, with every piece of GL state touched put back, and deleted once the frame's callbacks
// have run (R-CAM-05: an image is usable during its frame only).

import type { XRDepthDataFormat } from '../../policy/depth-sensing.js';
import { Float32Array, queueMicrotask, ReflectApply, Uint8Array, Uint16Array } from '../../primordials.js';

type GL = Record<string, unknown>;

const GLC = {
  TEXTURE_2D: 0x0de1,
  TEXTURE_BINDING_2D: 0x8069,
  TEXTURE_MIN_FILTER: 0x2801,
  TEXTURE_MAG_FILTER: 0x2800,
  TEXTURE_WRAP_S: 0x2802,
  TEXTURE_WRAP_T: 0x2803,
  NEAREST: 0x2600,
  LINEAR: 0x2601,
  CLAMP_TO_EDGE: 0x812f,
  UNPACK_ALIGNMENT: 0x0cf5,
  UNPACK_FLIP_Y_WEBGL: 0x9240,
  UNPACK_PREMULTIPLY_ALPHA_WEBGL: 0x9241,
  PIXEL_UNPACK_BUFFER: 0x88ec,
  PIXEL_UNPACK_BUFFER_BINDING: 0x88ef,
  UNPACK_ROW_LENGTH: 0x0cf2,
  UNPACK_SKIP_ROWS: 0x0cf3,
  UNPACK_SKIP_PIXELS: 0x0cf4,
  RGBA: 0x1908,
  LUMINANCE: 0x1909,
  LUMINANCE_ALPHA: 0x190a,
  UNSIGNED_BYTE: 0x1401,
  UNSIGNED_SHORT: 0x1403,
  FLOAT: 0x1406,
  RED: 0x1903,
  RED_INTEGER: 0x8d94,
  R32F: 0x822e,
  R16UI: 0x8234,
} as const;

function call(gl: GL, name: string, args: unknown[]): unknown {
  const fn = gl[name];
  return typeof fn === 'function' ? ReflectApply(fn, gl, args) : undefined;
}

function isWebGL2(gl: GL): boolean {
  return typeof gl.texStorage2D === 'function';
}

/** What an upload needs: the texture's format and the data as a typed array. */
export interface TextureUpload {
  readonly width: number;
  readonly height: number;
  /** 'rgba8' for camera images, else the depth data format. */
  readonly kind: 'rgba8' | XRDepthDataFormat;
  readonly data: ArrayBuffer | Uint8Array | null;
}

/**
 * A new texture on `gl` holding `upload`, deleted after the current frame's callbacks have run;
 * null where the context cannot make textures (Node without WebGL) or the upload fails.
 */
export function frameTexture(context: object, upload: TextureUpload): object | null {
  const gl = context as GL;
  if (typeof gl.createTexture !== 'function' || typeof gl.texImage2D !== 'function') return null;
  if (call(gl, 'isContextLost', []) === true) return null;
  const texture = call(gl, 'createTexture', []) as object | null;
  if (!texture) return null;
  const webgl2 = isWebGL2(gl);
  // The state the upload changes, to put back.
  const bound = call(gl, 'getParameter', [GLC.TEXTURE_BINDING_2D]) ?? null;
  const alignment = call(gl, 'getParameter', [GLC.UNPACK_ALIGNMENT]) ?? 4;
  const flipY = call(gl, 'getParameter', [GLC.UNPACK_FLIP_Y_WEBGL]) ?? false;
  const premultiply = call(gl, 'getParameter', [GLC.UNPACK_PREMULTIPLY_ALPHA_WEBGL]) ?? false;
  const unpackBuffer = webgl2 ? (call(gl, 'getParameter', [GLC.PIXEL_UNPACK_BUFFER_BINDING]) ?? null) : null;
  const rowLength = webgl2 ? (call(gl, 'getParameter', [GLC.UNPACK_ROW_LENGTH]) ?? 0) : 0;
  const skipRows = webgl2 ? (call(gl, 'getParameter', [GLC.UNPACK_SKIP_ROWS]) ?? 0) : 0;
  const skipPixels = webgl2 ? (call(gl, 'getParameter', [GLC.UNPACK_SKIP_PIXELS]) ?? 0) : 0;
  try {
    call(gl, 'bindTexture', [GLC.TEXTURE_2D, texture]);
    call(gl, 'pixelStorei', [GLC.UNPACK_ALIGNMENT, 1]);
    call(gl, 'pixelStorei', [GLC.UNPACK_FLIP_Y_WEBGL, false]);
    call(gl, 'pixelStorei', [GLC.UNPACK_PREMULTIPLY_ALPHA_WEBGL, false]);
    if (webgl2) {
      call(gl, 'bindBuffer', [GLC.PIXEL_UNPACK_BUFFER, null]);
      call(gl, 'pixelStorei', [GLC.UNPACK_ROW_LENGTH, 0]);
      call(gl, 'pixelStorei', [GLC.UNPACK_SKIP_ROWS, 0]);
      call(gl, 'pixelStorei', [GLC.UNPACK_SKIP_PIXELS, 0]);
    }
    const { width: w, height: h, kind, data } = upload;
    const filter = kind === 'rgba8' ? GLC.LINEAR : GLC.NEAREST;
    call(gl, 'texParameteri', [GLC.TEXTURE_2D, GLC.TEXTURE_MIN_FILTER, filter]);
    call(gl, 'texParameteri', [GLC.TEXTURE_2D, GLC.TEXTURE_MAG_FILTER, filter]);
    call(gl, 'texParameteri', [GLC.TEXTURE_2D, GLC.TEXTURE_WRAP_S, GLC.CLAMP_TO_EDGE]);
    call(gl, 'texParameteri', [GLC.TEXTURE_2D, GLC.TEXTURE_WRAP_T, GLC.CLAMP_TO_EDGE]);
    const bytes = data === null ? null : data instanceof Uint8Array ? data : new Uint8Array(data);
    if (kind === 'rgba8') {
      call(gl, 'texImage2D', [GLC.TEXTURE_2D, 0, GLC.RGBA, w, h, 0, GLC.RGBA, GLC.UNSIGNED_BYTE, bytes]);
    } else if (kind === 'float32' && webgl2) {
      const f = bytes === null ? null : new Float32Array(bytes.buffer, bytes.byteOffset, w * h);
      call(gl, 'texImage2D', [GLC.TEXTURE_2D, 0, GLC.R32F, w, h, 0, GLC.RED, GLC.FLOAT, f]);
    } else if (kind === 'float32') {
      // WebGL 1: a float luminance texture (OES_texture_float).
      call(gl, 'getExtension', ['OES_texture_float']);
      const f = bytes === null ? null : new Float32Array(bytes.buffer, bytes.byteOffset, w * h);
      call(gl, 'texImage2D', [GLC.TEXTURE_2D, 0, GLC.LUMINANCE, w, h, 0, GLC.LUMINANCE, GLC.FLOAT, f]);
    } else if (kind === 'unsigned-short' && webgl2) {
      const u = bytes === null ? null : new Uint16Array(bytes.buffer, bytes.byteOffset, w * h);
      call(gl, 'texImage2D', [GLC.TEXTURE_2D, 0, GLC.R16UI, w, h, 0, GLC.RED_INTEGER, GLC.UNSIGNED_SHORT, u]);
    } else {
      // luminance-alpha (and 16-bit values on WebGL 1): the two bytes of each entry in L and A.
      call(gl, 'texImage2D', [
        GLC.TEXTURE_2D,
        0,
        GLC.LUMINANCE_ALPHA,
        w,
        h,
        0,
        GLC.LUMINANCE_ALPHA,
        GLC.UNSIGNED_BYTE,
        bytes,
      ]);
    }
  } catch {
    call(gl, 'deleteTexture', [texture]);
    return null;
  } finally {
    call(gl, 'bindTexture', [GLC.TEXTURE_2D, bound]);
    call(gl, 'pixelStorei', [GLC.UNPACK_ALIGNMENT, alignment]);
    call(gl, 'pixelStorei', [GLC.UNPACK_FLIP_Y_WEBGL, flipY]);
    call(gl, 'pixelStorei', [GLC.UNPACK_PREMULTIPLY_ALPHA_WEBGL, premultiply]);
    if (webgl2) {
      call(gl, 'bindBuffer', [GLC.PIXEL_UNPACK_BUFFER, unpackBuffer]);
      call(gl, 'pixelStorei', [GLC.UNPACK_ROW_LENGTH, rowLength]);
      call(gl, 'pixelStorei', [GLC.UNPACK_SKIP_ROWS, skipRows]);
      call(gl, 'pixelStorei', [GLC.UNPACK_SKIP_PIXELS, skipPixels]);
    }
  }
  // R-CAM-05: the frame's callbacks run in one task; once they have, the texture goes.
  queueMicrotask(() => {
    call(gl, 'deleteTexture', [texture]);
  });
  return texture;
}
