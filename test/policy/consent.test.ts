import { describe, expect, it, vi } from 'vitest';
import {
  type ConsentKey,
  type ConsentRecord,
  type ConsentStorage,
  ConsentStore,
  decideSessionSupported,
  describeFeaturesForPrompt,
  queryXRPermission,
  requestXRPermission,
  storedXRPermissionState,
} from '../../src/policy/consent.js';
import type { FeatureDescriptor } from '../../src/policy/features.js';
import { defineProfile, specProfile } from '../../src/policy/profile.js';
import { resolveRequestedFeatures } from '../../src/policy/resolve-features.js';
import { headset } from './helpers.js';

const A = 'https://a.example';
const B = 'https://b.example';

function memoryStorage(initial: ConsentRecord[] = []): ConsentStorage & { saved: ConsentRecord[] } {
  const s = {
    saved: initial,
    load: () => s.saved,
    save: (r: readonly ConsentRecord[]) => {
      s.saved = [...r];
    },
  };
  return s;
}

function resolved(
  mode: 'immersive-vr' | 'inline',
  required: string[],
  optional: string[],
  store: ConsentStore,
  origin = A,
) {
  return resolveRequestedFeatures({
    mode,
    requiredFeatures: required,
    optionalFeatures: optional,
    device: headset(),
    previouslyEnabled: store.grantedFeatures(origin, 'bc1', mode),
    policyAllows: () => true,
    profile: specProfile,
  });
}

