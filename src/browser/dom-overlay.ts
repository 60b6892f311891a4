// The DOM Overlays Module in a page (the script bundles, the extension's main world): the overlay
// element is shown with the Fullscreen API, as the spec allows (#fullscreen-api-integration), with
// a transparent background; other elements cannot become fullscreen while it is shown (R-DOM-05);
// it goes when the session ends (R-DOM-06). What differs from a browser's own: the `:xr-overlay`
// pseudo-class cannot be made by script (the overlay matches `:fullscreen` instead), and
// `beforexrselect` is dispatched by script (its isTrusted is false).
//
// Every DOM method and accessor is captured when this module is evaluated (before any page script
// in the bundles): a page that patches elementFromPoint, contains, contentDocument or
// dispatchEvent later does not change what the overlay finds under the pointer.

import type { DomOverlayHost } from '../api/dom-overlay.js';
import { XRSessionEvent } from '../api/events.js';
import { fullscreenChangeIsAllowed } from '../policy/dom-overlay.js';
import {
  ObjectDefineProperty,
  ObjectGetOwnPropertyDescriptor,
  PromisePrototypeThen,
  PromiseReject,
  ReflectApply,
  ReflectGetPrototypeOf,
  SafeWeakMap,
  TypeError,
} from '../primordials.js';

type AnyFn = (...args: unknown[]) => unknown;
const G = globalThis as unknown as Record<string, unknown>;

function protoOf(name: string): object | undefined {
  const ctor = G[name];
  return typeof ctor === 'function' ? ((ctor as { prototype: object }).prototype as object) : undefined;
}

function descriptor(proto: object | undefined, key: string): PropertyDescriptor | undefined {
  for (let p: object | null | undefined = proto; p; p = ReflectGetPrototypeOf(p)) {
    const d = ObjectGetOwnPropertyDescriptor(p, key);
    if (d) return d;
  }
  return undefined;
}

const ElementProto = protoOf('Element');
const requestFullscreenDescriptor = ElementProto
  ? ObjectGetOwnPropertyDescriptor(ElementProto, 'requestFullscreen')
  : undefined;
const requestFullscreen = requestFullscreenDescriptor?.value as AnyFn | undefined;
const exitFullscreen = descriptor(protoOf('Document'), 'exitFullscreen')?.value as AnyFn | undefined;
const fullscreenElement = descriptor(protoOf('Document'), 'fullscreenElement')?.get;
const elementFromPoint = descriptor(protoOf('Document'), 'elementFromPoint')?.value as AnyFn | undefined;
const contains = descriptor(protoOf('Node'), 'contains')?.value as AnyFn | undefined;
const dispatchEvent = descriptor(protoOf('EventTarget'), 'dispatchEvent')?.value as AnyFn | undefined;
const iframeContentDocument = descriptor(protoOf('HTMLIFrameElement'), 'contentDocument')?.get;
const frameContentDocument = descriptor(protoOf('HTMLFrameElement'), 'contentDocument')?.get;
const objectContentDocument = descriptor(protoOf('HTMLObjectElement'), 'contentDocument')?.get;
const embedGetSVGDocument = descriptor(protoOf('HTMLEmbedElement'), 'getSVGDocument')?.value as
  | AnyFn
  | undefined;
const adoptedSheets = descriptor(protoOf('Document'), 'adoptedStyleSheets');
const CSSStyleSheetCtor = G.CSSStyleSheet as (new () => CSSStyleSheet) | undefined;
const replaceSync = descriptor(protoOf('CSSStyleSheet'), 'replaceSync')?.value as AnyFn | undefined;
const theDocument = G.document as Document | undefined;
const shadowElementFromPoint = descriptor(protoOf('ShadowRoot'), 'elementFromPoint')?.value as
  | AnyFn
  | undefined;
const shadowRootGetter = descriptor(ElementProto, 'shadowRoot')?.get;
const documentQuerySelectorAll = descriptor(protoOf('Document'), 'querySelectorAll')?.value as
  | AnyFn
  | undefined;
const fragmentQuerySelectorAll = descriptor(protoOf('DocumentFragment'), 'querySelectorAll')?.value as
  | AnyFn
  | undefined;
const nodeType = descriptor(protoOf('Node'), 'nodeType')?.get;
const localNameOf = descriptor(ElementProto, 'localName')?.get;

/** Every element of a document or shadow root (of any same-origin realm), through captured methods. */
function allElementsOf(scope: object): unknown {
  const isDocument = nodeType !== undefined && ReflectApply(nodeType, scope, []) === 9;
  return call(isDocument ? documentQuerySelectorAll : fragmentQuerySelectorAll, scope, ['*']);
}
const nodeListLength = descriptor(protoOf('NodeList'), 'length')?.get;
const nodeListItem = descriptor(protoOf('NodeList'), 'item')?.value as AnyFn | undefined;

