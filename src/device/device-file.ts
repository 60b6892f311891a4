// device.json: a simulated device described in a file (issue 14), for Node
// (createUserAgent({ device: json }) or deviceFromJSON(json)), the script bundle
// (install({ device: json }), ?xrgate-device=<same-origin URL of the file>) and the overlay. A file
// starts from a preset (`preset`, default 'quest-3') and replaces what it names: the display (IPD,
// field of view, panel pixels), frame rates, floor height, room polygon, input (controllers with a
// registry profile, hands, or a touch screen), session modes and blend mode. Controller profiles are
// the registry's (input-profiles.ts): a file cannot name a profile the registry does not know.
//
// A file is data from outside: every field is read as an own data property and checked; the first
// bad field is a TypeError naming it, its value, what is allowed, and the fix.

import type { XRSessionMode } from '../policy/features.js';
import {
  ArrayIsArray,
  ArrayPrototypeIncludes,
  ArrayPrototypeJoin,
  JSONParse,
  JSONStringify,
  NumberIsFinite,
  NumberIsInteger,
  NumberNaN,
  ObjectFreeze,
  ObjectGetOwnPropertyDescriptor,
  ObjectHasOwn,
  ObjectKeys,
  StringPrototypeSlice,
  TypeError,
} from '../primordials.js';
import { inputProfiles } from './input-profiles.js';
import {
  createPresetDevice,
  type DeviceSpec,
  type DisplaySpec,
  devicePresetNames,
  devicePresets,
  type FovDegrees,
  isDevicePresetName,
  profileButtons,
  profileChain,
} from './presets.js';
import type { SimulatedXRDevice } from './simulated.js';
import type { XREnvironmentBlendMode } from './types.js';

/** The `format` field of a device file. */
export const DEVICE_FILE_FORMAT = 'xrgate-device';

/** A device.json file as written (every field optional but `format`). */
export interface DeviceFile {
  readonly format: typeof DEVICE_FILE_FORMAT;
  readonly version?: 1;
  /** The preset the file starts from (default 'quest-3'). */
  readonly preset?: string;
  readonly name?: string;
  readonly label?: string;
  readonly modes?: readonly XRSessionMode[];
  readonly input?: 'controllers' | 'hands' | 'screen';
  /** The controllers' input profile (a registry id, e.g. 'oculus-touch-v3'). */
  readonly controllerProfile?: string;
  readonly display?: Partial<DisplaySpec>;
  readonly frameRates?: readonly number[];
  readonly frameRate?: number;
  readonly floorHeight?: number;
  readonly room?: readonly (readonly [number, number])[] | null;
  readonly environmentBlendMode?: XREnvironmentBlendMode;
}

const FIELDS = [
  'format',
  'version',
  'preset',
  'name',
  'label',
  'modes',
  'input',
  'controllerProfile',
  'display',
  'frameRates',
  'frameRate',
  'floorHeight',
  'room',
  'environmentBlendMode',
];
const DISPLAY_FIELDS = ['ipd', 'fovY', 'fov', 'width', 'height'];
const FOV_FIELDS = ['up', 'down', 'left', 'right'];
const MODES = ['inline', 'immersive-vr', 'immersive-ar'];
const BLEND = ['opaque', 'additive', 'alpha-blend'];

function own(o: unknown, key: string): unknown {
  if (o === null || typeof o !== 'object') return undefined;
  const d = ObjectGetOwnPropertyDescriptor(o, key);
  return d !== undefined && ObjectHasOwn(d, 'value') ? d.value : undefined;
}

function show(v: unknown): string {
  if (typeof v === 'function' || typeof v === 'symbol' || typeof v === 'bigint') return typeof v;
  let text: string | undefined;
  try {
    text = JSONStringify(v);
  } catch {
    text = undefined;
  }
  if (text === undefined) return 'undefined';
  return text.length > 60 ? `${StringPrototypeSlice(text, 0, 57)}...` : text;
}

const list = (names: readonly string[]) => ArrayPrototypeJoin(names, ', ');

function bad(field: string, value: unknown, allowed: string): TypeError {
  return new TypeError(
    `device.json: ${field} is ${show(value)}, but must be ${allowed}. Fix: correct ${field}, or leave it out to keep the preset's value.`,
  );
}

