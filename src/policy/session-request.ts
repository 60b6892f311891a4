// spec: #requestsession-method (index.bs L391–450), #protect-immersiveness (L2746–2767),
// #issessionsupported-method (L340–366), #obtain-current-device (L452–470).
// The synchronous checks of requestSession in the spec's order, each failure with its exception:
//   immersive: activation/intent → SecurityError; permissions policy → NotSupportedError
//   (strict: SecurityError, R-SESSION-21); pending/active → InvalidStateError.
//   inline: features without activation, or not a Window → SecurityError.
// Then, in the queued task: no device / mode unsupported (or the device is another document's,
// AMB-11) → NotSupportedError; the "xr" permission (consent.ts) → NotSupportedError when denied.

import {
  ArrayPrototypeFilter,
  ArrayPrototypeIncludes,
  ObjectFreeze,
  String,
  StringPrototypeSlice,
  StringPrototypeStartsWith,
} from '../primordials.js';
import { type ActivationFacts, type ActivationSignal, activationSignal } from './activation.js';
import { allow, type Decision, type Denied, deny } from './decision.js';
import { isImmersive, isSessionMode, type XRSessionMode } from './features.js';
import { describe, readOption, readProperty, toDOMStringList } from './input.js';
import type { UAProfile } from './profile.js';

export interface SessionRequest {
  readonly mode: XRSessionMode;
  readonly requiredFeatures: readonly string[];
  readonly optionalFeatures: readonly string[];
}

/**
 * WebIDL conversion of `requestSession(mode, options)` (R-SESSION-01): an invalid mode, a
 * non-object options or a feature list that is not a sequence of strings is a TypeError.
 * Dictionary members are read in lexicographic order (WebIDL): optionalFeatures, requiredFeatures.
 */
export function convertSessionRequest(
  mode: unknown,
  options: unknown,
  profile: UAProfile,
): Decision<SessionRequest> {
  const action = 'requestSession()';
  if (!isSessionMode(mode)) {
    let shown: string;
    try {
      shown = typeof mode === 'symbol' ? 'a Symbol' : `'${String(mode)}'`;
    } catch {
      shown = 'an unprintable value';
    }
    return deny('TypeError', {
      action,
      reason: `${shown} is not a valid XRSessionMode`,
      fix: "Use 'inline', 'immersive-vr' or 'immersive-ar'.",
      requirement: 'R-SESSION-01',
    });
  }
  if (
    options !== undefined &&
    options !== null &&
    typeof options !== 'object' &&
    typeof options !== 'function'
  ) {
    return deny('TypeError', {
      action: `requestSession('${mode}')`,
      reason: 'options must be an XRSessionInit dictionary (an object)',
      requirement: 'R-SESSION-01',
    });
  }
  try {
    const optional = toDOMStringList(
      readProperty(options, 'optionalFeatures'),
      'optionalFeatures',
      profile.maxListLength,
    );
    const required = toDOMStringList(
      readProperty(options, 'requiredFeatures'),
      'requiredFeatures',
      profile.maxListLength,
    );
    return allow('arguments converted', 'R-SESSION-01', {
      mode,
      requiredFeatures: ObjectFreeze(required),
      optionalFeatures: ObjectFreeze(optional),
    });
  } catch (e) {
    const text = describe(e);
    return deny('TypeError', {
      action: `requestSession('${mode}')`,
      reason: StringPrototypeStartsWith(text, 'TypeError: ') ? StringPrototypeSlice(text, 11) : text,
      requirement: 'R-SESSION-01',
    });
  }
}

/** Where a document is, as far as its permissions policy goes (see spatialTrackingFix). */
export type DocumentEmbedding = 'top-level' | 'same-origin-frame' | 'cross-origin-frame';

/**
 * What the developer does about a document whose permissions policy disables 'xr-spatial-tracking'.
 * The feature's default allowlist is 'self' (R-POLICY-02): a top-level page or a frame of the same
 * origin has it unless a Permissions-Policy header (or an iframe's allow attribute) takes it away,
 * and a frame of another origin has it only when its embedder delegates it with allow.
 */
