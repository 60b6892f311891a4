// §5 Session request: argument conversion, activation, permissions policy, busy checks, device
// availability and the UA-wide immersive device lock (R-SESSION-01..12, R-SESSION-21,
// R-INTENT-03/05/06/17/18, AMB-11, AMB-35).

import { describe, expect, it } from 'vitest';
import {
  expectAuditDenial,
  expectRejectName,
  flush,
  initialInputs,
  makeUA,
  pump,
  requestImmersive,
} from './helpers.js';

describe('§5.1 requestSession argument conversion', () => {
  it('R-SESSION-01/17: an invalid mode rejects TypeError and never throws synchronously', async () => {
    const ua = makeUA();
    ua.host.click();
    let p: Promise<unknown> | undefined;
    expect(() => {
      p = ua.xr.requestSession('immersive-xr' as never);
    }).not.toThrow();
    await expectRejectName(p as Promise<unknown>, 'TypeError');
    expectAuditDenial(ua, 'TypeError', 'R-SESSION-01', 'requestSession');
  });

  it('R-SESSION-17: requestSession() with no mode rejects TypeError', async () => {
    const ua = makeUA();
    const call = ua.xr.requestSession as unknown as () => Promise<unknown>;
    let p: Promise<unknown> | undefined;
    expect(() => {
      p = call.call(ua.xr);
    }).not.toThrow();
    await expectRejectName(p as Promise<unknown>, 'TypeError');
  });

  it('R-SESSION-01: non-object options and non-sequence / Symbol feature lists reject TypeError', async () => {
    const ua = makeUA();
    ua.host.click();
    const bad: unknown[] = [
      5,
      'local',
      { requiredFeatures: 5 },
      { optionalFeatures: 'local' },
      { requiredFeatures: [Symbol('x')] },
      { optionalFeatures: null },
    ];
    for (const options of bad) {
      let p: Promise<unknown> | undefined;
      expect(() => {
        p = ua.xr.requestSession('immersive-vr', options);
      }).not.toThrow();
      await expectRejectName(p as Promise<unknown>, 'TypeError');
      expectAuditDenial(ua, 'TypeError', 'R-SESSION-01', 'requestSession');
    }
    // Conversion failures never set the pending flag: a valid request still goes through.
    const s = await ua.xr.requestSession('immersive-vr');
    await s.end();
  });

  it('R-SESSION-01: a mode that is valid but an options getter that throws rejects TypeError', async () => {
    const ua = makeUA();
    ua.host.click();
    const options = {
      get requiredFeatures(): string[] {
        throw new Error('boom');
      },
    };
    await expectRejectName(ua.xr.requestSession('immersive-vr', options), 'TypeError');
  });
});