/**
 * Every shadow root made with attachShadow since xrgate loaded (before any page script in the
 * bundles), closed ones included: R-DOM-04 looks into them for cross-origin frames. (What it
 * cannot see: declarative closed shadow roots, and roots attached through another realm's
 * attachShadow; docs/requirements.md R-DOM-04.)
 */
const shadowRoots = new SafeWeakMap<object, object>();
{
  const d = ElementProto ? ObjectGetOwnPropertyDescriptor(ElementProto, 'attachShadow') : undefined;
  const original = d?.value as AnyFn | undefined;
  if (d !== undefined && original !== undefined && ElementProto !== undefined) {
    const wrapped = {
      attachShadow(this: unknown, init: unknown): unknown {
        const root = ReflectApply(original, this, [init]) as object;
        shadowRoots.set(this as object, root);
        return root;
      },
    }.attachShadow;
    ObjectDefineProperty(ElementProto, 'attachShadow', {
      __proto__: null,
      value: wrapped,
      writable: d.writable,
      enumerable: d.enumerable,
      configurable: d.configurable,
    } as PropertyDescriptor);
  }
}

function shadowRootOf(el: object): object | null {
  const recorded = shadowRoots.get(el);
  if (recorded !== undefined) return recorded;
  try {
    return shadowRootGetter ? ((ReflectApply(shadowRootGetter, el, []) as object | null) ?? null) : null;
  } catch {
    return null;
  }
}

/**
 * The document of a frame, object or embed element when this document can read it; null for
 * content of another origin (or none); undefined for an element that is no frame.
 */
function frameDocument(el: object): Document | null | undefined {
  const tries = [iframeContentDocument, frameContentDocument, objectContentDocument];
  for (let i = 0; i < tries.length; i++) {
    const get = tries[i];
    if (!get) continue;
    try {
      return (ReflectApply(get, el, []) as Document | null) ?? null;
    } catch {
      // not this kind of element
    }
  }
  if (embedGetSVGDocument) {
    try {
      return (ReflectApply(embedGetSVGDocument, el, []) as Document | null) ?? null;
    } catch {
      // not an embed
    }
  }
  return undefined;
}

/**
 * Whether `scope` (a document or a shadow root) holds frame content of another origin anywhere:
 * a frame, object or embed whose document this one cannot read, in it, in its shadow roots (open,
 * and closed ones xrgate saw made) or in its same-origin frames; deeper than 8 frames counts as
 * another origin's.
 */
function holdsForeignFrames(scope: object, depth: number): boolean {
  if (depth > 8 || !nodeListLength || !nodeListItem) return true;
  let all: unknown;
  try {
    all = allElementsOf(scope);
  } catch {
    return true;
  }
  const n = ReflectApply(nodeListLength, all, []) as number;
  for (let i = 0; i < n; i++) {
    const el = ReflectApply(nodeListItem, all, [i]) as object;
    // (Only frame elements are asked for a document: a getter's brand check throwing for every
    // other element made a 100,000-element frame take 1.5 s.)
    const name = localNameOf ? ReflectApply(localNameOf, el, []) : 'iframe';
    if (name === 'iframe' || name === 'frame' || name === 'object' || name === 'embed') {
      const doc = frameDocument(el);
      if (doc === null) return true;
      if (doc !== undefined && holdsForeignFrames(doc, depth + 1)) return true;
    }
    const root = shadowRootOf(el);
    if (root !== null && holdsForeignFrames(root, depth + 1)) return true;
  }
  return false;
}

/**
 * What is really under (x, y), starting from `el` (what the document's elementFromPoint gave
 * there): down through shadow roots (open, and closed ones xrgate saw made). Cross-origin when it
 * ends on a frame, object or embed of another origin, or on a same-origin frame holding one
 * anywhere (the whole frame counts: where a point lands inside it depends on its padding,
 * transforms and zoom, so it is not computed).
 */
function reallyUnder(el: object, x: number, y: number): boolean {
  for (let i = 0; i < 64; i++) {
    const root = shadowRootOf(el);
    if (root !== null && shadowElementFromPoint) {
      const inner = call(shadowElementFromPoint, root, [x, y]) as object | null;
      if (inner !== null && inner !== undefined && inner !== el) {
        el = inner;
        continue;
      }
    }
    const doc = frameDocument(el);
    if (doc === undefined) return false;
    return doc === null || holdsForeignFrames(doc, 1);
  }
  return true;
}

/** `v` is an Element (the native brand check: Node.prototype.contains accepts only nodes). */
function isElement(v: unknown): boolean {
  if (v === null || typeof v !== 'object' || ElementProto === undefined) return false;
  for (let p = ReflectGetPrototypeOf(v); p !== null; p = ReflectGetPrototypeOf(p))
    if (p === ElementProto) return true;
  return false;
}

const PromiseProto = protoOf('Promise');
function isPromise(v: unknown): v is Promise<void> {
  return v !== null && typeof v === 'object' && ReflectGetPrototypeOf(v) === PromiseProto;
}

