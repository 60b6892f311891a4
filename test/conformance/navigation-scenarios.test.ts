// Seed 002 through real navigations of one browsing context (ua.navigate): the user agent records
// what it saw (how the navigation started, redirect hops, whether the page it left held an
// immersive session, whether the URL was visited before), decides (src/policy/navigation.ts), and
// tells the new document with `sessiongranted`; an immersive requestSession then needs no click,
// once. Every prohibition and mitigation: R-NAV-07/08/10/11/13/14/16/20/22. (R-NAV-09, native
// intents, and R-NAV-15, a user's per-origin setting, have no navigation in Node to start them:
// test/policy/navigation.test.ts decides them from facts.)

import { describe, expect, it } from 'vitest';
import { createUserAgent, type UserAgent } from '../../src/index.js';
import { defineProfile } from '../../src/policy/profile.js';
import { makeUA, requestImmersive } from './helpers.js';

const A = 'https://world.example';
const on = defineProfile({ name: 'headset-browser', automaticSessionsOnNavigation: true });
const withInterstitial = defineProfile({
  name: 'headset-browser-interstitial',
  automaticSessionsOnNavigation: true,
  navigationMitigations: ['interstitial', 'start-blurred'],
});

/** Lets the new document's first tasks run (the grant is announced in a task after load). */
const settle = () => new Promise((r) => setTimeout(r, 20));

/** Navigates and reports whether the new document got `sessiongranted`, and the decision's requirement. */
async function go(ua: UserAgent, url: string, options: Parameters<UserAgent['navigate']>[1] = {}) {
  ua.navigate(url, options);
  let granted = 0;
  ua.xr?.addEventListener('sessiongranted', () => granted++);
  await settle();
  const decision = ua.audit
    .entries()
    .filter((r) => r.action === 'mayStartImmersiveAfterNavigation')
    .pop();
  return { granted: granted > 0, decision };
}

/** An immersive page on `url` whose session is running (entered with a click). */
async function immersivePage(url = `${A}/lobby`, profile = on, extra = {}) {
  const ua = makeUA({ url, profile, ...extra });
  const s = await requestImmersive(ua);
  return { ua, s };
}

