// The consent prompt, drawn by xrgate as Trusted UI (R-TUI-02/03, R-CONSENT-12): in a closed
// shadow root on top of the page, so page scripts can neither reach nor restyle it. It names the
// requesting origin and every feature in plain words with what it reveals; one batched prompt per
// request, and requests made while it is open wait their turn instead of stacking (no spam); its
// buttons ignore clicks in the first moments after it appears and ignore synthetic events
// (clickjacking); it is keyboard accessible (Tab, Enter, Escape = block); "Allow once" and
// "Allow and remember" are separate answers.

import type { ConsentAnswer, ConsentProvider, ConsentQuestion } from '../policy/consent.js';

export interface PromptOptions {
  /** Clicks are ignored for this long after the prompt appears (anti-clickjacking). Default 600 ms. */
  readonly armDelayMs?: number;
  readonly document?: Document;
  /** Called when the prompt opens and closes (the overlay and tests use it). */
  readonly onOpen?: (host: HTMLElement) => void;
}

const STYLE = `
:host { all: initial; }
.backdrop { position: fixed; inset: 0; background: rgba(10, 12, 20, 0.55); display: flex;
  align-items: center; justify-content: center; z-index: 2147483647; font: 15px/1.4 system-ui, sans-serif; }
.dialog { background: #fff; color: #111; border-radius: 12px; padding: 20px 22px; width: min(440px, 92vw);
  box-shadow: 0 12px 40px rgba(0,0,0,0.35); }
.badge { font-size: 12px; letter-spacing: .04em; text-transform: uppercase; color: #555; }
.origin { font-weight: 700; font-size: 18px; margin: 4px 0 10px; word-break: break-all; }
ul { margin: 8px 0 14px; padding-left: 18px; }
li { margin: 4px 0; }
.reveals { color: #444; }
.buttons { display: flex; gap: 8px; flex-wrap: wrap; justify-content: flex-end; }
button { font: inherit; padding: 8px 12px; border-radius: 8px; border: 1px solid #888; background: #f4f4f4; cursor: pointer; }
button.primary { background: #1a5fd6; color: #fff; border-color: #1a5fd6; }
button[aria-disabled="true"] { opacity: .55; cursor: default; }
button:focus-visible { outline: 3px solid #f5a623; outline-offset: 2px; }
`;

const setTimeoutFn = globalThis.setTimeout.bind(globalThis);
const perfNow = globalThis.performance.now.bind(globalThis.performance);

function featureLabel(name: string): string {
  switch (name) {
    case 'local':
      return 'Track the movements of your head';
    case 'local-floor':
      return 'Know where the floor is';
    case 'bounded-floor':
      return 'Know the shape of your play area';
    case 'unbounded':
      return 'Track you as you walk around';
    case 'xr-session-supported':
      return 'Learn whether you have VR or AR hardware';
    default:
      return `Use "${name}"`;
  }
}

/** A ConsentProvider that asks the user through xrgate's Trusted-UI prompt. */
export function createTrustedPrompt(options: PromptOptions = {}): ConsentProvider {
  const doc = options.document ?? globalThis.document;
  const armDelay = options.armDelayMs ?? 600;
  let queue: Promise<unknown> = Promise.resolve();
  return (q: ConsentQuestion): Promise<ConsentAnswer> => {
    const next = queue.then(() => show(doc, q, armDelay, options.onOpen));
    queue = next.catch(() => undefined);
    return next;
  };
}

function show(
  doc: Document,
  q: ConsentQuestion,
  armDelay: number,
  onOpen?: (host: HTMLElement) => void,
): Promise<ConsentAnswer> {
  return new Promise<ConsentAnswer>((resolve) => {
    const host = doc.createElement('xrgate-prompt');
    const root = host.attachShadow({ mode: 'closed' });
    const style = doc.createElement('style');
    style.textContent = STYLE;
    const backdrop = doc.createElement('div');
    backdrop.className = 'backdrop';
    const dialog = doc.createElement('div');
    dialog.className = 'dialog';
    dialog.setAttribute('role', 'alertdialog');
    dialog.setAttribute('aria-modal', 'true');
    dialog.setAttribute('aria-labelledby', 'xrgate-title');
    const badge = doc.createElement('div');
    badge.className = 'badge';
    badge.textContent = 'xrgate — permission request';
    const origin = doc.createElement('div');
    origin.className = 'origin';
    origin.id = 'xrgate-title';
    origin.textContent = `${q.origin} wants to:`;
    const list = doc.createElement('ul');
    for (const f of q.features) {
      const li = doc.createElement('li');
      const label = doc.createElement('strong');
      label.textContent = featureLabel(f.name) + (f.required ? '' : ' (optional)');
      const reveals = doc.createElement('div');
      reveals.className = 'reveals';
      reveals.textContent = `This can reveal ${f.reveals}.`;
      li.append(label, reveals);
      list.append(li);
    }
    const buttons = doc.createElement('div');
    buttons.className = 'buttons';
    const make = (text: string, id: string, primary = false): HTMLButtonElement => {
      const b = doc.createElement('button');
      b.type = 'button';
      b.textContent = text;
      b.dataset.answer = id;
      if (primary) b.className = 'primary';
      b.setAttribute('aria-disabled', 'true');
      return b;
    };
    const block = make('Block', 'block');
    const once = make('Allow once', 'once');
    const remember = make('Allow and remember', 'remember', true);
    buttons.append(block, once, remember);
    dialog.append(badge, origin, list, buttons);
    backdrop.append(dialog);
    root.append(style, backdrop);

    const openedAt = perfNow();
    let armed = false;
    let settled = false;
    const finish = (answer: 'block' | 'once' | 'remember') => {
      if (settled) return;
      settled = true;
      observer.disconnect();
      host.remove();
      const yes = answer !== 'block';
      resolve({
        granted: Object.fromEntries(q.features.map((f) => [f.name, yes])),
        kind: 'explicit',
        duration: answer === 'remember' ? 'persistent' : answer === 'once' ? 'session' : 'browsing-context',
      });
    };
    setTimeoutFn(() => {
      armed = true;
      for (const b of [block, once, remember]) b.setAttribute('aria-disabled', 'false');
    }, armDelay);
    const onActivate = (e: Event) => {
      // R-TUI-03 (7): only real input, and only once the prompt has been visible long enough.
      if (!e.isTrusted || !armed || perfNow() - openedAt < armDelay) return;
      const t = e.currentTarget as HTMLButtonElement;
      const answer = t.dataset.answer as 'block' | 'once' | 'remember';
      finish(answer);
    };
    for (const b of [block, once, remember]) b.addEventListener('click', onActivate);
    dialog.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && e.isTrusted) finish('block');
    });
    // If the page removes the prompt, that is a refusal, never a grant.
    const observer = new MutationObserver(() => {
      if (!host.isConnected) finish('block');
    });
    observer.observe(doc.documentElement, { childList: true, subtree: false });
    doc.documentElement.append(host);
    block.focus();
    onOpen?.(host);
  });
}
