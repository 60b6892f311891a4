// The Layers module's XRWebGLBinding operations (spec(layers) #XRWebGLBindingtype, webxrlayers-1.bs
// @ 0d61133): createProjectionLayer, createQuadLayer, createCylinderLayer, createEquirectLayer,
// createCubeLayer, getSubImage, getViewSubImage, nativeProjectionScaleFactor, usesDepthValues,
// foveateBoundTexture, and the Lighting Estimation module's getReflectionCubeMap. Each is a
// function of the binding's pair (session, its LayerSession core, the context) and the page's
// arguments; XRWebGLBinding.ts brand-checks `this` and forwards.
// Refusals are recorded in the audit log (LayerSession.reportRefusal) and thrown.

import type { Decision } from '../../policy/decision.js';
import {
  layerCreationIsAllowed,
  layerPixelSizeIsAllowed,
  projectionScaleLimit,
  subImageAccessIsAllowed,
} from '../../policy/layers.js';
import {
  ArrayPrototypeIncludes,
  Boolean,
  MathFloor,
  MathFround,
  MathMax,
  MathMin,
  MathRound,
  Number,
  NumberIsFinite,
  SafeWeakMap,
  TypeError,
} from '../../primordials.js';
import { makePoint } from '../geometry.js';
import type { LayerSession } from '../layer-sessions.js';
import {
  convertDictionary,
  convertEnum,
  domException,
  errorFromDecision,
  INTERNAL,
  requireArgs,
} from '../webidl.js';
import { XRFrameInternals } from '../XRFrame.js';
import { XRLightProbeInternals } from '../XRLightProbe.js';
import { type XRRenderState, XRRenderStateInternals } from '../XRRenderState.js';
import {
  makeTransform,
  transformFrom,
  type XRRigidTransform,
  XRRigidTransformInternals,
} from '../XRRigidTransform.js';
import { XRViewInternals, XRViewport } from '../XRView.js';
import {
  type LayerKind,
  type LayerRecord,
  type LayerTexture,
  layerLayouts,
  newRecord,
  textureTypes,
  type XRLayerLayout,
  type XRTextureType,
} from './layer-record.js';
import {
  checkLayerSpace,
  clampHorizontal,
  clampRadius,
  clampVertical,
  readPoint,
  setOrientation,
  XRCubeLayer,
  XRCylinderLayer,
  XREquirectLayer,
  XRQuadLayer,
} from './spatial-layers.js';
import { allocateTexture, clearTextures, GL, isLost, isWebGL2, maxTextureSize } from './textures.js';
import { XRCompositionLayer, XRCompositionLayerInternals, XRProjectionLayer } from './XRCompositionLayer.js';
import { XRWebGLSubImage } from './XRSubImage.js';

export interface BindingPair {
  readonly session: object;
  readonly core: LayerSession;
  readonly context: object;
}

const eyes = ['none', 'left', 'right'] as const;

/** Throws the decision's error after recording the refusal. */
function enforce(core: LayerSession, action: string, d: Decision): void {
  if (d.allowed) return;
  core.reportRefusal(action, d);
  throw errorFromDecision(d);
}

/** WebIDL unsigned long / GLenum (ToNumber, then modulo 2^32; no [EnforceRange]). */
function convertUnsignedLong(v: unknown, what: string): number {
  if (typeof v === 'symbol' || typeof v === 'bigint') throw new TypeError(`${what} is not a number`);
  const n = Number(v);
  if (!NumberIsFinite(n)) return 0;
  const t = n < 0 ? -MathFloor(-n) : MathFloor(n);
  const m = t % 4294967296;
  return m < 0 ? m + 4294967296 : m;
}

function convertFloatMember(v: unknown, what: string): number {
  if (typeof v === 'symbol' || typeof v === 'bigint') throw new TypeError(`${what} is not a number`);
  const n = Number(v);
  if (!NumberIsFinite(n)) throw new TypeError(`${what} must be a finite number`);
  return MathFround(n);
}

const isPowerOfTwo = (n: number) => n > 0 && (n & (n - 1)) === 0;

// The colour formats (spec(layers) #list-of-color-formats-for-projection-layers, …non-projection):
// RGBA and RGB everywhere; sRGB with EXT_sRGB (WebGL 1) — WebGL 1 cannot tell xrgate whether the
// page enabled it, so xrgate takes them on WebGL 2 only —; the sized formats on WebGL 2.
const webgl2OnlyColor = [GL.RGBA8, GL.RGB8, GL.SRGB8, GL.SRGB8_ALPHA8] as readonly number[];
const commonColor = [GL.RGBA, GL.RGB] as readonly number[];
const webgl2Depth = [
  GL.DEPTH_COMPONENT,
  GL.DEPTH_STENCIL,
  GL.DEPTH_COMPONENT24,
  GL.DEPTH24_STENCIL8,
] as readonly number[];

