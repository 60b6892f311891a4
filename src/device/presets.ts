// Device presets: simulated headsets and a phone as developers know them, with the input profiles
// and gamepad layouts of the WebXR Input Profiles registry: each preset names one registry profile
// id; its fallbacks and layouts come from input-profiles.ts, generated from
// @webxr-input-profiles/registry (scripts/gen-input-profiles.mjs; test/device/input-profiles.test.ts
// and presets.test.ts check them against the installed registry). Shared by the script bundle, the
// Chromium extension's devtools panel, createUserAgent and device.json files (device-file.ts).
//
// What a preset fixes: the session modes, the features the device can support, the views (IPD,
// field of view, per-eye resolution), the frame rates, and the input: controllers (one gamepad
// layout per hand), tracked hands, or a hands-only device whose pinch makes a transient pointer.

import type { XRSessionMode } from '../policy/features.js';
import {
  ArrayPrototypeConcat,
  ArrayPrototypeMap,
  MathPI,
  MathTan,
  ObjectFreeze,
  ObjectHasOwn,
} from '../primordials.js';
import { simulatedHand } from './hand-model.js';
import { inputProfiles } from './input-profiles.js';
import {
  createPhoneAR,
  HEADSET_PLAY_AREA,
  pose,
  type SimulatedInputInit,
  SimulatedXRDevice,
  stereoViews,
} from './simulated.js';
import type { DeviceButton, DeviceView, XREnvironmentBlendMode } from './types.js';

export type DevicePresetName = 'quest-2' | 'quest-3' | 'quest-pro' | 'pico-4' | 'hands-only' | 'phone-ar';

/** A field of view in degrees from the view's centre: up, down, left and right. */
export interface FovDegrees {
  readonly up: number;
  readonly down: number;
  readonly left: number;
  readonly right: number;
}

/** What a headset's display shows each eye. */
export interface DisplaySpec {
  /** Interpupillary distance in metres. */
  readonly ipd: number;
  /** Vertical field of view in degrees (symmetric; the horizontal one follows from the aspect). */
  readonly fovY: number;
  /** An explicit (possibly asymmetric) field of view per eye, in degrees; replaces fovY. */
  readonly fov?: FovDegrees | undefined;
  /** Panel pixels per eye. */
  readonly width: number;
  readonly height: number;
}

/**
 * A whole simulated device as data: a preset, or a device.json file read by device-file.ts. The
 * overlay, the extension's panel and DeviceDriver work from it.
 */
export interface DeviceSpec {
  /** The preset's name, or the device file's `name`. */
  readonly name: string;
  readonly label: string;
  /** What the user holds: controllers (hands can be switched on), hands only, or a touch screen. */
  readonly input: 'controllers' | 'hands' | 'screen';
  readonly modes: readonly XRSessionMode[];
  /** Input profile ids, most specific first, for the left and right controller. */
  readonly controllerProfiles: readonly string[] | null;
  /** The gamepad's buttons in xr-standard order, per hand (null: no button at that index). */
  readonly buttons: {
    readonly left: readonly (string | null)[];
    readonly right: readonly (string | null)[];
  } | null;
  /** Frame rates the display supports, and the one a session starts at. */
  readonly frameRates: readonly number[];
  readonly nominalFrameRate: number;
  /** The views; null for a phone (one view of its screen). */
  readonly display: DisplaySpec | null;
  /** Height of the local origin above the floor, in metres. */
  readonly floorHeight: number;
  /** The play area's polygon on the floor (x, z in metres), or null where there is none. */
  readonly room: readonly (readonly [number, number])[] | null;
  /** The compositor's blend mode; null: the mode's default (opaque for VR, alpha-blend for AR). */
  readonly environmentBlendMode: XREnvironmentBlendMode | null;
}

export interface DevicePresetInfo extends DeviceSpec {
  readonly name: DevicePresetName;
}

/** [profile id, ...its fallbacks] as the registry lists them. */
export function profileChain(id: string): readonly string[] {
  const entry = inputProfiles[id]!;
  return ObjectFreeze(ArrayPrototypeConcat([id], entry.fallbacks));
}

/** The registry's gamepad buttons of a controller profile, per hand. */
export function profileButtons(id: string): DeviceSpec['buttons'] {
  const e = inputProfiles[id]!;
  const left = e.left ?? e.none;
  const right = e.right ?? e.none;
  return left && right ? ObjectFreeze({ left: left.buttons, right: right.buttons }) : null;
}

/** Whether `id` is a profile of the generated registry table. */
export const isKnownProfile = (id: unknown): id is string =>
  typeof id === 'string' && ObjectHasOwn(inputProfiles, id);