describe('§5.1 activation and intent (R-SESSION-03, R-INTENT-05/06/17/18)', () => {
  it('R-SESSION-03: immersive request without activation rejects SecurityError', async () => {
    const ua = makeUA();
    await expectRejectName(ua.xr.requestSession('immersive-vr'), 'SecurityError');
    expectAuditDenial(ua, 'SecurityError', 'R-INTENT-05', 'requestSession');
    // A synthetic click gives no activation (R-INTENT-02).
    ua.host.syntheticClick();
    await expectRejectName(ua.xr.requestSession('immersive-vr'), 'SecurityError');
  });

  it('R-INTENT-05: no user intent (host judges none) rejects SecurityError even with activation', async () => {
    const ua = makeUA({ immersiveIntent: 'none' });
    ua.host.click();
    await expectRejectName(ua.xr.requestSession('immersive-vr'), 'SecurityError');
    expectAuditDenial(ua, 'SecurityError', 'R-INTENT-05', 'requestSession');
  });

  it('R-INTENT-17: activation lasts 5 s: 4.999 s after the click succeeds, 6 s after it fails', async () => {
    const ua = makeUA({ clock: 'manual' });
    ua.host.click();
    ua.host.advance(4999);
    const p = ua.xr.requestSession('immersive-vr');
    await pump(ua.host);
    const s = await p;
    expect(s.visibilityState).toBe('visible');
    const ended = s.end();
    await pump(ua.host);
    await ended;

    ua.host.click();
    ua.host.advance(6000);
    const late = ua.xr.requestSession('immersive-vr');
    await expectRejectName(late, 'SecurityError');
    expectAuditDenial(ua, 'SecurityError', 'R-INTENT-05', 'requestSession');
  });

  it('R-INTENT-17: exactly 5000 ms after the click the activation has expired', async () => {
    const ua = makeUA({ clock: 'manual' });
    ua.host.click();
    ua.host.advance(5000);
    await expectRejectName(ua.xr.requestSession('immersive-vr'), 'SecurityError');
  });

  it('R-INTENT-17/AMB-16: requestSession does not consume activation', async () => {
    const ua = makeUA({ clock: 'manual' });
    ua.host.click();
    const refused = expectRejectName(
      ua.xr.requestSession('immersive-vr', { requiredFeatures: ['bogus-feature'] }),
      'NotSupportedError',
    );
    await pump(ua.host);
    await refused;
    // Same click, 1 s later: still activated (WPT requiredFeatures_unknown).
    ua.host.advance(1000);
    const q = ua.xr.requestSession('immersive-vr');
    await pump(ua.host);
    const s = await q;
    expect(s.enabledFeatures).toContain('local');
  });

  it('R-INTENT-06: inline without features needs no activation', async () => {
    const ua = makeUA();
    const s = await ua.xr.requestSession('inline');
    expect(s.enabledFeatures).toEqual(['viewer']);
    const s2 = await ua.xr.requestSession('inline', { requiredFeatures: [], optionalFeatures: [] });
    expect(s2.enabledFeatures).toEqual(['viewer']);
  });

  it('R-INTENT-06: inline with any feature (even unknown) and no activation rejects SecurityError', async () => {
    const ua = makeUA();
    await expectRejectName(ua.xr.requestSession('inline', { optionalFeatures: ['local'] }), 'SecurityError');
    expectAuditDenial(ua, 'SecurityError', 'R-INTENT-06', 'requestSession');
    await expectRejectName(
      ua.xr.requestSession('inline', { optionalFeatures: ['not-a-feature'] }),
      'SecurityError',
    );
  });

  it("R-INTENT-18: spec profile: inline naming only 'viewer' needs no activation", async () => {
    const ua = makeUA();
    const a = await ua.xr.requestSession('inline', { requiredFeatures: ['viewer'] });
    const b = await ua.xr.requestSession('inline', { optionalFeatures: ['viewer'] });
    expect(a.enabledFeatures).toEqual(['viewer']);
    expect(b.enabledFeatures).toEqual(['viewer']);
  });

  it("R-INTENT-18: strict profile: inline naming only 'viewer' without activation rejects SecurityError", async () => {
    const ua = makeUA({ profile: 'strict' });
    await expectRejectName(ua.xr.requestSession('inline', { requiredFeatures: ['viewer'] }), 'SecurityError');
    expectAuditDenial(ua, 'SecurityError', 'R-INTENT-06', 'requestSession');
    // With activation it goes through.
    ua.host.click();
    const s = await ua.xr.requestSession('inline', { requiredFeatures: ['viewer'] });
    expect(s.enabledFeatures).toContain('viewer');
  });

  it('R-TRUST-14: strict profile: an unfocused document is refused SecurityError; spec profile does not check', async () => {
    const strict = makeUA({ profile: 'strict' });
    strict.host.setFocus(false);
    strict.host.click();
    await expectRejectName(strict.xr.requestSession('immersive-vr'), 'SecurityError');
    expectAuditDenial(strict, 'SecurityError', 'R-TRUST-14', 'requestSession');
    const spec = makeUA();
    spec.host.setFocus(false);
    const s = await requestImmersive(spec);
    // R-TRUST-08: it starts hidden, since the focus is elsewhere.
    expect(s.visibilityState).toBe('hidden');
    await s.end();
  });

  it('R-INTENT-03/AMB-35: launching the installed app stands in for activation once', async () => {
    const ua = makeUA();
    ua.host.launchAsInstalledApp();
    const s = await ua.xr.requestSession('immersive-vr');
    expect(s.enabledFeatures).toContain('local');
    await s.end();
    // The one-shot intent was consumed by the first immersive request.
    await expectRejectName(ua.xr.requestSession('immersive-vr'), 'SecurityError');
    expectAuditDenial(ua, 'SecurityError', 'R-INTENT-05', 'requestSession');
  });

  it("AMB-35: a launch intent belongs to its document: another document can't use it", async () => {
    const ua = makeUA();
    ua.host.launchAsInstalledApp();
    const other = ua.openDocument();
    await expectRejectName(other.navigator.xr!.requestSession('immersive-vr'), 'SecurityError');
  });
});

