// One simulated device under control (issue 14): what the developer overlay changes and what an
// app's own end-to-end tests script — lookAt, animateTo, setGamepadState, playRecording — all as
// DeviceState patches applied by a DeviceDriver (device-state.ts), recorded by a DeviceRecorder and
// replayed by replayRecording (recording.ts). One path for every change: the overlay's controls,
// the automation API and a replayed recording all go through set(), which reads the patch as
// hostile data (readDeviceState).
//
// Coordinates are the `local` reference space's: the headset starts at its origin, looking down
// −Z; the floor is floorHeight metres below.

import {
  ArrayIsArray,
  ArrayPrototypeFilter,
  ArrayPrototypeJoin,
  ArrayPrototypePush,
  ArrayPrototypeSlice,
  MathAtan2,
  MathCos,
  MathHypot,
  MathMin,
  MathSin,
  MathSqrt,
  NumberIsFinite,
  ObjectHasOwn,
  ObjectKeys,
  Promise,
  setTimeout,
  TypeError,
} from '../primordials.js';
import {
  type ButtonState,
  type DeviceDriver,
  type DeviceState,
  type PoseState,
  type QuatT,
  readDeviceState,
  specOf,
  type Vec3T,
} from './device-state.js';
import { builtInEnvironment, builtInEnvironmentList } from './environment.js';
import { DeviceRecorder, type DeviceRecording, readRecording, replayRecording } from './recording.js';
import type { SimulatedXRDevice } from './simulated.js';

const perf = globalThis.performance;
const perfNow: () => number = perf.now.bind(perf);
const setTimeoutFn = globalThis.setTimeout.bind(globalThis);

export type Point = Vec3T | { readonly x: number; readonly y: number; readonly z: number };

/** A pose given as arrays or objects; a missing part keeps the current one. */
export interface PoseInit {
  readonly position?: Point;
  readonly orientation?:
    | QuatT
    | { readonly x: number; readonly y: number; readonly z: number; readonly w: number };
}

/** A controller's gamepad: buttons by index or by the registry's component id, and the thumbstick. */
export interface GamepadStateInit {
  /** By index (xr-standard order) or component id ('xr-standard-trigger', 'a-button' …): a value 0..1, a boolean, or a button. */
  readonly buttons?:
    | readonly (number | boolean | Partial<ButtonState> | null | undefined)[]
    | { readonly [componentId: string]: number | boolean | Partial<ButtonState> };
  readonly thumbstick?: readonly [number, number];
  readonly pose?: PoseInit;
  readonly connected?: boolean;
}

function vec(p: Point | undefined): Vec3T | undefined {
  if (p === undefined) return undefined;
  return ArrayIsArray(p)
    ? (p as Vec3T)
    : [(p as { x: number }).x, (p as { y: number }).y, (p as { z: number }).z];
}

function quat(q: PoseInit['orientation']): QuatT | undefined {
  if (q === undefined) return undefined;
  if (ArrayIsArray(q)) return q as QuatT;
  const o = q as { x: number; y: number; z: number; w: number };
  return [o.x, o.y, o.z, o.w];
}

function poseOf(p: PoseInit, base: PoseState): PoseState {
  return { position: vec(p.position) ?? base.position, orientation: quat(p.orientation) ?? base.orientation };
}

/** The orientation that turns −Z from `from` towards `to` (yaw about +Y, then pitch about +X). */
export function lookRotation(from: Vec3T, to: Vec3T): QuatT {
  const dx = to[0] - from[0];
  const dy = to[1] - from[1];
  const dz = to[2] - from[2];
  const yaw = MathAtan2(-dx, -dz) / 2;
  const pitch = MathAtan2(dy, MathHypot(dx, dz)) / 2;
  const cy = MathCos(yaw);
  const sy = MathSin(yaw);
  const cx = MathCos(pitch);
  const sx = MathSin(pitch);
  return [cy * sx, sy * cx, -sy * sx, cy * cx];
}

function slerp(a: QuatT, b: QuatT, t: number): QuatT {
  let d = a[0] * b[0] + a[1] * b[1] + a[2] * b[2] + a[3] * b[3];
  const s = d < 0 ? -1 : 1;
  d *= s;
  // Close orientations: a normalized linear blend is exact enough.
  const out: number[] = [];
  for (let i = 0; i < 4; i++) out[i] = a[i]! * (1 - t) + b[i]! * s * t;
  const n = MathSqrt(out[0]! ** 2 + out[1]! ** 2 + out[2]! ** 2 + out[3]! ** 2) || 1;
  return [out[0]! / n, out[1]! / n, out[2]! / n, out[3]! / n];
}

