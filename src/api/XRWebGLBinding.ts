// spec(layers): #XRWebGLBindingtype — the binding between one session and one WebGL context that
// several modules extend: the Layers module (projection, quad, cylinder, equirect and cube layers,
// getSubImage, getViewSubImage), Depth Sensing (getDepthInformation, GPU path), Raw Camera Access
// (getCameraImage) and Lighting Estimation (getReflectionCubeMap).
//
// [Exposed=Window] interface XRWebGLBinding {
//   constructor(XRSession session, XRWebGLRenderingContext context); … };
//
// Each module's methods live in the module's own file as functions of (binding internals, args);
// this class only holds the pair, brand-checks `this`, and forwards.

import { ReflectDeleteProperty, TypeError } from '../primordials.js';
import { type LayerSession, layerSessionOf } from './layer-sessions.js';
import * as layers from './layers/binding-layers.js';
import type { XRCubeLayer, XRCylinderLayer, XREquirectLayer, XRQuadLayer } from './layers/spatial-layers.js';
import type { XRProjectionLayer } from './layers/XRCompositionLayer.js';
import type { XRWebGLSubImage } from './layers/XRSubImage.js';
import { isWebGL1AtLoad, isWebGL2AtLoad } from './webgl-brand.js';
import { domException, idlAttributes, illegalInvocation, requireArgs, toStringTag } from './webidl.js';
import { bindingCameraImage } from './XRCamera.js';
import { bindingDepthInformation, type XRWebGLDepthInformation } from './XRDepthInformation.js';
import { xrCompatibleContexts } from './XRWebGLLayer.js';

type GLContext = {
  isContextLost?: () => boolean;
  getContextAttributes?: () => unknown;
};

function isGLContext(v: unknown): v is GLContext {
  if (isWebGL1AtLoad || isWebGL2AtLoad) {
    return (!!isWebGL1AtLoad && isWebGL1AtLoad(v)) || (!!isWebGL2AtLoad && isWebGL2AtLoad(v));
  }
  // Node: no WebGL; any object stands for a context (as XRWebGLLayer does).
  return typeof v === 'object' && v !== null;
}

/** Is the context WebGL 2 (as the brand check made at load says)? */
export function isWebGL2Context(v: unknown): boolean {
  return !!isWebGL2AtLoad && isWebGL2AtLoad(v);
}

export class XRWebGLBinding {
  #session: object;
  #core: LayerSession;
  #context: GLContext;

  // spec(layers): #dom-xrwebglbinding-xrwebglbinding
  constructor(session: object, context: object) {
    requireArgs(arguments.length, 2, 'XRWebGLBinding');
    const core = layerSessionOf(session);
    if (!core) throw new TypeError("XRWebGLBinding: parameter 1 is not of type 'XRSession'");
    if (!isGLContext(context)) {
      throw new TypeError(
        'XRWebGLBinding: parameter 2 is not a WebGLRenderingContext or WebGL2RenderingContext',
      );
    }
    // Step 1: an ended session.
    if (core.ended)
      throw domException('InvalidStateError', 'XRWebGLBinding: the session has ended [R-LIFE-07]');
    // Step 2: a lost context.
    if (typeof context.isContextLost === 'function' && context.isContextLost()) {
      throw domException('InvalidStateError', 'XRWebGLBinding: the WebGL context is lost');
    }
    // Step 3: layers are for immersive sessions only.
    if (!core.immersive) {
      throw domException(
        'InvalidStateError',
        'XRWebGLBinding: the session is inline; a binding needs an immersive session',
      );
    }
    // Step 4: the context must be XR compatible.
    if (typeof context.getContextAttributes === 'function') {
      const attrs = context.getContextAttributes() as { xrCompatible?: boolean } | null;
      if (!(attrs?.xrCompatible === true || xrCompatibleContexts.has(context))) {
        throw domException(
          'InvalidStateError',
          'XRWebGLBinding: the context is not XR compatible; call makeXRCompatible() first',
        );
      }
    }
    this.#session = session;
    this.#core = core;
    this.#context = context;
  }

