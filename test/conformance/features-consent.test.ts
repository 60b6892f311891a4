// §6–§8 Features, consent and the "xr" permission: enabledFeatures, unknown and module
// descriptors, consent prompts (batched, remembered per origin and browsing context), Trusted UI
// blurring while a prompt is open, and permissions.query (R-FEAT-04/06/07/11/20, R-PERM-03/04,
// R-CONSENT-03, R-TUI-06, AMB-08, AMB-29).

import { describe, expect, it } from 'vitest';
import type { ConsentAnswer, ConsentQuestion } from '../../src/policy/consent.js';
import { expectAuditDenial, expectRejectName, makeUA, nextEvent, requestImmersive } from './helpers.js';

/** A consent provider whose answer the test gives later. */
function deferredConsent() {
  const questions: ConsentQuestion[] = [];
  let answer: ((a: ConsentAnswer) => void) | null = null;
  let opened: () => void = () => {};
  const openedP = new Promise<void>((r) => {
    opened = r;
  });
  const provider = (q: ConsentQuestion) =>
    new Promise<ConsentAnswer>((resolve) => {
      questions.push(q);
      answer = resolve;
      opened();
    });
  return {
    provider,
    questions,
    opened: openedP,
    grantAll() {
      const q = questions[questions.length - 1];
      answer?.({
        granted: Object.fromEntries((q?.features ?? []).map((f) => [f.name, true])),
        kind: 'explicit',
      });
    },
  };
}

describe('§6 enabledFeatures (R-FEAT-04/06/07/11/20)', () => {
  it("R-FEAT-04/11: immersive defaults 'viewer' and 'local' are enabled without being requested", async () => {
    const ua = makeUA();
    const s = await requestImmersive(ua);
    expect([...s.enabledFeatures].sort()).toEqual(['local', 'viewer']);
    expect(Object.isFrozen(s.enabledFeatures)).toBe(true);
    await s.end();
  });

  it("R-FEAT-04: inline sessions get only 'viewer' by default", async () => {
    const ua = makeUA();
    const s = await ua.xr.requestSession('inline');
    expect(s.enabledFeatures).toEqual(['viewer']);
  });

  it('R-FEAT-11: requested features the device supports are enabled, nothing unrequested is added', async () => {
    const ua = makeUA();
    const s = await requestImmersive(ua, {
      requiredFeatures: ['local-floor'],
      optionalFeatures: ['bounded-floor', 'unbounded'],
    });
    expect([...s.enabledFeatures].sort()).toEqual([
      'bounded-floor',
      'local',
      'local-floor',
      'unbounded',
      'viewer',
    ]);
    expect(s.enabledFeatures).not.toContain('secondary-views');
    await s.end();
  });

  it('R-FEAT-06: an unknown required feature rejects NotSupportedError', async () => {
    const ua = makeUA();
    await expectRejectName(
      requestImmersive(ua, { requiredFeatures: ['local', 'teleport'] }),
      'NotSupportedError',
    );
    expectAuditDenial(ua, 'NotSupportedError', 'R-FEAT-06');
    // Exact strings only (R-FEAT-19): case is not folded.
    await expectRejectName(requestImmersive(ua, { requiredFeatures: ['Local-Floor'] }), 'NotSupportedError');
  });

  it('R-FEAT-06: a required feature the device cannot do rejects NotSupportedError', async () => {
    const ua = makeUA({ device: 'orientation-only' });
    await expectRejectName(
      requestImmersive(ua, { requiredFeatures: ['bounded-floor'] }),
      'NotSupportedError',
    );
    const s = await requestImmersive(ua, { optionalFeatures: ['bounded-floor'] });
    expect(s.enabledFeatures).not.toContain('bounded-floor');
    await s.end();
  });

  it('R-FEAT-07: unknown optional features (strings and objects) are ignored', async () => {
    const ua = makeUA();
    const s = await requestImmersive(ua, { optionalFeatures: ['teleport', {}, 'null', 'local-floor'] });
    expect([...s.enabledFeatures].sort()).toEqual(['local', 'local-floor', 'viewer']);
    await s.end();
  });

  it("R-FEAT-20: 'anchors' is never enabled: ignored when optional, NotSupportedError when required", async () => {
    const ua = makeUA({ device: 'phone-ar' });
    // The phone lists 'anchors' and 'hit-test' among its capabilities; xrgate implements the Hit
    // Test Module (its descriptor is valid and granted) but not the Anchors Module.
    ua.host.click();
    const s = await ua.xr.requestSession('immersive-ar', { optionalFeatures: ['anchors', 'hit-test'] });
    expect(s.enabledFeatures).not.toContain('anchors');
    expect(s.enabledFeatures).toContain('hit-test');
    await s.end();
    ua.host.click();
    await expectRejectName(
      ua.xr.requestSession('immersive-ar', { requiredFeatures: ['anchors'] }),
      'NotSupportedError',
    );
    expectAuditDenial(ua, 'NotSupportedError', 'R-FEAT-20');
  });

  it("R-FEAT-01/AMB-26: 'bounded-floor' requested on inline is dropped (optional) or refused (required)", async () => {
    const ua = makeUA();
    ua.host.click();
    const s = await ua.xr.requestSession('inline', { optionalFeatures: ['bounded-floor', 'unbounded'] });
    expect(s.enabledFeatures).toEqual(['viewer']);
    ua.host.click();
    await expectRejectName(
      ua.xr.requestSession('inline', { requiredFeatures: ['unbounded'] }),
      'NotSupportedError',
    );
  });
});

