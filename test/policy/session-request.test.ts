import { describe, expect, it } from 'vitest';
import { createLaunchIntent, noActivation } from '../../src/policy/activation.js';
import { specProfile, strictProfile } from '../../src/policy/profile.js';
import {
  checkDeviceForMode,
  checkSessionRequest,
  convertSessionRequest,
  isSessionSupportedFirstStep,
  type SessionRequest,
  xrIsExposed,
} from '../../src/policy/session-request.js';
import { doc, NOW, noClick } from './helpers.js';

const idle = { pendingImmersiveSession: false, activeImmersiveSession: false };
const req = (
  mode: SessionRequest['mode'],
  requiredFeatures: string[] = [],
  optionalFeatures: string[] = [],
) => ({
  mode,
  requiredFeatures,
  optionalFeatures,
});

describe('requestSession argument conversion (R-SESSION-01)', () => {
  it('R-SESSION-01: an invalid mode or options is a TypeError', () => {
    for (const m of [undefined, 'vr', 'IMMERSIVE-VR', 1, Symbol('x'), {}]) {
      const d = convertSessionRequest(m, {}, specProfile);
      expect(d.error?.name).toBe('TypeError');
      expect(d.requirement).toBe('R-SESSION-01');
    }
    expect(convertSessionRequest('inline', 5, specProfile).error?.name).toBe('TypeError');
    expect(convertSessionRequest('inline', 'x', specProfile).error?.name).toBe('TypeError');
  });

  it('R-SESSION-01: absent lists are empty; entries are converted to DOMString', () => {
    const d = convertSessionRequest(
      'immersive-vr',
      { optionalFeatures: [null, 1, { toString: () => 'local' }] },
      specProfile,
    );
    expect(d.value).toEqual({
      mode: 'immersive-vr',
      requiredFeatures: [],
      optionalFeatures: ['null', '1', 'local'],
    });
    expect(convertSessionRequest('inline', undefined, specProfile).value?.requiredFeatures).toEqual([]);
    expect(convertSessionRequest('inline', null, specProfile).value?.requiredFeatures).toEqual([]);
    expect(
      convertSessionRequest('inline', { requiredFeatures: new Set(['viewer']) }, specProfile).value
        ?.requiredFeatures,
    ).toEqual(['viewer']);
  });

  it('R-SESSION-01: a Symbol entry, a non-iterable list or a throwing getter is a TypeError, never a crash', () => {
    const bad = [
      { requiredFeatures: [Symbol('s')] },
      { requiredFeatures: 'local' },
      { requiredFeatures: 5 },
      { requiredFeatures: {} },
      Object.defineProperty({}, 'requiredFeatures', {
        get: () => {
          throw new Error('getter');
        },
      }),
      {
        requiredFeatures: {
          [Symbol.iterator]: () => {
            throw new Error('iter');
          },
        },
      },
      { requiredFeatures: { [Symbol.iterator]: () => 5 } },
      { requiredFeatures: { [Symbol.iterator]: () => ({ next: () => 5 }) } },
      {
        optionalFeatures: [
          {
            toString: () => {
              throw new Error('toString');
            },
          },
        ],
      },
      new Proxy(
        {},
        {
          get: () => {
            throw new Error('proxy');
          },
        },
      ),
      { requiredFeatures: new Array(5000).fill('local') },
    ];
    for (const o of bad) {
      const d = convertSessionRequest('immersive-vr', o, specProfile);
      expect(d.allowed).toBe(false);
      expect(d.error?.name).toBe('TypeError');
    }
  });

  it('WebIDL: dictionary members are read in lexicographic order (optionalFeatures first)', () => {
    const order: string[] = [];
    const o = new Proxy(
      {},
      {
        get: (_t, k) => {
          order.push(String(k));
          return undefined;
        },
      },
    );
    convertSessionRequest('inline', o, specProfile);
    expect(order).toEqual(['optionalFeatures', 'requiredFeatures']);
  });

  it('__proto__ keys are plain data', () => {
    const o = JSON.parse('{"__proto__": {"requiredFeatures": ["local"]}}');
    expect(convertSessionRequest('inline', o, specProfile).value?.requiredFeatures).toEqual([]);
  });
});