export function spatialTrackingFix(embedding: DocumentEmbedding | undefined): string {
  switch (embedding) {
    case 'cross-origin-frame':
      return (
        'This document is in a frame of another origin, which has the feature only when the page that ' +
        'embeds it delegates it: add allow="xr-spatial-tracking" to that <iframe> (if it is there ' +
        'already, a Permissions-Policy header of the embedding page or of this page disables it).'
      );
    case 'same-origin-frame':
      return (
        "The feature's default allowlist ('self') covers a frame of the same origin, so a " +
        'Permissions-Policy header disables it: remove xr-spatial-tracking=() from the response ' +
        'header of this page or of the page that embeds it (or an allow attribute on its <iframe> ' +
        'that leaves the feature out).'
      );
    case 'top-level':
      return (
        "The feature's default allowlist ('self') covers this page, so its Permissions-Policy " +
        'response header disables it: remove xr-spatial-tracking=() from that header, or list this ' +
        'origin in it.'
      );
    default:
      return 'Embed the frame with allow="xr-spatial-tracking", or remove the Permissions-Policy header that disables it.';
  }
}

/** What the policy needs to know about the requesting document. */
export interface RequestingDocument {
  /** The XRSystem's relevant global object is a Window (R-EXPO-04). */
  readonly isWindow: boolean;
  readonly isSecureContext: boolean;
  /** The focused area belongs to this document (strict: required, R-TRUST-14). */
  readonly hasFocus: boolean;
  readonly fullyActive: boolean;
  readonly activation: ActivationFacts;
  /** "xr-spatial-tracking" is allowed for the document's origin (permissions-policy.ts). */
  readonly spatialTrackingAllowed: boolean;
  /**
   * Where the document is (top-level, or in a frame of its own origin or under another origin's):
   * only the fix text of a refusal depends on it, never the decision. Absent: not known.
   */
  readonly embedding?: DocumentEmbedding;
  /**
   * Is user intent to begin an immersive session well understood (R-INTENT-05 step 2)? The host's
   * consent policy answers: 'explicit' or 'implicit' consent, or 'none'.
   */
  readonly immersiveIntent: 'explicit' | 'implicit' | 'none';
  /**
   * The UA allowed an automatic immersive session after the navigation that loaded this document
   * (navigation.ts, R-NAV-13..16; only with profile.automaticSessionsOnNavigation).
   */
  readonly navigationGrant?: boolean;
  /** The user pressed the user agent's own control offered by offerSession() for this request (R-NAV-21). */
  readonly offerAccepted?: boolean;
}

/** XRSystem state (spec L389). */
export interface XRSystemState {
  readonly pendingImmersiveSession: boolean;
  readonly activeImmersiveSession: boolean;
}

function trustworthyProblem(doc: RequestingDocument, action: string): Denied | null {
  if (!doc.fullyActive) {
    return deny('SecurityError', {
      action,
      reason: 'the document is not fully active',
      requirement: 'R-TRUST-14',
    });
  }
  if (!doc.hasFocus) {
    return deny('SecurityError', {
      action,
      reason: 'the document does not have focus (strict profile: trustworthy document)',
      fix: 'Request the session from the focused page.',
      requirement: 'R-TRUST-14',
    });
  }
  return null;
}

