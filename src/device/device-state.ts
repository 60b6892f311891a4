// The simulated device's state as plain data: what the Chromium extension's devtools panel edits,
// what its service worker holds once for the browser, what input recordings replay, and what each
// document's user-agent side applies to its SimulatedXRDevice (DeviceDriver). Every value read
// from a message or a recording file is checked (readDeviceState): a bad field keeps its
// previous value.

import {
  ArrayIsArray,
  ArrayPrototypeIncludes,
  JSONStringify,
  MathMax,
  MathMin,
  MathSqrt,
  NumberIsFinite,
  ObjectFreeze,
  ObjectGetOwnPropertyDescriptor,
  ObjectHasOwn,
} from '../primordials.js';
import { isDeviceFile, readDeviceFile } from './device-file.js';
import { builtInEnvironmentList } from './environment.js';
import { type HandGesture, simulatedHand } from './hand-model.js';
import {
  createPresetDevice,
  type DevicePresetName,
  type DeviceSpec,
  defaultGrip,
  devicePresets,
  displayViews,
  isDevicePresetName,
  presetInputs,
  transientPointerProfiles,
} from './presets.js';
import { pose, type SimulatedInputSource, type SimulatedXRDevice } from './simulated.js';
import type { DeviceButton, RigidPose, XRVisibilityState } from './types.js';

export type Vec3T = readonly [number, number, number];
export type QuatT = readonly [number, number, number, number];

export interface PoseState {
  readonly position: Vec3T;
  readonly orientation: QuatT;
}

export interface ButtonState {
  readonly pressed: boolean;
  readonly touched: boolean;
  readonly value: number;
}

export interface ControllerState {
  readonly connected: boolean;
  readonly pose: PoseState;
  /** In the preset's gamepad order (xr-standard: trigger, squeeze, touchpad, thumbstick, …). */
  readonly buttons: readonly ButtonState[];
  /** Thumbstick x and y (the gamepad's axes 2 and 3). */
  readonly thumbstick: readonly [number, number];
}

export interface HandState {
  readonly connected: boolean;
  readonly pose: PoseState;
  readonly gesture: HandGesture;
}

export interface DeviceState {
  /** The preset; with `device`, the preset its file started from. */
  readonly preset: DevicePresetName;
  /** A device of one's own (a device.json file, read): it replaces the preset's description. */
  readonly device?: DeviceSpec | undefined;
  /** Controllers or tracked hands (a hands-only preset always has hands). */
  readonly inputMode: 'controllers' | 'hands';
  readonly visibility: XRVisibilityState;
  /** The headset in the local space. */
  readonly headset: PoseState;
  /** Height of the local origin above the floor, in metres (the raw value; pages see it rounded). */
  readonly floorHeight: number;
  /** The play area's polygon on the floor (x, z in metres), or null where there is none. */
  readonly room: readonly (readonly [number, number])[] | null;
  /**
   * The room the device senses (issue 13): a built-in room's name (src/device/environment.ts
   * builtInEnvironmentList), whose surfaces its hit tests, planes, meshes and depth see; or null.
   * An AR-capable device starts in the living room, any other in none.
   */
  readonly environment: string | null;
  readonly controllers: { readonly left: ControllerState; readonly right: ControllerState };
  readonly hands: { readonly left: HandState; readonly right: HandState };
}

const identityQ: QuatT = [0, 0, 0, 1];

function poseOf(p: RigidPose): PoseState {
  return {
    position: [p.position.x, p.position.y, p.position.z],
    orientation: [p.orientation.x, p.orientation.y, p.orientation.z, p.orientation.w],
  };
}

/** The description of the device a state is for: its own device, or its preset's. */
export const specOf = (s: {
  readonly preset: DevicePresetName;
  readonly device?: DeviceSpec | undefined;
}): DeviceSpec => s.device ?? devicePresets[s.preset];