function colorFormatOk(format: number, webgl2: boolean): boolean {
  if (ArrayPrototypeIncludes(commonColor, format)) return true;
  return webgl2 && ArrayPrototypeIncludes(webgl2OnlyColor, format);
}

/** The views the layers cover: the session's primary views (secondary views get none from xrgate). */
function primaryViews(core: LayerSession): readonly { width: number; height: number }[] {
  const views = core.latest.views;
  const out: { width: number; height: number }[] = [];
  for (let i = 0; i < views.length; i++) {
    const r = views[i]!.resolution;
    out[i] = { width: MathMax(1, r.width), height: MathMax(1, r.height) };
  }
  if (out.length === 0) out[0] = { width: 1, height: 1 };
  return out;
}

function sameResolutions(views: readonly { width: number; height: number }[]): boolean {
  for (let i = 1; i < views.length; i++) {
    if (views[i]!.width !== views[0]!.width || views[i]!.height !== views[0]!.height) return false;
  }
  return true;
}

// spec(layers): #determine-the-layout-attribute. xrgate prefers neither side-by-side layout, so
// "default"/"stereo" with 'texture' stay as they are, except as WPT (and Chromium) expect: a
// 'stereo' layer on plain textures is 'stereo-left-right'.
function determineLayout(
  core: LayerSession,
  textureType: XRTextureType,
  context: object,
  layout: XRLayerLayout,
  action: string,
): XRLayerLayout {
  // Step 1.
  if (textureType === 'texture-array' && !isWebGL2(context)) {
    throw new TypeError(`${action}: textureType 'texture-array' needs a WebGL 2 context`);
  }
  const views = primaryViews(core);
  // Step 2.
  if (textureType === 'texture-array' && !sameResolutions(views)) {
    throw domException(
      'NotSupportedError',
      `${action}: the views differ in size, so a texture array cannot hold them`,
    );
  }
  // Step 3.
  if (layout === 'mono') return layout;
  // Step 4.
  if (layout === 'default') {
    if (views.length === 1) return 'mono';
    if (textureType === 'texture-array') return layout;
  }
  // Step 5 (the user agent's preference).
  if (layout === 'stereo' && textureType === 'texture') return 'stereo-left-right';
  return layout;
}

function newViewport(x: number, y: number, w: number, h: number): XRViewport {
  return new XRViewport(INTERNAL, x, y, w, h);
}

// --- createProjectionLayer ------------------------------------------------------------------

