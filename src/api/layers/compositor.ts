// xrgate's XR Compositor for the Layers module, in the page: at the end of each XR animation frame
// the render state's layers are drawn, in order, with source-over blending of premultiplied
// colour (spec(layers) #xrrenderstatechanges, #xrcompositorchanges), into the in-page
// presentation — the page's canvas, each view side by side, where an XRWebGLLayer base layer
// draws when canvasPresentation is enabled (dist/xrgate.js, the extension). Projection layers
// fill their view; quad, cylinder and equirect layers are drawn at their pose as seen from each
// view (a grid mesh bent in the vertex shader); a cube layer fills its view like a background,
// each pixel showing the cube map along its view ray (the layer's orientation in its space, the
// viewer always at the centre: spec(layers) #xcubelayertype). The plan of draws depends on the
// layers' kinds and the number of views only (R-LAYER-07), never on their pixels. Every WebGL
// state touched is put back, so the page (and libraries that cache state, like three.js) finds
// its context as it left it.

import { compositionPlan } from '../../policy/layers.js';
import { Float32Array, MathFloor, SafeWeakMap } from '../../primordials.js';
import type { LayerRecord, LayerTexture } from './layer-record.js';
import { call, GL, isLost, isWebGL2 } from './textures.js';

/** One view of the presentation. */
export interface CompositeView {
  /** Column-major projection. */
  readonly projection: ArrayLike<number>;
  /** Column-major matrix from the viewer's space to the view's (the view offset's inverse). */
  readonly viewFromViewer: ArrayLike<number>;
  readonly eye: 'none' | 'left' | 'right';
}

/** One layer to draw: a composition layer with its pose relative to the viewer, or an XRWebGLLayer (already drawn). */
export interface CompositeLayer {
  readonly record: LayerRecord | null;
  /** Column-major matrix from the layer's local space (transform applied) to the viewer's; null: not located this frame. */
  readonly toViewer: ArrayLike<number> | null;
  /** A media layer's texture (the video's current frame, uploaded by xrgate this frame). */
  readonly media?: LayerTexture | null;
}

const C = {
  VIEWPORT: 0x0ba2,
  CURRENT_PROGRAM: 0x8b8d,
  ACTIVE_TEXTURE: 0x84e0,
  TEXTURE0: 0x84c0,
  ARRAY_BUFFER_BINDING: 0x8894,
  VERTEX_ARRAY_BINDING: 0x85b5,
  BLEND: 0x0be2,
  BLEND_SRC_RGB: 0x80c9,
  BLEND_DST_RGB: 0x80c8,
  BLEND_SRC_ALPHA: 0x80cb,
  BLEND_DST_ALPHA: 0x80ca,
  BLEND_EQUATION_RGB: 0x8009,
  BLEND_EQUATION_ALPHA: 0x883d,
  FUNC_ADD: 0x8006,
  ONE: 1,
  ONE_MINUS_SRC_ALPHA: 0x0303,
  DEPTH_TEST: 0x0b71,
  STENCIL_TEST: 0x0b90,
  CULL_FACE: 0x0b44,
  CULL_FACE_MODE: 0x0b45,
  FRONT_FACE: 0x0b46,
  BACK: 0x0405,
  CCW: 0x0901,
  POLYGON_OFFSET_FILL: 0x8037,
  SAMPLE_ALPHA_TO_COVERAGE: 0x809e,
  SAMPLE_COVERAGE: 0x80a0,
  DITHER: 0x0bd0,
  SAMPLER_BINDING: 0x8919,
  TRIANGLES: 0x0004,
  FLOAT: 0x1406,
  STATIC_DRAW: 0x88e4,
  VERTEX_SHADER: 0x8b31,
  FRAGMENT_SHADER: 0x8b30,
  LINK_STATUS: 0x8b82,
  VERTEX_ATTRIB_ARRAY_ENABLED: 0x8622,
  VERTEX_ATTRIB_ARRAY_SIZE: 0x8623,
  VERTEX_ATTRIB_ARRAY_STRIDE: 0x8624,
  VERTEX_ATTRIB_ARRAY_TYPE: 0x8625,
  VERTEX_ATTRIB_ARRAY_NORMALIZED: 0x886a,
  VERTEX_ATTRIB_ARRAY_BUFFER_BINDING: 0x889f,
  VERTEX_ATTRIB_ARRAY_DIVISOR: 0x88fe,
  UNPACK_FLIP_Y: 0x9240,
} as const;

const GRID = 24;

