// spec(layers): #xrmediabindingtype, #videolayer (webxrlayers-1.bs @ 0d61133; IDL as WPT has it)
//
// [Exposed=Window] interface XRMediaBinding {
//   constructor(XRSession session);
//   XRQuadLayer createQuadLayer(HTMLVideoElement video, optional XRMediaQuadLayerInit init = {});
//   XRCylinderLayer createCylinderLayer(HTMLVideoElement video, optional XRMediaCylinderLayerInit init = {});
//   XREquirectLayer createEquirectLayer(HTMLVideoElement video, optional XRMediaEquirectLayerInit init = {}); };
// A media layer shows the video's current frame; the page gets no texture of it (getSubImage
// refuses it, R-LAYER-06). xrgate composites into the page's own canvas, which the page can read,
// so a video whose pixels the page may not read is refused (R-LAYER-06); WebGL's own check
// (texImage2D throws SecurityError for such a video) stands behind it when the video's source
// changes later. In Node there is no HTMLVideoElement: every call is a TypeError.

import { mediaSourceIsAllowed } from '../../policy/layers.js';
import {
  Boolean,
  MathFround,
  Number,
  NumberIsFinite,
  ObjectGetOwnPropertyDescriptor,
  ReflectApply,
  ReflectDeleteProperty,
  TypeError,
} from '../../primordials.js';
import { type LayerSession, layerSessionOf } from '../layer-sessions.js';
import {
  convertDictionary,
  convertEnum,
  domException,
  errorFromDecision,
  INTERNAL,
  illegalInvocation,
  requireArgs,
  toStringTag,
} from '../webidl.js';
import {
  makeTransform,
  transformFrom,
  type XRRigidTransform,
  XRRigidTransformInternals,
} from '../XRRigidTransform.js';
import { layerLayouts, newRecord, type XRLayerLayout } from './layer-record.js';
import {
  checkLayerSpace,
  clampHorizontal,
  clampRadius,
  clampVertical,
  XRCylinderLayer,
  XREquirectLayer,
  XRQuadLayer,
} from './spatial-layers.js';

// HTMLVideoElement's brand and size getters, captured at load (null in Node).
const videoProto =
  (globalThis as { HTMLVideoElement?: { prototype: object } }).HTMLVideoElement?.prototype ?? null;
const videoWidthGetter = videoProto
  ? (ObjectGetOwnPropertyDescriptor(videoProto, 'videoWidth')?.get ?? null)
  : null;
const videoHeightGetter = videoProto
  ? (ObjectGetOwnPropertyDescriptor(videoProto, 'videoHeight')?.get ?? null)
  : null;

function videoSize(v: unknown): { width: number; height: number } | null {
  if (videoWidthGetter === null || videoHeightGetter === null || typeof v !== 'object' || v === null)
    return null;
  try {
    return {
      width: ReflectApply(videoWidthGetter, v, []) as number,
      height: ReflectApply(videoHeightGetter, v, []) as number,
    };
  } catch {
    return null;
  }
}

// Is the video origin-clean? A 1×1 2D canvas of xrgate's own: drawing the video into it and
// reading the pixel back throws SecurityError exactly when the page may not read its pixels.
const docCreateElement = (globalThis as { document?: { createElement?: unknown } }).document?.createElement;
const theDocument = (globalThis as { document?: object }).document;
let probe: {
  ctx: { drawImage: (...a: unknown[]) => void; getImageData: (...a: unknown[]) => unknown };
} | null = null;

export function isOriginClean(video: object): boolean {
  if (typeof docCreateElement !== 'function' || !theDocument) return false;
  try {
    if (probe === null) {
      const canvas = ReflectApply(docCreateElement, theDocument, ['canvas']) as {
        width: number;
        height: number;
        getContext(t: string): unknown;
      };
      canvas.width = 1;
      canvas.height = 1;
      probe = { ctx: canvas.getContext('2d') as never };
    }
    probe.ctx.drawImage(video, 0, 0, 1, 1);
    probe.ctx.getImageData(0, 0, 1, 1);
    return true;
  } catch {
    return false;
  }
}

export class XRMediaBinding {
  readonly #session: object;
  readonly #core: LayerSession;

  // spec(layers): #construct-media-binding
  constructor(session: object) {
    requireArgs(arguments.length, 1, 'XRMediaBinding');
    const core = layerSessionOf(session);
    if (!core) throw new TypeError("XRMediaBinding: parameter 1 is not of type 'XRSession'");
    // Step 1.
    if (core.ended)
      throw domException('InvalidStateError', 'XRMediaBinding: the session has ended [R-LIFE-07]');
    // Step 2 [R-LAYER-08].
    if (!core.immersive) {
      throw domException(
        'InvalidStateError',
        'XRMediaBinding: the session is inline; media layers need an immersive session [R-LAYER-08]',
      );
    }
    this.#session = session;
    this.#core = core;
  }

