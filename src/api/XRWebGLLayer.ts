// spec: #xrwebgllayer-interface (index.bs @ 23547b1)
//
// [SecureContext, Exposed=Window] interface XRLayer : EventTarget {};
// dictionary XRWebGLLayerInit { boolean antialias = true; boolean depth = true; boolean stencil = false;
//   boolean alpha = true; boolean ignoreDepthValues = false; double framebufferScaleFactor = 1.0; };
// [SecureContext, Exposed=Window] interface XRWebGLLayer: XRLayer {
//   constructor(XRSession session, XRWebGLRenderingContext context, optional XRWebGLLayerInit layerInit = {});
//   readonly attribute boolean antialias; readonly attribute boolean ignoreDepthValues;
//   attribute float? fixedFoveation;
//   [SameObject] readonly attribute WebGLFramebuffer? framebuffer;
//   readonly attribute unsigned long framebufferWidth; readonly attribute unsigned long framebufferHeight;
//   XRViewport? getViewport(XRView view);
//   static double getNativeFramebufferScaleFactor(XRSession session); };
// In Node there is no WebGL: the layer validates its arguments and reports viewports, with no GL.

import {
  Boolean,
  MathFloor,
  MathMax,
  MathMin,
  MathRound,
  Number,
  NumberIsFinite,
  ReflectDeleteProperty,
  SafeWeakSet,
  TypeError,
} from '../primordials.js';
import { layerSessionOf } from './layer-sessions.js';
import { opaqueSupport } from './opaque-support.js';
import { isWebGL1AtLoad, isWebGL2AtLoad } from './webgl-brand.js';
import {
  convertDictionary,
  domException,
  INTERNAL,
  idlAttributes,
  illegalInvocation,
  requireArgs,
  toStringTag,
} from './webidl.js';
import { type XRView, XRViewInternals, XRViewport } from './XRView.js';

const EventTargetCtor = EventTarget;

/** Immersive layers draw to the page's canvas (set by install() for dist/xrgate.js). */
export const canvasPresentation = { enabled: false };

/** Contexts made XR compatible by makeXRCompatible (the browser integration marks them). */
export const xrCompatibleContexts = new SafeWeakSet<object>();

function isContextLike(
  v: unknown,
): v is { isContextLost?: () => boolean; getContextAttributes?: () => unknown } {
  // A brand check where the host had WebGL when xrgate loaded (not instanceof, which the page can
  // answer with its own Symbol.hasInstance); else (Node) the globals as they are now.
  if (isWebGL1AtLoad || isWebGL2AtLoad) {
    return (!!isWebGL1AtLoad && isWebGL1AtLoad(v)) || (!!isWebGL2AtLoad && isWebGL2AtLoad(v));
  }
  const WebGL1 = (globalThis as { WebGLRenderingContext?: new () => object }).WebGLRenderingContext;
  const WebGL2 = (globalThis as { WebGL2RenderingContext?: new () => object }).WebGL2RenderingContext;
  if (WebGL1 || WebGL2) return (!!WebGL1 && v instanceof WebGL1) || (!!WebGL2 && v instanceof WebGL2);
  return typeof v === 'object' && v !== null;
}

export class XRLayer extends EventTargetCtor {
  constructor(token?: unknown) {
    if (token !== INTERNAL) throw new TypeError('Illegal constructor');
    super();
  }
}

export class XRWebGLLayer extends XRLayer {
  #session: object;
  #context: object;
  #antialias: boolean;
  #ignoreDepthValues: boolean;
  #width: number;
  #height: number;
  #framebuffer: WebGLFramebuffer | null;
  #fixedFoveation: number | null = null;