  // --- Layers module (bodies: src/api/layers/binding-layers.ts) ---------------------------------
  // (Rest parameters: WebIDL gives operations whose arguments are all optional length 0.)
  get nativeProjectionScaleFactor(): number {
    return layers.nativeProjectionScaleFactor(bindingOf(this));
  }
  get usesDepthValues(): boolean {
    return layers.usesDepthValues(bindingOf(this));
  }
  createProjectionLayer(...args: unknown[]): XRProjectionLayer {
    return layers.createProjectionLayer(bindingOf(this), args);
  }
  createQuadLayer(...args: unknown[]): XRQuadLayer {
    return layers.createQuadLayer(bindingOf(this), args);
  }
  createCylinderLayer(...args: unknown[]): XRCylinderLayer {
    return layers.createCylinderLayer(bindingOf(this), args);
  }
  createEquirectLayer(...args: unknown[]): XREquirectLayer {
    return layers.createEquirectLayer(bindingOf(this), args);
  }
  createCubeLayer(...args: unknown[]): XRCubeLayer {
    return layers.createCubeLayer(bindingOf(this), args);
  }
  getSubImage(layer: unknown, frame: unknown, ...rest: unknown[]): XRWebGLSubImage {
    const b = bindingOf(this);
    return layers.getSubImage(b, this, [layer, frame, rest[0]], arguments.length);
  }
  getViewSubImage(layer: unknown, view: unknown): XRWebGLSubImage {
    const b = bindingOf(this);
    return layers.getViewSubImage(b, this, [layer, view], arguments.length);
  }
  foveateBoundTexture(target: unknown, fixedFoveation: unknown): void {
    layers.foveateBoundTexture(bindingOf(this), [target, fixedFoveation], arguments.length);
  }
  // spec(lighting): #dom-xrwebglbinding-getreflectioncubemap
  getReflectionCubeMap(lightProbe: unknown): object | null {
    return layers.getReflectionCubeMap(bindingOf(this), [lightProbe], arguments.length);
  }

  static is(v: unknown): v is XRWebGLBinding {
    return typeof v === 'object' && v !== null && #session in v;
  }
  /** @internal */
  static sessionOf(b: XRWebGLBinding): object {
    return b.#session;
  }
  /** @internal */
  static coreOf(b: XRWebGLBinding): LayerSession {
    return b.#core;
  }
  /** @internal */
  static contextOf(b: XRWebGLBinding): object {
    return b.#context;
  }

  // spec(depth): #dom-xrwebglbinding-getdepthinformation (src/api/XRDepthInformation.ts)
  getDepthInformation(view: object): XRWebGLDepthInformation | null {
    const b = bindingOf(this);
    requireArgs(arguments.length, 1, 'XRWebGLBinding.getDepthInformation');
    return bindingDepthInformation(b, view);
  }

  // spec(camera): #dom-xrwebglbinding-getcameraimage (src/api/XRCamera.ts)
  getCameraImage(camera: object): object | null {
    const b = bindingOf(this);
    requireArgs(arguments.length, 1, 'XRWebGLBinding.getCameraImage');
    return bindingCameraImage(this, b, camera);
  }
}

/** The binding's pair, for the modules' methods: throws TypeError (Illegal invocation) on anything else. */
export function bindingOf(v: unknown): { session: object; core: LayerSession; context: object } {
  // (Through the Internals: the statics are deleted from the interface object below.)
  if (!XRWebGLBindingInternals.is(v)) illegalInvocation();
  return {
    session: XRWebGLBindingInternals.sessionOf(v),
    core: XRWebGLBindingInternals.coreOf(v),
    context: XRWebGLBindingInternals.contextOf(v),
  };
}

toStringTag(XRWebGLBinding, 'XRWebGLBinding');
idlAttributes(XRWebGLBinding, ['nativeProjectionScaleFactor', 'usesDepthValues']);

/** @internal xrgate's own access; the statics are removed from the page-visible interface object. */
export const XRWebGLBindingInternals = {
  is: XRWebGLBinding.is,
  sessionOf: XRWebGLBinding.sessionOf,
  coreOf: XRWebGLBinding.coreOf,
  contextOf: XRWebGLBinding.contextOf,
};
for (const key of ['is', 'sessionOf', 'coreOf', 'contextOf']) ReflectDeleteProperty(XRWebGLBinding, key);
