// The DOM methods and accessors xrgate uses after load, captured when this module is evaluated
// (before any page script, in the script bundles): a page that later patches
// EventTarget.prototype.addEventListener, Element.prototype.append, the UserActivation getters,
// Document.prototype.hasFocus or Function.prototype.call reaches none of xrgate's own calls.
// Each accessor is uncurried: EventPrototypeGetType(event) calls the native getter on `event`
// through the captured Reflect.apply. Where the module loads without a DOM (Node importing
// xrgate/browser), the captures are undefined and the wrappers answer as "no DOM".
//
// Events count only when trusted (issue "Hardening", point 3): EventIsTrusted runs the native
// [LegacyUnforgeable] isTrusted getter, which throws on anything that is not a real Event (a plain
// `{ isTrusted: true }` is refused) and cannot be redefined on a real one.

import {
  Error,
  NumberParseFloat,
  NumberPOSITIVE_INFINITY,
  ObjectGetOwnPropertyDescriptor,
  ReflectApply,
  ReflectGetPrototypeOf,
} from './primordials.js';

type AnyFn = (...args: never[]) => unknown;
const G = globalThis as unknown as Record<string, { prototype?: object } | undefined> & typeof globalThis;

function protoOf(name: string): object | undefined {
  const ctor = G[name] as unknown;
  return typeof ctor === 'function' ? ((ctor as { prototype: object }).prototype as object) : undefined;
}
function findDescriptor(proto: object | undefined, key: string): PropertyDescriptor | undefined {
  for (let p: object | null | undefined = proto; p; p = ReflectGetPrototypeOf(p)) {
    const d = ObjectGetOwnPropertyDescriptor(p, key);
    if (d) return d;
  }
  return undefined;
}
/** The native getter of `key` on interface `iface`, uncurried (undefined without a DOM). */
function getter<R>(iface: string, key: string): ((self: unknown) => R) | undefined {
  const get = findDescriptor(protoOf(iface), key)?.get;
  return get ? (self: unknown) => ReflectApply(get, self, []) as R : undefined;
}
function setter<V>(iface: string, key: string): ((self: unknown, v: V) => void) | undefined {
  const set = findDescriptor(protoOf(iface), key)?.set;
  return set
    ? (self: unknown, v: V) => {
        ReflectApply(set, self, [v]);
      }
    : undefined;
}
function method<A extends unknown[], R>(
  iface: string,
  key: string,
): ((self: unknown, ...args: A) => R) | undefined {
  const f = findDescriptor(protoOf(iface), key)?.value as AnyFn | undefined;
  return typeof f === 'function'
    ? (self: unknown, ...args: A) => ReflectApply(f, self, args) as R
    : undefined;
}
function must<T>(f: T | undefined, what: string): T {
  if (f === undefined) throw new Error(`xrgate: ${what} is not available in this environment`);
  return f;
}

export const hasDOM = typeof G.document === 'object' && G.document !== null;