function button(v: unknown, was: ButtonState): ButtonState {
  if (typeof v === 'boolean') return { pressed: v, touched: v, value: v ? 1 : 0 };
  if (typeof v === 'number') return { pressed: v >= 0.5, touched: v > 0, value: v };
  if (v && typeof v === 'object') return { ...was, ...(v as Partial<ButtonState>) };
  return was;
}

export type DeviceTarget = 'headset' | 'left' | 'right';

export class DeviceControl {
  readonly #driver: DeviceDriver;
  readonly #replaced: (previous: SimulatedXRDevice, next: SimulatedXRDevice) => void;
  #listeners: ((s: DeviceState) => void)[] = [];
  #recorder: DeviceRecorder | null = null;
  #replay: { stop(): void } | null = null;
  #animation = 0;

  /** `replaced` connects a new device in place of the previous one (another preset or device file). */
  constructor(
    driver: DeviceDriver,
    replaced: (previous: SimulatedXRDevice, next: SimulatedXRDevice) => void,
  ) {
    this.#driver = driver;
    this.#replaced = replaced;
  }

  get state(): DeviceState {
    return this.#driver.state;
  }

  get device(): SimulatedXRDevice {
    return this.#driver.device;
  }

  /** Applies a DeviceState patch (checked field by field); returns the state after it. */
  set(patch: unknown): DeviceState {
    this.#apply(readDeviceState(patch, this.#driver.state));
    this.#recorder?.record(patch);
    return this.#driver.state;
  }

