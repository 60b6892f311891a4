// The camera privacy indicator in the script bundle (Raw Camera Access #privacy-indicators,
// R-CAM-06): while a session granted 'camera-access' exists, a badge in the viewport's top corner
// says that the camera is in use and by which origin. Drawn as Trusted UI the way the consent
// prompt is (src/browser/prompt.ts): captured DOM methods, a custom element defined at load, a
// closed shadow root, the top layer, `!important` :host rules. A page that removes it gets it back
// at once; a page that covers it with top-layer content of its own (a popover, a dialog,
// fullscreen) has it raised above that again whenever it stops being visible.

import type { PrivacyIndicator, PrivacyIndicatorRequest } from '../host/host.js';
import {
  defineOwnElement,
  dom,
  HTMLElementPrototypeHidePopover,
  HTMLElementPrototypeShowPopover,
  observeChildren,
  supportsPopover,
  theDocument,
  tracksVisibility,
  watchVisibility,
} from '../primordials-dom.js';

const TAG = defineOwnElement('xrgate-indicator');

const STYLE = `
:host { all: initial !important; display: block !important; position: fixed !important; inset: 10px 10px auto auto !important;
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

/** Shows the indicator until remove() is called. */
export function showPrivacyIndicator(request: PrivacyIndicatorRequest): PrivacyIndicator {
  const doc = theDocument;
  const docEl = doc ? dom.documentElement(doc) : null;
  if (!doc || !docEl) return { remove() {} };
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
  dom.append(root, dom.create(doc, 'style', STYLE), badge);
  dom.attr(host, 'data-xrgate-indicator', request.kind);
  if (supportsPopover) dom.attr(host, 'popover', 'manual');

  let removed = false;
  const cleanups: (() => void)[] = [];
  const put = () => {
    if (removed) return;
    if (!dom.isConnected(host)) dom.append(docEl, host);
    raise(host);
  };
  // A page that removes it (or replaces the document element's children) gets it back at once.
  cleanups[cleanups.length] = observeChildren(docEl, () => {
    if (!removed && !dom.isConnected(host)) put();
  });
  put();
  if (tracksVisibility) {
    // Covered by the page's own top-layer content: raised above it again.
    cleanups[cleanups.length] = watchVisibility(badge, (visible) => {
      if (!visible && !removed && dom.isConnected(host)) raise(host);
    });
  }
  return {
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
