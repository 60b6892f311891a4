// Recording and replay of device input as JSON (issue 14): a recording is the device's whole state
// at the start, then every change with its time in milliseconds. The extension's panel records what
// the developer does; an app's own tests replay it into a DeviceDriver (Node or a page) and get the
// same poses and the same select/squeeze events. Every patch is read again by readDeviceState when
// it is applied (a recording is data from outside: a file).

import {
  ArrayIsArray,
  ArrayPrototypePush,
  ArrayPrototypeSlice,
  JSONParse,
  MathMax,
  MathRound,
  NumberIsFinite,
  Promise,
  String,
} from '../primordials.js';
import { type DeviceState, readDeviceState } from './device-state.js';

// The clock and timer as they were at load.
const perf = globalThis.performance;
const perfNow: () => number = perf.now.bind(perf);
const setTimeoutFn = globalThis.setTimeout.bind(globalThis);

/** The `format` field of every recording file. */
export const RECORDING_FORMAT = 'xrgate-device-recording';

export interface RecordedChange {
  /** Milliseconds since the recording started. */
  readonly t: number;
  /** A DeviceState patch (the first change is the whole state). */
  readonly patch: unknown;
}

export interface DeviceRecording {
  readonly format: typeof RECORDING_FORMAT;
  readonly version: 1;
  readonly frames: readonly RecordedChange[];
}

/** Keeps changes as they happen; `stop()` gives the recording. */
export class DeviceRecorder {
  readonly #now: () => number;
  readonly #start: number;
  readonly #frames: RecordedChange[] = [];

  /** Starts from the whole current `state`, so that a replay reproduces it anywhere. */
  constructor(state: DeviceState, now: () => number = perfNow) {
    this.#now = now;
    this.#start = now();
    ArrayPrototypePush(this.#frames, { t: 0, patch: structuredClone(state) });
  }

  record(patch: unknown): void {
    ArrayPrototypePush(this.#frames, {
      t: MathMax(0, MathRound(this.#now() - this.#start)),
      patch: structuredClone(patch),
    });
  }

  stop(): DeviceRecording {
    return { format: RECORDING_FORMAT, version: 1, frames: ArrayPrototypeSlice(this.#frames) };
  }
}

/**
 * A recording read from JSON (text or parsed): the recording, or what is wrong with it in words.
 * Times must be finite, non-negative and in order.
 */
export function readRecording(json: unknown): DeviceRecording | string {
  let data = json;
  if (typeof json === 'string') {
    try {
      data = JSONParse(json);
    } catch {
      return 'not JSON';
    }
  }
  if (data === null || typeof data !== 'object') return 'not an object';
  const d = data as { format?: unknown; version?: unknown; frames?: unknown };
  if (d.format !== RECORDING_FORMAT) return `not an xrgate device recording (format "${RECORDING_FORMAT}")`;
  if (d.version !== 1) return `version ${String(d.version)} is not known (this xrgate reads version 1)`;
  if (!ArrayIsArray(d.frames)) return 'frames is not a list';
  const frames: RecordedChange[] = [];
  let last = 0;
  for (let i = 0; i < d.frames.length; i++) {
    const f = d.frames[i] as { t?: unknown; patch?: unknown } | null;
    if (f === null || typeof f !== 'object') return `frames[${i}] is not an object`;
    const t = f.t;
    if (typeof t !== 'number' || !NumberIsFinite(t) || t < last) {
      return `frames[${i}].t must be a time in ms, not before the previous one`;
    }
    last = t;
    ArrayPrototypePush(frames, { t, patch: f.patch });
  }
  return { format: RECORDING_FORMAT, version: 1, frames };
}

export interface ReplayScheduler {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
}

/**
 * Applies each change at its time: `apply(state)` receives the device state after the change (each
 * patch read by readDeviceState over the state before it). `done` settles after the last change;
 * `stop()` ends the replay early.
 */
export function replayRecording(
  recording: DeviceRecording,
  base: DeviceState,
  apply: (state: DeviceState) => void,
  scheduler: ReplayScheduler = { now: perfNow, setTimeout: (cb, ms) => setTimeoutFn(cb, ms) },
): { readonly done: Promise<void>; stop(): void } {
  let stopped = false;
  let state = base;
  const frames = recording.frames;
  const start = scheduler.now();
  let i = 0;
  const done = new Promise<void>((resolve) => {
    const step = () => {
      if (stopped) return resolve();
      const elapsed = scheduler.now() - start;
      while (i < frames.length && frames[i]!.t <= elapsed) {
        state = readDeviceState(frames[i]!.patch, state);
        apply(state);
        i++;
      }
      if (i >= frames.length) return resolve();
      scheduler.setTimeout(step, MathMax(0, frames[i]!.t - (scheduler.now() - start)));
    };
    step();
  });
  return {
    done,
    stop() {
      stopped = true;
    },
  };
}