// spec: #immersive-session-request-is-allowed
export function immersiveSessionRequestIsAllowed(
  doc: RequestingDocument,
  mode: XRSessionMode,
  profile: UAProfile,
): Decision<ActivationSignal> {
  const action = `requestSession('${mode}')`;
  // Step 1: transient activation, or launching a web application.
  // navigationGrant is optional: a polluted Object.prototype must not stand in for user activation.
  // offerAccepted: the user pressed the user agent's own "Enter" control for this request (R-NAV-21).
  const signal =
    activationSignal(doc.activation) ??
    (readOption(doc, 'offerAccepted') === true
      ? 'offer'
      : readOption(doc, 'navigationGrant') === true
        ? 'navigation'
        : null);
  if (signal === null) {
    return deny('SecurityError', {
      action,
      reason: 'it was not called with transient activation (no recent user click or key press)',
      fix: `Call it from a click handler; activation lasts ${profile.transientActivationMs} ms.`,
      requirement: 'R-INTENT-05',
    });
  }
  // Strict profile: the seeds' trustworthy document (removed from the spec, AMB-01).
  if (profile.requireTrustworthyDocument) {
    const t = trustworthyProblem(doc, action);
    if (t) return t;
  }
  // Step 2: user intent to begin an immersive session.
  if (doc.immersiveIntent === 'none') {
    return deny('SecurityError', {
      action,
      reason:
        'user intent to begin an immersive session is not established (no explicit or implicit consent)',
      requirement: 'R-INTENT-05',
    });
  }
  return allow(`${signal} and ${doc.immersiveIntent} intent`, 'R-INTENT-05', signal);
}

/** The lists that count for the inline activation check: the default profile drops "viewer" (R-INTENT-18). */
export function inlineEffectiveLists(
  req: SessionRequest,
  profile: UAProfile,
): { required: readonly string[]; optional: readonly string[] } {
  if (profile.inlineViewerOnlyNeedsActivation || isImmersive(req.mode)) {
    return { required: req.requiredFeatures, optional: req.optionalFeatures };
  }
  return {
    required: ArrayPrototypeFilter(req.requiredFeatures, (f) => f !== 'viewer'),
    optional: ArrayPrototypeFilter(req.optionalFeatures, (f) => f !== 'viewer'),
  };
}

// spec: #inline-session-request-is-allowed
export function inlineSessionRequestIsAllowed(
  doc: RequestingDocument,
  req: SessionRequest,
  profile: UAProfile,
): Decision<ActivationSignal | null> {
  const action = "requestSession('inline')";
  const lists = inlineEffectiveLists(req, profile);
  const hasFeatures = lists.required.length > 0 || lists.optional.length > 0;
  // Step 1: features need transient activation or a launch.
  const signal = activationSignal(doc.activation);
  if (hasFeatures && signal === null) {
    return deny('SecurityError', {
      action,
      reason: 'it names features but was not called with transient activation',
      fix: 'Request inline sessions with features from a click handler, or request no features.',
      requirement: 'R-INTENT-06',
    });
  }
  if (hasFeatures && profile.requireTrustworthyDocument) {
    const t = trustworthyProblem(doc, action);
    if (t) return t;
  }
  // Step 2: the global object must be a Window.
  if (!doc.isWindow) {
    return deny('SecurityError', {
      action,
      reason: 'the XRSystem does not belong to a Window',
      requirement: 'R-EXPO-04',
    });
  }
  return allow(
    hasFeatures ? `features with ${signal}` : 'no features: no activation needed',
    'R-INTENT-06',
    signal,
  );
}

export interface RequestPlan {
  readonly request: SessionRequest;
  /** The lists used from here on (default profile: inline "viewer" entries dropped, R-INTENT-18). */
  readonly requiredFeatures: readonly string[];
  readonly optionalFeatures: readonly string[];
  /** Which device the queued task obtains (R-SESSION-07). */
  readonly device: 'immersive' | 'inline' | 'default-inline';
  readonly signal: ActivationSignal | null;
  /** The caller must set "pending immersive session" now (R-SESSION-05). */
  readonly setPendingImmersive: boolean;
}