describe('§5.1 permissions policy (R-SESSION-21, R-POLICY-04)', () => {
  it('R-SESSION-21: spec profile: policy-blocked immersive request rejects NotSupportedError', async () => {
    const ua = makeUA({ policy: { 'xr-spatial-tracking': false } });
    ua.host.click();
    await expectRejectName(ua.xr.requestSession('immersive-vr'), 'NotSupportedError');
    expectAuditDenial(ua, 'NotSupportedError', 'R-SESSION-21', 'requestSession');
    // No prompt was shown and no device was asked.
    expect(ua.host.consentQuestions).toHaveLength(0);
  });

  it('R-SESSION-21: strict profile: policy-blocked immersive request rejects SecurityError', async () => {
    const ua = makeUA({ profile: 'strict', policy: { 'xr-spatial-tracking': false } });
    ua.host.click();
    await expectRejectName(ua.xr.requestSession('immersive-vr'), 'SecurityError');
    expectAuditDenial(ua, 'SecurityError', 'R-SESSION-21', 'requestSession');
  });

  it('R-SESSION-21: activation is checked before the policy', async () => {
    const ua = makeUA({ policy: { 'xr-spatial-tracking': false } });
    await expectRejectName(ua.xr.requestSession('immersive-vr'), 'SecurityError');
    expectAuditDenial(ua, 'SecurityError', 'R-INTENT-05', 'requestSession');
  });

  it('R-SESSION-21: the pending flag is never set by a blocked request (policy lifted → request works)', async () => {
    const ua = makeUA({ policy: { 'xr-spatial-tracking': false } });
    ua.host.click();
    await expectRejectName(ua.xr.requestSession('immersive-vr'), 'NotSupportedError');
    ua.host.setPolicy('xr-spatial-tracking', true);
    const s = await ua.xr.requestSession('immersive-vr');
    await s.end();
  });

  it("R-POLICY-04: blocked document: isSessionSupported('immersive-vr') rejects SecurityError, 'inline' is true", async () => {
    const ua = makeUA({ policy: { 'xr-spatial-tracking': false } });
    await expectRejectName(ua.xr.isSessionSupported('immersive-vr'), 'SecurityError');
    expectAuditDenial(ua, 'SecurityError', 'R-POLICY-04', 'isSessionSupported');
    await expect(ua.xr.isSessionSupported('inline')).resolves.toBe(true);
  });

  it('R-POLICY-03/AMB-23: blocked document: inline with required local rejects NotSupportedError, optional is dropped', async () => {
    const ua = makeUA({ policy: { 'xr-spatial-tracking': false } });
    ua.host.click();
    await expectRejectName(
      ua.xr.requestSession('inline', { requiredFeatures: ['local'] }),
      'NotSupportedError',
    );
    expectAuditDenial(ua, 'NotSupportedError', 'R-POLICY-07');
    const s = await ua.xr.requestSession('inline', { optionalFeatures: ['local'] });
    expect(s.enabledFeatures).toEqual(['viewer']);
  });

  it('R-SESSION-19: isSessionSupported answers true for a headset, false for an inline-only device, TypeError for a bad mode', async () => {
    const ua = makeUA();
    await expect(ua.xr.isSessionSupported('immersive-vr')).resolves.toBe(true);
    await expect(ua.xr.isSessionSupported('immersive-ar')).resolves.toBe(false);
    await expectRejectName(ua.xr.isSessionSupported('vr' as never), 'TypeError');
    const desk = makeUA({ device: 'inline-desktop' });
    await expect(desk.xr.isSessionSupported('immersive-vr')).resolves.toBe(false);
    await expect(desk.xr.isSessionSupported('inline')).resolves.toBe(true);
  });
});