/** The hand-tracking profiles (registry: generic-hand, falling back to generic-hand-select). */
export const handProfiles: readonly string[] = profileChain('generic-hand');
/** A hands-only device's pinch: a transient pointer with one button (registry: generic-button). */
export const transientPointerProfiles: readonly string[] = profileChain('generic-button');

const square = (half: number): readonly (readonly [number, number])[] =>
  ObjectFreeze([
    ObjectFreeze([-half, -half] as const),
    ObjectFreeze([half, -half] as const),
    ObjectFreeze([half, half] as const),
    ObjectFreeze([-half, half] as const),
  ]);

function preset(
  name: DevicePresetName,
  label: string,
  input: DeviceSpec['input'],
  modes: readonly XRSessionMode[],
  profile: string | null,
  rates: readonly number[],
  nominal: number,
  display: readonly [number, number, number, number] | null,
): DevicePresetInfo {
  return ObjectFreeze({
    name,
    label,
    input,
    modes: ObjectFreeze(modes),
    controllerProfiles: profile ? profileChain(profile) : null,
    buttons: profile ? profileButtons(profile) : null,
    frameRates: ObjectFreeze(rates),
    nominalFrameRate: nominal,
    display: display
      ? ObjectFreeze({ ipd: display[0], fovY: display[1], width: display[2], height: display[3] })
      : null,
    floorHeight: 1.6,
    room: input === 'screen' ? null : square(1.5),
    environmentBlendMode: null,
  });
}

const VR_AR: readonly XRSessionMode[] = ['inline', 'immersive-vr', 'immersive-ar'];

// Per-eye display of each headset: IPD (m), vertical field of view (degrees), panel pixels per eye.
// Controller profiles: the registry's id for the headset's controllers; its fallbacks and layouts
// come from the registry (input-profiles.ts, generated).
export const devicePresets: Readonly<Record<DevicePresetName, DevicePresetInfo>> = ObjectFreeze({
  'quest-2': preset(
    'quest-2',
    'Meta Quest 2',
    'controllers',
    VR_AR,
    'oculus-touch-v3',
    [72, 90, 120],
    72,
    [0.063, 93, 1832, 1920],
  ),
  'quest-3': preset(
    'quest-3',
    'Meta Quest 3',
    'controllers',
    VR_AR,
    'meta-quest-touch-plus',
    [72, 90, 120],
    90,
    [0.064, 96, 2064, 2208],
  ),
  'quest-pro': preset(
    'quest-pro',
    'Meta Quest Pro',
    'controllers',
    VR_AR,
    'meta-quest-touch-pro',
    [72, 90],
    90,
    [0.064, 96, 1800, 1920],
  ),
  'pico-4': preset(
    'pico-4',
    'Pico 4',
    'controllers',
    ['inline', 'immersive-vr'],
    'pico-4',
    [72, 90],
    90,
    [0.062, 105, 2160, 2160],
  ),
  'hands-only': preset(
    'hands-only',
    'Hands-only headset (pinch: transient pointer)',
    'hands',
    VR_AR,
    null,
    [90],
    90,
    [0.063, 90, 1920, 1824],
  ),
  'phone-ar': preset(
    'phone-ar',
    'Phone (AR, touch screen)',
    'screen',
    ['inline', 'immersive-ar'],
    null,
    [60],
    60,
    null,
  ),
});

export const devicePresetNames: readonly DevicePresetName[] = ObjectFreeze([
  'quest-2',
  'quest-3',
  'quest-pro',
  'pico-4',
  'hands-only',
  'phone-ar',
] as DevicePresetName[]);

export function isDevicePresetName(name: unknown): name is DevicePresetName {
  return typeof name === 'string' && ObjectHasOwn(devicePresets, name);
}

function released(n: number): DeviceButton[] {
  const out: DeviceButton[] = [];
  for (let i = 0; i < n; i++) out[i] = ObjectFreeze({ pressed: false, touched: false, value: 0 });
  return out;
}

/** The world-sensing features of an AR-capable device (src/device/environment.ts rooms). */
const worldSensing = ['hit-test', 'plane-detection', 'mesh-detection'];

const capable = (spec: DeviceSpec): Partial<Record<XRSessionMode, readonly string[]>> => {
  // Every headset here tracks hands too (the user puts the controllers down).
  const immersive = [
    'viewer',
    'local',
    'local-floor',
    'bounded-floor',
    'unbounded',
    'secondary-views',
    'hand-tracking',
    // The WebXR Layers module: xrgate's compositor (src/api/layers) serves every immersive device.
    'layers',
  ];
  const out: Partial<Record<XRSessionMode, readonly string[]>> = {
    inline: ['viewer', 'local', 'local-floor'],
  };
  for (let i = 0; i < spec.modes.length; i++) {
    const m = spec.modes[i]!;
    if (m !== 'inline') out[m] = immersive;
  }
  // A headset with passthrough senses the room it is in (its environment: the living room).
  if (out['immersive-ar']) out['immersive-ar'] = ArrayPrototypeConcat(immersive, worldSensing);
  return out;
};