// spec: #requestsession-method steps 3–6 (+ R-SESSION-21 for the policy), all synchronous.
export function checkSessionRequest(
  req: SessionRequest,
  doc: RequestingDocument,
  xr: XRSystemState,
  profile: UAProfile,
): Decision<RequestPlan> {
  const action = `requestSession('${req.mode}')`;
  if (!doc.isSecureContext) {
    return deny('SecurityError', {
      action,
      reason: 'the document is not a secure context, so WebXR is not exposed',
      fix: 'Serve the page over https (or from localhost).',
      requirement: 'R-EXPO-01',
    });
  }
  if (isImmersive(req.mode)) {
    const allowed = immersiveSessionRequestIsAllowed(doc, req.mode, profile);
    if (!allowed.allowed) return allowed;
    if (!doc.spatialTrackingAllowed) {
      return deny(profile.policyBlockedImmersiveError, {
        action,
        reason: "the permissions policy 'xr-spatial-tracking' is not allowed in this document",
        fix: spatialTrackingFix(readOption(doc, 'embedding') as DocumentEmbedding | undefined),
        requirement: 'R-SESSION-21',
      });
    }
    if (xr.pendingImmersiveSession || xr.activeImmersiveSession) {
      return deny('InvalidStateError', {
        action,
        reason: xr.activeImmersiveSession
          ? 'an immersive session is already active'
          : 'another immersive session request is still pending',
        fix: 'End the current immersive session first.',
        requirement: 'R-SESSION-04',
      });
    }
    return allow('immersive request may proceed', 'R-SESSION-05', {
      request: req,
      requiredFeatures: req.requiredFeatures,
      optionalFeatures: req.optionalFeatures,
      device: 'immersive',
      signal: allowed.value,
      setPendingImmersive: true,
    });
  }
  const allowed = inlineSessionRequestIsAllowed(doc, req, profile);
  if (!allowed.allowed) return allowed;
  const lists = inlineEffectiveLists(req, profile);
  const hasFeatures = lists.required.length > 0 || lists.optional.length > 0;
  return allow('inline request may proceed', 'R-SESSION-06', {
    request: req,
    requiredFeatures: lists.required,
    optionalFeatures: lists.optional,
    device: hasFeatures ? 'inline' : 'default-inline',
    signal: allowed.value,
    setPendingImmersive: false,
  });
}

/** The device as the queued task sees it. */
export interface DeviceAvailability {
  readonly supportedModes: readonly XRSessionMode[];
  /** Another document holds the UA-wide immersive device lock or has a pending request (AMB-11). */
  readonly lockedByAnotherDocument?: boolean;
}

// spec: #requestsession-method step 9.2 (queued task): no device or mode unsupported → NotSupportedError.
/** No device at all is always a refusal. */
export function checkDeviceForMode(device: null, mode: XRSessionMode): Denied;
export function checkDeviceForMode(device: DeviceAvailability | null, mode: XRSessionMode): Decision;
export function checkDeviceForMode(device: DeviceAvailability | null, mode: XRSessionMode): Decision {
  const action = `requestSession('${mode}')`;
  if (device === null) {
    return deny('NotSupportedError', {
      action,
      reason: 'no XR device is available',
      fix: 'Check navigator.xr.isSessionSupported() before offering the session.',
      requirement: 'R-SESSION-08',
    });
  }
  if (!ArrayPrototypeIncludes(device.supportedModes, mode)) {
    return deny('NotSupportedError', {
      action,
      reason: `the XR device does not support '${mode}'`,
      requirement: 'R-SESSION-08',
    });
  }
  if (isImmersive(mode) && readOption(device, 'lockedByAnotherDocument') === true) {
    // AMB-11: the device is in another document's exclusive use; indistinguishable from unavailable.
    return deny('NotSupportedError', {
      action,
      reason: 'the immersive XR device is not available',
      requirement: 'AMB-11',
    });
  }
  return allow('the device supports the mode', 'R-SESSION-08');
}

export type SessionSupportedStep =
  | { readonly kind: 'resolve'; readonly value: boolean }
  | { readonly kind: 'reject'; readonly decision: Denied }
  | { readonly kind: 'ask-device' };

