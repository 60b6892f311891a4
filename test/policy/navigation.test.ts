import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Decision } from '../../src/policy/decision.js';
import {
  mayStartImmersiveAfterNavigation,
  type NavigationFacts,
  type NavigationGrant,
  type NavigationTrigger,
  navigationFactsFromTiming,
} from '../../src/policy/navigation.js';
import { type Origin, opaqueOrigin, originOf } from '../../src/policy/origin.js';
import { defineProfile, specProfile, strictProfile, type UAProfile } from '../../src/policy/profile.js';

const on = defineProfile({ name: 'nav-on', automaticSessionsOnNavigation: true });
const A = originOf('https://a.example/');
const A2 = originOf('https://a.example/other/page?x=1');
const B = originOf('https://b.example/');
const insecureA = originOf('http://a.example/');

/** A same-origin link followed from inside an active immersive session: allowed (R-NAV-10). */
function facts(over: Partial<NavigationFacts> = {}): NavigationFacts {
  return {
    previousOrigin: A,
    newOrigin: A2,
    redirectCount: 0,
    navigationType: 'navigate',
    trigger: 'link',
    previousPageHadImmersiveSession: true,
    navigatedFromInsideImmersiveSession: true,
    userInHeadset: true,
    sameBrowsingSession: true,
    platformLetsWebTriggerIntents: false,
    userAllowsOrigin: false,
    launchedByUser: false,
    ...over,
  };
}

/** Facts with every optional signal off. */
function plain(over: Partial<NavigationFacts> = {}): NavigationFacts {
  return facts({
    previousPageHadImmersiveSession: false,
    navigatedFromInsideImmersiveSession: false,
    userInHeadset: false,
    sameBrowsingSession: false,
    ...over,
  });
}

function decide(f: unknown, profile: unknown = on): Decision<NavigationGrant> {
  return mayStartImmersiveAfterNavigation(f as NavigationFacts, profile as UAProfile);
}

function expectDenied(d: Decision<NavigationGrant>, requirement: string, name = 'SecurityError'): void {
  expect(d.allowed).toBe(false);
  expect(d.requirement).toBe(requirement);
  expect(d.error?.name).toBe(name);
  expect(d.error?.message).toContain(`[${requirement}]`);
  expect(d.value).toBeUndefined();
}

function expectAllowed(d: Decision<NavigationGrant>, requirement: string, signal: string): void {
  expect(d.allowed).toBe(true);
  expect(d.requirement).toBe(requirement);
  expect(d.error).toBeUndefined();
  expect(d.value?.signal).toBe(signal);
  expect(d.value?.mitigations).toEqual(['start-blurred']);
}

describe('the host option (R-NAV-22, AMB-28)', () => {
  it('R-NAV-22: off in the default spec profile, even for a bookmark; the reason says how to turn it on', () => {
    const d = decide(plain({ trigger: 'bookmark', previousOrigin: null }), specProfile);
    expectDenied(d, 'R-NAV-22');
    expect(d.error?.message).toContain('automaticSessionsOnNavigation: true');
    expect(d.error?.message).toContain('requestSession()');
  });

  it('R-NAV-22: off in the strict profile', () => {
    expectDenied(decide(facts(), strictProfile), 'R-NAV-22');
  });

  it('R-NAV-22: only a literal true turns it on (a truthy string does not)', () => {
    expectDenied(decide(facts(), { ...on, automaticSessionsOnNavigation: 'true' }), 'R-NAV-22');
    expectDenied(decide(facts(), { ...on, automaticSessionsOnNavigation: 1 }), 'R-NAV-22');
  });

  it('R-NAV-22: the profile switch turns the same facts from denied into allowed', () => {
    expect(decide(facts(), specProfile).allowed).toBe(false);
    expect(decide(facts(), on).allowed).toBe(true);
  });

  it('R-NAV-22: the off check comes first, before malformed facts are even read', () => {
    expectDenied(decide(null, specProfile), 'R-NAV-22');
  });
});

