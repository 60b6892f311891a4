// createUserAgent's options checked up front (src/user-agent-options.ts): every option given a
// value the user agent cannot use is a TypeError naming the option, the value received and what is
// allowed; a misspelt option name is refused; the device presets of src/device/presets.ts are
// accepted by name. Also the manual clock's advance() message and its argument.

import { describe, expect, it } from 'vitest';
import { devicePresetNames } from '../src/device/presets.js';
import { createHeadset } from '../src/device/simulated.js';
import type { Host } from '../src/host/host.js';
import { ScriptedHost } from '../src/host/scripted.js';
import { defineProfile, strictProfile } from '../src/policy/profile.js';
import { createUserAgent, type UserAgentOptions } from '../src/user-agent.js';
import {
  devicePresets,
  hostMembers,
  scriptedHostOptionNames,
  userAgentOwnOptionNames,
} from '../src/user-agent-options.js';

/** The TypeError createUserAgent(options) throws (fails the test if it throws none, or another kind). */
function typeErrorOf(
  options: unknown,
  call: (o: unknown) => unknown = (o) => createUserAgent(o as UserAgentOptions),
): string {
  let error: unknown;
  try {
    call(options);
  } catch (e) {
    error = e;
  }
  expect(error, `expected a TypeError for ${JSON.stringify(options)}`).toBeInstanceOf(TypeError);
  return (error as TypeError).message;
}

/** [options, the option named, the value as received, what the message must say is allowed]. */
const bad: readonly [string, Record<string, unknown>, string, string, readonly string[]][] = [
  [
    'device: a name',
    { device: 'nope' },
    'options.device',
    "'nope'",
    ['quest-3', 'headset', 'a device backend', 'null'],
  ],
  ['device: an object', { device: {} }, 'options.device', 'an object', ['frame()', 'subscribe()']],
  ['device: a number', { device: 7 }, 'options.device', '7', ["'pico-4'"]],
  [
    'profile: a name',
    { profile: 'bogus' },
    'options.profile',
    "'bogus'",
    ["'spec'", "'strict'", 'defineProfile'],
  ],
  [
    'profile: partial',
    { profile: { name: 'mine' } },
    'options.profile',
    'undefined',
    ['defineProfile', 'transientActivationMs'],
  ],
  [
    'profile: a field of the wrong type',
    { profile: { ...strictProfile, transientActivationMs: '5000' } },
    'options.profile',
    "'5000'",
    ['transientActivationMs', 'a number'],
  ],
  ['host: an object', { host: {} }, 'options.host', 'an object', ['Host interface', 'no now()']],
  ['host: a string', { host: 'scripted' }, 'options.host', "'scripted'", ['Host interface']],
  ['storage', { storage: 'local' }, 'options.storage', "'local'", ['load()', 'save(records)', 'null']],
  ['reportError', { reportError: 'log' }, 'options.reportError', "'log'", ['a function']],
  ['transport', { transport: 'socket' }, 'options.transport', "'socket'", ["'direct'", "'channel'"]],
  [
    'url: no scheme',
    { url: 'app.example' },
    'options.url',
    "'app.example'",
    ['absolute URL', "url: 'https://app.example'"],
  ],
  ['url: a number', { url: 443 }, 'options.url', '443', ['absolute URL']],
  [
    'origin',
    { origin: { kind: 'tuple' } },
    'options.origin',
    'an object',
    ["kind: 'tuple'", "kind: 'opaque'"],
  ],
  ['secureContext', { secureContext: 'yes' }, 'options.secureContext', "'yes'", ['true or false']],
  [
    'policy: a value',
    { policy: { 'xr-spatial-tracking': 'no' } },
    "options.policy['xr-spatial-tracking']",
    "'no'",
    ['true or false'],
  ],
  [
    'policy: a misspelt feature',
    { policy: { 'xr-spatial-trackin': false } },
    'options.policy',
    "'xr-spatial-trackin'",
    ["did you mean 'xr-spatial-tracking'", "'camera'"],
  ],
  ['policy: an array', { policy: [] }, 'options.policy', 'an array', ["'xr-spatial-tracking'"]],
  [
    'consent: a name',
    { consent: 'maybe' },
    'options.consent',
    "'maybe'",
    ["'grant-all'", "'deny-all'", 'grant:', 'function'],
  ],
  [
    'consent: a misspelt name',
    { consent: 'grantall' },
    'options.consent',
    "'grantall'",
    ["did you mean 'grant-all'"],
  ],
  [
    'consent.grant: not a list',
    { consent: { grant: 'local' } },
    'options.consent.grant',
    "'local'",
    ['an array of feature names'],
  ],
  [
    'consent.grant: a misspelt feature',
    { consent: { grant: ['local-flor'] } },
    'options.consent.grant[0]',
    "'local-flor'",
    ["did you mean 'local-floor'", "'hand-tracking'"],
  ],
  ['consent.delayMs', { consent: { grant: [], delayMs: -1 } }, 'options.consent.delayMs', '-1', ['≥ 0']],
  [
    'consent.kind',
    { consent: { grant: [], kind: 'loud' } },
    'options.consent.kind',
    "'loud'",
    ["'explicit'", "'implicit'"],
  ],
  [
    'consent: an unknown member',
    { consent: { grant: [], granted: [] } },
    'options.consent',
    'an object',
    ["'granted' is not a member"],
  ],
  [
    'sessionSupported',
    { sessionSupported: 'yes' },
    'options.sessionSupported',
    "'yes'",
    ["'granted'", "'denied'", "'unknown'"],
  ],
  ['clock', { clock: 'fast' }, 'options.clock', "'fast'", ["'real'", "'manual'"]],
  ['random', { random: 0.5 }, 'options.random', '0.5', ['a function']],
  ['privateMode', { privateMode: 1 }, 'options.privateMode', '1', ['true or false']],
  [
    'immersiveIntent',
    { immersiveIntent: 'always' },
    'options.immersiveIntent',
    "'always'",
    ["'explicit'", "'implicit'", "'none'"],
  ],
  ['isWindow', { isWindow: 'true' }, 'options.isWindow', "'true'", ['true or false']],
  ['requireBaseLayer', { requireBaseLayer: null }, 'options.requireBaseLayer', 'null', ['true or false']],
  [
    'presentsInDocument',
    { presentsInDocument: 'no' },
    'options.presentsInDocument',
    "'no'",
    ['true or false'],
  ],
  [
    'permissionStates',
    { permissionStates: { microphone: 'yes' } },
    'options.permissionStates.microphone',
    "'yes'",
    ["'granted'", "'denied'", "'prompt'"],
  ],
  ['interstitial', { interstitial: 'maybe' }, 'options.interstitial', "'maybe'", ["'continue'", "'leave'"]],
];

