// spec: #xrsession-interface (index.bs @ 23547b1)
//
// enum XRVisibilityState { "visible", "visible-blurred", "hidden" };
// [SecureContext, Exposed=Window] interface XRSession : EventTarget {
//   readonly attribute XRVisibilityState visibilityState;
//   readonly attribute float? frameRate;
//   readonly attribute Float32Array? supportedFrameRates;
//   [SameObject] readonly attribute XRRenderState renderState;
//   [SameObject] readonly attribute XRInputSourceArray inputSources;
//   [SameObject] readonly attribute XRInputSourceArray trackedSources;
//   readonly attribute FrozenArray<DOMString> enabledFeatures;
//   readonly attribute boolean isSystemKeyboardSupported;
//   undefined updateRenderState(optional XRRenderStateInit state = {});
//   Promise<undefined> updateTargetFrameRate(float rate);
//   [NewObject] Promise<XRReferenceSpace> requestReferenceSpace(XRReferenceSpaceType type);
//   unsigned long requestAnimationFrame(XRFrameRequestCallback callback);
//   undefined cancelAnimationFrame(unsigned long handle);
//   Promise<undefined> end();
//   attribute EventHandler onend; oninputsourceschange; onselect; onselectstart; onselectend;
//   onsqueeze; onsqueezestart; onsqueezeend; onvisibilitychange; onframeratechange; };

import type { XREnvironmentBlendMode, XRInteractionMode, XRVisibilityState } from '../device/types.js';
import type { XRDepthDataFormat, XRDepthType, XRDepthUsage } from '../policy/depth-sensing.js';
import type { XRDOMOverlayType } from '../policy/dom-overlay.js';
import { type ReferenceSpaceType, referenceSpaceTypes } from '../policy/features.js';
import { MAX_RENDER_LAYERS } from '../policy/layers.js';
import { Boolean, MathFround, Number, ObjectCreate, String, TypeError } from '../primordials.js';
import type { XRInputSourceEvent, XRInputSourcesChangeEvent, XRSessionEvent } from './events.js';
import { sessionCoreOf } from './session-core.js';
import {
  convertDictionary,
  convertDouble,
  convertEnum,
  defineEventHandlers,
  idlAttributes,
  illegalConstructor,
  illegalInvocation,
  rejected,
  requireArgs,
  toStringTag,
} from './webidl.js';
import type { XRAnchor } from './XRAnchor.js';
import { depthAttribute, setDepthSensingActive } from './XRDepthInformation.js';
import type { XRFrame } from './XRFrame.js';
import type { XRInputSource, XRInputSourceArray } from './XRInputSource.js';
import { reflectionFormats, type XRLightProbe } from './XRLightProbe.js';
import type { XRRenderState } from './XRRenderState.js';
import type { XRReferenceSpace } from './XRSpace.js';
import { XRWebGLLayerInternals } from './XRWebGLLayer.js';

const EventTargetCtor = EventTarget;

// XRSession's brand check (a private name, not instanceof: the page can define
// Symbol.hasInstance on window.XRSession).
let isXRSession: (v: unknown) => boolean = () => false;

function core(s: unknown) {
  const c = sessionCoreOf(s);
  if (!c || !isXRSession(s)) illegalInvocation();
  return c;
}

// The types of what a session hands out, with the attributes that name XRSession typed (XRFrame.ts
// and events.ts cannot import XRSession: an import cycle through session-core.ts).
/** An XRFrame as a session's callbacks and input events get it. */
export type XRSessionFrame = XRFrame & { readonly session: XRSession };
/** The event of a session's `end`, `visibilitychange` and `frameratechange`. */
export type XRSessionEventOf = XRSessionEvent & { readonly session: XRSession };
/** The event of a session's select and squeeze events. */
export type XRInputSourceEventOf = XRInputSourceEvent & {
  readonly frame: XRSessionFrame;
  readonly inputSource: XRInputSource;
};
/** The event of a session's `inputsourceschange`. */
export type XRInputSourcesChangeEventOf = XRInputSourcesChangeEvent & {
  readonly session: XRSession;
  readonly added: readonly XRInputSource[];
  readonly removed: readonly XRInputSource[];
};

