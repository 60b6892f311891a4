// The script bundle's prompt offers only choices the user agent keeps, and Escape dismisses for
// this request only (issue 14, item 8). Node: the choices and answers themselves, and what a user
// agent does with them. The prompt in Chromium: prompt-choices.browser.test.ts.
// R-CONSENT-03, R-TUI-03 (8), R-PERM-04.

import { describe, expect, it } from 'vitest';
import { answerFor, type PromptChoice, promptButtons, promptNote } from '../../src/browser/prompt-choices.js';
import type { ConsentQuestion } from '../../src/policy/consent.js';
import { expectRejectName, makeUA, requestImmersive } from '../conformance/helpers.js';

const question: ConsentQuestion = {
  origin: 'https://app.example',
  mode: 'immersive-vr',
  features: [
    { name: 'local-floor', required: true, reveals: 'your height' },
    { name: 'bounded-floor', required: false, reveals: "your height and your room's shape" },
  ],
};

describe('the prompt offers what the user agent keeps (R-CONSENT-03, R-TUI-03 (8))', () => {
  it("without persistence (the bundle's default): Block, Allow once, Allow on this page, and a line that answers are not kept", () => {
    const buttons = promptButtons(false);
    expect(buttons.map((b) => b.label)).toEqual(['Block', 'Allow once', 'Allow on this page']);
    expect(buttons.map((b) => b.answer)).not.toContain('remember');
    expect(buttons.some((b) => /remember/i.test(b.label))).toBe(false);
    expect(promptNote(false)).toMatch(
      /^Answers are not kept: when this page is closed or reloaded, it asks again\./,
    );
  });

  it('with persistence: Block, Allow once, Allow and remember, and a line that says what is kept', () => {
    const buttons = promptButtons(true);
    expect(buttons.map((b) => b.label)).toEqual(['Block', 'Allow once', 'Allow and remember']);
    expect(buttons.map((b) => b.answer)).toEqual(['block', 'once', 'remember']);
    expect(promptNote(true)).toContain('is kept for this site after this page is closed');
  });

  it('each answer: who is granted and for how long; Escape (dismiss) refuses for this request only', () => {
    const table: [PromptChoice, boolean, string][] = [
      ['block', false, 'browsing-context'],
      ['dismiss', false, 'session'],
      ['once', true, 'session'],
      ['page', true, 'browsing-context'],
      ['remember', true, 'persistent'],
    ];
    for (const [choice, yes, duration] of table) {
      const a = answerFor(question, choice);
      expect(a.kind).toBe('explicit');
      expect(a.duration).toBe(duration);
      expect({ ...a.granted }).toEqual({ 'local-floor': yes, 'bounded-floor': yes });
      expect(Object.isFrozen(a)).toBe(true);
    }
  });
});

describe("what a user agent does with the prompt's answers (R-PERM-04, R-CONSENT-03)", () => {
  /** A user agent whose user answers with `choices`, one per prompt. */
  function answering(choices: PromptChoice[]) {
    const asked: ConsentQuestion[] = [];
    const ua = makeUA({
      consent: (q) => {
        asked.push(q);
        return answerFor(q, choices[asked.length - 1] ?? 'block');
      },
    });
    return { ua, asked };
  }

  it('after Escape, the next request asks again', async () => {
    const { ua, asked } = answering(['dismiss', 'once']);
    await expectRejectName(requestImmersive(ua, { requiredFeatures: ['local-floor'] }), 'NotSupportedError');
    const s = await requestImmersive(ua, { requiredFeatures: ['local-floor'] });
    expect(asked).toHaveLength(2);
    expect(s.enabledFeatures).toContain('local-floor');
    await s.end();
  });

  it('after Block, the page is not asked again (until it is closed or reloaded)', async () => {
    const { ua, asked } = answering(['block']);
    await expectRejectName(requestImmersive(ua, { requiredFeatures: ['local-floor'] }), 'NotSupportedError');
    await expectRejectName(requestImmersive(ua, { requiredFeatures: ['local-floor'] }), 'NotSupportedError');
    expect(asked).toHaveLength(1);
  });

  it('"Allow on this page" lasts past the session; "Allow once" does not', async () => {
    const page = answering(['page']);
    for (let i = 0; i < 2; i++) {
      const s = await requestImmersive(page.ua, { requiredFeatures: ['local-floor'] });
      await s.end();
    }
    expect(page.asked).toHaveLength(1);
    const once = answering(['once', 'once']);
    for (let i = 0; i < 2; i++) {
      const s = await requestImmersive(once.ua, { requiredFeatures: ['local-floor'] });
      await s.end();
    }
    expect(once.asked).toHaveLength(2);
  });
});