describe('ConsentStore', () => {
  it('AMB-08: grants are keyed by origin and browsing context, never shared across origins', () => {
    const store = new ConsentStore({ now: () => 0, profile: specProfile });
    store.record(
      { origin: A, browsingContext: 'bc1', mode: 'immersive-vr', feature: 'local-floor' },
      { state: 'granted', kind: 'explicit' },
    );
    expect(store.grantedFeatures(A, 'bc1', 'immersive-vr')).toEqual(new Set(['local-floor']));
    expect(store.grantedFeatures(B, 'bc1', 'immersive-vr').size).toBe(0);
    expect(store.grantedFeatures(A, 'bc2', 'immersive-vr').size).toBe(0);
    expect(store.grantedFeatures(A, 'bc1', 'inline').size).toBe(0);
  });

  it('R-CONSENT-03: consent lasts until the browsing context ends (default)', () => {
    const store = new ConsentStore({ now: () => 0, profile: specProfile });
    const changes: string[] = [];
    store.onChange((c) => {
      if (c.cause !== 'granted' && c.cause !== 'denied') changes.push(c.cause);
    });
    store.record(
      { origin: A, browsingContext: 'bc1', mode: 'immersive-vr', feature: 'unbounded' },
      { state: 'granted', kind: 'explicit' },
    );
    store.endBrowsingContext('bc1');
    expect(store.grantedFeatures(A, 'bc1', 'immersive-vr').size).toBe(0);
    expect(changes).toEqual(['browsing-context-ended']);
  });

  it('R-CONSENT-03: a timed duration expires on the injected clock', () => {
    let t = 0;
    const store = new ConsentStore({ now: () => t, profile: specProfile });
    const changes: string[] = [];
    store.onChange((c) => {
      if (c.cause !== 'granted' && c.cause !== 'denied') changes.push(c.cause);
    });
    store.record(
      { origin: A, browsingContext: 'bc1', mode: 'immersive-vr', feature: 'local-floor' },
      { state: 'granted', kind: 'explicit', duration: { ms: 1000 } },
    );
    t = 999;
    expect(store.grantedFeatures(A, 'bc1', 'immersive-vr').has('local-floor')).toBe(true);
    t = 1000;
    expect(store.grantedFeatures(A, 'bc1', 'immersive-vr').has('local-floor')).toBe(false);
    expect(changes).toEqual(['expired']);
  });

  it("'session' duration (allow once) ends with the session", () => {
    const store = new ConsentStore({ now: () => 0, profile: specProfile });
    store.record(
      { origin: A, browsingContext: 'bc1', mode: 'immersive-vr', feature: 'local-floor' },
      { state: 'granted', kind: 'explicit', duration: 'session', sessionId: 's1' },
    );
    store.endSession('s2');
    expect(store.list(A)).toHaveLength(1);
    store.endSession('s1');
    expect(store.list(A)).toHaveLength(0);
  });

  it('R-CONSENT-03: persisted only when the host gives storage; survives a new store and other browsing contexts', () => {
    const storage = memoryStorage();
    const s1 = new ConsentStore({ now: () => 0, profile: specProfile, storage });
    const rec = s1.record(
      { origin: A, browsingContext: 'bc1', mode: 'immersive-vr', feature: 'local-floor' },
      { state: 'granted', kind: 'explicit', duration: 'persistent' },
    );
    expect(rec.persisted).toBe(true);
    expect(storage.saved).toHaveLength(1);
    const s2 = new ConsentStore({ now: () => 0, profile: specProfile, storage });
    expect(s2.grantedFeatures(A, 'bc-other', 'immersive-vr').has('local-floor')).toBe(true);
    s2.endBrowsingContext('bc-other');
    expect(s2.grantedFeatures(A, 'bc-x', 'immersive-vr').has('local-floor')).toBe(true);
  });

  it('R-CONSENT-03: storage that loads later (IndexedDB) hands its persisted grants over; junk is ignored', () => {
    let deliver: (r: readonly ConsentRecord[]) => void = () => {};
    const storage: ConsentStorage = {
      load: () => [],
      save: () => {},
      onLoad: (cb) => {
        deliver = cb;
      },
    };
    const store = new ConsentStore({ now: () => 0, profile: specProfile, storage });
    expect(store.grantedFeatures(A, 'bc1', 'immersive-vr').size).toBe(0);
    const rec = {
      origin: A,
      browsingContext: '*',
      mode: 'immersive-vr',
      feature: 'local-floor',
      state: 'granted',
      kind: 'explicit',
      at: 0,
      expiresAt: null,
      duration: 'persistent',
      persisted: true,
    } as const;
    deliver([
      rec,
      { ...rec, feature: 'unbounded', persisted: false },
      { ...rec, state: 'maybe' } as never,
      // A stored feature that is not a known descriptor is not read back as one.
      { ...rec, feature: 'local-flor' } as never,
      { ...rec, feature: 42 } as never,
      null as never,
    ]);
    expect(store.grantedFeatures(A, 'bc1', 'immersive-vr')).toEqual(new Set(['local-floor']));
    expect(store.list(A).map((r) => r.feature)).toEqual(['local-floor']);
  });

  it('R-CONSENT-10: in private mode nothing is persisted, and stored grants are not read', () => {
    const storage = memoryStorage();
    new ConsentStore({ now: () => 0, profile: specProfile, storage }).record(
      { origin: A, browsingContext: 'bc1', mode: 'immersive-vr', feature: 'local-floor' },
      { state: 'granted', kind: 'explicit', duration: 'persistent' },
    );
    const save = vi.spyOn(storage, 'save');
    const priv = new ConsentStore({ now: () => 0, profile: specProfile, storage, privateMode: true });
    expect(priv.privateMode).toBe(true);
    expect(priv.grantedFeatures(A, 'bc9', 'immersive-vr').size).toBe(0);
    const rec = priv.record(
      { origin: A, browsingContext: 'bc1', mode: 'immersive-vr', feature: 'unbounded' },
      { state: 'granted', kind: 'explicit', duration: 'persistent' },
    );
    expect(rec.persisted).toBe(false);
    expect(rec.duration).toBe('browsing-context');
    expect(save).not.toHaveBeenCalled();
  });

  it('R-TUI-03 (8), AMB-29: revocation removes grants and fires change', () => {
    const store = new ConsentStore({ now: () => 0, profile: specProfile });
    const changes: unknown[] = [];
    store.onChange((c) => {
      if (c.cause === 'revoked') changes.push(c);
    });
    for (const f of ['local-floor', 'unbounded'] as const) {
      store.record(
        { origin: A, browsingContext: 'bc1', mode: 'immersive-vr', feature: f },
        { state: 'granted', kind: 'explicit' },
      );
    }
    expect(store.revoke(A, { feature: 'unbounded' })).toBe(1);
    expect(store.grantedFeatures(A, 'bc1', 'immersive-vr')).toEqual(new Set(['local-floor']));
    expect(store.revoke(A, { mode: 'inline' })).toBe(0);
    expect(store.revoke(A)).toBe(1);
    expect(changes).toEqual([
      { origin: A, mode: null, features: ['unbounded'], cause: 'revoked' },
      { origin: A, mode: null, features: ['local-floor'], cause: 'revoked' },
    ]);
  });

  it('storage and listener failures never grant or crash', () => {
    const broken: ConsentStorage = {
      load: () => {
        throw new Error('db');
      },
      save: () => {
        throw new Error('db');
      },
    };
    const store = new ConsentStore({ now: () => 0, profile: specProfile, storage: broken });
    store.onChange(() => {
      throw new Error('listener');
    });
    store.record(
      { origin: A, browsingContext: 'bc1', mode: 'immersive-vr', feature: 'local-floor' },
      { state: 'granted', kind: 'explicit', duration: 'persistent' },
    );
    expect(store.revoke(A)).toBe(1);
    const junk = new ConsentStore({
      now: () => 0,
      profile: specProfile,
      storage: { load: () => [null, 5, { origin: A }] as never, save: () => {} },
    });
    expect(junk.list()).toHaveLength(0);
    expect(() => new ConsentStore({} as never)).toThrow(TypeError);
    expect(() => store.onChange(null as never)).toThrow(TypeError);
  });

  it('R-CONSENT-03: per-origin duration from the profile applies when the answer names none', () => {
    const p = defineProfile({ name: 'x', consentDurationByOrigin: { [A]: { ms: 50 } } });
    const store = new ConsentStore({ now: () => 0, profile: p });
    const r = store.record(
      { origin: A, browsingContext: 'bc1', mode: 'immersive-vr', feature: 'local-floor' },
      { state: 'granted', kind: 'implicit' },
    );
    expect(r.expiresAt).toBe(50);
  });
});

