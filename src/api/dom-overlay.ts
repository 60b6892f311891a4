// The page side of the DOM Overlays Module (immersive-web/dom-overlays index.bs @ 581e1f1):
// XRSessionInit.domOverlay's conversion, the session's overlay (shown when the session starts,
// removed when it ends), and the primary actions that begin on it (beforexrselect; cross-origin
// content). What the pointer is over is a DOM question the page's document answers (through a
// DomOverlayHost of built-ins captured at install, src/browser/dom-overlay.ts); what the session
// makes of it is the policy's (src/policy/dom-overlay.ts). In Node there is no DOM: no host, so
// every action is in the world and domOverlayState still reports the type.

import type { DeviceInputAction } from '../device/types.js';
import {
  beforeXRSelectIsFired,
  type OverlayTarget,
  overlayInputOutcome,
  type XRDOMOverlayType,
} from '../policy/dom-overlay.js';
import { ArrayPrototypePush, ObjectFreeze, ObjectHasOwn, SafeSet, TypeError } from '../primordials.js';

/** What the page's document does for the overlay (the browser: src/browser/dom-overlay.ts). */
export interface DomOverlayHost {
  /** Is `v` an Element of this document's realm (XRDOMOverlayInit.root)? */
  isElement(v: unknown): boolean;
  /** Shows `root` as the overlay (the browser: fullscreen, transparent); false if it could not be. */
  show(root: object, session: object): void;
  /** Removes the overlay (the session ended). */
  hide(root: object, session: object): void;
  /**
   * The topmost element at (x, y) (CSS pixels) within `root`: `element` is it, or null when the
   * point is outside the overlay; `crossOrigin` when it is content of another origin (an iframe,
   * object or embed whose document this one cannot read).
   */
  hitTest(
    root: object,
    x: number,
    y: number,
  ): { readonly element: object | null; readonly crossOrigin: boolean };
  /** Fires `beforexrselect` (bubbles, cancelable, composed) at `element`; true if it was cancelled. */
  fireBeforeXRSelect(element: object, session: object): boolean;
}

/**
 * spec(dom-overlays) #initialization: XRSessionInit.domOverlay (a nullable XRDOMOverlayInit, whose
 * `root` is a required Element). Read once; undefined or null: none. R-DOM-08: the root is an
 * Element of the requesting document's realm (where there is a DOM), else TypeError.
 */
export function convertDomOverlayInit(options: unknown, host: DomOverlayHost | undefined): object | null {
  if (options === undefined || options === null) return null;
  if (typeof options !== 'object' && typeof options !== 'function') return null;
  const init = (options as { domOverlay?: unknown }).domOverlay;
  if (init === undefined || init === null) return null;
  if (typeof init !== 'object' && typeof init !== 'function') {
    throw new TypeError("requestSession: 'domOverlay' is not of type 'XRDOMOverlayInit' [R-DOM-08]");
  }
  const root = (init as { root?: unknown }).root;
  if (root === undefined) {
    throw new TypeError(
      "requestSession: required member 'root' is undefined in 'XRDOMOverlayInit' [R-DOM-08]",
    );
  }
  if (root === null || typeof root !== 'object' || (host !== undefined && !host.isElement(root))) {
    throw new TypeError("requestSession: 'domOverlay.root' is not of type 'Element' [R-DOM-08]");
  }
  return root;
}

/** The overlay of one session (only when 'dom-overlay' was enabled). */
export class SessionDomOverlay {
  readonly type: XRDOMOverlayType;
  /** XRSession.domOverlayState ([SameObject] in practice: one object for the session). */
  readonly state: { readonly type: XRDOMOverlayType };
  readonly #root: object | null;
  readonly #host: DomOverlayHost | undefined;
  readonly #session: object;
  /** Sources whose primary action began on the overlay and gives no XR select (until it ends). */
  readonly #suppressed = new SafeSet<number>();
  /**
   * R-DOM-04: sources whose action began on cross-origin content: their poses are withheld until it
   * ends (a click: for its frame). Read by the session's pose resolver.
   */
  readonly withheldSources = new SafeSet<number>();
  /** Sources withheld for one frame only (a click): released by the next frame's filter. */
  #oneFrame: number[] = [];
  #shown = false;

