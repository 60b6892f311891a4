// Hostile pages against the Anchors and DOM Overlays modules: a page reading or deleting another
// origin's persistent anchor, creating anchors without the user's consent (and with forged
// objects, wrong `this`, getters that run code), and a page side that lies to the user agent
// about its overlay (the user-agent side's DocumentAgent called directly with hostile messages,
// as a compromised page side would).

import { describe, expect, it } from 'vitest';
import { sessionCoreOf } from '../../src/api/session-core.js';
import type { XRAnchor } from '../../src/api/XRAnchor.js';
import { XRFrame } from '../../src/api/XRFrame.js';
import { XRRigidTransform } from '../../src/api/XRRigidTransform.js';
import type { XRSession } from '../../src/api/XRSession.js';
import { createPhoneAR } from '../../src/device/simulated.js';
import type { UserAgent } from '../../src/user-agent.js';
import { expectAuditDenial, expectRejectName, inFrame, makeUA } from '../conformance/helpers.js';

type AnchorSession = XRSession & {
  readonly persistentAnchors: readonly string[];
  restorePersistentAnchor(uuid: string): Promise<XRAnchor>;
  deletePersistentAnchor(uuid: string): Promise<undefined>;
};
type AnchorFrame = XRFrame & { createAnchor(pose: unknown, space: unknown): Promise<XRAnchor> };

async function ar(
  ua: Pick<UserAgent, 'host'> & { navigator?: { xr?: unknown }; xr?: unknown },
  init: object,
) {
  ua.host.click();
  const xr = (ua.xr ?? ua.navigator?.xr) as { requestSession(m: string, i: object): Promise<AnchorSession> };
  const session = await xr.requestSession('immersive-ar', init);
  const local = await session.requestReferenceSpace('local');
  return { session, local };
}

describe("another origin's persistent anchors (R-ANCHOR-06)", () => {
  it('are not listed, cannot be restored or deleted, and answer exactly as a handle never made', async () => {
    const ua = makeUA({ device: createPhoneAR(), url: 'https://a.example/' });
    const a = await ar(ua, { requiredFeatures: ['anchors'] });
    const anchor = await inFrame(a.session, (f) =>
      (f as AnchorFrame).createAnchor(new XRRigidTransform({ x: 1 }), a.local),
    );
    const handle = await anchor.requestPersistentHandle();
    await a.session.end();

    const other = ua.openDocument({ url: 'https://b.example/' });
    const b = await ar(other, { requiredFeatures: ['anchors'] });
    expect(b.session.persistentAnchors).toEqual([]);
    const stolen = (await expectRejectName(
      b.session.restorePersistentAnchor(handle),
      'InvalidStateError',
    )) as Error;
    const unknown = (await expectRejectName(
      b.session.restorePersistentAnchor('00000000-0000-4000-8000-000000000000'),
      'InvalidStateError',
    )) as Error;
    expect(stolen.message).toBe(unknown.message);
    await expectRejectName(b.session.deletePersistentAnchor(handle), 'InvalidStateError');
    expectAuditDenial(ua, 'InvalidStateError', 'R-ANCHOR-06', 'deletePersistentAnchor');
    await b.session.end();

    // The owner still has it.
    const again = await ar(ua, { requiredFeatures: ['anchors'] });
    expect(again.session.persistentAnchors).toEqual([handle]);
    await again.session.end();
  });
});

