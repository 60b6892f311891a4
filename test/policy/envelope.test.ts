import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Decision } from '../../src/policy/decision.js';
import {
  CAMERA_DATA,
  checkAgainstEnvelope,
  declarePermissionEnvelope,
  ENVELOPE_PERMISSIONS,
  envelopeFromFeatures,
  GEOLOCATION,
  HEADSET_POSE,
  IMMERSIVE_MODE,
  MAX_ENVELOPE_LIST_LENGTH,
  MICROPHONE,
  type MidSessionConsent,
  type MidSessionConsentFacts,
  midSessionAction,
  midSessionConsentDecision,
  NOTIFICATIONS,
  type PermissionEnvelope,
} from '../../src/policy/envelope.js';
import { defineProfile, specProfile, strictProfile, type UAProfile } from '../../src/policy/profile.js';

const upper = defineProfile({ name: 's4', midSessionConsent: 'upper-bound' });

function envelope(list: unknown): PermissionEnvelope {
  const d = declarePermissionEnvelope(list);
  if (!d.allowed) throw new Error(`test setup: ${d.error.message}`);
  return d.value;
}

function expectDenied(d: Decision<unknown>, requirement: string, name: string): void {
  expect(d.allowed).toBe(false);
  expect(d.requirement).toBe(requirement);
  expect(d.error?.name).toBe(name);
  expect(d.error?.message).toContain(`[${requirement}]`);
  expect(Object.isFrozen(d)).toBe(true);
}

/** A copy of `list` with a hole at `index`. */
function withHole(list: unknown[], index: number): unknown[] {
  const copy = [...list];
  delete copy[index];
  return copy;
}

function throwingAt(index: number, list: unknown[]): unknown[] {
  return Object.defineProperty(list, String(index), {
    get() {
      throw new Error('boom');
    },
  });
}

describe('permission constants (R-UPPER-03)', () => {
  it("R-UPPER-03: the proposal's constants and geolocation, with Permissions API names where one exists", () => {
    expect(MICROPHONE).toBe('microphone');
    expect(CAMERA_DATA).toBe('camera');
    expect(GEOLOCATION).toBe('geolocation');
    expect(IMMERSIVE_MODE).toBe('immersive-mode');
    expect(HEADSET_POSE).toBe('headset-pose');
    expect(ENVELOPE_PERMISSIONS).toEqual([
      MICROPHONE,
      CAMERA_DATA,
      GEOLOCATION,
      NOTIFICATIONS,
      IMMERSIVE_MODE,
      HEADSET_POSE,
    ]);
    expect(NOTIFICATIONS).toBe('notifications');
    expect(Object.isFrozen(ENVELOPE_PERMISSIONS)).toBe(true);
  });
});

