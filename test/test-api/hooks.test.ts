// navigator.xr.test.xrgate: the hooks the WebXR Test API lacks (AMB-30, R-TEST-07), their effect on
// the privacy model and their argument errors.
// Requirement ids: AMB-30, R-TEST-07, R-TEST-09, R-SESSION-21, R-TRUST-08, R-TUI-06, R-VIS-02, AMB-35.

import { describe, expect, it } from 'vitest';
import type { ConsentQuestion } from '../../src/policy/consent.js';
import {
  callLoose,
  expectReject,
  expectThrow,
  makeTestUA,
  requestWithActivation,
  tasks,
  trackedImmersive,
} from './helpers.js';

async function withDevice(options: Parameters<typeof makeTestUA>[0] = {}) {
  const ua = makeTestUA(options);
  const device = await ua.test.simulateDeviceConnection(trackedImmersive());
  return { ua, device, hooks: ua.test.xrgate };
}

describe('xrgate hooks: the object', () => {
  it('AMB-30: navigator.xr.test.xrgate is one XrgateTestHooks object, apart from the standard members', () => {
    const ua = makeTestUA();
    expect(ua.test.xrgate).toBe(ua.test.xrgate);
    expect(Object.prototype.toString.call(ua.test.xrgate)).toBe('[object XrgateTestHooks]');
    expect(Object.keys(ua.test)).toEqual([]);
  });
});

describe('setConsent / setConsentHandler (R-TEST-07: consent decisions)', () => {
  it("AMB-30: setConsent('deny-all'): a required local-floor rejects NotSupportedError, an optional one is dropped", async () => {
    const { ua, hooks } = await withDevice();
    hooks.setConsent('deny-all');
    await expectReject(
      requestWithActivation(ua, 'immersive-vr', { requiredFeatures: ['local-floor'] }),
      'NotSupportedError',
    );
    const s = await requestWithActivation(ua, 'immersive-vr', { optionalFeatures: ['local-floor'] });
    expect(s.enabledFeatures).not.toContain('local-floor');
    await s.end();
  });

  it("AMB-30: setConsent({ grant }) grants only the listed features; 'grant-all' restores R-TEST-09's default", async () => {
    const { ua, hooks } = await withDevice();
    hooks.setConsent({ grant: ['local-floor'] });
    const s = await requestWithActivation(ua, 'immersive-vr', {
      requiredFeatures: ['local-floor'],
      optionalFeatures: ['bounded-floor', 'unbounded'],
    });
    expect(s.enabledFeatures).toContain('local-floor');
    expect(s.enabledFeatures).not.toContain('bounded-floor');
    expect(s.enabledFeatures).not.toContain('unbounded');
    await s.end();
    // Answers are remembered per origin (the denials above stand); a fresh document shows 'grant-all'.
    const fresh = await withDevice();
    fresh.hooks.setConsent('deny-all');
    fresh.hooks.setConsent('grant-all');
    const s2 = await requestWithActivation(fresh.ua, 'immersive-vr', {
      optionalFeatures: ['bounded-floor', 'unbounded'],
    });
    expect(s2.enabledFeatures).toEqual(expect.arrayContaining(['bounded-floor', 'unbounded']));
    await s2.end();
  });

  it('AMB-30: setConsentHandler receives the question and its answer decides', async () => {
    const { ua, hooks } = await withDevice();
    const questions: ConsentQuestion[] = [];
    hooks.setConsentHandler((q) => {
      questions.push(q);
      return {
        granted: Object.fromEntries(q.features.map((f) => [f.name, f.name !== 'bounded-floor'])),
        kind: 'explicit',
      };
    });
    const s = await requestWithActivation(ua, 'immersive-vr', {
      requiredFeatures: ['local-floor'],
      optionalFeatures: ['bounded-floor'],
    });
    expect(questions.length).toBe(1);
    expect(questions[0]?.mode).toBe('immersive-vr');
    expect(questions[0]?.features.map((f) => f.name)).toEqual(
      expect.arrayContaining(['local-floor', 'bounded-floor']),
    );
    expect(s.enabledFeatures).toContain('local-floor');
    expect(s.enabledFeatures).not.toContain('bounded-floor');
    await s.end();
  });

  it('WebIDL-style errors: bad consent scripts and a non-function handler throw TypeError', async () => {
    const { hooks } = await withDevice();
    expectThrow(() => callLoose(hooks, 'setConsent', 'maybe'), 'TypeError');
    expectThrow(() => callLoose(hooks, 'setConsent', null), 'TypeError');
    expectThrow(() => callLoose(hooks, 'setConsent', { grant: 'local-floor' }), 'TypeError');
    expectThrow(() => callLoose(hooks, 'setConsent'), 'TypeError');
    expectThrow(() => callLoose(hooks, 'setConsentHandler', 42), 'TypeError');
    expectThrow(() => callLoose(hooks, 'setConsentHandler'), 'TypeError');
  });
});

describe('setPermissionsPolicy (R-TEST-07: xr-spatial-tracking)', () => {
  it("R-SESSION-21: 'xr-spatial-tracking' off: immersive requests NotSupportedError, isSessionSupported SecurityError", async () => {
    const { ua, hooks } = await withDevice();
    hooks.setPermissionsPolicy('xr-spatial-tracking', false);
    await expectReject(requestWithActivation(ua, 'immersive-vr'), 'NotSupportedError');
    await expectReject(ua.xr.isSessionSupported('immersive-vr'), 'SecurityError');
    hooks.setPermissionsPolicy('xr-spatial-tracking', true);
    expect(await ua.xr.isSessionSupported('immersive-vr')).toBe(true);
    const s = await requestWithActivation(ua, 'immersive-vr');
    await s.end();
  });

  it("R-SESSION-21: 'strict' profile answers SecurityError for the blocked immersive request", async () => {
    const { ua, hooks } = await withDevice({ profile: 'strict' });
    hooks.setPermissionsPolicy('xr-spatial-tracking', false);
    await expectReject(requestWithActivation(ua, 'immersive-vr'), 'SecurityError');
  });

  it('an unknown policy feature throws TypeError', async () => {
    const { hooks } = await withDevice();
    expectThrow(() => hooks.setPermissionsPolicy('geolocation', false), 'TypeError');
    expectThrow(() => callLoose(hooks, 'setPermissionsPolicy'), 'TypeError');
  });
});