/** The controllers' default places, in the local space (a user standing, hands in front). */
export const defaultGrip = ObjectFreeze({ left: pose(-0.2, -0.45, -0.3), right: pose(0.2, -0.45, -0.3) });

/** The spec of a preset, or `spec` itself. */
const specOf = (d: DevicePresetName | DeviceSpec): DeviceSpec =>
  typeof d === 'string' ? devicePresets[d] : d;

/**
 * The input sources of a headset: its two controllers, or (`hands`, and always for a hands-only
 * device) the user's tracked hands. None for a phone (its touch screen makes transient 'screen'
 * sources).
 */
export function presetInputs(device: DevicePresetName | DeviceSpec, hands: boolean): SimulatedInputInit[] {
  const spec = specOf(device);
  if (spec.input === 'screen') return [];
  const useHands = spec.input === 'hands' || hands || !spec.buttons;
  const input = (handedness: 'left' | 'right'): SimulatedInputInit => {
    const grip = defaultGrip[handedness];
    if (useHands) {
      return {
        handedness,
        targetRayMode: 'tracked-pointer',
        profiles: handProfiles,
        gripOrigin: grip,
        pointerOrigin: grip,
        buttons: released(1),
        axes: [],
        hand: simulatedHand(handedness, 1.07),
      };
    }
    const layout = spec.buttons![handedness];
    return {
      handedness,
      targetRayMode: 'tracked-pointer',
      profiles: spec.controllerProfiles!,
      gripOrigin: grip,
      pointerOrigin: grip,
      buttons: released(layout.length),
      axes: [0, 0, 0, 0],
    };
  };
  return [input('left'), input('right')];
}

const RAD = MathPI / 180;

/** The views of a display: two eyes `ipd` apart, each with its field of view and panel. */
export function displayViews(d: DisplaySpec): DeviceView[] {
  const views = stereoViews(d.ipd, d.fovY, d.width, d.height);
  const fov = d.fov;
  if (!fov) return views;
  const tangents = ObjectFreeze({
    up: MathTan(fov.up * RAD),
    down: MathTan(fov.down * RAD),
    left: MathTan(fov.left * RAD),
    right: MathTan(fov.right * RAD),
  });
  return ArrayPrototypeMap(views, (v) => ({ ...v, fieldOfView: tangents }));
}

/**
 * A simulated device for a preset or a device spec (a device.json file), its input sources the
 * controllers or (`hands`) the user's tracked hands (always hands for a hands-only device).
 */
export function createPresetDevice(
  device: DevicePresetName | DeviceSpec,
  options: { hands?: boolean } = {},
): SimulatedXRDevice {
  const spec = specOf(device);
  const room = spec.room;
  if (spec.input === 'screen' || !spec.display) {
    return createPhoneAR({ id: `xrgate-${spec.name}` });
  }
  return new SimulatedXRDevice({
    id: `xrgate-${spec.name}`,
    supportedModes: spec.modes,
    capableFeatures: capable(spec),
    ...(spec.environmentBlendMode ? { environmentBlendMode: spec.environmentBlendMode } : {}),
    reportsOrientation: true,
    viewGeometry: 'calibrated',
    views: displayViews(spec.display),
    viewerOrigin: pose(0, 0, 0),
    floorOrigin: pose(0, -spec.floorHeight, 0),
    bounds: room ? ArrayPrototypeMap(room, (p) => ({ x: p[0], z: p[1] })) : null,
    inputSources: presetInputs(spec, options.hands === true),
    supportedFrameRates: spec.frameRates,
    nominalFrameRate: spec.nominalFrameRate,
  });
}

/**
 * xrgate's default headset (createHeadset) as a device spec, for the script bundle's driver: generic
 * controllers (the registry's generic-trigger-squeeze-thumbstick), a floor 1.7 m below the local
 * origin and the sensed play area HEADSET_PLAY_AREA (off the 5 cm grid, so that rounding shows).
 */
export const headsetSpec: DeviceSpec = ObjectFreeze({
  ...preset(
    'quest-3',
    'xrgate headset',
    'controllers',
    ['inline', 'immersive-vr'],
    'generic-trigger-squeeze-thumbstick',
    [72, 90, 120],
    90,
    [0.063, 100, 1832, 1920],
  ),
  name: 'headset',
  floorHeight: 1.7,
  room: ObjectFreeze(ArrayPrototypeMap(HEADSET_PLAY_AREA, (p) => ObjectFreeze([p.x, p.z] as const))),
});
