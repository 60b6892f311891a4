// spec(layers): #xrlayerevent-interface (webxrlayers-1.bs @ 0d61133; IDL as WPT has it)
//
// [SecureContext, Exposed=Window] interface XRLayerEvent : Event {
//   constructor(DOMString type, XRLayerEventInit eventInitDict);
//   [SameObject] readonly attribute XRLayer layer; };
// dictionary XRLayerEventInit : EventInit { required XRLayer layer; };

import { Boolean, String, TypeError } from '../../primordials.js';
import { convertDictionary, idlAttributes, illegalInvocation, requireArgs, toStringTag } from '../webidl.js';
import { XRWebGLLayerInternals } from '../XRWebGLLayer.js';
import { XRCompositionLayerInternals } from './XRCompositionLayer.js';

const EventCtor = Event;

/** An XRLayer: an XRWebGLLayer or a composition layer (the only XRLayers xrgate makes). */
export function isXRLayer(v: unknown): v is object {
  return XRWebGLLayerInternals.is(v) || XRCompositionLayerInternals.is(v);
}

export class XRLayerEvent extends EventCtor {
  readonly #layer: object;
  constructor(type: string, eventInitDict: { layer: object }) {
    requireArgs(arguments.length, 2, 'XRLayerEvent');
    const t = String(type);
    const dict = convertDictionary(eventInitDict, 'XRLayerEventInit');
    const bubbles = Boolean(dict.bubbles);
    const cancelable = Boolean(dict.cancelable);
    const composed = Boolean(dict.composed);
    const layer = dict.layer;
    if (layer === undefined) throw new TypeError("XRLayerEventInit: required member 'layer' is missing");
    if (!isXRLayer(layer)) throw new TypeError("XRLayerEventInit: 'layer' is not of type 'XRLayer'");
    super(t, { bubbles, cancelable, composed });
    this.#layer = layer;
  }
  get layer(): object {
    if (!(typeof this === 'object' && this !== null && #layer in this)) illegalInvocation();
    return this.#layer;
  }
}

idlAttributes(XRLayerEvent, ['layer']);
toStringTag(XRLayerEvent, 'XRLayerEvent');
