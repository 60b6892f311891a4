// The Test API dictionaries (src/test-api/dictionaries.ts): "parse a rigid transform", "parse a view",
// FakeXRDeviceInit defaults, FakeXRBoundsPoint, FakeXRButtonStateInit and the xr-standard layout.
// Requirement ids: R-TEST-02, R-TEST-03, R-TEST-04, R-SPACE-30.

import { describe, expect, it } from 'vitest';
import {
  gamepadFrom,
  parseBounds,
  parseButton,
  parseDeviceInit,
  parseRigidTransform,
  parseSupportedButtons,
  parseView,
} from '../../src/test-api/dictionaries.js';
import { expectThrow, makeTestUA, PROJECTION, STEREO_VIEWS, trackedImmersive, view } from './helpers.js';

const I = { position: [0, 0, 0], orientation: [0, 0, 0, 1] };

describe('parse a rigid transform (FakeXRRigidTransformInit)', () => {
  it('R-TEST-04: position and orientation are read in order; w of the orientation is kept', () => {
    const t = parseRigidTransform({ position: [1, 2, 3], orientation: [0, 0, 0, 1] });
    expect(t.position).toEqual({ x: 1, y: 2, z: 3 });
    expect(t.orientation).toEqual({ x: 0, y: 0, z: 0, w: 1 });
    expect(Object.isFrozen(t)).toBe(true);
  });

  it('R-SPACE-30: members are float: 1.65 arrives as float32 (1.6499999761581421)', () => {
    const t = parseRigidTransform({ position: [0, 1.65, 0], orientation: [0, 0, 0, 1] });
    expect(t.position.y).toBe(Math.fround(1.65));
    expect(t.position.y).not.toBe(1.65);
  });

  it('any iterable is a sequence (e.g. a Float32Array)', () => {
    const t = parseRigidTransform({
      position: new Float32Array([1, 2, 3]),
      orientation: new Float32Array([0, 0, 0, 1]),
    });
    expect(t.position.z).toBe(3);
  });

  it('the orientation is normalised, as the XRRigidTransform constructor does', () => {
    const t = parseRigidTransform({ position: [0, 0, 0], orientation: [0, 0, 0, 2] });
    expect(t.orientation.w).toBe(1);
    const q = parseRigidTransform({ position: [0, 0, 0], orientation: [1, 0, 0, 1] }).orientation;
    expect(Math.hypot(q.x, q.y, q.z, q.w)).toBeCloseTo(1, 6);
  });

  it('position ≠ 3 or orientation ≠ 4 elements, missing members, non-sequences and non-finite values throw TypeError', () => {
    const bad: unknown[] = [
      { position: [0, 0], orientation: [0, 0, 0, 1] },
      { position: [0, 0, 0, 0], orientation: [0, 0, 0, 1] },
      { position: [0, 0, 0], orientation: [0, 0, 1] },
      { position: [0, 0, 0], orientation: [0, 0, 0, 1, 0] },
      { orientation: [0, 0, 0, 1] },
      { position: [0, 0, 0] },
      { position: 'abc', orientation: [0, 0, 0, 1] },
      { position: [Number.NaN, 0, 0], orientation: [0, 0, 0, 1] },
      { position: [0, Number.POSITIVE_INFINITY, 0], orientation: [0, 0, 0, 1] },
      null,
      42,
    ];
    for (const b of bad) expectThrow(() => parseRigidTransform(b), 'TypeError');
  });

  it('a zero-length orientation throws InvalidStateError (XRRigidTransform normalize)', async () => {
    const ua = makeTestUA();
    const device = await ua.test.simulateDeviceConnection(trackedImmersive());
    expectThrow(
      () => device.setViewerOrigin({ position: [0, 0, 0], orientation: [0, 0, 0, 0] }),
      'InvalidStateError',
    );
  });
});

