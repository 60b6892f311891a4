// The options of createUserAgent() and of a user agent's openDocument(), checked before anything
// is built: a value the user agent cannot use is a TypeError that names the option, the value it
// got, what is allowed and the fix. Without this, `profile: 'bogus'` failed later ("activation lasts
// undefined ms"), `device: 'nope'` with "device.subscribe is not a function", a URL without a
// scheme silently gave no navigator.xr, `consent: 'maybe'` silently meant deny and `clock: 'fast'`
// the real clock. A misspelt option name is refused too: it would silently keep its default.
//
// Also here: the device presets createUserAgent accepts by name, and the devices they make.

import { type DeviceFile, isDeviceFile, readDeviceFile } from './device/device-file.js';
import {
  createPresetDevice,
  type DevicePresetName,
  devicePresetNames,
  isDevicePresetName,
} from './device/presets.js';
import {
  createHeadset,
  createInlineDesktop,
  createOrientationOnly,
  createPhoneAR,
} from './device/simulated.js';
import type { XRDeviceBackend } from './device/types.js';
import type { HostPolicyFeature } from './host/host.js';
import type { ScriptedHostOptions } from './host/scripted.js';
import { featureDescriptors, isFeatureDescriptor } from './policy/features.js';
import { specProfile } from './policy/profile.js';
import {
  ArrayIsArray,
  ArrayPrototypeIncludes,
  ArrayPrototypeJoin,
  ArrayPrototypeMap,
  ArrayPrototypePush,
  MathMin,
  NumberIsFinite,
  NumberIsInteger,
  ObjectFreeze,
  ObjectKeys,
  String,
  StringPrototypeCharCodeAt,
  StringPrototypeSlice,
  StringPrototypeToLowerCase,
  TypeError,
} from './primordials.js';

// Captured at load, as policy/origin.ts does: a page that replaces URL later cannot steer the check.
const URLCtor = URL;

/** xrgate's own simulated devices, by the names createUserAgent has always taken. */
type SimulatedPreset = 'headset' | 'headset-hands' | 'orientation-only' | 'inline-desktop';

/** A device by name: xrgate's simulated devices, and the headsets and phone of device/presets.ts. */
export type DevicePreset = SimulatedPreset | DevicePresetName;

const simulatedPresets: readonly SimulatedPreset[] = ObjectFreeze([
  'headset',
  'headset-hands',
  'orientation-only',
  'inline-desktop',
] as SimulatedPreset[]);

function allPresetNames(): readonly DevicePreset[] {
  const out: DevicePreset[] = ArrayPrototypeMap(simulatedPresets, (n): DevicePreset => n);
  for (let i = 0; i < devicePresetNames.length; i++) {
    const name = devicePresetNames[i]!;
    if (!ArrayPrototypeIncludes(out, name)) ArrayPrototypePush(out, name);
  }
  return ObjectFreeze(out);
}

/** Every device name createUserAgent({ device }) accepts. */
export const devicePresets: readonly DevicePreset[] = allPresetNames();

export function isDevicePreset(name: unknown): name is DevicePreset {
  return typeof name === 'string' && ArrayPrototypeIncludes(devicePresets, name);
}

/** The device an accepted `device` option stands for (undefined: the default headset). */
export function presetDevice(
  d: DevicePreset | XRDeviceBackend | DeviceFile | null | undefined,
): XRDeviceBackend | null {
  if (d === null) return null;
  if (d === undefined || d === 'headset') return createHeadset();
  if (d === 'headset-hands') return createHeadset({ hands: true });
  // 'phone-ar' keeps the device createUserAgent always made for it.
  if (d === 'phone-ar') return createPhoneAR();
  if (d === 'orientation-only') return createOrientationOnly();
  if (d === 'inline-desktop') return createInlineDesktop();
  if (isDevicePresetName(d)) return createPresetDevice(d);
  // A device.json file's data (checked by checkUserAgentOptions).
  if (isDeviceFile(d)) return createPresetDevice(readDeviceFile(d));
  return d as XRDeviceBackend;
}

/** The options a scripted host reads (ScriptedHostOptions). */
export const scriptedHostOptionNames = ObjectFreeze([
  'url',
  'origin',
  'secureContext',
  'policy',
  'consent',
  'sessionSupported',
  'clock',
  'random',
  'storage',
  'privateMode',
  'immersiveIntent',
  'isWindow',
  'requireBaseLayer',
  'presentsInDocument',
  'permissionStates',
  'interstitial',
] as const) satisfies readonly (keyof ScriptedHostOptions)[];