describe('createUserAgent: a bad option value is a TypeError naming it, the value and what is allowed', () => {
  it.each(bad)('%s', (_case, options, option, value, allowed) => {
    const message = typeErrorOf(options);
    expect(message).toMatch(/^createUserAgent: /);
    expect(message).toContain(option);
    expect(message).toContain(value);
    for (const a of allowed) expect(message).toContain(a);
    expect(message).toContain('Fix: ');
  });

  it('the cases above cover every option', () => {
    const covered = new Set(bad.map(([, options]) => Object.keys(options)[0]));
    for (const name of [...scriptedHostOptionNames, ...userAgentOwnOptionNames]) {
      expect(covered.has(name), name).toBe(true);
    }
  });

  it('every device preset is listed in the device message', () => {
    const message = typeErrorOf({ device: 'quest3' });
    for (const name of devicePresets) expect(message).toContain(`'${name}'`);
    expect(message).toContain("did you mean 'quest-3'");
  });

  it('a misspelt or unknown option name is refused, with the closest one', () => {
    const message = typeErrorOf({ devcie: 'quest-3' });
    expect(message).toContain("'devcie' is not an option");
    expect(message).toContain("did you mean 'device'");
    expect(message).toContain('device, ');
    expect(typeErrorOf({ frobnicate: true })).toContain("remove 'frobnicate'");
  });

  it('options that are not an object are refused', () => {
    for (const options of [null, 5, 'headset', []]) {
      expect(typeErrorOf(options)).toContain('must be an object (or left out)');
    }
  });

  it('scripted-host options next to a host of your own (which would ignore them) are refused', () => {
    const message = typeErrorOf({ host: new ScriptedHost(), clock: 'manual' });
    expect(message).toContain('options.clock has no effect with options.host');
    // The user agent's own options go with a host.
    expect(() =>
      createUserAgent({ host: new ScriptedHost(), device: null, profile: 'strict' }),
    ).not.toThrow();
  });

  it('openDocument checks its options the same way', () => {
    const ua = createUserAgent();
    const message = typeErrorOf({ clock: 'fast' }, (o) => ua.openDocument(o as never));
    expect(message).toMatch(/^openDocument: options\.clock is 'fast'/);
    expect(typeErrorOf({ device: 'quest-3' }, (o) => ua.openDocument(o as never))).toContain(
      "'device' is not an option",
    );
    expect(ua.openDocument({ url: 'https://other.example/', clock: 'manual' }).navigator.xr).toBeDefined();
  });
});