export class XRSession extends EventTargetCtor {
  /** EventHandler attributes (defined on the prototype by defineEventHandlers). */
  declare onend: ((this: XRSession, ev: XRSessionEventOf) => unknown) | null;
  declare oninputsourceschange: ((this: XRSession, ev: XRInputSourcesChangeEventOf) => unknown) | null;
  declare onselect: ((this: XRSession, ev: XRInputSourceEventOf) => unknown) | null;
  declare onselectstart: ((this: XRSession, ev: XRInputSourceEventOf) => unknown) | null;
  declare onselectend: ((this: XRSession, ev: XRInputSourceEventOf) => unknown) | null;
  declare onsqueeze: ((this: XRSession, ev: XRInputSourceEventOf) => unknown) | null;
  declare onsqueezestart: ((this: XRSession, ev: XRInputSourceEventOf) => unknown) | null;
  declare onsqueezeend: ((this: XRSession, ev: XRInputSourceEventOf) => unknown) | null;
  declare onvisibilitychange: ((this: XRSession, ev: XRSessionEventOf) => unknown) | null;
  declare onframeratechange: ((this: XRSession, ev: XRSessionEventOf) => unknown) | null;

  constructor(token?: unknown) {
    illegalConstructor(token);
    super();
  }

  #sessionBrand(): void {}

  static {
    isXRSession = (v) => typeof v === 'object' && v !== null && #sessionBrand in v;
  }

  get visibilityState(): XRVisibilityState {
    return core(this).visibility;
  }

  // AR module (R-FEAT-20 does not apply: these are attributes, not feature descriptors).
  get environmentBlendMode(): XREnvironmentBlendMode {
    return core(this).environmentBlendMode;
  }

  get interactionMode(): XRInteractionMode {
    return core(this).interactionMode;
  }

  get frameRate(): number | null {
    return core(this).frameRate;
  }

  get supportedFrameRates(): Float32Array | null {
    return core(this).supportedFrameRates();
  }

  get renderState(): XRRenderState {
    return core(this).renderState;
  }

  get inputSources(): XRInputSourceArray {
    return core(this).inputSourceArray;
  }

  get trackedSources(): XRInputSourceArray {
    return core(this).trackedSourceArray;
  }

  get enabledFeatures(): readonly string[] {
    return core(this).enabledFeatures;
  }

  get isSystemKeyboardSupported(): boolean {
    core(this);
    return false;
  }

  // spec: #dom-xrsession-updaterenderstate
  updateRenderState(...args: unknown[]): void {
    const state = args[0];
    const c = core(this);
    const dict = convertDictionary(state, 'XRRenderStateInit');
    // Convert members in IDL order before the steps.
    // (No prototype: a member the page left out reads undefined even if Object.prototype has it.)
    const init = ObjectCreate(null) as Record<string, unknown>;
    // XRWebGLLayer? baseLayer: null, or an XRWebGLLayer (WebIDL: anything else is a TypeError).
    if (dict.baseLayer !== undefined) {
      if (dict.baseLayer !== null && !XRWebGLLayerInternals.is(dict.baseLayer)) {
        throw new TypeError(
          "updateRenderState: the baseLayer member is not of type 'XRWebGLLayer'. Fix: pass new XRWebGLLayer(session, gl), or null",
        );
      }
      init.baseLayer = dict.baseLayer;
    }
    if (dict.depthFar !== undefined) init.depthFar = convertDouble(dict.depthFar, 'depthFar');
    if (dict.depthNear !== undefined) init.depthNear = convertDouble(dict.depthNear, 'depthNear');
    if (dict.inlineVerticalFieldOfView !== undefined) {
      init.inlineVerticalFieldOfView = convertDouble(
        dict.inlineVerticalFieldOfView,
        'inlineVerticalFieldOfView',
      );
    }
    if (dict.layers !== undefined) init.layers = dict.layers;
    if (dict.passthroughFullyObscured !== undefined)
      init.passthroughFullyObscured = Boolean(dict.passthroughFullyObscured);
    c.updateRenderState(init);
  }

  // spec: #dom-xrsession-updatetargetframerate
  updateTargetFrameRate(rate: number): Promise<void> {
    try {
      const c = core(this);
      requireArgs(arguments.length, 1, 'XRSession.updateTargetFrameRate');
      return c.updateTargetFrameRate(MathFround(convertDouble(rate, 'rate')));
    } catch (e) {
      return rejected(e);
    }
  }

  // spec: #dom-xrsession-requestreferencespace
  requestReferenceSpace(type: ReferenceSpaceType): Promise<XRReferenceSpace> {
    try {
      const c = core(this);
      requireArgs(arguments.length, 1, 'XRSession.requestReferenceSpace');
      const t = convertEnum(type, referenceSpaceTypes, 'requestReferenceSpace');
      return c.requestReferenceSpace(t);
    } catch (e) {
      return rejected(e);
    }
  }

