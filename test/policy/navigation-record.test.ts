// navigationFactsFromUserAgentRecord: the facts of a navigation the user agent saw itself.

import { describe, expect, it } from 'vitest';
import { mayStartImmersiveAfterNavigation } from '../../src/policy/navigation.js';
import { navigationFactsFromUserAgentRecord } from '../../src/policy/navigation-record.js';
import { defineProfile } from '../../src/policy/profile.js';

const base = {
  previousUrl: 'https://a.example/lobby',
  url: 'https://a.example/room',
  via: 'link' as const,
  through: [] as string[],
  previousHadImmersiveSession: true,
  visitedBefore: false,
};
const on = defineProfile({ name: 'on', automaticSessionsOnNavigation: true });

describe('navigationFactsFromUserAgentRecord', () => {
  it('a link from inside an immersive session is made from inside it, by the document', () => {
    const f = navigationFactsFromUserAgentRecord(base);
    expect(f.trigger).toBe('link');
    expect(f.navigatedFromInsideImmersiveSession).toBe(true);
    expect(f.redirectCount).toBe(0);
    expect(mayStartImmersiveAfterNavigation(f, on).allowed).toBe(true);
  });

  it('browser UI (typed, bookmark, history) is never "from inside the session"', () => {
    for (const via of ['typed', 'bookmark', 'history'] as const) {
      expect(navigationFactsFromUserAgentRecord({ ...base, via }).navigatedFromInsideImmersiveSession).toBe(
        false,
      );
    }
  });

  it('hops count as redirects; an http hop is an insecure origin on the way (R-NAV-07)', () => {
    const f = navigationFactsFromUserAgentRecord({
      ...base,
      through: ['http://t.example/', 'https://a.example/r'],
    });
    expect(f.redirectCount).toBe(2);
    expect(f.insecureOriginOnTheWay).toBe(true);
    expect(mayStartImmersiveAfterNavigation(f, on).requirement).toBe('R-NAV-07');
    const client = navigationFactsFromUserAgentRecord({ ...base, via: 'redirect' });
    expect(client.redirectCount).toBe(1);
    expect(mayStartImmersiveAfterNavigation(client, on).requirement).toBe('R-NAV-08');
  });

  it('history is back_forward; a visit earlier in the context is the same browsing session', () => {
    const f = navigationFactsFromUserAgentRecord({ ...base, via: 'history', visitedBefore: true });
    expect(f.navigationType).toBe('back_forward');
    expect(f.sameBrowsingSession).toBe(true);
    expect(mayStartImmersiveAfterNavigation(f, on).requirement).toBe('R-NAV-14');
  });

  it('the first document of a context has no previous origin', () => {
    expect(
      navigationFactsFromUserAgentRecord({ ...base, previousUrl: null, via: 'bookmark' }).previousOrigin,
    ).toBeNull();
  });
});
