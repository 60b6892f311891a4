// The session visibility gate (R-VIS-17): one value decides animation frames, input events,
// "poses may be reported" and the blurred-input rule. Spec: #xrsession-visibility-state (L939–953),
// #trustedenvironment-security (L2862–2864); R-VIS-02, R-VIS-09, R-TRUST-08, R-TUI-06/08.

import { ArrayPrototypeFilter, ArrayPrototypeMap } from '../primordials.js';
import type { VisibilityState } from './poses.js';
import type { UAProfile } from './profile.js';

export interface VisibilityFacts {
  readonly immersive: boolean;
  /** The device's own state (headset removed, another app in front …). */
  readonly deviceVisibility: VisibilityState;
  /** The document's visibilityState (inline sessions mirror it, R-VIS-02). */
  readonly documentVisibility: 'visible' | 'hidden';
  /** The focused area belongs to the session's document (R-TRUST-08). */
  readonly documentHasFocus: boolean;
  /** Trusted UI the user is interacting with (R-TUI-06/08). */
  readonly trustedUI: null | 'prompt' | 'text-input' | 'other';
  /** The system keyboard is shown (R-VIS-09). */
  readonly systemKeyboard: boolean;
  /** An automatic session started blurred and the user has not yet shown intent (R-NAV-16). */
  readonly startBlurred: boolean;
  /**
   * The immersive imagery is shown in the document itself (an emulator drawing on the page, as
   * dist/xrgate.js does): when the document is hidden the imagery cannot be seen (R-VIS-03, R-VIS-06).
   * A headset's display does not depend on the page's tab (R-VIS-12), so this is false by default.
   */
  readonly presentedInDocument?: boolean;
}

const rank: Record<VisibilityState, number> = { visible: 0, 'visible-blurred': 1, hidden: 2 };

function worst(a: VisibilityState, b: VisibilityState): VisibilityState {
  return rank[a] >= rank[b] ? a : b;
}

export function sessionVisibility(facts: VisibilityFacts, profile: UAProfile): VisibilityState {
  if (!facts.immersive) return facts.documentVisibility === 'hidden' ? 'hidden' : 'visible';
  let v: VisibilityState = facts.deviceVisibility;
  if (facts.presentedInDocument === true && facts.documentVisibility === 'hidden') v = 'hidden';
  if (!facts.documentHasFocus) v = worst(v, 'hidden');
  if (facts.trustedUI === 'text-input') v = worst(v, 'hidden');
  else if (facts.trustedUI === 'prompt') v = worst(v, profile.promptVisibility);
  else if (facts.trustedUI === 'other') v = worst(v, 'visible-blurred');
  if (facts.systemKeyboard) v = worst(v, 'visible-blurred');
  if (facts.startBlurred) v = worst(v, 'visible-blurred');
  return v;
}

export interface AnimationFrameFacts {
  readonly visibility: VisibilityState;
  readonly immersive: boolean;
  /** An immersive session is active in this user agent (this document's or another's). */
  readonly immersiveActiveElsewhere: boolean;
}

/**
 * May the session run an XR animation frame now? Not while hidden (R-VIS-06: hidden sessions run
 * no callbacks); an inline session's loop pauses while an immersive session is active (R-VIS-16).
 */
// spec: #xr-animation-frame, #dom-xrvisibilitystate-hidden; R-VIS-06, R-VIS-16
export function frameMayRun(facts: AnimationFrameFacts): boolean {
  if (facts.visibility === 'hidden') return false;
  if (!facts.immersive && facts.immersiveActiveElsewhere) return false;
  return true;
}

/** A primary or squeeze action as the device reports it. */
export interface InputActionFact {
  readonly phase: 'start' | 'end' | 'click' | 'cancel';
}

/**
 * R-VIS-05, AMB-04: input is not processed by a session that is not visible. The actions the
 * page may see this frame: all of them while visible; otherwise only the cancel of an action
 * already started (so that nothing stays pressed), never a new press. An action the user
 * completed while the session was blurred or hidden is reported as cancelled (selectend or
 * squeezeend, no select or squeeze), so that a page learns nothing of what the user did then.
 */
export function reportedInputActions<A extends InputActionFact>(
  visibility: VisibilityState,
  actions: readonly A[],
): readonly A[] {
  if (visibility === 'visible' || actions.length === 0) return actions;
  const ends = ArrayPrototypeFilter(actions, (a) => a.phase === 'end' || a.phase === 'cancel');
  return ArrayPrototypeMap(ends, (a) => (a.phase === 'end' ? ({ ...a, phase: 'cancel' } as A) : a));
}