describe('declarePermissionEnvelope (R-UPPER-03, R-UPPER-04)', () => {
  it('R-UPPER-03, R-UPPER-04: a valid list becomes a frozen envelope, in order', () => {
    const d = declarePermissionEnvelope([MICROPHONE, IMMERSIVE_MODE, HEADSET_POSE]);
    expect(d.allowed).toBe(true);
    expect(d.requirement).toBe('R-UPPER-04');
    expect(d.value?.permissions).toEqual([MICROPHONE, IMMERSIVE_MODE, HEADSET_POSE]);
    expect(Object.isFrozen(d.value)).toBe(true);
    expect(Object.isFrozen(d.value?.permissions)).toBe(true);
    expect(Object.isFrozen(d)).toBe(true);
  });

  it('R-UPPER-03: duplicates are dropped, first occurrence kept', () => {
    expect(envelope([CAMERA_DATA, MICROPHONE, CAMERA_DATA, MICROPHONE, GEOLOCATION]).permissions).toEqual([
      CAMERA_DATA,
      MICROPHONE,
      GEOLOCATION,
    ]);
  });

  it('R-UPPER-03: the envelope does not alias the caller list', () => {
    const list = [MICROPHONE];
    const env = envelope(list);
    list.push(CAMERA_DATA);
    expect(env.permissions).toEqual([MICROPHONE]);
  });

  it('R-UPPER-03, R-UPPER-06: an empty list is a valid envelope that allows nothing', () => {
    const env = envelope([]);
    expect(env.permissions).toEqual([]);
    expectDenied(checkAgainstEnvelope(env, MICROPHONE), 'R-UPPER-06', 'NotAllowedError');
  });

  it('R-UPPER-03: an unknown name is a TypeError decision that names the entry and lists the constants', () => {
    const d = declarePermissionEnvelope([MICROPHONE, 'bluetooth']);
    expectDenied(d, 'R-UPPER-03', 'TypeError');
    expect(d.error?.message).toContain('[1]');
    expect(d.error?.message).toContain('"bluetooth"');
    expect(d.error?.message).toContain(
      'MICROPHONE, CAMERA_DATA, GEOLOCATION, NOTIFICATIONS, IMMERSIVE_MODE, HEADSET_POSE',
    );
    expect(d.value).toBeUndefined();
  });

  it.each([
    ['a constant name instead of its value', 'MICROPHONE'],
    ['a different case', 'Microphone'],
    ['__proto__', '__proto__'],
    ['constructor', 'constructor'],
    ['an empty string', ''],
  ])('R-UPPER-03: %s is an unknown name', (_label, name) => {
    expectDenied(declarePermissionEnvelope([name]), 'R-UPPER-03', 'TypeError');
  });

  it.each([
    ['a number entry', [1]],
    ['null entry', [null]],
    ['an object entry', [{ toString: () => 'microphone' }]],
    ['a symbol entry', [Symbol('microphone')]],
    ['a hole', withHole([MICROPHONE, MICROPHONE, CAMERA_DATA], 1)],
  ])('R-UPPER-03: %s is a TypeError decision', (_label, list) => {
    expectDenied(declarePermissionEnvelope(list), 'R-UPPER-03', 'TypeError');
  });

  it.each([
    ['a string', 'microphone'],
    ['null', null],
    ['undefined', undefined],
    ['an object', { 0: 'microphone', length: 1 }],
    ['a Set', new Set(['microphone'])],
    ['a number', 3],
  ])('R-UPPER-03: %s instead of an array is a TypeError decision', (_label, list) => {
    expectDenied(declarePermissionEnvelope(list), 'R-UPPER-03', 'TypeError');
  });

  it('R-UPPER-03: a very long string entry is quoted truncated in the message', () => {
    const d = declarePermissionEnvelope(['x'.repeat(10_000)]);
    expectDenied(d, 'R-UPPER-03', 'TypeError');
    expect(d.error?.message.length).toBeLessThan(500);
  });

  it('R-UPPER-03: a list of exactly MAX_ENVELOPE_LIST_LENGTH entries is accepted, one more is refused', () => {
    expect(envelope(new Array(MAX_ENVELOPE_LIST_LENGTH).fill(MICROPHONE)).permissions).toEqual([MICROPHONE]);
    const d = declarePermissionEnvelope(new Array(MAX_ENVELOPE_LIST_LENGTH + 1).fill(MICROPHONE));
    expectDenied(d, 'R-UPPER-03', 'TypeError');
    expect(d.error?.message).toContain(`at most ${MAX_ENVELOPE_LIST_LENGTH}`);
  });

  it('R-UPPER-03: a huge array is refused without being walked', () => {
    expectDenied(declarePermissionEnvelope(new Array(10_000_000)), 'R-UPPER-03', 'TypeError');
  });

  it('R-UPPER-03: an entry whose getter throws is a TypeError decision', () => {
    expectDenied(
      declarePermissionEnvelope(throwingAt(1, [MICROPHONE, CAMERA_DATA])),
      'R-UPPER-03',
      'TypeError',
    );
  });

  it('R-UPPER-03: proxies — throwing traps, a lying length, a revoked proxy — are TypeError decisions', () => {
    const throwing = new Proxy([MICROPHONE], {
      getOwnPropertyDescriptor() {
        throw new Error('trap');
      },
    });
    expectDenied(declarePermissionEnvelope(throwing), 'R-UPPER-03', 'TypeError');
    const liar = new Proxy([MICROPHONE], {
      getOwnPropertyDescriptor(target, key) {
        if (key === 'length') return { value: 1e9, writable: true, enumerable: false, configurable: false };
        return Reflect.getOwnPropertyDescriptor(target, key);
      },
    });
    expectDenied(declarePermissionEnvelope(liar), 'R-UPPER-03', 'TypeError');
    const { proxy, revoke } = Proxy.revocable([MICROPHONE], {});
    revoke();
    expectDenied(declarePermissionEnvelope(proxy), 'R-UPPER-03', 'TypeError');
  });

  it('R-UPPER-03: a polluted Array.prototype index does not fill a hole', () => {
    const proto = Array.prototype as unknown as Record<string, unknown>;
    proto[1] = MICROPHONE;
    try {
      expectDenied(
        declarePermissionEnvelope(withHole([CAMERA_DATA, CAMERA_DATA, GEOLOCATION], 1)),
        'R-UPPER-03',
        'TypeError',
      );
    } finally {
      delete proto[1];
    }
  });

  it('R-UPPER-03: arbitrary input never throws; an allow always holds only known names, deduplicated', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.anything(), fc.array(fc.oneof(fc.constantFrom(...ENVELOPE_PERMISSIONS), fc.string()))),
        (v) => {
          const d = declarePermissionEnvelope(v);
          if (d.allowed) {
            const names = d.value?.permissions ?? [];
            expect(new Set(names).size).toBe(names.length);
            for (const n of names) expect(ENVELOPE_PERMISSIONS).toContain(n);
          } else {
            expect(d.error?.name).toBe('TypeError');
          }
        },
      ),
    );
  });
});