// --- Events -----------------------------------------------------------------------------------
const isTrustedGetter = (() => {
  try {
    const EventCtor = G.Event as unknown as (new (t: string) => Event) | undefined;
    return EventCtor ? ObjectGetOwnPropertyDescriptor(new EventCtor('xrgate'), 'isTrusted')?.get : undefined;
  } catch {
    return undefined;
  }
})();
/** Whether `e` is a real event the user agent dispatched (false for forged objects and synthetic events). */
export function EventIsTrusted(e: unknown): boolean {
  if (!isTrustedGetter) return false;
  try {
    return ReflectApply(isTrustedGetter, e, []) === true;
  } catch {
    return false;
  }
}
const typeGetter = getter<string>('Event', 'type');
export function EventType(e: unknown): string {
  try {
    return typeGetter ? typeGetter(e) : '';
  } catch {
    return '';
  }
}
const keyGetter = getter<string>('KeyboardEvent', 'key');
const ctrlGetter = getter<boolean>('KeyboardEvent', 'ctrlKey');
const shiftGetter = getter<boolean>('KeyboardEvent', 'shiftKey');
const repeatGetter = getter<boolean>('KeyboardEvent', 'repeat');
const pointerTypeGetter = getter<string>('PointerEvent', 'pointerType');
const clientXGetter = getter<number>('MouseEvent', 'clientX');
const clientYGetter = getter<number>('MouseEvent', 'clientY');
/** The facts of a real keyboard event (null when `e` is not one). */
export function KeyboardEventFacts(
  e: unknown,
): { key: string; ctrlKey: boolean; shiftKey: boolean; repeat: boolean } | null {
  if (!keyGetter || !ctrlGetter || !shiftGetter || !repeatGetter) return null;
  try {
    return { key: keyGetter(e), ctrlKey: ctrlGetter(e), shiftKey: shiftGetter(e), repeat: repeatGetter(e) };
  } catch {
    return null;
  }
}
export function PointerEventType(e: unknown): string | undefined {
  try {
    return pointerTypeGetter ? pointerTypeGetter(e) : undefined;
  } catch {
    return undefined;
  }
}
/** A real mouse/pointer event's client coordinates (null for other events). */
export function MouseEventPoint(e: unknown): { x: number; y: number } | null {
  if (!clientXGetter || !clientYGetter) return null;
  try {
    return { x: clientXGetter(e), y: clientYGetter(e) };
  } catch {
    return null;
  }
}

export const EventTargetPrototypeAddEventListener = method<
  [string, (e: Event) => void, (boolean | AddEventListenerOptions)?],
  void
>('EventTarget', 'addEventListener');
export const EventTargetPrototypeRemoveEventListener = method<
  [string, (e: Event) => void, (boolean | EventListenerOptions)?],
  void
>('EventTarget', 'removeEventListener');
/** addEventListener through the captured method (no DOM: does nothing). */
export const EventTargetPrototypeDispatchEvent = method<[Event], boolean>('EventTarget', 'dispatchEvent');
export function listen(
  target: unknown,
  type: string,
  listener: (e: Event) => void,
  options?: boolean | AddEventListenerOptions,
): void {
  if (EventTargetPrototypeAddEventListener)
    EventTargetPrototypeAddEventListener(target, type, listener, options);
}

// --- Document, window -------------------------------------------------------------------------
export const theWindow: (Window & typeof globalThis) | undefined = hasDOM
  ? (G as unknown as Window & typeof globalThis)
  : undefined;
export const theDocument: Document | undefined = hasDOM ? G.document : undefined;
export const DocumentPrototypeHasFocus = method<[], boolean>('Document', 'hasFocus');
export const DocumentPrototypeGetVisibilityState = getter<DocumentVisibilityState>(
  'Document',
  'visibilityState',
);
export const DocumentPrototypeGetReadyState = getter<DocumentReadyState>('Document', 'readyState');
export const DocumentPrototypeGetDocumentElement = getter<HTMLElement | null>('Document', 'documentElement');
export const DocumentPrototypeCreateElement = method<[string], HTMLElement>('Document', 'createElement');
export const DocumentPrototypeCreateElementNS = method<[string, string], Element>(
  'Document',
  'createElementNS',
);
export const WindowGetComputedStyle =
  hasDOM && typeof G.getComputedStyle === 'function'
    ? (el: Element): CSSStyleDeclaration => ReflectApply(G.getComputedStyle, G, [el]) as CSSStyleDeclaration
    : undefined;
export const CSSStyleDeclarationPrototypeGetPropertyValue = method<[string], string>(
  'CSSStyleDeclaration',
  'getPropertyValue',
);

