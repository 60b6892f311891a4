// The scripted host: every page fact is set by script, deterministically. Used in Node, in tests
// and by the WebXR Test API. Time is a real clock by default, or a manual one that only moves
// when the script advances it.

import {
  type ActivationState,
  activate,
  consumeLaunchIntent,
  createLaunchIntent,
  type LaunchIntent,
  noActivation,
} from '../policy/activation.js';
import type { ConsentAnswer, ConsentProvider, ConsentQuestion, ConsentStorage } from '../policy/consent.js';
import type { XRSessionMode } from '../policy/features.js';
import type { NavigationFacts } from '../policy/navigation.js';
import { isPotentiallyTrustworthyOrigin, type Origin, originOf } from '../policy/origin.js';
import {
  ArrayPrototypeFilter,
  ArrayPrototypeIncludes,
  ArrayPrototypePush,
  ArrayPrototypeShift,
  ArrayPrototypeSlice,
  ArrayPrototypeSort,
  Error,
  MathMax,
  NumberIsFinite,
  ObjectDefineProperty,
  ObjectFreeze,
  ObjectHasOwn,
  ObjectKeys,
  Promise,
  PromiseResolve,
  SafeMap,
  TypeError,
} from '../primordials.js';
import type {
  Host,
  HostEvent,
  HostPolicyFeature,
  OfferControl,
  OfferControlRequest,
  PrivacyIndicator,
  PrivacyIndicatorRequest,
} from './host.js';

export type ConsentScript =
  /** Grant everything asked (implicit consent: the simulated platform, R-TEST-09). */
  | 'grant-all'
  /** Decline everything asked. */
  | 'deny-all'
  /** Per feature; features not listed are declined. */
  | { readonly grant: readonly string[]; readonly delayMs?: number; readonly kind?: 'explicit' | 'implicit' }
  /** Full control. */
  | ConsentProvider;

export interface ScriptedHostOptions {
  /** The document URL (its origin is used). Default https://app.example/. */
  readonly url?: string;
  readonly origin?: Origin;
  /** Default: whether the origin is potentially trustworthy. */
  readonly secureContext?: boolean;
  readonly policy?: Partial<Record<HostPolicyFeature, boolean>>;
  readonly consent?: ConsentScript;
  readonly sessionSupported?: 'granted' | 'denied' | 'unknown';
  /** The browser's own permission states ('microphone', 'camera', …): 'prompt' when not listed. */
  readonly permissionStates?: Readonly<Record<string, 'granted' | 'denied' | 'prompt'>>;
  /** 'real': Date/performance and setTimeout; 'manual': time moves only with advance(). */
  readonly clock?: 'real' | 'manual';
  readonly random?: () => number;
  readonly storage?: ConsentStorage | null;
  readonly privateMode?: boolean;
  readonly immersiveIntent?: 'explicit' | 'implicit' | 'none';
  readonly isWindow?: boolean;
  /** Frames run only with a baseLayer, as in a page (default false in Node). */
  readonly requireBaseLayer?: boolean;
  /** Immersive frames are shown in the document, so a hidden document hides them (default false). */
  readonly presentsInDocument?: boolean;
  /** The user's answer to the navigation interstitial (R-NAV-16); default 'continue'. */
  readonly interstitial?:
    | 'continue'
    | 'leave'
    | ((request: { readonly origin: string }) => Promise<'continue' | 'leave'>);
}

interface Timer {
  readonly id: number;
  readonly at: number;
  readonly cb: () => void;
}

let documentCounter = 0;

// Captured when the module loads: a page that replaces them later cannot steer xrgate's clock.
const setTimeoutFn = globalThis.setTimeout.bind(globalThis);
const clearTimeoutFn = globalThis.clearTimeout.bind(globalThis);
const perf = globalThis.performance;
const perfNow = perf.now.bind(perf);
const mathRandom = Math.random;

/**
 * Object.fromEntries(features.map((f) => [f.name, granted(f)])), each entry defined as an own data
 * property (a setter a page put on Object.prototype is never reached, and no iterator is used).
 */
function grantedRecord(
  features: ConsentQuestion['features'],
  granted: (name: string) => boolean,
): Record<string, boolean> {
  const out: Record<string, boolean> = {};
  for (let i = 0; i < features.length; i++) {
    const name = features[i]!.name;
    ObjectDefineProperty(out, name, {
      __proto__: null,
      value: granted(name),
      writable: true,
      enumerable: true,
      configurable: true,
    } as PropertyDescriptor);
  }
  return out;
}