describe('checkAgainstEnvelope (R-UPPER-05, R-UPPER-06, R-UPPER-11)', () => {
  const env = envelope([MICROPHONE, IMMERSIVE_MODE, HEADSET_POSE]);

  it('R-UPPER-05: a listed capability is allowed (the UA may prompt or use an earlier answer)', () => {
    const d = checkAgainstEnvelope(env, MICROPHONE);
    expect(d.allowed).toBe(true);
    expect(d.requirement).toBe('R-UPPER-05');
    expect(d.error).toBeUndefined();
  });

  it('R-UPPER-06: a capability missing from the list is NotAllowedError, telling the developer to add it at requestSession', () => {
    const d = checkAgainstEnvelope(env, CAMERA_DATA);
    expectDenied(d, 'R-UPPER-06', 'NotAllowedError');
    expect(d.error?.message).toContain('Add CAMERA_DATA to the list passed to requestSession');
    expect(d.error?.message).toContain('"camera"');
  });

  it('R-UPPER-06: with no envelope declared every capability is outside', () => {
    const d = checkAgainstEnvelope(null, MICROPHONE);
    expectDenied(d, 'R-UPPER-06', 'NotAllowedError');
    expect(d.error?.message).toContain('no permission list was declared');
    expect(d.error?.message).toContain('MICROPHONE');
  });

  it.each(['bluetooth', 'midi', '__proto__', 'toString', 'MICROPHONE'])(
    'R-UPPER-06: %s, a name no list can declare, is outside every envelope',
    (capability) => {
      const d = checkAgainstEnvelope(env, capability);
      expectDenied(d, 'R-UPPER-06', 'NotAllowedError');
      expect(d.error?.message).toContain('A permission list can hold only');
    },
  );

  it('R-UPPER-06: a plain object with the same data works as an envelope (envelopes are data)', () => {
    expect(checkAgainstEnvelope({ permissions: [GEOLOCATION] }, GEOLOCATION).allowed).toBe(true);
  });

  it.each([
    ['a number', 1],
    ['null', null],
    ['an empty string', ''],
    ['a huge string', 'm'.repeat(100_000)],
    ['an object', { toString: () => 'microphone' }],
  ])('R-UPPER-06: a capability that is %s is a TypeError decision', (_label, capability) => {
    expectDenied(checkAgainstEnvelope(env, capability as string), 'R-UPPER-06', 'TypeError');
  });

  it.each([
    ['a number', 42],
    ['a string', 'microphone'],
    ['an object without permissions', {}],
    ['permissions as a string', { permissions: 'microphone' }],
    ['an unknown name inside', { permissions: ['bluetooth'] }],
    [
      'a throwing permissions getter',
      Object.defineProperty({}, 'permissions', {
        get: () => {
          throw new Error('x');
        },
      }),
    ],
    ['a throwing entry', { permissions: throwingAt(0, [MICROPHONE]) }],
  ])('R-UPPER-11: an envelope that is %s is a TypeError decision', (_label, bad) => {
    const d = checkAgainstEnvelope(bad as unknown as PermissionEnvelope, MICROPHONE);
    expectDenied(d, 'R-UPPER-11', 'TypeError');
  });

  it('R-UPPER-11: a setter-only permissions property reads as missing (TypeError)', () => {
    const bad = Object.defineProperty({}, 'permissions', { set() {} });
    expectDenied(checkAgainstEnvelope(bad as PermissionEnvelope, MICROPHONE), 'R-UPPER-11', 'TypeError');
  });

  it('R-UPPER-11: a polluted Object.prototype.permissions does not make {} an envelope', () => {
    const proto = Object.prototype as unknown as Record<string, unknown>;
    proto.permissions = [MICROPHONE];
    try {
      expectDenied(checkAgainstEnvelope({} as PermissionEnvelope, MICROPHONE), 'R-UPPER-11', 'TypeError');
    } finally {
      delete proto.permissions;
    }
  });

  it('R-UPPER-06: a capability is allowed only if the envelope lists it (property)', () => {
    fc.assert(
      fc.property(
        fc.subarray([...ENVELOPE_PERMISSIONS]),
        fc.oneof(fc.constantFrom(...ENVELOPE_PERMISSIONS), fc.string()),
        (list, capability) => {
          const d = checkAgainstEnvelope(envelope(list), capability);
          expect(d.allowed).toBe((list as string[]).includes(capability));
        },
      ),
    );
  });
});