  constructor(
    type: XRDOMOverlayType,
    root: object | null,
    host: DomOverlayHost | undefined,
    session: object,
  ) {
    this.type = type;
    this.state = ObjectFreeze({ __proto__: null, type } as unknown as { readonly type: XRDOMOverlayType });
    this.#root = root;
    this.#host = host;
    this.#session = session;
  }

  /** The session started: the overlay is visible from its start (spec #xrsessioninit). */
  show(): void {
    if (this.#shown || this.#root === null || this.#host === undefined) return;
    this.#shown = true;
    this.#host.show(this.#root, this.#session);
  }

  /** R-DOM-06: the session ended: the overlay goes. */
  hide(): void {
    if (!this.#shown || this.#root === null || this.#host === undefined) return;
    this.#shown = false;
    this.#host.hide(this.#root, this.#session);
  }

  /** What the device's pointer was over when the action began. */
  #target(a: DeviceInputAction): { target: OverlayTarget; element: object | null } {
    const p = ObjectHasOwn(a, 'overlayPoint') ? a.overlayPoint : undefined;
    if (p === undefined || this.#root === null || this.#host === undefined)
      return { target: 'outside', element: null };
    const hit = this.#host.hitTest(this.#root, p.x, p.y);
    if (hit.crossOrigin) return { target: 'cross-origin', element: null };
    return hit.element === null
      ? { target: 'outside', element: null }
      : { target: 'overlay', element: hit.element };
  }

  /**
   * spec(dom-overlays) #xrinputsource (on-before-input-start) and #cross-origin-content-events: the
   * frame's actions as the session handles them. A primary action that begins on same-origin
   * overlay content fires beforexrselect first; cancelled, or begun on cross-origin content, it
   * gives no selectstart, select or selectend (R-DOM-03/04).
   */
  filter(actions: readonly DeviceInputAction[]): readonly DeviceInputAction[] {
    if (this.#oneFrame.length > 0) {
      for (let i = 0; i < this.#oneFrame.length; i++) this.withheldSources.delete(this.#oneFrame[i]!);
      this.#oneFrame = [];
    }
    if (actions.length === 0) return actions;
    let out: DeviceInputAction[] | null = null;
    for (let i = 0; i < actions.length; i++) {
      const a = actions[i]!;
      let keep = true;
      if (a.action === 'select') {
        if (a.phase === 'start' || a.phase === 'click') {
          const { target, element } = this.#target(a);
          const cancelled =
            beforeXRSelectIsFired(target) && element !== null && this.#host !== undefined
              ? this.#host.fireBeforeXRSelect(element, this.#session)
              : false;
          const outcome = overlayInputOutcome(target, cancelled);
          if (outcome !== 'primary') {
            keep = false;
            if (a.phase === 'start') this.#suppressed.add(a.sourceId);
          }
          if (outcome === 'withheld') {
            this.withheldSources.add(a.sourceId);
            if (a.phase === 'click') ArrayPrototypePush(this.#oneFrame, a.sourceId);
          }
        } else if (this.#suppressed.has(a.sourceId)) {
          // The end (or cancel) of an action that gave no selectstart gives nothing either.
          this.#suppressed.delete(a.sourceId);
          if (this.withheldSources.has(a.sourceId)) {
            // (Its poses come back from the next frame: this one's were over the content.)
            ArrayPrototypePush(this.#oneFrame, a.sourceId);
          }
          keep = false;
        }
      }
      if (keep) {
        if (out !== null) ArrayPrototypePush(out, a);
        continue;
      }
      if (out === null) {
        out = [];
        for (let j = 0; j < i; j++) ArrayPrototypePush(out, actions[j]!);
      }
    }
    return out === null ? actions : out;
  }
}
