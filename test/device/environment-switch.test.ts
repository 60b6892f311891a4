// Switching the simulated device's room (issue 13, item 4: the developer overlay's "Surroundings"
// select and the installation's setEnvironment call DeviceControl.setEnvironment): what hit tests,
// planes and depth see changes with it; a room that does not exist is a TypeError naming the rooms;
// a phone's screen tap (DeviceControl.tap) is refused on a device without a touch screen.

import { describe, expect, it } from 'vitest';
import { DeviceControl } from '../../src/device/device-control.js';
import { DeviceDriver, defaultDeviceState } from '../../src/device/device-state.js';
import { castRay } from '../../src/device/environment.js';

const control = (preset: 'quest-3' | 'phone-ar') =>
  new DeviceControl(new DeviceDriver(defaultDeviceState(preset)), () => undefined);

describe('DeviceControl.setEnvironment', () => {
  it('an AR-capable device starts in the living room and moves to another room, or none', () => {
    const c = control('quest-3');
    expect(c.environment).toBe('living-room');
    const ahead = (env = c.device.environment) =>
      env === null ? null : (castRay(env, { x: 0, y: 0, z: 0 }, { x: 0, y: 0, z: -1 })?.distance ?? null);
    const living = ahead();
    c.setEnvironment('empty-room');
    expect(c.environment).toBe('empty-room');
    expect(ahead()).not.toBe(living);
    c.setEnvironment('office');
    expect(c.environment).toBe('office');
    c.setEnvironment(null);
    expect(c.environment).toBeNull();
    expect(c.device.environment).toBeNull();
  });

  it('a room that does not exist is a TypeError naming the rooms', () => {
    const c = control('phone-ar');
    expect(() => c.setEnvironment('kitchen')).toThrow(
      /no room named 'kitchen'; the rooms are .*living-room.*, or null for none/,
    );
    expect(() => c.setEnvironment(7 as unknown as string)).toThrow(TypeError);
    expect(c.environment).toBe('living-room');
  });

  it('tap() is for a touch screen only', () => {
    expect(() => control('quest-3').tap()).toThrow(/no touch screen/);
  });
});