describe('midSessionConsentDecision, spec policy (R-CONSENT-05, R-LIFE-10, AMB-06)', () => {
  const base: MidSessionConsentFacts = {
    capability: MICROPHONE,
    activeImmersiveSession: true,
    consentGrantedBeforeSession: false,
    envelope: null,
  };
  const decide = (
    over: Partial<Record<keyof MidSessionConsentFacts, unknown>>,
    profile: UAProfile = specProfile,
  ) => midSessionConsentDecision({ ...base, ...over } as MidSessionConsentFacts, profile);

  function expectAction(d: Decision<MidSessionConsent>, action: string, requirement: string): void {
    expect(d.allowed).toBe(true);
    expect(d.requirement).toBe(requirement);
    expect(midSessionAction(d)).toBe(action);
    expect(d.value?.action).toBe(action);
    expect(Object.isFrozen(d.value)).toBe(true);
  }

  it("AMB-06: the default (spec) and strict profiles use the spec's shutdown rule", () => {
    expect(specProfile.midSessionConsent).toBe('shutdown');
    expect(strictProfile.midSessionConsent).toBe('shutdown');
  });

  it('R-CONSENT-05: no active immersive session → the ordinary prompt', () => {
    expectAction(decide({ activeImmersiveSession: false }), 'prompt', 'R-CONSENT-05');
    expectAction(
      decide({ activeImmersiveSession: false, consentGrantedBeforeSession: true }),
      'prompt',
      'R-CONSENT-05',
    );
  });

  it('R-CONSENT-05, R-LIFE-10: consent that predates the session → use it, the session need not end', () => {
    expectAction(decide({ consentGrantedBeforeSession: true }), 'use-existing-consent', 'R-CONSENT-05');
  });

  it('R-CONSENT-05, R-LIFE-10: a prompt during an active immersive session → shut the session down first', () => {
    const d = decide({});
    expectAction(d, 'shutdown-then-prompt', 'R-CONSENT-05');
    expect(d.reason).toContain('shut the session down');
  });

  it('R-CONSENT-05: the rule covers any non-XR permission name, not only envelope names', () => {
    expectAction(decide({ capability: 'notifications' }), 'shutdown-then-prompt', 'R-CONSENT-05');
  });

  it('AMB-06: a declared envelope puts its session under the bound even under the spec policy', () => {
    const outside = decide({ envelope: envelope([]) });
    expect(outside.allowed).toBe(false);
    expect(outside.error?.name).toBe('NotAllowedError');
    expect(outside.requirement).toBe('R-UPPER-06');
    expectAction(decide({ envelope: envelope(['microphone']) }), 'prompt', 'R-UPPER-05');
    // Malformed: a TypeError decision, never a grant.
    expect(decide({ envelope: 42 }).error?.name).toBe('TypeError');
    // No envelope: the spec's rule.
    expectAction(decide({ envelope: null }), 'shutdown-then-prompt', 'R-CONSENT-05');
  });

  it('R-CONSENT-05, R-LIFE-10: an unreadable activeImmersiveSession counts as active (shutdown before prompting)', () => {
    expectAction(decide({ activeImmersiveSession: 'no' }), 'shutdown-then-prompt', 'R-CONSENT-05');
    expectAction(decide({ activeImmersiveSession: undefined }), 'shutdown-then-prompt', 'R-CONSENT-05');
    const f = { ...base } as Record<string, unknown>;
    Object.defineProperty(f, 'activeImmersiveSession', {
      get() {
        throw new Error('boom');
      },
    });
    expectAction(
      midSessionConsentDecision(f as unknown as MidSessionConsentFacts, specProfile),
      'shutdown-then-prompt',
      'R-CONSENT-05',
    );
  });

  it('R-CONSENT-05: an unreadable consentGrantedBeforeSession counts as not granted', () => {
    expectAction(decide({ consentGrantedBeforeSession: 'yes' }), 'shutdown-then-prompt', 'R-CONSENT-05');
  });
});

