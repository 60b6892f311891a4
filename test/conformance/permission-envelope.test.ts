// The permission envelope (seed 004, R-UPPER-03..11, AMB-06) and the spec's mid-session rule
// (R-CONSENT-05, R-LIFE-10), through navigator.capabilities.request: what xrgate's wrappers of
// getUserMedia, geolocation and Notification.requestPermission ask before the browser's own flow.
// Runs again over a real MessageChannel (npm run test:channel).

import { describe, expect, it } from 'vitest';
import type { ConsentAnswer, ConsentQuestion } from '../../src/policy/consent.js';
import { defineProfile } from '../../src/policy/profile.js';
import { expectRejectName, makeUA, nextEvent, requestImmersive } from './helpers.js';

/** A consent script: explicit answers, granting the names in `grant` of every question. */
function answers(grant: string[], log: ConsentQuestion[] = []) {
  return (q: ConsentQuestion): Promise<ConsentAnswer> => {
    log.push(q);
    return new Promise((resolve) =>
      setTimeout(
        () =>
          resolve({
            granted: Object.fromEntries(q.features.map((f) => [f.name, grant.includes(f.name)])),
            kind: 'explicit',
          }),
        20,
      ),
    );
  };
}

describe('an envelope declared in optionalFeatures (R-UPPER-03/06)', () => {
  it('outside the envelope: NotAllowedError naming the envelope; the session goes on', async () => {
    const ua = makeUA({ consent: answers(['local', 'microphone']) });
    const s = await requestImmersive(ua, { optionalFeatures: ['microphone'] });
    expect(s.enabledFeatures).not.toContain('microphone');
    let ended = false;
    s.addEventListener('end', () => {
      ended = true;
    });
    const e = (await expectRejectName(
      ua.navigator.capabilities.request(['camera']),
      'NotAllowedError',
    )) as Error;
    expect(e.message).toContain('permission list declared at requestSession');
    expect(e.message).toContain('R-UPPER-06');
    expect(ended).toBe(false);
    await s.end();
  });

  it("inside it, 'at-use' (spec profile): the trusted prompt blurs the session, an explicit yes lets it go on, once", async () => {
    const questions: ConsentQuestion[] = [];
    const ua = makeUA({ consent: answers(['local', 'microphone'], questions) });
    const s = await requestImmersive(ua, { optionalFeatures: ['microphone'] });
    // The session's own prompt did not ask about the microphone.
    expect(questions.flatMap((q) => q.features.map((f) => f.name))).not.toContain('microphone');
    const states: string[] = [];
    s.addEventListener('visibilitychange', () => states.push(s.visibilityState));
    await ua.navigator.capabilities.request(['microphone']);
    const asked = questions[questions.length - 1]!;
    expect(asked.features.map((f) => f.name)).toEqual(['microphone']);
    expect(asked.features[0]!.reveals).toBe('what your microphone hears');
    await new Promise((r) => setTimeout(r, 20));
    expect(states).toEqual(['visible-blurred', 'visible']);
    // Allowed for this session: no second prompt.
    const before = questions.length;
    await ua.navigator.capabilities.request(['microphone']);
    expect(questions.length).toBe(before);
    await s.end();
  });

  it('inside it, declined in the immersive prompt: NotAllowedError', async () => {
    const ua = makeUA({ consent: answers(['local']) });
    const s = await requestImmersive(ua, { optionalFeatures: ['geolocation'] });
    await expectRejectName(ua.navigator.capabilities.request(['geolocation']), 'NotAllowedError');
    await s.end();
  });

  it("'at-session-start' (strict): one collapsed prompt with the session; nothing asks mid-session", async () => {
    const questions: ConsentQuestion[] = [];
    const ua = makeUA({ profile: 'strict', consent: answers(['local', 'microphone'], questions) });
    const s = await requestImmersive(ua, { optionalFeatures: ['microphone', 'geolocation'] });
    expect(questions).toHaveLength(1);
    expect(questions[0]!.features.map((f) => f.name)).toEqual(['microphone', 'geolocation']);
    await ua.navigator.capabilities.request(['microphone']);
    const e = (await expectRejectName(
      ua.navigator.capabilities.request(['geolocation']),
      'NotAllowedError',
    )) as Error;
    expect(e.message).toContain('at the start of the immersive session');
    expect(questions).toHaveLength(1);
    await s.end();
  });

  it('profile.midSessionConsent upper-bound: a session without an envelope has an empty bound', async () => {
    const ua = makeUA({ profile: defineProfile({ name: 'ub', midSessionConsent: 'upper-bound' }) });
    const s = await requestImmersive(ua);
    const e = (await expectRejectName(
      ua.navigator.capabilities.request(['microphone']),
      'NotAllowedError',
    )) as Error;
    expect(e.message).toContain('no permission list was declared');
    await s.end();
  });
});

describe("without an envelope: the spec's rule (R-CONSENT-05, R-LIFE-10)", () => {
  it('a permission prompt during an immersive session ends the session first', async () => {
    const ua = makeUA();
    const s = await requestImmersive(ua);
    const ended = nextEvent(s, 'end');
    await ua.navigator.capabilities.request(['microphone']);
    await ended;
    const record = ua.audit
      .entries()
      .filter((r) => r.action === 'permissionRequest')
      .pop();
    expect(record?.requirement).toBe('R-CONSENT-05');
    expect(record?.reason).toContain('shut the session down');
  });

  it("the browser's permission granted before the session: the session stays", async () => {
    const ua = makeUA({ permissionStates: { camera: 'granted' } });
    const s = await requestImmersive(ua);
    let ended = false;
    s.addEventListener('end', () => {
      ended = true;
    });
    await ua.navigator.capabilities.request(['camera']);
    await new Promise((r) => setTimeout(r, 10));
    expect(ended).toBe(false);
    await s.end();
  });

  it('no session: the browser flow goes on, nothing is asked', async () => {
    const ua = makeUA();
    await ua.navigator.capabilities.request(['notifications', 'geolocation']);
    expect(ua.host.consentQuestions).toHaveLength(0);
  });

  it('names the page cannot ask for are a TypeError', async () => {
    const ua = makeUA();
    await expectRejectName(ua.navigator.capabilities.request(['bluetooth' as never]), 'TypeError');
  });
});