// spec: #issessionsupported-method steps 2–4 (R-SESSION-19, R-POLICY-04): the synchronous part.
export function isSessionSupportedFirstStep(
  mode: unknown,
  doc: Pick<RequestingDocument, 'spatialTrackingAllowed' | 'embedding'>,
): SessionSupportedStep {
  if (!isSessionMode(mode)) {
    return {
      kind: 'reject',
      decision: deny('TypeError', {
        action: 'isSessionSupported()',
        reason: 'the mode is not a valid XRSessionMode',
        requirement: 'R-SESSION-01',
      }),
    };
  }
  if (mode === 'inline') return { kind: 'resolve', value: true };
  if (!doc.spatialTrackingAllowed) {
    return {
      kind: 'reject',
      decision: deny('SecurityError', {
        action: `isSessionSupported('${mode}')`,
        reason: "the permissions policy 'xr-spatial-tracking' is not allowed in this document",
        fix: spatialTrackingFix(readOption(doc, 'embedding') as DocumentEmbedding | undefined),
        requirement: 'R-POLICY-04',
      }),
    };
  }
  return { kind: 'ask-device' };
}

/** R-EXPO-01/17: navigator.xr exists only in a secure context. */
export function xrIsExposed(isSecureContext: boolean): Decision {
  return isSecureContext === true
    ? allow('secure context', 'R-EXPO-01')
    : deny('SecurityError', {
        action: 'navigator.xr',
        reason: 'the document is not a secure context; WebXR is not exposed there',
        fix: 'Serve the page over https or from localhost.',
        requirement: 'R-EXPO-01',
      });
}

/** What may have changed while a session request was in parallel (the queued task, the prompt). */
export interface InFlightFacts {
  /** The requesting document is still fully active. */
  readonly fullyActive: boolean;
  /** 'queued': the task that starts the request's parallel steps; 'answered': after the prompt. */
  readonly stage: 'queued' | 'answered';
  /** The selected device is still connected (checked after the prompt). */
  readonly deviceConnected: boolean;
}

/**
 * May a session request that went in parallel still complete? A document unloaded before the task
 * ran (AMB-25) or while the prompt was open (R-LIFE-13) rejects with InvalidStateError; a device
 * that went away during the prompt rejects with NotSupportedError (R-SESSION-08).
 */
// spec: #dom-xrsystem-requestsession step 7 (in parallel), #xrsession-lifetime; AMB-25, R-LIFE-13, R-SESSION-08
export function requestMayComplete(facts: InFlightFacts): Decision {
  if (!facts.fullyActive) {
    return deny('InvalidStateError', {
      action: 'requestSession()',
      reason:
        facts.stage === 'queued'
          ? 'the document went away before the request could start'
          : 'the document was unloaded during the request',
      requirement: facts.stage === 'queued' ? 'AMB-25' : 'R-LIFE-13',
    });
  }
  if (facts.stage === 'answered' && !facts.deviceConnected) {
    return deny('NotSupportedError', {
      action: 'requestSession()',
      reason: 'the XR device is no longer available',
      fix: 'Connect the device and request the session again.',
      requirement: 'R-SESSION-08',
    });
  }
  return allow('the request may go on', facts.stage === 'queued' ? 'AMB-25' : 'R-LIFE-13');
}

/**
 * Is `devicechange` fired at this document's XRSystem? Not where `xr-spatial-tracking` is
 * disallowed: such a document must not learn that XR hardware came or went (R-POLICY-05).
 */
// spec: #ondevicechange, #xr-device-selection; R-POLICY-05
export function deviceChangeMayBeAnnounced(spatialTrackingAllowed: boolean): Decision {
  return spatialTrackingAllowed
    ? allow('devicechange is announced', 'R-POLICY-05')
    : deny('SecurityError', {
        action: 'devicechange',
        reason: "the permissions policy 'xr-spatial-tracking' is not allowed in this document",
        requirement: 'R-POLICY-05',
      });
}

