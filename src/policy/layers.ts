// The WebXR Layers module's rules (immersive-web/layers webxrlayers-1.bs @ 0d61133, 2026-01-21).
// spec(layers): #security "Security and Privacy Considerations": composition timing MUST be
// independent of the content rendered, content in a layer MUST NOT be observable in other layers,
// and the user agent MAY limit resource allocation (pixel sizes, number of layers) to reduce the
// identifiability of the GPU. The rest of the section is the module's own consistency rules,
// which keep one session's layers, textures and frames apart:
// - R-LAYER-01 composition layers (and more than one layer) need the 'layers' feature;
// - R-LAYER-02 a layer, binding, frame or light probe of another session is refused;
// - R-LAYER-03 a layer's textures are handed out inside an XR animation frame only;
// - R-LAYER-04 renderState.layers: no duplicates, not with baseLayer, at most MAX_RENDER_LAYERS;
// - R-LAYER-05 layer pixel sizes are positive and capped the same way on every device;
// - R-LAYER-06 content the page did not draw never reaches its canvas (media layers need an
//   origin-clean video; no texture of a media layer is handed out);
// - R-LAYER-07 composition does the same work whatever the layers contain;
// - R-LAYER-08 layers are for immersive sessions only;
// - R-LAYER-09 a layer's textures are opaque (not deletable, not re-specifiable; src/browser/webgl-opaque.ts).
// Pure: no DOM, no globals; the caller passes the facts.

import { ArrayPrototypePush, MathFloor, MathMin, NumberIsFinite } from '../primordials.js';
import { allow, type Decision, deny } from './decision.js';

/**
 * The most layers renderState.layers may hold (spec #dom-xrsession-maxrenderlayers): the same on
 * every device xrgate simulates, so the limit says nothing about the GPU (R-LAYER-04).
 */
export const MAX_RENDER_LAYERS = 16;

/**
 * The largest width or height, in pixels, of a layer's texture (R-LAYER-05): the context's
 * MAX_TEXTURE_SIZE, but never more than this, so that what a page may allocate is the same on
 * every GPU that can hold it.
 */
export const LAYER_MAX_PIXEL_SIZE = 4096;

/** The largest pixel size a layer may have on a context whose MAX_TEXTURE_SIZE is `maxTextureSize`. */
export function layerPixelLimit(maxTextureSize: number): number {
  const m = NumberIsFinite(maxTextureSize) && maxTextureSize > 0 ? MathFloor(maxTextureSize) : 0;
  return m === 0 ? LAYER_MAX_PIXEL_SIZE : MathMin(m, LAYER_MAX_PIXEL_SIZE);
}

export interface LayerCreation {
  /** e.g. 'createQuadLayer'. */
  readonly action: string;
  /** The session was created with 'layers' enabled. */
  readonly layersEnabled: boolean;
  /** Projection layers do not need the feature (spec #createProjectionLayerAlgo has no such step). */
  readonly needsFeature: boolean;
  readonly ended: boolean;
  readonly immersive: boolean;
  readonly contextLost: boolean;
}

// spec(layers): #createQuadLayerAlgo steps 2, 4, 5 (and the same steps of the other layer types);
// #createProjectionLayerAlgo steps 4–5.
export function layerCreationIsAllowed(c: LayerCreation): Decision {
  if (c.needsFeature && !c.layersEnabled) {
    return deny('NotSupportedError', {
      action: c.action,
      reason: "the session was not created with the 'layers' feature",
      fix: "Request the session with { optionalFeatures: ['layers'] } (or requiredFeatures) and check session.enabledFeatures.",
      requirement: 'R-LAYER-01',
    });
  }
  if (c.ended) {
    return deny('InvalidStateError', {
      action: c.action,
      reason: 'the session has ended',
      fix: 'Create layers for a live session.',
      requirement: 'R-LIFE-07',
    });
  }
  if (!c.immersive) {
    return deny('InvalidStateError', {
      action: c.action,
      reason: 'layers are for immersive sessions only',
      fix: "Request an 'immersive-vr' or 'immersive-ar' session.",
      requirement: 'R-LAYER-08',
    });
  }
  if (c.contextLost) {
    return deny('InvalidStateError', {
      action: c.action,
      reason: 'the WebGL context is lost',
      fix: 'Wait for webglcontextrestored and create the binding and its layers again.',
      requirement: 'R-LAYER-01',
    });
  }
  return allow('the session may create this layer', c.needsFeature ? 'R-LAYER-01' : 'R-LAYER-08');
}