describe('immersive requests: order of checks (R-SESSION-03..05, R-SESSION-21)', () => {
  it('R-SESSION-03, R-INTENT-05: no activation is SecurityError, checked before everything else', () => {
    const d = checkSessionRequest(
      req('immersive-vr'),
      doc({ activation: noClick(), spatialTrackingAllowed: false }),
      { pendingImmersiveSession: true, activeImmersiveSession: true },
      specProfile,
    );
    expect(d.error?.name).toBe('SecurityError');
    expect(d.requirement).toBe('R-INTENT-05');
  });

  it('R-INTENT-17: activation 6 s old is refused; 4.9 s old passes', () => {
    const old = {
      activation: { lastActivationAt: NOW - 6000, hasBeenActive: true },
      now: NOW,
      durationMs: 5000,
      documentId: 'doc-1',
    };
    expect(
      checkSessionRequest(req('immersive-vr'), doc({ activation: old }), idle, specProfile).error?.name,
    ).toBe('SecurityError');
    const recent = { ...old, activation: { lastActivationAt: NOW - 4900, hasBeenActive: true } };
    expect(
      checkSessionRequest(req('immersive-vr'), doc({ activation: recent }), idle, specProfile).allowed,
    ).toBe(true);
  });

  it('R-INTENT-03, AMB-35: a user launch of the installed app stands in for activation', () => {
    const launch = { ...noClick(), launchIntent: createLaunchIntent('doc-1', true) };
    const d = checkSessionRequest(req('immersive-vr'), doc({ activation: launch }), idle, specProfile);
    expect(d.allowed).toBe(true);
    expect(d.value?.signal).toBe('launch');
  });

  it('R-INTENT-05 step 2: without user intent for immersion, SecurityError', () => {
    const d = checkSessionRequest(req('immersive-vr'), doc({ immersiveIntent: 'none' }), idle, specProfile);
    expect(d.error?.name).toBe('SecurityError');
  });

  it('R-SESSION-21, AMB-02: a policy-blocked document: NotSupportedError (spec profile), SecurityError (strict), before the busy check', () => {
    const busy = { pendingImmersiveSession: true, activeImmersiveSession: false };
    const d = checkSessionRequest(
      req('immersive-vr'),
      doc({ spatialTrackingAllowed: false }),
      busy,
      specProfile,
    );
    expect(d.error?.name).toBe('NotSupportedError');
    expect(d.requirement).toBe('R-SESSION-21');
    expect(d.error?.message).toContain('allow="xr-spatial-tracking"');
    const s = checkSessionRequest(
      req('immersive-ar'),
      doc({ spatialTrackingAllowed: false }),
      busy,
      strictProfile,
    );
    expect(s.error?.name).toBe('SecurityError');
  });

  it('R-SESSION-04, R-LIFE-02: pending or active immersive session is InvalidStateError', () => {
    for (const xr of [
      { pendingImmersiveSession: true, activeImmersiveSession: false },
      { pendingImmersiveSession: false, activeImmersiveSession: true },
    ]) {
      const d = checkSessionRequest(req('immersive-vr'), doc(), xr, specProfile);
      expect(d.error?.name).toBe('InvalidStateError');
    }
  });

  it('R-SESSION-05, R-SESSION-07: an allowed immersive request sets pending and asks the immersive device', () => {
    const d = checkSessionRequest(req('immersive-vr', ['local-floor']), doc(), idle, specProfile);
    expect(d.value).toMatchObject({
      device: 'immersive',
      setPendingImmersive: true,
      requiredFeatures: ['local-floor'],
    });
  });

  it('R-TRUST-14: strict needs a focused, fully active document; the spec profile does not', () => {
    expect(
      checkSessionRequest(req('immersive-vr'), doc({ hasFocus: false }), idle, specProfile).allowed,
    ).toBe(true);
    expect(
      checkSessionRequest(req('immersive-vr'), doc({ hasFocus: false }), idle, strictProfile).error?.name,
    ).toBe('SecurityError');
    expect(
      checkSessionRequest(req('immersive-vr'), doc({ fullyActive: false }), idle, strictProfile).error?.name,
    ).toBe('SecurityError');
    expect(
      checkSessionRequest(req('inline', ['local']), doc({ hasFocus: false }), idle, strictProfile).error
        ?.name,
    ).toBe('SecurityError');
  });

  it('R-EXPO-01: an insecure context never gets a session', () => {
    expect(
      checkSessionRequest(req('inline'), doc({ isSecureContext: false }), idle, specProfile).error?.name,
    ).toBe('SecurityError');
    expect(xrIsExposed(false).allowed).toBe(false);
    expect(xrIsExposed(true).allowed).toBe(true);
  });
});

