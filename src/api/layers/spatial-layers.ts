// spec(layers): #xrquadlayertype, #xrcylinderayertype, #xrequirectlayertype, #xcubelayertype
// (webxrlayers-1.bs @ 0d61133; the IDL as WPT's interfaces/webxrlayers.idl has it). The four
// layer types placed in space; they share the space/transform accessors and the redraw event.
//
// [Exposed=Window] interface XRQuadLayer : XRCompositionLayer {
//   attribute XRSpace space; attribute XRRigidTransform transform;
//   attribute float width; attribute float height; attribute EventHandler onredraw; };
// [Exposed=Window] interface XRCylinderLayer : XRCompositionLayer {
//   attribute XRSpace space; attribute XRRigidTransform transform;
//   attribute float radius; attribute float centralAngle; attribute float aspectRatio;
//   attribute EventHandler onredraw; };
// [Exposed=Window] interface XREquirectLayer : XRCompositionLayer {
//   attribute XRSpace space; attribute XRRigidTransform transform; attribute float radius;
//   attribute float centralHorizontalAngle; attribute float upperVerticalAngle;
//   attribute float lowerVerticalAngle; attribute EventHandler onredraw; };
// [Exposed=Window] interface XRCubeLayer : XRCompositionLayer {
//   attribute XRSpace space; attribute DOMPointReadOnly orientation; attribute EventHandler onredraw; };

import {
  MathMax,
  MathMin,
  MathPI,
  ObjectGetOwnPropertyDescriptor,
  ReflectGetPrototypeOf,
  TypeError,
  uncurryThis,
} from '../../primordials.js';
import { DOMPointReadOnlyCtor, makePoint } from '../geometry.js';
import { normalizeOrientation, rigid } from '../rigid.js';
import { defineEventHandlers, idlAttributes, toStringTag } from '../webidl.js';
import { XRRigidTransformInternals } from '../XRRigidTransform.js';
import { spaceInternals } from '../XRSpace.js';
import type { LayerRecord } from './layer-record.js';
import {
  convertFloat,
  recordOfKind,
  XRCompositionLayer,
  XRCompositionLayerInternals,
} from './XRCompositionLayer.js';

// DOMPointReadOnly's x, y, z and w getters, captured at load: they throw on anything that is not
// a DOMPointReadOnly (the brand check), and a page that redefines them later reaches none of
// xrgate's reads.
const pointGetters = (() => {
  const out: ((self: object) => number)[] = [];
  const keys = 'xyzw';
  for (let i = 0; i < 4; i++) {
    let d: PropertyDescriptor | undefined;
    for (
      let o: object | null = DOMPointReadOnlyCtor.prototype;
      o !== null && !d;
      o = ReflectGetPrototypeOf(o)
    ) {
      d = ObjectGetOwnPropertyDescriptor(o, keys[i]!);
    }
    if (!d?.get) return null;
    out[i] = uncurryThis(d.get);
  }
  return out;
})();

/** The point's x, y, z, w as the point holds them; null when `v` is not a DOMPointReadOnly. */
export function readPoint(v: unknown): number[] | null {
  if (typeof v !== 'object' || v === null || pointGetters === null) return null;
  try {
    const out: number[] = [];
    for (let i = 0; i < 4; i++) out[i] = pointGetters[i]!(v);
    return out;
  } catch {
    return null;
  }
}

/**
 * spec(layers): #createCubeLayerAlgo ("the result of running fromPoint") — a copy of the point,
 * made with the captured getters, and the layer's rotation; TypeError for anything else.
 */
export function setOrientation(r: LayerRecord, v: unknown, where: string): void {
  const p = readPoint(v);
  if (p === null) throw new TypeError(`${where}: the value is not of type 'DOMPointReadOnly'`);
  r.orientation = makePoint(p[0]!, p[1]!, p[2]!, p[3]!);
  const q = rigid(0, 0, 0, p[0], p[1], p[2], p[3]);
  // (A quaternion of length 0 or infinity is no rotation: the layer is not drawn.)
  r.rotation = normalizeOrientation(q) ? q : null;
}