describe('request the "xr" permission (R-PERM-04)', () => {
  it('R-PERM-04, R-PERM-05: one batched prompt for every feature that needs consent; grants recorded', async () => {
    const store = new ConsentStore({ now: () => 0, profile: specProfile });
    const provider = vi.fn(async (_q: unknown) => ({
      granted: { 'local-floor': true, unbounded: false },
      kind: 'explicit' as const,
    }));
    const d = await requestXRPermission({
      descriptor: {
        mode: 'immersive-vr',
        requiredFeatures: ['local-floor'],
        optionalFeatures: ['unbounded'],
      },
      resolved: resolved('immersive-vr', ['local-floor'], ['unbounded'], store),
      store,
      origin: A,
      browsingContext: 'bc1',
      provider,
    });
    expect(provider).toHaveBeenCalledTimes(1);
    expect(provider.mock.calls[0]?.[0]).toMatchObject({
      origin: A,
      features: [
        { name: 'local-floor', required: true, reveals: 'your height' },
        { name: 'unbounded', required: false },
      ],
    });
    expect(d.value).toEqual({
      state: 'granted',
      granted: ['viewer', 'local', 'local-floor'],
      capabilities: [],
    });
    expect(
      store.lookup({ origin: A, browsingContext: 'bc1', mode: 'immersive-vr', feature: 'unbounded' })?.state,
    ).toBe('denied');
  });

  it("spec(hand-input) #privacy-security: 'hand-tracking' is granted only by explicit consent (or the Test API's platform)", async () => {
    const handResolved = (required: FeatureDescriptor[], optional: FeatureDescriptor[]) =>
      ({
        allowed: true,
        value: {
          consentRequired: required,
          consentOptional: optional,
          granted: ['viewer', 'local'],
          skipped: [],
        },
        reason: 'resolved',
        requirement: 'R-FEAT-03',
      }) as const;
    const implicit = () => ({ granted: { 'hand-tracking': true }, kind: 'implicit' as const });
    const explicit = () => ({ granted: { 'hand-tracking': true }, kind: 'explicit' as const });
    const run = (
      required: FeatureDescriptor[],
      optional: FeatureDescriptor[],
      provider: () => { granted: Record<string, boolean>; kind: 'implicit' | 'explicit' },
      test = false,
    ) =>
      requestXRPermission({
        descriptor: { mode: 'immersive-vr', requiredFeatures: required, optionalFeatures: optional },
        resolved: handResolved(required, optional),
        store: new ConsentStore({ now: () => 0, profile: specProfile }),
        origin: A,
        browsingContext: 'bc1',
        provider,
        implicitCountsAsExplicit: test,
      });
    const refused = await run(['hand-tracking'], [], implicit);
    expect(refused.error?.name).toBe('NotSupportedError');
    expect(refused.error?.message).toContain('explicit consent');
    expect((await run([], ['hand-tracking'], implicit)).value?.granted).not.toContain('hand-tracking');
    expect((await run(['hand-tracking'], [], explicit)).value?.granted).toContain('hand-tracking');
    expect((await run(['hand-tracking'], [], implicit, true)).value?.granted).toContain('hand-tracking');
  });

  it("spec(hand-input): a remembered implicit grant of 'hand-tracking' is not honoured; an explicit one is", async () => {
    const store = new ConsentStore({ now: () => 0, profile: specProfile });
    const k: ConsentKey = {
      origin: A,
      browsingContext: 'bc1',
      mode: 'immersive-vr',
      feature: 'hand-tracking',
    };
    store.record(k, { state: 'granted', kind: 'implicit' });
    expect(store.grantedFeatures(A, 'bc1', 'immersive-vr').has('hand-tracking')).toBe(false);
    const provider = vi.fn(() => ({ granted: {}, kind: 'explicit' as const }));
    const d = await requestXRPermission({
      descriptor: { mode: 'immersive-vr', requiredFeatures: ['hand-tracking'], optionalFeatures: [] },
      resolved: {
        allowed: true,
        value: {
          consentRequired: ['hand-tracking'],
          consentOptional: [],
          granted: ['viewer', 'local'],
          skipped: [],
        },
        reason: 'resolved',
        requirement: 'R-FEAT-03',
      },
      store,
      origin: A,
      browsingContext: 'bc1',
      provider,
    });
    // Asked again (the implicit record did not count), and declined.
    expect(provider).toHaveBeenCalledTimes(1);
    expect(d.error?.name).toBe('NotSupportedError');
    store.record(k, { state: 'granted', kind: 'explicit' });
    expect(store.grantedFeatures(A, 'bc1', 'immersive-vr').has('hand-tracking')).toBe(true);
    // Other features keep honouring implicit grants (R-TEST-09, the spec's implicit consent).
    store.record({ ...k, feature: 'local-floor' }, { state: 'granted', kind: 'implicit' });
    expect(store.grantedFeatures(A, 'bc1', 'immersive-vr').has('local-floor')).toBe(true);
  });

  it('a provider answer that does not say "explicit" counts as implicit (fail safe)', async () => {
    const store = new ConsentStore({ now: () => 0, profile: specProfile });
    await requestXRPermission({
      descriptor: { mode: 'immersive-vr', requiredFeatures: ['local-floor'], optionalFeatures: [] },
      resolved: resolved('immersive-vr', ['local-floor'], [], store),
      store,
      origin: A,
      browsingContext: 'bc1',
      provider: () =>
        ({ granted: { 'local-floor': true } }) as unknown as {
          granted: Record<string, boolean>;
          kind: 'explicit';
        },
    });
    expect(
      store.lookup({ origin: A, browsingContext: 'bc1', mode: 'immersive-vr', feature: 'local-floor' })?.kind,
    ).toBe('implicit');
  });

  it('R-SESSION-09, AMB-03: a required feature without consent is NotSupportedError', async () => {
    const store = new ConsentStore({ now: () => 0, profile: specProfile });
    const d = await requestXRPermission({
      descriptor: { mode: 'immersive-vr', requiredFeatures: ['local-floor'], optionalFeatures: [] },
      resolved: resolved('immersive-vr', ['local-floor'], [], store),
      store,
      origin: A,
      browsingContext: 'bc1',
      provider: () => ({ granted: {}, kind: 'explicit' }),
    });
    expect(d.error?.name).toBe('NotSupportedError');
    expect(d.requirement).toBe('R-PERM-04');
  });

  it('R-TUI-03 (5): remembered answers are not asked again; a remembered denial of a required feature refuses at once', async () => {
    const store = new ConsentStore({ now: () => 0, profile: specProfile });
    store.record(
      { origin: A, browsingContext: 'bc1', mode: 'immersive-vr', feature: 'local-floor' },
      { state: 'denied', kind: 'explicit' },
    );
    store.record(
      { origin: A, browsingContext: 'bc1', mode: 'immersive-vr', feature: 'unbounded' },
      { state: 'granted', kind: 'explicit' },
    );
    const provider = vi.fn(() => ({ granted: {}, kind: 'explicit' as const }));
    const base = { store, origin: A, browsingContext: 'bc1', provider };
    const refused = await requestXRPermission({
      ...base,
      descriptor: { mode: 'immersive-vr', requiredFeatures: ['local-floor'], optionalFeatures: [] },
      resolved: resolved('immersive-vr', ['local-floor'], [], store),
    });
    expect(refused.error?.message).toContain('declined');
    const ok = await requestXRPermission({
      ...base,
      descriptor: {
        mode: 'immersive-vr',
        requiredFeatures: [],
        optionalFeatures: ['local-floor', 'unbounded'],
      },
      resolved: resolved('immersive-vr', [], ['local-floor', 'unbounded'], store),
    });
    expect(ok.value?.granted).toEqual(['viewer', 'local', 'unbounded']);
    expect(provider).not.toHaveBeenCalled();
  });

  it('a provider that throws, or answers junk, grants nothing', async () => {
    const store = new ConsentStore({ now: () => 0, profile: specProfile });
    for (const provider of [
      async () => {
        throw new Error('prompt crashed');
      },
      () => null as never,
      () =>
        ({
          granted: new Proxy(
            {},
            {
              getOwnPropertyDescriptor: () => {
                throw new Error('x');
              },
            },
          ),
          kind: 'explicit',
        }) as never,
      () => ({ granted: { 'local-floor': 'yes' }, kind: 'explicit' }) as never,
    ]) {
      const s = new ConsentStore({ now: () => 0, profile: specProfile });
      const d = await requestXRPermission({
        descriptor: { mode: 'immersive-vr', requiredFeatures: [], optionalFeatures: ['local-floor'] },
        resolved: resolved('immersive-vr', [], ['local-floor'], s),
        store: s,
        origin: A,
        browsingContext: 'bc1',
        provider,
      });
      expect(d.value?.granted).toEqual(['viewer', 'local']);
    }
    void store;
  });

  it('R-PERM-04: an unresolvable descriptor is denied without prompting', async () => {
    const store = new ConsentStore({ now: () => 0, profile: specProfile });
    const provider = vi.fn();
    const d = await requestXRPermission({
      descriptor: { mode: 'immersive-vr', requiredFeatures: ['bogus'], optionalFeatures: [] },
      resolved: resolved('immersive-vr', ['bogus'], [], store),
      store,
      origin: A,
      browsingContext: 'bc1',
      provider,
    });
    expect(d.error?.name).toBe('NotSupportedError');
    expect(provider).not.toHaveBeenCalled();
  });
});

