// The user agent's own "Enter VR/AR" control for navigator.xr.offerSession() in the script bundle
// (R-NAV-21): a bar at the top of the viewport (where it covers no app's own Enter button, which
// libraries put at the bottom), drawn by xrgate as Trusted UI the way the
// consent prompt is (src/browser/prompt.ts): captured DOM methods, a custom element defined at
// load, a closed shadow root, the top layer, `!important` :host rules, trusted clicks only, and a
// press counts only while the control is really visible (IntersectionObserver v2) and armed for
// its delay since it last became visible. The press is the activation for the offered request.

import type { OfferControl, OfferControlRequest } from '../host/host.js';
import { Promise, PromisePrototypeThen, ReflectApply } from '../primordials.js';
import {
  counterPageScale,
  defineOwnElement,
  dom,
  EventIsTrusted,
  HTMLButtonElementPrototypeSetType,
  HTMLElementPrototypeHidePopover,
  HTMLElementPrototypeShowPopover,
  listen,
  observeChildren,
  onVisualViewportResize,
  placedInTopLayer,
  supportsPopover,
  theDocument,
  tracksVisibility,
  watchVisibility,
  whollyInView,
} from '../primordials-dom.js';

const TAG = defineOwnElement('xrgate-offer');
const ARM_DELAY_MS = 400;
/**
 * The bar's size on screen (CSS pixels times a phone's page scale) at which a press counts: drawn
 * about 260 × 50; a page's zoom (html 0.1, body 10: the page looks normal) drew it 35 × 4.
 */
const BAR_MIN = { width: 160, height: 32 };
const BAR_MAX = { width: 4096, height: 4096 };
const setTimeoutFn = globalThis.setTimeout.bind(globalThis);
// history.back as it was at load.
const historyAtLoad = (globalThis as { history?: History }).history;
const historyBackFn = historyAtLoad ? historyAtLoad.back : undefined;
function historyBack(): void {
  if (historyAtLoad && historyBackFn) ReflectApply(historyBackFn, historyAtLoad, []);
}
const perfNow = globalThis.performance.now.bind(globalThis.performance);

const STYLE = `
:host { all: initial !important; display: block !important; position: fixed !important; inset: 12px 0 auto 0 !important;
  margin: 0 auto !important; width: max-content !important; max-width: calc(100% - 24px) !important; height: auto !important; padding: 0 !important; border: 0 !important;
  background: transparent !important; opacity: 1 !important; visibility: visible !important; filter: none !important;
  transform: none !important; clip-path: none !important; z-index: 2147483647 !important; pointer-events: auto !important; }
.bar { display: flex; gap: 10px; align-items: center; background: #10131c; color: #fff; border-radius: 28px;
  padding: 8px 10px 8px 18px; font: 15px/1.3 system-ui, sans-serif; box-shadow: 0 8px 30px rgba(0,0,0,.45); }
.text { min-width: 0; overflow-wrap: anywhere; }
.origin { color: #b9c1d9; font-size: 13px; }
button { font: inherit; border: 0; border-radius: 20px; padding: 8px 16px; cursor: pointer; }
button.enter { background: #1a5fd6; color: #fff; font-weight: 600; }
button.close { background: transparent; color: #b9c1d9; padding: 8px 10px; }
button[aria-disabled="true"] { opacity: .6; cursor: default; }
`;

function label(mode: string): string {
  return mode === 'immersive-ar' ? 'Enter AR' : 'Enter VR';
}

/** What the bar says: the offer's "Enter VR?", or the navigation interstitial's (R-NAV-16). */
interface BarText {
  readonly title: string;
  readonly enter: string;
  readonly close: string;
  readonly closeLabel: string;
}

/** Shows the control; `answer` settles when the user presses it or closes it. */
export function showOfferControl(request: OfferControlRequest): OfferControl {
  return showBar(request, {
    title: `${label(request.mode)}?`,
    enter: label(request.mode),
    close: '✕',
    closeLabel: 'Not now',
  });
}

/**
 * The navigation interstitial (R-NAV-16) in the bundle: the same trusted bar, showing the origin
 * the navigation arrived at, with Continue and Leave (Leave goes back where the user came from).
 */
export function showNavigationInterstitial(request: {
  readonly origin: string;
}): Promise<'continue' | 'leave'> {
  const bar = showBar(
    { origin: request.origin, mode: 'immersive-vr' },
    { title: 'Immersive content from', enter: 'Continue', close: 'Leave', closeLabel: 'Leave' },
  );
  return PromisePrototypeThen(bar.answer, (a) => {
    if (a === 'pressed') return 'continue';
    historyBack();
    return 'leave';
  });
}