/** What decides whether an offerSession() control may be shown (R-NAV-21). */
export interface OfferFacts {
  readonly isSecureContext: boolean;
  readonly spatialTrackingAllowed: boolean;
  /** An immersive session is active or pending in this document. */
  readonly immersiveSessionBusy: boolean;
  /** The immersive device supports the mode. */
  readonly deviceSupportsMode: boolean;
  /** The user agent has a trusted place to show the control. */
  readonly canShowControl: boolean;
  /** Where the document is (only the fix text of a policy refusal depends on it). */
  readonly embedding?: DocumentEmbedding;
}

/**
 * offerSession(mode) for an immersive mode (R-NAV-21, non-standard; xrgate follows the closed spec
 * PR #1290 and Chromium): no activation is needed to make the offer; the user agent shows its own
 * "Enter VR/AR" control only where the request could then succeed; the user's press on it is the
 * activation, and the request runs as requestSession() from there (features, consent, the lock).
 * Choices where the texts are silent: an offer while an immersive session is active or pending is
 * refused (InvalidStateError, as requestSession); a newer offer replaces an older one, whose promise
 * rejects with AbortError (offerReplaced); an offer ends with its document.
 */
export function offerMayBeShown(facts: OfferFacts, mode: XRSessionMode): Decision {
  const action = `offerSession('${mode}')`;
  if (!readOption(facts, 'isSecureContext')) {
    return deny('SecurityError', {
      action,
      reason: 'the document is not a secure context, so WebXR is not exposed',
      fix: 'Serve the page over https (or from localhost).',
      requirement: 'R-EXPO-01',
    });
  }
  if (readOption(facts, 'spatialTrackingAllowed') !== true) {
    return deny('SecurityError', {
      action,
      reason: "the permissions policy 'xr-spatial-tracking' is not allowed in this document",
      fix: spatialTrackingFix(readOption(facts, 'embedding') as DocumentEmbedding | undefined),
      requirement: 'R-SESSION-21',
    });
  }
  if (readOption(facts, 'immersiveSessionBusy') === true) {
    return deny('InvalidStateError', {
      action,
      reason: 'an immersive session is already active or pending',
      fix: 'Offer again when the session has ended (listen for its "end" event).',
      requirement: 'R-SESSION-04',
    });
  }
  if (readOption(facts, 'deviceSupportsMode') !== true) {
    return deny('NotSupportedError', {
      action,
      reason: `no XR device here supports '${mode}'`,
      fix: 'Check navigator.xr.isSessionSupported(mode) before offering.',
      requirement: 'R-NAV-21',
    });
  }
  if (readOption(facts, 'canShowControl') !== true) {
    return deny('NotSupportedError', {
      action,
      reason: 'this user agent has no trusted place to show an "Enter" control',
      fix: 'Call requestSession() from a click handler instead.',
      requirement: 'R-NAV-21',
    });
  }
  return allow(`the user agent shows its own control to enter '${mode}'`, 'R-NAV-21');
}

/** A pending offer that a newer offerSession() replaced (R-NAV-21). */
export function offerReplaced(mode: XRSessionMode): Denied {
  return deny('AbortError', {
    action: `offerSession('${mode}')`,
    reason: 'a newer offerSession() call replaced this offer (one offer at a time)',
    fix: 'Keep one offer per page; offer again after a session ends.',
    requirement: 'R-NAV-21',
  });
}

/** The user dismissed the user agent's control for an offer (R-NAV-21). */
export function offerDismissed(mode: XRSessionMode): Denied {
  return deny('NotAllowedError', {
    action: `offerSession('${mode}')`,
    reason: 'the user dismissed the offer',
    fix: 'Offer again later, or show your own button and call requestSession() from its click.',
    requirement: 'R-NAV-21',
  });
}

/** A pending offer whose document started an immersive session another way (R-NAV-21). */
export function offerSuperseded(mode: XRSessionMode): Denied {
  return deny('InvalidStateError', {
    action: `offerSession('${mode}')`,
    reason: 'an immersive session started in this document by another request, so the offer was withdrawn',
    fix: 'Offer again when the session has ended (listen for its "end" event).',
    requirement: 'R-NAV-21',
  });
}
