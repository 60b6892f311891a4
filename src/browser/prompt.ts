// The consent prompt, drawn by xrgate as Trusted UI (R-TUI-02/03, R-CONSENT-12): in a closed
// shadow root on top of the page, so page scripts can neither reach nor restyle it. It names the
// requesting origin and every feature in plain words with what it reveals; one batched prompt per
// request, and requests made while it is open wait their turn instead of stacking (no spam); its
// buttons ignore clicks in the first moments after it appears and ignore synthetic events
// (clickjacking); it is keyboard accessible (Tab, Enter; Escape dismisses it, a refusal of this
// request only); "Allow once" and the longer allow are separate answers, and the longer one is
// "Allow and remember" only where answers are kept across page loads (`persistent`), otherwise
// "Allow on this page", with a line saying that answers are not kept (prompt-choices.ts).
//
// Against a page that runs after xrgate (issue "Hardening", point 4): the prompt is built with DOM
// methods captured at load; each button's answer is bound in its own closure and never read back
// from the DOM; it is shown in the top layer (a manual popover) with `!important` :host rules,
// which win over any page rule and inline style; and an answer counts only while the prompt is
// really visible to the user (IntersectionObserver v2: not covered even by content with
// pointer-events: none, not transparent, transformed or filtered), and only once it has been
// visible for the arming delay since it last became visible. A page that hides, moves or removes
// it gets a refusal.

import type { ConsentAnswer, ConsentProvider, ConsentQuestion } from '../policy/consent.js';
import {
  ObjectHasOwn,
  Promise,
  PromisePrototypeCatch,
  PromisePrototypeThen,
  PromiseResolve,
} from '../primordials.js';
import {
  CSSStyleDeclarationPrototypeGetPropertyValue,
  clientRect,
  counterPageScale,
  DocumentPrototypeElementFromPoint,
  defineOwnElement,
  dom,
  ElementPrototypeMatches,
  EventIsTrusted,
  HTMLButtonElementPrototypeSetType,
  HTMLElementPrototypeHidePopover,
  HTMLElementPrototypeShowPopover,
  KeyboardEventFacts,
  listen,
  observeChildren,
  onVisualViewportResize,
  placedInTopLayer,
  supportsPopover,
  theDocument,
  tracksVisibility,
  WindowGetComputedStyle,
  watchVisibility,
  whollyInView,
} from '../primordials-dom.js';
import { featureLabel, requesterLabel } from './feature-labels.js';
import { answerFor, type PromptChoice, promptButtons, promptNote } from './prompt-choices.js';

export interface PromptOptions {
  /** Clicks are ignored for this long after the prompt appears (anti-clickjacking). Default 600 ms. */
  readonly armDelayMs?: number;
  readonly document?: Document;
  /** Called when the prompt opens and closes (the overlay and tests use it). */
  readonly onOpen?: (host: HTMLElement) => void;
  /**
   * Whether the user agent keeps answers across page loads (install()'s persistConsent, outside
   * private mode). Only then does the prompt offer "Allow and remember". Default false: it offers
   * "Allow on this page" and says that answers are not kept — never a choice it cannot keep.
   */
  readonly persistent?: boolean;
}

const STYLE = `
:host { all: initial !important; direction: ltr !important; unicode-bidi: isolate !important; display: block !important; position: fixed !important; inset: 0 !important;
  width: auto !important; height: auto !important; margin: 0 !important; padding: 0 !important; border: 0 !important;
  background: transparent !important; opacity: 1 !important; visibility: visible !important; filter: none !important;
  transform: none !important; clip-path: none !important; mask: none !important; z-index: 2147483647 !important;
  pointer-events: auto !important; contain: none !important; overflow: visible !important; mix-blend-mode: normal !important; }
.backdrop { position: fixed; inset: 0; background: rgba(10, 12, 20, 0.55); display: flex;
  align-items: center; justify-content: center; font: 15px/1.4 system-ui, sans-serif; }
.dialog { box-sizing: border-box; background: #fff; color: #111; border-radius: 12px; padding: 20px 22px; width: min(484px, 92%);
  box-shadow: 0 12px 40px rgba(0,0,0,0.35); }
.badge { font-size: 12px; letter-spacing: .04em; text-transform: uppercase; color: #555; }
.origin { font-weight: 700; font-size: 18px; margin: 4px 0 10px; word-break: break-all; }
ul { margin: 8px 0 14px; padding-left: 18px; }
li { margin: 4px 0; }
.reveals { color: #444; }
.note { color: #444; font-size: 13px; margin: 0 0 12px; }
.buttons { display: flex; gap: 8px; flex-wrap: wrap; justify-content: flex-end; }
button { font: inherit; padding: 8px 12px; border-radius: 8px; border: 1px solid #888; background: #f4f4f4; cursor: pointer; }
button.primary { background: #1a5fd6; color: #fff; border-color: #1a5fd6; }
button[aria-disabled="true"] { opacity: .55; cursor: default; }
button:focus-visible { outline: 3px solid #f5a623; outline-offset: 2px; }
`;