/** The options of createUserAgent beyond the scripted host's (UserAgentOptions). */
export const userAgentOwnOptionNames = ObjectFreeze([
  'device',
  'profile',
  'host',
  'storage',
  'reportError',
  'transport',
] as const);

/** Options the user agent itself uses even when a host of one's own is given. */
const usedWithHost: readonly string[] = ['device', 'profile', 'host', 'storage', 'reportError', 'transport'];

const policyFeatures = ObjectFreeze([
  'xr-spatial-tracking',
  'accelerometer',
  'gyroscope',
  'magnetometer',
  'camera',
  'microphone',
] as const) satisfies readonly HostPolicyFeature[];

/** The members a host must have (Host, src/host/host.ts), all functions. */
const hostMembers = ObjectFreeze([
  'now',
  'random',
  'origin',
  'isSecureContext',
  'isWindow',
  'documentId',
  'browsingContextId',
  'fullyActive',
  'hasFocus',
  'documentVisibility',
  'activation',
  'launchIntent',
  'consumeLaunchIntent',
  'isFeatureAllowed',
  'immersiveIntent',
  'consentProvider',
  'requiresBaseLayer',
  'presentsInDocument',
  'promptsUser',
  'sessionSupportedConsent',
  'consentStorage',
  'privateMode',
  'trustedUI',
  'navigationFacts',
  'subscribe',
  'setTimeout',
  'clearTimeout',
] as const);

// --- Messages ---------------------------------------------------------------------------------

/** A short, safe description of a value (never calls the value's own methods). */
function describe(value: unknown): string {
  if (typeof value === 'string') {
    const shown = value.length > 60 ? `${StringPrototypeSlice(value, 0, 57)}...` : value;
    return `'${shown}'`;
  }
  if (value === null || typeof value === 'number' || typeof value === 'boolean' || value === undefined) {
    return String(value);
  }
  if (typeof value === 'bigint') return `${String(value)}n`;
  if (typeof value === 'symbol') return 'a symbol';
  if (typeof value === 'function') return 'a function';
  if (ArrayIsArray(value)) return 'an array';
  return 'an object';
}

const quoted = (names: readonly string[]): string =>
  ArrayPrototypeJoin(
    ArrayPrototypeMap(names, (n) => `'${n}'`),
    ', ',
  );

/** `${where}: options.${option} is ${value}, but must be ${allowed}. Fix: ${fix}` */
function invalid(where: string, option: string, value: unknown, allowed: string, fix: string): TypeError {
  return new TypeError(
    `${where}: options.${option} is ${describe(value)}, but must be ${allowed}. Fix: ${fix}`,
  );
}