describe('query the "xr" permission (R-PERM-03, R-PERM-16, AMB-19)', () => {
  const descriptor = {
    mode: 'immersive-vr' as const,
    requiredFeatures: ['local-floor'],
    optionalFeatures: [],
  };
  const base = {
    descriptor,
    storedState: 'prompt' as const,
    spatialTrackingAllowed: true,
    sessionSupportedState: 'granted' as const,
    deviceSupportsMode: () => true,
  };

  it('R-PERM-03: consent still needed is "prompt" with the granted defaults; nothing needed is "granted"', () => {
    const store = new ConsentStore({ now: () => 0, profile: specProfile });
    const q = queryXRPermission({
      ...base,
      resolve: () => resolved('immersive-vr', ['local-floor'], [], store),
    });
    expect(q).toMatchObject({ state: 'prompt', granted: ['viewer', 'local'] });
    store.record(
      { origin: A, browsingContext: 'bc1', mode: 'immersive-vr', feature: 'local-floor' },
      { state: 'granted', kind: 'explicit' },
    );
    const q2 = queryXRPermission({
      ...base,
      resolve: () => resolved('immersive-vr', ['local-floor'], [], store),
    });
    expect(q2).toMatchObject({ state: 'granted', granted: ['viewer', 'local', 'local-floor'] });
  });

  it('R-PERM-16: in a blocked frame, or before xr-session-supported is granted, no device is enumerated', () => {
    const deviceSupportsMode = vi.fn(() => true);
    const resolve = vi.fn();
    for (const over of [{ spatialTrackingAllowed: false }, { sessionSupportedState: 'prompt' as const }]) {
      const q = queryXRPermission({ ...base, ...over, deviceSupportsMode, resolve });
      expect(q).toMatchObject({ state: 'prompt', granted: [], requirement: 'R-PERM-16' });
    }
    expect(
      queryXRPermission({ ...base, storedState: 'denied', spatialTrackingAllowed: false, resolve }).state,
    ).toBe('denied');
    expect(deviceSupportsMode).not.toHaveBeenCalled();
    expect(resolve).not.toHaveBeenCalled();
  });

  it('AMB-19: never "granted" with an empty list: no device is "denied"', () => {
    const q = queryXRPermission({
      ...base,
      deviceSupportsMode: () => false,
      resolve: () => {
        throw new Error('not called');
      },
    });
    expect(q).toMatchObject({ state: 'denied', granted: [], requirement: 'AMB-19' });
    const inline = queryXRPermission({
      ...base,
      descriptor: { ...descriptor, mode: 'inline' },
      sessionSupportedState: 'prompt',
      deviceSupportsMode: () => false,
      resolve: () => {
        throw new Error('x');
      },
    });
    expect(inline.state).toBe('denied');
  });

  it('R-PERM-03 steps 2 and 4: stored denial, or an unresolvable descriptor, is "denied" with []', () => {
    const store = new ConsentStore({ now: () => 0, profile: specProfile });
    expect(
      queryXRPermission({
        ...base,
        storedState: 'denied',
        resolve: () => resolved('immersive-vr', [], [], store),
      }).state,
    ).toBe('denied');
    const bad = queryXRPermission({ ...base, resolve: () => resolved('immersive-vr', ['bogus'], [], store) });
    expect(bad).toMatchObject({ state: 'denied', granted: [] });
  });

  it('AMB-29: the stored state of a descriptor derives from its required features', () => {
    const store = new ConsentStore({ now: () => 0, profile: specProfile });
    expect(storedXRPermissionState(store, A, 'bc1', descriptor)).toBe('prompt');
    store.record(
      { origin: A, browsingContext: 'bc1', mode: 'immersive-vr', feature: 'local-floor' },
      { state: 'denied', kind: 'explicit' },
    );
    expect(storedXRPermissionState(store, A, 'bc1', descriptor)).toBe('denied');
    // A page's unknown strings have no record: they neither deny nor throw.
    const odd = { ...descriptor, requiredFeatures: ['nonsense', 'Local-Floor'] };
    expect(storedXRPermissionState(store, A, 'bc1', odd)).toBe('prompt');
  });
});