describe('midSessionConsentDecision, upper-bound policy (R-UPPER-05, R-UPPER-06, R-UPPER-11, AMB-06)', () => {
  const env = envelope([MICROPHONE, HEADSET_POSE]);
  const base: MidSessionConsentFacts = {
    capability: MICROPHONE,
    activeImmersiveSession: true,
    consentGrantedBeforeSession: false,
    envelope: env,
  };
  const decide = (over: Partial<Record<keyof MidSessionConsentFacts, unknown>>) =>
    midSessionConsentDecision({ ...base, ...over } as MidSessionConsentFacts, upper);

  function expectReject(d: Decision<MidSessionConsent>, requirement: string, name: string): void {
    expectDenied(d, requirement, name);
    expect(midSessionAction(d)).toBe('reject');
    expect(d.value).toBeUndefined();
  }

  it('R-UPPER-06: outside the envelope during a session → reject with NotAllowedError (what getUserMedia rejects with)', () => {
    const d = decide({ capability: CAMERA_DATA });
    expectReject(d, 'R-UPPER-06', 'NotAllowedError');
    expect(d.error?.message).toContain('Add CAMERA_DATA');
  });

  it('R-UPPER-05: inside the envelope during a session → the UA may prompt (trusted immersive UI, not a shutdown)', () => {
    const d = decide({});
    expect(d.allowed).toBe(true);
    expect(d.requirement).toBe('R-UPPER-05');
    expect(midSessionAction(d)).toBe('prompt');
    expect(d.reason).toContain('trusted immersive UI');
  });

  it('R-UPPER-05: inside the envelope with earlier approval → use it without a prompt', () => {
    const d = decide({ consentGrantedBeforeSession: true });
    expect(d.allowed).toBe(true);
    expect(d.requirement).toBe('R-UPPER-05');
    expect(midSessionAction(d)).toBe('use-existing-consent');
  });

  it('R-UPPER-06: a session with no declared envelope rejects every request', () => {
    expectReject(decide({ envelope: null }), 'R-UPPER-06', 'NotAllowedError');
    expectReject(decide({ envelope: undefined }), 'R-UPPER-06', 'NotAllowedError');
  });

  it('R-UPPER-06: a name no list can declare is rejected during the session', () => {
    expectReject(decide({ capability: 'midi' }), 'R-UPPER-06', 'NotAllowedError');
  });

  it('R-UPPER-11: no session and no envelope → the ordinary prompt', () => {
    const d = decide({ activeImmersiveSession: false, envelope: null, capability: 'notifications' });
    expect(d.allowed).toBe(true);
    expect(d.requirement).toBe('R-UPPER-11');
    expect(midSessionAction(d)).toBe('prompt');
  });

  it('R-UPPER-03, R-UPPER-06: a declared envelope still bounds requests after the session (the app lifetime)', () => {
    expectReject(
      decide({ activeImmersiveSession: false, capability: GEOLOCATION }),
      'R-UPPER-06',
      'NotAllowedError',
    );
    const d = decide({ activeImmersiveSession: false });
    expect(midSessionAction(d)).toBe('prompt');
    expect(d.reason).not.toContain('trusted');
  });

  it('R-UPPER-06: an unreadable activeImmersiveSession counts as active, so a missing envelope rejects', () => {
    expectReject(
      decide({ activeImmersiveSession: 'maybe', envelope: null }),
      'R-UPPER-06',
      'NotAllowedError',
    );
  });

  it.each([
    ['a number', 42],
    ['an unknown name', { permissions: ['bluetooth'] }],
    ['a non-array list', { permissions: 'microphone' }],
  ])('R-UPPER-11: an envelope that is %s is a TypeError decision whose action is reject', (_label, bad) => {
    expectReject(decide({ envelope: bad }), 'R-UPPER-11', 'TypeError');
  });

  it('R-UPPER-11: an envelope getter that throws is a TypeError decision whose action is reject', () => {
    const f = { ...base } as Record<string, unknown>;
    Object.defineProperty(f, 'envelope', {
      get() {
        throw new Error('boom');
      },
    });
    expectReject(
      midSessionConsentDecision(f as unknown as MidSessionConsentFacts, upper),
      'R-UPPER-11',
      'TypeError',
    );
  });
});