/** The state of a device as it starts: a preset's, or (`device`) a device file's on that preset. */
export function defaultDeviceState(preset: DevicePresetName = 'quest-3', device?: DeviceSpec): DeviceState {
  const info = device ?? devicePresets[preset];
  const buttons = (hand: 'left' | 'right'): ButtonState[] => {
    const layout = info.buttons ? info.buttons[hand] : [];
    const out: ButtonState[] = [];
    for (let i = 0; i < layout.length; i++) out[i] = { pressed: false, touched: false, value: 0 };
    return out;
  };
  const controller = (hand: 'left' | 'right'): ControllerState => ({
    connected: info.input === 'controllers',
    pose: poseOf(defaultGrip[hand]),
    buttons: buttons(hand),
    thumbstick: [0, 0],
  });
  const handState = (hand: 'left' | 'right'): HandState => ({
    connected: info.input !== 'screen',
    pose: poseOf(defaultGrip[hand]),
    gesture: 'open',
  });
  return {
    preset,
    ...(device ? { device } : {}),
    inputMode: info.input === 'hands' ? 'hands' : 'controllers',
    visibility: 'visible',
    headset: { position: [0, 0, 0], orientation: identityQ },
    floorHeight: info.floorHeight,
    room: info.room,
    environment: ArrayPrototypeIncludes(info.modes, 'immersive-ar') ? 'living-room' : null,
    controllers: { left: controller('left'), right: controller('right') },
    hands: { left: handState('left'), right: handState('right') },
  };
}

// --- reading hostile data -------------------------------------------------------------------

function own(o: unknown, key: string): unknown {
  if (o === null || typeof o !== 'object') return undefined;
  const d = ObjectGetOwnPropertyDescriptor(o, key);
  return d !== undefined && ObjectHasOwn(d, 'value') ? d.value : undefined;
}

function num(v: unknown, fallback: number, lo: number, hi: number): number {
  return typeof v === 'number' && NumberIsFinite(v) ? MathMin(hi, MathMax(lo, v)) : fallback;
}

function bool(v: unknown, fallback: boolean): boolean {
  return typeof v === 'boolean' ? v : fallback;
}

function vec(v: unknown, fallback: Vec3T, limit: number): Vec3T {
  if (!ArrayIsArray(v) || v.length !== 3) return fallback;
  return [
    num(own(v, '0'), fallback[0], -limit, limit),
    num(own(v, '1'), fallback[1], -limit, limit),
    num(own(v, '2'), fallback[2], -limit, limit),
  ];
}

function quat(v: unknown, fallback: QuatT): QuatT {
  if (!ArrayIsArray(v) || v.length !== 4) return fallback;
  const x = num(own(v, '0'), NaN, -1, 1);
  const y = num(own(v, '1'), NaN, -1, 1);
  const z = num(own(v, '2'), NaN, -1, 1);
  const w = num(own(v, '3'), NaN, -1, 1);
  const n = MathSqrt(x * x + y * y + z * z + w * w);
  if (!NumberIsFinite(n) || n < 1e-6) return fallback;
  return [x / n, y / n, z / n, w / n];
}

function readPose(v: unknown, fallback: PoseState): PoseState {
  if (v === undefined) return fallback;
  return {
    position: vec(own(v, 'position'), fallback.position, 100),
    orientation: quat(own(v, 'orientation'), fallback.orientation),
  };
}

function readButtons(v: unknown, fallback: readonly ButtonState[]): readonly ButtonState[] {
  if (!ArrayIsArray(v)) return fallback;
  const out: ButtonState[] = [];
  for (let i = 0; i < fallback.length; i++) {
    const b = own(v, `${i}`);
    const f = fallback[i]!;
    const value = num(own(b, 'value'), f.value, 0, 1);
    out[i] = {
      pressed: bool(own(b, 'pressed'), f.pressed),
      touched: bool(own(b, 'touched'), f.touched),
      value,
    };
  }
  return out;
}

function readController(v: unknown, f: ControllerState): ControllerState {
  if (v === undefined) return f;
  const stick = own(v, 'thumbstick');
  return {
    connected: bool(own(v, 'connected'), f.connected),
    pose: readPose(own(v, 'pose'), f.pose),
    buttons: readButtons(own(v, 'buttons'), f.buttons),
    thumbstick: ArrayIsArray(stick)
      ? [num(own(stick, '0'), f.thumbstick[0], -1, 1), num(own(stick, '1'), f.thumbstick[1], -1, 1)]
      : f.thumbstick,
  };
}

function readHand(v: unknown, f: HandState): HandState {
  if (v === undefined) return f;
  const g = own(v, 'gesture');
  return {
    connected: bool(own(v, 'connected'), f.connected),
    pose: readPose(own(v, 'pose'), f.pose),
    gesture: g === 'open' || g === 'pinch' || g === 'point' ? g : f.gesture,
  };
}