function checkKeys(where: string, o: object, known: readonly string[]): void {
  const keys = ObjectKeys(o);
  for (let i = 0; i < keys.length; i++) {
    if (!ArrayPrototypeIncludes(known, keys[i]))
      throw new TypeError(
        `device.json: ${where}${keys[i]} is not a field (a misspelt field would silently keep the preset's value); the fields are ${list(known)}. Fix: remove or rename it.`,
      );
  }
}

function number(field: string, v: unknown, lo: number, hi: number, integer = false): number {
  if (typeof v !== 'number' || !NumberIsFinite(v) || v < lo || v > hi || (integer && !NumberIsInteger(v)))
    throw bad(field, v, `${integer ? 'an integer' : 'a number'} from ${lo} to ${hi}`);
  return v;
}

function oneOf<T extends string>(field: string, v: unknown, allowed: readonly string[]): T {
  if (typeof v !== 'string' || !ArrayPrototypeIncludes(allowed, v))
    throw bad(field, v, `one of ${list(allowed)}`);
  return v as T;
}

function readFov(v: unknown): FovDegrees {
  if (v === null || typeof v !== 'object' || ArrayIsArray(v))
    throw bad('display.fov', v, 'an object { up, down, left, right } in degrees');
  checkKeys('display.fov.', v, FOV_FIELDS);
  return ObjectFreeze({
    up: number('display.fov.up', own(v, 'up'), 1, 89),
    down: number('display.fov.down', own(v, 'down'), 1, 89),
    left: number('display.fov.left', own(v, 'left'), 1, 89),
    right: number('display.fov.right', own(v, 'right'), 1, 89),
  });
}

function readDisplay(v: unknown, base: DisplaySpec): DisplaySpec {
  if (v === null || typeof v !== 'object' || ArrayIsArray(v))
    throw bad('display', v, 'an object { ipd, fovY, fov, width, height }');
  checkKeys('display.', v, DISPLAY_FIELDS);
  const field = (k: string, lo: number, hi: number, fallback: number, integer = false) => {
    const x = own(v, k);
    return x === undefined ? fallback : number(`display.${k}`, x, lo, hi, integer);
  };
  const fov = own(v, 'fov');
  return ObjectFreeze({
    ipd: field('ipd', 0.04, 0.09, base.ipd),
    fovY: field('fovY', 30, 170, base.fovY),
    fov: fov === undefined ? base.fov : readFov(fov),
    width: field('width', 16, 8192, base.width, true),
    height: field('height', 16, 8192, base.height, true),
  });
}

function readRoom(v: unknown): DeviceSpec['room'] {
  if (v === null) return null;
  const allowed = 'null or a list of 3 to 64 [x, z] points in metres (-50 to 50)';
  if (!ArrayIsArray(v) || v.length < 3 || v.length > 64) throw bad('room', v, allowed);
  const out: (readonly [number, number])[] = [];
  for (let i = 0; i < v.length; i++) {
    const p = own(v, `${i}`);
    if (!ArrayIsArray(p) || p.length !== 2) throw bad(`room[${i}]`, p, 'an [x, z] point');
    out[i] = ObjectFreeze([
      number(`room[${i}][0]`, own(p, '0'), -50, 50),
      number(`room[${i}][1]`, own(p, '1'), -50, 50),
    ] as const);
  }
  return ObjectFreeze(out);
}

/**
 * The device a device.json file describes (text or parsed JSON), or a TypeError naming the first
 * bad field.
 */