describe('midSessionConsentDecision, hostile input (R-CONSENT-05, R-UPPER-11, AMB-06)', () => {
  const good: MidSessionConsentFacts = {
    capability: MICROPHONE,
    activeImmersiveSession: true,
    consentGrantedBeforeSession: false,
    envelope: null,
  };

  it.each([
    ['null', null],
    ['undefined', undefined],
    ['a number', 1],
    ['an unknown policy', { ...specProfile, midSessionConsent: 'ask-nicely' }],
    ['a missing policy', {}],
    [
      'a throwing getter',
      Object.defineProperty({}, 'midSessionConsent', {
        get: () => {
          throw new Error('x');
        },
      }),
    ],
  ])('AMB-06: profile = %s is a TypeError decision whose action is reject', (_label, profile) => {
    const d = midSessionConsentDecision(good, profile as UAProfile);
    expectDenied(d, 'AMB-06', 'TypeError');
    expect(midSessionAction(d)).toBe('reject');
    expect(d.value).toBeUndefined();
  });

  it.each([
    ['null', null],
    ['a string', 'microphone'],
    ['a capability number', { ...good, capability: 7 }],
    ['an empty capability', { ...good, capability: '' }],
    ['a huge capability', { ...good, capability: 'c'.repeat(1_000_000) }],
    [
      'a throwing capability getter',
      Object.defineProperty({ ...good }, 'capability', {
        get: () => {
          throw new Error('x');
        },
      }),
    ],
  ])('R-CONSENT-05: facts = %s is a TypeError decision under the spec policy', (_label, facts) => {
    const d = midSessionConsentDecision(facts as MidSessionConsentFacts, specProfile);
    expectDenied(d, 'R-CONSENT-05', 'TypeError');
    expect(midSessionAction(d)).toBe('reject');
    expect(d.value).toBeUndefined();
  });

  it('R-UPPER-11: a bad capability under the upper-bound policy cites R-UPPER-11', () => {
    expectDenied(
      midSessionConsentDecision({ ...good, capability: 3 as unknown as string }, upper),
      'R-UPPER-11',
      'TypeError',
    );
  });

  it('R-CONSENT-05: a revoked proxy as facts is a TypeError decision', () => {
    const { proxy, revoke } = Proxy.revocable({ ...good }, {});
    revoke();
    expectDenied(midSessionConsentDecision(proxy, specProfile), 'R-CONSENT-05', 'TypeError');
  });

  it('R-CONSENT-05, R-UPPER-06: arbitrary facts never throw and every answer names an action', () => {
    fc.assert(
      fc.property(fc.anything(), fc.constantFrom(specProfile, upper), (facts, profile) => {
        const d = midSessionConsentDecision(facts as MidSessionConsentFacts, profile);
        expect(['prompt', 'shutdown-then-prompt', 'use-existing-consent', 'reject']).toContain(
          midSessionAction(d),
        );
        expect(d.allowed).toBe(midSessionAction(d) !== 'reject');
        expect(d.allowed ? d.value.action : d.error.name).toBeTypeOf('string');
      }),
    );
  });

  it('R-UPPER-06: under the upper bound an allowed answer during a session always has the capability in the envelope', () => {
    fc.assert(
      fc.property(
        fc.subarray([...ENVELOPE_PERMISSIONS]),
        fc.oneof(fc.constantFrom(...ENVELOPE_PERMISSIONS), fc.string()),
        fc.anything(),
        (list, capability, prior) => {
          const d = midSessionConsentDecision(
            {
              capability,
              activeImmersiveSession: true,
              consentGrantedBeforeSession: prior as boolean,
              envelope: envelope(list),
            },
            upper,
          );
          expect(d.allowed).toBe((list as string[]).includes(capability));
        },
      ),
    );
  });
});