const KIND = { projection: 0, quad: 1, cylinder: 2, equirect: 3, cube: 4 } as const;

const VS_BODY = `
uniform mat4 uMVP; uniform float uKind; uniform vec4 uParams; uniform vec4 uSrc;
void main() {
  vec2 uv = aUV;
  vUV = uSrc.xy + uv * uSrc.zw;
  if (uKind < 0.5 || uKind > 3.5) { gl_Position = vec4(uv * 2.0 - 1.0, 0.0, 1.0); return; }
  vec3 p;
  if (uKind < 1.5) {
    p = vec3((uv.x - 0.5) * uParams.x, (uv.y - 0.5) * uParams.y, 0.0);
  } else if (uKind < 2.5) {
    float a = (uv.x - 0.5) * uParams.y;
    float h = uParams.x * uParams.y / uParams.z;
    p = vec3(uParams.x * sin(a), (uv.y - 0.5) * h, -uParams.x * cos(a));
  } else {
    float lon = (uv.x - 0.5) * uParams.y;
    float lat = mix(uParams.w, uParams.z, uv.y);
    p = uParams.x * vec3(cos(lat) * sin(lon), sin(lat), -cos(lat) * cos(lon));
  }
  gl_Position = uMVP * vec4(p, 1.0);
}`;

const VS1 = `precision highp float; attribute vec2 aUV; varying vec2 vUV;${VS_BODY}`;
const FS1 = `precision mediump float; varying vec2 vUV; uniform sampler2D uTex; uniform float uOpacity; uniform float uAlpha;
void main() { vec4 c = texture2D(uTex, vUV); if (uAlpha < 0.5) c.a = 1.0; gl_FragColor = c * uOpacity; }`;
const VS2 = `#version 300 es
precision highp float; in vec2 aUV; out vec2 vUV;${VS_BODY}`;
// A cube layer: the view ray in the layer's space solves (rows x, y, w of uMVP, translation
// ignored) · d = (x, y, 1); a TEXTURE_2D_ARRAY holds the faces +X, -X, +Y, -Y, +Z, -Z from uLayer,
// each face and its (s, t) chosen as GL chooses a cube map's.
const FS2 = `#version 300 es
precision highp float; precision mediump sampler2DArray; in vec2 vUV; out vec4 o;
uniform sampler2D uTex; uniform sampler2DArray uArr; uniform mediump samplerCube uCube; uniform mat4 uMVP;
uniform float uKind; uniform float uUseArray; uniform float uLayer; uniform float uOpacity; uniform float uAlpha;
void main() {
  vec4 c = uUseArray > 0.5 ? texture(uArr, vec3(vUV, uLayer)) : texture(uTex, vUV);
  if (uKind > 3.5) {
    vec3 d = inverse(mat3(uMVP[0].xyw, uMVP[1].xyw, uMVP[2].xyw)) * vec3(vUV * 2.0 - 1.0, 1.0), a = abs(d);
    float k; vec2 st;
    if (a.x >= a.y && a.x >= a.z) { k = step(d.x, 0.0); st = vec2(-sign(d.x) * d.z, -d.y) / a.x; }
    else if (a.y >= a.z) { k = 2.0 + step(d.y, 0.0); st = vec2(d.x, sign(d.y) * d.z) / a.y; }
    else { k = 4.0 + step(d.z, 0.0); st = vec2(sign(d.z) * d.x, -d.y) / a.z; }
    c = uUseArray > 0.5 ? texture(uArr, vec3(st * 0.5 + 0.5, uLayer + k)) : texture(uCube, d);
  }
  if (uAlpha < 0.5) c.a = 1.0;
  o = c * uOpacity;
}`;

interface Program {
  readonly program: object;
  readonly buffer: object;
  readonly vao: object | null;
  readonly count: number;
  readonly u: Record<string, object | null>;
}

const programs = new SafeWeakMap<object, Program | null>();

function compile(gl: object, type: number, src: string): object | null {
  const s = call(gl, 'createShader', type) as object | null;
  if (!s) return null;
  call(gl, 'shaderSource', s, src);
  call(gl, 'compileShader', s);
  return s;
}

function gridVertices(): Float32Array {
  const out = new Float32Array(GRID * GRID * 12);
  let k = 0;
  for (let j = 0; j < GRID; j++) {
    for (let i = 0; i < GRID; i++) {
      const u0 = i / GRID;
      const u1 = (i + 1) / GRID;
      const v0 = j / GRID;
      const v1 = (j + 1) / GRID;
      // Two triangles, counter-clockwise as seen from the front.
      const t = [u0, v0, u1, v0, u1, v1, u0, v0, u1, v1, u0, v1];
      for (let n = 0; n < 12; n++) out[k++] = t[n]!;
    }
  }
  return out;
}

