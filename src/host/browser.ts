// The browser host: real page signals. navigator.userActivation (or trusted input events with the
// profile's expiry), document.hasFocus() and focus events, document.visibilityState,
// isSecureContext, the frame's permissions policy (document.permissionsPolicy / featurePolicy),
// pagehide. Built-ins are captured when the module loads (DESIGN.md: hardening against the page).

import { deadlineFrameClock, displayFrameClock, type FrameClock } from '../api/frame-clock.js';
import {
  type ActivationState,
  activate,
  type LaunchIntent,
  noActivation,
  recordInputEvent,
} from '../policy/activation.js';
import type { ConsentProvider, ConsentStorage } from '../policy/consent.js';
import type { XRSessionMode } from '../policy/features.js';
import { type NavigationFacts, navigationFactsFromTiming } from '../policy/navigation.js';
import { documentOrigin, type Origin, originOf } from '../policy/origin.js';
import { policyFeatures } from '../policy/permissions-policy.js';
import type { DocumentEmbedding } from '../policy/session-request.js';
import {
  ArrayPrototypeFilter,
  ArrayPrototypePush,
  MathFloor,
  MathMax,
  ObjectFreeze,
  ObjectGetOwnPropertyDescriptor,
  ObjectHasOwn,
  Promise,
  PromisePrototypeCatch,
  PromiseResolve,
  ReflectApply,
  StringPrototypeIndexOf,
  StringPrototypeSlice,
} from '../primordials.js';
import {
  afterUncancellable,
  DocumentPrototypeGetVisibilityState,
  DocumentPrototypeHasFocus,
  EventIsTrusted,
  EventType,
  embeddingAtLoad,
  KeyboardEventFacts,
  keepListening,
  keptListenersIntact,
  LockManagerPrototypeRequest,
  locationHrefAtLoad,
  navigatorAtLoad,
  onKeptListenersTaken,
  originAtLoad,
  PointerEventType,
  secureContextAtLoad,
  theDocument,
  theWindow,
  topLevelAtLoad,
  UserActivationHasBeenActive,
  UserActivationIsActive,
  userActivationAtLoad,
} from '../primordials-dom.js';
import type {
  Host,
  HostEvent,
  HostPolicyFeature,
  OfferControl,
  OfferControlRequest,
  PrivacyIndicator,
  PrivacyIndicatorRequest,
} from './host.js';

const win = globalThis as unknown as Window & typeof globalThis;
const setTimeoutFn = win.setTimeout.bind(win);
const clearTimeoutFn = win.clearTimeout.bind(win);
const perf = win.performance;
const perfNow = perf.now.bind(perf);
const getEntriesByType =
  typeof perf.getEntriesByType === 'function' ? perf.getEntriesByType.bind(perf) : undefined;
// The page's own frame callbacks, captured before page scripts run.
const rafFn =
  typeof win.requestAnimationFrame === 'function' ? win.requestAnimationFrame.bind(win) : undefined;
const cafFn = typeof win.cancelAnimationFrame === 'function' ? win.cancelAnimationFrame.bind(win) : undefined;
const mathRandom = Math.random;
const doc: Document | undefined = theDocument;
const referrerAtLoad: string = (() => {
  try {
    return doc ? doc.referrer : '';
  } catch {
    return '';
  }
})();
// The browser's own permission states, as at load (R-CONSENT-05: granted before a session).
const permissionsAtLoad: Permissions | undefined = navigatorAtLoad?.permissions;
const permissionsQuery:
  | ((this: Permissions, d: PermissionDescriptor) => Promise<PermissionStatus>)
  | undefined = (globalThis as { Permissions?: { prototype: Permissions } }).Permissions?.prototype.query;
const NotificationAtLoad = (globalThis as { Notification?: { permission: string } }).Notification;
const notificationPermission = NotificationAtLoad
  ? ObjectGetOwnPropertyDescriptor(NotificationAtLoad, 'permission')?.get
  : undefined;

const IMMERSIVE_LOCK = 'xrgate:immersive-session';
const locksAtLoad: LockManager | undefined = (() => {
  try {
    return navigatorAtLoad?.locks;
  } catch {
    return undefined;
  }
})();

const HOST_POLICY_FEATURES: readonly HostPolicyFeature[] = policyFeatures;