// spec(layers): viewPixelWidth/viewPixelHeight "define the rectangular dimensions" of the layer;
// #xrlayerallocation: the UA MAY limit pixel sizes. Zero, or more than the limit: TypeError.
export function layerPixelSizeIsAllowed(
  action: string,
  width: number,
  height: number,
  maxTextureSize: number,
): Decision {
  const limit = layerPixelLimit(maxTextureSize);
  const bad = (what: string, v: number) =>
    deny('TypeError', {
      action,
      reason: `${what} is ${v}; it must be at least 1 and at most ${limit} pixels`,
      fix: `Pass a ${what} between 1 and ${limit}.`,
      requirement: 'R-LAYER-05',
    });
  if (!(width >= 1) || width > limit) return bad('viewPixelWidth', width);
  if (!(height >= 1) || height > limit) return bad('viewPixelHeight', height);
  return allow('the layer size is within the limit', 'R-LAYER-05');
}

/** The largest scale factor of a projection layer whose widest view dimension is `largest` (R-LAYER-05). */
export function projectionScaleLimit(largest: number, maxTextureSize: number): number {
  if (!(largest > 0)) return 1;
  return layerPixelLimit(maxTextureSize) / largest;
}

export interface LayersUpdate {
  readonly baseLayerSet: boolean;
  readonly layersSet: boolean;
  readonly count: number;
  readonly layersEnabled: boolean;
  /** The index of the first entry that repeats an earlier one, or -1. */
  readonly duplicateAt: number;
  /** The index of the first entry of another session, or -1. */
  readonly foreignAt: number;
}

// spec(layers): #update-layers-state-for-layers ("update the pending layers state") steps 1, 4.1,
// 4.2, 4.4, 4.5.
export function layersUpdateIsAllowed(u: LayersUpdate): Decision {
  const action = 'updateRenderState({ layers })';
  // Step 1.
  if (u.baseLayerSet && u.layersSet) {
    return deny('NotSupportedError', {
      action: 'updateRenderState({ baseLayer, layers })',
      reason: 'baseLayer and layers cannot be set together',
      fix: 'Pass either baseLayer or layers (an XRWebGLLayer can be an entry of layers).',
      requirement: 'R-LAYER-04',
    });
  }
  if (!u.layersSet) return allow('no layers given', 'R-LAYER-04');
  // Step 4.1.
  if (!u.layersEnabled && u.count > 1) {
    return deny('NotSupportedError', {
      action,
      reason: `${u.count} layers were given, and without the 'layers' feature a session composites one`,
      fix: "Request the session with the 'layers' feature, or pass a single layer.",
      requirement: 'R-LAYER-01',
    });
  }
  // Step 4.2.
  if (u.count > MAX_RENDER_LAYERS) {
    return deny('NotSupportedError', {
      action,
      reason: `${u.count} layers were given; at most ${MAX_RENDER_LAYERS} are composited`,
      fix: `Pass at most ${MAX_RENDER_LAYERS} layers.`,
      requirement: 'R-LAYER-04',
    });
  }
  // Step 4.4.
  if (u.duplicateAt >= 0) {
    return deny('TypeError', {
      action,
      reason: `entry ${u.duplicateAt} repeats a layer given earlier`,
      fix: 'Pass each layer once.',
      requirement: 'R-LAYER-04',
    });
  }
  // Step 4.5.
  if (u.foreignAt >= 0) {
    return deny('TypeError', {
      action,
      reason: `entry ${u.foreignAt} is a layer of another session`,
      fix: "Create the layer with this session's XRWebGLBinding (or new XRWebGLLayer(session, gl)).",
      requirement: 'R-LAYER-02',
    });
  }
  return allow('the layers may be composited', 'R-LAYER-04');
}