describe('§7 consent (R-PERM-04, R-CONSENT-03, AMB-08)', () => {
  it("R-PERM-04: consent 'deny-all' with required local-floor rejects NotSupportedError", async () => {
    const ua = makeUA({ consent: 'deny-all' });
    await expectRejectName(requestImmersive(ua, { requiredFeatures: ['local-floor'] }), 'NotSupportedError');
    expectAuditDenial(ua, 'NotSupportedError', 'R-PERM-04', 'requestXRPermission');
    // Nothing about the refusal distinguishes it from "unsupported" (AMB-03): no SecurityError.
  });

  it("R-PERM-04: consent 'deny-all' with optional local-floor gives a session without it", async () => {
    const ua = makeUA({ consent: 'deny-all' });
    const s = await requestImmersive(ua, { optionalFeatures: ['local-floor'] });
    expect([...s.enabledFeatures].sort()).toEqual(['local', 'viewer']);
    await expectRejectName(s.requestReferenceSpace('local-floor'), 'NotSupportedError');
    await s.end();
  });

  it('R-PERM-04/R-PERM-05: one batched prompt lists each consent-needing feature with what it reveals', async () => {
    const ua = makeUA();
    const s = await requestImmersive(ua, {
      requiredFeatures: ['local-floor'],
      optionalFeatures: ['bounded-floor', 'unbounded', 'secondary-views'],
    });
    expect(ua.host.consentQuestions).toHaveLength(1);
    const q = ua.host.consentQuestions[0]!;
    expect(q.origin).toBe('https://app.example');
    expect(q.mode).toBe('immersive-vr');
    const byName = Object.fromEntries(q.features.map((f) => [f.name, f]));
    expect(Object.keys(byName).sort()).toEqual(['bounded-floor', 'local-floor', 'unbounded']);
    expect(byName['local-floor']?.required).toBe(true);
    expect(byName['bounded-floor']?.required).toBe(false);
    for (const f of q.features) {
      expect(typeof f.reveals).toBe('string');
      expect(f.reveals.length).toBeGreaterThan(0);
      expect(f.reveals).not.toBe(f.name);
    }
    expect(byName['local-floor']?.reveals).toMatch(/height/);
    // 'local' is the immersive default: it needs no prompt; 'secondary-views' never needs consent.
    expect(byName.local).toBeUndefined();
    await s.end();
  });

  it('R-CONSENT-03: a second session in the same document does not prompt again', async () => {
    const ua = makeUA();
    const s = await requestImmersive(ua, { requiredFeatures: ['local-floor'] });
    await s.end();
    const s2 = await requestImmersive(ua, { requiredFeatures: ['local-floor'] });
    expect(s2.enabledFeatures).toContain('local-floor');
    expect(ua.host.consentQuestions).toHaveLength(1);
    await s2.end();
  });

  it('R-PERM-04: a remembered refusal of a required feature refuses again without a new prompt', async () => {
    const ua = makeUA({ consent: 'deny-all' });
    await expectRejectName(requestImmersive(ua, { requiredFeatures: ['local-floor'] }), 'NotSupportedError');
    expect(ua.host.consentQuestions).toHaveLength(1);
    await expectRejectName(requestImmersive(ua, { requiredFeatures: ['local-floor'] }), 'NotSupportedError');
    expect(ua.host.consentQuestions).toHaveLength(1);
  });

  it("AMB-08: another origin's document is prompted even though the first origin was granted", async () => {
    const ua = makeUA();
    const s = await requestImmersive(ua, { requiredFeatures: ['local-floor'] });
    await s.end();
    const other = ua.openDocument({ url: 'https://other.example/' });
    other.host.click();
    const s2 = await other.navigator.xr!.requestSession('immersive-vr', {
      requiredFeatures: ['local-floor'],
    });
    expect(s2.enabledFeatures).toContain('local-floor');
    expect(other.host.consentQuestions).toHaveLength(1);
    expect(other.host.consentQuestions[0]?.origin).toBe('https://other.example');
    await s2.end();
  });

  it("AMB-08: another origin's refusal does not affect this origin's grant", async () => {
    const ua = makeUA();
    const s = await requestImmersive(ua, { requiredFeatures: ['local-floor'] });
    await s.end();
    const other = ua.openDocument({ url: 'https://other.example/', consent: 'deny-all' });
    other.host.click();
    await expectRejectName(
      other.navigator.xr!.requestSession('immersive-vr', { requiredFeatures: ['local-floor'] }),
      'NotSupportedError',
    );
    const s3 = await requestImmersive(ua, { requiredFeatures: ['local-floor'] });
    expect(s3.enabledFeatures).toContain('local-floor');
    await s3.end();
  });
});