describe('§5.1 one immersive session at a time (R-SESSION-04/05, R-LIFE-02, R-LIFE-15)', () => {
  it('R-SESSION-04: a second immersive request while one is active rejects InvalidStateError', async () => {
    const ua = makeUA();
    const s = await requestImmersive(ua);
    await expectRejectName(requestImmersive(ua), 'InvalidStateError');
    expectAuditDenial(ua, 'InvalidStateError', 'R-SESSION-04', 'requestSession');
    await s.end();
  });

  it('R-SESSION-05: a second immersive request while the first is pending rejects InvalidStateError', async () => {
    const ua = makeUA();
    ua.host.click();
    const first = ua.xr.requestSession('immersive-vr');
    await expectRejectName(ua.xr.requestSession('immersive-vr'), 'InvalidStateError');
    const s = await first;
    await s.end();
  });

  it('R-SESSION-03/04: activation is checked before the busy check', async () => {
    const ua = makeUA({ clock: 'manual' });
    ua.host.click();
    const p = ua.xr.requestSession('immersive-vr');
    await pump(ua.host);
    await p;
    ua.host.advance(10_000);
    await expectRejectName(ua.xr.requestSession('immersive-vr'), 'SecurityError');
  });

  it('R-LIFE-02: after end() resolves a new immersive session succeeds', async () => {
    const ua = makeUA();
    const s = await requestImmersive(ua);
    await s.end();
    const s2 = await requestImmersive(ua);
    expect(s2).not.toBe(s);
    expect(s2.visibilityState).toBe('visible');
    await s2.end();
  });

  it('R-LIFE-15: an immersive request from the end handler succeeds', async () => {
    const ua = makeUA();
    const s = await requestImmersive(ua);
    const fromEnd = new Promise<unknown>((resolve, reject) => {
      s.addEventListener('end', () => {
        ua.xr.requestSession('immersive-vr').then(resolve, reject);
      });
    });
    await s.end();
    const s2 = (await fromEnd) as Awaited<ReturnType<typeof requestImmersive>>;
    expect(s2.enabledFeatures).toContain('local');
    await s2.end();
  });

  it("R-LIFE-15: an immersive request from end()'s promise succeeds", async () => {
    const ua = makeUA();
    const s = await requestImmersive(ua);
    const s2 = await s.end().then(() => ua.xr.requestSession('immersive-vr'));
    expect(s2.visibilityState).toBe('visible');
    await s2.end();
  });

  it('R-LIFE-02: several inline sessions may coexist with each other', async () => {
    const ua = makeUA();
    const a = await ua.xr.requestSession('inline');
    const b = await ua.xr.requestSession('inline');
    expect(a).not.toBe(b);
  });
});

describe('§5.1 device availability (R-SESSION-08, AMB-11)', () => {
  it('R-SESSION-08: an inline-only device rejects immersive-vr with NotSupportedError', async () => {
    const ua = makeUA({ device: 'inline-desktop' });
    ua.host.click();
    await expectRejectName(ua.xr.requestSession('immersive-vr'), 'NotSupportedError');
    expectAuditDenial(ua, 'NotSupportedError', 'R-SESSION-08', 'requestSession');
  });

  it('R-SESSION-08: no device rejects immersive-vr with NotSupportedError; inline still works', async () => {
    const ua = makeUA({ device: null });
    ua.host.click();
    await expectRejectName(ua.xr.requestSession('immersive-vr'), 'NotSupportedError');
    expectAuditDenial(ua, 'NotSupportedError', 'R-SESSION-08', 'requestSession');
    const s = await ua.xr.requestSession('inline');
    expect(s.enabledFeatures).toEqual(['viewer']);
  });

  it('R-SESSION-08: immersive-ar on a VR headset rejects NotSupportedError (pending flag reset)', async () => {
    const ua = makeUA();
    ua.host.click();
    await expectRejectName(ua.xr.requestSession('immersive-ar'), 'NotSupportedError');
    const s = await ua.xr.requestSession('immersive-vr');
    await s.end();
  });

  it('AMB-11: a second document requesting immersive while the first holds the device rejects NotSupportedError', async () => {
    const ua = makeUA();
    const s = await requestImmersive(ua);
    const other = ua.openDocument();
    other.host.click();
    await expectRejectName(other.navigator.xr!.requestSession('immersive-vr'), 'NotSupportedError');
    expectAuditDenial(ua, 'NotSupportedError', 'AMB-11', 'requestSession');
    // The lock is released by end(): the other document can now enter.
    await s.end();
    other.host.click();
    const s2 = await other.navigator.xr!.requestSession('immersive-vr');
    expect(s2.visibilityState).toBe('visible');
    // And now the first document is the one locked out.
    ua.host.click();
    await expectRejectName(ua.xr.requestSession('immersive-vr'), 'NotSupportedError');
    await s2.end();
  });

  it('AMB-11: a second document is refused while the first request is only pending', async () => {
    const ua = makeUA({ consent: { grant: ['local-floor'], delayMs: 30 } });
    ua.host.click();
    const first = ua.xr.requestSession('immersive-vr', { requiredFeatures: ['local-floor'] });
    await flush();
    await flush();
    const other = ua.openDocument();
    other.host.click();
    await expectRejectName(other.navigator.xr!.requestSession('immersive-vr'), 'NotSupportedError');
    const s = await first;
    await s.end();
  });

  it('R-SESSION-11/12: the session resolves before any event fires, in a task after the request', async () => {
    const ua = makeUA();
    ua.host.click();
    let resolved = false;
    const p = ua.xr.requestSession('immersive-vr').then((s) => {
      resolved = true;
      return s;
    });
    await Promise.resolve();
    expect(resolved).toBe(false);
    const s = await p;
    const ev = await initialInputs(s);
    expect(resolved).toBe(true);
    expect(ev.type).toBe('inputsourceschange');
    await s.end();
  });
});