describe('mitigations carried in the value (R-NAV-16, R-NAV-22)', () => {
  it("R-NAV-16: the default profile's mitigation is start-blurred", () => {
    const d = decide(facts());
    expect(d.value?.mitigations).toEqual(['start-blurred']);
  });

  it("R-NAV-16: the profile's mitigations are carried, deduplicated and frozen", () => {
    const profile = { ...on, navigationMitigations: ['interstitial', 'start-blurred', 'interstitial'] };
    const d = decide(facts(), profile);
    expect(d.value?.mitigations).toEqual(['interstitial', 'start-blurred']);
    expect(Object.isFrozen(d.value)).toBe(true);
    expect(Object.isFrozen(d.value?.mitigations)).toBe(true);
    expect(Object.isFrozen(d)).toBe(true);
  });

  it('R-NAV-16: a host that opts out of mitigations gets an empty list', () => {
    const d = decide(
      facts(),
      defineProfile({ name: 'bare', automaticSessionsOnNavigation: true, navigationMitigations: [] }),
    );
    expect(d.allowed).toBe(true);
    expect(d.value?.mitigations).toEqual([]);
  });

  it('R-NAV-16: the value does not alias the profile list', () => {
    const list = ['start-blurred'];
    const d = decide(facts(), { ...on, navigationMitigations: list });
    list.push('interstitial');
    expect(d.value?.mitigations).toEqual(['start-blurred']);
  });

  it.each([
    ['an unknown mitigation', ['start-blurred', 'confetti']],
    ['a string', 'start-blurred'],
    ['null', null],
    ['a huge array', new Array(100_000).fill('start-blurred')],
    ['a sparse array', Object.assign(new Array(2), { 1: 'start-blurred' })],
  ])('R-NAV-16: %s as navigationMitigations is a TypeError decision', (_label, list) => {
    expectDenied(decide(facts(), { ...on, navigationMitigations: list }), 'R-NAV-16', 'TypeError');
  });

  it('R-NAV-16: a mitigation list whose getters throw, or a revoked proxy, is a TypeError decision', () => {
    const throwing = ['start-blurred'];
    Object.defineProperty(throwing, '0', {
      get() {
        throw new Error('boom');
      },
    });
    expectDenied(decide(facts(), { ...on, navigationMitigations: throwing }), 'R-NAV-16', 'TypeError');
    const { proxy, revoke } = Proxy.revocable(['start-blurred'], {});
    revoke();
    expectDenied(decide(facts(), { ...on, navigationMitigations: proxy }), 'R-NAV-16', 'TypeError');
  });
});