// spec(layers): #createProjectionLayerAlgo
export function createProjectionLayer(b: BindingPair, args: readonly unknown[]): XRProjectionLayer {
  const action = 'XRWebGLBinding.createProjectionLayer';
  const dict = convertDictionary(args[0], 'XRProjectionLayerInit');
  // WebIDL: members in lexicographic order.
  const rawClear = dict.clearOnAccess;
  const rawColor = dict.colorFormat;
  const rawDepth = dict.depthFormat;
  const rawScale = dict.scaleFactor;
  const rawType = dict.textureType;
  const clearOnAccess = rawClear === undefined ? true : Boolean(rawClear);
  const colorFormat = rawColor === undefined ? GL.RGBA : convertUnsignedLong(rawColor, 'colorFormat');
  const depthFormat =
    rawDepth === undefined ? GL.DEPTH_COMPONENT : convertUnsignedLong(rawDepth, 'depthFormat');
  let scaleFactor = 1;
  if (rawScale !== undefined) {
    scaleFactor = Number(rawScale);
    if (!NumberIsFinite(scaleFactor)) throw new TypeError(`${action}: scaleFactor must be a finite number`);
  }
  const textureType = rawType === undefined ? 'texture' : convertEnum(rawType, textureTypes, 'textureType');
  const { core, context, session } = b;
  // Steps 4–5 (no 'layers' feature needed: the spec's algorithm has no such step).
  enforce(
    core,
    action,
    layerCreationIsAllowed({
      action,
      layersEnabled: core.granted.has('layers'),
      needsFeature: false,
      ended: core.ended,
      immersive: core.immersive,
      contextLost: isLost(context),
    }),
  );
  const webgl2 = isWebGL2(context);
  // The layout, then the largest scale factor.
  const layout = determineLayout(core, textureType, context, 'default', action);
  const views = primaryViews(core);
  let largest = 0;
  for (let i = 0; i < views.length; i++) largest = MathMax(largest, views[i]!.width, views[i]!.height);
  const limit = projectionScaleLimit(largest, maxTextureSize(context));
  scaleFactor = MathMin(MathMax(scaleFactor, 0.2), limit);
  // The colour and depth formats (NotSupportedError for others).
  if (!colorFormatOk(colorFormat, webgl2)) {
    throw domException('NotSupportedError', `${action}: colorFormat ${colorFormat} is not supported`);
  }
  // WebGL 1: depth textures need WEBGL_depth_texture, which xrgate cannot tell is enabled: the
  // request is ignored (as the spec says for a context without the extension).
  let depth = depthFormat !== 0 && webgl2;
  if (depthFormat !== 0 && webgl2 && !ArrayPrototypeIncludes(webgl2Depth, depthFormat)) {
    throw domException('NotSupportedError', `${action}: depthFormat ${depthFormat} is not supported`);
  }
  if (depthFormat === 0) depth = false;
  const record = newRecord({
    kind: 'projection',
    session,
    core,
    context,
    media: null,
    layout,
    textureType,
    isStatic: false,
    clearOnAccess,
    // spec: the compositor does not use depth values (R-LAYER-07: it draws every layer in order).
    ignoreDepthValues: true,
    fixedFoveation: 0,
  });
  // spec(layers): #allocate-color-textures-for-projection-layers.
  const w = MathMax(1, MathRound(views[0]!.width * scaleFactor));
  const h = MathMax(1, MathRound(views[0]!.height * scaleFactor));
  const color: LayerTexture[] = [];
  const depthTextures: LayerTexture[] = [];
  const alloc = (
    list: LayerTexture[],
    target: number,
    width: number,
    height: number,
    layers: number,
    format: number,
  ) => {
    const t = allocateTexture(context, { target, width, height, depth: layers, format, mipLevels: 1 });
    if (t === null) throw domException('OperationError', `${action}: the layer's textures could not be made`);
    list[list.length] = t;
  };
  if (textureType === 'texture-array') {
    alloc(color, GL.TEXTURE_2D_ARRAY, w, h, views.length, colorFormat);
    if (depth) alloc(depthTextures, GL.TEXTURE_2D_ARRAY, w, h, views.length, depthFormat);
  } else if (layout === 'mono' || layout === 'default') {
    for (let i = 0; i < views.length; i++) {
      const vw = MathMax(1, MathRound(views[i]!.width * scaleFactor));
      const vh = MathMax(1, MathRound(views[i]!.height * scaleFactor));
      alloc(color, GL.TEXTURE_2D, vw, vh, 1, colorFormat);
      if (depth) alloc(depthTextures, GL.TEXTURE_2D, vw, vh, 1, depthFormat);
    }
  } else {
    const n = views.length;
    const tw = layout === 'stereo-left-right' ? w * n : w;
    const th = layout === 'stereo-top-bottom' ? h * n : h;
    alloc(color, GL.TEXTURE_2D, tw, th, 1, colorFormat);
    if (depth) alloc(depthTextures, GL.TEXTURE_2D, tw, th, 1, depthFormat);
  }
  record.colorTextures = color;
  record.depthStencilTextures = depthTextures;
  return new XRProjectionLayer(INTERNAL, record);
}

// --- XRLayerInit (quad, cylinder, equirect, cube) ------------------------------------------

interface LayerInit {
  readonly clearOnAccess: boolean;
  readonly colorFormat: number;
  readonly depthFormat: number | null;
  readonly isStatic: boolean;
  readonly layout: XRLayerLayout;
  readonly mipLevels: number;
  readonly space: object;
  readonly textureType: XRTextureType;
  readonly viewPixelHeight: number;
  readonly viewPixelWidth: number;
}

/** WebIDL conversion of XRLayerInit's members (lexicographic order; required ones checked). */
function convertLayerInit(dict: Record<string, unknown>, what: string): LayerInit {
  const rawClear = dict.clearOnAccess;
  const rawColor = dict.colorFormat;
  const rawDepth = dict.depthFormat;
  const rawStatic = dict.isStatic;
  const rawLayout = dict.layout;
  const rawMip = dict.mipLevels;
  const space = dict.space;
  if (space === undefined) throw new TypeError(`${what}: required member 'space' is missing`);
  const rawType = dict.textureType;
  const rawH = dict.viewPixelHeight;
  if (rawH === undefined) throw new TypeError(`${what}: required member 'viewPixelHeight' is missing`);
  const rawW = dict.viewPixelWidth;
  if (rawW === undefined) throw new TypeError(`${what}: required member 'viewPixelWidth' is missing`);
  return {
    clearOnAccess: rawClear === undefined ? true : Boolean(rawClear),
    colorFormat: rawColor === undefined ? GL.RGBA : convertUnsignedLong(rawColor, 'colorFormat'),
    depthFormat:
      rawDepth === undefined || rawDepth === null ? null : convertUnsignedLong(rawDepth, 'depthFormat'),
    isStatic: Boolean(rawStatic),
    layout: rawLayout === undefined ? 'mono' : convertEnum(rawLayout, layerLayouts, `${what}.layout`),
    mipLevels: rawMip === undefined ? 1 : convertUnsignedLong(rawMip, 'mipLevels'),
    space: space as object,
    textureType:
      rawType === undefined ? 'texture' : convertEnum(rawType, textureTypes, `${what}.textureType`),
    viewPixelHeight: convertUnsignedLong(rawH, 'viewPixelHeight'),
    viewPixelWidth: convertUnsignedLong(rawW, 'viewPixelWidth'),
  };
}

