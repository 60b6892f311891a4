// §Anchors Module on xrgate's runtime in Node, with the simulated phone ('phone-ar', emulated native
// anchors) or a device whose anchors a test moves: XRFrame.createAnchor, trackedAnchors, anchor
// poses, delete, the per-session limit, consent, no updates while blurred, persistent handles
// scoped to the origin, and the device letting go of anchors when the session ends.
// Spec: immersive-web/anchors (#dom-xrframe-createanchor, #update-anchors, #delete-an-anchor,
// #dom-xranchor-requestpersistenthandle, #dom-xrsession-restorepersistentanchor, #privacy-security).

import { describe, expect, it } from 'vitest';
import type { XRAnchor, XRAnchorSet } from '../../src/api/XRAnchor.js';
import { type XRFrame, XRFrameAnchors } from '../../src/api/XRFrame.js';
import { XRRigidTransform } from '../../src/api/XRRigidTransform.js';
import type { XRSession } from '../../src/api/XRSession.js';
import type { XRReferenceSpace } from '../../src/api/XRSpace.js';
import type { SimulatedAnchor } from '../../src/device/anchors.js';
import { createPhoneAR, pose } from '../../src/device/simulated.js';
import { ANCHORS_PER_SESSION } from '../../src/policy/anchors.js';
import type { UserAgent } from '../../src/user-agent.js';
import {
  expectAuditDenial,
  expectRejectName,
  expectThrowName,
  expectVec,
  inFrame,
  makeUA,
  nextEvent,
  sleep,
} from './helpers.js';

type AnchorFrame = XRFrame & {
  createAnchor(pose: XRRigidTransform, space: object): Promise<XRAnchor>;
  readonly trackedAnchors: XRAnchorSet;
};
type AnchorSession = XRSession & {
  readonly persistentAnchors: readonly string[];
  restorePersistentAnchor(uuid: string): Promise<XRAnchor>;
  deletePersistentAnchor(uuid: string): Promise<undefined>;
};

async function arSession(ua: UserAgent, init: Record<string, unknown> = { requiredFeatures: ['anchors'] }) {
  ua.host.click();
  const session = (await ua.xr!.requestSession('immersive-ar', init)) as AnchorSession;
  const local = (await session.requestReferenceSpace('local')) as XRReferenceSpace;
  return { session, local };
}

function create(session: XRSession, local: object, t = new XRRigidTransform({ x: 0.5, y: 0, z: -1 })) {
  return inFrame(session, (frame) => (frame as AnchorFrame).createAnchor(t, local));
}

