// The WebXR Test API's anchors extensions on xrgate (spec(test) #anchors-extensions):
// setAnchorCreationCallback's parameters (the requested origin in the base space), the
// FakeXRAnchorController's deleted attribute, its commands, and a device without a callback.
// Requirement ids: R-TEST-02, R-ANCHOR-01, R-ANCHOR-03, R-ANCHOR-10.

import { describe, expect, it } from 'vitest';
import type { XRAnchor } from '../../src/api/XRAnchor.js';
import type { XRFrame } from '../../src/api/XRFrame.js';
import { XRRigidTransform } from '../../src/api/XRRigidTransform.js';
import type { FakeXRAnchorController, FakeXRDeviceInit } from '../../src/test-api/index.js';
import {
  expectReject,
  expectThrow,
  inFrame,
  makeTestUA,
  requestWithActivation,
  STEREO_VIEWS,
  tasks,
} from './helpers.js';

const AR_DEVICE: FakeXRDeviceInit = {
  supportsImmersive: true,
  supportedModes: ['immersive-ar'],
  views: STEREO_VIEWS(),
  viewerOrigin: { position: [0, 1, 0], orientation: [0, 0, 0, 1] },
  supportedFeatures: ['viewer', 'local', 'anchors'],
};

type Frame = XRFrame & { createAnchor(p: XRRigidTransform, s: object): Promise<XRAnchor> };

async function setup() {
  const ua = makeTestUA();
  const device = await ua.test.simulateDeviceConnection(AR_DEVICE);
  const session = await requestWithActivation(ua, 'immersive-ar', { requiredFeatures: ['anchors'] });
  const viewer = await session.requestReferenceSpace('viewer');
  return { ua, device, session, viewer };
}

describe('FakeXRDevice.setAnchorCreationCallback', () => {
  it('without a callback the device creates no anchor (the creation is refused, audited)', async () => {
    const { ua, session, viewer } = await setup();
    await expectReject(
      inFrame(session, (f) => (f as Frame).createAnchor(new XRRigidTransform(), viewer)),
      'OperationError',
    );
    expect(ua.audit.entries().some((e) => e.requirement === 'R-ANCHOR-03' && !e.allowed)).toBe(true);
    await session.end();
  });

  it('gets the requested origin in the base space, and a controller that follows the anchor', async () => {
    const { device, session, viewer } = await setup();
    const calls: {
      parameters: { requestedAnchorOrigin: { position: number[] }; isAttachedToEntity: boolean };
      controller: FakeXRAnchorController;
    }[] = [];
    (device as unknown as { setAnchorCreationCallback(cb: unknown): void }).setAnchorCreationCallback(
      (parameters: never, controller: FakeXRAnchorController) => {
        calls.push({ parameters, controller });
        return Promise.resolve(true);
      },
    );
    // 1 m in front of the viewer, which is 1 m above the base origin.
    const anchor = await inFrame(session, (f) =>
      (f as Frame).createAnchor(new XRRigidTransform({ z: -1 }), viewer),
    );
    expect(calls).toHaveLength(1);
    expect(calls[0]!.parameters.requestedAnchorOrigin.position).toEqual([0, 1, -1]);
    expect(calls[0]!.parameters.isAttachedToEntity).toBe(false);
    const controller = calls[0]!.controller;
    expect(controller.deleted).toBe(false);
    anchor.delete();
    // (The user agent tells the device: at once in one realm, a message later over a channel.)
    await tasks();
    expect(controller.deleted).toBe(true);
    expectThrow(() => anchor.anchorSpace, 'InvalidStateError');
    // Commands after deletion are ignored; a wrong `this` is a TypeError.
    controller.setAnchorOrigin({ position: [1, 2, 3], orientation: [0, 0, 0, 1] });
    expectThrow(() => Reflect.apply(controller.pauseTracking, {}, []), 'TypeError');
    await session.end();
  });

  it('a callback that throws, rejects or answers anything but true refuses the creation', async () => {
    const { device, session, viewer } = await setup();
    const set = (cb: unknown) =>
      (device as unknown as { setAnchorCreationCallback(cb: unknown): void }).setAnchorCreationCallback(cb);
    for (const cb of [
      () => {
        throw new Error('no');
      },
      () => Promise.reject(new Error('no')),
      () => Promise.resolve('yes'),
      () => Promise.resolve(1),
    ]) {
      set(cb);
      await expectReject(
        inFrame(session, (f) => (f as Frame).createAnchor(new XRRigidTransform(), viewer)),
        'OperationError',
      );
    }
    expectThrow(() => set(42), 'TypeError');
    set(null);
    await expectReject(
      inFrame(session, (f) => (f as Frame).createAnchor(new XRRigidTransform(), viewer)),
      'OperationError',
    );
    await session.end();
  });
});