/** Edit distance, for "did you mean": how many one-letter edits turn `a` into `b`. */
function distance(a: string, b: string): number {
  let prev: number[] = [];
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const row: number[] = [i];
    for (let j = 1; j <= b.length; j++) {
      const same = StringPrototypeCharCodeAt(a, i - 1) === StringPrototypeCharCodeAt(b, j - 1);
      row[j] = MathMin(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (same ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length]!;
}

/** The known name closest to `name`, if it is a likely misspelling of it. */
function closest(name: string, known: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = 3;
  const lower = StringPrototypeToLowerCase(name);
  for (let i = 0; i < known.length; i++) {
    const d = distance(lower, StringPrototypeToLowerCase(known[i]!));
    if (d < bestDistance) {
      best = known[i]!;
      bestDistance = d;
    }
  }
  return best;
}

// --- Checks of single values ------------------------------------------------------------------

function checkOneOf(where: string, option: string, value: unknown, allowed: readonly string[]): void {
  if (value === undefined || ArrayPrototypeIncludes(allowed, value)) return;
  const near = typeof value === 'string' ? closest(value, allowed) : null;
  throw invalid(
    where,
    option,
    value,
    `one of ${quoted(allowed)}`,
    near ? `did you mean '${near}'?` : `use one of those, or leave ${option} out for the default.`,
  );
}

function checkBoolean(where: string, option: string, value: unknown): void {
  if (value === undefined || typeof value === 'boolean') return;
  throw invalid(where, option, value, 'true or false', `pass a boolean, e.g. ${option}: true.`);
}

function checkFunction(where: string, option: string, value: unknown, example: string): void {
  if (value === undefined || typeof value === 'function') return;
  throw invalid(where, option, value, 'a function', `pass a function, e.g. ${option}: ${example}.`);
}

function checkUrl(where: string, value: unknown): void {
  if (value === undefined || value instanceof URLCtor) return;
  let ok = false;
  if (typeof value === 'string') {
    try {
      new URLCtor(value);
      ok = true;
    } catch {
      ok = false;
    }
  }
  if (ok) return;
  throw invalid(
    where,
    'url',
    value,
    "an absolute URL with its scheme, such as 'https://app.example/' (the document's URL: its origin decides the secure context)",
    typeof value === 'string'
      ? `write it with its scheme, e.g. url: 'https://${value}'.`
      : "pass a string, e.g. url: 'https://app.example/'.",
  );
}

function checkOrigin(where: string, value: unknown): void {
  if (value === undefined) return;
  const o = value as Record<string, unknown> | null;
  const valid =
    o !== null &&
    typeof o === 'object' &&
    ((o.kind === 'tuple' &&
      typeof o.scheme === 'string' &&
      typeof o.host === 'string' &&
      (o.port === null ||
        (typeof o.port === 'number' && NumberIsInteger(o.port) && o.port >= 0 && o.port <= 65535)) &&
      (o.domain === null || typeof o.domain === 'string')) ||
      (o.kind === 'opaque' &&
        typeof o.id === 'string' &&
        (o.fromScheme === null || typeof o.fromScheme === 'string')));
  if (valid) return;
  throw invalid(
    where,
    'origin',
    value,
    "an origin: { kind: 'tuple', scheme, host, port (a number or null), domain (null or a string) } or { kind: 'opaque', id, fromScheme }",
    "give the document's URL instead, e.g. url: 'https://app.example/'.",
  );
}

function checkPolicy(where: string, value: unknown): void {
  if (value === undefined) return;
  const allowed = `an object mapping features (${quoted(policyFeatures)}) to true or false`;
  if (value === null || typeof value !== 'object' || ArrayIsArray(value)) {
    throw invalid(where, 'policy', value, allowed, "e.g. policy: { 'xr-spatial-tracking': false }.");
  }
  const keys = ObjectKeys(value);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    if (!ArrayPrototypeIncludes(policyFeatures, key)) {
      const near = closest(key, policyFeatures);
      throw new TypeError(
        `${where}: options.policy names '${key}', which is not a policy-controlled feature xrgate knows; the features are ${quoted(policyFeatures)}. Fix: ${near ? `did you mean '${near}'?` : 'use one of those.'}`,
      );
    }
    const allowedValue = (value as Record<string, unknown>)[key];
    if (typeof allowedValue !== 'boolean') {
      throw invalid(
        where,
        `policy['${key}']`,
        allowedValue,
        'true or false',
        `e.g. policy: { '${key}': false }.`,
      );
    }
  }
}

function checkConsent(where: string, value: unknown): void {
  if (value === undefined || value === 'grant-all' || value === 'deny-all' || typeof value === 'function')
    return;
  const allowed =
    "'grant-all', 'deny-all', { grant: [feature names], delayMs?, kind?: 'explicit' | 'implicit' }, or a consent provider function";
  if (value === null || typeof value !== 'object' || ArrayIsArray(value)) {
    const near = typeof value === 'string' ? closest(value, ['grant-all', 'deny-all']) : null;
    throw invalid(
      where,
      'consent',
      value,
      allowed,
      near ? `did you mean '${near}'?` : "to grant some features only, pass { grant: ['local-floor'] }.",
    );
  }
  const script = value as Record<string, unknown>;
  const keys = ObjectKeys(script);
  for (let i = 0; i < keys.length; i++) {
    if (!ArrayPrototypeIncludes(['grant', 'delayMs', 'kind'], keys[i]))
      throw invalid(
        where,
        'consent',
        value,
        allowed,
        `'${keys[i]}' is not a member: use grant, delayMs and kind.`,
      );
  }
  const grant = script.grant;
  if (!ArrayIsArray(grant)) {
    throw invalid(
      where,
      'consent.grant',
      grant,
      'an array of feature names',
      "e.g. consent: { grant: ['local-floor'] }.",
    );
  }
  for (let i = 0; i < grant.length; i++) {
    const name = (grant as unknown[])[i];
    if (!isFeatureDescriptor(name)) {
      const near = typeof name === 'string' ? closest(name, featureDescriptors) : null;
      throw invalid(
        where,
        `consent.grant[${i}]`,
        name,
        `a feature descriptor: one of ${quoted(featureDescriptors)}`,
        near
          ? `did you mean '${near}'?`
          : 'a misspelt feature would silently never be granted: use one of those.',
      );
    }
  }
  const delay = script.delayMs;
  if (delay !== undefined && (typeof delay !== 'number' || !NumberIsFinite(delay) || delay < 0)) {
    throw invalid(
      where,
      'consent.delayMs',
      delay,
      'a finite number of milliseconds ≥ 0',
      'e.g. delayMs: 500.',
    );
  }
  checkOneOf(where, 'consent.kind', script.kind, ['explicit', 'implicit']);
}

function checkStorage(where: string, value: unknown): void {
  if (value === undefined || value === null) return;
  const s = value as { load?: unknown; save?: unknown };
  if (typeof value === 'object' && typeof s.load === 'function' && typeof s.save === 'function') return;
  throw invalid(
    where,
    'storage',
    value,
    'null or a consent storage: an object with load() and save(records)',
    'pass an object with load() returning the saved records and save(records), or null to keep nothing.',
  );
}

function checkDevice(where: string, value: unknown): void {
  if (value === undefined || value === null || isDevicePreset(value)) return;
  if (isDeviceFile(value)) {
    try {
      readDeviceFile(value);
    } catch (e) {
      throw new TypeError(`${where}: options.device is a device file with an error: ${(e as Error).message}`);
    }
    return;
  }
  const d = value as { id?: unknown; supportedModes?: unknown; frame?: unknown; subscribe?: unknown };
  if (
    typeof value === 'object' &&
    typeof d.id === 'string' &&
    ArrayIsArray(d.supportedModes) &&
    typeof d.frame === 'function' &&
    typeof d.subscribe === 'function'
  ) {
    return;
  }
  const near = typeof value === 'string' ? closest(value, devicePresets) : null;
  throw invalid(
    where,
    'device',
    value,
    `a device preset (${quoted(devicePresets)}), a device.json file's data ({ format: 'xrgate-device', … }), a device backend (an object with id, supportedModes, frame() and subscribe(), such as createHeadset()), or null for no device`,
    near ? `did you mean '${near}'?` : "name a preset, e.g. device: 'quest-3'.",
  );
}

function checkProfile(where: string, value: unknown): void {
  if (value === undefined || value === 'spec' || value === 'strict') return;
  const allowed = "'spec', 'strict', or a profile made with defineProfile()";
  const fix =
    "pass 'spec' (the default) or 'strict', or build one with defineProfile({ name: 'mine', ...changes }).";
  if (value === null || typeof value !== 'object') {
    const near = typeof value === 'string' ? closest(value, ['spec', 'strict']) : null;
    throw invalid(where, 'profile', value, allowed, near ? `did you mean '${near}'?` : fix);
  }
  // A complete profile: every field of the spec profile, of the same type (null where it may be).
  const p = value as Record<string, unknown>;
  const fields = ObjectKeys(specProfile);
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i]!;
    const expected = (specProfile as unknown as Record<string, unknown>)[field];
    const got = p[field];
    const ok = expected === null ? got === null || typeof got === 'number' : typeof got === typeof expected;
    if (!ok) {
      throw new TypeError(
        `${where}: options.profile is an object whose ${field} is ${describe(got)}, but must be ${allowed} (a complete profile: its ${field} is ${expected === null ? 'a number or null' : `a ${typeof expected}`}). Fix: ${fix}`,
      );
    }
  }
}

