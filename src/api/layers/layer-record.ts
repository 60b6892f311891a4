// The state of one composition layer (spec(layers) #xrcompositionlayertype): kept in one record per
// layer, held in the layer's #private field and reached by xrgate through XRCompositionLayerInternals.
// Spec: immersive-web/layers webxrlayers-1.bs @ 0d61133.

import type { LayerSession } from '../layer-sessions.js';
import type { Rigid } from '../rigid.js';

export const layerLayouts = ['default', 'mono', 'stereo', 'stereo-left-right', 'stereo-top-bottom'] as const;
export type XRLayerLayout = (typeof layerLayouts)[number];
export const layerQualities = ['default', 'text-optimized', 'graphics-optimized'] as const;
export type XRLayerQuality = (typeof layerQualities)[number];
export const textureTypes = ['texture', 'texture-array'] as const;
export type XRTextureType = (typeof textureTypes)[number];

export type LayerKind = 'projection' | 'quad' | 'cylinder' | 'equirect' | 'cube';

/** A texture the layer owns: a WebGLTexture in a browser, an opaque handle in Node. */
export interface LayerTexture {
  readonly texture: object;
  readonly width: number;
  readonly height: number;
  /** Layers of a TEXTURE_2D_ARRAY (1 for TEXTURE_2D; 6 per face set for cube maps). */
  readonly depth: number;
  readonly target: number;
  readonly format: number;
}

export interface LayerRecord {
  readonly kind: LayerKind;
  readonly session: object;
  readonly core: LayerSession;
  /** The WebGL context (null for a media layer). */
  readonly context: object | null;
  /** The video of a media layer (null for a WebGL one). */
  readonly media: object | null;
  readonly layout: XRLayerLayout;
  readonly textureType: XRTextureType;
  readonly isStatic: boolean;
  readonly clearOnAccess: boolean;
  readonly mipLevels: number;
  needsRedraw: boolean;
  blendTextureSourceAlpha: boolean;
  forceMonoPresentation: boolean;
  opacity: number;
  quality: XRLayerQuality;
  colorTextures: LayerTexture[];
  depthStencilTextures: LayerTexture[];
  /** The frame whose first sub image access cleared the textures (clearOnAccess). */
  clearedFrame: number;
  /** Sub images were handed out in this frame (what the compositor presents). */
  accessedFrame: number;
  destroyed: boolean;
  /** getSubImage queued "set needsRedraw to false" (done when the frame ends). */
  pendingRedrawClear: boolean;
  // Projection layers.
  ignoreDepthValues: boolean;
  fixedFoveation: number | null;
  // Space layers (quad, cylinder, equirect, cube).
  space: object | null;
  /** XRRigidTransform (quad, cylinder, equirect). */
  transform: object | null;
  /** DOMPointReadOnly (cube): xrgate's copy of the page's point. */
  orientation: object | null;
  /** The cube layer's orientation, normalized (null: not a rotation). */
  rotation: Rigid | null;
  width: number;
  height: number;
  radius: number;
  centralAngle: number;
  aspectRatio: number;
  centralHorizontalAngle: number;
  upperVerticalAngle: number;
  lowerVerticalAngle: number;
}

/** A record with the spec's initial values ("initialize a composition layer"). */
export function newRecord(
  base: Pick<
    LayerRecord,
    'kind' | 'session' | 'core' | 'context' | 'media' | 'layout' | 'textureType' | 'isStatic'
  > &
    Partial<LayerRecord>,
): LayerRecord {
  return {
    clearOnAccess: true,
    mipLevels: 1,
    needsRedraw: true,
    // spec(layers): #initialization-of-a-composition-layer steps 3–4.
    blendTextureSourceAlpha: true,
    forceMonoPresentation: false,
    opacity: 1,
    quality: 'default',
    colorTextures: [],
    depthStencilTextures: [],
    clearedFrame: -1,
    accessedFrame: -1,
    destroyed: false,
    pendingRedrawClear: false,
    ignoreDepthValues: true,
    fixedFoveation: null,
    space: null,
    transform: null,
    orientation: null,
    rotation: null,
    width: 1,
    height: 1,
    radius: 0,
    centralAngle: 0,
    aspectRatio: 1,
    centralHorizontalAngle: 0,
    upperVerticalAngle: 0,
    lowerVerticalAngle: 0,
    ...base,
  };
}
