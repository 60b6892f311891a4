// R-NAV end to end: automatic immersive sessions after a navigation, a host option that is off by
// default; when on, the prohibitions hold and the session starts blurred until the user acts.

import { describe, expect, it } from 'vitest';
import { createUserAgent } from '../../src/index.js';
import type { NavigationFacts } from '../../src/policy/navigation.js';
import { originOf } from '../../src/policy/origin.js';
import { defineProfile } from '../../src/policy/profile.js';

const bookmark: NavigationFacts = {
  previousOrigin: null,
  newOrigin: originOf('https://world.example/'),
  redirectCount: 0,
  navigationType: 'navigate',
  trigger: 'bookmark',
  previousPageHadImmersiveSession: false,
  navigatedFromInsideImmersiveSession: false,
  userInHeadset: true,
  sameBrowsingSession: false,
  platformLetsWebTriggerIntents: false,
  userAllowsOrigin: false,
  launchedByUser: false,
};
const profile = defineProfile({ name: 'headset-browser', automaticSessionsOnNavigation: true });

function waitFor(cond: () => boolean, ms = 2000): Promise<void> {
  const start = Date.now();
  return new Promise((resolve, reject) => {
    const tick = () =>
      cond() ? resolve() : Date.now() - start > ms ? reject(new Error('timeout')) : setTimeout(tick, 5);
    tick();
  });
}

describe('§13 automatic immersive sessions on navigation (R-NAV)', () => {
  it('R-NAV-22: off by default — a bookmark navigation still needs a click (SecurityError)', async () => {
    const ua = createUserAgent({ url: 'https://world.example/' });
    ua.host.setNavigationFacts(bookmark);
    await expect(ua.xr!.requestSession('immersive-vr')).rejects.toMatchObject({ name: 'SecurityError' });
  });

  it('R-NAV-13, R-NAV-16: with the host option, a bookmark starts a session without a click, blurred until the user acts', async () => {
    const ua = createUserAgent({ url: 'https://world.example/', profile });
    ua.host.setNavigationFacts(bookmark);
    const session = await ua.xr!.requestSession('immersive-vr');
    expect(session.visibilityState).toBe('visible-blurred');
    expect(
      ua.audit
        .entries()
        .some((e) => e.action === 'mayStartImmersiveAfterNavigation' && e.requirement === 'R-NAV-13'),
    ).toBe(true);
    ua.host.click();
    await waitFor(() => session.visibilityState === 'visible');
    // The grant is one-shot: after the session ends, a new one needs activation again.
    await session.end();
    ua.host.clearActivation();
    await expect(ua.xr!.requestSession('immersive-vr')).rejects.toMatchObject({ name: 'SecurityError' });
  });

  it('R-NAV-08, R-NAV-07: a redirect or an insecure previous origin never starts a session without a click', async () => {
    for (const facts of [
      { ...bookmark, redirectCount: 1 },
      { ...bookmark, trigger: 'link' as const, previousOrigin: originOf('http://portal.example/') },
    ]) {
      const ua = createUserAgent({ url: 'https://world.example/', profile });
      ua.host.setNavigationFacts(facts);
      await expect(ua.xr!.requestSession('immersive-vr')).rejects.toMatchObject({ name: 'SecurityError' });
    }
  });
});