  // spec: #dom-xrwebgllayer-xrwebgllayer
  constructor(session: object, context: object, layerInit?: Record<string, unknown>) {
    requireArgs(arguments.length, 2, 'XRWebGLLayer');
    const core = layerSessionOf(session);
    if (!core) throw new TypeError("XRWebGLLayer: parameter 1 is not of type 'XRSession'");
    if (!isContextLike(context)) {
      throw new TypeError(
        'XRWebGLLayer: parameter 2 is not a WebGLRenderingContext or WebGL2RenderingContext',
      );
    }
    const dict = convertDictionary(layerInit, 'XRWebGLLayerInit');
    // WebIDL: each member read once, in lexicographic order, before the constructor's steps.
    const rawAlpha = dict.alpha;
    const rawAntialias = dict.antialias;
    const rawDepth = dict.depth;
    const rawScale = dict.framebufferScaleFactor;
    const rawIgnoreDepth = dict.ignoreDepthValues;
    const rawStencil = dict.stencil;
    const init = {
      alpha: rawAlpha === undefined ? true : Boolean(rawAlpha),
      antialias: rawAntialias === undefined ? true : Boolean(rawAntialias),
      depth: rawDepth === undefined ? true : Boolean(rawDepth),
      framebufferScaleFactor: rawScale === undefined ? 1 : Number(rawScale),
      ignoreDepthValues: Boolean(rawIgnoreDepth),
      stencil: Boolean(rawStencil),
    };
    if (!NumberIsFinite(init.framebufferScaleFactor))
      throw new TypeError('XRWebGLLayerInit.framebufferScaleFactor must be finite');
    super(INTERNAL);
    // Step 2: ended session.
    if (core.ended)
      throw domException('InvalidStateError', 'XRWebGLLayer: the session has ended [R-LIFE-07]');
    // Step 3: lost context.
    if (typeof context.isContextLost === 'function' && context.isContextLost()) {
      throw domException('InvalidStateError', 'XRWebGLLayer: the WebGL context is lost');
    }
    // Step 4: immersive needs an XR compatible context.
    if (core.immersive && typeof context.getContextAttributes === 'function') {
      const attrs = context.getContextAttributes() as { xrCompatible?: boolean } | null;
      if (!(attrs?.xrCompatible === true || xrCompatibleContexts.has(context))) {
        throw domException(
          'InvalidStateError',
          'XRWebGLLayer: the context is not XR compatible; call makeXRCompatible() first',
        );
      }
    }
    this.#session = session;
    this.#context = context;
    this.#antialias = init.antialias;
    this.#ignoreDepthValues = init.ignoreDepthValues;
    const scale = MathMin(MathMax(init.framebufferScaleFactor, 0.2), core.maxFramebufferScale());
    // Inline sessions draw to the context's own drawing buffer; immersive ones to a buffer sized
    // from the device's views.
    const gl = context as { drawingBufferWidth?: number; drawingBufferHeight?: number };
    const toCanvas = !core.immersive || canvasPresentation.enabled;
    if (toCanvas && typeof gl.drawingBufferWidth === 'number' && typeof gl.drawingBufferHeight === 'number') {
      this.#width = gl.drawingBufferWidth;
      this.#height = gl.drawingBufferHeight;
    } else {
      const native = core.nativeFramebufferSize();
      this.#width = MathMax(1, MathRound(native.width * scale));
      this.#height = MathMax(1, MathRound(native.height * scale));
    }
    const glfb = context as { createFramebuffer?: () => unknown; texImage2D?: unknown };
    // Inline sessions draw to the default framebuffer (null); immersive ones to an opaque
    // framebuffer (spec #opaque-framebuffer: a colour buffer, and depth/stencil as asked), except
    // when xrgate presents immersive frames on the page's canvas (the eyes side by side, like an
    // emulator: dist/xrgate.js).
    // (The opaque framebuffer support is plugged in where layers are not presented on the canvas:
    // opaque-support.ts.)
    this.#framebuffer = null;
    if (core.immersive && !toCanvas && typeof glfb.createFramebuffer === 'function') {
      if (typeof glfb.texImage2D === 'function') {
        const opaque = opaqueSupport.current;
        if (!opaque) throw new TypeError('XRWebGLLayer: no opaque framebuffer support in this realm');
        // (What the context's createFramebuffer made: a WebGLFramebuffer.)
        this.#framebuffer = opaque.create(this, context, this.#width, this.#height, {
          depth: init.depth,
          stencil: init.stencil,
          alpha: init.alpha,
        }) as WebGLFramebuffer | null;
      } else {
        this.#framebuffer = glfb.createFramebuffer() as WebGLFramebuffer | null;
      }
    }
  }

  static is(v: unknown): v is XRWebGLLayer {
    return typeof v === 'object' && v !== null && #session in v;
  }

  /** @internal */
  static sessionOf(l: XRWebGLLayer): object {
    return l.#session;
  }

  get antialias(): boolean {
    if (!XRWebGLLayerInternals.is(this)) illegalInvocation();
    return this.#antialias;
  }
  get ignoreDepthValues(): boolean {
    if (!XRWebGLLayerInternals.is(this)) illegalInvocation();
    return this.#ignoreDepthValues;
  }
  get fixedFoveation(): number | null {
    if (!XRWebGLLayerInternals.is(this)) illegalInvocation();
    return this.#fixedFoveation;
  }
  set fixedFoveation(v: number | null) {
    if (!XRWebGLLayerInternals.is(this)) illegalInvocation();
    this.#fixedFoveation = v === null ? null : MathMin(1, MathMax(0, Number(v)));
  }
  get framebuffer(): WebGLFramebuffer | null {
    if (!XRWebGLLayerInternals.is(this)) illegalInvocation();
    return this.#framebuffer;
  }
  get framebufferWidth(): number {
    if (!XRWebGLLayerInternals.is(this)) illegalInvocation();
    return this.#width;
  }
  get framebufferHeight(): number {
    if (!XRWebGLLayerInternals.is(this)) illegalInvocation();
    return this.#height;
  }
  /** @internal the context, only for the owning session. */
  static context(l: XRWebGLLayer): object {
    return l.#context;
  }

  // spec: #dom-xrwebgllayer-getviewport
  getViewport(view: XRView): XRViewport | null {
    if (!XRWebGLLayerInternals.is(this)) illegalInvocation();
    requireArgs(arguments.length, 1, 'XRWebGLLayer.getViewport');
    if (!XRViewInternals.is(view)) throw new TypeError("getViewport: parameter 1 is not of type 'XRView'");
    const core = layerSessionOf(this.#session);
    const slot = XRViewInternals.slot(view);
    // Steps 1–3: the view's session, an active frame, and a view of the current frame.
    if (!core?.ownsView(view)) {
      throw domException('InvalidStateError', 'getViewport: the view belongs to another session');
    }
    if (!core.inAnimationFrame(XRViewInternals.frameId(view))) {
      throw domException('InvalidStateError', 'getViewport: the view is not from the active animation frame');
    }
    const count = core.viewCount();
    const w = MathFloor(this.#width / count);
    // spec: #dom-xrwebgllayer-getviewport steps 6–7 — the requested scale applies at the first
    // query of a frame and is locked in for the rest of it.
    if (slot.modifiable && (slot.requestedScale ?? 1) !== slot.currentScale)
      slot.currentScale = slot.requestedScale ?? 1;
    slot.modifiable = false;
    // spec: obtain a scaled viewport (at the full viewport's origin).
    const scale = slot.currentScale;
    const width = MathMax(1, MathFloor(w * scale));
    const height = MathMax(1, MathFloor(this.#height * scale));
    return new XRViewport(INTERNAL, slot.index * w, 0, width, height);
  }

  // spec: #dom-xrwebgllayer-getnativeframebufferscalefactor
  static getNativeFramebufferScaleFactor(session: object): number {
    requireArgs(arguments.length, 1, 'XRWebGLLayer.getNativeFramebufferScaleFactor');
    const core = layerSessionOf(session);
    if (!core) throw new TypeError("getNativeFramebufferScaleFactor: parameter 1 is not of type 'XRSession'");
    if (core.ended) return 0;
    return 1;
  }
}

idlAttributes(XRWebGLLayer, [
  'antialias',
  'ignoreDepthValues',
  'fixedFoveation',
  'framebuffer',
  'framebufferWidth',
  'framebufferHeight',
]);
toStringTag(XRLayer, 'XRLayer');
toStringTag(XRWebGLLayer, 'XRWebGLLayer');

/** @internal xrgate's own access to XRWebGLLayer; the statics are removed from the page-visible interface object. */
export const XRWebGLLayerInternals = {
  is: XRWebGLLayer.is,
  sessionOf: XRWebGLLayer.sessionOf,
  context: XRWebGLLayer.context,
};
for (const key of ['is', 'sessionOf', 'context']) ReflectDeleteProperty(XRWebGLLayer, key);
