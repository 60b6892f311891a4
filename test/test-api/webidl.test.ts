// WebIDL shape of the Test API interfaces: illegal constructors, brand checks (wrong `this`), no
// internal statics on the page-visible interface objects, members and their lengths, toStringTag.
// Requirement ids: R-TEST-01 (IDL member list, §16.2), AMB-30.

import { describe, expect, it } from 'vitest';
import { XRSystem } from '../../src/api/XRSystem.js';
import {
  FakeXRAnchorController,
  FakeXRDevice,
  FakeXRInputController,
  XRTest,
  XrgateTestHooks,
} from '../../src/test-api/index.js';
import { expectReject, expectThrow, makeTestUA, RIGHT_CONTROLLER, trackedImmersive } from './helpers.js';

type Ctor = abstract new (...a: never[]) => unknown;

/** The IDL operations and their lengths (required arguments). */
const IDL: [Ctor, string, Record<string, number>][] = [
  [XRTest, 'XRTest', { simulateDeviceConnection: 1, simulateUserActivation: 1, disconnectAllDevices: 0 }],
  [
    FakeXRDevice,
    'FakeXRDevice',
    {
      setViews: 1,
      disconnect: 0,
      setViewerOrigin: 1,
      clearViewerOrigin: 0,
      setFloorOrigin: 1,
      clearFloorOrigin: 0,
      setBoundsGeometry: 1,
      simulateResetPose: 0,
      simulateVisibilityChange: 1,
      simulateInputSourceConnection: 1,
      setWorld: 1,
      clearWorld: 0,
      setDepthSensingData: 1,
      clearDepthSensingData: 0,
      setLightEstimate: 1,
      setAnchorCreationCallback: 1,
    },
  ],
  [
    FakeXRInputController,
    'FakeXRInputController',
    {
      setHandedness: 1,
      setTargetRayMode: 1,
      setProfiles: 1,
      setGripOrigin: 1,
      clearGripOrigin: 0,
      setPointerOrigin: 1,
      disconnect: 0,
      reconnect: 0,
      startSelection: 0,
      endSelection: 0,
      simulateSelect: 0,
      setSupportedButtons: 1,
      updateButtonState: 1,
      setOverlayPointerPosition: 2,
    },
  ],
  [
    FakeXRAnchorController,
    'FakeXRAnchorController',
    { pauseTracking: 0, resumeTracking: 0, stopTracking: 0, setAnchorOrigin: 1 },
  ],
];

const HOOKS = [
  'setConsent',
  'setConsentHandler',
  'setPermissionsPolicy',
  'setFocus',
  'setDocumentVisibility',
  'setTrustedUI',
  'launchAsInstalledApp',
  'setNavigationFacts',
  'setSessionSupportedConsent',
  'setTestMode',
  'auditLog',
];

function proto(c: Ctor): Record<string, unknown> {
  return c.prototype as Record<string, unknown>;
}