describe('"xr-session-supported" strategies (R-PERM-09..14)', () => {
  const base = {
    mode: 'immersive-vr' as const,
    consent: 'unknown' as const,
    random: () => 0.5,
    profile: specProfile,
  };
  it('R-TEST-09: truthful on the Test API platform', () => {
    expect(decideSessionSupported({ ...base, strategy: 'truthful', deviceSupportsMode: true })).toMatchObject(
      { action: 'answer', supported: true, delayMs: 0 },
    );
    expect(decideSessionSupported({ ...base, strategy: 'truthful', deviceSupportsMode: null })).toMatchObject(
      { supported: false },
    );
  });
  it('R-PERM-13 (2): always true', () => {
    expect(
      decideSessionSupported({ ...base, strategy: 'always-true', deviceSupportsMode: null }),
    ).toMatchObject({ supported: true });
  });
  it('R-PERM-13 (1): explicit consent on each call', () => {
    expect(
      decideSessionSupported({ ...base, strategy: 'explicit-consent', deviceSupportsMode: true }),
    ).toEqual({ action: 'prompt', requirement: 'R-PERM-13' });
    expect(
      decideSessionSupported({
        ...base,
        strategy: 'explicit-consent',
        deviceSupportsMode: true,
        consent: 'granted',
      }),
    ).toMatchObject({ supported: true });
    expect(
      decideSessionSupported({
        ...base,
        strategy: 'explicit-consent',
        deviceSupportsMode: true,
        consent: 'denied',
      }),
    ).toMatchObject({ supported: false });
  });
  it('R-PERM-13 (3), R-ADJ-13: no hardware answers false after a random delay; hardware prompts', () => {
    const out = decideSessionSupported({
      ...base,
      strategy: 'prompt-or-random-delay',
      deviceSupportsMode: false,
      random: () => 0.25,
    });
    expect(out).toMatchObject({ action: 'answer', supported: false, delayMs: 375, requirement: 'R-ADJ-13' });
    expect(
      decideSessionSupported({
        ...base,
        strategy: 'prompt-or-random-delay',
        deviceSupportsMode: false,
        random: () => {
          throw new Error('x');
        },
      }),
    ).toMatchObject({ delayMs: 750 });
    expect(
      decideSessionSupported({
        ...base,
        strategy: 'prompt-or-random-delay',
        deviceSupportsMode: false,
        random: () => 7,
      }),
    ).toMatchObject({ delayMs: 750 });
    expect(
      decideSessionSupported({ ...base, strategy: 'prompt-or-random-delay', deviceSupportsMode: true })
        .action,
    ).toBe('prompt');
    expect(
      decideSessionSupported({
        ...base,
        strategy: 'prompt-or-random-delay',
        deviceSupportsMode: true,
        consent: 'granted',
      }),
    ).toMatchObject({ supported: true });
  });
  it('R-PERM-11, R-PERM-12: UA classes that never / usually support the mode auto-deny / auto-grant', () => {
    expect(
      decideSessionSupported({
        ...base,
        strategy: 'explicit-consent',
        deviceSupportsMode: true,
        uaClass: 'never-supports',
      }),
    ).toMatchObject({ supported: false, requirement: 'R-PERM-11' });
    expect(
      decideSessionSupported({
        ...base,
        strategy: 'explicit-consent',
        deviceSupportsMode: null,
        uaClass: 'usually-supports',
      }),
    ).toMatchObject({ supported: true, requirement: 'R-PERM-12' });
  });
  it('prompt text says what each feature reveals', () => {
    expect(describeFeaturesForPrompt(['local-floor', 'zzz'])).toEqual(['local-floor: your height', 'zzz']);
  });
});