describe('createUserAgent: good options are still accepted', () => {
  it('every preset name gives its device; the presets of device/presets.ts by their names', async () => {
    for (const name of devicePresets) {
      const ua = createUserAgent({ device: name });
      expect(ua.device, name).not.toBeNull();
    }
    for (const name of devicePresetNames) {
      const ua = createUserAgent({ device: name });
      if (name !== 'phone-ar') expect(ua.device?.id).toBe(`xrgate-${name}`);
    }
    const quest = createUserAgent({ device: 'quest-3' });
    expect(quest.device?.nominalFrameRate).toBe(90);
    expect(await quest.xr?.isSessionSupported('immersive-ar')).toBe(true);
    const pico = createUserAgent({ device: 'pico-4' });
    expect(await pico.xr?.isSessionSupported('immersive-ar')).toBe(false);
  });

  it('the other accepted forms of each option', () => {
    const accepted: UserAgentOptions[] = [
      {},
      { device: null },
      { device: createHeadset() },
      { device: undefined, clock: undefined },
      { profile: 'spec' },
      { profile: strictProfile },
      { profile: defineProfile({ name: 'mine', transientActivationMs: 1000 }) },
      { host: new ScriptedHost({ clock: 'manual' }) },
      { storage: null },
      { storage: { load: () => [], save: () => {} } },
      { reportError: () => {} },
      { transport: 'channel' },
      { url: 'http://insecure.example/' },
      { url: new URL('https://app.example/') as unknown as string },
      { origin: { kind: 'tuple', scheme: 'https', host: 'a.example', port: null, domain: null } },
      {
        secureContext: false,
        privateMode: true,
        isWindow: false,
        requireBaseLayer: true,
        presentsInDocument: true,
      },
      { policy: { 'xr-spatial-tracking': false, camera: true } },
      { consent: 'deny-all' },
      { consent: (q) => Promise.resolve({ granted: {}, kind: 'explicit' as const, question: q }) as never },
      { consent: { grant: ['local-floor', 'hand-tracking'], delayMs: 0, kind: 'implicit' } },
      { sessionSupported: 'unknown', clock: 'manual', random: () => 0.5, immersiveIntent: 'none' },
    ];
    for (const options of accepted)
      expect(() => createUserAgent(options), JSON.stringify(options)).not.toThrow();
    // An http: URL is a valid option: an insecure context, so no navigator.xr (R-EXPO-01).
    expect(createUserAgent({ url: 'http://insecure.example/' }).xr).toBeUndefined();
  });
});

describe('the manual clock', () => {
  it('advance() on a real clock names the option that gives a manual one, and that option works', () => {
    const real = createUserAgent();
    expect(() => real.host.advance(10)).toThrow("createUserAgent({ clock: 'manual' })");
    const manual = createUserAgent({ clock: 'manual' });
    manual.host.advance(10);
    expect(manual.host.now()).toBe(10);
  });

  it('advance(ms) takes a finite ms ≥ 0', () => {
    const { host } = createUserAgent({ clock: 'manual' });
    for (const ms of [-1, Number.NaN, Number.POSITIVE_INFINITY, '5' as unknown as number]) {
      expect(() => host.advance(ms), String(ms)).toThrow(TypeError);
    }
    expect(host.now()).toBe(0);
  });
});

// Compile-time: the lists the checks use name every option and every required Host member (a new
// option or member that is not added there fails `tsc --noEmit`).
type Missing<T, Listed> = Exclude<keyof T, Listed>;
type RequiredMembers<T> = { [K in keyof T]-?: undefined extends T[K] ? never : K }[keyof T];
const everyOptionListed: [
  Missing<
    UserAgentOptions,
    (typeof scriptedHostOptionNames)[number] | (typeof userAgentOwnOptionNames)[number]
  >,
] extends [never]
  ? true
  : false = true;
const everyHostMemberChecked: [
  Exclude<RequiredMembers<Host>, (typeof hostMembers)[number] | 'kind'>,
] extends [never]
  ? true
  : false = true;

it('the option and Host member lists are complete (checked by tsc)', () => {
  expect(everyOptionListed && everyHostMemberChecked).toBe(true);
  // And at run time: every Host member the check asks for is a function of a real host.
  const host = new ScriptedHost() as unknown as Record<string, unknown>;
  for (const m of hostMembers) expect(typeof host[m], m).toBe('function');
});