// --- Nodes and elements -----------------------------------------------------------------------
export const NodePrototypeAppendChild = method<[Node], Node>('Node', 'appendChild');
export const NodePrototypeRemoveChild = method<[Node], Node>('Node', 'removeChild');
export const NodePrototypeGetIsConnected = getter<boolean>('Node', 'isConnected');
export const NodePrototypeGetParentNode = getter<Node | null>('Node', 'parentNode');
export const NodePrototypeGetFirstChild = getter<Node | null>('Node', 'firstChild');
export const NodePrototypeSetTextContent = setter<string>('Node', 'textContent');
export const ElementPrototypeAttachShadow = method<[ShadowRootInit], ShadowRoot>('Element', 'attachShadow');
export const ElementPrototypeSetAttribute = method<[string, string], void>('Element', 'setAttribute');
export const ElementPrototypeRemoveAttribute = method<[string], void>('Element', 'removeAttribute');
export const ElementPrototypeGetAttribute = method<[string], string | null>('Element', 'getAttribute');
export const ElementPrototypeMatches = method<[string], boolean>('Element', 'matches');
export const DocumentPrototypeElementFromPoint = method<[number, number], Element | null>(
  'Document',
  'elementFromPoint',
);
export const ElementPrototypeGetBoundingClientRect = method<[], DOMRect>('Element', 'getBoundingClientRect');
const rectLeft = getter<number>('DOMRectReadOnly', 'left');
const rectTop = getter<number>('DOMRectReadOnly', 'top');
const rectWidth = getter<number>('DOMRectReadOnly', 'width');
const rectHeight = getter<number>('DOMRectReadOnly', 'height');
/** The element's border box in client coordinates, through captured getters (null without a DOM). */
export function clientRect(el: Element): { left: number; top: number; width: number; height: number } | null {
  if (!ElementPrototypeGetBoundingClientRect || !rectLeft || !rectTop || !rectWidth || !rectHeight)
    return null;
  const r = ElementPrototypeGetBoundingClientRect(el);
  return { left: rectLeft(r), top: rectTop(r), width: rectWidth(r), height: rectHeight(r) };
}
// The window's own attributes ([Global]: on the window object, not its prototype).
const innerWidthGetter = hasDOM ? ObjectGetOwnPropertyDescriptor(G, 'innerWidth')?.get : undefined;
const innerHeightGetter = hasDOM ? ObjectGetOwnPropertyDescriptor(G, 'innerHeight')?.get : undefined;
// The visual viewport (a phone's page scale: a page's `<meta name=viewport>` sets it), read through
// getters captured at load.
const visualViewportAtLoad = hasDOM ? (G.visualViewport as object | undefined) : undefined;
const vvScale = getter<number>('VisualViewport', 'scale');
const vvOffsetLeft = getter<number>('VisualViewport', 'offsetLeft');
const vvOffsetTop = getter<number>('VisualViewport', 'offsetTop');
const vvWidth = getter<number>('VisualViewport', 'width');
const vvHeight = getter<number>('VisualViewport', 'height');

/**
 * Keeps xrgate's own UI at its own size on screen (R-TUI-03): drawn as a child of the document
 * element, it takes the page's zoom on that element (a page can zoom html to 0.35 and its body
 * back, so that only xrgate's UI shrinks) and a phone's page scale (a page without `<meta
 * name=viewport>` is drawn at about 0.4). `style`'s text becomes `css` plus a zoom on the shadow
 * host that undoes both (sizes in the UI's CSS are pixels or percentages, never `vw`, which grow
 * with a zoom). Call the returned function whenever either may have changed; it reads them through
 * the captured getters and returns true when it had to redraw (a click judged then was on UI the
 * user may not have seen at its size).
 */
export function counterPageScale(style: Element, css: string): () => boolean {
  let drawnFor = 1;
  return () => {
    const v = visualViewport();
    const scale = v && v.scale > 0 ? v.scale : 1;
    const el = theDocument ? dom.documentElement(theDocument) : null;
    let zoom = 1;
    if (el && WindowGetComputedStyle && CSSStyleDeclarationPrototypeGetPropertyValue) {
      const z = NumberParseFloat(
        CSSStyleDeclarationPrototypeGetPropertyValue(WindowGetComputedStyle(el), 'zoom'),
      );
      if (z > 0 && z < NumberPOSITIVE_INFINITY) zoom = z;
    }
    const drawn = scale * zoom;
    if (drawn === drawnFor) return false;
    drawnFor = drawn;
    dom.text(style, drawn === 1 ? css : `${css}:host { zoom: ${1 / drawn} !important; }`);
    return true;
  };
}

