// navigator.xr.offerSession (R-NAV-21, non-standard): no activation to offer; the user agent's own
// control; the user's press is the activation and the request runs as requestSession (features,
// consent, the lock); one offer at a time; refusals where the request could not succeed.

import { describe, expect, it } from 'vitest';
import { expectRejectName, makeUA, sleep } from './helpers.js';

type Offering = {
  offerSession(
    mode: string,
    init?: unknown,
  ): Promise<{ mode?: string; end(): Promise<void>; enabledFeatures: readonly string[] }>;
};

/** The name of the error a promise rejects with ('resolved' if it resolves), observed at once. */
function settled(p: Promise<unknown>): Promise<string> {
  return p.then(
    () => 'resolved',
    (e: unknown) => String((e as { name?: unknown }).name),
  );
}

describe('offerSession', () => {
  it('needs no activation to offer; the press on the control is the activation; consent follows', async () => {
    const ua = makeUA({ consent: { grant: ['local', 'local-floor'] } });
    const xr = ua.xr as unknown as Offering;
    let settled = false;
    const p = xr.offerSession('immersive-vr', { requiredFeatures: ['local-floor'] }).finally(() => {
      settled = true;
    });
    await sleep(20);
    // The control is on screen; nothing happens until the user presses it.
    expect(ua.host.pendingOffer).toEqual({ origin: 'https://app.example', mode: 'immersive-vr' });
    expect(settled).toBe(false);
    expect(ua.host.pressOffer()).toBe(true);
    const session = await p;
    expect(session.enabledFeatures).toContain('local-floor');
    const rec = ua.audit.entries().find((r) => r.action === 'offerSession' && r.requirement === 'R-NAV-21');
    expect(rec?.allowed).toBe(true);
    await session.end();
    // There was no other activation: the same request without the control is refused.
    await expectRejectName(ua.xr.requestSession('immersive-vr'), 'SecurityError');
  });

  it('a newer offer replaces the older one (AbortError); a dismissed control rejects NotAllowedError', async () => {
    const ua = makeUA();
    const xr = ua.xr as unknown as Offering;
    // Each outcome is observed from the start (a rejection nobody handles yet is reported by Node).
    const first = settled(xr.offerSession('immersive-vr'));
    await sleep(20);
    const second = settled(xr.offerSession('immersive-vr'));
    expect(await first).toBe('AbortError');
    await sleep(20);
    expect(ua.host.dismissOffer()).toBe(true);
    expect(await second).toBe('NotAllowedError');
    expect(ua.host.pendingOffer).toBeNull();
  });

  it("a session started by the page's own button withdraws the offer (InvalidStateError)", async () => {
    const ua = makeUA();
    const xr = ua.xr as unknown as Offering;
    const offer = settled(xr.offerSession('immersive-vr'));
    await sleep(20);
    expect(ua.host.pendingOffer).not.toBeNull();
    ua.host.click();
    const s = await ua.xr.requestSession('immersive-vr');
    expect(await offer).toBe('InvalidStateError');
    expect(ua.host.pendingOffer).toBeNull();
    await s.end();
  });

  it('refused without a control: while an immersive session is active, unsupported mode, blocked policy', async () => {
    const ua = makeUA();
    const xr = ua.xr as unknown as Offering;
    ua.host.click();
    const s = await ua.xr.requestSession('immersive-vr');
    await expectRejectName(xr.offerSession('immersive-vr'), 'InvalidStateError');
    expect(ua.host.pendingOffer).toBeNull();
    await s.end();
    await expectRejectName(xr.offerSession('immersive-ar'), 'NotSupportedError');
    const blocked = makeUA({ policy: { 'xr-spatial-tracking': false } });
    await expectRejectName((blocked.xr as unknown as Offering).offerSession('immersive-vr'), 'SecurityError');
    expect(blocked.host.pendingOffer).toBeNull();
  });

  it('an inline offer is a plain inline request; bad arguments are TypeErrors', async () => {
    const ua = makeUA();
    const xr = ua.xr as unknown as Offering & { offerSession(...a: unknown[]): Promise<unknown> };
    const s = await xr.offerSession('inline');
    expect(ua.host.pendingOffer).toBeNull();
    await s.end();
    await expectRejectName(xr.offerSession('immersive-vr', { requiredFeatures: 5 }), 'TypeError');
    await expectRejectName((xr.offerSession as (...a: unknown[]) => Promise<unknown>).call(xr), 'TypeError');
  });
});