function readRoom(v: unknown, f: DeviceState['room']): DeviceState['room'] {
  if (v === null) return null;
  if (!ArrayIsArray(v)) return f;
  if (v.length < 3 || v.length > 64) return f;
  const out: (readonly [number, number])[] = [];
  for (let i = 0; i < v.length; i++) {
    const p = own(v, `${i}`);
    if (!ArrayIsArray(p) || p.length !== 2) return f;
    const x = own(p, '0');
    const z = own(p, '1');
    if (typeof x !== 'number' || typeof z !== 'number' || !NumberIsFinite(x) || !NumberIsFinite(z)) return f;
    out[i] = [MathMin(50, MathMax(-50, x)), MathMin(50, MathMax(-50, z))];
  }
  return out;
}

/** A built-in room's name, or null (none); anything else keeps `f`. */
function readEnvironment(v: unknown, f: string | null): string | null {
  if (v === null) return null;
  if (typeof v !== 'string') return f;
  for (let i = 0; i < builtInEnvironmentList.length; i++) if (builtInEnvironmentList[i]!.name === v) return v;
  return f;
}

/**
 * `patch` (any value: a panel's message, a recording's frame) applied over `base`: each field that
 * is present and valid replaces the base's; a different preset starts from that preset's defaults.
 */
export function readDeviceState(patch: unknown, base: DeviceState): DeviceState {
  const p = own(patch, 'preset');
  const file = own(patch, 'device');
  let start = base;
  // A device of one's own (a device file, or the description a recording carries) replaces the
  // preset; the same device again (a recording made on it) keeps it, since a new one would end its
  // sessions; a bad one keeps the device as it was.
  let spec: DeviceSpec | null = null;
  if (file !== undefined && (isDeviceFile(file) || isSpecLike(file))) {
    try {
      spec = readDeviceFile(isDeviceFile(file) ? file : specAsFile(file));
    } catch {
      spec = null;
    }
  }
  if (spec) {
    const was = specOf(base);
    if (
      was.display &&
      spec.display &&
      JSONStringify({ ...was, display: null }) === JSONStringify({ ...spec, display: null })
    )
      // The same headset with another display (IPD, field of view): everything else stays.
      start = ObjectFreeze({ ...base, device: spec });
    else if (!base.device || JSONStringify(spec) !== JSONStringify(base.device))
      start = defaultDeviceState(isDevicePresetName(p) ? p : base.preset, spec);
  } else if (isDevicePresetName(p) && (p !== base.preset || base.device)) start = defaultDeviceState(p);
  const info = specOf(start);
  const mode = own(patch, 'inputMode');
  const vis = own(patch, 'visibility');
  const controllers = own(patch, 'controllers');
  const hands = own(patch, 'hands');
  return ObjectFreeze({
    preset: start.preset,
    ...(start.device ? { device: start.device } : {}),
    inputMode:
      info.input === 'hands'
        ? 'hands'
        : info.input === 'screen'
          ? 'controllers'
          : mode === 'hands' || mode === 'controllers'
            ? mode
            : start.inputMode,
    visibility: vis === 'visible' || vis === 'visible-blurred' || vis === 'hidden' ? vis : start.visibility,
    headset: readPose(own(patch, 'headset'), start.headset),
    floorHeight: num(own(patch, 'floorHeight'), start.floorHeight, 0, 3),
    room: ObjectHasOwn(patch ?? {}, 'room') ? readRoom(own(patch, 'room'), start.room) : start.room,
    environment: ObjectHasOwn(patch ?? {}, 'environment')
      ? readEnvironment(own(patch, 'environment'), start.environment)
      : start.environment,
    controllers: {
      left: readController(own(controllers, 'left'), start.controllers.left),
      right: readController(own(controllers, 'right'), start.controllers.right),
    },
    hands: {
      left: readHand(own(hands, 'left'), start.hands.left),
      right: readHand(own(hands, 'right'), start.hands.right),
    },
  });
}

/** A DeviceSpec as plain data (a recording's first frame carries the device it was made on). */
function isSpecLike(v: unknown): boolean {
  return (
    typeof own(v, 'name') === 'string' &&
    typeof own(v, 'input') === 'string' &&
    own(v, 'format') === undefined
  );
}