/** Calls `cb` when the visual viewport resizes (a pinch zoom, a new page scale); returns the unsubscribe. */
export function onVisualViewportResize(cb: () => void): () => void {
  const v = visualViewportAtLoad;
  if (!v) return () => undefined;
  const fn = () => cb();
  listen(v, 'resize', fn);
  return () => {
    if (EventTargetPrototypeRemoveEventListener) EventTargetPrototypeRemoveEventListener(v, 'resize', fn);
  };
}

/** The visual viewport: its rectangle in client (layout viewport) coordinates and its page scale. */
export function visualViewport(): {
  left: number;
  top: number;
  width: number;
  height: number;
  scale: number;
} | null {
  if (visualViewportAtLoad && vvScale && vvOffsetLeft && vvOffsetTop && vvWidth && vvHeight) {
    const v = visualViewportAtLoad;
    return {
      left: vvOffsetLeft(v),
      top: vvOffsetTop(v),
      width: vvWidth(v),
      height: vvHeight(v),
      scale: vvScale(v),
    };
  }
  if (!innerWidthGetter || !innerHeightGetter) return null;
  return {
    left: 0,
    top: 0,
    width: ReflectApply(innerWidthGetter, G, []) as number,
    height: ReflectApply(innerHeightGetter, G, []) as number,
    scale: 1,
  };
}

/**
 * `el`'s border box lies wholly in the visual viewport, and its size on screen (CSS pixels times
 * the page scale) is within [min, max]: a page's zoom on an ancestor, or a phone's page scale, can
 * shrink Trusted UI out of legibility or grow it past the edges.
 */
export function whollyInView(
  el: Element,
  min: { width: number; height: number },
  max: { width: number; height: number },
): boolean {
  const r = clientRect(el);
  const v = visualViewport();
  if (!r || !v) return false;
  const w = r.width * v.scale;
  const h = r.height * v.scale;
  if (!(w >= min.width && h >= min.height && w <= max.width && h <= max.height)) return false;
  return (
    r.left >= v.left &&
    r.top >= v.top &&
    r.left + r.width <= v.left + v.width &&
    r.top + r.height <= v.top + v.height
  );
}
export const ElementPrototypeSetClassName = setter<string>('Element', 'className');
export const ElementPrototypeSetId = setter<string>('Element', 'id');
export const HTMLElementPrototypeFocus = method<[], void>('HTMLElement', 'focus');
export const HTMLElementPrototypeShowPopover = method<[], void>('HTMLElement', 'showPopover');
export const HTMLElementPrototypeHidePopover = method<[], void>('HTMLElement', 'hidePopover');
export const HTMLInputElementPrototypeGetValue = getter<string>('HTMLInputElement', 'value');
export const HTMLInputElementPrototypeSetValue = setter<string>('HTMLInputElement', 'value');
export const HTMLSelectElementPrototypeGetValue = getter<string>('HTMLSelectElement', 'value');
export const HTMLSelectElementPrototypeSetValue = setter<string>('HTMLSelectElement', 'value');
export const HTMLOptionElementPrototypeSetValue = setter<string>('HTMLOptionElement', 'value');
export const HTMLButtonElementPrototypeSetType = setter<string>('HTMLButtonElement', 'type');
export const HTMLStyleElementSetTextContent = NodePrototypeSetTextContent;
export const HTMLInputElementPrototypeGetChecked = getter<boolean>('HTMLInputElement', 'checked');
export const HTMLInputElementPrototypeSetChecked = setter<boolean>('HTMLInputElement', 'checked');
export const HTMLTextAreaElementPrototypeGetValue = getter<string>('HTMLTextAreaElement', 'value');
export const HTMLTextAreaElementPrototypeSetValue = setter<string>('HTMLTextAreaElement', 'value');
export const URLPrototypeGetHref = getter<string>('URL', 'href');
export const URLPrototypeGetOrigin = getter<string>('URL', 'origin');
export const URLPrototypeGetPathname = getter<string>('URL', 'pathname');
export const decodeURIComponent: (s: string) => string = G.decodeURIComponent;
/** The synchronous same-origin GET of the script bundle's ?xrgate-device= file (at load). */
export const XMLHttpRequestCtor = hasDOM
  ? (G.XMLHttpRequest as unknown as typeof XMLHttpRequest | undefined)
  : undefined;