/** The prompt's host element: a custom element xrgate defines at load, so a page cannot define it first. */
const PROMPT_TAG = defineOwnElement('xrgate-prompt');

const setTimeoutFn = globalThis.setTimeout.bind(globalThis);
const perfNow = globalThis.performance.now.bind(globalThis.performance);
/** The dialog's size on screen within which an answer counts (CSS pixels). */
const DIALOG_MIN = { width: 240, height: 120 };
const DIALOG_MAX = { width: 4096, height: 4096 };

/** A ConsentProvider that asks the user through xrgate's Trusted-UI prompt. */
export function createTrustedPrompt(options: PromptOptions = {}): ConsentProvider {
  const doc = options.document ?? theDocument;
  const armDelay = options.armDelayMs ?? 600;
  // Read once, as an own property: the prompt never promises more than it was told.
  const persistent = ObjectHasOwn(options, 'persistent') && options.persistent === true;
  let queue: Promise<unknown> = PromiseResolve(undefined);
  return (q: ConsentQuestion): Promise<ConsentAnswer> => {
    if (!doc) return PromiseResolve(answerFor(q, 'block'));
    const next = PromisePrototypeThen(queue, () => show(doc, q, armDelay, persistent, options.onOpen));
    queue = PromisePrototypeCatch(next, () => undefined);
    return next;
  };
}

/**
 * Where this browser cannot compute occlusion: the prompt counts as visible when its host's computed
 * style is untouched and the topmost element at the centre of `target` is the prompt.
 */
function visibleByHitTest(doc: Document, host: HTMLElement, target: HTMLElement): boolean {
  const getValue = CSSStyleDeclarationPrototypeGetPropertyValue;
  if (!WindowGetComputedStyle || !getValue) return false;
  const cs = WindowGetComputedStyle(host);
  const prop = (n: string) => getValue(cs, n);
  if (prop('opacity') !== '1' || prop('visibility') !== 'visible' || prop('display') === 'none') return false;
  if (prop('transform') !== 'none' || prop('filter') !== 'none') return false;
  const r = clientRect(target);
  if (!r || !DocumentPrototypeElementFromPoint) return false;
  const top = DocumentPrototypeElementFromPoint(doc, r.left + r.width / 2, r.top + r.height / 2);
  return top === host;
}

