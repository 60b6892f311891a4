// spec(layers): #xrsubimagetype, #xrwebglsubimagetype (webxrlayers-1.bs @ 0d61133; IDL as WPT has it)
//
// [Exposed=Window] interface XRSubImage { [SameObject] readonly attribute XRViewport viewport; };
// [Exposed=Window] interface XRWebGLSubImage : XRSubImage {
//   [SameObject] readonly attribute WebGLTexture colorTexture;
//   [SameObject] readonly attribute WebGLTexture? depthStencilTexture;
//   [SameObject] readonly attribute WebGLTexture? motionVectorTexture;
//   readonly attribute unsigned long? imageIndex;
//   readonly attribute unsigned long colorTextureWidth; readonly attribute unsigned long colorTextureHeight;
//   readonly attribute unsigned long? depthStencilTextureWidth;
//   readonly attribute unsigned long? depthStencilTextureHeight;
//   readonly attribute unsigned long? motionVectorTextureWidth;
//   readonly attribute unsigned long? motionVectorTextureHeight; };
// In Node the textures are opaque handles (textures.ts).

import { ReflectDeleteProperty } from '../../primordials.js';
import { idlAttributes, illegalConstructor, illegalInvocation, toStringTag } from '../webidl.js';
import type { XRViewport } from '../XRView.js';

export interface SubImageValues {
  readonly viewport: XRViewport;
  readonly colorTexture: object;
  readonly depthStencilTexture: object | null;
  readonly imageIndex: number | null;
  readonly colorTextureWidth: number;
  readonly colorTextureHeight: number;
  readonly depthStencilTextureWidth: number | null;
  readonly depthStencilTextureHeight: number | null;
}

export class XRSubImage {
  readonly #v: SubImageValues;
  constructor(token?: unknown, values?: SubImageValues) {
    illegalConstructor(token);
    this.#v = values as SubImageValues;
  }
  static is(v: unknown): v is XRSubImage {
    return typeof v === 'object' && v !== null && #v in v;
  }
  /** @internal */
  static values(s: XRSubImage): SubImageValues {
    return s.#v;
  }
  get viewport(): XRViewport {
    return valuesOf(this).viewport;
  }
}

function valuesOf(v: unknown): SubImageValues {
  if (!XRSubImageInternals.is(v)) illegalInvocation();
  return XRSubImageInternals.values(v);
}

export class XRWebGLSubImage extends XRSubImage {
  get colorTexture(): object {
    return valuesOf(this).colorTexture;
  }
  get depthStencilTexture(): object | null {
    return valuesOf(this).depthStencilTexture;
  }
  // Motion vectors need the 'space-warp' feature, which xrgate does not have.
  get motionVectorTexture(): object | null {
    valuesOf(this);
    return null;
  }
  get imageIndex(): number | null {
    return valuesOf(this).imageIndex;
  }
  get colorTextureWidth(): number {
    return valuesOf(this).colorTextureWidth;
  }
  get colorTextureHeight(): number {
    return valuesOf(this).colorTextureHeight;
  }
  get depthStencilTextureWidth(): number | null {
    return valuesOf(this).depthStencilTextureWidth;
  }
  get depthStencilTextureHeight(): number | null {
    return valuesOf(this).depthStencilTextureHeight;
  }
  get motionVectorTextureWidth(): number | null {
    valuesOf(this);
    return null;
  }
  get motionVectorTextureHeight(): number | null {
    valuesOf(this);
    return null;
  }
}

idlAttributes(XRSubImage, ['viewport']);
idlAttributes(XRWebGLSubImage, [
  'colorTexture',
  'depthStencilTexture',
  'motionVectorTexture',
  'imageIndex',
  'colorTextureWidth',
  'colorTextureHeight',
  'depthStencilTextureWidth',
  'depthStencilTextureHeight',
  'motionVectorTextureWidth',
  'motionVectorTextureHeight',
]);
toStringTag(XRSubImage, 'XRSubImage');
toStringTag(XRWebGLSubImage, 'XRWebGLSubImage');

/** @internal */
export const XRSubImageInternals = { is: XRSubImage.is, values: XRSubImage.values };
for (const key of ['is', 'values']) ReflectDeleteProperty(XRSubImage, key);
