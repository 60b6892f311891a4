// The WebXR DOM Overlays Module's rules (immersive-web/dom-overlays index.bs @ 581e1f1). Pure: the
// page side finds which element a pointer is over (a DOM question); these rules decide what the
// session may learn from it.
//
// The spec's security section (#security, #cross-origin-content-events): the overlay combines XR
// input with ordinary 2D content, and must not leak to the page what the user does in cross-origin
// content shown in it (no poses or gamepad data while the pointer is over it, no select for an
// action that happens there); `beforexrselect` lets a page keep its own DOM UI from also producing
// XR selects. xrgate adds: only the device's input reaches the session (a page's synthetic DOM
// events never become XR selects).

import { ArrayPrototypeFilter, ArrayPrototypeIncludes, ObjectFreeze } from '../primordials.js';
import { allow, type Decision, deny } from './decision.js';

export type XRDOMOverlayType = 'screen' | 'floating' | 'head-locked';
export const domOverlayTypes: readonly XRDOMOverlayType[] = ObjectFreeze([
  'screen',
  'floating',
  'head-locked',
]);

export interface DomOverlayRequest {
  readonly requiredFeatures: readonly string[];
  readonly optionalFeatures: readonly string[];
  /** XRSessionInit.domOverlay.root was given (an Element, checked in the page's realm). */
  readonly rootGiven: boolean;
}

/**
 * R-DOM-01: 'dom-overlay' without `domOverlay.root` is an unresolved feature: required, the
 * request is refused with NotSupportedError; optional, it is dropped from the request.
 */
// spec(dom-overlays): #xrsessioninit ("If the DOM overlay feature is a required feature but …")
export function domOverlayFeatureRequest(
  req: DomOverlayRequest,
): Decision<{ requiredFeatures: readonly string[]; optionalFeatures: readonly string[] }> {
  if (req.rootGiven) {
    return allow('the overlay root was given', 'R-DOM-01', {
      requiredFeatures: req.requiredFeatures,
      optionalFeatures: req.optionalFeatures,
    });
  }
  if (ArrayPrototypeIncludes(req.requiredFeatures, 'dom-overlay')) {
    return deny('NotSupportedError', {
      action: 'requestSession()',
      reason: "'dom-overlay' is a required feature but no domOverlay.root element was given",
      fix: "Pass { domOverlay: { root: element } } with the feature, or make 'dom-overlay' optional.",
      requirement: 'R-DOM-01',
    });
  }
  return allow("without domOverlay.root the optional 'dom-overlay' is ignored", 'R-DOM-01', {
    requiredFeatures: req.requiredFeatures,
    optionalFeatures: ArrayPrototypeFilter(req.optionalFeatures, (f) => f !== 'dom-overlay'),
  });
}

/**
 * R-DOM-02: how the overlay is shown, fixed for the session: a handheld (screen-space interaction)
 * device shows it over the whole screen; a headset as a floating rectangle. Null: the feature is
 * not enabled (domOverlayState is null).
 */
// spec(dom-overlays): #dom-xrsession-domoverlaystate, #enumdef-xrdomoverlaytype
export function domOverlayType(
  enabled: boolean,
  interactionMode: 'screen-space' | 'world-space',
): XRDOMOverlayType | null {
  if (!enabled) return null;
  return interactionMode === 'screen-space' ? 'screen' : 'floating';
}

/** What the pointer of a primary action is over, as the page side found it. */
export type OverlayTarget =
  /** Not over the overlay (or no overlay point: the action is in the world). */
  | 'outside'
  /** Over same-origin content of the overlay. */
  | 'overlay'
  /** Over cross-origin content (an iframe, object or embed whose document the page cannot read). */
  | 'cross-origin';

/** What the session makes of a primary action. */
export type OverlayInputOutcome =
  /** An XR primary action as usual (selectstart … select). */
  | 'primary'
  /** beforexrselect was cancelled: no XR select events for this action (a transient source: auxiliary). */
  | 'suppressed'
  /** Cross-origin content: no beforexrselect, no select, and the source's poses and gamepad withheld. */
  | 'withheld';

/**
 * R-DOM-03/04: the outcome of a primary action that began over `target`. `beforexrselect` is fired
 * only for same-origin overlay content (`cancelled`: its preventDefault() was called).
 */
// spec(dom-overlays): #xrinputsource (on-before-input-start), #cross-origin-content-events
export function overlayInputOutcome(target: OverlayTarget, cancelled: boolean): OverlayInputOutcome {
  if (target === 'cross-origin') return 'withheld';
  if (target === 'overlay' && cancelled) return 'suppressed';
  return 'primary';
}

/** R-DOM-03: is a beforexrselect event fired for an action over `target`? */
export function beforeXRSelectIsFired(target: OverlayTarget): boolean {
  return target === 'overlay';
}

/**
 * R-DOM-05: while an immersive session shows a DOM overlay through the Fullscreen API, no other
 * element may become fullscreen (the overlay element cannot be changed during the session).
 */
// spec(dom-overlays): #fullscreen-api-integration
export function fullscreenChangeIsAllowed(facts: { readonly overlayActive: boolean }): Decision {
  if (facts.overlayActive) {
    return deny('TypeError', {
      action: 'requestFullscreen()',
      reason: 'an immersive session is showing its DOM overlay, which cannot change during the session',
      fix: 'Call requestFullscreen() after the session ended.',
      requirement: 'R-DOM-05',
    });
  }
  return allow('no DOM overlay is shown', 'R-DOM-05');
}
