// Revocation reaching running sessions (R-TUI-03 (8), AMB-29): a required feature revoked ends the
// session; an optional one is taken away (its spaces stop producing poses, its data stops, a new
// request for it is refused); the XRPermissionStatus fires 'change'. Runs again over a real
// MessageChannel (npm run test:channel).

import { describe, expect, it } from 'vitest';
import { XRRigidTransform } from '../../src/api/XRRigidTransform.js';
import type { XRReferenceSpace } from '../../src/api/XRSpace.js';
import { expectRejectName, inFrame, initialInputs, makeUA, nextEvent, requestImmersive } from './helpers.js';

const ORIGIN = 'https://app.example';

describe('revocation during a session (AMB-29)', () => {
  it('a required feature revoked ends the session, and the audit log says why', async () => {
    const ua = makeUA({ url: `${ORIGIN}/` });
    const status = await ua.permissions.query({
      name: 'xr',
      mode: 'immersive-vr',
      requiredFeatures: ['local-floor'],
    });
    const s = await requestImmersive(ua, { requiredFeatures: ['local-floor'] });
    expect(status.state).toBe('granted');
    const changed = nextEvent(status, 'change');
    const ended = nextEvent(s, 'end');
    expect(ua.core.consent.revoke(ORIGIN, { feature: 'local-floor' })).toBeGreaterThan(0);
    await ended;
    await changed;
    expect(status.state).toBe('prompt');
    const record = [...ua.audit.entries()].reverse().find((r) => r.action === 'revocation');
    expect(record?.allowed).toBe(false);
    expect(record?.requirement).toBe('AMB-29');
    expect(record?.reason).toContain('local-floor');
    // The next request asks again.
    const before = ua.host.consentQuestions.length;
    const again = await requestImmersive(ua, { requiredFeatures: ['local-floor'] });
    expect(ua.host.consentQuestions.length).toBe(before + 1);
    await again.end();
  });

  it('a required feature granted from an earlier answer (no prompt this time) still ends the session when revoked', async () => {
    const ua = makeUA({ url: `${ORIGIN}/` });
    const first = await requestImmersive(ua, { requiredFeatures: ['local-floor'] });
    await first.end();
    const asked = ua.host.consentQuestions.length;
    const s = await requestImmersive(ua, { requiredFeatures: ['local-floor'] });
    expect(ua.host.consentQuestions.length).toBe(asked); // the earlier answer stood
    const ended = nextEvent(s, 'end');
    ua.core.consent.revoke(ORIGIN, { feature: 'local-floor' });
    await ended;
  });

  it('an optional feature revoked: its space gives no pose, the others go on, a new request is refused', async () => {
    const ua = makeUA({ url: `${ORIGIN}/` });
    const s = await requestImmersive(ua, { optionalFeatures: ['local-floor', 'bounded-floor'] });
    let endedEarly = false;
    s.addEventListener('end', () => {
      endedEarly = true;
    });
    expect([...s.enabledFeatures].sort()).toEqual(['bounded-floor', 'local', 'local-floor', 'viewer']);
    const local = (await s.requestReferenceSpace('local')) as XRReferenceSpace;
    const floor = (await s.requestReferenceSpace('local-floor')) as XRReferenceSpace;
    const bounded = (await s.requestReferenceSpace('bounded-floor')) as XRReferenceSpace;
    const boundedOffset = bounded.getOffsetReferenceSpace(new XRRigidTransform({ x: 1 }));
    const before = await inFrame(s, (frame) => ({
      bounded: frame.getViewerPose(bounded) !== null,
      floorInLocal: frame.getPose(floor, local) !== null,
    }));
    expect(before).toEqual({ bounded: true, floorInLocal: true });

    ua.core.consent.revoke(ORIGIN, { feature: 'bounded-floor' });
    const after = await inFrame(s, (frame) => ({
      viewerInBounded: frame.getViewerPose(bounded),
      viewerInOffset: frame.getViewerPose(boundedOffset),
      localInBounded: frame.getPose(local, bounded),
      boundedInLocal: frame.getPose(bounded, local),
      floorInLocal: frame.getPose(floor, local) !== null,
      viewerInLocal: frame.getViewerPose(local) !== null,
    }));
    expect(after.viewerInBounded).toBeNull();
    expect(after.viewerInOffset).toBeNull();
    expect(after.localInBounded).toBeNull();
    expect(after.boundedInLocal).toBeNull();
    expect(after.floorInLocal).toBe(true);
    expect(after.viewerInLocal).toBe(true);
    expect(endedEarly).toBe(false);
    await expectRejectName(s.requestReferenceSpace('bounded-floor'), 'NotSupportedError');
    const record = [...ua.audit.entries()].reverse().find((r) => r.action === 'revocation');
    expect(record?.allowed).toBe(true);
    await s.end();
  });

  it('a revoked floor: local-floor stops, the floor goes back to the default estimate', async () => {
    const ua = makeUA({ url: `${ORIGIN}/` });
    const s = await requestImmersive(ua, { optionalFeatures: ['local-floor'] });
    const local = (await s.requestReferenceSpace('local')) as XRReferenceSpace;
    const floor = (await s.requestReferenceSpace('local-floor')) as XRReferenceSpace;
    expect(await inFrame(s, (f) => f.getPose(floor, local) !== null)).toBe(true);
    ua.core.consent.revoke(ORIGIN, { feature: 'local-floor' });
    const after = await inFrame(s, (f) => ({
      floor: f.getPose(floor, local),
      viewer: f.getViewerPose(floor),
      local: f.getViewerPose(local) !== null,
    }));
    expect(after).toEqual({ floor: null, viewer: null, local: true });
    await s.end();
  });

  it("optional 'hand-tracking' revoked: the hands' joints give no pose, the controllers' grips still do", async () => {
    const ua = makeUA({
      url: `${ORIGIN}/`,
      device: 'headset-hands',
      consent: { grant: ['local', 'hand-tracking'] },
    });
    const s = await requestImmersive(ua, { optionalFeatures: ['hand-tracking'] });
    if (s.inputSources.length < 2) await initialInputs(s);
    const local = (await s.requestReferenceSpace('local')) as XRReferenceSpace;
    type Hand = { get(name: string): object };
    type Source = { hand: Hand | null; gripSpace: object | null; handedness: string };
    const right = [...(s.inputSources as unknown as Iterable<Source>)].find((x) => x.handedness === 'right')!;
    expect(right.hand).not.toBeNull();
    const joint = () =>
      inFrame(s, (f) =>
        (f as unknown as { getJointPose(j: object, b: object): unknown }).getJointPose(
          right.hand!.get('index-finger-tip'),
          local,
        ),
      );
    expect(await joint()).not.toBeNull();
    ua.core.consent.revoke(ORIGIN, { feature: 'hand-tracking' });
    expect(await joint()).toBeNull();
    expect(await inFrame(s, (f) => f.getPose(right.gripSpace as never, local) !== null)).toBe(true);
    await s.end();
  });

  it("another origin's revocation, or another mode's, leaves the session alone", async () => {
    const ua = makeUA({ url: `${ORIGIN}/` });
    const s = await requestImmersive(ua, { requiredFeatures: ['local-floor'] });
    let endedEarly = false;
    s.addEventListener('end', () => {
      endedEarly = true;
    });
    const local = (await s.requestReferenceSpace('local-floor')) as XRReferenceSpace;
    ua.core.consent.revoke('https://other.example', { feature: 'local-floor' });
    ua.core.consent.revoke(ORIGIN, { mode: 'immersive-ar', feature: 'local-floor' });
    expect(await inFrame(s, (f) => f.getViewerPose(local) !== null)).toBe(true);
    expect(endedEarly).toBe(false);
    await s.end();
  });
});
