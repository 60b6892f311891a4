// User activation (HTML #tracking-user-activation) and the launch-of-installed-app intent
// (WebXR #application-launch, AMB-35). Pure: states are values, time is an argument.

import { NumberIsFinite, ObjectFreeze, TypeError } from '../primordials.js';
import { allow, type Decision, deny } from './decision.js';
import { readProperty } from './input.js';

export interface ActivationState {
  /** HTML "last activation timestamp"; null means never (or consumed: -Infinity in HTML). */
  readonly lastActivationAt: number | null;
  /** HTML sticky activation: the window has ever had an activation. */
  readonly hasBeenActive: boolean;
}

export const noActivation: ActivationState = ObjectFreeze({ lastActivationAt: null, hasBeenActive: false });

/** The facts of one input event, as the host saw it. */
export interface InputEventFacts {
  readonly type: string;
  /** Only events the user agent dispatched because of real input count (Event.isTrusted). */
  readonly isTrusted: boolean;
  readonly key?: string;
  readonly pointerType?: string;
}

// spec: HTML #activation-triggering-input-event
function isActivationTriggering(e: InputEventFacts): boolean {
  switch (e.type) {
    case 'keydown':
      return e.key !== 'Escape';
    case 'mousedown':
      return true;
    case 'pointerdown':
      return e.pointerType === 'mouse';
    case 'pointerup':
      return e.pointerType !== 'mouse';
    case 'touchend':
      return true;
    default:
      return false;
  }
}

/**
 * Applies one input event to the activation state. Synthetic events (isTrusted false) and events
 * that are not activation-triggering leave it unchanged; the decision says which happened.
 */
export function recordInputEvent(
  state: ActivationState,
  event: unknown,
  now: number,
): { state: ActivationState; decision: Decision } {
  let facts: InputEventFacts;
  try {
    const type = readProperty(event, 'type');
    const isTrusted = readProperty(event, 'isTrusted');
    const key = readProperty(event, 'key');
    const pointerType = readProperty(event, 'pointerType');
    facts = {
      type: typeof type === 'string' ? type : '',
      isTrusted: isTrusted === true,
      ...(typeof key === 'string' ? { key } : {}),
      ...(typeof pointerType === 'string' ? { pointerType } : {}),
    };
  } catch {
    facts = { type: '', isTrusted: false };
  }
  if (!facts.isTrusted) {
    return {
      state,
      decision: deny('NotAllowedError', {
        action: `activation from a '${facts.type}' event`,
        reason: 'the event is synthetic (isTrusted is false); only real user input gives activation',
        fix: 'Start the session from a handler of a real click or key press.',
        requirement: 'R-INTENT-02',
      }),
    };
  }
  if (!isActivationTriggering(facts)) {
    return {
      state,
      decision: deny('NotAllowedError', {
        action: `activation from a '${facts.type}' event`,
        reason: 'this event type is not activation-triggering in HTML',
        requirement: 'R-INTENT-02',
      }),
    };
  }
  if (!NumberIsFinite(now)) throw new TypeError('recordInputEvent: now must be a finite number');
  return {
    state: ObjectFreeze({ lastActivationAt: now, hasBeenActive: true }),
    decision: allow(`trusted '${facts.type}' gives transient activation`, 'R-INTENT-02'),
  };
}

/** Marks an activation at `now` (for hosts that learn of activation another way, e.g. the Test API). */
export function activate(now: number): ActivationState {
  if (!NumberIsFinite(now)) throw new TypeError('activate: now must be a finite number');
  return ObjectFreeze({ lastActivationAt: now, hasBeenActive: true });
}

// spec: HTML #transient-activation — now >= last and now < last + duration.
export function hasTransientActivation(state: ActivationState, now: number, durationMs: number): boolean {
  const last = state?.lastActivationAt;
  if (typeof last !== 'number' || !NumberIsFinite(last) || !NumberIsFinite(now)) return false;
  if (!NumberIsFinite(durationMs) || durationMs <= 0) return false;
  return now >= last && now < last + durationMs;
}

/**
 * R-INTENT-09, AMB-16: an XR `select` the user completed in a visible session is activation-
 * triggering input (the explainer: inside a session, `select` counts as user activation), so a
 * request made in its handler has transient activation. The document's activation is the later
 * of the page's own and the last such select (`xrSelectAt`, null when none).
 */
export function withXRSelectActivation(state: ActivationState, xrSelectAt: number | null): ActivationState {
  if (xrSelectAt === null || !NumberIsFinite(xrSelectAt)) return state;
  const last = state?.lastActivationAt;
  if (typeof last === 'number' && NumberIsFinite(last) && last >= xrSelectAt) return state;
  return ObjectFreeze({ lastActivationAt: xrSelectAt, hasBeenActive: true });
}

export function hasStickyActivation(state: ActivationState): boolean {
  return state?.hasBeenActive === true;
}

// spec: HTML #consume-user-activation. (requestSession does not consume; AMB-16.)
export function consumeActivation(state: ActivationState): ActivationState {
  return ObjectFreeze({ lastActivationAt: null, hasBeenActive: state.hasBeenActive });
}

/**
 * The launch of an installed web application (R-INTENT-03/04, AMB-35): the host gives a one-shot
 * token per top-level document load, only when the user explicitly launched the app (an origin
 * that merely matches an installed app does not count). The first immersive request consumes it.
 */
export interface LaunchIntent {
  readonly documentId: string;
  readonly launchedByUser: boolean;
  readonly consumed: boolean;
}

export function createLaunchIntent(documentId: string, launchedByUser: boolean): LaunchIntent {
  if (typeof documentId !== 'string' || documentId === '') {
    throw new TypeError('createLaunchIntent: documentId must be a non-empty string');
  }
  return ObjectFreeze({ documentId, launchedByUser: launchedByUser === true, consumed: false });
}

export function launchIntentUsable(intent: LaunchIntent | null | undefined, documentId: string): boolean {
  return (
    intent !== null &&
    intent !== undefined &&
    intent.launchedByUser === true &&
    intent.consumed === false &&
    intent.documentId === documentId
  );
}

export function consumeLaunchIntent(intent: LaunchIntent): LaunchIntent {
  return ObjectFreeze({ ...intent, consumed: true });
}

/** What the "request was made with transient activation or when launching a web application" step sees. */
export interface ActivationFacts {
  readonly activation: ActivationState;
  readonly now: number;
  readonly durationMs: number;
  readonly documentId: string;
  readonly launchIntent?: LaunchIntent | null;
}

/** Which signal satisfied the activation step, if any. */
/** 'navigation': an automatic session after a navigation, when the UA allows it (R-NAV, off by default). */
/** 'offer': the user pressed the user agent's own control for the page's offerSession (R-NAV-21). */
export type ActivationSignal = 'transient-activation' | 'launch' | 'navigation' | 'offer';

export function activationSignal(facts: ActivationFacts): ActivationSignal | null {
  if (hasTransientActivation(facts.activation, facts.now, facts.durationMs)) return 'transient-activation';
  if (launchIntentUsable(facts.launchIntent, facts.documentId)) return 'launch';
  return null;
}
