// Device presets: simulated headsets and a phone as developers know them, with the input profiles
// and gamepad layouts of the WebXR Input Profiles registry (@webxr-input-profiles/registry; the
// test test/device/presets.test.ts checks every preset against it). Shared by the script bundle,
// the Chromium extension's devtools panel and createUserAgent.
//
// What a preset fixes: the session modes, the features the device can support, the views (IPD,
// field of view, per-eye resolution), the frame rates, and the input: controllers (one gamepad
// layout per hand), tracked hands, or a hands-only device whose pinch makes a transient pointer.

import type { XRSessionMode } from '../policy/features.js';
import { ArrayPrototypeConcat, ArrayPrototypeMap, ObjectFreeze, ObjectHasOwn } from '../primordials.js';
import { simulatedHand } from './hand-model.js';
import { createPhoneAR, pose, type SimulatedInputInit, SimulatedXRDevice, stereoViews } from './simulated.js';
import type { DeviceButton } from './types.js';

export type DevicePresetName = 'quest-2' | 'quest-3' | 'quest-pro' | 'pico-4' | 'hands-only' | 'phone-ar';

export interface DevicePresetInfo {
  readonly name: DevicePresetName;
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
}

const leftTouch = [
  'xr-standard-trigger',
  'xr-standard-squeeze',
  null,
  'xr-standard-thumbstick',
  'x-button',
  'y-button',
];
const rightTouch = [
  'xr-standard-trigger',
  'xr-standard-squeeze',
  null,
  'xr-standard-thumbstick',
  'a-button',
  'b-button',
];
// Meta's Touch controllers also have a thumbrest on both and a menu button on the left.
const metaLeft = [...leftTouch, 'thumbrest', 'menu'];
const metaRight = [...rightTouch, 'thumbrest'];

/** The hand-tracking profiles (registry: generic-hand, falling back to generic-hand-select). */
export const handProfiles: readonly string[] = ObjectFreeze(['generic-hand', 'generic-hand-select']);
/** A hands-only device's pinch: a transient pointer with one button (registry: generic-button). */
export const transientPointerProfiles: readonly string[] = ObjectFreeze(['generic-button']);

