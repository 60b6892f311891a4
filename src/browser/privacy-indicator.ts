// The camera privacy indicator in the script bundle (Raw Camera Access #privacy-indicators,
// R-CAM-06): while a session granted 'camera-access' exists, a badge in the viewport's top corner
// says that the camera is in use and by which origin. Drawn as Trusted UI the way the consent
// prompt is (src/browser/prompt.ts): captured DOM methods, a custom element defined at load, a
// closed shadow root, the top layer, `!important` :host rules. A page that removes it gets it back
// at once, wherever it was moved; a page that covers it with top-layer content of its own (a
// popover, a dialog, fullscreen) has it raised above that again whenever it stops being visible.
// The user agent asks shown() every frame and reports no camera image while it is false: a page
// that manages to hide it (a cancelled popover, a zoom, a cover raised again and again) only stops
// its own camera images.

import type { PrivacyIndicator, PrivacyIndicatorRequest } from '../host/host.js';
import { MathRandom, setTimeout } from '../primordials.js';
import {
  canDefineElements,
  counterPageScale,
  defineOwnElement,
  dom,
  ElementPrototypeGetAttribute,
  HTMLElementPrototypeHidePopover,
  HTMLElementPrototypeShowPopover,
  NodePrototypeGetParentNode,
  observeChildren,
  placedInTopLayer,
  supportsPopover,
  theDocument,
  tracksVisibility,
  watchVisibility,
  whollyInView,
} from '../primordials-dom.js';

// Where this realm cannot define it before the page (an extension's isolated world has no
// customElements), a div: a page-defined custom element's constructor must never run here.
const TAG = canDefineElements() ? defineOwnElement('xrgate-indicator') : 'div';

const STYLE = `
:host { all: initial !important; direction: ltr !important; unicode-bidi: isolate !important; display: block !important; position: fixed !important; inset: 10px 10px auto auto !important;
  margin: 0 !important; width: max-content !important; height: auto !important; padding: 0 !important; border: 0 !important;
  background: transparent !important; opacity: 1 !important; visibility: visible !important; filter: none !important;
  transform: none !important; clip-path: none !important; z-index: 2147483647 !important; pointer-events: none !important; }
.badge { display: flex; gap: 8px; align-items: center; background: #10131c; color: #fff; border-radius: 16px;
  padding: 6px 12px 6px 10px; font: 13px/1.3 system-ui, sans-serif; box-shadow: 0 4px 16px rgba(0,0,0,.45); }
.dot { width: 10px; height: 10px; border-radius: 50%; background: #e5383b; box-shadow: 0 0 0 3px rgba(229,56,59,.35); }
.origin { color: #b9c1d9; }
`;

/** What the badge says for `request` (also its accessible name). */
export function indicatorText(request: PrivacyIndicatorRequest): string {
  return `Camera in use by ${request.origin}`;
}

/** Puts `host` on top of the top layer (again). */
function raise(host: HTMLElement): void {
  if (!supportsPopover) return;
  try {
    HTMLElementPrototypeHidePopover!(host);
  } catch {
    // not shown, or removed by the page
  }
  try {
    HTMLElementPrototypeShowPopover!(host);
  } catch {
    // not connected: the child observer puts it back
  }
}

/**
 * The badge's size on screen that counts as shown, in pixels of the screen's CSS scale (about
 * 270 × 29 drawn; a page's zoom on an ancestor, or a phone's page scale, can shrink it out of
 * legibility or grow it past the viewport's edges).
 */
const MIN_SIZE = { width: 120, height: 20 };
const MAX_SIZE = { width: 720, height: 64 };
/**
 * Occlusion is sampled by IntersectionObserver v2 about every 100 ms: three observers started at
 * staggered random moments sample between each other's times, all must say visible, and once one
 * says hidden no camera image goes for a second (a page that covers the badge between samples, or
 * times its cover by the badge's raise, gains little).
 */
const OBSERVERS = 3;
const HOLD_AFTER_HIDDEN_MS = 1000;
const perfNow = globalThis.performance.now.bind(globalThis.performance);