export class ScriptedHost implements Host {
  readonly kind = 'scripted' as const;
  #origin: Origin;
  #secure: boolean;
  #isWindow: boolean;
  #documentId: string;
  #browsingContextId: string;
  #fullyActive = true;
  #focused = true;
  #visibility: 'visible' | 'hidden' = 'visible';
  #activation: ActivationState = noActivation;
  #launch: LaunchIntent | null = null;
  #policy: Record<HostPolicyFeature, boolean>;
  #consent: ConsentScript;
  #sessionSupported: 'granted' | 'denied' | 'unknown';
  readonly #permissionStates = new SafeMap<string, 'granted' | 'denied' | 'prompt'>();
  #immersiveIntent: 'explicit' | 'implicit' | 'none';
  #storage: ConsentStorage | null;
  #private: boolean;
  #trustedUI: null | 'prompt' | 'text-input' | 'other' = null;
  readonly #requireBaseLayer: boolean;
  readonly #presentsInDocument: boolean;
  #navigation: NavigationFacts | null = null;
  #listeners: ((e: HostEvent) => void)[] = [];
  readonly #manual: boolean;
  #time = 0;
  #timers: Timer[] = [];
  #timerId = 0;
  readonly #random: () => number;
  readonly consentProvider: ConsentProvider;
  /** Every question the consent provider was asked (for tests). */
  readonly consentQuestions: ConsentQuestion[] = [];
  /** Every origin the navigation interstitial was shown for (for tests). */
  readonly interstitials: string[] = [];
  readonly #options: ScriptedHostOptions;

