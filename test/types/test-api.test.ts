// The Test API's TypeScript types (xrgate/test-api): the dictionaries of the WebXR Test API are
// exported and type the parameters of XRTest, FakeXRDevice and FakeXRInputController, and a test
// user agent's navigator.xr has `test`. The expectTypeOf assertions and the @ts-expect-error lines
// are checked by the compiler, in `tsc -p .` and in webxr-compat.test.ts (test/types/tsconfig.json):
// a wrong type, or an error that disappears, fails the type check. The run-time assertions tie the
// types to what the objects are.

import { describe, expect, expectTypeOf, it } from 'vitest';
import { createUserAgent, type UserAgent, type XRSystem } from '../../src/index.js';
import {
  createTestUserAgent,
  type FakeXRBoundsPoint,
  type FakeXRButtonStateInit,
  type FakeXRDevice,
  type FakeXRDeviceInit,
  type FakeXRFieldOfViewInit,
  type FakeXRInputController,
  type FakeXRInputSourceInit,
  type FakeXRLightEstimateInit,
  type FakeXRRigidTransformInit,
  type FakeXRViewInit,
  type TestUserAgent,
  type XRSystemWithTest,
  type XRTest,
} from '../../src/test-api/index.js';

const identity: FakeXRRigidTransformInit = { position: [0, 0, 0], orientation: [0, 0, 0, 1] };