describe('§XRFrame.createAnchor and trackedAnchors', () => {
  it('an anchor at a pose in a space: tracked from the next frame, its pose, then deleted', async () => {
    const ua = makeUA({ device: 'phone-ar' });
    const { session, local } = await arSession(ua);
    const anchor = await await create(session, local);
    const seen = await inFrame(session, (frame) => {
      const f = frame as AnchorFrame;
      const p = f.getPose(anchor.anchorSpace, local);
      return {
        has: f.trackedAnchors.has(anchor),
        size: f.trackedAnchors.size,
        p,
        same: Object.is(f.trackedAnchors, Reflect.get(f, 'trackedAnchors')),
      };
    });
    expect(seen.has).toBe(true);
    expect(seen.size).toBe(1);
    expect(seen.same).toBe(true);
    expectVec(seen.p!.transform.position, 0.5, 0, -1);
    // An offset space: the anchor's pose is the same place, seen from there.
    const offset = local.getOffsetReferenceSpace(new XRRigidTransform({ x: 0, y: 0, z: -1 }));
    const a2 = await create(session, offset, new XRRigidTransform({ x: 0, y: 0.25, z: 0 }));
    const p2 = await inFrame(session, (frame) => frame.getPose(a2.anchorSpace, local));
    expectVec(p2!.transform.position, 0, 0.25, -1);
    anchor.delete();
    expectThrowName(() => anchor.anchorSpace, 'InvalidStateError');
    anchor.delete(); // (a second delete does nothing)
    const after = await inFrame(session, (frame) => (frame as AnchorFrame).trackedAnchors.has(anchor));
    expect(after).toBe(false);
    await session.end();
  });

  it("R-ANCHOR-01: without 'anchors' (consent refused) createAnchor rejects with NotSupportedError, audited", async () => {
    const ua = makeUA({ device: 'phone-ar', consent: { grant: ['local'] } });
    const { session, local } = await arSession(ua, { optionalFeatures: ['anchors'] });
    expect(session.enabledFeatures).not.toContain('anchors');
    await expectRejectName(create(session, local), 'NotSupportedError');
    expectAuditDenial(ua, 'NotSupportedError', 'R-ANCHOR-01', 'createAnchor');
    const size = await inFrame(session, (frame) => (frame as AnchorFrame).trackedAnchors.size);
    expect(size).toBe(0);
    expect(session.persistentAnchors).toEqual([]);
    await session.end();
  });

  it("R-ANCHOR-01: 'anchors' needs the user's consent (the prompt names it)", async () => {
    const ua = makeUA({ device: 'phone-ar', consent: { grant: ['local', 'anchors'] } });
    const { session } = await arSession(ua);
    expect(session.enabledFeatures).toContain('anchors');
    const asked = ua.host.consentQuestions.flatMap((q) => q.features).find((f) => f.name === 'anchors');
    expect(asked?.reveals).toBe('fixed places in your surroundings');
    await session.end();
  });

  it('R-ANCHOR-02: a frame that is not active, or an ended session, rejects with InvalidStateError', async () => {
    const ua = makeUA({ device: 'phone-ar' });
    const { session, local } = await arSession(ua);
    const frame = (await inFrame(session, (f) => f)) as AnchorFrame;
    await sleep(0);
    await expectRejectName(frame.createAnchor(new XRRigidTransform(), local), 'InvalidStateError');
    await session.end();
  });

  it('R-ANCHOR-04: a session has at most ANCHORS_PER_SESSION anchors; deleting one makes room', async () => {
    const ua = makeUA({ device: 'phone-ar' });
    const { session, local } = await arSession(ua);
    const all = await inFrame(session, (frame) => {
      const f = frame as AnchorFrame;
      const list: Promise<XRAnchor>[] = [];
      for (let i = 0; i <= ANCHORS_PER_SESSION; i++)
        list.push(f.createAnchor(new XRRigidTransform({ x: i }), local));
      return list;
    });
    const settled = await Promise.allSettled(all);
    const made = settled
      .filter((s) => s.status === 'fulfilled')
      .map((s) => (s as PromiseFulfilledResult<XRAnchor>).value);
    expect(made).toHaveLength(ANCHORS_PER_SESSION);
    const refused = settled.find((s) => s.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason.name).toBe('OperationError');
    expectAuditDenial(ua, 'OperationError', 'R-ANCHOR-04', 'createAnchor');
    made[0]!.delete();
    const again = await create(session, local);
    expect(again.anchorSpace).toBeDefined();
    await session.end();
  });

  it('R-ANCHOR-03: a space with no pose in the frame (tracking lost) cannot hold an anchor', async () => {
    const device = createPhoneAR();
    const ua = makeUA({ device });
    const { session } = await arSession(ua);
    const viewer = await session.requestReferenceSpace('viewer');
    device.setViewerOrigin(null);
    await inFrame(session, () => 0);
    await expectRejectName(create(session, viewer), 'InvalidStateError');
    expectAuditDenial(ua, 'InvalidStateError', 'R-ANCHOR-03', 'createAnchor');
    await session.end();
  });
});