describe('parse a view (FakeXRViewInit)', () => {
  it('R-TEST-02: eye, projection (16 floats), resolution (long) and offset are kept', () => {
    const v = parseView(view('right', 0.03));
    expect(v.eye).toBe('right');
    expect(v.projectionMatrix).toEqual(PROJECTION.map(Math.fround));
    expect(v.resolution).toEqual({ width: 200, height: 100 });
    expect(v.viewOffset.position.x).toBe(Math.fround(0.03));
    expect(v.fieldOfView).toBeUndefined();
  });

  it('resolution members are WebIDL long (truncated)', () => {
    const v = parseView({ ...view('left'), resolution: { width: 10.7, height: 5.2 } });
    expect(v.resolution).toEqual({ width: 10, height: 5 });
  });

  it('R-TEST-02: with a fieldOfView the projection comes from it with the default depths 0.1/1000', () => {
    const v = parseView({
      ...view('left'),
      fieldOfView: { upDegrees: 45, downDegrees: 45, leftDegrees: 45, rightDegrees: 45 },
    });
    expect(v.fieldOfView).toBeDefined();
    expect(v.projectionMatrix[0]).toBeCloseTo(1, 6);
    expect(v.projectionMatrix[10]).toBeCloseTo(1000.1 / -999.9, 9);
    expect(v.projectionMatrix[14]).toBeCloseTo(200 / -999.9, 9);
  });

  it('an asymmetric fieldOfView gives an off-centre projection', () => {
    const v = parseView({
      ...view('left'),
      fieldOfView: { upDegrees: 45, downDegrees: 45, leftDegrees: 45, rightDegrees: 0 },
    });
    // x = 2 / (l + r) = 2; a = (r − l) / (l + r) = −1.
    expect(v.projectionMatrix[0]).toBeCloseTo(2, 6);
    expect(v.projectionMatrix[8]).toBeCloseTo(-1, 6);
  });

  it('missing required members, a bad eye, a 15-element matrix and a partial fieldOfView throw TypeError', () => {
    const base: Record<string, unknown> = { ...view('left') };
    const bad: unknown[] = [
      { ...base, eye: undefined },
      { ...base, eye: 'centre' },
      { ...base, projectionMatrix: undefined },
      { ...base, projectionMatrix: PROJECTION.slice(0, 15) },
      { ...base, projectionMatrix: [...PROJECTION, 0] },
      { ...base, resolution: undefined },
      { ...base, resolution: { width: 10 } },
      { ...base, viewOffset: undefined },
      { ...base, viewOffset: { position: [0, 0, 0], orientation: [0, 0, 0] } },
      { ...base, fieldOfView: { upDegrees: 1, downDegrees: 1, leftDegrees: 1 } },
    ];
    for (const b of bad) expectThrow(() => parseView(b), 'TypeError');
  });
});

describe('FakeXRDeviceInit', () => {
  it('R-TEST-02: defaults: no secondary views, no features, no bounds, no floor, no viewer origin', () => {
    const d = parseDeviceInit({ supportsImmersive: false, views: STEREO_VIEWS() });
    expect(d.supportedModes).toEqual(['inline']);
    expect(d.views.length).toBe(2);
    expect(d.secondaryViews).toEqual([]);
    expect(d.supportedFeatures).toEqual([]);
    expect(d.bounds).toBeNull();
    expect(d.floorOrigin).toBeNull();
    expect(d.viewerOrigin).toBeNull();
  });

  it('R-TEST-02: supportedModes present is copied as given; empty becomes inline; supportsImmersive adds immersive-vr', () => {
    expect(
      parseDeviceInit({ supportsImmersive: true, supportedModes: ['immersive-ar'], views: STEREO_VIEWS() })
        .supportedModes,
    ).toEqual(['immersive-ar']);
    expect(
      parseDeviceInit({ supportsImmersive: true, supportedModes: [], views: STEREO_VIEWS() }).supportedModes,
    ).toEqual(['inline']);
    expect(parseDeviceInit({ supportsImmersive: true, views: STEREO_VIEWS() }).supportedModes).toEqual([
      'inline',
      'immersive-vr',
    ]);
  });

  it('R-TEST-02: supportedFeatures is sequence<any>: non-string entries are kept but never match a feature', () => {
    const d = parseDeviceInit({
      supportsImmersive: true,
      views: STEREO_VIEWS(),
      supportedFeatures: ['local', {}, 3],
    });
    expect(d.supportedFeatures.length).toBe(3);
    expect(d.supportedFeatures[0]).toBe('local');
    expect(d.supportedFeatures.slice(1)).not.toContain('3');
  });

  it('R-TEST-02: floorOrigin / viewerOrigin null count as not set; set ones are parsed', () => {
    const d = parseDeviceInit({
      supportsImmersive: true,
      views: STEREO_VIEWS(),
      floorOrigin: null,
      viewerOrigin: I,
    });
    expect(d.floorOrigin).toBeNull();
    expect(d.viewerOrigin?.orientation.w).toBe(1);
  });

  it('R-TEST-02: boundsCoordinates with exactly 3 points is accepted; 2 is a TypeError', () => {
    const three = [
      { x: 0, z: 0 },
      { x: 1, z: 0 },
      { x: 1, z: 1 },
    ];
    expect(
      parseDeviceInit({ supportsImmersive: true, views: STEREO_VIEWS(), boundsCoordinates: three }).bounds,
    ).toEqual(three);
    expectThrow(
      () =>
        parseDeviceInit({
          supportsImmersive: true,
          views: STEREO_VIEWS(),
          boundsCoordinates: three.slice(0, 2),
        }),
      'TypeError',
    );
  });

  it('FakeXRBoundsPoint: x and z are optional doubles (absent → 0), non-finite → TypeError', () => {
    expect(parseBounds([{}, { x: 1 }, { z: 2 }])).toEqual([
      { x: 0, z: 0 },
      { x: 1, z: 0 },
      { x: 0, z: 2 },
    ]);
    // double, not float: no float32 rounding.
    expect(parseBounds([{ x: 0.1, z: 0.2 }])[0]).toEqual({ x: 0.1, z: 0.2 });
    expectThrow(() => parseBounds([{ x: Number.NaN }]), 'TypeError');
    expectThrow(() => parseBounds(42), 'TypeError');
  });
});