/** `XRRigidTransform? transform`: absent or null, or an XRRigidTransform (else TypeError). */
function convertTransformMember(v: unknown, what: string): object | null {
  if (v === undefined || v === null) return null;
  if (!XRRigidTransformInternals.is(v))
    throw new TypeError(`${what}.transform is not of type 'XRRigidTransform'`);
  return v;
}

/** The steps every non-projection layer shares, up to a record with its textures. */
function createSpatialRecord(
  b: BindingPair,
  kind: Exclude<LayerKind, 'projection'>,
  init: LayerInit,
  action: string,
): LayerRecord {
  const { core, context, session } = b;
  // Steps 2, 4, 5: the 'layers' feature, a live session, a context not lost [R-LAYER-01].
  enforce(
    core,
    action,
    layerCreationIsAllowed({
      action,
      layersEnabled: core.granted.has('layers'),
      needsFeature: true,
      ended: core.ended,
      immersive: core.immersive,
      contextLost: isLost(context),
    }),
  );
  const webgl2 = isWebGL2(context);
  // "If layout is 'default', throw TypeError"; a cube layer is 'mono' or 'stereo' (a face set
  // per eye): spec(layers) #createCubeLayerAlgo makes the side-by-side layouts TypeErrors too.
  if (init.layout === 'default') {
    throw new TypeError(`${action}: layout 'default' is only for projection layers; use 'mono' or 'stereo'`);
  }
  if (kind === 'cube' && init.layout !== 'mono' && init.layout !== 'stereo') {
    throw new TypeError(`${action}: cube layers are 'mono' or 'stereo' (a face set per eye)`);
  }
  // The space (reference space, not 'viewer', for equirect and cube layers; this session's).
  const space = checkLayerSpace({ kind, core }, init.space, action);
  // The size [R-LAYER-05].
  enforce(
    core,
    action,
    layerPixelSizeIsAllowed(
      action,
      init.viewPixelWidth,
      init.viewPixelHeight,
      maxTextureSize(context, kind === 'cube' && init.textureType !== 'texture-array'),
    ),
  );
  // WebGL 2 colour formats on WebGL 1: TypeError (what WPT expects; the spec says
  // NotSupportedError for any format not in the list).
  if (!webgl2 && ArrayPrototypeIncludes(webgl2OnlyColor, init.colorFormat)) {
    throw new TypeError(`${action}: colorFormat ${init.colorFormat} needs a WebGL 2 context`);
  }
  // (Cube layers keep their layout: #createCubeLayerAlgo does not determine it.)
  const layout =
    kind === 'cube' ? init.layout : determineLayout(core, init.textureType, context, init.layout, action);
  // Cube layers need WebGL 2 (spec step 5; checked after the TypeErrors of the arguments, the
  // order WPT's xrLayerInit test and Chromium have).
  if (kind === 'cube' && !webgl2) {
    throw domException('InvalidStateError', `${action}: cube layers need a WebGL 2 context`);
  }
  // spec(layers): #allocate-color-textures steps 3–5.
  if (!colorFormatOk(init.colorFormat, webgl2)) {
    throw domException('NotSupportedError', `${action}: colorFormat ${init.colorFormat} is not supported`);
  }
  if (init.mipLevels < 1) throw domException('InvalidStateError', `${action}: mipLevels must be at least 1`);
  if (init.mipLevels > 1 && !(isPowerOfTwo(init.viewPixelWidth) && isPowerOfTwo(init.viewPixelHeight))) {
    throw domException(
      'InvalidStateError',
      `${action}: mip levels need power-of-two viewPixelWidth and viewPixelHeight`,
    );
  }
  let depthFormat = init.depthFormat;
  if (depthFormat !== null && !webgl2) depthFormat = null; // WebGL 1: ignored (see createProjectionLayer).
  if (depthFormat !== null && !ArrayPrototypeIncludes(webgl2Depth, depthFormat)) {
    throw domException('NotSupportedError', `${action}: depthFormat ${depthFormat} is not supported`);
  }
  // The mip chain xrgate makes: at most log2(size) + 1 levels, 1 on WebGL 1.
  let maxLevels = 1;
  for (let s = MathMax(init.viewPixelWidth, init.viewPixelHeight); s > 1; s = MathFloor(s / 2)) maxLevels++;
  const mipLevels = webgl2 ? MathMin(init.mipLevels, maxLevels) : 1;
  const record = newRecord({
    kind,
    session,
    core,
    context,
    media: null,
    layout,
    textureType: init.textureType,
    isStatic: init.isStatic,
    clearOnAccess: init.clearOnAccess,
    mipLevels,
    space,
  });
  // The textures: one per eye for 'stereo' on plain textures, else one (an array for 'stereo'
  // on 'texture-array', twice as wide/tall for the side-by-side layouts).
  const w = init.viewPixelWidth;
  const h = init.viewPixelHeight;
  const stereo = layout === 'stereo';
  const array = init.textureType === 'texture-array';
  const target =
    kind === 'cube'
      ? array
        ? GL.TEXTURE_2D_ARRAY
        : GL.TEXTURE_CUBE_MAP
      : array
        ? GL.TEXTURE_2D_ARRAY
        : GL.TEXTURE_2D;
  // (A cube layer's array holds 6 faces per eye, in the order of the cube map's faces.)
  const layers = array ? (stereo ? 2 : 1) * (kind === 'cube' ? 6 : 1) : 1;
  // A cube map's faces are square (WebGL 2's texStorage2D refuses others): "the XR Compositor
  // knows that it will be unable to create the resources" (spec(layers) #createCubeLayerAlgo).
  if (target === GL.TEXTURE_CUBE_MAP && w !== h) {
    throw domException(
      'OperationError',
      `${action}: a cube map's faces are square (viewPixelWidth = viewPixelHeight)`,
    );
  }
  const tw = layout === 'stereo-left-right' ? w * 2 : w;
  const th = layout === 'stereo-top-bottom' ? h * 2 : h;
  const count = stereo && !array ? 2 : 1;
  const make = (format: number, list: LayerTexture[]) => {
    for (let i = 0; i < count; i++) {
      const t = allocateTexture(context, { target, width: tw, height: th, depth: layers, format, mipLevels });
      if (t === null)
        throw domException('OperationError', `${action}: the layer's textures could not be made`);
      list[list.length] = t;
    }
  };
  const color: LayerTexture[] = [];
  const depth: LayerTexture[] = [];
  make(init.colorFormat, color);
  if (depthFormat !== null) make(depthFormat, depth);
  record.colorTextures = color;
  record.depthStencilTextures = depth;
  return record;
}

