// spec(layers): #xrcompositionlayertype, #xrprojectionlayertype (webxrlayers-1.bs @ 0d61133; the
// IDL as WPT's interfaces/webxrlayers.idl has it)
//
// [Exposed=Window] interface XRCompositionLayer : XRLayer {
//   readonly attribute XRLayerLayout layout;
//   attribute boolean blendTextureSourceAlpha; attribute boolean forceMonoPresentation;
//   attribute float opacity; readonly attribute unsigned long mipLevels;
//   attribute XRLayerQuality quality; readonly attribute boolean needsRedraw;
//   undefined destroy(); };
// [Exposed=Window] interface XRProjectionLayer : XRCompositionLayer {
//   readonly attribute unsigned long textureWidth; readonly attribute unsigned long textureHeight;
//   readonly attribute unsigned long textureArrayLength; readonly attribute boolean ignoreDepthValues;
//   attribute float? fixedFoveation; attribute XRRigidTransform? deltaPose; };
// The state is one LayerRecord (layer-record.ts) per layer, in a #private field.

import {
  ArrayPrototypeIncludes,
  Boolean,
  MathFround,
  MathMax,
  MathMin,
  Number,
  NumberIsFinite,
  ReflectDeleteProperty,
  String,
  TypeError,
} from '../../primordials.js';
import { idlAttributes, illegalInvocation, toStringTag } from '../webidl.js';
import { XRRigidTransformInternals } from '../XRRigidTransform.js';
import { XRLayer } from '../XRWebGLLayer.js';
import { type LayerRecord, layerQualities, type XRLayerLayout, type XRLayerQuality } from './layer-record.js';
import { releaseTextures } from './textures.js';

/** WebIDL `float` (restricted): a finite number, rounded to float32; else TypeError. */
export function convertFloat(v: unknown, what: string): number {
  if (typeof v === 'symbol' || typeof v === 'bigint') throw new TypeError(`${what} is not a number`);
  const n = Number(v);
  if (!NumberIsFinite(n)) throw new TypeError(`${what} must be a finite number`);
  return MathFround(n);
}

export class XRCompositionLayer extends XRLayer {
  readonly #r: LayerRecord;

  constructor(token?: unknown, record?: LayerRecord) {
    super(token);
    this.#r = record as LayerRecord;
  }

  static is(v: unknown): v is XRCompositionLayer {
    return typeof v === 'object' && v !== null && #r in v;
  }

  /** @internal */
  static recordOf(l: XRCompositionLayer): LayerRecord {
    return l.#r;
  }

  get layout(): XRLayerLayout {
    return recordOf(this).layout;
  }
  get blendTextureSourceAlpha(): boolean {
    return recordOf(this).blendTextureSourceAlpha;
  }
  set blendTextureSourceAlpha(v: boolean) {
    recordOf(this).blendTextureSourceAlpha = Boolean(v);
  }
  get forceMonoPresentation(): boolean {
    return recordOf(this).forceMonoPresentation;
  }
  set forceMonoPresentation(v: boolean) {
    recordOf(this).forceMonoPresentation = Boolean(v);
  }
  // spec(layers): opacity is clamped to [0, 1].
  get opacity(): number {
    return recordOf(this).opacity;
  }
  set opacity(v: number) {
    const r = recordOf(this);
    r.opacity = MathMin(1, MathMax(0, convertFloat(v, 'XRCompositionLayer.opacity')));
  }
  get mipLevels(): number {
    return recordOf(this).mipLevels;
  }
  get quality(): XRLayerQuality {
    return recordOf(this).quality;
  }
  set quality(v: XRLayerQuality) {
    const r = recordOf(this);
    // WebIDL: an enum attribute ignores a value that is not one of the enum's.
    const s = String(v);
    if (ArrayPrototypeIncludes(layerQualities as readonly string[], s)) r.quality = s as XRLayerQuality;
  }
  get needsRedraw(): boolean {
    return recordOf(this).needsRedraw;
  }