describe('prohibited scenarios (R-NAV-07 … R-NAV-11)', () => {
  it('R-NAV-07: an insecure new origin is refused', () => {
    const d = decide(facts({ previousOrigin: null, newOrigin: insecureA, trigger: 'bookmark' }));
    expectDenied(d, 'R-NAV-07');
    expect(d.error?.message).toContain('insecure origin');
  });

  it('R-NAV-07: an insecure previous origin is refused, even for an otherwise allowed bookmark', () => {
    expectDenied(decide(plain({ previousOrigin: insecureA, newOrigin: A, trigger: 'bookmark' })), 'R-NAV-07');
  });

  it('R-NAV-07: an opaque data: origin is not potentially trustworthy', () => {
    const data = originOf('data:text/html,hi');
    expectDenied(decide(plain({ previousOrigin: null, newOrigin: data, trigger: 'bookmark' })), 'R-NAV-07');
  });

  it('R-NAV-07: http://localhost counts as potentially trustworthy', () => {
    const local = originOf('http://localhost:8080/');
    expectAllowed(
      decide(plain({ previousOrigin: null, newOrigin: local, trigger: 'bookmark' })),
      'R-NAV-13',
      'bookmark',
    );
  });

  it('R-NAV-07, R-NAV-08: an insecure and redirected navigation reports R-NAV-07 first', () => {
    expectDenied(
      decide(facts({ newOrigin: insecureA, previousOrigin: insecureA, redirectCount: 2 })),
      'R-NAV-07',
    );
  });

  it('R-NAV-08: a page loaded through a redirect is refused, even from a bookmark', () => {
    const d = decide(plain({ previousOrigin: null, trigger: 'bookmark', redirectCount: 1 }));
    expectDenied(d, 'R-NAV-08');
    expect(d.error?.message).toContain('redirect');
    expectDenied(decide(facts({ redirectCount: 3 })), 'R-NAV-08');
  });

  it.each([
    ['-1', -1],
    ['1.5', 1.5],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ["the string '0'", '0'],
    ['missing', undefined],
  ])('R-NAV-08: a redirect count of %s counts as a redirect', (_label, count) => {
    expectDenied(decide({ ...facts(), redirectCount: count }), 'R-NAV-08');
  });

  it('R-NAV-08, R-NAV-09: a redirected native intent reports R-NAV-08 first', () => {
    const d = decide(
      plain({
        previousOrigin: null,
        trigger: 'native-intent',
        platformLetsWebTriggerIntents: true,
        redirectCount: 1,
      }),
    );
    expectDenied(d, 'R-NAV-08');
  });

  it('R-NAV-09: a native intent on a platform where web content can trigger intents is refused, whatever the user setting', () => {
    const d = decide(
      plain({
        previousOrigin: null,
        trigger: 'native-intent',
        platformLetsWebTriggerIntents: true,
        userAllowsOrigin: true,
      }),
    );
    expectDenied(d, 'R-NAV-09');
    expect(d.error?.message).toContain('native intent');
  });

  it('R-NAV-09: an unknown platform (fact missing or not a boolean) counts as letting the web trigger intents', () => {
    const base = plain({ previousOrigin: null, trigger: 'native-intent', userAllowsOrigin: true });
    expectDenied(decide({ ...base, platformLetsWebTriggerIntents: undefined }), 'R-NAV-09');
    expectDenied(decide({ ...base, platformLetsWebTriggerIntents: 'no' }), 'R-NAV-09');
  });

  it.each<NavigationTrigger>(['link', 'script', 'typed'])(
    'R-NAV-10: a cross-origin %s navigation from inside an immersive session is refused',
    (trigger) => {
      const d = decide(facts({ previousOrigin: A, newOrigin: B, trigger }));
      expectDenied(d, 'R-NAV-10');
      expect(d.error?.message).toContain('cross-origin');
    },
  );

  it('R-NAV-10: a different port is cross-origin', () => {
    expectDenied(decide(facts({ newOrigin: originOf('https://a.example:8443/') })), 'R-NAV-10');
  });

  it('R-NAV-10, R-NAV-11: a cross-origin link from a 2D page reports R-NAV-10 (same answer as from a session)', () => {
    expectDenied(decide(plain({ previousOrigin: A, newOrigin: B })), 'R-NAV-10');
  });

  it('R-NAV-10: a cross-origin link is refused even when the user setting allows the new origin', () => {
    expectDenied(decide(facts({ newOrigin: B, userAllowsOrigin: true })), 'R-NAV-10');
  });

  it.each<NavigationTrigger>(['history', 'background-tab'])(
    'R-NAV-10, R-NAV-14: a cross-origin %s return is refused even in the headset in the same browsing session',
    (trigger) => {
      expectDenied(decide(facts({ newOrigin: B, trigger, navigationType: 'back_forward' })), 'R-NAV-10');
    },
  );

  it("R-NAV-10: for every cross-origin trigger the decision is independent of the previous page's and the client's state", () => {
    const allTriggers: NavigationTrigger[] = [
      'link',
      'script',
      'typed',
      'bookmark',
      'installed-app',
      'native-launcher',
      'native-intent',
      'history',
      'background-tab',
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...allTriggers),
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        (trigger, had, inside, headset, same, had2, inside2, headset2, same2, allows, launched) => {
          const common = {
            newOrigin: B,
            previousOrigin: A,
            trigger,
            userAllowsOrigin: allows,
            launchedByUser: launched,
          };
          const navigationType = trigger === 'history' ? 'back_forward' : 'navigate';
          const one = decide(
            facts({
              ...common,
              navigationType,
              previousPageHadImmersiveSession: had,
              navigatedFromInsideImmersiveSession: inside,
              userInHeadset: headset,
              sameBrowsingSession: same,
            }),
          );
          const two = decide(
            facts({
              ...common,
              navigationType,
              previousPageHadImmersiveSession: had2,
              navigatedFromInsideImmersiveSession: inside2,
              userInHeadset: headset2,
              sameBrowsingSession: same2,
            }),
          );
          expect(two).toEqual(one);
        },
      ),
    );
  });

  it('R-NAV-10, R-NAV-13: a cross-origin bookmark does not rest on previous state and is allowed', () => {
    expectAllowed(
      decide(plain({ previousOrigin: A, newOrigin: B, trigger: 'bookmark' })),
      'R-NAV-13',
      'bookmark',
    );
  });

  it('R-NAV-11: a same-origin link from a page without an active immersive session is refused', () => {
    const d = decide(plain());
    expectDenied(d, 'R-NAV-11');
    expect(d.error?.message).toContain('inside an active immersive session');
  });

  it('R-NAV-11: a same-origin navigation made outside the session (the page had one) is refused', () => {
    expectDenied(decide(facts({ navigatedFromInsideImmersiveSession: false })), 'R-NAV-11');
  });

  it('R-NAV-11: "from inside a session" without the page having one (inconsistent facts) is refused', () => {
    expectDenied(decide(facts({ previousPageHadImmersiveSession: false })), 'R-NAV-11');
  });

  it('R-NAV-11: a link or script navigation with no previous page is refused', () => {
    expectDenied(decide(facts({ previousOrigin: null })), 'R-NAV-11');
    expectDenied(decide(facts({ previousOrigin: null, trigger: 'script' })), 'R-NAV-11');
  });

  it('R-NAV-11, R-NAV-04: a typed URL outside a session is refused', () => {
    expectDenied(decide(plain({ trigger: 'typed', previousOrigin: null })), 'R-NAV-11');
  });

  it('R-NAV-11, R-NAV-15: the user setting does not lift the MUST NOT for page navigations outside a session', () => {
    expectDenied(decide(plain({ userAllowsOrigin: true })), 'R-NAV-11');
  });
});