function initialTransform(t: object | null): object {
  // spec: a new XRRigidTransform with the init's position and orientation, or the identity.
  if (t === null) return makeTransform(0, 0, 0, 0, 0, 0, 1);
  return transformFrom(XRRigidTransformInternals.data(t as XRRigidTransform));
}

// spec(layers): #createQuadLayerAlgo
export function createQuadLayer(b: BindingPair, args: readonly unknown[]): XRQuadLayer {
  const action = 'XRWebGLBinding.createQuadLayer';
  const dict = convertDictionary(args[0], 'XRQuadLayerInit');
  const init = convertLayerInit(dict, 'XRQuadLayerInit');
  const height = dict.height === undefined ? 1 : convertFloatMember(dict.height, 'XRQuadLayerInit.height');
  const transform = convertTransformMember(dict.transform, 'XRQuadLayerInit');
  const width = dict.width === undefined ? 1 : convertFloatMember(dict.width, 'XRQuadLayerInit.width');
  if (!(width > 0) || !(height > 0)) {
    throw new TypeError(`${action}: width and height must be greater than 0 (meters)`);
  }
  const r = createSpatialRecord(b, 'quad', init, action);
  // spec(layers): #initQuadLayerAlgo
  r.width = width;
  r.height = height;
  r.transform = initialTransform(transform);
  return new XRQuadLayer(INTERNAL, r);
}

const TWO_PI = 6.283185307179586;

// spec(layers): #createCylinderLayerAlgo
export function createCylinderLayer(b: BindingPair, args: readonly unknown[]): XRCylinderLayer {
  const action = 'XRWebGLBinding.createCylinderLayer';
  const dict = convertDictionary(args[0], 'XRCylinderLayerInit');
  const init = convertLayerInit(dict, 'XRCylinderLayerInit');
  const aspectRatio =
    dict.aspectRatio === undefined
      ? 2
      : convertFloatMember(dict.aspectRatio, 'XRCylinderLayerInit.aspectRatio');
  const centralAngle =
    dict.centralAngle === undefined
      ? MathFround(0.78539)
      : convertFloatMember(dict.centralAngle, 'XRCylinderLayerInit.centralAngle');
  const radius =
    dict.radius === undefined ? 2 : convertFloatMember(dict.radius, 'XRCylinderLayerInit.radius');
  const transform = convertTransformMember(dict.transform, 'XRCylinderLayerInit');
  if (radius < 0) throw new TypeError(`${action}: radius must be 0 or more (meters)`);
  if (!(aspectRatio > 0)) throw new TypeError(`${action}: aspectRatio must be greater than 0`);
  if (centralAngle < 0 || centralAngle > MathFround(TWO_PI)) {
    throw new TypeError(`${action}: centralAngle must be between 0 and 2π radians`);
  }
  const r = createSpatialRecord(b, 'cylinder', init, action);
  // spec(layers): #initCylinderLayerAlgo
  r.radius = radius;
  r.centralAngle = centralAngle;
  r.aspectRatio = aspectRatio;
  r.transform = initialTransform(transform);
  return new XRCylinderLayer(INTERNAL, r);
}