/** A DeviceSpec's fields as a device file's, so that one reader checks both. */
function specAsFile(v: unknown): unknown {
  const profiles = own(v, 'controllerProfiles');
  const rate = own(v, 'nominalFrameRate');
  const blend = own(v, 'environmentBlendMode');
  const display = own(v, 'display');
  const fov = own(display, 'fov');
  return {
    format: 'xrgate-device',
    name: own(v, 'name'),
    label: own(v, 'label'),
    modes: own(v, 'modes'),
    input: own(v, 'input'),
    ...(ArrayIsArray(profiles) ? { controllerProfile: own(profiles, '0') } : {}),
    ...(display
      ? {
          display: {
            ipd: own(display, 'ipd'),
            fovY: own(display, 'fovY'),
            width: own(display, 'width'),
            height: own(display, 'height'),
            ...(fov ? { fov } : {}),
          },
        }
      : {}),
    frameRates: own(v, 'frameRates'),
    ...(rate !== undefined ? { frameRate: rate } : {}),
    floorHeight: own(v, 'floorHeight'),
    room: own(v, 'room'),
    ...(blend ? { environmentBlendMode: blend } : {}),
  };
}

// --- applying it to a device ----------------------------------------------------------------

const rigid = (p: PoseState): RigidPose =>
  pose(p.position[0], p.position[1], p.position[2], [
    p.orientation[0],
    p.orientation[1],
    p.orientation[2],
    p.orientation[3],
  ]);

/** Pressed threshold of a trigger or squeeze given only its value (xr-standard: a full press). */
const PRESS = 0.5;

/**
 * Drives one SimulatedXRDevice from DeviceState values: poses, the gamepad, hands and gestures,
 * the room, visibility. A change of preset or input mode makes a new device (`device` changes; the
 * caller connects it in place of the old one). Presses become the select and squeeze actions a
 * real device reports (trigger: select; squeeze button: squeeze; a pinch: select, and on a
 * hands-only device a transient pointer that exists while the pinch lasts).
 */
export class DeviceDriver {
  #device: SimulatedXRDevice;
  #state: DeviceState;
  #transient: (SimulatedInputSource | null)[] = [null, null];

  constructor(state: DeviceState = defaultDeviceState()) {
    this.#state = state;
    this.#device = this.#make(state);
    this.#applyAll(state, null);
  }

  get device(): SimulatedXRDevice {
    return this.#device;
  }

  get state(): DeviceState {
    return this.#state;
  }