describe('§8 Trusted UI while a prompt is open (R-TUI-06, R-CONSENT-12)', () => {
  it("R-TUI-06: a pending prompt blurs an existing immersive session, which returns to 'visible' after", async () => {
    const ua = makeUA();
    const s = await requestImmersive(ua);
    const consent = deferredConsent();
    ua.host.setConsent(consent.provider);
    const seen: string[] = [];
    s.addEventListener('visibilitychange', () => seen.push(s.visibilityState));
    ua.host.click();
    const inline = ua.xr.requestSession('inline', { requiredFeatures: ['local-floor'] });
    await consent.opened;
    await nextEvent(s, 'visibilitychange');
    expect(s.visibilityState).toBe('visible-blurred');
    consent.grantAll();
    const inlineSession = await inline;
    expect(inlineSession.enabledFeatures).toContain('local-floor');
    await nextEvent(s, 'visibilitychange');
    expect(s.visibilityState).toBe('visible');
    expect(seen).toEqual(['visible-blurred', 'visible']);
    await s.end();
  });

  it("R-TUI-06: a prompt in another origin's document blurs every session of the UA", async () => {
    const ua = makeUA();
    const s = await requestImmersive(ua);
    const consent = deferredConsent();
    const other = ua.openDocument({ url: 'https://other.example/', consent: consent.provider });
    other.host.click();
    const req = other.navigator.xr!.requestSession('inline', { requiredFeatures: ['local-floor'] });
    await consent.opened;
    await nextEvent(s, 'visibilitychange');
    expect(s.visibilityState).toBe('visible-blurred');
    consent.grantAll();
    await req;
    await nextEvent(s, 'visibilitychange');
    expect(s.visibilityState).toBe('visible');
    await s.end();
  });

  it("R-TUI-08: strict profile: a prompt makes sessions 'hidden'", async () => {
    const ua = makeUA({ profile: 'strict' });
    const s = await requestImmersive(ua);
    const consent = deferredConsent();
    ua.host.setConsent(consent.provider);
    ua.host.click();
    const req = ua.xr.requestSession('inline', { requiredFeatures: ['local-floor'] });
    await consent.opened;
    await nextEvent(s, 'visibilitychange');
    expect(s.visibilityState).toBe('hidden');
    consent.grantAll();
    await req;
    await nextEvent(s, 'visibilitychange');
    expect(s.visibilityState).toBe('visible');
    await s.end();
  });

  it('R-TUI-06: host Trusted UI: text input hides, other UI blurs', async () => {
    const ua = makeUA();
    const s = await requestImmersive(ua);
    ua.host.setTrustedUI('text-input');
    await nextEvent(s, 'visibilitychange');
    expect(s.visibilityState).toBe('hidden');
    ua.host.setTrustedUI('other');
    await nextEvent(s, 'visibilitychange');
    expect(s.visibilityState).toBe('visible-blurred');
    ua.host.setTrustedUI(null);
    await nextEvent(s, 'visibilitychange');
    expect(s.visibilityState).toBe('visible');
    await s.end();
  });
});