function programFor(gl: object, webgl2: boolean): Program | null {
  if (programs.has(gl)) return programs.get(gl) ?? null;
  const vs = compile(gl, C.VERTEX_SHADER, webgl2 ? VS2 : VS1);
  const fs = compile(gl, C.FRAGMENT_SHADER, webgl2 ? FS2 : FS1);
  const program = call(gl, 'createProgram') as object | null;
  if (!vs || !fs || !program) {
    programs.set(gl, null);
    return null;
  }
  call(gl, 'attachShader', program, vs);
  call(gl, 'attachShader', program, fs);
  call(gl, 'bindAttribLocation', program, 0, 'aUV');
  call(gl, 'linkProgram', program);
  if (call(gl, 'getProgramParameter', program, C.LINK_STATUS) !== true) {
    programs.set(gl, null);
    return null;
  }
  const buffer = call(gl, 'createBuffer') as object;
  const vao = webgl2 ? (call(gl, 'createVertexArray') as object | null) : null;
  const u: Record<string, object | null> = {};
  const names = [
    'uMVP',
    'uKind',
    'uParams',
    'uSrc',
    'uTex',
    'uArr',
    'uCube',
    'uUseArray',
    'uLayer',
    'uOpacity',
    'uAlpha',
  ];
  for (let i = 0; i < names.length; i++) {
    u[names[i]!] = call(gl, 'getUniformLocation', program, names[i]) as object | null;
  }
  const data = gridVertices();
  const p: Program = { program, buffer, vao, count: data.length / 2, u };
  // The buffer's data (and, on WebGL 2, the vertex array's attribute 0) once, bindings restored.
  const prevBuffer = call(gl, 'getParameter', C.ARRAY_BUFFER_BINDING) as object | null;
  const prevVao = webgl2 ? (call(gl, 'getParameter', C.VERTEX_ARRAY_BINDING) as object | null) : null;
  call(gl, 'bindBuffer', GL.ARRAY_BUFFER, buffer);
  call(gl, 'bufferData', GL.ARRAY_BUFFER, data, C.STATIC_DRAW);
  if (vao) {
    call(gl, 'bindVertexArray', vao);
    call(gl, 'enableVertexAttribArray', 0);
    call(gl, 'vertexAttribPointer', 0, 2, C.FLOAT, false, 0, 0);
    call(gl, 'bindVertexArray', prevVao);
  }
  call(gl, 'bindBuffer', GL.ARRAY_BUFFER, prevBuffer);
  programs.set(gl, p);
  return p;
}

/** a × b, column-major 4x4. */
export function multiply(a: ArrayLike<number>, b: ArrayLike<number>): Float32Array {
  const out = new Float32Array(16);
  for (let c = 0; c < 4; c++) {
    for (let r = 0; r < 4; r++) {
      let s = 0;
      for (let k = 0; k < 4; k++) s += (a[k * 4 + r] as number) * (b[c * 4 + k] as number);
      out[c * 4 + r] = s;
    }
  }
  return out;
}

const ENABLES = [
  C.BLEND,
  C.DEPTH_TEST,
  C.STENCIL_TEST,
  C.CULL_FACE,
  GL.SCISSOR_TEST,
  C.POLYGON_OFFSET_FILL,
  C.SAMPLE_ALPHA_TO_COVERAGE,
  C.SAMPLE_COVERAGE,
  GL.RASTERIZER_DISCARD,
];