export const XMLHttpRequestPrototypeOpen = method<[string, string, boolean], void>('XMLHttpRequest', 'open');
export const XMLHttpRequestPrototypeSend = method<[], void>('XMLHttpRequest', 'send');
export const XMLHttpRequestPrototypeGetStatus = getter<number>('XMLHttpRequest', 'status');
export const XMLHttpRequestPrototypeGetResponseText = getter<string>('XMLHttpRequest', 'responseText');

/** Builds DOM through the captured methods only (never the page's prototypes). */
export const dom = {
  create(doc: Document, tag: string, text?: string, className?: string): HTMLElement {
    const el = must(DocumentPrototypeCreateElement, 'document.createElement')(doc, tag);
    if (text !== undefined) must(NodePrototypeSetTextContent, 'textContent')(el, text);
    if (className) must(ElementPrototypeSetClassName, 'className')(el, className);
    return el;
  },
  createNS(doc: Document, ns: string, tag: string): Element {
    return must(DocumentPrototypeCreateElementNS, 'document.createElementNS')(doc, ns, tag);
  },
  append(parent: Node, ...children: Node[]): void {
    const appendChild = must(NodePrototypeAppendChild, 'appendChild');
    for (let i = 0; i < children.length; i++) appendChild(parent, children[i]!);
  },
  text(el: Node, text: string): void {
    must(NodePrototypeSetTextContent, 'textContent')(el, text);
  },
  attr(el: Element, name: string, value: string): void {
    must(ElementPrototypeSetAttribute, 'setAttribute')(el, name, value);
  },
  /** Detaches `el` from its parent, if any. */
  detach(el: Node): void {
    const parent = NodePrototypeGetParentNode?.(el);
    if (parent) must(NodePrototypeRemoveChild, 'removeChild')(parent, el);
  },
  clear(el: Node): void {
    must(NodePrototypeSetTextContent, 'textContent')(el, '');
  },
  isConnected(el: Node): boolean {
    return NodePrototypeGetIsConnected ? NodePrototypeGetIsConnected(el) === true : false;
  },
  shadow(el: Element): ShadowRoot {
    return must(ElementPrototypeAttachShadow, 'attachShadow')(el, { mode: 'closed' });
  },
  focus(el: HTMLElement): void {
    HTMLElementPrototypeFocus?.(el);
  },
  documentElement(doc: Document): HTMLElement | null {
    return DocumentPrototypeGetDocumentElement ? DocumentPrototypeGetDocumentElement(doc) : null;
  },
};

// --- Observers --------------------------------------------------------------------------------
const MutationObserverCtor = G.MutationObserver as unknown as typeof MutationObserver | undefined;
const moObserve = method<[Node, MutationObserverInit], void>('MutationObserver', 'observe');
const moDisconnect = method<[], void>('MutationObserver', 'disconnect');
/**
 * Calls `onChange` on child-list changes of `target` (of its whole subtree with `subtree`, and on
 * attribute changes of `attributesOf`); returns a disconnect function.
 */
export function observeChildren(
  target: Node,
  onChange: () => void,
  subtree = false,
  attributesOf?: Node,
): () => void {
  if (!MutationObserverCtor || !moObserve || !moDisconnect) return () => {};
  const mo = new MutationObserverCtor(() => onChange());
  moObserve(mo, target, { childList: true, subtree });
  if (attributesOf) moObserve(mo, attributesOf, { attributes: true });
  return () => moDisconnect(mo);
}

/** The listeners that must outlive document.open() (which removes every listener of the window and document). */
const kept: [
  target: unknown,
  type: string,
  listener: (e: Event) => void,
  options: AddEventListenerOptions | undefined,
][] = [];
let keptWatch = false;