function showBar(request: OfferControlRequest, words: BarText): OfferControl {
  const doc = theDocument;
  let withdraw: () => void = () => {};
  const answer = new Promise<'pressed' | 'dismissed'>((resolve) => {
    if (!doc) return;
    const host = dom.create(doc, TAG);
    const root = dom.shadow(host);
    const bar = dom.create(doc, 'div', undefined, 'bar');
    dom.attr(bar, 'role', 'dialog');
    dom.attr(bar, 'aria-label', `${words.title} ${request.origin}`);
    const text = dom.create(doc, 'div', undefined, 'text');
    dom.append(text, dom.create(doc, 'div', words.title), dom.create(doc, 'div', request.origin, 'origin'));
    const enter = dom.create(doc, 'button', words.enter, 'enter') as HTMLButtonElement;
    const close = dom.create(doc, 'button', words.close, 'close') as HTMLButtonElement;
    if (HTMLButtonElementPrototypeSetType) {
      HTMLButtonElementPrototypeSetType(enter, 'button');
      HTMLButtonElementPrototypeSetType(close, 'button');
    }
    dom.attr(enter, 'data-offer', 'enter');
    dom.attr(close, 'data-offer', 'dismiss');
    dom.attr(close, 'aria-label', words.closeLabel);
    dom.attr(enter, 'aria-disabled', 'true');
    dom.append(bar, text, enter, close);
    const style = dom.create(doc, 'style', STYLE);
    dom.append(root, style, bar);

    let visible = !tracksVisibility;
    let visibleSince = perfNow();
    let settled = false;
    const cleanups: (() => void)[] = [];
    // At its own size on screen whatever the page's zoom on html or a phone's page scale, as the
    // consent prompt is.
    const counterScale = counterPageScale(style, STYLE);
    counterScale();
    cleanups[cleanups.length] = onVisualViewportResize(counterScale);
    const finish = (a: 'pressed' | 'dismissed' | null) => {
      if (settled) return;
      settled = true;
      for (let i = 0; i < cleanups.length; i++) cleanups[i]!();
      if (supportsPopover) {
        try {
          HTMLElementPrototypeHidePopover!(host);
        } catch {
          // already hidden or removed by the page
        }
      }
      dom.detach(host);
      if (a !== null) resolve(a);
    };
    withdraw = () => finish(null);
    // A press counts on the bar as drawn by xrgate: in the top layer (not moved into a container
    // the page clips), wholly in view at a legible size, visible and armed.
    const armed = () =>
      visible &&
      !counterScale() &&
      perfNow() - visibleSince >= ARM_DELAY_MS &&
      placedInTopLayer(doc, host) &&
      whollyInView(bar, BAR_MIN, BAR_MAX);
    const arm = () => {
      if (settled) return;
      const wait = ARM_DELAY_MS - (perfNow() - visibleSince);
      if (wait > 0) setTimeoutFn(arm, wait + 1);
      else dom.attr(enter, 'aria-disabled', visible ? 'false' : 'true');
    };
    listen(enter, 'click', (e: Event) => {
      if (EventIsTrusted(e) && armed()) finish('pressed');
    });
    listen(close, 'click', (e: Event) => {
      if (EventIsTrusted(e)) finish('dismissed');
    });
    const docEl = dom.documentElement(doc);
    if (docEl) {
      // A page that removes the control, or moves it out of the top layer, dismisses it.
      cleanups[cleanups.length] = observeChildren(docEl, () => {
        if (!placedInTopLayer(doc, host)) finish('dismissed');
      });
    }
    if (supportsPopover) dom.attr(host, 'popover', 'manual');
    if (docEl) dom.append(docEl, host);
    if (supportsPopover) HTMLElementPrototypeShowPopover!(host);
    if (tracksVisibility) {
      cleanups[cleanups.length] = watchVisibility(bar, (now) => {
        if (now && !visible) visibleSince = perfNow();
        visible = now;
        if (!now) dom.attr(enter, 'aria-disabled', 'true');
        else arm();
      });
    }
    visibleSince = perfNow();
    setTimeoutFn(arm, ARM_DELAY_MS);
  });
  return {
    answer,
    withdraw: () => withdraw(),
  };
}
