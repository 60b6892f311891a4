// The host interface: everything the runtime knows about the page it serves goes through here.
// host/scripted.ts answers from script (Node, tests, the Test API); host/browser.ts from a real
// page. The API layer reads facts from the host and asks src/policy for decisions.

import type { FrameClock } from '../api/frame-clock.js';
import type { ActivationState, LaunchIntent } from '../policy/activation.js';
import type { ConsentProvider, ConsentStorage } from '../policy/consent.js';
import type { XRSessionMode } from '../policy/features.js';
import type { NavigationFacts } from '../policy/navigation.js';
import type { Origin } from '../policy/origin.js';
import type { DocumentEmbedding } from '../policy/session-request.js';

/** Policy-controlled features the host can answer for. */
export type HostPolicyFeature =
  | 'xr-spatial-tracking'
  | 'accelerometer'
  | 'gyroscope'
  | 'magnetometer'
  | 'camera'
  | 'microphone';

export type HostEvent =
  | { readonly type: 'focus'; readonly focused: boolean }
  | { readonly type: 'visibility'; readonly state: 'visible' | 'hidden' }
  | { readonly type: 'trusted-ui'; readonly active: null | 'prompt' | 'text-input' | 'other' }
  | { readonly type: 'unload' }
  /** A trusted user activation happened (the user shows intent; ends a "start blurred" mitigation). */
  | { readonly type: 'activation' }
  | { readonly type: 'policy' };

/** What a privacy indicator tells the user: which sensor is in use, by which origin (R-CAM-06). */
export interface PrivacyIndicatorRequest {
  readonly kind: 'camera';
  readonly origin: string;
}

/**
 * An indicator on screen; remove() takes it down (once the session that needed it has ended).
 * shown() says whether the user can see it now, as far as the host can tell: asked every frame,
 * and no camera image is reported while it is false (R-CAM-06 fails closed).
 */
export interface PrivacyIndicator {
  shown(): boolean;
  remove(): void;
}

/** What the user agent's own "Enter VR/AR" control for offerSession() shows (R-NAV-21). */
export interface OfferControlRequest {
  readonly origin: string;
  readonly mode: XRSessionMode;
}

/** The control on screen: the user's answer, and a way to take it down. */
export interface OfferControl {
  /** 'pressed': the user pressed it (a trusted press: the activation); 'dismissed': they closed it. */
  readonly answer: Promise<'pressed' | 'dismissed'>;
  /** Takes the control down unanswered (a newer offer, the document going away, a session). */
  withdraw(): void;
}

export interface FrameScheduler {
  /** Calls `cb` after about `ms` milliseconds; returns a handle for cancel. */
  setTimeout(cb: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface Host extends FrameScheduler {
  readonly kind: 'scripted' | 'browser';
  /** Monotonic clock in milliseconds. */
  now(): number;
  /** Randomness in [0, 1). */
  random(): number;
  // The document.
  origin(): Origin;
  isSecureContext(): boolean;
  isWindow(): boolean;
  /** Identity of the current document load (a navigation makes a new one). */
  documentId(): string;
  browsingContextId(): string;
  fullyActive(): boolean;
  /**
   * Calls `onTaken` when the user agent's listeners on the window stop being its own (a page's
   * document.open() removes them, and the page can then order its own first), checked a few times
   * a second while watched; returns the unwatch. An immersive session ends then (R-TUI-11).
   * Absent: a host whose listeners no page can take.
   */
  watchListeners?(onTaken: () => void): () => void;
  /** The focused area belongs to this document. */
  hasFocus(): boolean;
  documentVisibility(): 'visible' | 'hidden';
  /** HTML activation state of the window. */
  activation(): ActivationState;
  launchIntent(): LaunchIntent | null;
  consumeLaunchIntent(): void;
  /** Is the feature allowed for the document's origin by its permissions policy? */
  isFeatureAllowed(feature: HostPolicyFeature): boolean;
  /**
   * Where the document is: top-level, or in a frame whose ancestors share its origin or not. Only
   * the fix text of a permissions-policy refusal depends on it. Hosts that do not know omit it.
   */
  embedding?(): DocumentEmbedding | undefined;
  /**
   * A lock on immersive sessions shared with documents this user agent does not see (AMB-11 in
   * the script bundle: other documents of the origin, through Web Locks). Resolves with its
   * release, or null when another document holds it. Hosts without one omit it.
   */
  acquireImmersiveLock?(): Promise<(() => void) | null>;
  /** How the UA judges user intent to begin an immersive session (R-INTENT-05 step 2). */
  immersiveIntent(mode: XRSessionMode): 'explicit' | 'implicit' | 'none';
  /**
   * Shows the user agent's own "Enter VR/AR" control for an offerSession() (Trusted UI, R-NAV-21).
   * Hosts without a place to show one omit it (offerSession is then refused).
   */
  offerControl?(request: OfferControlRequest): OfferControl;
  /**
   * The navigation interstitial (R-NAV-16): Trusted UI that shows the new origin before an automatic
   * immersive session may start, with a way to continue or to leave. Hosts without one omit it
   * (the 'interstitial' mitigation then withholds the grant).
   */
  showInterstitial?(request: { readonly origin: string }): Promise<'continue' | 'leave'>;
  /**
   * Shows a privacy indicator (Trusted UI) until its remove() is called: the camera is in use by a
   * session of `origin` (Raw Camera Access #privacy-indicators, R-CAM-06). Hosts without a place to
   * show one omit it; no camera image then reaches the page.
   */
  privacyIndicator?(request: PrivacyIndicatorRequest): PrivacyIndicator;
  /** Asks the user (Trusted UI) about features; the scripted host answers from script. */
  readonly consentProvider: ConsentProvider;
  /**
   * Animation frames need a baseLayer (spec XR animation frame steps): true in a page; a Node host
   * with nothing to composite may run frames without one.
   */
  requiresBaseLayer(): boolean;
  /**
   * Immersive frames are shown in the document itself (an in-page emulator), so a hidden document
   * hides the session's imagery (R-VIS-03/06). False for a host with a headset display.
   */
  presentsInDocument(): boolean;
  /** Whether the consent provider shows the user a prompt (false for implicit consent). */
  promptsUser(): boolean;
  /**
   * The browser's own permission state of a non-XR permission ('microphone', 'camera',
   * 'geolocation', 'notifications'): granted before an immersive session means its prompt need not
   * end the session (R-CONSENT-05). Absent: 'prompt'.
   */
  permissionState?(name: string): Promise<'granted' | 'denied' | 'prompt'>;
  /** The user's answer to "xr-session-supported" for a mode, if known. */
  sessionSupportedConsent(mode: XRSessionMode): 'granted' | 'denied' | 'unknown';
  consentStorage(): ConsentStorage | null;
  privateMode(): boolean;
  /** Trusted UI the user is interacting with, if any (R-TUI-06). */
  trustedUI(): null | 'prompt' | 'text-input' | 'other';
  navigationFacts(): NavigationFacts | null;
  /**
   * The clock the page's XR animation frames follow, where the page shows them (the browser host:
   * the page's requestAnimationFrame). Absent: a deadline timer at the session's nominal rate.
   */
  frameClock?(rateHz: () => number): FrameClock;
  /** Host events (focus, visibility, trusted UI, unload, policy changes). */
  subscribe(listener: (e: HostEvent) => void): () => void;
}