/**
 * Listens for the document's life. `document.open()` removes every event listener of the window
 * and the document, xrgate's with the page's (and an extension's isolated world's): a page could
 * take away the user's Escape or the focus and visibility signals with one call. It also replaces
 * the document's children, which a MutationObserver (not removed) sees: every kept listener is
 * added again then (adding one already there changes nothing).
 */
export function keepListening(
  target: unknown,
  type: string,
  listener: (e: Event) => void,
  options?: AddEventListenerOptions,
): void {
  listen(target, type, listener, options);
  kept[kept.length] = [target, type, listener, options];
  if (keptWatch || !theDocument) return;
  keptWatch = true;
  observeChildren(theDocument, () => {
    // (Asked before adding them again: were they taken since?)
    if (!sentinelPresent()) markTaken();
    rearmKept();
  });
  if (theWindow) keepListening(theWindow, SENTINEL, sentinel);
}

function rearmKept(): void {
  for (let i = 0; i < kept.length; i++) {
    const k = kept[i]!;
    listen(k[0], k[1], k[2], k[3]);
  }
}

// The sentinel: a listener kept with the others, for an event of xrgate's own that only the check
// below dispatches (at the window: its only listeners are at the target).
const SENTINEL = 'xrgate-kept-listeners';
const EventAtLoad = G.Event as unknown as (new (type: string) => Event) | undefined;
let sentinelRan = false;
const sentinel = () => {
  sentinelRan = true;
};
/**
 * The kept listeners were removed once (or the sentinel stopped): from then on, for the document's
 * life, a listener of the page's may run before them, whatever they are added again.
 */
let keptTaken = false;
const takenWatchers: (() => void)[] = [];

function markTaken(): void {
  keptTaken = true;
  // (A copy made by hand: Array.prototype.slice is the page's by now.)
  const now: (() => void)[] = [];
  for (let i = 0; i < takenWatchers.length; i++) now[i] = takenWatchers[i]!;
  for (let i = 0; i < now.length; i++) {
    try {
      now[i]!();
    } catch {
      // (one watcher's failure is not another's)
    }
  }
}

/**
 * Calls `cb` whenever the kept listeners are found taken (at once when the MutationObserver sees
 * document.open() replace the document's children: no timer of the page's to cancel); returns the
 * unwatch.
 */
export function onKeptListenersTaken(cb: () => void): () => void {
  takenWatchers[takenWatchers.length] = cb;
  return () => {
    for (let i = 0; i < takenWatchers.length; i++) {
      if (takenWatchers[i] === cb) {
        for (let j = i; j < takenWatchers.length - 1; j++) takenWatchers[j] = takenWatchers[j + 1]!;
        takenWatchers.length -= 1;
        return;
      }
    }
  };
}

/**
 * Runs `cb` after about `ms` milliseconds through a scheduler captured at load that a page cannot
 * cancel (scheduler.postTask, with no signal a page holds, at the highest priority so that a page's
 * own flood of tasks does not hold it back); setTimeout where there is none.
 */
export function afterUncancellable(cb: () => void, ms: number): void {
  if (postTaskAtLoad && schedulerAtLoad) {
    try {
      ReflectApply(postTaskAtLoad, schedulerAtLoad, [cb, { delay: ms, priority: 'user-blocking' }]);
      return;
    } catch {
      // fall through
    }
  }
  if (setTimeoutAtLoad) ReflectApply(setTimeoutAtLoad, G, [cb, ms]);
}
const schedulerAtLoad = hasDOM ? ((G as unknown as { scheduler?: object }).scheduler ?? null) : null;
const postTaskAtLoad = (() => {
  try {
    const f = schedulerAtLoad ? (schedulerAtLoad as { postTask?: unknown }).postTask : undefined;
    return typeof f === 'function' ? (f as (...a: unknown[]) => unknown) : null;
  } catch {
    return null;
  }
})();
const setTimeoutAtLoad =
  typeof G.setTimeout === 'function' ? (G.setTimeout as (...a: unknown[]) => unknown) : null;