  // spec(layers): #calling-destroy-on-a-layer steps 1–3.
  destroy(): void {
    const r = recordOf(this);
    if (r.destroyed) return;
    r.destroyed = true;
    const color = r.colorTextures;
    const depth = r.depthStencilTextures;
    r.colorTextures = [];
    r.depthStencilTextures = [];
    releaseTextures(r.context, color);
    releaseTextures(r.context, depth);
  }
}

/** The layer's record, after the brand check (TypeError "Illegal invocation" otherwise). */
function recordOf(v: unknown): LayerRecord {
  if (!XRCompositionLayerInternals.is(v)) illegalInvocation();
  return XRCompositionLayerInternals.recordOf(v);
}

/** The record of a layer of `kind`, after the brand check. */
export function recordOfKind(v: unknown, kind: LayerRecord['kind']): LayerRecord {
  if (!XRCompositionLayerInternals.is(v)) illegalInvocation();
  const r = XRCompositionLayerInternals.recordOf(v);
  if (r.kind !== kind) illegalInvocation();
  return r;
}

export class XRProjectionLayer extends XRCompositionLayer {
  get textureWidth(): number {
    const r = recordOfKind(this, 'projection');
    const t = r.colorTextures[0];
    return t ? t.width : 0;
  }
  get textureHeight(): number {
    const r = recordOfKind(this, 'projection');
    const t = r.colorTextures[0];
    return t ? t.height : 0;
  }
  // spec(layers): the number of layers of a 'texture-array' layer's textures, otherwise 1.
  get textureArrayLength(): number {
    const r = recordOfKind(this, 'projection');
    if (r.textureType !== 'texture-array') return 1;
    const t = r.colorTextures[0];
    return t ? t.depth : 0;
  }
  get ignoreDepthValues(): boolean {
    return recordOfKind(this, 'projection').ignoreDepthValues;
  }
  // spec(layers): fixedFoveation is clamped to [0, 1]; null is kept (no foveation asked).
  get fixedFoveation(): number | null {
    return recordOfKind(this, 'projection').fixedFoveation;
  }
  set fixedFoveation(v: number | null) {
    const r = recordOfKind(this, 'projection');
    if (v === null || v === undefined) {
      r.fixedFoveation = null;
      return;
    }
    r.fixedFoveation = MathMin(1, MathMax(0, convertFloat(v, 'XRProjectionLayer.fixedFoveation')));
  }
  // spec(layers): deltaPose needs the 'space-warp' feature, which xrgate does not have: null on
  // getting, and setting does nothing (after the type check).
  get deltaPose(): object | null {
    recordOfKind(this, 'projection');
    return null;
  }
  set deltaPose(v: object | null) {
    recordOfKind(this, 'projection');
    if (v !== null && v !== undefined && !XRRigidTransformInternals.is(v)) {
      throw new TypeError("XRProjectionLayer.deltaPose: the value is not of type 'XRRigidTransform'");
    }
  }
}

idlAttributes(XRCompositionLayer, [
  'layout',
  'blendTextureSourceAlpha',
  'forceMonoPresentation',
  'opacity',
  'mipLevels',
  'quality',
  'needsRedraw',
]);
idlAttributes(XRProjectionLayer, [
  'textureWidth',
  'textureHeight',
  'textureArrayLength',
  'ignoreDepthValues',
  'fixedFoveation',
  'deltaPose',
]);
toStringTag(XRCompositionLayer, 'XRCompositionLayer');
toStringTag(XRProjectionLayer, 'XRProjectionLayer');

/** @internal xrgate's own access; the statics are removed from the page-visible interface object. */
export const XRCompositionLayerInternals = {
  is: XRCompositionLayer.is,
  recordOf: XRCompositionLayer.recordOf,
};
for (const key of ['is', 'recordOf']) ReflectDeleteProperty(XRCompositionLayer, key);