  static is(v: unknown): v is XRMediaBinding {
    return typeof v === 'object' && v !== null && #session in v;
  }
  /** @internal */
  static pairOf(b: XRMediaBinding): { session: object; core: LayerSession } {
    return { session: b.#session, core: b.#core };
  }

  createQuadLayer(video: unknown, ...rest: unknown[]): XRQuadLayer {
    return createMediaLayer(this, 'quad', video, rest[0], arguments.length) as XRQuadLayer;
  }
  createCylinderLayer(video: unknown, ...rest: unknown[]): XRCylinderLayer {
    return createMediaLayer(this, 'cylinder', video, rest[0], arguments.length) as XRCylinderLayer;
  }
  createEquirectLayer(video: unknown, ...rest: unknown[]): XREquirectLayer {
    return createMediaLayer(this, 'equirect', video, rest[0], arguments.length) as XREquirectLayer;
  }
}

function floatMember(v: unknown, what: string): number {
  const n = Number(v);
  if (typeof v === 'symbol' || !NumberIsFinite(n)) throw new TypeError(`${what} must be a finite number`);
  return MathFround(n);
}

// spec(layers): #createMediaQuadLayerAlgo, #createMediaCylinderLayerAlgo, #createMediaEquirectLayerAlgo
function createMediaLayer(
  self: unknown,
  kind: 'quad' | 'cylinder' | 'equirect',
  video: unknown,
  rawInit: unknown,
  count: number,
): object {
  if (!XRMediaBindingInternals.is(self)) illegalInvocation();
  const name = kind === 'quad' ? 'Quad' : kind === 'cylinder' ? 'Cylinder' : 'Equirect';
  const action = `XRMediaBinding.create${name}Layer`;
  requireArgs(count, 1, action);
  const size = videoSize(video);
  if (size === null) throw new TypeError(`${action}: parameter 1 is not of type 'HTMLVideoElement'`);
  const dict = convertDictionary(rawInit, `XRMedia${name}LayerInit`);
  // WebIDL: the members (XRMediaLayerInit's, then the derived dictionary's, each in order).
  const invertStereo = Boolean(dict.invertStereo);
  const layout: XRLayerLayout =
    dict.layout === undefined ? 'mono' : convertEnum(dict.layout, layerLayouts, `${action}: layout`);
  const space = dict.space;
  if (space === undefined) throw new TypeError(`${action}: required member 'space' is missing`);
  void invertStereo;
  const { session, core } = XRMediaBindingInternals.pairOf(self);
  // Step 2 [R-LAYER-01].
  if (!core.granted.has('layers')) {
    throw domException(
      'NotSupportedError',
      `${action}: the session was not created with the 'layers' feature; request it in optionalFeatures [R-LAYER-01]`,
    );
  }
  if (core.ended) throw domException('InvalidStateError', `${action}: the session has ended [R-LIFE-07]`);
  if (layout === 'default') throw new TypeError(`${action}: layout 'default' is only for projection layers`);
  // R-LAYER-06: only a video whose pixels the page may read.
  const d = mediaSourceIsAllowed({ action, originClean: isOriginClean(video as object) });
  if (!d.allowed) {
    core.reportRefusal(action, d);
    throw errorFromDecision(d);
  }
  const checkedSpace = checkLayerSpace({ kind, core }, space, action);
  const rawTransform = dict.transform;
  if (rawTransform !== undefined && rawTransform !== null && !XRRigidTransformInternals.is(rawTransform)) {
    throw new TypeError(`${action}: transform is not of type 'XRRigidTransform'`);
  }
  const transform =
    rawTransform === undefined || rawTransform === null
      ? makeTransform(0, 0, 0, 0, 0, 0, 1)
      : transformFrom(XRRigidTransformInternals.data(rawTransform as XRRigidTransform));
  const r = newRecord({
    kind,
    session,
    core,
    context: null,
    media: video as object,
    layout: layout === 'stereo' ? 'stereo-left-right' : layout,
    textureType: 'texture',
    isStatic: false,
    space: checkedSpace,
    transform,
  });
  // spec(layers): #calculateaspectratio.
  let w = size.width;
  let h = size.height;
  if (r.layout === 'stereo-left-right') w /= 2;
  if (r.layout === 'stereo-top-bottom') h /= 2;
  const ratio = h > 0 ? w / h : 1;
  if (kind === 'quad') {
    // Width and height: as given, or 1 m on the side given with the video's aspect ratio.
    const width = dict.width === undefined || dict.width === null ? null : floatMember(dict.width, 'width');
    const height =
      dict.height === undefined || dict.height === null ? null : floatMember(dict.height, 'height');
    r.width = width ?? (height !== null ? height * ratio : 1);
    r.height = height ?? r.width / ratio;
    return new XRQuadLayer(INTERNAL, r);
  }
  if (kind === 'cylinder') {
    r.radius = dict.radius === undefined ? 2 : floatMember(dict.radius, 'radius');
    r.centralAngle =
      dict.centralAngle === undefined ? MathFround(0.78539) : floatMember(dict.centralAngle, 'centralAngle');
    r.aspectRatio =
      dict.aspectRatio === undefined || dict.aspectRatio === null
        ? ratio
        : floatMember(dict.aspectRatio, 'aspectRatio');
    return new XRCylinderLayer(INTERNAL, r);
  }
  r.radius = MathFround(clampRadius(dict.radius === undefined ? 0 : floatMember(dict.radius, 'radius')));
  r.centralHorizontalAngle = MathFround(
    clampHorizontal(
      dict.centralHorizontalAngle === undefined
        ? 6.28318
        : floatMember(dict.centralHorizontalAngle, 'centralHorizontalAngle'),
    ),
  );
  r.upperVerticalAngle = MathFround(
    clampVertical(
      dict.upperVerticalAngle === undefined
        ? 1.570795
        : floatMember(dict.upperVerticalAngle, 'upperVerticalAngle'),
    ),
  );
  r.lowerVerticalAngle = MathFround(
    clampVertical(
      dict.lowerVerticalAngle === undefined
        ? -1.570795
        : floatMember(dict.lowerVerticalAngle, 'lowerVerticalAngle'),
    ),
  );
  return new XREquirectLayer(INTERNAL, r);
}

toStringTag(XRMediaBinding, 'XRMediaBinding');

/** @internal */
export const XRMediaBindingInternals = { is: XRMediaBinding.is, pairOf: XRMediaBinding.pairOf };
for (const key of ['is', 'pairOf']) ReflectDeleteProperty(XRMediaBinding, key);