describe('anchors without consent, and forged arguments (R-ANCHOR-01)', () => {
  it('consent refused: every path to an anchor is refused, nothing reaches the device', async () => {
    const device = createPhoneAR();
    const ua = makeUA({ device, consent: { grant: ['local'] } });
    const { session, local } = await ar(ua, { optionalFeatures: ['anchors'] });
    expect(session.enabledFeatures).not.toContain('anchors');
    await inFrame(session, async (f) => {
      await expectRejectName(
        (f as AnchorFrame).createAnchor(new XRRigidTransform(), local),
        'NotSupportedError',
      );
    });
    await expectRejectName(
      session.restorePersistentAnchor('00000000-0000-4000-8000-000000000000'),
      'NotSupportedError',
    );
    // A compromised page side asking the user agent directly is refused the same way.
    const direct = await ua.agent.createAnchor(sessionCoreOf(session)!.id, {
      position: { x: 0, y: 0, z: 0 },
      orientation: { x: 0, y: 0, z: 0, w: 1 },
    });
    expect(direct.ok ? '' : direct.error.name).toBe('NotSupportedError');
    expectAuditDenial(ua, 'NotSupportedError', 'R-ANCHOR-01', 'createAnchor');
    expect(device.anchors.size).toBe(0);
    await session.end();
  });

  it("forged frames, transforms and spaces are TypeErrors; a pose's getters never run on the user-agent side", async () => {
    const device = createPhoneAR();
    const ua = makeUA({ device });
    const { session, local } = await ar(ua, { requiredFeatures: ['anchors'] });
    await inFrame(session, async (f) => {
      const frame = f as AnchorFrame;
      await expectRejectName(
        XRFrame.prototype.createAnchor.call({} as XRFrame, new XRRigidTransform(), local),
        'TypeError',
      );
      await expectRejectName(
        frame.createAnchor(
          { position: { x: 0, y: 0, z: 0 }, orientation: { x: 0, y: 0, z: 0, w: 1 } },
          local,
        ),
        'TypeError',
      );
      await expectRejectName(frame.createAnchor(new XRRigidTransform(), { native: 'local' }), 'TypeError');
      await expectRejectName(
        (frame.createAnchor as (...a: unknown[]) => Promise<XRAnchor>)(new XRRigidTransform()),
        'TypeError',
      );
    });
    let ran = false;
    const trap = {
      get position() {
        ran = true;
        return { x: 0, y: 0, z: 0 };
      },
      orientation: { x: 0, y: 0, z: 0, w: 1 },
    };
    // Sent as the pose of a live session's anchor: read as own data only (the getter is not
    // data: the pose is taken as no pose at all).
    const r = await ua.agent.createAnchor(sessionCoreOf(session)!.id, trap);
    expect(r.ok ? '' : r.error.name).toBe('InvalidStateError');
    expectAuditDenial(ua, 'InvalidStateError', 'R-ANCHOR-03', 'createAnchor');
    expect(ran).toBe(false);
    expect(device.anchors.size).toBe(0);
    await session.end();
  });
});

describe('a page side that lies about its DOM overlay (R-DOM-01)', () => {
  it("'dom-overlay' required with a domOverlay flag that is not exactly true: refused", async () => {
    const ua = makeUA({ device: createPhoneAR() });
    for (const claim of ['true', 1, { root: {} }]) {
      ua.host.click();
      const r = await ua.agent.requestSession({
        mode: 'immersive-ar',
        requiredFeatures: ['dom-overlay'],
        optionalFeatures: [],
        domOverlay: claim as unknown as boolean,
      });
      expect(r.ok).toBe(false);
      expect(r.ok ? '' : r.error.name).toBe('NotSupportedError');
    }
    expectAuditDenial(ua, 'NotSupportedError', 'R-DOM-01');
  });

  it("a root whose getter throws rejects the request with the page's own error, before the user agent is asked", async () => {
    const ua = makeUA({ device: createPhoneAR() });
    const before = ua.audit.entries().length;
    ua.host.click();
    const boom = new RangeError('boom');
    const init = {
      requiredFeatures: ['dom-overlay'],
      domOverlay: {
        get root() {
          throw boom;
        },
      },
    };
    await expect(ua.xr!.requestSession('immersive-ar', init)).rejects.toBe(boom);
    expect(
      ua.audit
        .entries()
        .slice(before)
        .some((e) => e.action === 'requestSession' && e.allowed),
    ).toBe(false);
  });
});