export function readDeviceFile(json: unknown): DeviceSpec {
  let data = json;
  if (typeof json === 'string') {
    try {
      data = JSONParse(json);
    } catch {
      throw new TypeError('device.json: the file is not JSON. Fix: check it with a JSON validator.');
    }
  }
  if (data === null || typeof data !== 'object' || ArrayIsArray(data))
    throw new TypeError(
      `device.json: the file holds ${show(data)}, but must hold an object. Fix: { "format": "${DEVICE_FILE_FORMAT}", ... }.`,
    );
  const format = own(data, 'format');
  if (format !== DEVICE_FILE_FORMAT) throw bad('format', format, `"${DEVICE_FILE_FORMAT}"`);
  checkKeys('', data, FIELDS);
  const version = own(data, 'version');
  if (version !== undefined && version !== 1)
    throw bad('version', version, '1 (the only version this xrgate reads)');
  const presetName = own(data, 'preset') ?? 'quest-3';
  if (!isDevicePresetName(presetName)) throw bad('preset', presetName, `one of ${list(devicePresetNames)}`);
  const base = devicePresets[presetName];
  const name = own(data, 'name') ?? 'custom';
  if (typeof name !== 'string' || name.length < 1 || name.length > 40)
    throw bad('name', name, 'a string of 1 to 40 characters');
  const label = own(data, 'label') ?? name;
  if (typeof label !== 'string' || label.length > 80)
    throw bad('label', label, 'a string of up to 80 characters');
  const input: DeviceSpec['input'] =
    own(data, 'input') === undefined
      ? base.input
      : oneOf('input', own(data, 'input'), ['controllers', 'hands', 'screen']);
  let modes = base.modes;
  const m = own(data, 'modes');
  if (m !== undefined) {
    if (!ArrayIsArray(m) || m.length < 1) throw bad('modes', m, `a non-empty list of ${list(MODES)}`);
    const out: XRSessionMode[] = ['inline'];
    for (let i = 0; i < m.length; i++) {
      const mode = oneOf<XRSessionMode>(`modes[${i}]`, own(m, `${i}`), MODES);
      if (!ArrayPrototypeIncludes(out, mode)) out[out.length] = mode;
    }
    modes = ObjectFreeze(out);
  }
  let profiles = base.controllerProfiles;
  let buttons = base.buttons;
  const profile = own(data, 'controllerProfile');
  if (profile !== undefined) {
    const known = ObjectKeys(inputProfiles);
    if (typeof profile !== 'string' || !ObjectHasOwn(inputProfiles, profile) || !profileButtons(profile))
      throw bad(
        'controllerProfile',
        profile,
        `a controller profile of the WebXR input profiles registry: one of ${list(known)}`,
      );
    profiles = profileChain(profile);
    buttons = profileButtons(profile);
  }
  if (input === 'controllers' && !buttons)
    throw bad(
      'controllerProfile',
      profile,
      `a controller profile (the preset '${base.name}' has no controllers)`,
    );
  const displayIn = own(data, 'display');
  const baseDisplay = base.display ?? devicePresets['quest-3'].display!;
  const display =
    input === 'screen'
      ? null
      : displayIn === undefined
        ? (base.display ?? baseDisplay)
        : readDisplay(displayIn, baseDisplay);
  let frameRates = base.frameRates;
  const rates = own(data, 'frameRates');
  if (rates !== undefined) {
    if (!ArrayIsArray(rates) || rates.length < 1 || rates.length > 8)
      throw bad('frameRates', rates, 'a list of 1 to 8 frame rates in Hz');
    const out: number[] = [];
    for (let i = 0; i < rates.length; i++) out[i] = number(`frameRates[${i}]`, own(rates, `${i}`), 1, 240);
    frameRates = ObjectFreeze(out);
  }
  const rate = own(data, 'frameRate');
  const nominal: number =
    typeof rate === 'number'
      ? rate
      : rate === undefined
        ? ArrayPrototypeIncludes(frameRates, base.nominalFrameRate)
          ? base.nominalFrameRate
          : frameRates[0]!
        : NumberNaN;
  if (!ArrayPrototypeIncludes(frameRates, nominal))
    throw bad('frameRate', rate, `one of frameRates (${list(frameRates as unknown as string[])})`);
  const floor = own(data, 'floorHeight');
  const room = own(data, 'room');
  const blend = own(data, 'environmentBlendMode');
  return ObjectFreeze({
    name,
    label,
    input,
    modes,
    controllerProfiles: input === 'controllers' ? profiles : null,
    buttons: input === 'controllers' ? buttons : null,
    frameRates,
    nominalFrameRate: nominal,
    display,
    floorHeight: floor === undefined ? base.floorHeight : number('floorHeight', floor, 0, 3),
    room: input === 'screen' ? null : room === undefined ? base.room : readRoom(room),
    environmentBlendMode:
      blend === undefined ? null : oneOf<XREnvironmentBlendMode>('environmentBlendMode', blend, BLEND),
  });
}

/** Whether `v` looks like a device file (an object whose format is "xrgate-device"). */
export function isDeviceFile(v: unknown): boolean {
  return own(v, 'format') === DEVICE_FILE_FORMAT;
}

/**
 * The simulated device a device.json file describes (its text or parsed JSON), to pass to
 * createUserAgent({ device }) or connect yourself; a TypeError names the first bad field.
 */
export function deviceFromJSON(json: unknown): SimulatedXRDevice {
  return createPresetDevice(readDeviceFile(json));
}