  // spec(lighting): #dom-xrsession-requestlightprobe
  // (A rest parameter: WebIDL gives an operation with only optional arguments length 0.)
  requestLightProbe(...args: unknown[]): Promise<XRLightProbe> {
    try {
      const c = core(this);
      const raw = convertDictionary(args[0], 'XRLightProbeInit').reflectionFormat;
      const format =
        raw === undefined
          ? 'srgba8'
          : convertEnum(raw, reflectionFormats, 'XRLightProbeInit.reflectionFormat');
      return c.requestLightProbe(format);
    } catch (e) {
      return rejected(e);
    }
  }

  // spec(lighting): #dom-xrsession-preferredreflectionformat
  get preferredReflectionFormat(): string {
    return core(this).preferredReflectionFormat;
  }

  // spec(anchors): #dom-xrsession-restorepersistentanchor (the rest: session/anchors.ts)
  restorePersistentAnchor(uuid: string): Promise<XRAnchor> {
    try {
      const c = core(this);
      requireArgs(arguments.length, 1, 'XRSession.restorePersistentAnchor');
      return c.restorePersistentAnchor(String(uuid));
    } catch (e) {
      return rejected(e);
    }
  }

  // spec(anchors): #dom-xrsession-deletepersistentanchor
  deletePersistentAnchor(uuid: string): Promise<undefined> {
    try {
      const c = core(this);
      requireArgs(arguments.length, 1, 'XRSession.deletePersistentAnchor');
      return c.deletePersistentAnchor(String(uuid));
    } catch (e) {
      return rejected(e);
    }
  }

  // spec(anchors): XRSession.persistentAnchors (FrozenArray<DOMString>: the origin's handles)
  get persistentAnchors(): readonly string[] {
    return core(this).persistentAnchors();
  }

  // spec(dom-overlays): #dom-xrsession-domoverlaystate
  get domOverlayState(): { readonly type: XRDOMOverlayType } | null {
    return core(this).domOverlayState();
  }

  // spec(layers): #dom-xrsession-maxrenderlayers — the same on every device (R-LAYER-04).
  get maxRenderLayers(): number {
    core(this);
    return MAX_RENDER_LAYERS;
  }

  // spec: #dom-xrsession-requestanimationframe
  requestAnimationFrame(callback: (time: number, frame: XRSessionFrame) => void): number {
    const c = core(this);
    requireArgs(arguments.length, 1, 'XRSession.requestAnimationFrame');
    if (typeof callback !== 'function') {
      throw new TypeError("requestAnimationFrame: parameter 1 is not of type 'XRFrameRequestCallback'");
    }
    // (A frame's session is this session: XRSessionFrame only types it.)
    return c.requestAnimationFrame(callback as (time: number, frame: XRFrame) => void);
  }

  cancelAnimationFrame(handle: number): void {
    const c = core(this);
    requireArgs(arguments.length, 1, 'XRSession.cancelAnimationFrame');
    c.cancelAnimationFrame(Number(handle) >>> 0);
  }

  // spec: #dom-xrsession-end
  end(): Promise<void> {
    try {
      return core(this).end();
    } catch (e) {
      return rejected(e);
    }
  }

  // spec(depth): #dom-xrsession-depthusage … depthactive (src/api/XRDepthInformation.ts)
  get depthUsage(): XRDepthUsage {
    return depthAttribute(core(this), 'depthUsage') as XRDepthUsage;
  }

  get depthDataFormat(): XRDepthDataFormat {
    return depthAttribute(core(this), 'depthDataFormat') as XRDepthDataFormat;
  }

  get depthType(): XRDepthType | null {
    return depthAttribute(core(this), 'depthType') as XRDepthType | null;
  }

  get depthActive(): boolean | null {
    return depthAttribute(core(this), 'depthActive') as boolean;
  }

  // spec(depth): #stop-depth-sensing
  pauseDepthSensing(): void {
    setDepthSensingActive(core(this), false);
  }

  // spec(depth): #start-depth-sensing
  resumeDepthSensing(): void {
    setDepthSensingActive(core(this), true);
  }
}

defineEventHandlers(XRSession.prototype, (o) => sessionCoreOf(o) !== undefined, [
  'end',
  'inputsourceschange',
  'select',
  'selectstart',
  'selectend',
  'squeeze',
  'squeezestart',
  'squeezeend',
  'visibilitychange',
  'frameratechange',
]);
idlAttributes(XRSession, [
  'preferredReflectionFormat',
  'environmentBlendMode',
  'interactionMode',
  'visibilityState',
  'frameRate',
  'supportedFrameRates',
  'renderState',
  'inputSources',
  'trackedSources',
  'enabledFeatures',
  'isSystemKeyboardSupported',
  'persistentAnchors',
  'domOverlayState',
  'maxRenderLayers',
]);
idlAttributes(XRSession, ['depthUsage', 'depthDataFormat', 'depthType', 'depthActive']);
toStringTag(XRSession, 'XRSession');