describe('§update anchors: the device moves, pauses and stops anchors', () => {
  it('R-ANCHOR-05: moves reach the page while visible, not while blurred', async () => {
    const device = createPhoneAR();
    let controlled: SimulatedAnchor | null = null;
    device.anchors.setCreationHandler(async (_req, anchor) => {
      controlled = anchor;
      return true;
    });
    const ua = makeUA({ device });
    const { session, local } = await arSession(ua);
    const anchor = await create(session, local, new XRRigidTransform());
    (controlled as unknown as SimulatedAnchor).setOrigin(pose(1, 2, 3));
    const moved = await inFrame(session, (f) => f.getPose(anchor.anchorSpace, local));
    expectVec(moved!.transform.position, 1, 2, 3);
    // Blurred (the device shows its own UI over the session): the page keeps the last pose it was told.
    const blurred = nextEvent(session, 'visibilitychange');
    device.setVisibility('visible-blurred');
    await blurred;
    expect(session.visibilityState).toBe('visible-blurred');
    (controlled as unknown as SimulatedAnchor).setOrigin(pose(4, 5, 6));
    const held = await inFrame(session, (f) => f.getPose(anchor.anchorSpace, local));
    expectVec(held!.transform.position, 1, 2, 3);
    const visible = nextEvent(session, 'visibilitychange');
    device.setVisibility('visible');
    await visible;
    const back = await inFrame(session, (f) => f.getPose(anchor.anchorSpace, local));
    expectVec(back!.transform.position, 4, 5, 6);
    // Paused: tracked but without a pose; stopped: gone from the set.
    (controlled as unknown as SimulatedAnchor).pause();
    const paused = await inFrame(session, (f) => ({
      has: (f as AnchorFrame).trackedAnchors.has(anchor),
      pose: f.getPose(anchor.anchorSpace, local),
    }));
    expect(paused).toEqual({ has: true, pose: null });
    (controlled as unknown as SimulatedAnchor).stop();
    const stopped = await inFrame(session, (f) => (f as AnchorFrame).trackedAnchors.has(anchor));
    expect(stopped).toBe(false);
    await session.end();
  });

  it('R-ANCHOR-10: when the session ends the device stops tracking its anchors', async () => {
    const device = createPhoneAR();
    const ua = makeUA({ device });
    const { session, local } = await arSession(ua);
    await create(session, local);
    await create(session, local);
    expect(device.anchors.size).toBe(2);
    await session.end();
    expect(device.anchors.size).toBe(0);
  });
});

describe('§persistent anchors (R-ANCHOR-06..09)', () => {
  it('a handle outlives the session for its origin: listed, restored at its pose, deleted', async () => {
    const ua = makeUA({ device: 'phone-ar' });
    const first = await arSession(ua);
    const anchor = await create(first.session, first.local, new XRRigidTransform({ x: 2, y: 0, z: -3 }));
    const handle = await anchor.requestPersistentHandle();
    expect(handle).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    // The same anchor keeps its handle.
    expect(await anchor.requestPersistentHandle()).toBe(handle);
    await inFrame(first.session, () => 0);
    expect(first.session.persistentAnchors).toEqual([handle]);
    expect(Object.isFrozen(first.session.persistentAnchors)).toBe(true);
    await first.session.end();

    const second = await arSession(ua);
    expect(second.session.persistentAnchors).toEqual([handle]);
    const restored = await second.session.restorePersistentAnchor(handle);
    const p = await inFrame(second.session, (f) => f.getPose(restored.anchorSpace, second.local));
    expectVec(p!.transform.position, 2, 0, -3);
    // Restored twice in one session: refused.
    await expectRejectName(second.session.restorePersistentAnchor(handle), 'InvalidStateError');
    await second.session.deletePersistentAnchor(handle);
    expectThrowName(() => restored.anchorSpace, 'InvalidStateError');
    await inFrame(second.session, () => 0);
    expect(second.session.persistentAnchors).toEqual([]);
    await expectRejectName(second.session.restorePersistentAnchor(handle), 'InvalidStateError');
    await second.session.end();
  });

  it('a deleted anchor has no handle to give', async () => {
    const ua = makeUA({ device: 'phone-ar' });
    const { session, local } = await arSession(ua);
    const anchor = await create(session, local);
    anchor.delete();
    await expectRejectName(anchor.requestPersistentHandle(), 'InvalidStateError');
    await session.end();
  });
});

describe('createAnchorAt: the entry the Hit Test Module calls for XRHitTestResult.createAnchor()', () => {
  it('an anchor at a native origin in base space, with the same checks', async () => {
    const ua = makeUA({ device: 'phone-ar' });
    const { session, local } = await arSession(ua);
    const at = { position: { x: 0, y: -1.5, z: -2 }, orientation: { x: 0, y: 0, z: 0, w: 1 } };
    const anchor = await inFrame(session, (f) => XRFrameAnchors.createAnchorAt(f, at));
    const p = await inFrame(session, (f) => f.getPose(anchor.anchorSpace, local));
    expectVec(p!.transform.position, 0, -1.5, -2);
    // No native origin (nothing was hit): refused as an untracked place.
    await expectRejectName(
      inFrame(session, (f) => XRFrameAnchors.createAnchorAt(f, null)),
      'InvalidStateError',
    );
    // After its frame: not active.
    const frame = await inFrame(session, (f) => f);
    await sleep(0);
    await expectRejectName(XRFrameAnchors.createAnchorAt(frame, at), 'InvalidStateError');
    await session.end();
  });
});