/** An indicator that cannot be shown: it says so, and no camera image is reported (fail closed). */
const NOT_SHOWN: PrivacyIndicator = { shown: () => false, remove() {} };

/**
 * Shows the indicator until remove() is called. shown() is the user agent's check, every frame,
 * that the user can see it: in the current document element, in the top layer, not covered (IO
 * v2), not shrunk; when it is not, it is put back, and no camera image goes to the page meanwhile.
 */
export function showPrivacyIndicator(request: PrivacyIndicatorRequest): PrivacyIndicator {
  const doc = theDocument;
  if (!doc) return NOT_SHOWN;
  // (No document element yet, or the page took it away: the badge goes in when there is one.)
  const host = dom.create(doc, TAG);
  const root = dom.shadow(host);
  const badge = dom.create(doc, 'div', undefined, 'badge');
  dom.attr(badge, 'role', 'status');
  dom.attr(badge, 'aria-label', indicatorText(request));
  dom.append(
    badge,
    dom.create(doc, 'span', undefined, 'dot'),
    dom.create(doc, 'span', 'Camera in use'),
    dom.create(doc, 'span', request.origin, 'origin'),
  );
  const style = dom.create(doc, 'style', STYLE);
  dom.append(root, style, badge);
  /** On a phone the badge is zoomed by the inverse of the page scale (legible at any scale). */
  const counterScale = counterPageScale(style, STYLE);
  dom.attr(host, 'data-xrgate-indicator', request.kind);

  let removed = false;
  /** Each observer's last word on the badge (covered, transparent, off screen: false); false until it speaks. */
  const verdicts: boolean[] = [];
  for (let i = 0; i < OBSERVERS; i++) verdicts[i] = !tracksVisibility;
  let hiddenAt = -HOLD_AFTER_HIDDEN_MS;
  const cleanups: (() => void)[] = [];
  /** A child of the document element of now (the page may have replaced it, or moved the badge). */
  const placed = () => {
    const el = dom.documentElement(doc);
    return el !== null && NodePrototypeGetParentNode!(host) === el;
  };
  const put = () => {
    if (removed) return;
    const el = dom.documentElement(doc);
    if (el === null) return;
    if (NodePrototypeGetParentNode!(host) !== el) dom.append(el, host);
    if (supportsPopover && ElementPrototypeGetAttribute!(host, 'popover') !== 'manual')
      dom.attr(host, 'popover', 'manual');
    raise(host);
  };
  // Moved anywhere (a hidden element, a shadow root, another document), removed, its document
  // element replaced, its popover attribute taken: put back at once.
  cleanups[cleanups.length] = observeChildren(
    doc,
    () => {
      if (!removed && !placed()) put();
    },
    true,
    host,
  );
  put();
  if (tracksVisibility) {
    const watch = (k: number) => {
      if (removed) return;
      cleanups[cleanups.length] = watchVisibility(badge, (v) => {
        verdicts[k] = v;
        if (v) return;
        hiddenAt = perfNow();
        // Covered by the page's own top-layer content: raised above it again.
        if (!removed && dom.isConnected(host)) raise(host);
      });
    };
    watch(0);
    for (let k = 1; k < OBSERVERS; k++) setTimeout(() => watch(k), (k - 1 + MathRandom()) * 40);
  }
  return {
    shown() {
      if (removed) return false;
      counterScale();
      if (!placedInTopLayer(doc, host)) {
        put();
        return false;
      }
      for (let i = 0; i < OBSERVERS; i++) if (!verdicts[i]) return false;
      if (perfNow() - hiddenAt < HOLD_AFTER_HIDDEN_MS) return false;
      return whollyInView(badge, MIN_SIZE, MAX_SIZE);
    },
    remove() {
      if (removed) return;
      removed = true;
      for (let i = 0; i < cleanups.length; i++) cleanups[i]!();
      if (supportsPopover) {
        try {
          HTMLElementPrototypeHidePopover!(host);
        } catch {
          // already hidden
        }
      }
      dom.detach(host);
    },
  };
}