export interface SubImageAccess {
  readonly action: string;
  /** The frame's session is the layer's session. */
  readonly frameOfLayerSession: boolean;
  readonly frameActive: boolean;
  readonly animationFrame: boolean;
  /** The binding's session is the layer's session. */
  readonly bindingOfLayerSession: boolean;
  /** The binding's context is the layer's context. */
  readonly sameContext: boolean;
  /** The layer has colour textures (not destroyed, not a media layer). */
  readonly hasTextures: boolean;
  /** A static layer that has already been drawn and needs no redraw. */
  readonly staticDrawn: boolean;
}

// spec(layers): #validate-the-state-of-the-xrwebglsubimage-creation-function, steps 1–7.
export function subImageAccessIsAllowed(a: SubImageAccess): Decision {
  const refuse = (reason: string, fix: string, requirement: 'R-LAYER-02' | 'R-LAYER-03' | 'R-LAYER-06') =>
    deny('InvalidStateError', { action: a.action, reason, fix, requirement });
  if (!a.frameOfLayerSession)
    return refuse(
      'the frame belongs to another session than the layer',
      "Pass the frame of the layer's own session.",
      'R-LAYER-02',
    );
  if (!a.frameActive || !a.animationFrame)
    return refuse(
      "a layer's textures are handed out only during the session's XR animation frame",
      'Call it from the requestAnimationFrame callback, with that callback’s frame.',
      'R-LAYER-03',
    );
  if (!a.bindingOfLayerSession || !a.sameContext)
    return refuse(
      'the layer was created for another session or WebGL context than this binding',
      'Use a binding of the same session and context as the layer.',
      'R-LAYER-02',
    );
  if (!a.hasTextures)
    return refuse(
      'the layer has no textures the page may draw into (destroyed, or a media layer)',
      'Create a new layer; media layers are drawn by the user agent.',
      'R-LAYER-06',
    );
  if (a.staticDrawn)
    return refuse(
      'the layer is static and has been drawn; it can be drawn again only after a redraw event',
      'Draw static layers once, and again when needsRedraw is true.',
      'R-LAYER-03',
    );
  return allow("the layer's textures may be drawn this frame", 'R-LAYER-03');
}

export interface MediaSource {
  readonly action: string;
  /**
   * The video's current media is same-origin, or CORS-same-origin (HTML "origin-clean"): its
   * pixels may reach a canvas the page can read.
   */
  readonly originClean: boolean;
}

// spec(layers): #xrcompositiontiming "content in a layer MUST NOT be observable in other layers".
// xrgate composites into the page's own canvas, which the page can read back (readPixels,
// toDataURL): a video whose pixels the page may not read never becomes a media layer.
export function mediaSourceIsAllowed(m: MediaSource): Decision {
  if (!m.originClean) {
    return deny('SecurityError', {
      action: m.action,
      reason:
        "the video is cross-origin without CORS, and xrgate composites layers into the page's own canvas, which the page can read",
      fix: 'Serve the video from the same origin, or with CORS (crossorigin attribute and Access-Control-Allow-Origin).',
      requirement: 'R-LAYER-06',
    });
  }
  return allow('the video is origin-clean', 'R-LAYER-06');
}

/** One draw of the compositor: which layer, into which view, and how (no pixel of any layer). */
export interface CompositionStep {
  readonly layer: number;
  readonly view: number;
  readonly kind: 'projection' | 'quad' | 'cylinder' | 'equirect' | 'cube' | 'webgl';
}

/**
 * The compositor's work for one frame (R-LAYER-07): every layer, in order, into every view, one
 * draw each. It depends on the layers' kinds and the number of views only, never on what the
 * layers contain, so the time composition takes tells the page nothing about another layer's
 * pixels.
 */
export function compositionPlan(
  kinds: readonly CompositionStep['kind'][],
  viewCount: number,
): CompositionStep[] {
  const out: CompositionStep[] = [];
  for (let l = 0; l < kinds.length; l++) {
    for (let v = 0; v < viewCount; v++) ArrayPrototypePush(out, { layer: l, view: v, kind: kinds[l]! });
  }
  return out;
}