function save(gl: object, webgl2: boolean): unknown[] {
  const g = (p: number) => call(gl, 'getParameter', p);
  const enabled: boolean[] = [];
  for (let i = 0; i < ENABLES.length; i++) {
    const cap = ENABLES[i]!;
    enabled[i] = cap === GL.RASTERIZER_DISCARD && !webgl2 ? false : call(gl, 'isEnabled', cap) === true;
  }
  const active = g(C.ACTIVE_TEXTURE) as number;
  call(gl, 'activeTexture', C.TEXTURE0);
  const tex0 = g(GL.TEXTURE_BINDING_2D);
  const sampler0 = webgl2 ? g(C.SAMPLER_BINDING) : null;
  call(gl, 'activeTexture', C.TEXTURE0 + 1);
  const tex1 = g(GL.TEXTURE_BINDING_2D);
  const arr1 = webgl2 ? g(GL.TEXTURE_BINDING_2D_ARRAY) : null;
  const sampler1 = webgl2 ? g(C.SAMPLER_BINDING) : null;
  call(gl, 'activeTexture', C.TEXTURE0 + 2);
  const cube2 = webgl2 ? [g(GL.TEXTURE_BINDING_CUBE_MAP), g(C.SAMPLER_BINDING)] : null;
  call(gl, 'activeTexture', active);
  const attrib = webgl2
    ? null
    : [
        call(gl, 'getVertexAttrib', 0, C.VERTEX_ATTRIB_ARRAY_ENABLED),
        call(gl, 'getVertexAttrib', 0, C.VERTEX_ATTRIB_ARRAY_BUFFER_BINDING),
        call(gl, 'getVertexAttrib', 0, C.VERTEX_ATTRIB_ARRAY_SIZE),
        call(gl, 'getVertexAttrib', 0, C.VERTEX_ATTRIB_ARRAY_TYPE),
        call(gl, 'getVertexAttrib', 0, C.VERTEX_ATTRIB_ARRAY_NORMALIZED),
        call(gl, 'getVertexAttrib', 0, C.VERTEX_ATTRIB_ARRAY_STRIDE),
        call(gl, 'getVertexAttribOffset', 0, 0x8645),
      ];
  return [
    enabled,
    g(GL.FRAMEBUFFER_BINDING),
    webgl2 ? g(GL.READ_FRAMEBUFFER_BINDING) : null,
    g(C.VIEWPORT),
    g(C.CURRENT_PROGRAM),
    active,
    tex0,
    tex1,
    arr1,
    sampler0,
    sampler1,
    g(C.ARRAY_BUFFER_BINDING),
    webgl2 ? g(C.VERTEX_ARRAY_BINDING) : null,
    [g(C.BLEND_SRC_RGB), g(C.BLEND_DST_RGB), g(C.BLEND_SRC_ALPHA), g(C.BLEND_DST_ALPHA)],
    [g(C.BLEND_EQUATION_RGB), g(C.BLEND_EQUATION_ALPHA)],
    g(C.CULL_FACE_MODE),
    g(C.FRONT_FACE),
    g(GL.COLOR_WRITEMASK),
    g(GL.DEPTH_WRITEMASK),
    attrib,
    g(GL.COLOR_CLEAR_VALUE),
    cube2,
  ];
}

function restore(gl: object, webgl2: boolean, s: unknown[]): void {
  const enabled = s[0] as boolean[];
  for (let i = 0; i < ENABLES.length; i++) {
    const cap = ENABLES[i]!;
    if (cap === GL.RASTERIZER_DISCARD && !webgl2) continue;
    call(gl, enabled[i] ? 'enable' : 'disable', cap);
  }
  if (webgl2) {
    call(gl, 'bindFramebuffer', GL.DRAW_FRAMEBUFFER, s[1]);
    call(gl, 'bindFramebuffer', GL.READ_FRAMEBUFFER, s[2]);
  } else call(gl, 'bindFramebuffer', GL.FRAMEBUFFER, s[1]);
  const vp = s[3] as ArrayLike<number>;
  call(gl, 'viewport', vp[0], vp[1], vp[2], vp[3]);
  call(gl, 'useProgram', s[4]);
  call(gl, 'activeTexture', C.TEXTURE0);
  call(gl, 'bindTexture', GL.TEXTURE_2D, s[6]);
  if (webgl2) call(gl, 'bindSampler', 0, s[9]);
  call(gl, 'activeTexture', C.TEXTURE0 + 1);
  call(gl, 'bindTexture', GL.TEXTURE_2D, s[7]);
  if (webgl2) {
    call(gl, 'bindTexture', GL.TEXTURE_2D_ARRAY, s[8]);
    call(gl, 'bindSampler', 1, s[10]);
    const cube2 = s[21] as unknown[];
    call(gl, 'activeTexture', C.TEXTURE0 + 2);
    call(gl, 'bindTexture', GL.TEXTURE_CUBE_MAP, cube2[0]);
    call(gl, 'bindSampler', 2, cube2[1]);
  }
  call(gl, 'activeTexture', s[5]);
  if (webgl2) call(gl, 'bindVertexArray', s[12]);
  const attrib = s[19] as unknown[] | null;
  if (attrib) {
    call(gl, 'bindBuffer', GL.ARRAY_BUFFER, attrib[1]);
    if (attrib[1]) call(gl, 'vertexAttribPointer', 0, attrib[2], attrib[3], attrib[4], attrib[5], attrib[6]);
    call(gl, attrib[0] ? 'enableVertexAttribArray' : 'disableVertexAttribArray', 0);
  }
  call(gl, 'bindBuffer', GL.ARRAY_BUFFER, s[11]);
  const bf = s[13] as number[];
  call(gl, 'blendFuncSeparate', bf[0], bf[1], bf[2], bf[3]);
  const be = s[14] as number[];
  call(gl, 'blendEquationSeparate', be[0], be[1]);
  call(gl, 'cullFace', s[15]);
  call(gl, 'frontFace', s[16]);
  const cm = (s[17] as ArrayLike<boolean> | null) ?? [true, true, true, true];
  call(gl, 'colorMask', !!cm[0], !!cm[1], !!cm[2], !!cm[3]);
  call(gl, 'depthMask', s[18]);
  const cc = (s[20] as ArrayLike<number> | null) ?? [0, 0, 0, 0];
  call(gl, 'clearColor', cc[0], cc[1], cc[2], cc[3]);
}