/** spec(layers): #setting-the-space-on-a-layer (and the equirect/cube steps before it). */
export function checkLayerSpace(
  r: Pick<LayerRecord, 'kind' | 'core'>,
  space: unknown,
  where: string,
): object {
  const s = spaceInternals(space);
  // Step 1 (and WebIDL: the value is an XRSpace).
  if (!s) throw new TypeError(`${where}: the value is not of type 'XRSpace'`);
  // Equirect and cube layers: a reference space that is not 'viewer'.
  if (r.kind === 'equirect' || r.kind === 'cube') {
    if (s.type === null)
      throw new TypeError(
        `${where}: ${r.kind} layers need an XRReferenceSpace (not another kind of XRSpace)`,
      );
    if (s.type === 'viewer')
      throw new TypeError(`${where}: ${r.kind} layers cannot be placed in the 'viewer' space; use 'local'`);
  }
  // Step 2: the space of the layer's own session [R-LAYER-02].
  if ((s.core as unknown) !== r.core)
    throw new TypeError(`${where}: the space belongs to another session [R-LAYER-02]`);
  return space as object;
}

function transformOf(v: unknown, where: string): object {
  if (!XRRigidTransformInternals.is(v))
    throw new TypeError(`${where}: the value is not of type 'XRRigidTransform'`);
  return v;
}

const TWO_PI = MathPI * 2;
const HALF_PI = MathPI / 2;

export class XRQuadLayer extends XRCompositionLayer {
  declare onredraw: ((this: XRQuadLayer, ev: Event) => unknown) | null;
  get space(): object {
    return recordOfKind(this, 'quad').space as object;
  }
  set space(v: object) {
    const r = recordOfKind(this, 'quad');
    r.space = checkLayerSpace(r, v, 'XRQuadLayer.space');
  }
  get transform(): object {
    return recordOfKind(this, 'quad').transform as object;
  }
  set transform(v: object) {
    recordOfKind(this, 'quad').transform = transformOf(v, 'XRQuadLayer.transform');
  }
  get width(): number {
    return recordOfKind(this, 'quad').width;
  }
  set width(v: number) {
    const r = recordOfKind(this, 'quad');
    r.width = convertFloat(v, 'XRQuadLayer.width');
  }
  get height(): number {
    return recordOfKind(this, 'quad').height;
  }
  set height(v: number) {
    const r = recordOfKind(this, 'quad');
    r.height = convertFloat(v, 'XRQuadLayer.height');
  }
}

export class XRCylinderLayer extends XRCompositionLayer {
  declare onredraw: ((this: XRCylinderLayer, ev: Event) => unknown) | null;
  get space(): object {
    return recordOfKind(this, 'cylinder').space as object;
  }
  set space(v: object) {
    const r = recordOfKind(this, 'cylinder');
    r.space = checkLayerSpace(r, v, 'XRCylinderLayer.space');
  }
  get transform(): object {
    return recordOfKind(this, 'cylinder').transform as object;
  }
  set transform(v: object) {
    recordOfKind(this, 'cylinder').transform = transformOf(v, 'XRCylinderLayer.transform');
  }
  get radius(): number {
    return recordOfKind(this, 'cylinder').radius;
  }
  set radius(v: number) {
    const r = recordOfKind(this, 'cylinder');
    r.radius = convertFloat(v, 'XRCylinderLayer.radius');
  }
  get centralAngle(): number {
    return recordOfKind(this, 'cylinder').centralAngle;
  }
  set centralAngle(v: number) {
    const r = recordOfKind(this, 'cylinder');
    r.centralAngle = convertFloat(v, 'XRCylinderLayer.centralAngle');
  }
  get aspectRatio(): number {
    return recordOfKind(this, 'cylinder').aspectRatio;
  }
  set aspectRatio(v: number) {
    const r = recordOfKind(this, 'cylinder');
    r.aspectRatio = convertFloat(v, 'XRCylinderLayer.aspectRatio');
  }
}

/** spec(layers): equirect radius is ≥ 0 (0 or infinity: an infinite sphere). */
export function clampRadius(v: number): number {
  return MathMax(0, v);
}
/** spec(layers): centralHorizontalAngle is clamped to [0, 2π]. */
export function clampHorizontal(v: number): number {
  return MathMin(TWO_PI, MathMax(0, v));
}
/** spec(layers): upper/lowerVerticalAngle are clamped to [-π/2, π/2]. */
export function clampVertical(v: number): number {
  return MathMin(HALF_PI, MathMax(-HALF_PI, v));
}