// spec(layers): #createEquirectLayerAlgo
export function createEquirectLayer(b: BindingPair, args: readonly unknown[]): XREquirectLayer {
  const action = 'XRWebGLBinding.createEquirectLayer';
  const dict = convertDictionary(args[0], 'XREquirectLayerInit');
  const init = convertLayerInit(dict, 'XREquirectLayerInit');
  const central =
    dict.centralHorizontalAngle === undefined
      ? MathFround(6.28318)
      : convertFloatMember(dict.centralHorizontalAngle, 'XREquirectLayerInit.centralHorizontalAngle');
  const lower =
    dict.lowerVerticalAngle === undefined
      ? MathFround(-1.570795)
      : convertFloatMember(dict.lowerVerticalAngle, 'XREquirectLayerInit.lowerVerticalAngle');
  const radius =
    dict.radius === undefined ? 0 : convertFloatMember(dict.radius, 'XREquirectLayerInit.radius');
  const transform = convertTransformMember(dict.transform, 'XREquirectLayerInit');
  const upper =
    dict.upperVerticalAngle === undefined
      ? MathFround(1.570795)
      : convertFloatMember(dict.upperVerticalAngle, 'XREquirectLayerInit.upperVerticalAngle');
  const r = createSpatialRecord(b, 'equirect', init, action);
  // spec(layers): #initEquirectLayerAlgo, with the attributes' clamping.
  r.radius = MathFround(clampRadius(radius));
  r.centralHorizontalAngle = MathFround(clampHorizontal(central));
  r.upperVerticalAngle = MathFround(clampVertical(upper));
  r.lowerVerticalAngle = MathFround(clampVertical(lower));
  r.transform = initialTransform(transform);
  return new XREquirectLayer(INTERNAL, r);
}

// spec(layers): #createCubeLayerAlgo
export function createCubeLayer(b: BindingPair, args: readonly unknown[]): XRCubeLayer {
  const action = 'XRWebGLBinding.createCubeLayer';
  const dict = convertDictionary(args[0], 'XRCubeLayerInit');
  const init = convertLayerInit(dict, 'XRCubeLayerInit');
  const orientation = dict.orientation ?? makePoint(0, 0, 0, 1);
  // (WebIDL: a DOMPointReadOnly, checked before the algorithm's steps.)
  if (readPoint(orientation) === null) {
    throw new TypeError(`${action}: orientation is not of type 'DOMPointReadOnly'`);
  }
  const r = createSpatialRecord(b, 'cube', init, action);
  // The init's orientation copied (fromPoint), or a new DOMPointReadOnly: (0, 0, 0, 1).
  setOrientation(r, orientation, action);
  return new XRCubeLayer(INTERNAL, r);
}

// --- Sub images -----------------------------------------------------------------------------

/** Is `layer` in the session's active render state's layers? */
function inRenderState(core: LayerSession, layer: object): boolean {
  const layers = XRRenderStateInternals.values(core.renderState as XRRenderState).layers;
  return ArrayPrototypeIncludes(layers as readonly object[], layer);
}

/** spec(layers): the first access in each frame clears the textures (clearOnAccess), else the first ever. */
function accessTextures(r: LayerRecord, frameId: number): void {
  if (r.accessedFrame !== frameId) {
    r.accessedFrame = frameId;
    if (r.clearOnAccess ? r.clearedFrame !== frameId : r.clearedFrame === -1) {
      r.clearedFrame = frameId;
      clearTextures(r);
    }
  }
}

/** One sub image per (binding, layer, eye or view): the spec lets the same object be returned. */
const subImageCache = new SafeWeakMap<
  object,
  SafeWeakMap<object, { key: string; frame: number; image: XRWebGLSubImage }[]>
>();

function cached(
  binding: object,
  layer: object,
  key: string,
  frame: number,
  make: () => XRWebGLSubImage,
): XRWebGLSubImage {
  let perBinding = subImageCache.get(binding);
  if (!perBinding) {
    perBinding = new SafeWeakMap();
    subImageCache.set(binding, perBinding);
  }
  let list = perBinding.get(layer);
  if (!list) {
    list = [];
    perBinding.set(layer, list);
  }
  for (let i = 0; i < list.length; i++) {
    const e = list[i]!;
    if (e.key === key) {
      if (e.frame === frame) return e.image;
      const image = make();
      list[i] = { key, frame, image };
      return image;
    }
  }
  const image = make();
  list[list.length] = { key, frame, image };
  return image;
}