describe('interface objects', () => {
  it('WebIDL: new XRTest(), new FakeXRDevice(), new FakeXRInputController(), new XrgateTestHooks() throw TypeError', () => {
    for (const C of [XRTest, FakeXRDevice, FakeXRInputController, XrgateTestHooks]) {
      const Loose = C as unknown as new (...a: unknown[]) => unknown;
      expectThrow(() => new Loose(), 'TypeError');
      expectThrow(() => new Loose(Symbol('xrgate.internal')), 'TypeError');
      expectThrow(() => (C as unknown as () => unknown)(), 'TypeError');
    }
  });

  it('page-visible interface objects carry no internal statics (no is/device/ua …)', () => {
    for (const C of [XRTest, FakeXRDevice, FakeXRInputController, XrgateTestHooks]) {
      expect(Object.getOwnPropertyNames(C).sort()).toEqual(['length', 'name', 'prototype']);
      expect(Object.getOwnPropertySymbols(C)).toEqual([]);
    }
    for (const key of ['device', 'ua', 'is'])
      expect(Object.getOwnPropertyNames(FakeXRDevice)).not.toContain(key);
  });

  it('the names and Symbol.toStringTag name the interfaces', async () => {
    const ua = makeTestUA();
    const device = await ua.test.simulateDeviceConnection(trackedImmersive());
    const controller = device.simulateInputSourceConnection(RIGHT_CONTROLLER());
    expect(XRTest.name).toBe('XRTest');
    expect(FakeXRDevice.name).toBe('FakeXRDevice');
    expect(FakeXRInputController.name).toBe('FakeXRInputController');
    expect(Object.prototype.toString.call(ua.test)).toBe('[object XRTest]');
    expect(Object.prototype.toString.call(device)).toBe('[object FakeXRDevice]');
    expect(Object.prototype.toString.call(controller)).toBe('[object FakeXRInputController]');
    expect(Object.prototype.toString.call(ua.test.xrgate)).toBe('[object XrgateTestHooks]');
    expect(ua.test).toBeInstanceOf(XRTest);
    expect(device).toBeInstanceOf(FakeXRDevice);
    expect(device).toBeInstanceOf(EventTarget);
    expect(controller).toBeInstanceOf(FakeXRInputController);
  });

  it('WebIDL: an interface object without a constructor has length 0', () => {
    for (const [C] of IDL) expect((C as unknown as { length: number }).length).toBe(0);
  });
});

describe('members', () => {
  it('§16.2: each prototype has exactly the IDL operations (XRTest also the xrgate accessor)', () => {
    for (const [C, name, ops] of IDL) {
      const own = Object.getOwnPropertyNames(C.prototype).filter((k) => k !== 'constructor');
      const expected = Object.keys(ops)
        .concat(name === 'XRTest' ? ['xrgate'] : [])
        // (FakeXRAnchorController's one attribute: readonly attribute boolean deleted.)
        .concat(name === 'FakeXRAnchorController' ? ['deleted'] : []);
      expect(own.sort(), name).toEqual(expected.sort());
      for (const op of Object.keys(ops)) expect(typeof proto(C)[op], `${name}.${op}`).toBe('function');
    }
    const own = Object.getOwnPropertyNames(XrgateTestHooks.prototype).filter((k) => k !== 'constructor');
    expect(own.sort()).toEqual([...HOOKS].sort());
  });

  it('WebIDL: operation lengths count the required arguments (all but setViews)', () => {
    for (const [C, name, ops] of IDL) {
      for (const [op, len] of Object.entries(ops)) {
        if (name === 'FakeXRDevice' && op === 'setViews') continue;
        expect((proto(C)[op] as { length: number }).length, `${name}.${op}.length`).toBe(len);
      }
    }
  });

  it('WebIDL: FakeXRDevice.prototype.setViews.length is 1 (secondaryViews is optional)', () => {
    expect(FakeXRDevice.prototype.setViews.length).toBe(1);
  });

  it('WebIDL: regular operations are enumerable on the prototype', () => {
    for (const [C, name, ops] of IDL) {
      for (const op of Object.keys(ops)) {
        expect(Object.getOwnPropertyDescriptor(C.prototype, op)?.enumerable, `${name}.${op}`).toBe(true);
      }
    }
  });

  it('partial interface XRSystem: test is an enumerable, configurable getter on XRSystem.prototype', () => {
    makeTestUA();
    const d = Object.getOwnPropertyDescriptor(XRSystem.prototype, 'test');
    expect(typeof d?.get).toBe('function');
    expect(d?.set).toBeUndefined();
    expect(d?.enumerable).toBe(true);
    expect(d?.configurable).toBe(true);
  });
});