describe('§7.2 permissions.query "xr" (R-PERM-03, AMB-29)', () => {
  const descriptor = { name: 'xr', mode: 'immersive-vr', requiredFeatures: ['local-floor'] };

  it("R-PERM-03: 'prompt' before the grant, 'granted' after, with granted listing the features", async () => {
    const ua = makeUA();
    const before = await ua.permissions.query(descriptor);
    expect(before.state).toBe('prompt');
    expect([...before.granted].sort()).toEqual(['local', 'viewer']);
    const s = await requestImmersive(ua, { requiredFeatures: ['local-floor'] });
    const after = await ua.permissions.query(descriptor);
    expect(after.state).toBe('granted');
    expect([...after.granted].sort()).toEqual(['local', 'local-floor', 'viewer']);
    // The query itself never prompts.
    expect(ua.host.consentQuestions).toHaveLength(1);
    await s.end();
  });

  it("AMB-29: a status queried before the grant fires 'change' and becomes 'granted' when consent is given", async () => {
    const ua = makeUA();
    const status = await ua.permissions.query(descriptor);
    expect(status.state).toBe('prompt');
    let changes = 0;
    status.addEventListener('change', () => changes++);
    const s = await requestImmersive(ua, { requiredFeatures: ['local-floor'] });
    await s.end();
    expect(status.state).toBe('granted');
    expect(changes).toBeGreaterThan(0);
  });

  it("AMB-29: revocation fires 'change' on the status and it falls back to 'prompt'", async () => {
    const ua = makeUA();
    const s = await requestImmersive(ua, { requiredFeatures: ['local-floor'] });
    await s.end();
    const status = await ua.permissions.query(descriptor);
    expect(status.state).toBe('granted');
    const change = nextEvent(status, 'change');
    expect(ua.core.consent.revoke('https://app.example')).toBeGreaterThan(0);
    await change;
    expect(status.state).toBe('prompt');
    expect(status.granted).not.toContain('local-floor');
    // After revocation the next request prompts again.
    const s2 = await requestImmersive(ua, { requiredFeatures: ['local-floor'] });
    expect(ua.host.consentQuestions).toHaveLength(2);
    await s2.end();
  });

  it("R-PERM-03: a remembered refusal of a required feature answers 'denied' with granted []", async () => {
    const ua = makeUA({ consent: 'deny-all' });
    await expectRejectName(requestImmersive(ua, { requiredFeatures: ['local-floor'] }), 'NotSupportedError');
    const status = await ua.permissions.query(descriptor);
    expect(status.state).toBe('denied');
    expect(status.granted).toEqual([]);
  });

  it("R-PERM-03: inline without features is 'granted' with ['viewer']; an unknown required feature is 'denied'", async () => {
    const ua = makeUA();
    const inline = await ua.permissions.query({ name: 'xr', mode: 'inline' });
    expect(inline.state).toBe('granted');
    expect(inline.granted).toEqual(['viewer']);
    const unknown = await ua.permissions.query({
      name: 'xr',
      mode: 'immersive-vr',
      requiredFeatures: ['teleport'],
    });
    expect(unknown.state).toBe('denied');
    expect(unknown.granted).toEqual([]);
  });

  it("R-PERM-16: blocked document: immersive query answers 'prompt' with granted [] and no device lookup", async () => {
    const ua = makeUA({ policy: { 'xr-spatial-tracking': false } });
    const status = await ua.permissions.query(descriptor);
    expect(status.state).toBe('prompt');
    expect(status.granted).toEqual([]);
    const rec = ua.audit.entries().filter((r) => r.action === 'permissions.query');
    expect(rec[rec.length - 1]?.requirement).toBe('R-PERM-16');
  });

  it("R-PERM-06: a device change fires 'change' on affected statuses", async () => {
    const ua = makeUA();
    const status = await ua.permissions.query({ name: 'xr', mode: 'immersive-vr' });
    expect(status.state).toBe('granted');
    let changes = 0;
    status.addEventListener('change', () => changes++);
    (ua.device as unknown as { disconnect(): void }).disconnect();
    await nextEvent(ua.xr, 'devicechange');
    const fresh = await ua.permissions.query({ name: 'xr', mode: 'immersive-vr' });
    expect(fresh.state).toBe('denied');
    await new Promise((r) => setTimeout(r, 5));
    expect(changes).toBeGreaterThan(0);
    expect(status.state).toBe('denied');
  });

  it('R-PERM-08: a bad descriptor rejects TypeError', async () => {
    const ua = makeUA();
    await expectRejectName(ua.permissions.query({ name: 'xr', mode: 'vr' }), 'TypeError');
    await expectRejectName(ua.permissions.query({ name: 'geolocation' }), 'TypeError');
  });
});