function sentinelPresent(): boolean {
  if (!theWindow || !EventAtLoad || !EventTargetPrototypeDispatchEvent) return true;
  sentinelRan = false;
  try {
    EventTargetPrototypeDispatchEvent(theWindow, new EventAtLoad(SENTINEL));
  } catch {
    // (a dispatch that throws is a sentinel that did not run)
  }
  return sentinelRan;
}

/**
 * Whether the kept listeners were never taken in this document. A page can remove them with
 * document.open() and, in the same task, add a capturing listener of its own that runs before them
 * (before the MutationObserver adds them again), or write nothing after it (no observer fires at
 * all). The sentinel, removed with them (seen by the observer before it adds them again, or here),
 * or stopped by a listener of the page's that came first, does not run: they are added again, and
 * false tells the caller the window's listeners were the page's to order (an immersive session
 * ends: R-TUI-11).
 */
export function keptListenersIntact(): boolean {
  if (!keptWatch) return true;
  if (!sentinelPresent()) {
    rearmKept();
    markTaken();
  }
  return !keptTaken;
}

const IntersectionObserverCtor = G.IntersectionObserver as unknown as typeof IntersectionObserver | undefined;
const ioObserve = method<[Element], void>('IntersectionObserver', 'observe');
const ioDisconnect = method<[], void>('IntersectionObserver', 'disconnect');
const entryIsVisible = getter<boolean>('IntersectionObserverEntry', 'isVisible');
const entryIsIntersecting = getter<boolean>('IntersectionObserverEntry', 'isIntersecting');
/** Whether this browser computes occlusion (IntersectionObserver v2, `trackVisibility`). */
export const tracksVisibility =
  IntersectionObserverCtor !== undefined && entryIsVisible !== undefined && ioObserve !== undefined;
/**
 * Watches whether `el` is really visible to the user (IntersectionObserver v2: not covered by
 * anything, even content with pointer-events: none, not transparent, not transformed or
 * filtered). `onChange(visible)` runs on every change; returns a disconnect function. Only where
 * `tracksVisibility`.
 */
export function watchVisibility(el: Element, onChange: (visible: boolean) => void): () => void {
  if (!IntersectionObserverCtor || !ioObserve || !ioDisconnect || !entryIsVisible || !entryIsIntersecting) {
    return () => {};
  }
  const io = new IntersectionObserverCtor(
    (entries) => {
      for (let i = 0; i < entries.length; i++) {
        const e = entries[i];
        onChange(entryIsVisible(e) === true && entryIsIntersecting(e) === true);
      }
    },
    { trackVisibility: true, delay: 100 } as IntersectionObserverInit,
  );
  ioObserve(io, el);
  return () => ioDisconnect(io);
}

// --- User activation, focus, context ------------------------------------------------------------
type UserActivationLike = { isActive: boolean; hasBeenActive: boolean };
export const navigatorAtLoad = hasDOM
  ? (G.navigator as Navigator & { userActivation?: UserActivationLike })
  : undefined;
/** navigator.userActivation as it was at load (the object a page cannot swap afterwards). */
export const userActivationAtLoad: UserActivationLike | undefined = (() => {
  try {
    return navigatorAtLoad?.userActivation ?? undefined;
  } catch {
    return undefined;
  }
})();
export const UserActivationIsActive = getter<boolean>('UserActivation', 'isActive');
export const UserActivationHasBeenActive = getter<boolean>('UserActivation', 'hasBeenActive');
/** isSecureContext, read once at load: it cannot change during a document's life. */
export const secureContextAtLoad: boolean = hasDOM ? G.isSecureContext === true : false;
/** The document's URL at load (its origin cannot change). */
export const locationHrefAtLoad: string | undefined = (() => {
  try {
    return hasDOM ? (G.location as Location).href : undefined;
  } catch {
    return undefined;
  }
})();
/**
 * The document's origin as the browser serializes it (`self.origin`), read at load: "null" for an
 * opaque origin (a sandboxed document, even at a site's URL), the creator's for about:srcdoc.
 */