describe('allowed signals (R-NAV-13, R-NAV-14, R-NAV-10 same-origin, R-NAV-15)', () => {
  it.each<[NavigationTrigger, string]>([
    ['bookmark', 'bookmark'],
    ['native-launcher', 'native-launcher'],
  ])('R-NAV-13: %s is a significant user action', (trigger, signal) => {
    const d = decide(plain({ previousOrigin: null, trigger }));
    expectAllowed(d, 'R-NAV-13', signal);
    expect(d.error).toBeUndefined();
  });

  it('R-NAV-13, R-INTENT-04: an installed web app launched by the user is allowed', () => {
    expectAllowed(
      decide(plain({ previousOrigin: null, trigger: 'installed-app', launchedByUser: true })),
      'R-NAV-13',
      'installed-app',
    );
  });

  it('R-INTENT-04, AMB-35: an installed-app origin match without a user launch is refused', () => {
    const d = decide(plain({ previousOrigin: null, trigger: 'installed-app', launchedByUser: false }));
    expectDenied(d, 'R-INTENT-04');
    expect(d.error?.message).toContain('not launched by the user');
  });

  it('R-INTENT-04, R-NAV-15: the user setting can still allow an installed app that was not launched', () => {
    expectAllowed(
      decide(plain({ previousOrigin: null, trigger: 'installed-app', userAllowsOrigin: true })),
      'R-NAV-15',
      'user-allowed-origin',
    );
  });

  it.each<NavigationTrigger>(['link', 'script', 'typed'])(
    'R-NAV-10: a same-origin %s navigation from inside an active immersive session is allowed',
    (trigger) => {
      expectAllowed(decide(facts({ trigger })), 'R-NAV-10', 'same-origin-immersive-navigation');
    },
  );

  it('R-NAV-10: same origin compares scheme, host and port, not path', () => {
    expectAllowed(
      decide(facts({ previousOrigin: originOf('https://a.example:443/x'), newOrigin: A2 })),
      'R-NAV-10',
      'same-origin-immersive-navigation',
    );
  });

  it('R-NAV-10: a reload from inside the session (same origin, script) is allowed', () => {
    expectAllowed(
      decide(facts({ trigger: 'script', navigationType: 'reload', newOrigin: A })),
      'R-NAV-10',
      'same-origin-immersive-navigation',
    );
  });

  it('R-NAV-14: history back/forward to a same-origin page in the same browsing session while in the headset', () => {
    const d = decide(
      plain({
        trigger: 'history',
        navigationType: 'back_forward',
        userInHeadset: true,
        sameBrowsingSession: true,
      }),
    );
    expectAllowed(d, 'R-NAV-14', 'history');
  });

  it('R-NAV-14: returning to a background tab in the same browsing session while in the headset', () => {
    expectAllowed(
      decide(plain({ trigger: 'background-tab', userInHeadset: true, sameBrowsingSession: true })),
      'R-NAV-14',
      'background-tab',
    );
    expectAllowed(
      decide(
        plain({
          trigger: 'background-tab',
          previousOrigin: null,
          userInHeadset: true,
          sameBrowsingSession: true,
        }),
      ),
      'R-NAV-14',
      'background-tab',
    );
  });

  it('R-NAV-14: not in the headset → refused', () => {
    expectDenied(
      decide(
        plain({
          trigger: 'history',
          navigationType: 'back_forward',
          userInHeadset: false,
          sameBrowsingSession: true,
        }),
      ),
      'R-INTENT-05',
    );
  });

  it('R-NAV-14: not the same browsing session → refused', () => {
    expectDenied(
      decide(plain({ trigger: 'background-tab', userInHeadset: true, sameBrowsingSession: false })),
      'R-INTENT-05',
    );
  });

  it("R-NAV-14: a 'history' trigger whose navigation type is not back_forward is refused (inconsistent facts)", () => {
    expectDenied(
      decide(
        plain({
          trigger: 'history',
          navigationType: 'navigate',
          userInHeadset: true,
          sameBrowsingSession: true,
        }),
      ),
      'R-INTENT-05',
    );
  });

  it('R-NAV-15: a user setting allows a same-origin history return outside the headset', () => {
    expectAllowed(
      decide(plain({ trigger: 'history', navigationType: 'back_forward', userAllowsOrigin: true })),
      'R-NAV-15',
      'user-allowed-origin',
    );
  });

  it('R-NAV-10, R-NAV-15: a cross-origin history return is decided on the user setting alone', () => {
    for (const headset of [true, false]) {
      expectAllowed(
        decide(
          facts({
            newOrigin: B,
            trigger: 'history',
            navigationType: 'back_forward',
            userInHeadset: headset,
            userAllowsOrigin: true,
          }),
        ),
        'R-NAV-15',
        'user-allowed-origin',
      );
    }
  });

  it('R-NAV-09, R-NAV-15: a native intent on a platform that keeps intents from the web is allowed by the user setting', () => {
    expectAllowed(
      decide(plain({ previousOrigin: null, trigger: 'native-intent', userAllowsOrigin: true })),
      'R-NAV-15',
      'user-allowed-origin',
    );
  });

  it('R-INTENT-05, R-NAV-12: with no signal the answer is a SecurityError denial', () => {
    const d = decide(plain({ previousOrigin: null, trigger: 'native-intent' }));
    expectDenied(d, 'R-INTENT-05');
    expect(Object.isFrozen(d)).toBe(true);
    expect(d.error?.message).toContain('user activation');
  });

  it('R-NAV-13: prerender navigation type does not change a bookmark signal', () => {
    expectAllowed(
      decide(plain({ previousOrigin: null, trigger: 'bookmark', navigationType: 'prerender' })),
      'R-NAV-13',
      'bookmark',
    );
  });

  it('R-NAV-07: a file: origin (opaque, trustworthy) may use a bookmark signal', () => {
    expectAllowed(
      decide(plain({ previousOrigin: null, newOrigin: originOf('file:///tmp/x.html'), trigger: 'bookmark' })),
      'R-NAV-13',
      'bookmark',
    );
  });

  it('R-NAV-10: two opaque origins with the same id are same-origin; different ids are not', () => {
    const f1 = opaqueOrigin('one', 'file');
    const f2 = opaqueOrigin('two', 'file');
    expectAllowed(
      decide(facts({ previousOrigin: f1, newOrigin: opaqueOrigin('one', 'file') })),
      'R-NAV-10',
      'same-origin-immersive-navigation',
    );
    expectDenied(decide(facts({ previousOrigin: f1, newOrigin: f2 })), 'R-NAV-10');
  });
});