describe('§7.3 "xr-session-supported" (R-PERM-09/13, R-SESSION-19)', () => {
  it('R-PERM-13: with no stored answer isSessionSupported asks once, and a refusal answers false', async () => {
    const ua = makeUA({ sessionSupported: 'unknown', consent: 'deny-all' });
    await expect(ua.xr.isSessionSupported('immersive-vr')).resolves.toBe(false);
    expect(ua.host.consentQuestions).toHaveLength(1);
    expect(ua.host.consentQuestions[0]?.features.map((f) => f.name)).toEqual(['xr-session-supported']);
    // 'inline' never asks.
    await expect(ua.xr.isSessionSupported('inline')).resolves.toBe(true);
    expect(ua.host.consentQuestions).toHaveLength(1);
  });

  it('R-PERM-13: a granted answer reports the device truthfully; a stored denial answers false', async () => {
    const granted = makeUA({ sessionSupported: 'unknown' });
    await expect(granted.xr.isSessionSupported('immersive-vr')).resolves.toBe(true);
    const denied = makeUA({ sessionSupported: 'denied' });
    await expect(denied.xr.isSessionSupported('immersive-vr')).resolves.toBe(false);
    expect(denied.host.consentQuestions).toHaveLength(0);
  });

  it("R-PERM-16: until 'xr-session-supported' is granted, an immersive query does not reveal the device", async () => {
    const ua = makeUA({ sessionSupported: 'unknown' });
    const status = await ua.permissions.query({ name: 'xr', mode: 'immersive-vr' });
    expect(status.state).toBe('prompt');
    expect(status.granted).toEqual([]);
    const noDevice = makeUA({ sessionSupported: 'unknown', device: null });
    const other = await noDevice.permissions.query({ name: 'xr', mode: 'immersive-vr' });
    expect(other.state).toBe(status.state);
    expect(other.granted).toEqual(status.granted);
  });
});
