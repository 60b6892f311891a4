// Answers given for one request only (duration 'session': "Allow once", and the script bundle's
// prompt dismissed with Escape) last as long as the session they were given for; when no session
// comes of the request, they end with it. Issue 14, item 8: Escape while the prompt was up refused
// for the page's lifetime. R-CONSENT-03, R-PERM-04.

import { describe, expect, it } from 'vitest';
import { createHeadset, type SimulatedXRDevice } from '../../src/device/simulated.js';
import type { ConsentAnswer, ConsentQuestion } from '../../src/policy/consent.js';
import type { ConsentDuration } from '../../src/policy/profile.js';
import { expectRejectName, makeUA, requestImmersive } from './helpers.js';

/** A consent provider that gives the answers in `script`, one per question, in order. */
function scripted(script: readonly { grant: boolean; duration: ConsentDuration }[]) {
  const questions: ConsentQuestion[] = [];
  const provider = (q: ConsentQuestion): ConsentAnswer => {
    const a = script[questions.length] ?? { grant: false, duration: 'browsing-context' };
    questions.push(q);
    return {
      granted: Object.fromEntries(q.features.map((f) => [f.name, a.grant])),
      kind: 'explicit',
      duration: a.duration,
    };
  };
  return { provider, questions };
}

describe('R-CONSENT-03: a refusal of this request only is not remembered', () => {
  it('a required feature refused for this request only (Escape): refused now, and the next request asks again', async () => {
    const c = scripted([
      { grant: false, duration: 'session' },
      { grant: true, duration: 'session' },
    ]);
    const ua = makeUA({ consent: c.provider });
    await expectRejectName(requestImmersive(ua, { requiredFeatures: ['local-floor'] }), 'NotSupportedError');
    expect(c.questions).toHaveLength(1);
    // Nothing stays behind: the permission is 'prompt' again, not 'denied'.
    const status = await ua.navigator.permissions.query({
      name: 'xr',
      mode: 'immersive-vr',
      requiredFeatures: ['local-floor'],
    } as never);
    expect((status as { state: string }).state).toBe('prompt');
    const s = await requestImmersive(ua, { requiredFeatures: ['local-floor'] });
    expect(c.questions).toHaveLength(2);
    expect(s.enabledFeatures).toContain('local-floor');
    await s.end();
  });

  it('an optional feature refused for this request only: the session starts without it, and the next one asks again', async () => {
    const c = scripted([
      { grant: false, duration: 'session' },
      { grant: true, duration: 'session' },
    ]);
    const ua = makeUA({ consent: c.provider });
    const s1 = await requestImmersive(ua, { optionalFeatures: ['local-floor'] });
    expect(s1.enabledFeatures).not.toContain('local-floor');
    await s1.end();
    const s2 = await requestImmersive(ua, { optionalFeatures: ['local-floor'] });
    expect(c.questions).toHaveLength(2);
    expect(s2.enabledFeatures).toContain('local-floor');
    await s2.end();
  });

  it("a Block for the page (duration 'browsing-context') is still remembered: no second prompt", async () => {
    const c = scripted([{ grant: false, duration: 'browsing-context' }]);
    const ua = makeUA({ consent: c.provider });
    await expectRejectName(requestImmersive(ua, { requiredFeatures: ['local-floor'] }), 'NotSupportedError');
    await expectRejectName(requestImmersive(ua, { requiredFeatures: ['local-floor'] }), 'NotSupportedError');
    expect(c.questions).toHaveLength(1);
  });

  it('"Allow once" for a request that then fails (the device went away while the prompt was up) grants nothing later', async () => {
    const ua = makeUA();
    const device = ua.device as SimulatedXRDevice;
    const questions: ConsentQuestion[] = [];
    ua.host.setConsent((q) => {
      questions.push(q);
      // The headset is unplugged while the user answers.
      if (questions.length === 1) device.disconnect();
      return {
        granted: Object.fromEntries(q.features.map((f) => [f.name, true])),
        kind: 'explicit',
        duration: 'session',
      };
    });
    await expectRejectName(requestImmersive(ua, { requiredFeatures: ['local-floor'] }), 'NotSupportedError');
    expect(questions).toHaveLength(1);
    ua.connectDevice(createHeadset());
    const s = await requestImmersive(ua, { requiredFeatures: ['local-floor'] });
    // Asked again: the first answer was for a request that gave no session.
    expect(questions).toHaveLength(2);
    await s.end();
  });
});