  constructor(options: ScriptedHostOptions = {}) {
    this.#options = options;
    this.#origin = options.origin ?? originOf(options.url ?? 'https://app.example/');
    this.#secure = options.secureContext ?? isPotentiallyTrustworthyOrigin(this.#origin);
    this.#isWindow = options.isWindow ?? true;
    documentCounter += 1;
    this.#documentId = `doc-${documentCounter}`;
    this.#browsingContextId = `bc-${documentCounter}`;
    this.#policy = {
      'xr-spatial-tracking': true,
      accelerometer: true,
      gyroscope: true,
      magnetometer: true,
      camera: true,
      microphone: true,
      ...(options.policy ?? {}),
    };
    this.#consent = options.consent ?? 'grant-all';
    this.#sessionSupported = options.sessionSupported ?? 'granted';
    const states = options.permissionStates ?? {};
    const names = ObjectKeys(states);
    for (let i = 0; i < names.length; i++) this.#permissionStates.set(names[i]!, states[names[i]!]!);
    this.#immersiveIntent = options.immersiveIntent ?? 'implicit';
    this.#storage = options.storage ?? null;
    this.#private = options.privateMode ?? false;
    this.#manual = options.clock === 'manual';
    this.#requireBaseLayer = options.requireBaseLayer === true;
    this.#presentsInDocument = options.presentsInDocument === true;
    this.#random = options.random ?? mathRandom;
    this.consentProvider = (q) => this.#answer(q);
  }

  // --- Host -----------------------------------------------------------------------------------
  now(): number {
    return this.#manual ? this.#time : perfNow();
  }
  random(): number {
    return this.#random();
  }
  origin(): Origin {
    return this.#origin;
  }
  isSecureContext(): boolean {
    return this.#secure;
  }
  isWindow(): boolean {
    return this.#isWindow;
  }
  documentId(): string {
    return this.#documentId;
  }
  browsingContextId(): string {
    return this.#browsingContextId;
  }
  fullyActive(): boolean {
    return this.#fullyActive;
  }
  hasFocus(): boolean {
    return this.#focused;
  }
  documentVisibility(): 'visible' | 'hidden' {
    return this.#visibility;
  }
  activation(): ActivationState {
    return this.#activation;
  }
  launchIntent(): LaunchIntent | null {
    return this.#launch;
  }
  consumeLaunchIntent(): void {
    if (this.#launch) this.#launch = consumeLaunchIntent(this.#launch);
  }
  isFeatureAllowed(feature: HostPolicyFeature): boolean {
    return ObjectHasOwn(this.#policy, feature) && this.#policy[feature] === true;
  }
  immersiveIntent(_mode: XRSessionMode): 'explicit' | 'implicit' | 'none' {
    return this.#immersiveIntent;
  }
  sessionSupportedConsent(_mode: XRSessionMode): 'granted' | 'denied' | 'unknown' {
    return this.#sessionSupported;
  }
  permissionState(name: string): Promise<'granted' | 'denied' | 'prompt'> {
    return PromiseResolve(this.#permissionStates.get(name) ?? 'prompt');
  }
  /** The browser's own permission state of `name` changes (the user answered its prompt, or site settings). */
  setPermissionState(name: string, state: 'granted' | 'denied' | 'prompt'): void {
    this.#permissionStates.set(name, state);
  }
  requiresBaseLayer(): boolean {
    return this.#requireBaseLayer;
  }
  presentsInDocument(): boolean {
    return this.#presentsInDocument;
  }
  promptsUser(): boolean {
    return this.#consent !== 'grant-all';
  }
  consentStorage(): ConsentStorage | null {
    return this.#storage;
  }
  privateMode(): boolean {
    return this.#private;
  }
  trustedUI(): null | 'prompt' | 'text-input' | 'other' {
    return this.#trustedUI;
  }
  navigationFacts(): NavigationFacts | null {
    return this.#navigation;
  }
  subscribe(listener: (e: HostEvent) => void): () => void {
    ArrayPrototypePush(this.#listeners, listener);
    return () => {
      this.#listeners = ArrayPrototypeFilter(this.#listeners, (l) => l !== listener);
    };
  }
  setTimeout(cb: () => void, ms: number): unknown {
    if (!this.#manual) return setTimeoutFn(cb, ms);
    const t: Timer = { id: ++this.#timerId, at: this.#time + MathMax(0, ms), cb };
    ArrayPrototypePush(this.#timers, t);
    return t.id;
  }
  clearTimeout(handle: unknown): void {
    if (!this.#manual) {
      clearTimeoutFn(handle as ReturnType<typeof setTimeout>);
      return;
    }
    this.#timers = ArrayPrototypeFilter(this.#timers, (t) => t.id !== handle);
  }

  // --- Privacy indicators (R-CAM-06) -----------------------------------------------------------
  #indicators: PrivacyIndicatorRequest[] = [];

  privacyIndicator(request: PrivacyIndicatorRequest): PrivacyIndicator {
    const entry = ObjectFreeze({ kind: request.kind, origin: request.origin });
    ArrayPrototypePush(this.#indicators, entry);
    let removed = false;
    return {
      // The scripted host's indicators are its list: one is shown until it is removed.
      shown: () => !removed,
      remove: () => {
        removed = true;
        this.#indicators = ArrayPrototypeFilter(this.#indicators, (e) => e !== entry);
      },
    };
  }
  /** The privacy indicators on screen now (the camera in use, and by whom), oldest first. */
  get privacyIndicators(): readonly PrivacyIndicatorRequest[] {
    return ObjectFreeze(ArrayPrototypeSlice(this.#indicators));
  }

  // --- The offerSession() control (R-NAV-21) ---------------------------------------------------
  #offer: { request: OfferControlRequest; answer: (a: 'pressed' | 'dismissed') => void } | null = null;

  offerControl(request: OfferControlRequest): OfferControl {
    let answer!: (a: 'pressed' | 'dismissed') => void;
    const p = new Promise<'pressed' | 'dismissed'>((resolve) => {
      answer = resolve;
    });
    const entry = { request, answer };
    this.#offer = entry;
    return {
      answer: p,
      withdraw: () => {
        if (this.#offer === entry) this.#offer = null;
      },
    };
  }
  /** The control offerSession() shows, if one is on screen: what it says. */
  get pendingOffer(): OfferControlRequest | null {
    return this.#offer ? this.#offer.request : null;
  }
  /** The user presses the user agent's "Enter" control (a trusted press). Returns false if none is shown. */
  pressOffer(): boolean {
    const o = this.#offer;
    if (!o) return false;
    this.#offer = null;
    o.answer('pressed');
    return true;
  }
  /** The user closes the control without entering. */
  dismissOffer(): boolean {
    const o = this.#offer;
    if (!o) return false;
    this.#offer = null;
    o.answer('dismissed');
    return true;
  }

  // --- Script controls ------------------------------------------------------------------------
  /** A real user gesture (a trusted click) now: transient activation for the profile's duration. */
  click(): void {
    this.#activation = activate(this.now());
    this.#emit({ type: 'activation' });
  }
  /** A synthetic click: gives no activation (R-INTENT-02). */
  syntheticClick(): void {}
  clearActivation(): void {
    this.#activation = noActivation;
  }
  /** The user launched the installed web app: a one-shot intent for this document (AMB-35). */
  launchAsInstalledApp(): void {
    this.#launch = createLaunchIntent(this.#documentId, true);
  }
  setFocus(focused: boolean): void {
    if (this.#focused === focused) return;
    this.#focused = focused;
    this.#emit({ type: 'focus', focused });
  }
  setDocumentVisibility(state: 'visible' | 'hidden'): void {
    if (this.#visibility === state) return;
    this.#visibility = state;
    this.#emit({ type: 'visibility', state });
  }
  setPolicy(feature: HostPolicyFeature, allowed: boolean): void {
    this.#policy[feature] = allowed;
    this.#emit({ type: 'policy' });
  }
  setConsent(script: ConsentScript): void {
    this.#consent = script;
  }
  setSessionSupportedConsent(state: 'granted' | 'denied' | 'unknown'): void {
    this.#sessionSupported = state;
  }
  setImmersiveIntent(intent: 'explicit' | 'implicit' | 'none'): void {
    this.#immersiveIntent = intent;
  }
  setTrustedUI(active: null | 'prompt' | 'text-input' | 'other'): void {
    if (this.#trustedUI === active) return;
    this.#trustedUI = active;
    this.#emit({ type: 'trusted-ui', active });
  }
  setNavigationFacts(facts: NavigationFacts | null): void {
    this.#navigation = facts;
  }
  showInterstitial(request: { readonly origin: string }): Promise<'continue' | 'leave'> {
    ArrayPrototypePush(this.interstitials, request.origin);
    const answer = this.#options.interstitial ?? 'continue';
    return typeof answer === 'function' ? answer(request) : PromiseResolve(answer);
  }
  /**
   * The host of the document a navigation of this one's browsing context loads (ua.navigate): the
   * same browsing context, clock, focus, visibility, user (consent script, permission states),
   * with `facts` as what the user agent knows of the navigation. This document is unloaded.
   */
  successor(url: string, facts: NavigationFacts): ScriptedHost {
    const next = new ScriptedHost({
      ...this.#options,
      url,
      origin: originOf(url),
      secureContext: undefined as never,
    });
    next.#browsingContextId = this.#browsingContextId;
    next.#time = this.#time;
    next.#focused = this.#focused;
    next.#visibility = this.#visibility;
    next.#consent = this.#consent;
    next.#sessionSupported = this.#sessionSupported;
    this.#permissionStates.forEach((v, k) => {
      next.#permissionStates.set(k, v);
    });
    next.#navigation = facts;
    this.unload();
    return next;
  }
  /** The document goes away (navigation or close): sessions end (R-LIFE-13). */
  unload(): void {
    this.#fullyActive = false;
    this.#emit({ type: 'unload' });
  }
  /** Moves the manual clock, running due timers in order. */
  advance(ms: number): void {
    if (!this.#manual) {
      throw new Error(
        "advance() needs a manual clock, and this host runs on the real clock. Fix: create the user agent with createUserAgent({ clock: 'manual' }) (or the host with new ScriptedHost({ clock: 'manual' }))",
      );
    }
    if (typeof ms !== 'number' || !NumberIsFinite(ms) || ms < 0) {
      throw new TypeError(
        `advance(ms): ms is ${typeof ms === 'number' ? ms : typeof ms}, but must be a finite number of milliseconds ≥ 0. Fix: e.g. advance(16)`,
      );
    }
    const end = this.#time + ms;
    for (;;) {
      ArrayPrototypeSort(this.#timers, (a, b) => a.at - b.at || a.id - b.id);
      const next = this.#timers[0];
      if (!next || next.at > end) break;
      ArrayPrototypeShift(this.#timers);
      this.#time = next.at;
      next.cb();
    }
    this.#time = end;
  }

  #emit(e: HostEvent): void {
    const listeners = ArrayPrototypeSlice(this.#listeners);
    for (let i = 0; i < listeners.length; i++) listeners[i]!(e);
  }

  async #answer(q: ConsentQuestion): Promise<ConsentAnswer> {
    ArrayPrototypePush(this.consentQuestions, q);
    const script = this.#consent;
    if (typeof script === 'function') return script(q);
    if (script === 'grant-all') {
      return { granted: grantedRecord(q.features, () => true), kind: 'implicit' };
    }
    if (script === 'deny-all') return { granted: {}, kind: 'explicit' };
    if (script.delayMs) await new Promise<void>((r) => this.setTimeout(r, script.delayMs ?? 0));
    return {
      granted: grantedRecord(q.features, (name) => ArrayPrototypeIncludes(script.grant, name)),
      kind: script.kind ?? 'explicit',
    };
  }
}