describe('FakeXRButtonStateInit and the xr-standard gamepad', () => {
  it('R-TEST-03: required members, defaults xValue = yValue = 0, pressedValue is a float', () => {
    const b = parseButton({ buttonType: 'touchpad', pressed: false, touched: true, pressedValue: 0.3 });
    expect(b).toEqual({
      buttonType: 'touchpad',
      pressed: false,
      touched: true,
      pressedValue: Math.fround(0.3),
      xValue: 0,
      yValue: 0,
    });
    expectThrow(() => parseButton({ pressed: false, touched: false, pressedValue: 0 }), 'TypeError');
    expectThrow(() => parseButton({ buttonType: 'grip', touched: false, pressedValue: 0 }), 'TypeError');
    expectThrow(() => parseButton({ buttonType: 'grip', pressed: false, pressedValue: 0 }), 'TypeError');
    expectThrow(() => parseButton({ buttonType: 'grip', pressed: false, touched: false }), 'TypeError');
    expectThrow(
      () => parseButton({ buttonType: 'grip', pressed: false, touched: false, pressedValue: Number.NaN }),
      'TypeError',
    );
    expectThrow(
      () => parseButton({ buttonType: 'trigger', pressed: false, touched: false, pressedValue: 0 }),
      'TypeError',
    );
  });

  it('spec(test) parse supported buttons: the first button of each type wins', () => {
    const list = parseSupportedButtons([
      { buttonType: 'grip', pressed: false, touched: false, pressedValue: 0 },
      { buttonType: 'grip', pressed: true, touched: true, pressedValue: 1 },
      { buttonType: 'thumbstick', pressed: false, touched: false, pressedValue: 0 },
    ]);
    expect(list.map((b) => [b.buttonType, b.pressed])).toEqual([
      ['grip', false],
      ['thumbstick', false],
    ]);
  });

  it('R-TEST-03: xr-standard layout: 0 primary, 1 grip, 2 touchpad, 3 thumbstick, then optional buttons', () => {
    const buttons = parseSupportedButtons([
      { buttonType: 'optional-button', pressed: true, touched: true, pressedValue: 1 },
      { buttonType: 'thumbstick', pressed: false, touched: true, pressedValue: 0, xValue: 0.5, yValue: -0.5 },
      { buttonType: 'grip', pressed: true, touched: true, pressedValue: 0.5 },
    ]);
    const g = gamepadFrom(true, buttons);
    expect(g.buttons.length).toBe(5);
    expect(g.buttons[0]).toEqual({ pressed: true, touched: true, value: 1 });
    expect(g.buttons[1]).toEqual({ pressed: true, touched: true, value: 0.5 });
    expect(g.buttons[2]).toEqual({ pressed: false, touched: false, value: 0 });
    expect(g.buttons[3]?.touched).toBe(true);
    expect(g.buttons[4]?.pressed).toBe(true);
    expect(g.axes).toEqual([0, 0, 0.5, -0.5]);
  });

  it('gamepads-module xr-standard: trailing slots the device lacks are left out, inner ones are placeholders', () => {
    const b = (buttonType: string) => ({ buttonType, pressed: false, touched: false, pressedValue: 0 });
    const gripTouchpad = gamepadFrom(false, parseSupportedButtons([b('grip'), b('touchpad')]));
    expect([gripTouchpad.buttons.length, gripTouchpad.axes.length]).toEqual([3, 2]);
    const gripOnly = gamepadFrom(false, parseSupportedButtons([b('grip')]));
    expect([gripOnly.buttons.length, gripOnly.axes.length]).toEqual([2, 0]);
    const thumbstickOnly = gamepadFrom(false, parseSupportedButtons([b('thumbstick')]));
    expect([thumbstickOnly.buttons.length, thumbstickOnly.axes.length]).toEqual([4, 4]);
    expect(thumbstickOnly.buttons[1]).toEqual({ pressed: false, touched: false, value: 0 });
  });

  it('no supported buttons: no gamepad data at all', () => {
    expect(gamepadFrom(true, [])).toEqual({ buttons: [], axes: [] });
  });
});