export class XREquirectLayer extends XRCompositionLayer {
  declare onredraw: ((this: XREquirectLayer, ev: Event) => unknown) | null;
  get space(): object {
    return recordOfKind(this, 'equirect').space as object;
  }
  set space(v: object) {
    const r = recordOfKind(this, 'equirect');
    r.space = checkLayerSpace(r, v, 'XREquirectLayer.space');
  }
  get transform(): object {
    return recordOfKind(this, 'equirect').transform as object;
  }
  set transform(v: object) {
    recordOfKind(this, 'equirect').transform = transformOf(v, 'XREquirectLayer.transform');
  }
  get radius(): number {
    return recordOfKind(this, 'equirect').radius;
  }
  set radius(v: number) {
    const r = recordOfKind(this, 'equirect');
    r.radius = clampRadius(convertFloat(v, 'XREquirectLayer.radius'));
  }
  get centralHorizontalAngle(): number {
    return recordOfKind(this, 'equirect').centralHorizontalAngle;
  }
  set centralHorizontalAngle(v: number) {
    const r = recordOfKind(this, 'equirect');
    r.centralHorizontalAngle = clampHorizontal(convertFloat(v, 'XREquirectLayer.centralHorizontalAngle'));
  }
  get upperVerticalAngle(): number {
    return recordOfKind(this, 'equirect').upperVerticalAngle;
  }
  set upperVerticalAngle(v: number) {
    const r = recordOfKind(this, 'equirect');
    r.upperVerticalAngle = clampVertical(convertFloat(v, 'XREquirectLayer.upperVerticalAngle'));
  }
  get lowerVerticalAngle(): number {
    return recordOfKind(this, 'equirect').lowerVerticalAngle;
  }
  set lowerVerticalAngle(v: number) {
    const r = recordOfKind(this, 'equirect');
    r.lowerVerticalAngle = clampVertical(convertFloat(v, 'XREquirectLayer.lowerVerticalAngle'));
  }
}

export class XRCubeLayer extends XRCompositionLayer {
  declare onredraw: ((this: XRCubeLayer, ev: Event) => unknown) | null;
  get space(): object {
    return recordOfKind(this, 'cube').space as object;
  }
  set space(v: object) {
    const r = recordOfKind(this, 'cube');
    r.space = checkLayerSpace(r, v, 'XRCubeLayer.space');
  }
  get orientation(): object {
    return recordOfKind(this, 'cube').orientation as object;
  }
  set orientation(v: object) {
    setOrientation(recordOfKind(this, 'cube'), v, 'XRCubeLayer.orientation');
  }
}

const isSpatial = (o: unknown): boolean => {
  if (!XRCompositionLayerInternals.is(o)) return false;
  return XRCompositionLayerInternals.recordOf(o).kind !== 'projection';
};
defineEventHandlers(XRQuadLayer.prototype, isSpatial, ['redraw']);
defineEventHandlers(XRCylinderLayer.prototype, isSpatial, ['redraw']);
defineEventHandlers(XREquirectLayer.prototype, isSpatial, ['redraw']);
defineEventHandlers(XRCubeLayer.prototype, isSpatial, ['redraw']);
idlAttributes(XRQuadLayer, ['space', 'transform', 'width', 'height']);
idlAttributes(XRCylinderLayer, ['space', 'transform', 'radius', 'centralAngle', 'aspectRatio']);
idlAttributes(XREquirectLayer, [
  'space',
  'transform',
  'radius',
  'centralHorizontalAngle',
  'upperVerticalAngle',
  'lowerVerticalAngle',
]);
idlAttributes(XRCubeLayer, ['space', 'orientation']);
toStringTag(XRQuadLayer, 'XRQuadLayer');
toStringTag(XRCylinderLayer, 'XRCylinderLayer');
toStringTag(XREquirectLayer, 'XREquirectLayer');
toStringTag(XRCubeLayer, 'XRCubeLayer');
