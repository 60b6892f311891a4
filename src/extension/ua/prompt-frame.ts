// The extension's consent prompt (prompt.html), shown in an iframe the page cannot script (an
// extension origin). Its question comes from the service worker for the token in its URL (once,
// to a frame in the same tab); its answer goes back to the service worker, which forwards it to the
// document's user-agent side. Clickjacking (R-TUI-03 (7)): an answer counts only while this frame
// is really visible to the user — IntersectionObserver v2 computes that across the embedding page:
// not covered (even by content with pointer-events: none), not transparent, transformed or
// filtered — and only once it has been visible for the arming delay since it last became visible.
// Escape refuses at once.

import { featureLabel, requesterLabel } from '../../browser/feature-labels.js';
import type { ConsentQuestion } from '../../policy/consent.js';
import { PORT_PROMPT } from '../names.js';

declare const chrome: {
  runtime: {
    connect(info: { name: string }): {
      postMessage(m: unknown): void;
      onMessage: { addListener(fn: (m: unknown) => void): void };
    };
  };
};

const ARM_DELAY_MS = 600;
const token = location.hash.slice(1);
const $ = (id: string) => document.getElementById(id) as HTMLElement;
const dialog = $('dialog');
const status = $('status');
const buttons: HTMLButtonElement[] = [$('block'), $('once'), $('remember')] as HTMLButtonElement[];
const port = chrome.runtime.connect({ name: PORT_PROMPT });

let visible = false;
let visibleSince = performance.now();
let answered = false;

function setArmed(armed: boolean): void {
  for (const b of buttons) b.setAttribute('aria-disabled', armed ? 'false' : 'true');
}
function armed(): boolean {
  return visible && performance.now() - visibleSince >= ARM_DELAY_MS;
}
function arm(): void {
  if (answered || !visible) return;
  const wait = ARM_DELAY_MS - (performance.now() - visibleSince);
  if (wait > 0) setTimeout(arm, wait + 1);
  else setArmed(true);
}

function answer(choice: 'block' | 'once' | 'remember'): void {
  if (answered) return;
  answered = true;
  setArmed(false);
  port.postMessage({ t: 'answer', choice });
}

function show(q: ConsentQuestion): void {
  $('origin').textContent = `${requesterLabel(q.origin)} wants to:`;
  const list = $('features');
  for (const f of q.features) {
    const li = document.createElement('li');
    const label = document.createElement('strong');
    label.textContent = featureLabel(f.name) + (f.required ? '' : ' (optional)');
    const reveals = document.createElement('div');
    reveals.className = 'reveals';
    reveals.textContent = `This can reveal ${f.reveals}.`;
    li.append(label, reveals);
    list.append(li);
  }
  // An opaque origin (a sandboxed document) has nothing to remember an answer for.
  if (q.origin === 'null') $('remember').hidden = true;
  dialog.hidden = false;
  for (const b of buttons) {
    b.addEventListener('click', (e) => {
      if (!e.isTrusted) return;
      const choice = b.id as 'block' | 'once' | 'remember';
      if (choice === 'block') answer('block');
      else if (armed()) answer(choice);
      else status.textContent = 'This prompt was not fully visible long enough: look at it, then choose.';
    });
  }
  document.addEventListener('keydown', (e) => {
    if (e.isTrusted && e.key === 'Escape') answer('block');
  });
  observeVisibility(dialog);
  buttons[0]!.focus();
}

/**
 * IntersectionObserver v2: isVisible is true only when nothing covers, fades or distorts the
 * target anywhere up the frame tree (the embedding page included).
 */
function observeVisibility(target: HTMLElement): void {
  const io = new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        const now = (entry as IntersectionObserverEntry & { isVisible?: boolean }).isVisible === true;
        if (now && !visible) visibleSince = performance.now();
        visible = now;
        if (!now) setArmed(false);
        else arm();
      }
    },
    { threshold: [1], trackVisibility: true, delay: 100 } as IntersectionObserverInit,
  );
  io.observe(target);
}

/** The offerSession() control (R-NAV-21): "Enter VR?" with the origin; the press is the activation. */
function showOffer(q: { kind: string; origin: string; mode: string }): void {
  document.body.style.background = '#10131c';
  const offer = $('offer');
  const enter = $('enter') as HTMLButtonElement;
  const interstitial = q.kind === 'interstitial';
  const label = interstitial ? 'Continue' : q.mode === 'immersive-ar' ? 'Enter AR' : 'Enter VR';
  // The navigation interstitial (R-NAV-16): the new origin, before its content may go immersive.
  $('offerTitle').textContent = interstitial ? 'Immersive content from' : `${label}?`;
  $('offerOrigin').textContent = q.origin;
  enter.textContent = label;
  if (interstitial) $('dismiss').textContent = 'Leave';
  offer.hidden = false;
  buttons.length = 0;
  buttons.push(enter);
  enter.addEventListener('click', (e) => {
    if (e.isTrusted && armed() && !answered) {
      answered = true;
      setArmed(false);
      port.postMessage({ t: 'answer', choice: 'enter' });
    }
  });
  $('dismiss').addEventListener('click', (e) => {
    if (e.isTrusted && !answered) {
      answered = true;
      port.postMessage({ t: 'answer', choice: 'dismiss' });
    }
  });
  // Judged on the button itself: the press counts only while the button is wholly visible.
  observeVisibility(enter);
}

port.onMessage.addListener((raw) => {
  const m = raw as {
    t?: string;
    question?: ConsentQuestion | { kind: 'offer' | 'interstitial'; origin: string; mode: string };
  };
  const kind = m.question ? (m.question as { kind?: string }).kind : undefined;
  if (m.t === 'question' && m.question && (kind === 'offer' || kind === 'interstitial'))
    showOffer(m.question as { kind: string; origin: string; mode: string });
  else if (m.t === 'question' && m.question) show(m.question as ConsentQuestion);
  else if (m.t === 'gone') {
    dialog.hidden = false;
    $('origin').textContent = 'This request is no longer pending.';
    for (const b of buttons) b.hidden = true;
  }
});
port.postMessage({ t: 'ready', token });
