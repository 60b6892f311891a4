// The render state's layers at each XR animation frame (spec(layers) #animationframeschanges,
// #xrcompositorchanges): before the callbacks, the opaque framebuffers of the XRWebGLLayers among
// them become drawable; after the callbacks, they stop being drawable, getSubImage's queued
// "needsRedraw = false" is applied, and — when immersive frames are presented in the page
// (canvasPresentation) — the layers are composited into the page's canvas (compositor.ts).
// R-LAYER-03: the textures handed out this frame are drawable this frame only; nothing of the
// composition is handed back to the page.

import { projectionFromFov } from '../../device/projection.js';
import { Float32Array, SafeWeakMap } from '../../primordials.js';
import type { OpaqueFramebufferSupport } from '../opaque-support.js';
import { invert, rigid, rigidFromPose, toMatrix } from '../rigid.js';
import { nativeRef, type PoseResolver } from '../session/pose-resolver.js';
import type { FrameState } from '../XRFrame.js';
import { type XRRenderState, XRRenderStateInternals } from '../XRRenderState.js';
import { type XRRigidTransform, XRRigidTransformInternals } from '../XRRigidTransform.js';
import { spaceInternals } from '../XRSpace.js';
import { canvasPresentation, XRWebGLLayerInternals } from '../XRWebGLLayer.js';
import { type CompositeLayer, type CompositeView, compositeLayers, multiply } from './compositor.js';
import type { LayerRecord, LayerTexture } from './layer-record.js';
import { allocateTexture, call, GL, isRealContext } from './textures.js';
import { XRCompositionLayerInternals } from './XRCompositionLayer.js';

// A media layer's texture on the presentation's context: xrgate's own, never handed to the page.
const mediaTextures = new SafeWeakMap<LayerRecord, LayerTexture>();

/**
 * The video's current frame in a texture of xrgate's (spec(layers) #render-media-layer), or null
 * when there is none to show (no data yet: the layer is transparent). A video the page may not
 * read cannot be uploaded (WebGL throws SecurityError; R-LAYER-06): nothing is drawn for it.
 */
function mediaTexture(gl: object, r: LayerRecord): LayerTexture | null {
  const video = r.media as { readyState?: number };
  try {
    if (!((video.readyState ?? 0) >= 2) || !isRealContext(gl)) return null;
    let t = mediaTextures.get(r);
    if (t === undefined) {
      const made = allocateTexture(gl, {
        target: GL.TEXTURE_2D,
        width: 1,
        height: 1,
        depth: 1,
        format: GL.RGBA,
        mipLevels: 1,
      });
      if (made === null) return null;
      t = made;
      mediaTextures.set(r, t);
    }
    const prev = call(gl, 'getParameter', GL.TEXTURE_BINDING_2D);
    const flip = call(gl, 'getParameter', UNPACK_FLIP_Y);
    try {
      call(gl, 'bindTexture', GL.TEXTURE_2D, t.texture);
      // (The video's first row is its top; GL textures start at the bottom.)
      call(gl, 'pixelStorei', UNPACK_FLIP_Y, true);
      call(gl, 'texImage2D', GL.TEXTURE_2D, 0, GL.RGBA, GL.RGBA, GL.UNSIGNED_BYTE, r.media);
    } finally {
      call(gl, 'pixelStorei', UNPACK_FLIP_Y, flip === true);
      call(gl, 'bindTexture', GL.TEXTURE_2D, prev);
    }
    return t;
  } catch {
    return null;
  }
}

const UNPACK_FLIP_Y = 0x9240;

/** Before the frame's callbacks. */
export function layersFrameStarted(layers: readonly object[], opaque: OpaqueFramebufferSupport | null): void {
  if (layers.length === 0 || opaque === null) return;
  for (let i = 0; i < layers.length; i++) {
    const l = layers[i]!;
    if (XRWebGLLayerInternals.is(l)) opaque.setFrameActive(l, true);
  }
}

/** After the frame's callbacks (the frame still active: its poses are asked for here). */
export function layersFrameEnded(
  layers: readonly object[],
  opaque: OpaqueFramebufferSupport | null,
  poses: object,
  state: FrameState,
  renderState: XRRenderState,
): void {
  if (layers.length === 0) return;
  const { depthNear: near, depthFar: far } = XRRenderStateInternals.values(renderState);
  let context: object | null = null;
  let firstIsWebGL = false;
  for (let i = 0; i < layers.length; i++) {
    const l = layers[i]!;
    if (XRWebGLLayerInternals.is(l)) {
      opaque?.setFrameActive(l, false);
      if (i === 0) firstIsWebGL = true;
      context ??= XRWebGLLayerInternals.context(l);
      continue;
    }
    if (!XRCompositionLayerInternals.is(l)) continue;
    const r = XRCompositionLayerInternals.recordOf(l);
    if (r.pendingRedrawClear) {
      r.pendingRedrawClear = false;
      r.needsRedraw = false;
    }
    context ??= r.context;
  }
  if (!canvasPresentation.enabled || context === null || state.viewer === null) return;
  const resolver = poses as PoseResolver;
  const viewerSpace = resolver.spaceData(nativeRef('viewer'), null);
  // The views: projection and the view offset's inverse.
  const dviews = state.data.views;
  const views: CompositeView[] = [];
  for (let i = 0; i < dviews.length; i++) {
    const v = dviews[i]!;
    const offset = rigidFromPose(v.viewOffset);
    const inv = toMatrix(new Float32Array(16), invert(rigid(), offset));
    const projection = v.fieldOfView ? projectionFromFov(v.fieldOfView, near, far) : v.projectionMatrix;
    views[i] = { projection, viewFromViewer: inv, eye: v.eye };
  }
  // The layers: each placed one's pose relative to the viewer, its transform applied.
  const out: CompositeLayer[] = [];
  const m = new Float32Array(16);
  for (let i = 0; i < layers.length; i++) {
    const l = layers[i]!;
    if (!XRCompositionLayerInternals.is(l)) {
      out[i] = { record: null, toViewer: null };
      continue;
    }
    const r = XRCompositionLayerInternals.recordOf(l);
    // A layer of another WebGL context (a second XRWebGLBinding) cannot be sampled in this one:
    // binding its texture here would be a GL error in the page's context. Not drawn (the in-page
    // presentation shows one context's layers: docs/requirements.md, Layers).
    if (r.context !== null && r.context !== context) {
      out[i] = { record: null, toViewer: null };
      continue;
    }
    if (r.kind === 'projection' || r.space === null) {
      out[i] = { record: r, toViewer: null };
      continue;
    }
    const s = spaceInternals(r.space);
    let toViewer: Float32Array | null = null;
    // (A cube layer: its orientation relative to its space; null when it is no rotation.)
    const local = r.transform
      ? XRRigidTransformInternals.data(r.transform as XRRigidTransform)
      : r.kind === 'cube'
        ? r.rotation
        : null;
    if (s && (local || r.kind !== 'cube') && resolver.fillPoses(state, true, [s], viewerSpace, m)) {
      toViewer = local ? multiply(m, toMatrix(new Float32Array(16), local)) : new Float32Array(m);
    }
    out[i] = { record: r, toViewer, media: r.media === null ? null : mediaTexture(context, r) };
  }
  compositeLayers(context, views, out, !firstIsWebGL);
}
