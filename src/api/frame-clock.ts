// Frame clocks: what decides when the next XR animation frame runs.
//
// - displayFrameClock: one frame per displayed frame, on the page's requestAnimationFrame. In a
//   page that shows the session (the in-page emulator) the display is the XR compositor, so XR
//   frames follow it: a simulated 90 Hz headset on a 60 Hz screen gets 60 frames a second, each of
//   them displayed, none drawn twice between two displayed frames.
// - deadlineFrameClock: frames on a timer at a nominal rate, for hosts with no display to follow
//   (Node's real clock, the scripted host's manual clock, the WebXR Test API). The next frame is
//   due one period after the previous frame's *deadline*, not one period after the callbacks
//   returned, so the callbacks' cost does not slow the loop down. A deadline is never more than one
//   period in the past: after a longer stall the clock resyncs to now instead of running a burst
//   of catch-up frames.
//
// The module reads no global: the caller passes the built-ins it captured when it loaded (see
// host/browser.ts, which captures setTimeout and performance.now the same way), so a page that
// replaces window.requestAnimationFrame later cannot steer xrgate's frames.

import {
  Float64Array,
  MathAbs,
  MathMax,
  MathRound,
  NumberIsFinite,
  NumberPOSITIVE_INFINITY,
} from '../primordials.js';

/** Runs with the frame's time in milliseconds (the rAF timestamp, or the clock's now()). */
export type FrameCallback = (time: number) => void;

export interface FrameClock {
  /**
   * Runs `cb` once at the next frame. At most one request is pending: a second request before the
   * first ran is ignored and returns false. `continuing`: the request is made while finishing the
   * previous frame (its data came asynchronously, after the clock's own callback returned), so
   * the interval to it still counts for deliveredRate().
   */
  request(cb: FrameCallback, continuing?: boolean): boolean;
  /** Cancels the pending request, if any. */
  cancel(): void;
  /**
   * The rate (Hz) frames are actually delivered at: the mean over the last frames that were
   * requested from inside the previous frame's callback (an unbroken loop; the gap before a frame
   * requested later is the app's idleness, not the clock's rate). Null until there are enough.
   */
  deliveredRate(): number | null;
  /** 'display': one frame per page rAF; 'deadline': a timer at a nominal rate. */
  readonly kind: 'display' | 'deadline';
}

export interface FrameTimers {
  setTimeout(cb: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Intervals kept for deliveredRate(), and how many it needs before it answers. */
const RATE_WINDOW = 32;
const RATE_MIN_SAMPLES = 8;
/** The period when the rate callback gives no usable rate (1000 / 60). */
const FALLBACK_RATE_HZ = 60;

/** The last RATE_WINDOW intervals between consecutive frames of an unbroken loop. */
class IntervalMeter {
  readonly #intervals = new Float64Array(RATE_WINDOW);
  #count = 0;
  #next = 0;
  #sum = 0;

  add(ms: number): void {
    if (!(ms > 0) || !NumberIsFinite(ms)) return;
    if (this.#count === RATE_WINDOW) this.#sum -= this.#intervals[this.#next] as number;
    else this.#count += 1;
    this.#intervals[this.#next] = ms;
    this.#sum += ms;
    this.#next = (this.#next + 1) % RATE_WINDOW;
  }

  rate(): number | null {
    if (this.#count < RATE_MIN_SAMPLES || !(this.#sum > 0)) return null;
    return (1000 * this.#count) / this.#sum;
  }
}

/**
 * A frame clock on the page's requestAnimationFrame: one frame per displayed frame. `raf` and
 * `caf` are the page's requestAnimationFrame/cancelAnimationFrame, bound and captured before page
 * script runs; `now` (performance.now) stands in for a missing rAF timestamp. The callback gets
 * the rAF timestamp, the time window.requestAnimationFrame callbacks of the same frame get.
 */
export function displayFrameClock(
  raf: (cb: (time: number) => void) => number,
  caf: (handle: number) => void,
  now: () => number,
): FrameClock {
  const meter = new IntervalMeter();
  let handle = 0;
  let pending = false;
  let running = false;
  let last: number | null = null;
  return {
    kind: 'display',
    request(cb: FrameCallback, continuing?: boolean): boolean {
      if (pending) return false;
      // Requested from inside the previous frame: the interval to it is the display's.
      const chained = running || continuing === true;
      pending = true;
      handle = raf((stamp: number) => {
        pending = false;
        const time = typeof stamp === 'number' && NumberIsFinite(stamp) ? stamp : now();
        if (chained && last !== null) meter.add(time - last);
        last = time;
        running = true;
        try {
          cb(time);
        } finally {
          running = false;
        }
      });
      return true;
    },
    cancel(): void {
      if (!pending) return;
      pending = false;
      caf(handle);
    },
    deliveredRate(): number | null {
      return meter.rate();
    },
  };
}

/**
 * A frame clock on timers at `rateHz()` frames a second (read at each request, so a new target
 * rate applies from the next frame). The next frame's deadline is the previous deadline plus one
 * period; the first request (and the first after cancel()) waits one period from now, as the
 * timer loop always did. A deadline more than one period in the past is replaced by now: one frame
 * runs at once and the loop goes on from there, without catch-up frames. The callback gets now()
 * at the time the frame runs (on a manual clock: exactly the deadline).
 */
export function deadlineFrameClock(timers: FrameTimers, now: () => number, rateHz: () => number): FrameClock {
  const meter = new IntervalMeter();
  let handle: unknown = null;
  let pending = false;
  let running = false;
  /** The deadline of the last frame that ran (it may have run later than that). */
  let deadline: number | null = null;
  let last: number | null = null;
  return {
    kind: 'deadline',
    request(cb: FrameCallback, continuing?: boolean): boolean {
      if (pending) return false;
      const rate = rateHz();
      const period = 1000 / (rate > 0 && NumberIsFinite(rate) ? rate : FALLBACK_RATE_HZ);
      const t = now();
      let due = deadline === null ? t + period : deadline + period;
      if (due < t - period) due = t;
      const chained = running || continuing === true;
      pending = true;
      handle = timers.setTimeout(
        () => {
          handle = null;
          pending = false;
          deadline = due;
          const time = now();
          if (chained && last !== null) meter.add(time - last);
          last = time;
          running = true;
          try {
            cb(time);
          } finally {
            running = false;
          }
        },
        MathMax(0, due - t),
      );
      return true;
    },
    cancel(): void {
      if (pending) timers.clearTimeout(handle);
      handle = null;
      pending = false;
      deadline = null;
    },
    deliveredRate(): number | null {
      return meter.rate();
    },
  };
}

/** Display refresh rates (Hz) a measured rate is snapped to when it is within 4% of one. */
const DISPLAY_RATES = [24, 30, 48, 50, 60, 72, 75, 80, 90, 100, 120, 144, 165, 240];

/**
 * The frame rate to report for frames that follow the display: the measured rate snapped to the
 * nearest usual refresh rate (within 4%), else rounded to a whole number (R-LIFE-07: frameRate
 * says what is delivered, not what the simulated device would like).
 */
export function reportedDisplayRate(measured: number): number {
  let best = MathRound(measured);
  let bestError = NumberPOSITIVE_INFINITY;
  for (let i = 0; i < DISPLAY_RATES.length; i++) {
    const r = DISPLAY_RATES[i]!;
    const error = MathAbs(measured - r) / r;
    if (error <= 0.04 && error < bestError) {
      best = r;
      bestError = error;
    }
  }
  return best;
}