/** The texture, array layer and source rectangle (u, v, w, h) a layer shows in view `v` of `n`. */
function source(
  r: LayerRecord,
  view: CompositeView,
  index: number,
  n: number,
  media: LayerTexture | null,
): { t: LayerTexture; layer: number; src: number[] } | null {
  const list = media ? [media] : r.colorTextures;
  if (list.length === 0) return null;
  const array = r.textureType === 'texture-array';
  if (r.kind === 'projection') {
    if (array) return { t: list[0]!, layer: index, src: [0, 0, 1, 1] };
    if (r.layout === 'stereo-left-right') return { t: list[0]!, layer: 0, src: [index / n, 0, 1 / n, 1] };
    if (r.layout === 'stereo-top-bottom') return { t: list[0]!, layer: 0, src: [0, index / n, 1, 1 / n] };
    return { t: list[index] ?? list[0]!, layer: 0, src: [0, 0, 1, 1] };
  }
  // spec(layers) #xrcompositorchanges: a view with eye 'none' shows a stereo layer's left side.
  const right = view.eye === 'right' && !r.forceMonoPresentation;
  if (r.layout === 'stereo') {
    // (A stereo cube layer's right eye: array layers 6–11, or its second cube map.)
    if (array) return { t: list[0]!, layer: right ? (r.kind === 'cube' ? 6 : 1) : 0, src: [0, 0, 1, 1] };
    return { t: list[right ? 1 : 0] ?? list[0]!, layer: 0, src: [0, 0, 1, 1] };
  }
  if (r.layout === 'stereo-left-right') return { t: list[0]!, layer: 0, src: [right ? 0.5 : 0, 0, 0.5, 1] };
  if (r.layout === 'stereo-top-bottom') return { t: list[0]!, layer: 0, src: [0, right ? 0.5 : 0, 1, 0.5] };
  return { t: list[0]!, layer: 0, src: [0, 0, 1, 1] };
}

/**
 * Draws `layers` in order into the context's default framebuffer (the page's canvas), one region
 * per view side by side. `clearFirst`: the presentation is cleared to opaque black first (no
 * XRWebGLLayer drew into it this frame).
 */