describe('types: the Test API', () => {
  it('the dictionaries type the parameters of XRTest, FakeXRDevice and FakeXRInputController', () => {
    expectTypeOf<XRTest['simulateDeviceConnection']>().parameter(0).toEqualTypeOf<FakeXRDeviceInit>();
    expectTypeOf<XRTest['simulateDeviceConnection']>().returns.toEqualTypeOf<Promise<FakeXRDevice>>();
    expectTypeOf<FakeXRDevice['setViews']>().parameter(0).toEqualTypeOf<Iterable<FakeXRViewInit>>();
    expectTypeOf<FakeXRDevice['setViewerOrigin']>().parameter(0).toEqualTypeOf<FakeXRRigidTransformInit>();
    expectTypeOf<FakeXRDevice['setFloorOrigin']>().parameter(0).toEqualTypeOf<FakeXRRigidTransformInit>();
    expectTypeOf<FakeXRDevice['setBoundsGeometry']>()
      .parameter(0)
      .toEqualTypeOf<Iterable<FakeXRBoundsPoint>>();
    expectTypeOf<FakeXRDevice['simulateVisibilityChange']>()
      .parameter(0)
      .toEqualTypeOf<'visible' | 'visible-blurred' | 'hidden'>();
    expectTypeOf<FakeXRDevice['simulateInputSourceConnection']>()
      .parameter(0)
      .toEqualTypeOf<FakeXRInputSourceInit>();
    expectTypeOf<
      FakeXRDevice['simulateInputSourceConnection']
    >().returns.toEqualTypeOf<FakeXRInputController>();
    expectTypeOf<FakeXRDevice['setLightEstimate']>().parameter(0).toEqualTypeOf<FakeXRLightEstimateInit>();
    expectTypeOf<FakeXRInputController['updateButtonState']>()
      .parameter(0)
      .toEqualTypeOf<FakeXRButtonStateInit>();
    expectTypeOf<FakeXRInputController['setHandedness']>()
      .parameter(0)
      .toEqualTypeOf<'none' | 'left' | 'right'>();
    expectTypeOf<FakeXRInputController['setPointerOrigin']>()
      .parameter(0)
      .toEqualTypeOf<FakeXRRigidTransformInit>();
  });

  it('FakeXRViewInit and FakeXRDeviceInit: required and optional members as the spec declares them', () => {
    expectTypeOf<FakeXRViewInit['eye']>().toEqualTypeOf<'none' | 'left' | 'right'>();
    expectTypeOf<FakeXRViewInit['fieldOfView']>().toEqualTypeOf<FakeXRFieldOfViewInit | undefined>();
    // A sequence<float> is any iterable of numbers: an array, a Float32Array.
    const fromFov: FakeXRViewInit = {
      eye: 'left',
      projectionMatrix: new Float32Array(16),
      resolution: { width: 100, height: 100 },
      viewOffset: identity,
      fieldOfView: { upDegrees: 45, downDegrees: 45, leftDegrees: 45, rightDegrees: 45 },
    };
    const init: FakeXRDeviceInit = {
      supportsImmersive: true,
      views: [fromFov, { ...fromFov, eye: 'right', projectionMatrix: [...new Float32Array(16)] }],
      viewerOrigin: identity,
      boundsCoordinates: [
        { x: 1, z: 1 },
        { x: -1, z: 1 },
        { x: 0, z: -1 },
      ],
      supportedFeatures: ['local-floor'],
    };
    expect(init.views).toHaveLength(2);
    // @ts-expect-error: a view needs its eye, projectionMatrix, resolution and viewOffset
    const noEye: FakeXRViewInit = {
      projectionMatrix: [],
      resolution: { width: 1, height: 1 },
      viewOffset: identity,
    };
    // @ts-expect-error: a device needs its views
    const noViews: FakeXRDeviceInit = { supportsImmersive: true };
    // @ts-expect-error: 'centre' is no XREye
    const badEye: FakeXRViewInit['eye'] = 'centre';
    expect([noEye, noViews, badEye]).toHaveLength(3);
  });

  it("createTestUserAgent: ua.xr is navigator.xr with `test`, the same XRTest as ua.test; a plain user agent's xr has none", () => {
    const ua = createTestUserAgent({ url: 'https://app.example/' });
    expectTypeOf(ua).toEqualTypeOf<TestUserAgent>();
    expectTypeOf(ua).toExtend<UserAgent>();
    expectTypeOf(ua.xr).toEqualTypeOf<XRSystemWithTest | undefined>();
    expectTypeOf<NonNullable<typeof ua.xr>['test']>().toEqualTypeOf<XRTest>();
    expectTypeOf<XRSystemWithTest>().toExtend<XRSystem>();
    expect(ua.xr?.test).toBe(ua.test);
    expect(Object.prototype.toString.call(ua.xr?.test)).toBe('[object XRTest]');

    const plain = createUserAgent({ url: 'https://app.example/' });
    expectTypeOf<NonNullable<typeof plain.xr>>().not.toHaveProperty('test');
    // @ts-expect-error: a user agent made without the Test API has no navigator.xr.test
    const none: unknown = plain.xr?.test;
    expect(none).toBeUndefined();
  });

  it('simulateVisibilityChange and the input source dictionaries refuse values outside their enums', async () => {
    const ua = createTestUserAgent({ url: 'https://app.example/' });
    const device = await ua.xr!.test.simulateDeviceConnection({
      supportsImmersive: true,
      views: [
        {
          eye: 'none',
          projectionMatrix: new Float32Array(16),
          resolution: { width: 1, height: 1 },
          viewOffset: identity,
        },
      ],
    });
    // @ts-expect-error: 'blurred' is no XRVisibilityState
    expect(() => device.simulateVisibilityChange('blurred')).toThrow(TypeError);
    const badHand: FakeXRInputSourceInit = {
      // @ts-expect-error: 'up' is no XRHandedness
      handedness: 'up',
      targetRayMode: 'gaze',
      pointerOrigin: identity,
      profiles: [],
    };
    expect(() => device.simulateInputSourceConnection(badHand)).toThrow(TypeError);
    const badButton: FakeXRButtonStateInit = {
      // @ts-expect-error: 'trigger' is no FakeXRButtonType
      buttonType: 'trigger',
      pressed: false,
      touched: false,
      pressedValue: 0,
    };
    expect(badButton.buttonType).toBe('trigger');
    await device.disconnect();
  });
});
