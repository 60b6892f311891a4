// device.json files (issue 14): read into a device, in Node through createUserAgent({ device }) and
// deviceFromJSON(); every bad field is a TypeError naming the field and what is allowed.

import { describe, expect, it } from 'vitest';
import { deviceFromJSON, readDeviceFile } from '../../src/device/device-file.js';
import { DeviceDriver, defaultDeviceState, readDeviceState } from '../../src/device/device-state.js';
import { createUserAgent } from '../../src/user-agent.js';
import { initialInputs, requestImmersive } from '../conformance/helpers.js';

const file = {
  format: 'xrgate-device',
  version: 1,
  preset: 'quest-2',
  name: 'my-headset',
  label: 'My headset',
  modes: ['immersive-vr'],
  controllerProfile: 'valve-index',
  display: { ipd: 0.07, fov: { up: 50, down: 55, left: 52, right: 48 }, width: 1440, height: 1600 },
  frameRates: [80, 120],
  frameRate: 120,
  floorHeight: 1.45,
  room: [
    [-2, -1],
    [2, -1],
    [2.5, 1.5],
    [-1, 2],
  ],
  environmentBlendMode: 'opaque',
};

describe('device.json', () => {
  it('reads every field: views, frame rates, floor, room, controllers with their registry profile', () => {
    const spec = readDeviceFile(JSON.stringify(file));
    expect(spec.name).toBe('my-headset');
    expect(spec.controllerProfiles).toEqual(['valve-index', 'generic-trigger-squeeze-touchpad-thumbstick']);
    expect(spec.buttons!.left).toContain('xr-standard-touchpad');
    expect(spec.modes).toEqual(['inline', 'immersive-vr']);
    expect(spec.nominalFrameRate).toBe(120);
    const device = deviceFromJSON(file);
    const frame = device.frame();
    expect(frame.views[0]!.viewOffset.position.x).toBeCloseTo(-0.035);
    expect(frame.views[0]!.resolution).toEqual({ width: 1440, height: 1600 });
    expect(frame.views[0]!.fieldOfView!.up).toBeCloseTo(Math.tan((50 * Math.PI) / 180));
    expect(frame.floor!.position.y).toBeCloseTo(-1.45);
    expect(frame.bounds).toEqual([
      { x: -2, z: -1 },
      { x: 2, z: -1 },
      { x: 2.5, z: 1.5 },
      { x: -1, z: 2 },
    ]);
    expect(device.supportedFrameRates).toEqual([80, 120]);
    expect(device.environmentBlendMode).toBe('opaque');
  });

  it('createUserAgent({ device: json }): a session sees the file’s controllers', async () => {
    const ua = createUserAgent({ device: file as never, consent: 'grant-all', clock: 'manual' });
    expect(ua.device!.id).toBe('xrgate-my-headset');
    const ua2 = createUserAgent({ device: { format: 'xrgate-device', input: 'hands' } as never });
    expect(ua2.device!.frame().inputSources[0]!.profiles).toEqual(['generic-hand', 'generic-hand-select']);
  });

  it('a session on a device file’s device sees its profile', async () => {
    const { makeUA } = await import('../conformance/helpers.js');
    const ua = makeUA({ device: deviceFromJSON(file) });
    const session = await requestImmersive(ua);
    await initialInputs(session);
    const left = [
      ...(session.inputSources as unknown as Iterable<{ handedness: string; profiles: string[] }>),
    ].find((s) => s.handedness === 'left')!;
    expect(left.profiles).toEqual(['valve-index', 'generic-trigger-squeeze-touchpad-thumbstick']);
    await session.end();
  });

  it.each([
    [{}, /format is undefined, but must be "xrgate-device"/],
    [{ ...file, colour: 'red' }, /colour is not a field.*the fields are format, version, preset/],
    [{ ...file, version: 2 }, /version is 2, but must be 1/],
    [
      { ...file, preset: 'quest-9' },
      /preset is "quest-9", but must be one of quest-2, quest-3, quest-pro, pico-4, hands-only, phone-ar/,
    ],
    [{ ...file, name: '' }, /name is "", but must be a string of 1 to 40/],
    [
      { ...file, modes: ['immersive-xr'] },
      /modes\[0\] is "immersive-xr", but must be one of inline, immersive-vr, immersive-ar/,
    ],
    [{ ...file, input: 'feet' }, /input is "feet", but must be one of controllers, hands, screen/],
    [
      { ...file, controllerProfile: 'my-wand' },
      /controllerProfile is "my-wand", but must be a controller profile of the WebXR input profiles registry: one of meta-quest-touch-plus/,
    ],
    [{ ...file, display: { ipd: 0.5 } }, /display.ipd is 0.5, but must be a number from 0.04 to 0.09/],
    [
      { ...file, display: { fov: { up: 95, down: 1, left: 1, right: 1 } } },
      /display.fov.up is 95, but must be a number from 1 to 89/,
    ],
    [{ ...file, display: { width: 10.5 } }, /display.width is 10.5, but must be an integer from 16 to 8192/],
    [{ ...file, display: { size: 3 } }, /display.size is not a field/],
    [{ ...file, frameRates: [] }, /frameRates is \[\], but must be a list of 1 to 8 frame rates/],
    [{ ...file, frameRate: 60 }, /frameRate is 60, but must be one of frameRates \(80, 120\)/],
    [{ ...file, floorHeight: -1 }, /floorHeight is -1, but must be a number from 0 to 3/],
    [{ ...file, room: [[0, 0]] }, /room is \[\[0,0\]\], but must be null or a list of 3 to 64/],
    [
      {
        ...file,
        room: [
          [0, 0],
          [1, 0],
          [1, 'x'],
        ],
      },
      /room\[2\]\[1\] is "x", but must be a number/,
    ],
    [
      { ...file, environmentBlendMode: 'glass' },
      /environmentBlendMode is "glass", but must be one of opaque, additive, alpha-blend/,
    ],
  ])('refuses %j with a TypeError naming the field', (bad, message) => {
    expect(() => readDeviceFile(bad)).toThrow(TypeError);
    expect(() => readDeviceFile(bad)).toThrow(message);
  });

  it('createUserAgent refuses a bad device file naming the option and the field', () => {
    expect(() => createUserAgent({ device: { ...file, floorHeight: 9 } as never })).toThrow(
      /createUserAgent: options.device is a device file with an error: device.json: floorHeight is 9/,
    );
  });

  it('a DeviceState carries a device file; an IPD change keeps the device and everything else', () => {
    const start = readDeviceState({ device: file }, defaultDeviceState());
    const driver = new DeviceDriver(start);
    const moved = readDeviceState({ headset: { position: [0.1, 0, 0] } }, driver.state);
    driver.apply(moved);
    const device = driver.device;
    const wider = readDeviceState(
      { device: { ...driver.state.device!, display: { ...driver.state.device!.display!, ipd: 0.06 } } },
      driver.state,
    );
    expect(driver.apply(wider)).toBe(false);
    expect(driver.device).toBe(device);
    expect(driver.state.headset.position).toEqual([0.1, 0, 0]);
    expect(device.frame().views[1]!.viewOffset.position.x).toBeCloseTo(0.03);
    // Another preset is another device.
    expect(driver.apply(readDeviceState({ preset: 'pico-4' }, driver.state))).toBe(true);
    expect(driver.state.device).toBeUndefined();
  });
});