/**
 * The frame's permissions policy, read once while xrgate loads, before page scripts run: it cannot
 * change during the document's life, and a page that later patches allowsFeature (or
 * document.featurePolicy) must not change the answer (issue "Hardening", point 2). Null when the
 * browser exposes no policy object.
 */
const policyAtLoad: Readonly<Record<HostPolicyFeature, boolean>> | null = (() => {
  const d = doc as
    | (Document & {
        permissionsPolicy?: { allowsFeature(f: string): boolean };
        featurePolicy?: { allowsFeature(f: string): boolean };
      })
    | undefined;
  let p: { allowsFeature(f: string): boolean } | undefined;
  try {
    p = d?.permissionsPolicy ?? d?.featurePolicy;
  } catch {
    p = undefined;
  }
  if (!p || typeof p.allowsFeature !== 'function') return null;
  const allows = p.allowsFeature;
  const out = { __proto__: null } as unknown as Record<HostPolicyFeature, boolean>;
  for (const f of HOST_POLICY_FEATURES) {
    try {
      out[f] = Reflect.apply(allows, p, [f]) === true;
    } catch {
      out[f] = false;
    }
  }
  return Object.freeze(out);
})();

let counter = 0;

export interface BrowserHostOptions {
  readonly consentProvider: ConsentProvider;
  /** Whether the provider shows the user a prompt (a Trusted-UI prompt does). */
  readonly promptsUser?: boolean;
  /** Immersive frames are drawn on the page (dist/xrgate.js): a hidden tab hides the session. */
  readonly presentsInDocument?: boolean;
  readonly storage?: ConsentStorage | null;
  readonly privateMode?: boolean;
  /** The transient activation duration (ms) when navigator.userActivation is missing. */
  readonly activationMs?: number;
  /**
   * The "xr-session-supported" answer (R-PERM-09..14). A UA that emulates a headset is a UA class
   * that usually supports immersive-vr, which R-PERM-12 says to auto-grant. Default 'unknown'.
   */
  readonly sessionSupported?: 'granted' | 'denied' | 'unknown';
  /** Facts the embedder knows about the response (e.g. a policy header) when the browser does not say. */
  readonly policyFallback?: Partial<Record<HostPolicyFeature, boolean>>;
  /**
   * The immersive device lock of the whole browser (the Chromium extension's service worker) in
   * place of Web Locks, which coordinate one origin only.
   */
  readonly immersiveLock?: () => Promise<(() => void) | null>;
  /**
   * How this document was navigated to, as the browser itself reports it (the extension: from
   * chrome.webNavigation), in place of what Navigation Timing and document.referrer tell a page.
   */
  readonly navigationFacts?: () => NavigationFacts | null;
  /** The user agent's own "Enter VR/AR" control for offerSession() (R-NAV-21); none: offers are refused. */
  readonly offerControl?: (request: OfferControlRequest) => OfferControl;
  /**
   * The previous document's record, where the embedder keeps one (the bundle's same-origin
   * continuation, browser/navigation-record.ts): its URL and whether it held an immersive session.
   */
  readonly previousDocument?: () => {
    readonly url: string;
    readonly immersive: boolean;
    /** Where its navigation was headed; another URL here means a redirect (R-NAV-08). */
    readonly destination: string | null;
  } | null;
  /** The navigation interstitial (Trusted UI, R-NAV-16): the new origin, continue or leave. */
  readonly showInterstitial?: (request: { readonly origin: string }) => Promise<'continue' | 'leave'>;
  /** The camera privacy indicator (Trusted UI, R-CAM-06); none: no camera image reaches the page. */
  readonly privacyIndicator?: (request: PrivacyIndicatorRequest) => PrivacyIndicator;
}

export class BrowserHost implements Host {
  readonly kind = 'browser' as const;
  readonly consentProvider: ConsentProvider;
  readonly offerControl?: (request: OfferControlRequest) => OfferControl;
  readonly showInterstitial?: (request: { readonly origin: string }) => Promise<'continue' | 'leave'>;
  readonly privacyIndicator?: (request: PrivacyIndicatorRequest) => PrivacyIndicator;
  readonly #options: BrowserHostOptions;
  readonly #origin: Origin;
  readonly #documentId: string;
  #listeners: ((e: HostEvent) => void)[] = [];
  #activation: ActivationState = noActivation;
  #fullyActive = true;