function checkHost(where: string, value: unknown): void {
  if (value === undefined) return;
  let missing: string | null = null;
  if (value !== null && typeof value === 'object') {
    const h = value as Record<string, unknown>;
    for (let i = 0; i < hostMembers.length && missing === null; i++) {
      if (typeof h[hostMembers[i]!] !== 'function') missing = hostMembers[i]!;
    }
  }
  if (value !== null && typeof value === 'object' && missing === null) return;
  throw invalid(
    where,
    'host',
    value,
    `a host (an object with the members of the Host interface${missing ? `; this one has no ${missing}()` : ''})`,
    'leave host out: the scripted host is built from url, consent, clock and the other options.',
  );
}

// --- The option objects -----------------------------------------------------------------------

function checkObject(where: string, options: unknown): Record<string, unknown> {
  if (options !== null && typeof options === 'object' && !ArrayIsArray(options)) {
    return options as Record<string, unknown>;
  }
  throw new TypeError(
    `${where}: the options are ${describe(options)}, but must be an object (or left out). Fix: e.g. ${where}({ device: 'quest-3' }).`,
  );
}

function checkNames(where: string, options: Record<string, unknown>, known: readonly string[]): void {
  const keys = ObjectKeys(options);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    if (ArrayPrototypeIncludes(known, key)) continue;
    const near = closest(key, known);
    throw new TypeError(
      `${where}: '${key}' is not an option (a misspelt option would silently keep its default); the options are ${ArrayPrototypeJoin(known, ', ')}. Fix: ${near ? `did you mean '${near}'?` : `remove '${key}'.`}`,
    );
  }
}