export function compositeLayers(
  gl: object,
  views: readonly CompositeView[],
  layers: readonly CompositeLayer[],
  clearFirst: boolean,
): void {
  if (isLost(gl) || views.length === 0) return;
  const webgl2 = isWebGL2(gl);
  const p = programFor(gl, webgl2);
  if (!p) return;
  const W = (gl as { drawingBufferWidth?: number }).drawingBufferWidth ?? 0;
  const H = (gl as { drawingBufferHeight?: number }).drawingBufferHeight ?? 0;
  if (!(W > 0 && H > 0)) return;
  const n = views.length;
  const vw = MathFloor(W / n);
  const saved = save(gl, webgl2);
  try {
    if (webgl2) call(gl, 'bindFramebuffer', GL.DRAW_FRAMEBUFFER, null);
    else call(gl, 'bindFramebuffer', GL.FRAMEBUFFER, null);
    for (let i = 0; i < ENABLES.length; i++) {
      const cap = ENABLES[i]!;
      if (cap === GL.RASTERIZER_DISCARD && !webgl2) continue;
      call(gl, 'disable', cap);
    }
    call(gl, 'colorMask', true, true, true, true);
    call(gl, 'depthMask', false);
    if (clearFirst) {
      call(gl, 'viewport', 0, 0, W, H);
      call(gl, 'clearColor', 0, 0, 0, 1);
      call(gl, 'clear', GL.COLOR_BUFFER_BIT);
    }
    call(gl, 'enable', C.BLEND);
    call(gl, 'blendFuncSeparate', C.ONE, C.ONE_MINUS_SRC_ALPHA, C.ONE, C.ONE_MINUS_SRC_ALPHA);
    call(gl, 'blendEquationSeparate', C.FUNC_ADD, C.FUNC_ADD);
    call(gl, 'frontFace', C.CCW);
    call(gl, 'cullFace', C.BACK);
    call(gl, 'useProgram', p.program);
    if (webgl2) {
      call(gl, 'bindVertexArray', p.vao);
      call(gl, 'bindSampler', 0, null);
      call(gl, 'bindSampler', 1, null);
      call(gl, 'bindSampler', 2, null);
      call(gl, 'uniform1i', p.u.uCube, 2);
    } else {
      call(gl, 'bindBuffer', GL.ARRAY_BUFFER, p.buffer);
      call(gl, 'enableVertexAttribArray', 0);
      call(gl, 'vertexAttribPointer', 0, 2, C.FLOAT, false, 0, 0);
    }
    call(gl, 'uniform1i', p.u.uTex, 0);
    if (webgl2) call(gl, 'uniform1i', p.u.uArr, 1);
    // R-LAYER-07: the same draws whatever the layers hold.
    const kinds = [];
    for (let i = 0; i < layers.length; i++) kinds[i] = layers[i]!.record?.kind ?? 'webgl';
    const plan = compositionPlan(kinds as never, n);
    for (let s = 0; s < plan.length; s++) {
      const step = plan[s]!;
      const entry = layers[step.layer]!;
      const r = entry.record;
      // XRWebGLLayers drew into the canvas themselves.
      if (r === null || r.destroyed) continue;
      const view = views[step.view]!;
      const src = source(r, view, step.view, n, entry.media ?? null);
      if (src === null) continue;
      if (r.kind !== 'projection' && entry.toViewer === null) continue;
      call(gl, 'viewport', step.view * vw, 0, vw, H);
      const target = src.t.target;
      const array = target === GL.TEXTURE_2D_ARRAY;
      call(gl, 'activeTexture', C.TEXTURE0 + (array ? 1 : target === GL.TEXTURE_CUBE_MAP ? 2 : 0));
      call(gl, 'bindTexture', target, src.t.texture);
      if (webgl2) {
        call(gl, 'uniform1f', p.u.uUseArray, array ? 1 : 0);
        call(gl, 'uniform1f', p.u.uLayer, src.layer);
      }
      call(gl, 'uniform4f', p.u.uSrc, src.src[0], src.src[1], src.src[2], src.src[3]);
      call(gl, 'uniform1f', p.u.uKind, KIND[r.kind]);
      call(gl, 'uniform1f', p.u.uOpacity, r.opacity);
      call(gl, 'uniform1f', p.u.uAlpha, r.blendTextureSourceAlpha ? 1 : 0);
      // (Projection and cube layers fill the view: no culling.)
      call(gl, r.kind === 'projection' || r.kind === 'cube' ? 'disable' : 'enable', C.CULL_FACE);
      if (r.kind !== 'projection') {
        const mvp = multiply(view.projection, multiply(view.viewFromViewer, entry.toViewer!));
        call(gl, 'uniformMatrix4fv', p.u.uMVP, false, mvp);
        // (A cube layer needs the matrix only: its view rays are the fragment shader's.)
        if (r.kind === 'quad') call(gl, 'uniform4f', p.u.uParams, r.width, r.height, 0, 0);
        else if (r.kind === 'cylinder')
          call(gl, 'uniform4f', p.u.uParams, r.radius, r.centralAngle, r.aspectRatio, 0);
        else if (r.kind === 'equirect') {
          // An equirect radius of 0 is an infinite sphere: drawn far away.
          const radius = r.radius > 0 ? r.radius : 100;
          call(
            gl,
            'uniform4f',
            p.u.uParams,
            radius,
            r.centralHorizontalAngle,
            r.upperVerticalAngle,
            r.lowerVerticalAngle,
          );
        }
      }
      call(gl, 'drawArrays', C.TRIANGLES, 0, p.count);
      call(gl, 'bindTexture', target, null);
    }
  } finally {
    restore(gl, webgl2, saved);
  }
}