function show(
  doc: Document,
  q: ConsentQuestion,
  armDelay: number,
  persistent: boolean,
  onOpen?: (host: HTMLElement) => void,
): Promise<ConsentAnswer> {
  return new Promise<ConsentAnswer>((resolve) => {
    const el = (tag: string, text?: string, cls?: string) => dom.create(doc, tag, text, cls);
    const host = el(PROMPT_TAG);
    const root = dom.shadow(host);
    const style = el('style', STYLE);
    const backdrop = el('div', undefined, 'backdrop');
    const dialog = el('div', undefined, 'dialog');
    dom.attr(dialog, 'role', 'alertdialog');
    dom.attr(dialog, 'aria-modal', 'true');
    dom.attr(dialog, 'aria-labelledby', 'xrgate-title');
    const badge = el('div', 'xrgate — permission request', 'badge');
    const origin = el('div', `${requesterLabel(q.origin)} wants to:`, 'origin');
    dom.attr(origin, 'id', 'xrgate-title');
    const list = el('ul');
    for (let i = 0; i < q.features.length; i++) {
      const f = q.features[i]!;
      const li = el('li');
      const label = el('strong', featureLabel(f.name) + (f.required ? '' : ' (optional)'));
      const reveals = el('div', `This can reveal ${f.reveals}.`, 'reveals');
      dom.append(li, label, reveals);
      dom.append(list, li);
    }
    const buttons = el('div', undefined, 'buttons');

    let visible = !tracksVisibility; // where occlusion is computed, visible only once it says so
    let visibleSince = perfNow();
    let settled = false;
    const cleanups: (() => void)[] = [];
    // At its own size on screen whatever the page's zoom on html or a phone's page scale (a page
    // without <meta name=viewport> is drawn at about 0.4), as the camera badge is.
    const counterScale = counterPageScale(style, STYLE);
    counterScale();
    cleanups[cleanups.length] = onVisualViewportResize(counterScale);
    const finish = (answer: PromptChoice) => {
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
      resolve(answerFor(q, answer));
    };
    /** Whether a real answer given now counts (R-TUI-03 (7)). */
    const counts = (target: HTMLElement): boolean => {
      // Taken out of the document (with the document element, say) as the click arrives: the page
      // is moving things under the user's pointer; the answer waits for a prompt in place.
      if (!dom.isConnected(host)) return false;
      // Drawn at another size than the user has seen (the page changed its zoom, or stopped the
      // visual viewport's resize event): redrawn, and this click does not count.
      if (counterScale()) return false;
      // Moved out of the top layer (into a container the page clips to a sliver of a button,
      // say), or its popover closed: not the prompt the user is shown.
      if (!placedInTopLayer(doc, host)) return false;
      // Wholly on screen and legible: a page's zoom on an ancestor can push the question and its
      // origin past the viewport's edges (or shrink them) while IO v2 still calls it visible.
      if (!whollyInView(dialog, DIALOG_MIN, DIALOG_MAX)) return false;
      if (perfNow() - visibleSince < armDelay) return false;
      if (tracksVisibility) return visible;
      return visibleByHitTest(doc, host, target);
    };
    const make = (text: string, answer: PromptChoice, primary = false): HTMLButtonElement => {
      const b = el('button', text, primary ? 'primary' : undefined) as HTMLButtonElement;
      if (HTMLButtonElementPrototypeSetType) HTMLButtonElementPrototypeSetType(b, 'button');
      // For tools that locate the button (tests drive it through CDP); never read back.
      dom.attr(b, 'data-answer', answer);
      dom.attr(b, 'aria-disabled', 'true');
      listen(b, 'click', (e: Event) => {
        if (EventIsTrusted(e) && counts(b)) finish(answer);
      });
      return b;
    };
    const choices = promptButtons(persistent);
    const all: HTMLButtonElement[] = [];
    for (let i = 0; i < choices.length; i++) {
      const c = choices[i]!;
      all[i] = make(c.label, c.answer, c.primary);
      dom.append(buttons, all[i]!);
    }
    const block = all[0]!;
    const note = el('p', promptNote(persistent), 'note');
    dom.append(dialog, badge, origin, list, note, buttons);
    dom.append(backdrop, dialog);
    dom.append(root, style, backdrop);
    listen(dialog, 'keydown', (e: Event) => {
      const k = KeyboardEventFacts(e);
      // Refusing needs no arming. Escape dismisses: a refusal of this request only, asked again
      // next time (not a Block for the page's lifetime).
      if (k && k.key === 'Escape' && EventIsTrusted(e)) finish('dismiss');
    });
    const setArmed = (armed: boolean) => {
      for (let i = 0; i < all.length; i++) dom.attr(all[i]!, 'aria-disabled', armed ? 'false' : 'true');
    };
    const arm = () => {
      if (settled) return;
      const wait = armDelay - (perfNow() - visibleSince);
      if (wait > 0) {
        setTimeoutFn(arm, wait + 1);
        return;
      }
      setArmed(visible);
    };
    // If the page removes the prompt, or moves it anywhere but the document element (out of the
    // top layer), that is a refusal.
    const docEl = dom.documentElement(doc);
    if (docEl) {
      cleanups[cleanups.length] = observeChildren(docEl, () => {
        if (!placedInTopLayer(doc, host)) finish('block');
      });
    }
    if (supportsPopover) {
      dom.attr(host, 'popover', 'manual');
      listen(host, 'toggle', (e: Event) => {
        // Only the browser's own toggle event; a closed popover is a hidden prompt: refused.
        if (EventIsTrusted(e) && !settled && !isOpen(host)) finish('block');
      });
    }
    if (docEl) dom.append(docEl, host);
    if (supportsPopover) HTMLElementPrototypeShowPopover!(host);
    if (tracksVisibility) {
      cleanups[cleanups.length] = watchVisibility(dialog, (now) => {
        if (now && !visible) visibleSince = perfNow(); // armed for its delay since it last became visible
        visible = now;
        if (!now) setArmed(false);
        else arm();
      });
    }
    visibleSince = perfNow();
    setTimeoutFn(arm, armDelay);
    dom.focus(block);
    onOpen?.(host);
  });
}

function isOpen(host: HTMLElement): boolean {
  try {
    return ElementPrototypeMatches ? ElementPrototypeMatches(host, ':popover-open') === true : true;
  } catch {
    return false;
  }
}
