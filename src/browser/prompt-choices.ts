// What the script bundle's consent prompt offers, and what each answer means (R-CONSENT-03,
// R-TUI-03 (8)). The prompt offers only choices the user agent keeps: "Allow and remember" only where
// answers are kept across page loads (install()'s persistConsent); otherwise "Allow on this page",
// and the prompt says that answers are not kept. Escape dismisses the prompt: a refusal of this
// request only, asked again next time — never a Block remembered for the page's lifetime.

import type { ConsentAnswer, ConsentQuestion } from '../policy/consent.js';
import type { ConsentDuration } from '../policy/profile.js';
import { ObjectFreeze } from '../primordials.js';

/**
 * A prompt answer: 'block' (this page), 'once' (this session), 'page' (until the page is closed or
 * reloaded), 'remember' (kept across page loads), 'dismiss' (Escape: this request only).
 */
export type PromptChoice = 'block' | 'once' | 'page' | 'remember' | 'dismiss';

export interface PromptButton {
  readonly answer: PromptChoice;
  readonly label: string;
  readonly primary: boolean;
}

const KEPT: readonly PromptButton[] = ObjectFreeze([
  ObjectFreeze({ answer: 'block', label: 'Block', primary: false }),
  ObjectFreeze({ answer: 'once', label: 'Allow once', primary: false }),
  ObjectFreeze({ answer: 'remember', label: 'Allow and remember', primary: true }),
] as const);

const NOT_KEPT: readonly PromptButton[] = ObjectFreeze([
  ObjectFreeze({ answer: 'block', label: 'Block', primary: false }),
  ObjectFreeze({ answer: 'once', label: 'Allow once', primary: false }),
  ObjectFreeze({ answer: 'page', label: 'Allow on this page', primary: true }),
] as const);

/** The prompt's buttons, in order (Block first: it has the focus). `persistent`: answers are kept across loads. */
export function promptButtons(persistent: boolean): readonly PromptButton[] {
  return persistent ? KEPT : NOT_KEPT;
}

/** The line under the question that says how long answers last. */
export function promptNote(persistent: boolean): string {
  return persistent
    ? '“Allow and remember” is kept for this site after this page is closed. Esc: not now (asked again next time).'
    : 'Answers are not kept: when this page is closed or reloaded, it asks again. Esc: not now (asked again next time).';
}

/** How long each answer lasts. */
export function durationOf(choice: PromptChoice): ConsentDuration {
  switch (choice) {
    case 'remember':
      return 'persistent';
    case 'page':
    case 'block':
      return 'browsing-context';
    default:
      // 'once' grants for the session it was given for; 'dismiss' refuses this request only (the
      // user agent drops it when the request gives no session, or when the session ends).
      return 'session';
  }
}

/** The answer a choice gives for every feature the prompt asked about. */
export function answerFor(q: ConsentQuestion, choice: PromptChoice): ConsentAnswer {
  const granted = { __proto__: null } as unknown as Record<string, boolean>;
  const yes = choice === 'once' || choice === 'page' || choice === 'remember';
  for (let i = 0; i < q.features.length; i++) granted[q.features[i]!.name] = yes;
  return ObjectFreeze({ granted: ObjectFreeze(granted), kind: 'explicit', duration: durationOf(choice) });
}