  constructor(options: BrowserHostOptions) {
    this.#options = options;
    this.consentProvider = options.consentProvider;
    if (options.offerControl) this.offerControl = options.offerControl;
    if (options.showInterstitial) this.showInterstitial = options.showInterstitial;
    if (options.privacyIndicator) this.privacyIndicator = options.privacyIndicator;
    counter += 1;
    this.#documentId = `page-${counter}-${MathFloor(perfNow())}`;
    // The browser's serialization of the origin wins over the URL's (a sandboxed document at the
    // site's URL is opaque; an about:srcdoc one is its parent's).
    this.#origin = documentOrigin(locationHrefAtLoad ?? 'about:blank', originAtLoad, this.#documentId);
    if (doc) {
      // Only events the browser dispatched count (issue "Hardening", point 3): the native
      // isTrusted getter, captured at load, refuses synthetic events and forged objects. The
      // listeners are added through the captured addEventListener, so no page hook sees them.
      const input = (e: Event) => {
        if (!EventIsTrusted(e)) return;
        // R-INTENT-02: the facts read through captured getters, never from the event object.
        const pointerType = PointerEventType(e);
        const key = KeyboardEventFacts(e)?.key;
        const facts = { __proto__: null, type: EventType(e), isTrusted: true } as unknown as Record<
          string,
          unknown
        >;
        if (pointerType !== undefined) facts.pointerType = pointerType;
        if (key !== undefined) facts.key = key;
        const r = recordInputEvent(this.#activation, facts, perfNow());
        this.#activation = r.state;
        if (r.decision.allowed) this.#emit({ type: 'activation' });
      };
      const types = ['keydown', 'mousedown', 'pointerdown', 'pointerup', 'touchend'];
      for (let i = 0; i < types.length; i++) keepListening(win, types[i]!, input, { capture: true });
      // Focus, blur and visibilitychange only prompt a re-read of the fact through the captured
      // getter; the event itself is never believed (a script can dispatch any of them).
      const refocus = (e: Event) => {
        if (EventIsTrusted(e)) this.#emit({ type: 'focus', focused: this.hasFocus() });
      };
      keepListening(win, 'focus', refocus, { capture: true });
      keepListening(win, 'blur', refocus, { capture: true });
      keepListening(doc, 'visibilitychange', (e: Event) => {
        if (EventIsTrusted(e)) this.#emit({ type: 'visibility', state: this.documentVisibility() });
      });
      keepListening(win, 'pagehide', (e: Event) => {
        // A script-dispatched pagehide is not the page going away.
        if (!EventIsTrusted(e)) return;
        this.#fullyActive = false;
        this.#emit({ type: 'unload' });
      });
      keepListening(win, 'pageshow', (e: Event) => {
        // Back from the back/forward cache: the document is fully active again.
        if (EventIsTrusted(e)) this.#fullyActive = true;
      });
    }
  }

  now(): number {
    return perfNow();
  }
  random(): number {
    return mathRandom();
  }
  origin(): Origin {
    return this.#origin;
  }
  isSecureContext(): boolean {
    return secureContextAtLoad;
  }
  isWindow(): boolean {
    return theWindow !== undefined;
  }
  documentId(): string {
    return this.#documentId;
  }
  browsingContextId(): string {
    return this.#documentId;
  }
  fullyActive(): boolean {
    return this.#fullyActive;
  }
  watchListeners(onTaken: () => void): () => void {
    // At once when the document's children are replaced (document.open()), and four times a
    // second through a scheduler the page cannot cancel (clearTimeout of every id stopped a
    // setTimeout loop): a page that writes nothing, or stops asking for frames, still cannot keep
    // the user in. Taken once is taken for the document's life (its listeners may come first).
    let watching = true;
    let fired = false;
    const fire = () => {
      if (!watching || fired) return;
      fired = true;
      onTaken();
    };
    const unwatch = onKeptListenersTaken(fire);
    const check = () => {
      if (!watching || fired) return;
      if (!keptListenersIntact()) fire();
      else afterUncancellable(check, 250);
    };
    // (Already taken before the session: it ends as it starts.)
    if (!keptListenersIntact()) afterUncancellable(fire, 0);
    else afterUncancellable(check, 250);
    return () => {
      watching = false;
      unwatch();
    };
  }

  hasFocus(): boolean {
    return doc && DocumentPrototypeHasFocus ? DocumentPrototypeHasFocus(doc) === true : true;
  }
  documentVisibility(): 'visible' | 'hidden' {
    const v =
      doc && DocumentPrototypeGetVisibilityState ? DocumentPrototypeGetVisibilityState(doc) : 'visible';
    return v === 'hidden' ? 'hidden' : 'visible';
  }
  activation(): ActivationState {
    // The browser's own answer wins where it exists (it knows every activation-triggering event).
    // Through the native getters captured at load, on the object captured at load (a patched
    // Function.prototype.call or a swapped navigator.userActivation changes nothing).
    if (userActivationAtLoad && UserActivationIsActive) {
      let active = false;
      let sticky = false;
      try {
        active = UserActivationIsActive(userActivationAtLoad) === true;
        sticky = UserActivationHasBeenActive
          ? UserActivationHasBeenActive(userActivationAtLoad) === true
          : false;
      } catch {
        active = false;
      }
      if (active) return activate(perfNow());
      return { lastActivationAt: null, hasBeenActive: sticky };
    }
    return this.#activation;
  }
  launchIntent(): LaunchIntent | null {
    return null;
  }
  consumeLaunchIntent(): void {}
  embedding(): DocumentEmbedding | undefined {
    return embeddingAtLoad;
  }
  isFeatureAllowed(feature: HostPolicyFeature): boolean {
    if (policyAtLoad) return policyAtLoad[feature] === true;
    const fallbacks = this.#options.policyFallback;
    if (fallbacks && ObjectHasOwn(fallbacks, feature)) return fallbacks[feature] === true;
    // Default allowlist 'self' (R-POLICY-02): allowed at top level, unknown in a frame → refuse.
    return topLevelAtLoad;
  }
  acquireImmersiveLock(): Promise<(() => void) | null> {
    const browserLock = this.#options.immersiveLock;
    if (browserLock) return browserLock();
    // One immersive session per origin across the tabs and frames of this browser (Web Locks are
    // per origin); cross-origin documents cannot coordinate from a page (docs/security.md).
    const locks = locksAtLoad;
    if (!locks || !LockManagerPrototypeRequest) return PromiseResolve(() => {});
    const request = LockManagerPrototypeRequest;
    return new Promise((resolve) => {
      let release: () => void = () => {};
      const held = new Promise<void>((r) => {
        release = r;
      });
      const settled = request(locks, IMMERSIVE_LOCK, { ifAvailable: true }, (lock: unknown) => {
        if (lock === null) {
          resolve(null);
          return undefined;
        }
        resolve(() => release());
        return held;
      });
      // Web Locks refused to this document (a third-party frame whose storage is blocked: Chromium
      // rejects with SecurityError before calling back): nothing to coordinate with, as without
      // Web Locks. (A later rejection, after the callback ran, has already been answered.)
      PromisePrototypeCatch(settled as Promise<unknown>, () => resolve(() => {}));
    });
  }
  immersiveIntent(_mode: XRSessionMode): 'explicit' | 'implicit' | 'none' {
    // The activation that passed step 1 is the user's signal to enter (implicit consent).
    return 'implicit';
  }
  requiresBaseLayer(): boolean {
    return true;
  }
  presentsInDocument(): boolean {
    return this.#options.presentsInDocument === true;
  }
  promptsUser(): boolean {
    return this.#options.promptsUser !== false;
  }
  /** The browser's own state of a permission, through the API as it was at load. */
  async permissionState(name: string): Promise<'granted' | 'denied' | 'prompt'> {
    try {
      if (name === 'notifications' && notificationPermission && NotificationAtLoad) {
        const v = ReflectApply(notificationPermission, NotificationAtLoad, []);
        return v === 'granted' ? 'granted' : v === 'denied' ? 'denied' : 'prompt';
      }
      if (!permissionsAtLoad || !permissionsQuery) return 'prompt';
      const status = await ReflectApply(permissionsQuery, permissionsAtLoad, [{ name }]);
      const state = readPermissionState(status);
      return state === 'granted' || state === 'denied' ? state : 'prompt';
    } catch {
      return 'prompt';
    }
  }

  sessionSupportedConsent(_mode: XRSessionMode): 'granted' | 'denied' | 'unknown' {
    return this.#options.sessionSupported ?? 'unknown';
  }
  consentStorage(): ConsentStorage | null {
    return this.#options.storage ?? null;
  }
  privateMode(): boolean {
    return this.#options.privateMode === true;
  }
  trustedUI(): null | 'prompt' | 'text-input' | 'other' {
    return null;
  }
  #previous:
    | { readonly url: string; readonly immersive: boolean; readonly destination: string | null }
    | null
    | undefined = undefined;
  /** Read once: the record is taken when the document loads. */
  #previousRecord(): {
    readonly url: string;
    readonly immersive: boolean;
    readonly destination: string | null;
  } | null {
    if (this.#previous === undefined) this.#previous = this.#options.previousDocument?.() ?? null;
    return this.#previous;
  }

  // What Navigation Timing and document.referrer tell about the navigation that loaded the page
  // (R-NAV). Facts the page cannot know (headset worn, user settings) take the safe value.
  navigationFacts(): NavigationFacts | null {
    const reported = this.#options.navigationFacts;
    if (reported) return reported();
    let entry: unknown;
    try {
      entry = getEntriesByType ? getEntriesByType('navigation')[0] : undefined;
    } catch {
      entry = undefined;
    }
    const timing = navigationFactsFromTiming(entry);
    const referrer = referrerAtLoad;
    // The embedder's record of the previous document (same origin only, see navigation-record.ts).
    const previous = this.#previousRecord();
    const immersive = previous !== null && previous.immersive;
    const trigger =
      timing.navigationType === 'back_forward'
        ? 'history'
        : previous !== null
          ? referrer === previous.url
            ? 'link'
            : 'script'
          : referrer
            ? 'link'
            : 'typed';
    return ObjectFreeze({
      previousOrigin: previous !== null ? originOf(previous.url) : referrer ? originOf(referrer) : null,
      newOrigin: this.#origin,
      // Navigation Timing reports no redirect when a hop was cross-origin: a load at another URL than
      // the one the previous document headed for came through one.
      redirectCount:
        previous !== null &&
        previous.destination !== null &&
        !sameDocumentURL(previous.destination, locationHrefAtLoad ?? '')
          ? MathMax(1, timing.redirectCount)
          : timing.redirectCount,
      navigationType: timing.navigationType,
      trigger,
      previousPageHadImmersiveSession: immersive,
      navigatedFromInsideImmersiveSession: immersive && (trigger === 'link' || trigger === 'script'),
      userInHeadset: immersive,
      sameBrowsingSession: timing.navigationType === 'back_forward',
      platformLetsWebTriggerIntents: true,
      userAllowsOrigin: false,
      launchedByUser: false,
    });
  }
  subscribe(listener: (e: HostEvent) => void): () => void {
    ArrayPrototypePush(this.#listeners, listener);
    return () => {
      this.#listeners = ArrayPrototypeFilter(this.#listeners, (l) => l !== listener);
    };
  }
  /** One XR frame per displayed frame: the page's requestAnimationFrame (a deadline timer without one). */
  frameClock(rateHz: () => number): FrameClock {
    return rafFn && cafFn
      ? displayFrameClock(rafFn, cafFn, perfNow)
      : deadlineFrameClock(this, perfNow, rateHz);
  }

  setTimeout(cb: () => void, ms: number): unknown {
    return setTimeoutFn(cb, ms);
  }
  clearTimeout(handle: unknown): void {
    clearTimeoutFn(handle as number);
  }

  #emit(e: HostEvent): void {
    const listeners = this.#listeners;
    for (let i = 0; i < listeners.length; i++) listeners[i]!(e);
  }
}

/** PermissionStatus.state through the getter as it was at load. */
const permissionStateGetter = (() => {
  const P = (globalThis as { PermissionStatus?: { prototype: object } }).PermissionStatus;
  return P ? ObjectGetOwnPropertyDescriptor(P.prototype, 'state')?.get : undefined;
})();
function readPermissionState(status: unknown): unknown {
  return permissionStateGetter ? ReflectApply(permissionStateGetter, status, []) : undefined;
}

/** Two URLs of the same document (the fragment aside). */
function sameDocumentURL(a: string, b: string): boolean {
  const cut = (u: string) => {
    const i = StringPrototypeIndexOf(u, '#');
    return i < 0 ? u : StringPrototypeSlice(u, 0, i);
  };
  return cut(a) === cut(b);
}