describe('hostile input never crashes and never allows (R-NAV-22)', () => {
  it.each([
    ['null', null],
    ['undefined', undefined],
    ['a number', 42],
    ['a string', 'facts'],
    ['a function', () => facts()],
    ['an empty object', {}],
    ['an array', [facts()]],
  ])('R-NAV-22: facts = %s is a TypeError decision', (_label, value) => {
    expectDenied(decide(value), 'R-NAV-22', 'TypeError');
  });

  it.each([
    ['null', null],
    ['a number', 7],
    [
      'a throwing getter',
      Object.defineProperty({}, 'automaticSessionsOnNavigation', {
        get: () => {
          throw new Error('x');
        },
      }),
    ],
  ])('R-NAV-22: profile = %s is a TypeError decision', (_label, profile) => {
    expectDenied(decide(facts(), profile), 'R-NAV-22', 'TypeError');
  });

  it('R-NAV-22: a profile proxy whose traps throw is a TypeError decision', () => {
    const profile = new Proxy(
      {},
      {
        getOwnPropertyDescriptor() {
          throw new Error('trap');
        },
        get() {
          throw new Error('trap');
        },
      },
    );
    expectDenied(decide(facts(), profile), 'R-NAV-22', 'TypeError');
  });

  it.each<[string, Record<string, unknown>]>([
    ['newOrigin missing', { newOrigin: undefined }],
    ['newOrigin a URL string', { newOrigin: 'https://a.example' }],
    ['newOrigin null', { newOrigin: null }],
    [
      'newOrigin with a numeric host',
      { newOrigin: { kind: 'tuple', scheme: 'https', host: 1, port: null, domain: null } },
    ],
    [
      'newOrigin with port 70000',
      { newOrigin: { kind: 'tuple', scheme: 'https', host: 'a.example', port: 70000 } },
    ],
    [
      'newOrigin with a bad domain',
      { newOrigin: { kind: 'tuple', scheme: 'https', host: 'a.example', port: null, domain: 5 } },
    ],
    ['newOrigin opaque without id', { newOrigin: { kind: 'opaque', fromScheme: 'file' } }],
    ['newOrigin opaque with a bad scheme', { newOrigin: { kind: 'opaque', id: 'x', fromScheme: 3 } }],
    ['newOrigin of unknown kind', { newOrigin: { kind: 'weird' } }],
    ['previousOrigin missing (not read as null)', { previousOrigin: undefined }],
    ['previousOrigin malformed', { previousOrigin: { kind: 'tuple' } }],
    ['trigger unknown', { trigger: 'teleport' }],
    ['trigger not a string', { trigger: 1 }],
    ['navigationType unknown', { navigationType: 'push' }],
  ])('R-NAV-22: %s is a TypeError decision that names the field', (_label, over) => {
    const d = decide({ ...facts(), ...over });
    expectDenied(d, 'R-NAV-22', 'TypeError');
    expect(d.error?.message).toContain(`facts.${Object.keys(over)[0]}`);
  });

  it('R-NAV-22: a hand-made origin object equal to originOf() is accepted (copied, not trusted by identity)', () => {
    const hand = { kind: 'tuple', scheme: 'https', host: 'a.example', port: null };
    expectAllowed(
      decide({ ...facts(), previousOrigin: hand, newOrigin: hand }),
      'R-NAV-10',
      'same-origin-immersive-navigation',
    );
  });

  it('R-NAV-22: a throwing getter on a permissive flag reads as false (no allow)', () => {
    const f = plain({ previousOrigin: null, trigger: 'native-intent' }) as unknown as Record<string, unknown>;
    Object.defineProperty(f, 'userAllowsOrigin', {
      get() {
        throw new Error('boom');
      },
    });
    expectDenied(decide(f), 'R-INTENT-05');
    const g = { ...facts() } as Record<string, unknown>;
    Object.defineProperty(g, 'navigatedFromInsideImmersiveSession', {
      get() {
        throw new Error('boom');
      },
    });
    expectDenied(decide(g), 'R-NAV-11');
  });

  it('R-NAV-22: a throwing getter on newOrigin is a TypeError decision', () => {
    const f = { ...facts() } as Record<string, unknown>;
    Object.defineProperty(f, 'newOrigin', {
      get() {
        throw new Error('boom');
      },
    });
    expectDenied(decide(f), 'R-NAV-22', 'TypeError');
  });

  it('R-NAV-22: truthy non-boolean flags are not true', () => {
    const f = {
      ...plain({ previousOrigin: null, trigger: 'installed-app' }),
      launchedByUser: 'yes',
      userAllowsOrigin: 1,
    };
    expectDenied(decide(f), 'R-INTENT-04');
  });

  it('R-NAV-15: a polluted Object.prototype cannot supply a missing flag', () => {
    const proto = Object.prototype as unknown as Record<string, unknown>;
    const f = { ...plain({ previousOrigin: null, trigger: 'native-intent' }) } as Record<string, unknown>;
    delete f.userAllowsOrigin;
    proto.userAllowsOrigin = true;
    try {
      expectDenied(decide(f), 'R-INTENT-05');
    } finally {
      delete proto.userAllowsOrigin;
    }
  });

  it('R-NAV-15: a JSON "__proto__" key is an own data property, not a prototype, and grants nothing', () => {
    const json = JSON.parse(
      `{"__proto__": {"userAllowsOrigin": true, "launchedByUser": true}, ${JSON.stringify(
        plain({ previousOrigin: null, trigger: 'installed-app' }),
      ).slice(1)}`,
    );
    expect(Object.getPrototypeOf(json)).toBe(Object.prototype);
    // launchedByUser:false and userAllowsOrigin:false come from the spread; delete them to rely on __proto__.
    delete json.launchedByUser;
    delete json.userAllowsOrigin;
    expectDenied(decide(json), 'R-INTENT-04');
  });

  it('R-NAV-22: facts whose getters live on a class prototype are read (host objects)', () => {
    class Facts {
      get previousOrigin(): Origin | null {
        return null;
      }
      get newOrigin(): Origin {
        return A;
      }
      get redirectCount(): number {
        return 0;
      }
      get navigationType(): string {
        return 'navigate';
      }
      get trigger(): string {
        return 'bookmark';
      }
    }
    expectAllowed(decide(new Facts()), 'R-NAV-13', 'bookmark');
  });

  it('R-NAV-15: a setter-only flag reads as missing (false)', () => {
    const f = { ...plain({ previousOrigin: null, trigger: 'native-intent' }) } as Record<string, unknown>;
    Object.defineProperty(f, 'userAllowsOrigin', { set() {} });
    expectDenied(decide(f), 'R-INTENT-05');
  });

  it('R-NAV-07: a hand-made opaque origin without fromScheme is not trustworthy', () => {
    const d = decide({
      ...plain({ previousOrigin: null, trigger: 'bookmark' }),
      newOrigin: { kind: 'opaque', id: 'x' },
    });
    expectDenied(d, 'R-NAV-07');
  });

  it('R-NAV-22: a revoked proxy as facts is a TypeError decision', () => {
    const { proxy, revoke } = Proxy.revocable(facts(), {});
    revoke();
    expectDenied(decide(proxy), 'R-NAV-22', 'TypeError');
  });

  it('R-NAV-22: a proxy claiming every property is true yields malformed origins, not an allow', () => {
    const liar = new Proxy(
      {},
      {
        getOwnPropertyDescriptor: () => ({
          value: true,
          writable: true,
          enumerable: true,
          configurable: true,
        }),
      },
    );
    expectDenied(decide(liar), 'R-NAV-22', 'TypeError');
  });

  it('R-NAV-22: arbitrary values as facts never throw and never allow', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        const d = decide(value);
        expect(d.allowed).toBe(false);
      }),
    );
  });

  it('R-NAV-22: arbitrary values as profile never throw and never allow', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        const f = plain({ previousOrigin: null, trigger: 'bookmark' });
        expect(mayStartImmersiveAfterNavigation(f, value as UAProfile).allowed).toBe(false);
      }),
    );
  });

  it('R-NAV-22: records whose fields are a mix of valid and arbitrary values never throw; allows have a valid grant', () => {
    const field = <T>(valid: T) => fc.oneof(fc.constant(valid), fc.anything());
    fc.assert(
      fc.property(
        fc.record({
          previousOrigin: fc.oneof(fc.constant(null), field(A)),
          newOrigin: field(A),
          redirectCount: fc.oneof(fc.constant(0), fc.anything()),
          navigationType: field('navigate'),
          trigger: fc.oneof(fc.constantFrom('bookmark', 'link', 'history', 'native-intent'), fc.anything()),
          previousPageHadImmersiveSession: fc.anything(),
          navigatedFromInsideImmersiveSession: fc.anything(),
          userInHeadset: fc.anything(),
          sameBrowsingSession: fc.anything(),
          platformLetsWebTriggerIntents: fc.anything(),
          userAllowsOrigin: fc.anything(),
          launchedByUser: fc.anything(),
        }),
        (f) => {
          const d = decide(f);
          if (d.allowed) {
            expect(f.redirectCount).toBe(0);
            expect(d.value?.mitigations).toEqual(['start-blurred']);
          } else {
            expect(d.error?.name === 'SecurityError' || d.error?.name === 'TypeError').toBe(true);
          }
        },
      ),
    );
  });
});