  #make(s: DeviceState): SimulatedXRDevice {
    return createPresetDevice(specOf(s), { hands: s.inputMode === 'hands' });
  }

  /**
   * Applies `next`; returns true when the device was replaced (another preset: a different
   * headset, so a running session ends as with a real device change). Switching between controllers
   * and hands keeps the device: its controllers go and the hands come (inputsourceschange).
   */
  apply(next: DeviceState): boolean {
    const prev = this.#state;
    this.#state = next;
    if (next.preset !== prev.preset || next.device !== prev.device) {
      // Only the display changed (IPD, field of view): the same headset shows new views.
      const a = specOf(prev);
      const b = specOf(next);
      if (
        a.display &&
        b.display &&
        JSONStringify({ ...a, display: null }) === JSONStringify({ ...b, display: null })
      ) {
        this.#device.setViews(displayViews(b.display));
        this.#applyAll(next, prev);
        return false;
      }
      this.#device = this.#make(next);
      this.#transient = [null, null];
      this.#applyAll(next, null);
      return true;
    }
    if (next.inputMode !== prev.inputMode) {
      const d = this.#device;
      const old = d.inputSources;
      for (let i = 0; i < old.length; i++) d.removeInputSource(old[i]!);
      this.#transient = [null, null];
      const inits = presetInputs(specOf(next), next.inputMode === 'hands');
      for (let i = 0; i < inits.length; i++) d.addInputSource(inits[i]!);
      this.#applyAll(next, null);
      return false;
    }
    this.#applyAll(next, prev);
    return false;
  }

  #applyAll(s: DeviceState, prev: DeviceState | null): void {
    const d = this.#device;
    d.setViewerOrigin(rigid(s.headset));
    if (specOf(s).input !== 'screen') {
      d.setFloorOrigin(pose(0, -s.floorHeight, 0));
      const room = s.room;
      if (room === null) d.setBounds(null);
      else {
        const pts: { x: number; z: number }[] = [];
        for (let i = 0; i < room.length; i++) pts[i] = { x: room[i]![0], z: room[i]![1] };
        d.setBounds(pts);
      }
    }
    // The room it senses: set when the state names another one than the device's (a new device
    // starts in its own default room).
    if (prev === null || prev.environment !== s.environment) {
      const env = d.environment;
      if ((env === null ? null : env.name) !== s.environment) d.setEnvironment(s.environment);
    }
    if (d.visibilityState !== s.visibility) d.setVisibility(s.visibility);
    const sources = d.inputSources;
    const sides = ['left', 'right'] as const;
    for (let i = 0; i < sides.length; i++) {
      const side = sides[i]!;
      let src: SimulatedInputSource | undefined;
      for (let k = 0; k < sources.length; k++) {
        const candidate = sources[k]!;
        if (candidate.state.handedness === side && candidate.state.targetRayMode === 'tracked-pointer')
          src = candidate;
      }
      if (!src) continue;
      if (s.inputMode === 'hands') this.#applyHand(i, src, s.hands[side], prev ? prev.hands[side] : null);
      else this.#applyController(src, s.controllers[side], prev ? prev.controllers[side] : null);
    }
  }

  #applyController(src: SimulatedInputSource, c: ControllerState, was: ControllerState | null): void {
    const grip = rigid(c.pose);
    src.setGripOrigin(grip);
    src.setPointerOrigin(grip);
    const buttons: DeviceButton[] = [];
    for (let i = 0; i < c.buttons.length; i++) {
      const b = c.buttons[i]!;
      buttons[i] = {
        pressed: b.pressed || b.value >= PRESS,
        touched: b.touched || b.pressed,
        value: b.value,
      };
    }
    src.setGamepad(buttons, [0, 0, c.thumbstick[0], c.thumbstick[1]]);
    const down = (list: readonly ButtonState[] | undefined, i: number) => {
      const b = list ? list[i] : undefined;
      return b !== undefined && (b.pressed || b.value >= PRESS);
    };
    const prevButtons = was ? was.buttons : undefined;
    if (down(c.buttons, 0) !== down(prevButtons, 0)) {
      if (down(c.buttons, 0)) src.startSelection();
      else src.endSelection();
    }
    if (down(c.buttons, 1) !== down(prevButtons, 1)) {
      if (down(c.buttons, 1)) src.startSqueeze();
      else src.endSqueeze();
    }
    const connected = was ? was.connected : true;
    if (c.connected !== connected) {
      if (c.connected) src.reconnect();
      else src.disconnect();
    }
  }

  #applyHand(index: number, src: SimulatedInputSource, h: HandState, was: HandState | null): void {
    const grip = rigid(h.pose);
    src.setGripOrigin(grip);
    src.setPointerOrigin(grip);
    if (!was || was.gesture !== h.gesture)
      src.setHand(simulatedHand(src.state.handedness as 'left' | 'right', 1.07, h.gesture));
    const pinching = h.gesture === 'pinch';
    const wasPinching = was !== null && was.gesture === 'pinch';
    if (pinching !== wasPinching) {
      const handsOnly = specOf(this.#state).input === 'hands';
      if (pinching) {
        src.setButtons([{ pressed: true, touched: true, value: 1 }]);
        src.startSelection();
        if (handsOnly) {
          // The pinch's transient pointer: it exists while the pinch lasts, its ray from the hand.
          const t = this.#device.addInputSource({
            handedness: src.state.handedness,
            targetRayMode: 'transient-pointer',
            profiles: transientPointerProfiles,
            pointerOrigin: grip,
            gripOrigin: grip,
            buttons: [{ pressed: true, touched: true, value: 1 }],
            axes: [],
          });
          t.startSelection();
          this.#transient[index] = t;
        }
      } else {
        src.setButtons([{ pressed: false, touched: false, value: 0 }]);
        src.endSelection();
        const t = this.#transient[index];
        if (t) {
          t.endSelection();
          t.disconnect();
          this.#transient[index] = null;
        }
      }
    }
    const connected = was ? was.connected : true;
    if (h.connected !== connected) {
      if (h.connected) src.reconnect();
      else src.disconnect();
    }
  }
}