function subImage(
  color: LayerTexture,
  depth: LayerTexture | null,
  imageIndex: number,
  viewport: XRViewport,
): XRWebGLSubImage {
  return new XRWebGLSubImage(INTERNAL, {
    viewport,
    colorTexture: color.texture,
    depthStencilTexture: depth ? depth.texture : null,
    imageIndex,
    colorTextureWidth: color.width,
    colorTextureHeight: color.height,
    depthStencilTextureWidth: depth ? depth.width : null,
    depthStencilTextureHeight: depth ? depth.height : null,
  });
}

// spec(layers): #initialize-the-viewport
function viewportFor(t: LayerTexture, layout: XRLayerLayout, offset: number, num: number): XRViewport {
  if (layout === 'stereo-left-right') {
    return newViewport(MathFloor((t.width * offset) / num), 0, MathFloor(t.width / num), t.height);
  }
  if (layout === 'stereo-top-bottom') {
    return newViewport(0, MathFloor((t.height * offset) / num), t.width, MathFloor(t.height / num));
  }
  return newViewport(0, 0, t.width, t.height);
}

// spec(layers): #getSubImageAlgo
export function getSubImage(
  b: BindingPair,
  binding: object,
  args: readonly unknown[],
  count: number,
): XRWebGLSubImage {
  const action = 'XRWebGLBinding.getSubImage';
  requireArgs(count, 2, action);
  const layer = args[0];
  const frame = args[1];
  if (!XRCompositionLayerInternals.is(layer))
    throw new TypeError(`${action}: parameter 1 is not of type 'XRCompositionLayer'`);
  if (!XRFrameInternals.is(frame)) throw new TypeError(`${action}: parameter 2 is not of type 'XRFrame'`);
  const eye = args[2] === undefined ? 'none' : convertEnum(args[2], eyes, `${action}: eye`);
  const r = XRCompositionLayerInternals.recordOf(layer);
  const core = b.core;
  // Step 3: the layer is one of the session's layers.
  if (!inRenderState(core, layer)) {
    throw new TypeError(
      `${action}: the layer is not in session.renderState.layers; call updateRenderState({ layers }) first`,
    );
  }
  // Step 4.
  if (r.kind === 'projection')
    throw new TypeError(`${action}: projection layers use getViewSubImage(layer, view)`);
  // Step 5.
  if (r.layout === 'default') throw new TypeError(`${action}: the layer's layout is 'default'`);
  // Steps 6–7.
  let index = 0;
  if (r.layout === 'stereo') {
    if (eye === 'none') throw new TypeError(`${action}: a stereo layer needs eye 'left' or 'right'`);
    if (eye === 'right') index = r.kind === 'cube' ? 6 : 1;
  }
  // Step 8 [R-LAYER-02, R-LAYER-03].
  const frameSession = XRFrameInternals.sessionOf(frame);
  const active = XRFrameInternals.isActive(frame) && !core.ended;
  enforce(
    core,
    action,
    subImageAccessIsAllowed({
      action,
      frameOfLayerSession: frameSession === r.session,
      frameActive: active,
      animationFrame: XRFrameInternals.isAnimationFrame(frame),
      bindingOfLayerSession: b.session === r.session,
      sameContext: b.context === r.context,
      hasTextures: r.colorTextures.length > 0,
      staticDrawn: r.isStatic && !r.needsRedraw,
    }),
  );
  const frameId = XRFrameInternals.frameId(frame);
  const array = r.textureType === 'texture-array';
  // Steps 9–11: the image index and the textures.
  const colorList = r.colorTextures;
  const depthList = r.depthStencilTextures;
  // (A stereo cube layer on 'texture' has 2 cube maps: the spec's "offset 6" is the second.)
  const at = index === 6 ? 1 : index;
  const color = array ? colorList[0]! : (colorList[at] ?? colorList[0]!);
  const depth = depthList.length === 0 ? null : array ? depthList[0]! : (depthList[at] ?? depthList[0]!);
  const viewsPerTexture = r.layout === 'stereo-left-right' || r.layout === 'stereo-top-bottom' ? 2 : 1;
  const offset = viewsPerTexture === 2 && eye === 'right' ? 1 : index;
  accessTextures(r, frameId);
  const image = cached(binding, layer, `eye:${eye}`, frameId, () =>
    subImage(
      color,
      depth,
      array ? index : 0,
      viewportFor(color, r.layout, viewsPerTexture === 2 ? offset : 0, viewsPerTexture),
    ),
  );
  // "Queue a task to set needsRedraw to false" (done at the frame's end: layer-frames.ts).
  r.pendingRedrawClear = true;
  return image;
}