describe('navigationFactsFromTiming (R-NAV-08, R-NAV-14)', () => {
  it.each(['navigate', 'reload', 'back_forward', 'prerender'] as const)(
    'R-NAV-14: reads type %s and the redirect count',
    (type) => {
      expect(navigationFactsFromTiming({ type, redirectCount: 0 })).toEqual({
        navigationType: type,
        redirectCount: 0,
      });
    },
  );

  it('R-NAV-08: a redirect count is read as given', () => {
    expect(
      navigationFactsFromTiming({ entryType: 'navigation', type: 'navigate', redirectCount: 3 }),
    ).toEqual({
      navigationType: 'navigate',
      redirectCount: 3,
    });
  });

  it('R-NAV-14: legacy PerformanceNavigation codes 0/1/2 are understood; 255 and unknown strings read as navigate', () => {
    expect(navigationFactsFromTiming({ type: 0, redirectCount: 0 }).navigationType).toBe('navigate');
    expect(navigationFactsFromTiming({ type: 1, redirectCount: 0 }).navigationType).toBe('reload');
    expect(navigationFactsFromTiming({ type: 2, redirectCount: 0 }).navigationType).toBe('back_forward');
    expect(navigationFactsFromTiming({ type: 255, redirectCount: 0 }).navigationType).toBe('navigate');
    expect(navigationFactsFromTiming({ type: 'teleport', redirectCount: 0 }).navigationType).toBe('navigate');
  });

  it.each([
    ['missing', {}],
    ['negative', { redirectCount: -1 }],
    ['fractional', { redirectCount: 0.5 }],
    ['NaN', { redirectCount: Number.NaN }],
    ['a string', { redirectCount: '0' }],
    ['null', { redirectCount: null }],
  ])('R-NAV-08: a %s redirect count counts as one redirect', (_label, entry) => {
    expect(navigationFactsFromTiming({ type: 'navigate', ...entry }).redirectCount).toBe(1);
  });

  it.each([
    ['null', null],
    ['undefined', undefined],
    ['a number', 5],
    ['a string', 'navigate'],
    ['a resource entry', { entryType: 'resource', type: 'back_forward', redirectCount: 0 }],
  ])('R-NAV-08: %s gives the conservative facts', (_label, entry) => {
    expect(navigationFactsFromTiming(entry)).toEqual({ navigationType: 'navigate', redirectCount: 1 });
  });

  it('R-NAV-08: throwing getters and revoked proxies give conservative facts', () => {
    const throwingCount = Object.defineProperty({ type: 'back_forward' }, 'redirectCount', {
      get() {
        throw new Error('boom');
      },
    });
    expect(navigationFactsFromTiming(throwingCount)).toEqual({
      navigationType: 'back_forward',
      redirectCount: 1,
    });
    const throwingType = Object.defineProperty({}, 'entryType', {
      get() {
        throw new Error('boom');
      },
    });
    expect(navigationFactsFromTiming(throwingType)).toEqual({ navigationType: 'navigate', redirectCount: 1 });
    const { proxy, revoke } = Proxy.revocable({ type: 'navigate', redirectCount: 0 }, {});
    revoke();
    expect(navigationFactsFromTiming(proxy)).toEqual({ navigationType: 'navigate', redirectCount: 1 });
  });

  it('R-NAV-08: reads prototype getters, as on a PerformanceNavigationTiming entry', () => {
    class Entry {
      get entryType(): string {
        return 'navigation';
      }
      get type(): string {
        return 'back_forward';
      }
      get redirectCount(): number {
        return 0;
      }
    }
    expect(navigationFactsFromTiming(new Entry())).toEqual({
      navigationType: 'back_forward',
      redirectCount: 0,
    });
  });

  it('R-NAV-08: a polluted Object.prototype.redirectCount is ignored', () => {
    const proto = Object.prototype as unknown as Record<string, unknown>;
    proto.redirectCount = 0;
    try {
      expect(navigationFactsFromTiming({ type: 'navigate' }).redirectCount).toBe(1);
    } finally {
      delete proto.redirectCount;
    }
  });

  it('R-NAV-08: the result is frozen', () => {
    expect(Object.isFrozen(navigationFactsFromTiming({ type: 'navigate', redirectCount: 0 }))).toBe(true);
    expect(Object.isFrozen(navigationFactsFromTiming(null))).toBe(true);
  });

  it('R-NAV-08, R-NAV-14: timing facts feed the decision; a hostile entry ends in an R-NAV-08 denial', () => {
    const base = plain({ userInHeadset: true, sameBrowsingSession: true, trigger: 'history' });
    const good = navigationFactsFromTiming({
      entryType: 'navigation',
      type: 'back_forward',
      redirectCount: 0,
    });
    expectAllowed(decide({ ...base, ...good }), 'R-NAV-14', 'history');
    const hostile = navigationFactsFromTiming({
      type: 'back_forward',
      get redirectCount() {
        throw new Error('x');
      },
    });
    expectDenied(decide({ ...base, ...hostile }), 'R-NAV-08');
  });

  it('R-NAV-08: arbitrary input never throws and never reports zero redirects unless it said so', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        const t = navigationFactsFromTiming(value);
        expect(['navigate', 'reload', 'back_forward', 'prerender']).toContain(t.navigationType);
        expect(Number.isSafeInteger(t.redirectCount) && t.redirectCount >= 0).toBe(true);
      }),
    );
  });
});