describe('inline requests (R-INTENT-06, R-INTENT-18)', () => {
  it('R-INTENT-06: inline without features needs no activation and uses the default inline device', () => {
    const d = checkSessionRequest(req('inline'), doc({ activation: noClick() }), idle, specProfile);
    expect(d.value).toMatchObject({ device: 'default-inline', setPendingImmersive: false });
  });

  it('R-INTENT-06, R-FEAT-19: any feature, even an unknown string, needs activation', () => {
    for (const r of [
      req('inline', ['local']),
      req('inline', [], ['nonsense']),
      req('inline', [], ['local']),
    ]) {
      const d = checkSessionRequest(r, doc({ activation: noClick() }), idle, specProfile);
      expect(d.error?.name).toBe('SecurityError');
      expect(d.requirement).toBe('R-INTENT-06');
    }
  });

  it('R-INTENT-18: spec profile drops "viewer" entries before the check; strict keeps the letter', () => {
    const r = req('inline', ['viewer'], ['viewer']);
    const d = checkSessionRequest(r, doc({ activation: noClick() }), idle, specProfile);
    expect(d.value).toMatchObject({ device: 'default-inline', requiredFeatures: [], optionalFeatures: [] });
    expect(checkSessionRequest(r, doc({ activation: noClick() }), idle, strictProfile).error?.name).toBe(
      'SecurityError',
    );
  });

  it('R-SESSION-07: inline with features and activation uses the inline XR device', () => {
    expect(checkSessionRequest(req('inline', [], ['local']), doc(), idle, specProfile).value?.device).toBe(
      'inline',
    );
  });

  it("R-EXPO-04: an XRSystem that is not a Window's is refused", () => {
    expect(checkSessionRequest(req('inline'), doc({ isWindow: false }), idle, specProfile).requirement).toBe(
      'R-EXPO-04',
    );
  });

  it('R-POLICY-03, AMB-23: inline in a policy-blocked document still passes the synchronous checks', () => {
    expect(
      checkSessionRequest(req('inline'), doc({ spatialTrackingAllowed: false }), idle, specProfile).allowed,
    ).toBe(true);
  });
});

describe('the queued task and isSessionSupported', () => {
  it('R-SESSION-08: no device or an unsupported mode is NotSupportedError', () => {
    expect(checkDeviceForMode(null, 'immersive-vr').error?.name).toBe('NotSupportedError');
    expect(checkDeviceForMode({ supportedModes: ['inline'] }, 'immersive-vr').error?.name).toBe(
      'NotSupportedError',
    );
    expect(checkDeviceForMode({ supportedModes: ['inline', 'immersive-vr'] }, 'immersive-vr').allowed).toBe(
      true,
    );
  });

  it('AMB-11: a device held by another document looks unavailable (NotSupportedError)', () => {
    const d = checkDeviceForMode(
      { supportedModes: ['immersive-vr'], lockedByAnotherDocument: true },
      'immersive-vr',
    );
    expect(d.error?.name).toBe('NotSupportedError');
    expect(d.requirement).toBe('AMB-11');
    expect(
      checkDeviceForMode({ supportedModes: ['inline'], lockedByAnotherDocument: true }, 'inline').allowed,
    ).toBe(true);
  });

  it('R-SESSION-19, R-POLICY-04: inline resolves true before the policy check; immersive in a blocked frame is SecurityError', () => {
    expect(isSessionSupportedFirstStep('inline', { spatialTrackingAllowed: false })).toEqual({
      kind: 'resolve',
      value: true,
    });
    const s = isSessionSupportedFirstStep('immersive-vr', { spatialTrackingAllowed: false });
    expect(s.kind === 'reject' && s.decision.error.name).toBe('SecurityError');
    expect(isSessionSupportedFirstStep('immersive-ar', { spatialTrackingAllowed: true })).toEqual({
      kind: 'ask-device',
    });
    const t = isSessionSupportedFirstStep('bogus', { spatialTrackingAllowed: true });
    expect(t.kind === 'reject' && t.decision.error.name).toBe('TypeError');
  });

  it('R-INTENT-06: activation state is read, never consumed (AMB-16)', () => {
    const a = { activation: noActivation, now: NOW, durationMs: 5000, documentId: 'doc-1' };
    expect(checkSessionRequest(req('inline'), doc({ activation: a }), idle, specProfile).allowed).toBe(true);
  });
});