  #apply(next: DeviceState): void {
    const previous = this.#driver.device;
    if (this.#driver.apply(next)) this.#replaced(previous, this.#driver.device);
    const listeners = ArrayPrototypeSlice(this.#listeners);
    for (let i = 0; i < listeners.length; i++) listeners[i]!(next);
  }

  /** Calls `listener` with the state after every change; returns the unsubscribe function. */
  subscribe(listener: (s: DeviceState) => void): () => void {
    ArrayPrototypePush(this.#listeners, listener);
    return () => {
      this.#listeners = ArrayPrototypeFilter(this.#listeners, (l) => l !== listener);
    };
  }

  /** Turns the headset (or a controller) to look at `point`, from where it is. */
  lookAt(point: Point, target: DeviceTarget = 'headset'): DeviceState {
    const p = vec(point);
    if (!p || !NumberIsFinite(p[0]) || !NumberIsFinite(p[1]) || !NumberIsFinite(p[2]))
      throw new TypeError(
        'lookAt: point must be [x, y, z] or { x, y, z } of finite numbers (metres, local space).',
      );
    const from = this.#pose(target).position;
    return this.#setPose(target, { position: from, orientation: lookRotation(from, p) });
  }

  /** Moves the headset (or a controller) to `pose` over `ms` milliseconds; settles on arrival. */
  animateTo(pose: PoseInit, ms: number, target: DeviceTarget = 'headset'): Promise<void> {
    if (typeof ms !== 'number' || !NumberIsFinite(ms) || ms < 0)
      throw new TypeError('animateTo: ms must be a duration in milliseconds ≥ 0.');
    const start = this.#pose(target);
    const end = poseOf(pose, start);
    const id = ++this.#animation;
    const t0 = perfNow();
    return new Promise<void>((resolve) => {
      const step = () => {
        if (id !== this.#animation) return resolve();
        const t = ms === 0 ? 1 : MathMin(1, (perfNow() - t0) / ms);
        const position: number[] = [];
        for (let i = 0; i < 3; i++)
          position[i] = start.position[i]! + (end.position[i]! - start.position[i]!) * t;
        this.#setPose(target, {
          position: position as unknown as Vec3T,
          orientation: slerp(start.orientation, end.orientation, t),
        });
        if (t >= 1) resolve();
        else setTimeoutFn(step, 16);
      };
      step();
    });
  }

  /**
   * Sets a controller's buttons (by index or the registry's component id), thumbstick, pose or
   * connection. Pressing the trigger selects and the squeeze button squeezes, as on the device.
   */
  setGamepadState(hand: 'left' | 'right', state: GamepadStateInit): DeviceState {
    if (hand !== 'left' && hand !== 'right')
      throw new TypeError("setGamepadState: hand must be 'left' or 'right'.");
    const spec = specOf(this.state);
    const layout = spec.buttons ? spec.buttons[hand] : [];
    const current = this.state.controllers[hand];
    const buttons: ButtonState[] = ArrayPrototypeSlice(current.buttons);
    const given = state.buttons;
    if (given !== undefined) {
      const keys = ObjectKeys(given);
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i]!;
        let index = -1;
        if (ArrayIsArray(given)) index = +key;
        else
          for (let k = 0; k < layout.length; k++) {
            if (layout[k] === key) index = k;
          }
        if (index < 0 || index >= buttons.length)
          throw new TypeError(
            `setGamepadState: ${hand} has no button ${key}; its buttons are ${layout.length} (${ArrayPrototypeJoin(layout, ', ')}).`,
          );
        buttons[index] = button((given as Record<string, unknown>)[key], buttons[index]!);
      }
    }
    return this.set({
      controllers: {
        [hand]: {
          buttons,
          ...(state.thumbstick ? { thumbstick: state.thumbstick } : {}),
          ...(state.pose ? { pose: poseOf(state.pose, current.pose) } : {}),
          ...(ObjectHasOwn(state, 'connected') ? { connected: state.connected } : {}),
        },
      },
    });
  }

  /**
   * A tap on a phone's touch screen, at its centre (screen-based input, spec #xrinputsource: a
   * transient input source with targetRayMode 'screen' and the registry's 'generic-touchscreen'
   * profile). The source appears, selects once and goes away after `ms` (default 100). Only for a
   * device whose input is its screen.
   */
  tap(ms = 100): Promise<void> {
    if (specOf(this.state).input !== 'screen')
      throw new TypeError(
        "tap: this device has no touch screen (its input is controllers or hands). Fix: install({ device: 'phone-ar' }), or setGamepadState() for controllers.",
      );
    const d = this.device;
    const viewer = d.frame({ drainActions: false }).viewer;
    if (viewer === null) throw new TypeError('tap: the phone is not tracked (no viewer pose) now.');
    const src = d.addInputSource({
      handedness: 'none',
      targetRayMode: 'screen',
      profiles: ['generic-touchscreen'],
      pointerOrigin: viewer,
      gripOrigin: null,
      buttons: [{ pressed: true, touched: true, value: 1 }],
      axes: [],
    });
    src.select();
    return new Promise((resolve) => {
      setTimeout(
        () => {
          src.disconnect();
          resolve();
        },
        NumberIsFinite(ms) && ms >= 0 ? ms : 100,
      );
    });
  }

  /** The room the simulated device senses (hit test, planes, meshes, depth, camera): its name, or null. */
  get environment(): string | null {
    const env = this.device.environment;
    return env === null ? null : env.name;
  }

  /**
   * Puts the simulated device in another built-in room ('empty-room', 'living-room', 'office'), or
   * in none (null): what its hit tests, planes, meshes, depth and camera see from the next frame.
   * The room is part of the device's state (DeviceState.environment): recorded, and replayed.
   */
  setEnvironment(name: string | null): void {
    if (name !== null && (typeof name !== 'string' || builtInEnvironment(name) === undefined)) {
      const names: string[] = [];
      for (let i = 0; i < builtInEnvironmentList.length; i++)
        ArrayPrototypePush(names, builtInEnvironmentList[i]!.name);
      throw new TypeError(
        `setEnvironment: no room named ${typeof name === 'string' ? `'${name}'` : typeof name}; the rooms are ${ArrayPrototypeJoin(names, ', ')}, or null for none.`,
      );
    }
    this.set({ environment: name });
  }

  /** Starts recording every change (from the whole current state). */
  startRecording(): void {
    this.#recorder = new DeviceRecorder(this.state);
  }

  /** Stops recording; the recording, as JSON data (JSON.stringify it to save it). */
  stopRecording(): DeviceRecording | null {
    const r = this.#recorder;
    this.#recorder = null;
    return r ? r.stop() : null;
  }

  get recording(): boolean {
    return this.#recorder !== null;
  }

  /** Replays a recording (its JSON text or data); settles after its last change. */
  playRecording(json: unknown): Promise<void> {
    const recording = readRecording(json);
    if (typeof recording === 'string') throw new TypeError(`playRecording: the recording is ${recording}.`);
    this.#replay?.stop();
    const replay = replayRecording(recording, this.state, (s) => this.#apply(s));
    this.#replay = replay;
    return replay.done;
  }

  stopReplay(): void {
    this.#replay?.stop();
    this.#replay = null;
  }

  #pose(target: DeviceTarget): PoseState {
    const s = this.state;
    if (target === 'headset') return s.headset;
    return s.inputMode === 'hands' ? s.hands[target].pose : s.controllers[target].pose;
  }

  #setPose(target: DeviceTarget, pose: PoseState): DeviceState {
    if (target === 'headset') return this.set({ headset: pose });
    const group = this.state.inputMode === 'hands' ? 'hands' : 'controllers';
    return this.set({ [group]: { [target]: { pose } } });
  }
}