describe('seed 002 through ua.navigate', () => {
  it('R-NAV-10, R-NAV-20, R-NAV-16: a same-origin link from inside an immersive session: sessiongranted, no click, blurred until the user acts, once', async () => {
    const { ua, s } = await immersivePage();
    let oldEnded = false;
    s.addEventListener('end', () => {
      oldEnded = true;
    });
    ua.host.clearActivation();
    const r = await go(ua, `${A}/room`, { via: 'link' });
    expect(oldEnded).toBe(true); // the page it left was unloaded
    expect(r.granted).toBe(true);
    expect(r.decision?.requirement).toBe('R-NAV-10');
    // The onsessiongranted handler attribute works too.
    expect(ua.xr!.onsessiongranted).toBeNull();
    const session = await ua.xr!.requestSession('immersive-vr');
    expect(session.visibilityState).toBe('visible-blurred');
    ua.host.click();
    await settle();
    expect(session.visibilityState).toBe('visible');
    await session.end();
    ua.host.clearActivation();
    await expect(ua.xr!.requestSession('immersive-vr')).rejects.toMatchObject({ name: 'SecurityError' });
  });

  it('R-NAV-22: off by default: the same navigation grants nothing', async () => {
    const ua = makeUA({ url: `${A}/lobby` });
    const s = await requestImmersive(ua);
    void s;
    ua.host.clearActivation();
    const r = await go(ua, `${A}/room`);
    expect(r.granted).toBe(false);
    await expect(ua.xr!.requestSession('immersive-vr')).rejects.toMatchObject({ name: 'SecurityError' });
  });

  it("R-NAV-10: a cross-origin link from inside an immersive session: no grant (the answer never rests on the previous page's state)", async () => {
    const { ua } = await immersivePage();
    const r = await go(ua, 'https://other.example/', { via: 'link' });
    expect(r.granted).toBe(false);
    expect(r.decision?.requirement).toBe('R-NAV-10');
    expect(r.decision?.errorName).toBe('SecurityError');
  });

  it('R-NAV-11: a same-origin link from a 2D page (no immersive session): no grant', async () => {
    const ua = makeUA({ url: `${A}/lobby`, profile: on });
    const r = await go(ua, `${A}/room`, { via: 'link' });
    expect(r.granted).toBe(false);
    expect(r.decision?.requirement).toBe('R-NAV-11');
  });

  it('R-NAV-11: location.href from inside the session counts like a link; from a 2D page it does not', async () => {
    const { ua } = await immersivePage();
    expect((await go(ua, `${A}/next`, { via: 'location' })).granted).toBe(true);
    const flat = makeUA({ url: `${A}/lobby`, profile: on });
    expect((await go(flat, `${A}/next`, { via: 'location' })).granted).toBe(false);
  });

  it('R-NAV-08: through a server redirect, or a client-side redirect: no grant', async () => {
    const { ua } = await immersivePage();
    const r = await go(ua, `${A}/room`, { via: 'link', through: [`${A}/go?to=room`] });
    expect(r.granted).toBe(false);
    expect(r.decision?.requirement).toBe('R-NAV-08');
    const second = await immersivePage();
    const r2 = await go(second.ua, `${A}/room`, { via: 'redirect' });
    expect(r2.granted).toBe(false);
    expect(r2.decision?.requirement).toBe('R-NAV-08');
  });

  it('R-NAV-07: an http hop on the way, or an insecure page before: no grant', async () => {
    const { ua } = await immersivePage();
    const r = await go(ua, `${A}/room`, { via: 'link', through: ['http://tracker.example/r'] });
    expect(r.granted).toBe(false);
    expect(r.decision?.requirement).toBe('R-NAV-07');
    // An http page cannot even have navigator.xr; a bookmark from it to a secure page is refused.
    const insecure = createUserAgent({ url: 'http://plain.example/', profile: on });
    expect(insecure.xr).toBeUndefined();
    const r2 = await go(insecure, `${A}/room`, { via: 'bookmark' });
    expect(r2.granted).toBe(false);
    expect(r2.decision?.requirement).toBe('R-NAV-07');
  });

  it('R-NAV-13: a bookmark (a significant user action): granted, even from a 2D page', async () => {
    const ua = makeUA({ url: `${A}/lobby`, profile: on });
    const r = await go(ua, 'https://museum.example/', { via: 'bookmark' });
    expect(r.granted).toBe(true);
    expect(r.decision?.requirement).toBe('R-NAV-13');
  });

  it('R-NAV-14: back to a page of this browsing session while in the headset: granted; a page never visited: not', async () => {
    const { ua } = await immersivePage(`${A}/room`);
    // room → lobby (link from inside the session), enter again, then back to room.
    expect((await go(ua, `${A}/lobby`, { via: 'link' })).granted).toBe(true);
    await ua.xr!.requestSession('immersive-vr');
    const back = await go(ua, `${A}/room`, { via: 'history' });
    expect(back.granted).toBe(true);
    expect(back.decision?.requirement).toBe('R-NAV-14');
    const { ua: fresh } = await immersivePage(`${A}/room`);
    const r = await go(fresh, `${A}/never`, { via: 'history' });
    expect(r.granted).toBe(false);
  });

  it('R-NAV-11: a typed URL is not a navigation from inside the session, nor a significant user action', async () => {
    const { ua } = await immersivePage();
    const r = await go(ua, `${A}/room`, { via: 'typed' });
    expect(r.granted).toBe(false);
    expect(r.decision?.requirement).toBe('R-NAV-11');
  });

  it("R-NAV-16: the interstitial shows the new origin; 'continue' grants, 'leave' does not", async () => {
    const { ua } = await immersivePage(`${A}/lobby`, withInterstitial, { interstitial: 'continue' });
    const r = await go(ua, `${A}/room`, { via: 'link' });
    expect(ua.host.interstitials).toEqual([A]);
    expect(r.granted).toBe(true);
    const left = await immersivePage(`${A}/lobby`, withInterstitial, { interstitial: 'leave' });
    const r2 = await go(left.ua, `${A}/room`, { via: 'link' });
    expect(left.ua.host.interstitials).toEqual([A]);
    expect(r2.granted).toBe(false);
    const record = left.ua.audit
      .entries()
      .filter((e) => e.action === 'navigationInterstitial')
      .pop();
    expect(record?.requirement).toBe('R-NAV-16');
    expect(record?.allowed).toBe(false);
    await expect(left.ua.xr!.requestSession('immersive-vr')).rejects.toMatchObject({ name: 'SecurityError' });
  });

  it('R-NAV-22: the granted session still resolves and consents its features', async () => {
    const { ua } = await immersivePage(`${A}/lobby`, on, { consent: 'deny-all' });
    expect((await go(ua, `${A}/room`, { via: 'link' })).granted).toBe(true);
    await expect(
      ua.xr!.requestSession('immersive-vr', { requiredFeatures: ['local-floor'] }),
    ).rejects.toMatchObject({ name: 'NotSupportedError' });
  });

  it('ua.navigate refuses what it cannot load, naming the fix', () => {
    const ua = makeUA({ profile: on });
    expect(() => ua.navigate('room.html')).toThrow(/must be absolute/);
    expect(() => ua.navigate(`${A}/x`, { via: 'teleport' as never })).toThrow(/via must be one of/);
    expect(() => ua.navigate(`${A}/x`, { through: 'nope' as never })).toThrow(/through must be a list/);
  });
});