describe('setFocus / setDocumentVisibility / setTrustedUI (R-TEST-07: focus and trusted UI)', () => {
  it('R-TRUST-08: setFocus(false) makes the immersive session hidden; setFocus(true) visible again', async () => {
    const { ua, hooks } = await withDevice();
    const s = await requestWithActivation(ua, 'immersive-vr');
    const seen: string[] = [];
    s.addEventListener('visibilitychange', () => seen.push(s.visibilityState));
    hooks.setFocus(false);
    await tasks();
    expect(s.visibilityState).toBe('hidden');
    hooks.setFocus(true);
    await tasks();
    expect(s.visibilityState).toBe('visible');
    expect(seen).toEqual(['hidden', 'visible']);
    await s.end();
  });

  it('R-VIS-02: setDocumentVisibility drives inline sessions', async () => {
    const { ua, hooks } = await withDevice();
    const inline = await requestWithActivation(ua, 'inline');
    hooks.setDocumentVisibility('hidden');
    await tasks();
    expect(inline.visibilityState).toBe('hidden');
    hooks.setDocumentVisibility('visible');
    await tasks();
    expect(inline.visibilityState).toBe('visible');
    await inline.end();
  });

  it("R-TUI-06: setTrustedUI('prompt') blurs the immersive session; null restores it", async () => {
    const { ua, hooks } = await withDevice();
    const s = await requestWithActivation(ua, 'immersive-vr');
    hooks.setTrustedUI('prompt');
    await tasks();
    expect(s.visibilityState).toBe('visible-blurred');
    hooks.setTrustedUI(null);
    await tasks();
    expect(s.visibilityState).toBe('visible');
    await s.end();
  });

  it('bad visibility and trusted-UI values throw TypeError', async () => {
    const { hooks } = await withDevice();
    expectThrow(() => callLoose(hooks, 'setDocumentVisibility', 'prerender'), 'TypeError');
    expectThrow(() => callLoose(hooks, 'setTrustedUI', 'dialog'), 'TypeError');
    expectThrow(() => callLoose(hooks, 'setTrustedUI'), 'TypeError');
  });
});

describe('launchAsInstalledApp (R-TEST-07: launching a web application, AMB-35)', () => {
  it('AMB-35: an immersive request without activation succeeds once after the launch', async () => {
    const { ua, hooks } = await withDevice();
    await expectReject(ua.xr.requestSession('immersive-vr'), 'SecurityError');
    hooks.launchAsInstalledApp();
    const s = await ua.xr.requestSession('immersive-vr');
    await s.end();
    await expectReject(ua.xr.requestSession('immersive-vr'), 'SecurityError');
  });
});

describe('setSessionSupportedConsent / setTestMode / setNavigationFacts', () => {
  it('R-TEST-09: leaving test mode makes isSessionSupported follow the xr-session-supported answer', async () => {
    const { ua, hooks } = await withDevice();
    hooks.setTestMode(false);
    hooks.setSessionSupportedConsent('denied');
    expect(await ua.xr.isSessionSupported('immersive-vr')).toBe(false);
    hooks.setSessionSupportedConsent('granted');
    expect(await ua.xr.isSessionSupported('immersive-vr')).toBe(true);
    hooks.setTestMode(true);
    hooks.setSessionSupportedConsent('denied');
    // R-TEST-09: in test mode the answer is truthful, whatever the stored answer says.
    expect(await ua.xr.isSessionSupported('immersive-vr')).toBe(true);
  });

  it('a bad xr-session-supported state throws TypeError; setNavigationFacts(null) is accepted', async () => {
    const { hooks } = await withDevice();
    expectThrow(() => callLoose(hooks, 'setSessionSupportedConsent', 'maybe'), 'TypeError');
    expect(hooks.setNavigationFacts(null)).toBeUndefined();
  });
});

describe('auditLog', () => {
  it('AMB-30: returns every decision so far, each with a requirement id; refusals carry their error name', async () => {
    const { ua, hooks } = await withDevice();
    await expectReject(ua.xr.requestSession('immersive-vr'), 'SecurityError');
    const s = await requestWithActivation(ua, 'immersive-vr');
    await s.end();
    const log = hooks.auditLog();
    expect(Array.isArray(log)).toBe(true);
    expect(log.length).toBeGreaterThan(0);
    for (const r of log) {
      expect(r.requirement).toMatch(/^(R-[A-Z]+-\d+|AMB-\d+)/);
      expect(typeof r.action).toBe('string');
      expect(typeof r.allowed).toBe('boolean');
    }
    const denial = log.find((r) => !r.allowed && r.action === 'requestSession');
    expect(denial?.errorName).toBe('SecurityError');
    expect(denial?.requirement).toBe('R-INTENT-05');
    expect(log.some((r) => r.allowed && r.requirement === 'R-SESSION-11')).toBe(true);
    // Later decisions appear in a later call.
    expect(await ua.xr.isSessionSupported('immersive-vr')).toBe(true);
    expect(hooks.auditLog().length).toBeGreaterThan(log.length);
  });
});