// spec(layers): #getViewSubImageAlgo
export function getViewSubImage(
  b: BindingPair,
  binding: object,
  args: readonly unknown[],
  count: number,
): XRWebGLSubImage {
  const action = 'XRWebGLBinding.getViewSubImage';
  requireArgs(count, 2, action);
  const layer = args[0];
  const view = args[1];
  if (
    !XRCompositionLayerInternals.is(layer) ||
    XRCompositionLayerInternals.recordOf(layer).kind !== 'projection'
  ) {
    throw new TypeError(`${action}: parameter 1 is not of type 'XRProjectionLayer'`);
  }
  if (!XRViewInternals.is(view)) throw new TypeError(`${action}: parameter 2 is not of type 'XRView'`);
  const r = XRCompositionLayerInternals.recordOf(layer);
  const core = b.core;
  const slot = XRViewInternals.slot(view);
  const viewCore = r.core;
  const frameId = XRViewInternals.frameId(view);
  // Step 4 [R-LAYER-02, R-LAYER-03]: the view's frame is an active animation frame of the layer's session.
  const ofLayerSession = viewCore.ownsView(view);
  const inFrame = ofLayerSession && !viewCore.ended && viewCore.inAnimationFrame(frameId);
  enforce(
    core,
    action,
    subImageAccessIsAllowed({
      action,
      frameOfLayerSession: ofLayerSession,
      frameActive: inFrame,
      animationFrame: inFrame,
      bindingOfLayerSession: b.session === r.session,
      sameContext: b.context === r.context,
      hasTextures: r.colorTextures.length > 0,
      staticDrawn: false,
    }),
  );
  // Step 5.
  if (!inRenderState(core, layer)) {
    throw new TypeError(
      `${action}: the layer is not in session.renderState.layers; call updateRenderState({ layers }) first`,
    );
  }
  // Step 7: the view's offset among the primary views (xrgate gives secondary views no textures).
  if (slot.secondary) {
    throw domException(
      'NotSupportedError',
      `${action}: xrgate's projection layers cover the primary views only`,
    );
  }
  const index = slot.index;
  const array = r.textureType === 'texture-array';
  const colorList = r.colorTextures;
  const depthList = r.depthStencilTextures;
  const perView = r.layout === 'default' && !array;
  const color = perView ? (colorList[index] ?? colorList[0]!) : colorList[0]!;
  const depth = depthList.length === 0 ? null : perView ? (depthList[index] ?? depthList[0]!) : depthList[0]!;
  const num = r.layout === 'stereo-left-right' || r.layout === 'stereo-top-bottom' ? core.viewCount() : 1;
  accessTextures(r, frameId);
  const image = cached(binding, layer, `view:${index}`, frameId, () =>
    subImage(color, depth, array ? index : 0, viewportFor(color, r.layout, num > 1 ? index : 0, num)),
  );
  // Step 15.
  r.needsRedraw = false;
  return image;
}

// --- Attributes and the rest -----------------------------------------------------------------

// spec(layers): #dom-xrwebglbinding-nativeprojectionscalefactor: xrgate's recommended resolution
// is the native one.
export function nativeProjectionScaleFactor(_b: BindingPair): number {
  return 1;
}

// spec(layers): #dom-xrwebglbinding-usesdepthvalues: xrgate's compositor draws the layers in
// order and never reads their depth.
export function usesDepthValues(_b: BindingPair): boolean {
  return false;
}

// spec(layers): #dom-xrwebglbinding-foveatebound texture: xrgate has no foveation (step 2).
export function foveateBoundTexture(_b: BindingPair, args: readonly unknown[], count: number): void {
  const action = 'XRWebGLBinding.foveateBoundTexture';
  requireArgs(count, 2, action);
  const target = convertUnsignedLong(args[0], 'target');
  convertFloatMember(args[1], 'fixed_foveation');
  // Step 1.
  if (target !== GL.TEXTURE_2D && target !== GL.TEXTURE_2D_ARRAY) {
    throw domException('InvalidStateError', `${action}: target must be TEXTURE_2D or TEXTURE_2D_ARRAY`);
  }
  // Step 2: no foveation on xrgate's devices.
}

// spec(lighting): #dom-xrwebglbinding-getreflectioncubemap
export function getReflectionCubeMap(b: BindingPair, args: readonly unknown[], count: number): object | null {
  const action = 'XRWebGLBinding.getReflectionCubeMap';
  requireArgs(count, 1, action);
  const probe = args[0];
  if (!XRLightProbeInternals.is(probe))
    throw new TypeError(`${action}: parameter 1 is not of type 'XRLightProbe'`);
  const core = b.core;
  // Steps 1–2: the binding's session is live, the context not lost.
  if (core.ended)
    throw domException('InvalidStateError', `${action}: the binding's session has ended [R-LIFE-07]`);
  if (isLost(b.context)) throw domException('InvalidStateError', `${action}: the WebGL context is lost`);
  // Step 3: the probe is of the binding's session [R-LAYER-02].
  if (XRLightProbeInternals.sessionOf(probe) !== b.session) {
    throw domException(
      'InvalidStateError',
      `${action}: the light probe belongs to another session [R-LAYER-02]`,
    );
  }
  // Step 4: xrgate's simulated devices report no reflection cube map (the lighting estimate's
  // spherical harmonics are what they give), so there is none to return.
  return null;
}

export { XRCompositionLayer };