export const devicePresets: Readonly<Record<DevicePresetName, DevicePresetInfo>> = ObjectFreeze({
  'quest-2': ObjectFreeze({
    name: 'quest-2',
    label: 'Meta Quest 2',
    input: 'controllers',
    modes: ObjectFreeze(['inline', 'immersive-vr', 'immersive-ar'] as XRSessionMode[]),
    controllerProfiles: ObjectFreeze([
      'oculus-touch-v3',
      'oculus-touch-v2',
      'oculus-touch',
      'generic-trigger-squeeze-thumbstick',
    ]),
    buttons: ObjectFreeze({ left: ObjectFreeze(metaLeft), right: ObjectFreeze(metaRight) }),
    frameRates: ObjectFreeze([72, 90, 120]),
    nominalFrameRate: 72,
  }),
  'quest-3': ObjectFreeze({
    name: 'quest-3',
    label: 'Meta Quest 3',
    input: 'controllers',
    modes: ObjectFreeze(['inline', 'immersive-vr', 'immersive-ar'] as XRSessionMode[]),
    controllerProfiles: ObjectFreeze([
      'meta-quest-touch-plus',
      'oculus-touch-v3',
      'oculus-touch',
      'generic-trigger-squeeze-thumbstick',
    ]),
    buttons: ObjectFreeze({ left: ObjectFreeze(metaLeft), right: ObjectFreeze(metaRight) }),
    frameRates: ObjectFreeze([72, 90, 120]),
    nominalFrameRate: 90,
  }),
  'quest-pro': ObjectFreeze({
    name: 'quest-pro',
    label: 'Meta Quest Pro',
    input: 'controllers',
    modes: ObjectFreeze(['inline', 'immersive-vr', 'immersive-ar'] as XRSessionMode[]),
    controllerProfiles: ObjectFreeze([
      'meta-quest-touch-pro',
      'oculus-touch-v2',
      'oculus-touch',
      'generic-trigger-squeeze-thumbstick',
    ]),
    buttons: ObjectFreeze({ left: ObjectFreeze(metaLeft), right: ObjectFreeze(metaRight) }),
    frameRates: ObjectFreeze([72, 90]),
    nominalFrameRate: 90,
  }),
  'pico-4': ObjectFreeze({
    name: 'pico-4',
    label: 'Pico 4',
    input: 'controllers',
    modes: ObjectFreeze(['inline', 'immersive-vr'] as XRSessionMode[]),
    controllerProfiles: ObjectFreeze(['pico-4', 'generic-trigger-squeeze-thumbstick']),
    buttons: ObjectFreeze({ left: ObjectFreeze(leftTouch), right: ObjectFreeze(rightTouch) }),
    frameRates: ObjectFreeze([72, 90]),
    nominalFrameRate: 90,
  }),
  'hands-only': ObjectFreeze({
    name: 'hands-only',
    label: 'Hands-only headset (pinch: transient pointer)',
    input: 'hands',
    modes: ObjectFreeze(['inline', 'immersive-vr', 'immersive-ar'] as XRSessionMode[]),
    controllerProfiles: null,
    buttons: null,
    frameRates: ObjectFreeze([90]),
    nominalFrameRate: 90,
  }),
  'phone-ar': ObjectFreeze({
    name: 'phone-ar',
    label: 'Phone (AR, touch screen)',
    input: 'screen',
    modes: ObjectFreeze(['inline', 'immersive-ar'] as XRSessionMode[]),
    controllerProfiles: null,
    buttons: null,
    frameRates: ObjectFreeze([60]),
    nominalFrameRate: 60,
  }),
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

/** Per-eye display of each headset: IPD (m), vertical field of view (degrees), panel pixels per eye. */
const displays: Readonly<Record<string, readonly [number, number, number, number]>> = ObjectFreeze({
  'quest-2': [0.063, 93, 1832, 1920],
  'quest-3': [0.064, 96, 2064, 2208],
  'quest-pro': [0.064, 96, 1800, 1920],
  'pico-4': [0.062, 105, 2160, 2160],
  'hands-only': [0.063, 90, 1920, 1824],
});

function released(n: number): DeviceButton[] {
  const out: DeviceButton[] = [];
  for (let i = 0; i < n; i++) out[i] = ObjectFreeze({ pressed: false, touched: false, value: 0 });
  return out;
}

/** The world-sensing features of an AR-capable device (src/device/environment.ts rooms). */
const worldSensing = ['hit-test', 'plane-detection', 'mesh-detection'];

const capable = (info: DevicePresetInfo): Partial<Record<XRSessionMode, readonly string[]>> => {
  // Every headset here tracks hands too (the user puts the controllers down).
  const immersive = [
    'viewer',
    'local',
    'local-floor',
    'bounded-floor',
    'unbounded',
    'secondary-views',
    'hand-tracking',
  ];
  const out: Partial<Record<XRSessionMode, readonly string[]>> = {
    inline: ['viewer', 'local', 'local-floor'],
  };
  for (let i = 0; i < info.modes.length; i++) {
    const m = info.modes[i]!;
    if (m !== 'inline') out[m] = immersive;
  }
  // A headset with passthrough senses the room it is in (its environment: the living room).
  if (out['immersive-ar']) out['immersive-ar'] = ArrayPrototypeConcat(immersive, worldSensing);
  return out;
};

/** The controllers' default places, in the local space (a user standing, hands in front). */
export const defaultGrip = ObjectFreeze({ left: pose(-0.2, -0.45, -0.3), right: pose(0.2, -0.45, -0.3) });

/**
 * The input sources of a headset preset: its two controllers, or (`hands`, and always for
 * 'hands-only') the user's tracked hands. None for the phone (its touch screen makes transient
 * 'screen' sources).
 */
export function presetInputs(name: DevicePresetName, hands: boolean): SimulatedInputInit[] {
  const info = devicePresets[name];
  if (info.input === 'screen') return [];
  const useHands = info.input === 'hands' || hands;
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
    const layout = info.buttons![handedness];
    return {
      handedness,
      targetRayMode: 'tracked-pointer',
      profiles: info.controllerProfiles!,
      gripOrigin: grip,
      pointerOrigin: grip,
      buttons: released(layout.length),
      axes: [0, 0, 0, 0],
    };
  };
  return [input('left'), input('right')];
}

/**
 * A simulated device for the preset, its input sources the controllers or (`hands`) the user's
 * tracked hands (always hands for 'hands-only').
 */
export function createPresetDevice(
  name: DevicePresetName,
  options: { hands?: boolean } = {},
): SimulatedXRDevice {
  const info = devicePresets[name];
  if (name === 'phone-ar') return createPhoneAR({ id: 'xrgate-phone-ar' });
  const d = displays[name]!;
  return new SimulatedXRDevice({
    id: `xrgate-${name}`,
    supportedModes: info.modes,
    capableFeatures: capable(info),
    reportsOrientation: true,
    viewGeometry: 'calibrated',
    views: stereoViews(d[0], d[1], d[2], d[3]),
    viewerOrigin: pose(0, 0, 0),
    floorOrigin: pose(0, -1.6, 0),
    bounds: [
      { x: -1.5, z: -1.5 },
      { x: 1.5, z: -1.5 },
      { x: 1.5, z: 1.5 },
      { x: -1.5, z: 1.5 },
    ],
    inputSources: presetInputs(name, options.hands === true),
    supportedFrameRates: info.frameRates,
    nominalFrameRate: info.nominalFrameRate,
  });
}