describe('brand checks: a wrong `this`', () => {
  it('XRTest: promise operations reject with TypeError; simulateUserActivation throws TypeError', async () => {
    const ua = makeTestUA();
    const bogus = Object.create(XRTest.prototype) as XRTest;
    await expectReject(
      XRTest.prototype.simulateDeviceConnection.call(bogus, trackedImmersive()),
      'TypeError',
    );
    await expectReject(XRTest.prototype.simulateDeviceConnection.call({}, trackedImmersive()), 'TypeError');
    await expectReject(XRTest.prototype.disconnectAllDevices.call(bogus), 'TypeError');
    expectThrow(() => XRTest.prototype.simulateUserActivation.call(bogus, () => {}), 'TypeError');
    let called = false;
    expectThrow(
      () =>
        XRTest.prototype.simulateUserActivation.call({}, () => {
          called = true;
        }),
      'TypeError',
    );
    expect(called).toBe(false);
    const getter = Object.getOwnPropertyDescriptor(XRTest.prototype, 'xrgate')?.get;
    expectThrow(() => getter?.call({}), 'TypeError');
    expect(getter?.call(ua.test)).toBe(ua.test.xrgate);
    // The XRTest of one document is not that of another, but both are genuine.
    const other = makeTestUA();
    expect(other.test).not.toBe(ua.test);
  });

  it('XRSystem.prototype.test: a non-XRSystem `this` throws TypeError', () => {
    makeTestUA();
    const getter = Object.getOwnPropertyDescriptor(XRSystem.prototype, 'test')?.get;
    expectThrow(() => getter?.call({}), 'TypeError');
  });

  it('FakeXRDevice: every operation throws TypeError (disconnect rejects) and the real device is untouched', async () => {
    const ua = makeTestUA();
    const device = await ua.test.simulateDeviceConnection(trackedImmersive());
    const bogus = Object.create(FakeXRDevice.prototype) as object;
    const [, , ops] = IDL[1] as [Ctor, string, Record<string, number>];
    for (const op of Object.keys(ops)) {
      const fn = proto(FakeXRDevice)[op] as (...a: unknown[]) => unknown;
      if (op === 'disconnect') {
        await expectReject(fn.call(bogus) as Promise<unknown>, 'TypeError');
        await expectReject(fn.call({}) as Promise<unknown>, 'TypeError');
        continue;
      }
      expectThrow(() => fn.call(bogus, {}), 'TypeError');
      expectThrow(() => fn.call({}, {}), 'TypeError');
    }
    // A controller is not a device either.
    const controller = device.simulateInputSourceConnection(RIGHT_CONTROLLER());
    expectThrow(
      () => FakeXRDevice.prototype.simulateResetPose.call(controller as unknown as FakeXRDevice),
      'TypeError',
    );
    expect(await ua.xr.isSessionSupported('immersive-vr')).toBe(true);
  });

  it('FakeXRInputController: every operation throws TypeError', async () => {
    const ua = makeTestUA();
    const device = await ua.test.simulateDeviceConnection(trackedImmersive());
    const bogus = Object.create(FakeXRInputController.prototype) as object;
    const [, , ops] = IDL[2] as [Ctor, string, Record<string, number>];
    for (const op of Object.keys(ops)) {
      const fn = proto(FakeXRInputController)[op] as (...a: unknown[]) => unknown;
      expectThrow(() => fn.call(bogus, 'left'), 'TypeError');
      expectThrow(() => fn.call(device, 'left'), 'TypeError');
    }
  });

  it('XrgateTestHooks: every hook throws TypeError with a wrong `this`, even with valid arguments', () => {
    const valid: Record<string, unknown[]> = {
      setConsent: ['grant-all'],
      setConsentHandler: [() => ({ granted: {}, kind: 'explicit' })],
      setPermissionsPolicy: ['xr-spatial-tracking', true],
      setFocus: [true],
      setDocumentVisibility: ['visible'],
      setTrustedUI: [null],
      launchAsInstalledApp: [],
      setNavigationFacts: [null],
      setSessionSupportedConsent: ['granted'],
      setTestMode: [true],
      auditLog: [],
    };
    const bogus = Object.create(XrgateTestHooks.prototype) as object;
    for (const name of HOOKS) {
      const fn = (XrgateTestHooks.prototype as unknown as Record<string, (...a: unknown[]) => unknown>)[name];
      expectThrow(() => fn?.apply(bogus, valid[name] ?? []), 'TypeError');
      expectThrow(() => fn?.apply({}, valid[name] ?? []), 'TypeError');
    }
  });
});
