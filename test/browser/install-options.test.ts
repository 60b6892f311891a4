// install()'s options (xrgate/browser and the script bundles), checked before anything is
// installed: every option with a bad value is a TypeError naming the option and the allowed values.

import { describe, expect, it } from 'vitest';
import { checkInstallOptions, installDevice, installDeviceNames } from '../../src/browser/install-options.js';
import { createHeadset } from '../../src/device/simulated.js';

describe('install() options', () => {
  it.each([
    ['options', 5, /install: the options are 5, but must be an object/],
    [
      'an unknown option',
      { overlays: true },
      /'overlays' is not an option.*the options are profile, prompt, device, testAPI, host, overlay, persistConsent, privateMode, navigation/,
    ],
    [
      'profile',
      { profile: 'lax' },
      /options.profile is 'lax', but must be 'spec', 'strict', or a profile made with defineProfile\(\)/,
    ],
    ['prompt', { prompt: 'yes' }, /options.prompt is 'yes', but must be a consent provider: a function/],
    [
      'device (name)',
      { device: 'quest-9' },
      /options.device is 'quest-9', but must be one of 'headset', 'headset-hands', 'orientation-only', 'inline-desktop', 'quest-2', 'quest-3', 'quest-pro', 'pico-4', 'hands-only', 'phone-ar', a device.json file's data, a device backend, or null/,
    ],
    ['device (number)', { device: 3 }, /options.device is 3, but must be one of 'headset'/],
    [
      'device (bad file)',
      { device: { format: 'xrgate-device', floorHeight: 'low' } },
      /options.device is an object but not a device backend .* nor a valid device file: device.json: floorHeight is "low", but must be a number from 0 to 3/,
    ],
    [
      'device (plain object)',
      { device: { id: 'x' } },
      /options.device is an object but not a device backend.*format is undefined, but must be "xrgate-device"/,
    ],
    ['testAPI', { testAPI: 'yes' }, /options.testAPI is 'yes', but must be true or false/],
    ['host', { host: 'page' }, /options.host is 'page', but must be a host/],
    ['overlay', { overlay: 1 }, /options.overlay is 1, but must be true or false/],
    [
      'persistConsent',
      { persistConsent: 'always' },
      /options.persistConsent is 'always', but must be true or false/,
    ],
    ['privateMode', { privateMode: null }, /options.privateMode is null, but must be true or false/],
    [
      'navigation',
      { navigation: 'cross-origin' },
      /options.navigation is 'cross-origin', but must be one of 'same-origin'/,
    ],
  ])('%s: a TypeError naming the option and the allowed values', (_name, options, message) => {
    expect(() => checkInstallOptions(options)).toThrow(TypeError);
    expect(() => checkInstallOptions(options)).toThrow(message);
  });

  it('accepts every good value', () => {
    for (const device of [...installDeviceNames, null, createHeadset(), { format: 'xrgate-device' }])
      expect(() => checkInstallOptions({ device })).not.toThrow();
    expect(() =>
      checkInstallOptions({
        profile: 'strict',
        prompt: async () => ({ granted: {}, kind: 'explicit', duration: 'session' }),
        testAPI: false,
        overlay: true,
        persistConsent: false,
        privateMode: true,
        navigation: 'same-origin',
      }),
    ).not.toThrow();
    expect(() => checkInstallOptions(undefined)).not.toThrow();
  });

  it('names and files are driven devices; a backend of one’s own is used as it is', () => {
    expect(installDevice(undefined, 'headset').state!.device!.name).toBe('headset');
    expect(installDevice('headset-hands', null).state!.inputMode).toBe('hands');
    expect(installDevice('pico-4', null).state!.preset).toBe('pico-4');
    expect(installDevice({ format: 'xrgate-device', name: 'mine' }, null).state!.device!.name).toBe('mine');
    expect(installDevice('inline-desktop', null)).toEqual({ state: null, device: 'inline-desktop' });
    const backend = createHeadset();
    expect(installDevice(backend, null).device).toBe(backend);
    expect(installDevice(undefined, null)).toEqual({ state: null, device: null });
  });
});