export const originAtLoad: string | undefined = (() => {
  try {
    const o = hasDOM ? (G as unknown as { origin?: unknown }).origin : undefined;
    return typeof o === 'string' ? o : undefined;
  } catch {
    return undefined;
  }
})();
/** Whether this document is a top-level browsing context, at load. */
export const topLevelAtLoad: boolean = (() => {
  try {
    return hasDOM ? G.top === G.window : true;
  } catch {
    return false;
  }
})();

/**
 * Where this document is, at load: top-level; in a frame whose ancestors all share its origin; or
 * in a frame with an ancestor of another origin (an opaque origin counts as another). Read from
 * location.ancestorOrigins where the browser has it, else by reading each ancestor's location
 * (which throws across origins). Used only for the text of a refusal, never for a decision.
 */
export const embeddingAtLoad: 'top-level' | 'same-origin-frame' | 'cross-origin-frame' | undefined = (() => {
  if (!hasDOM) return undefined;
  try {
    if (G.top === G.window) return 'top-level';
    const loc = G.location as Location;
    const own = loc.origin;
    const ancestors = loc.ancestorOrigins as DOMStringList | undefined;
    if (ancestors && typeof ancestors.length === 'number') {
      for (let i = 0; i < ancestors.length; i++) if (ancestors[i] !== own) return 'cross-origin-frame';
      return 'same-origin-frame';
    }
    let w = G as unknown as Window;
    for (let depth = 0; depth < 64 && w !== w.top; depth++) {
      w = w.parent;
      if (w.location.origin !== own) return 'cross-origin-frame';
    }
    return 'same-origin-frame';
  } catch {
    return 'cross-origin-frame';
  }
})();

export const LockManagerPrototypeRequest = method<
  [string, LockOptions, (lock: unknown) => unknown],
  Promise<unknown>
>('LockManager', 'request');

// --- Popover (top layer) ----------------------------------------------------------------------
export const supportsPopover = HTMLElementPrototypeShowPopover !== undefined;

/**
 * Trusted UI in place: `host` is a child of `doc`'s current document element and, where popovers
 * exist, open in the top layer (where no ancestor of the page's can clip, hide or shrink it but
 * the document element). Asked when an answer is judged: the toggle event that reports a closed
 * popover can be stopped by the page's own capturing listener.
 */
export function placedInTopLayer(doc: Document, host: Element): boolean {
  const el = dom.documentElement(doc);
  if (el === null || !NodePrototypeGetParentNode || NodePrototypeGetParentNode(host) !== el) return false;
  if (!supportsPopover || !ElementPrototypeMatches) return true;
  try {
    return ElementPrototypeMatches(host, ':popover-open') === true;
  } catch {
    return false;
  }
}

// --- Custom elements --------------------------------------------------------------------------
const customElementsAtLoad = hasDOM ? (G.customElements as CustomElementRegistry | undefined) : undefined;
const cerDefine = method<[string, CustomElementConstructor], void>('CustomElementRegistry', 'define');
const cerGet = method<[string], CustomElementConstructor | undefined>('CustomElementRegistry', 'get');
const HTMLElementCtor = hasDOM ? (G.HTMLElement as unknown as typeof HTMLElement | undefined) : undefined;
/**
 * Defines `name` as an inert custom element of xrgate's own, while xrgate loads: a page that later
 * tries to define it (to run its constructor on xrgate's prompt or overlay host, and reach the
 * closed shadow root before xrgate attaches it) gets the browser's NotSupportedError instead.
 * Returns the tag to create.
 */
/** This realm can define custom elements (not an extension's isolated world, where customElements is null). */
export const canDefineElements = (): boolean =>
  !!customElementsAtLoad && !!cerDefine && !!cerGet && !!HTMLElementCtor;

export function defineOwnElement(name: string): string {
  if (!customElementsAtLoad || !cerDefine || !cerGet || !HTMLElementCtor) return name;
  try {
    if (cerGet(customElementsAtLoad, name) === undefined) {
      cerDefine(customElementsAtLoad, name, class extends HTMLElementCtor {});
    }
  } catch {
    // defined already (a second copy of xrgate in the page): the first definition stands
  }
  return name;
}
