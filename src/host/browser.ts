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
import { type Origin, originOf } from '../policy/origin.js';
import type { Host, HostEvent, HostPolicyFeature } from './host.js';

const win = globalThis as unknown as Window & typeof globalThis;
const setTimeoutFn = win.setTimeout.bind(win);
const clearTimeoutFn = win.clearTimeout.bind(win);
const perf = win.performance;
const perfNow = perf.now.bind(perf);
// The page's own frame callbacks, captured before page scripts run.
const rafFn =
  typeof win.requestAnimationFrame === 'function' ? win.requestAnimationFrame.bind(win) : undefined;
const cafFn = typeof win.cancelAnimationFrame === 'function' ? win.cancelAnimationFrame.bind(win) : undefined;
const mathRandom = Math.random;
const doc: Document | undefined = win.document;
const hasFocusFn = doc ? Document.prototype.hasFocus : undefined;
const visibilityGetter = doc
  ? Object.getOwnPropertyDescriptor(Document.prototype, 'visibilityState')?.get
  : undefined;
const addListener = EventTarget.prototype.addEventListener;
// (Optional chaining: the module also loads where there is no navigator, e.g. Node importing
// xrgate/browser; install() then returns null.)
const userActivation = (
  win.navigator as
    | (Navigator & { userActivation?: { isActive: boolean; hasBeenActive: boolean } })
    | undefined
)?.userActivation;
const uaIsActive = userActivation
  ? Object.getOwnPropertyDescriptor(Object.getPrototypeOf(userActivation), 'isActive')?.get
  : undefined;
const uaHasBeenActive = userActivation
  ? Object.getOwnPropertyDescriptor(Object.getPrototypeOf(userActivation), 'hasBeenActive')?.get
  : undefined;

interface PolicyReader {
  allowsFeature(feature: string): boolean;
}

function policyReader(): PolicyReader | null {
  const d = doc as
    | (Document & { permissionsPolicy?: PolicyReader; featurePolicy?: PolicyReader })
    | undefined;
  const p = d?.permissionsPolicy ?? d?.featurePolicy ?? null;
  return p && typeof p.allowsFeature === 'function' ? p : null;
}

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
}

export class BrowserHost implements Host {
  readonly kind = 'browser' as const;
  readonly consentProvider: ConsentProvider;
  readonly #options: BrowserHostOptions;
  readonly #origin: Origin;
  readonly #documentId: string;
  readonly #policy: PolicyReader | null;
  #listeners: ((e: HostEvent) => void)[] = [];
  #activation: ActivationState = noActivation;
  #fullyActive = true;

  constructor(options: BrowserHostOptions) {
    this.#options = options;
    this.consentProvider = options.consentProvider;
    this.#origin = originOf(win.location.href);
    counter += 1;
    this.#documentId = `page-${counter}-${Math.floor(perfNow())}`;
    this.#policy = policyReader();
    if (doc) {
      // Trusted input only (R-INTENT-02), captured before page handlers can stop it.
      for (const type of ['keydown', 'mousedown', 'pointerdown', 'pointerup', 'touchend']) {
        addListener.call(
          win,
          type,
          (e: Event) => {
            const r = recordInputEvent(this.#activation, e, perfNow());
            this.#activation = r.state;
            if (r.decision.allowed) this.#emit({ type: 'activation' });
          },
          { capture: true },
        );
      }
      addListener.call(win, 'focus', () => this.#emit({ type: 'focus', focused: true }), { capture: true });
      addListener.call(win, 'blur', () => this.#emit({ type: 'focus', focused: this.hasFocus() }), {
        capture: true,
      });
      addListener.call(doc, 'visibilitychange', () =>
        this.#emit({ type: 'visibility', state: this.documentVisibility() }),
      );
      addListener.call(win, 'pagehide', () => {
        this.#fullyActive = false;
        this.#emit({ type: 'unload' });
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
    return win.isSecureContext === true;
  }
  isWindow(): boolean {
    return typeof Window === 'function' && win instanceof Window;
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
  hasFocus(): boolean {
    return doc && hasFocusFn ? hasFocusFn.call(doc) : true;
  }
  documentVisibility(): 'visible' | 'hidden' {
    const v = doc && visibilityGetter ? visibilityGetter.call(doc) : 'visible';
    return v === 'hidden' ? 'hidden' : 'visible';
  }
  activation(): ActivationState {
    // The browser's own answer wins where it exists (it knows every activation-triggering event).
    if (userActivation && uaIsActive) {
      const active = uaIsActive.call(userActivation) === true;
      if (active) return activate(perfNow());
      const sticky = uaHasBeenActive ? uaHasBeenActive.call(userActivation) === true : false;
      return { lastActivationAt: null, hasBeenActive: sticky };
    }
    return this.#activation;
  }
  launchIntent(): LaunchIntent | null {
    return null;
  }
  consumeLaunchIntent(): void {}
  isFeatureAllowed(feature: HostPolicyFeature): boolean {
    if (this.#policy) {
      try {
        return this.#policy.allowsFeature(feature) === true;
      } catch {
        return false;
      }
    }
    const fallback = this.#options.policyFallback?.[feature];
    if (fallback !== undefined) return fallback;
    // Default allowlist 'self' (R-POLICY-02): allowed at top level, unknown in a frame → refuse.
    try {
      return win.top === win;
    } catch {
      return false;
    }
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
  // What Navigation Timing and document.referrer tell about the navigation that loaded the page
  // (R-NAV). Facts the page cannot know (headset worn, user settings) take the safe value.
  navigationFacts(): NavigationFacts | null {
    let entry: unknown;
    try {
      entry = perf.getEntriesByType?.('navigation')?.[0];
    } catch {
      entry = undefined;
    }
    const timing = navigationFactsFromTiming(entry);
    const referrer = doc?.referrer ?? '';
    return Object.freeze({
      previousOrigin: referrer ? originOf(referrer) : null,
      newOrigin: this.#origin,
      redirectCount: timing.redirectCount,
      navigationType: timing.navigationType,
      trigger: timing.navigationType === 'back_forward' ? 'history' : referrer ? 'link' : 'typed',
      previousPageHadImmersiveSession: false,
      navigatedFromInsideImmersiveSession: false,
      userInHeadset: false,
      sameBrowsingSession: timing.navigationType === 'back_forward',
      platformLetsWebTriggerIntents: true,
      userAllowsOrigin: false,
      launchedByUser: false,
    });
  }
  subscribe(listener: (e: HostEvent) => void): () => void {
    this.#listeners.push(listener);
    return () => {
      this.#listeners = this.#listeners.filter((l) => l !== listener);
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
    for (const l of this.#listeners.slice()) l(e);
  }
}