function call(fn: AnyFn | undefined, self: unknown, args: unknown[]): unknown {
  return fn === undefined ? undefined : ReflectApply(fn, self, args);
}

/** The sheet that makes the overlay transparent (the spec's UA style sheet, over :fullscreen). */
let sheet: CSSStyleSheet | null = null;
function overlaySheet(): CSSStyleSheet | null {
  if (sheet !== null || CSSStyleSheetCtor === undefined || replaceSync === undefined) return sheet;
  try {
    const s = new CSSStyleSheetCtor();
    ReflectApply(replaceSync, s, [
      ':fullscreen { background: rgba(0,0,0,0) !important; contain: paint !important; }\n' +
        ':fullscreen::backdrop { background: rgba(0,0,0,0) !important; }',
    ]);
    sheet = s;
  } catch {
    sheet = null;
  }
  return sheet;
}

function setAdopted(add: boolean): void {
  const s = overlaySheet();
  if (s === null || theDocument === undefined || !adoptedSheets?.get || !adoptedSheets.set) return;
  try {
    const list = ReflectApply(adoptedSheets.get, theDocument, []) as CSSStyleSheet[];
    const next: CSSStyleSheet[] = [];
    for (let i = 0; i < list.length; i++) if (list[i] !== s) next[next.length] = list[i]!;
    if (add) next[next.length] = s;
    ReflectApply(adoptedSheets.set, theDocument, [next]);
  } catch {
    // (A page without constructable style sheets: the overlay keeps its own background.)
  }
}

/** The overlay roots shown now (one per immersive session: at most one). */
let activeRoot: object | null = null;

/** R-DOM-05: requestFullscreen while an overlay is shown is refused for any other element. */
function guardedRequestFullscreen(this: unknown, ...args: unknown[]): Promise<void> {
  if (activeRoot !== null && this !== activeRoot) {
    const d = fullscreenChangeIsAllowed({ overlayActive: true });
    return PromiseReject(new TypeError(d.allowed ? 'requestFullscreen() was refused' : d.error.message));
  }
  return call(requestFullscreen, this, args) as Promise<void>;
}

function installGuard(on: boolean): void {
  if (ElementProto === undefined || requestFullscreenDescriptor === undefined) return;
  const current = ObjectGetOwnPropertyDescriptor(ElementProto, 'requestFullscreen');
  if (on) {
    if (current?.value === requestFullscreen) {
      ObjectDefineProperty(ElementProto, 'requestFullscreen', {
        __proto__: null,
        ...requestFullscreenDescriptor,
        value: guardedRequestFullscreen,
      } as PropertyDescriptor);
    }
  } else if (current?.value === guardedRequestFullscreen) {
    // Restored exactly as it was (a page that replaced it meanwhile keeps its own).
    ObjectDefineProperty(ElementProto, 'requestFullscreen', requestFullscreenDescriptor);
  }
}

/** The page's DOM overlay host, or undefined where there is no DOM. */
export function createDomOverlayHost(): DomOverlayHost | undefined {
  if (theDocument === undefined || ElementProto === undefined) return undefined;
  return {
    isElement,
    show(root) {
      activeRoot = root;
      setAdopted(true);
      // The session's request came with the user's activation: fullscreen may be entered now.
      try {
        const p = call(requestFullscreen, root, []) as Promise<void> | undefined;
        // (Refused, e.g. without activation: the overlay stays where it is, still usable.)
        if (isPromise(p)) PromisePrototypeThen(p, undefined, () => {});
      } catch {
        // as above
      }
      installGuard(true);
    },
    hide(root) {
      if (activeRoot !== root) return;
      activeRoot = null;
      installGuard(false);
      setAdopted(false);
      try {
        if (fullscreenElement && ReflectApply(fullscreenElement, theDocument, []) === root) {
          const p = call(exitFullscreen, theDocument, []) as Promise<void> | undefined;
          if (isPromise(p)) PromisePrototypeThen(p, undefined, () => {});
        }
      } catch {
        // (Already out of fullscreen.)
      }
    },
    hitTest(root, x, y) {
      const el = call(elementFromPoint, theDocument, [x, y]) as object | null;
      if (el === null || el === undefined) return { element: null, crossOrigin: false };
      const inside = el === root || call(contains, root, [el]) === true;
      if (!inside) return { element: null, crossOrigin: false };
      return { element: el, crossOrigin: reallyUnder(el, x, y) };
    },
    fireBeforeXRSelect(element, session) {
      // spec(dom-overlays) #onbeforexrselect: an XRSessionEvent that bubbles, is cancelable and composed.
      const event = new XRSessionEvent('beforexrselect', {
        session,
        bubbles: true,
        cancelable: true,
        composed: true,
      } as { session: object });
      return call(dispatchEvent, element, [event]) === false;
    },
  };
}
