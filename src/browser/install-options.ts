// The options of install() and installXrgate(), checked before anything is installed: a value the
// installer cannot use is a TypeError naming the option, the value, the allowed values and the fix
// (as createUserAgent's options are, user-agent-options.ts). Also: the device an accepted `device`
// option stands for — a name (xrgate's simulated devices and the headset presets), a device.json
// file's data, a device backend of one's own, or null.

import { readDeviceFile } from '../device/device-file.js';
import { type DeviceState, defaultDeviceState, readDeviceState } from '../device/device-state.js';
import { devicePresetNames, headsetSpec, isDevicePresetName } from '../device/presets.js';
import type { XRDeviceBackend } from '../device/types.js';
import {
  ArrayIsArray,
  ArrayPrototypeConcat,
  ArrayPrototypeIncludes,
  ArrayPrototypeJoin,
  ArrayPrototypeMap,
  JSONStringify,
  ObjectKeys,
  StringPrototypeSlice,
  TypeError,
} from '../primordials.js';
import type { DevicePreset } from '../user-agent-core.js';

/** The device names install({ device }) and ?xrgate-device= take. */
export const installDeviceNames: readonly string[] = ArrayPrototypeConcat(
  ['headset', 'headset-hands', 'orientation-only', 'inline-desktop'],
  devicePresetNames,
);

const OPTIONS = [
  'profile',
  'prompt',
  'device',
  'testAPI',
  'host',
  'overlay',
  'persistConsent',
  'privateMode',
  'navigation',
];

const quoted = (names: readonly string[]) =>
  ArrayPrototypeJoin(
    ArrayPrototypeMap(names, (n) => `'${n}'`),
    ', ',
  );

function show(v: unknown): string {
  if (typeof v === 'string') return `'${v.length > 60 ? `${StringPrototypeSlice(v, 0, 57)}...` : v}'`;
  if (typeof v === 'function') return 'a function';
  if (ArrayIsArray(v)) return 'an array';
  if (v !== null && typeof v === 'object') return 'an object';
  if (typeof v === 'symbol' || typeof v === 'bigint') return `a ${typeof v}`;
  return JSONStringify(v) ?? 'undefined';
}

function invalid(option: string, value: unknown, allowed: string, fix: string): TypeError {
  return new TypeError(`install: options.${option} is ${show(value)}, but must be ${allowed}. Fix: ${fix}`);
}

function oneOf(option: string, value: unknown, allowed: readonly string[]): void {
  if (value === undefined || ArrayPrototypeIncludes(allowed, value)) return;
  throw invalid(option, value, `one of ${quoted(allowed)}`, `use one of those, or leave ${option} out.`);
}

function boolean(option: string, value: unknown): void {
  if (value === undefined || typeof value === 'boolean') return;
  throw invalid(option, value, 'true or false', `e.g. ${option}: true.`);
}

const isBackend = (v: unknown): boolean => {
  const d = v as { id?: unknown; supportedModes?: unknown; frame?: unknown; subscribe?: unknown };
  return (
    v !== null &&
    typeof v === 'object' &&
    typeof d.id === 'string' &&
    ArrayIsArray(d.supportedModes) &&
    typeof d.frame === 'function' &&
    typeof d.subscribe === 'function'
  );
};

/** Checks install()'s options; throws a TypeError naming the first bad one. */
export function checkInstallOptions(options: unknown): void {
  if (options === undefined) return;
  if (options === null || typeof options !== 'object' || ArrayIsArray(options))
    throw new TypeError(
      `install: the options are ${show(options)}, but must be an object (or left out). Fix: e.g. install({ device: 'quest-3' }).`,
    );
  const o = options as Record<string, unknown>;
  const keys = ObjectKeys(o);
  for (let i = 0; i < keys.length; i++) {
    if (!ArrayPrototypeIncludes(OPTIONS, keys[i]))
      throw new TypeError(
        `install: '${keys[i]}' is not an option (a misspelt option would silently keep its default); the options are ${ArrayPrototypeJoin(OPTIONS, ', ')}. Fix: remove or rename it.`,
      );
  }
  const profile = o.profile;
  if (
    profile !== undefined &&
    profile !== 'spec' &&
    profile !== 'strict' &&
    (profile === null || typeof profile !== 'object')
  )
    throw invalid(
      'profile',
      profile,
      "'spec', 'strict', or a profile made with defineProfile()",
      "pass 'spec' (the default) or 'strict'.",
    );
  if (o.prompt !== undefined && typeof o.prompt !== 'function')
    throw invalid(
      'prompt',
      o.prompt,
      'a consent provider: a function (question) => Promise<answer>',
      'leave prompt out for the default prompt, or pass createTrustedPrompt().',
    );
  const device = o.device;
  if (
    device !== undefined &&
    device !== null &&
    (typeof device !== 'object' || ArrayIsArray(device)) &&
    !ArrayPrototypeIncludes(installDeviceNames, device)
  )
    throw invalid(
      'device',
      device,
      `one of ${quoted(installDeviceNames)}, a device.json file's data, a device backend, or null`,
      "name a preset, e.g. device: 'quest-3'.",
    );
  if (device !== null && typeof device === 'object' && !ArrayIsArray(device) && !isBackend(device))
    readDeviceFileFor(device);
  boolean('testAPI', o.testAPI);
  if (o.host !== undefined && (o.host === null || typeof o.host !== 'object'))
    throw invalid(
      'host',
      o.host,
      'a host (an object with the members of the Host interface)',
      'leave host out: the page is the host.',
    );
  boolean('overlay', o.overlay);
  boolean('persistConsent', o.persistConsent);
  boolean('privateMode', o.privateMode);
  oneOf('navigation', o.navigation, ['same-origin']);
}

/** A device file read for options.device (its TypeError says which field, and that it came from the option). */
function readDeviceFileFor(value: unknown) {
  try {
    return readDeviceFile(value);
  } catch (e) {
    throw new TypeError(
      `install: options.device is an object but not a device backend (id, supportedModes, frame(), subscribe()) nor a valid device file: ${(e as Error).message}`,
    );
  }
}

/**
 * The device an accepted options.device stands for: `state` when xrgate drives it (a simulated
 * device the overlay and the automation API control), else `device` as assembleUserAgent takes it.
 */
export function installDevice(
  value: unknown,
  fallback: DevicePreset | null,
): { readonly state: DeviceState | null; readonly device: DevicePreset | XRDeviceBackend | null } {
  const v = value === undefined ? fallback : value;
  if (v === null) return { state: null, device: null };
  if (v === 'headset' || v === 'headset-hands')
    return {
      state: readDeviceState(
        { inputMode: v === 'headset' ? 'controllers' : 'hands' },
        defaultDeviceState('quest-3', headsetSpec),
      ),
      device: null,
    };
  if (isDevicePresetName(v)) return { state: defaultDeviceState(v), device: null };
  if (typeof v === 'string') return { state: null, device: v as DevicePreset };
  if (isBackend(v)) return { state: null, device: v as XRDeviceBackend };
  readDeviceFileFor(v);
  return { state: readDeviceState({ device: v }, defaultDeviceState()), device: null };
}