/** The scripted host's options (ScriptedHostOptions), each value checked. */
function checkScriptedHostValues(where: string, o: Record<string, unknown>): void {
  checkUrl(where, o.url);
  checkOrigin(where, o.origin);
  checkBoolean(where, 'secureContext', o.secureContext);
  checkPolicy(where, o.policy);
  checkConsent(where, o.consent);
  checkOneOf(where, 'sessionSupported', o.sessionSupported, ['granted', 'denied', 'unknown']);
  checkOneOf(where, 'clock', o.clock, ['real', 'manual']);
  checkFunction(where, 'random', o.random, 'Math.random');
  checkStorage(where, o.storage);
  checkBoolean(where, 'privateMode', o.privateMode);
  checkOneOf(where, 'immersiveIntent', o.immersiveIntent, ['explicit', 'implicit', 'none']);
  checkBoolean(where, 'isWindow', o.isWindow);
  checkBoolean(where, 'requireBaseLayer', o.requireBaseLayer);
  checkBoolean(where, 'presentsInDocument', o.presentsInDocument);
  checkPermissionStates(where, o.permissionStates);
  if (typeof o.interstitial !== 'function')
    checkOneOf(where, 'interstitial', o.interstitial, ['continue', 'leave']);
}

/** permissionStates: { microphone: 'granted', … } (the browser's own permission states). */
function checkPermissionStates(where: string, value: unknown): void {
  if (value === undefined) return;
  if (value === null || typeof value !== 'object') {
    throw invalid(
      where,
      'permissionStates',
      value,
      "an object of permission names to 'granted' | 'denied' | 'prompt'",
      "e.g. permissionStates: { microphone: 'granted' }.",
    );
  }
  const keys = ObjectKeys(value);
  for (let i = 0; i < keys.length; i++) {
    checkOneOf(where, `permissionStates.${keys[i]!}`, (value as Record<string, unknown>)[keys[i]!], [
      'granted',
      'denied',
      'prompt',
    ]);
  }
}

/**
 * With a host of one's own, the scripted host's options would be silently ignored: refused. `used`:
 * the options that still count.
 */
function checkNothingIgnored(where: string, o: Record<string, unknown>, used: readonly string[]): void {
  if (o.host === undefined) return;
  const keys = ObjectKeys(o);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    if (ArrayPrototypeIncludes(used, key) || o[key] === undefined) continue;
    throw new TypeError(
      `${where}: options.${key} has no effect with options.host (the host you pass answers for the document itself). Fix: leave out ${key}, or leave out host to have a scripted host built from ${key}.`,
    );
  }
}

/** Checks createUserAgent's options; throws a TypeError naming the first bad one. */
export function checkUserAgentOptions(options: unknown, where = 'createUserAgent'): void {
  if (options === undefined) return;
  const o = checkObject(where, options);
  const known: string[] = ArrayPrototypeMap(scriptedHostOptionNames, (n): string => n);
  for (let i = 0; i < userAgentOwnOptionNames.length; i++) {
    if (!ArrayPrototypeIncludes(known, userAgentOwnOptionNames[i]))
      ArrayPrototypePush(known, userAgentOwnOptionNames[i]!);
  }
  checkNames(where, o, known);
  checkDevice(where, o.device);
  checkProfile(where, o.profile);
  checkHost(where, o.host);
  checkFunction(where, 'reportError', o.reportError, '(e) => console.error(e)');
  checkOneOf(where, 'transport', o.transport, ['direct', 'channel']);
  checkScriptedHostValues(where, o);
  checkNothingIgnored(where, o, usedWithHost);
}

/** Checks the options of a user agent's openDocument(): a scripted host's, or a host. */
export function checkDocumentOptions(options: unknown, where = 'openDocument'): void {
  if (options === undefined) return;
  const o = checkObject(where, options);
  const known: string[] = ArrayPrototypeMap(scriptedHostOptionNames, (n): string => n);
  ArrayPrototypePush(known, 'host');
  checkNames(where, o, known);
  checkHost(where, o.host);
  checkScriptedHostValues(where, o);
  checkNothingIgnored(where, o, ['host']);
}

/** The host members checked (the Host interface's required ones), for the tests. */
export { hostMembers, policyFeatures };