describe('envelopeFromFeatures (R-UPPER-03: declared in optionalFeatures)', () => {
  it('takes the declarable names out of optionalFeatures, deduplicated, and leaves the WebXR features', () => {
    const r = envelopeFromFeatures(['local-floor', 'microphone', 'camera', 'microphone', 'hand-tracking']);
    expect(r.envelope?.permissions).toEqual(['microphone', 'camera']);
    expect(r.features).toEqual(['local-floor', 'hand-tracking']);
    expect(Object.isFrozen(r.envelope)).toBe(true);
  });

  it('no declarable name: no envelope (the spec rule applies)', () => {
    const r = envelopeFromFeatures(['local-floor', 'immersive-mode', 'headset-pose']);
    expect(r.envelope).toBeNull();
    expect(r.features).toEqual(['local-floor', 'immersive-mode', 'headset-pose']);
  });

  it('property: every name ends up in exactly one of the two lists', () => {
    const names = ['microphone', 'camera', 'geolocation', 'notifications', 'local', 'layers', 'x'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...names), { maxLength: 20 }), (list) => {
        const r = envelopeFromFeatures(list);
        const env = r.envelope?.permissions ?? [];
        for (const f of list) expect(env.includes(f as never) !== r.features.includes(f)).toBe(true);
        const declared = declarePermissionEnvelope([...env]);
        expect(declared.allowed).toBe(true);
      }),
    );
  });
});
