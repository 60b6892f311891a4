// Frame clocks (src/api/frame-clock.ts) on fake time: the deadline clock holds its rate exactly
// when the callbacks take time, keeps its grid after a frame that ran late, and resyncs after a
// long stall without a burst of catch-up frames; the display clock runs one frame per rAF tick;
// cancel() works; deliveredRate() measures an unbroken loop only. The real-page pacing is measured
// by bench/pacing.ts.

import { describe, expect, it } from 'vitest';
import { deadlineFrameClock, displayFrameClock, type FrameClock } from '../../src/api/frame-clock.js';

/** Timers on fake time. spend() is work inside a callback: time moves, no timer runs. */
class FakeTime {
  t = 0;
  #timers: { id: number; at: number; cb: () => void }[] = [];
  #id = 0;
  readonly now = (): number => this.t;
  readonly timers = {
    setTimeout: (cb: () => void, ms: number): unknown => {
      const id = ++this.#id;
      this.#timers.push({ id, at: this.t + Math.max(0, ms), cb });
      return id;
    },
    clearTimeout: (handle: unknown): void => {
      this.#timers = this.#timers.filter((x) => x.id !== handle);
    },
  };
  get pending(): number {
    return this.#timers.length;
  }
  spend(ms: number): void {
    this.t += ms;
  }
  /** Runs the timers due until `end` (a timer already overdue runs late, at the current time). */
  runUntil(end: number): void {
    for (;;) {
      this.#timers.sort((a, b) => a.at - b.at || a.id - b.id);
      const next = this.#timers[0];
      if (!next || next.at > end) break;
      this.#timers.shift();
      this.t = Math.max(this.t, next.at);
      next.cb();
    }
    this.t = Math.max(this.t, end);
  }
}

/** A fake display: vsync(t) runs the rAF callbacks registered before it, with timestamp t. */
class FakeDisplay {
  #callbacks = new Map<number, (t: number) => void>();
  #id = 0;
  cancelled: number[] = [];
  readonly raf = (cb: (t: number) => void): number => {
    const id = ++this.#id;
    this.#callbacks.set(id, cb);
    return id;
  };
  readonly caf = (handle: number): void => {
    this.cancelled.push(handle);
    this.#callbacks.delete(handle);
  };
  /** The last vsync's timestamp. */
  t = 0;
  /** The next vsync, `dt` after the last one. */
  tick(dt: number): void {
    this.vsync(this.t + dt);
  }
  vsync(t: number): void {
    this.t = t;
    const due = [...this.#callbacks.values()];
    this.#callbacks.clear();
    for (const cb of due) cb(t);
  }
}

/** Runs a loop on `clock` that re-requests from inside each frame; returns the frames' times. */
function loop(clock: FrameClock, work: (i: number, time: number) => void = () => {}): number[] {
  const times: number[] = [];
  const frame = (time: number): void => {
    times.push(time);
    work(times.length - 1, time);
    clock.request(frame);
  };
  clock.request(frame);
  return times;
}

function intervals(times: readonly number[]): number[] {
  return times.slice(1).map((t, i) => t - (times[i] as number));
}

describe('deadlineFrameClock', () => {
  const period = 1000 / 90;

  it('holds the long-run rate exactly when the callbacks take time', () => {
    const time = new FakeTime();
    const clock = deadlineFrameClock(time.timers, time.now, () => 90);
    expect(clock.kind).toBe('deadline');
    // 7 ms of work in an 11.1 ms period: a loop re-armed after the callbacks would run at
    // 1000 / 18.1 ≈ 55 Hz.
    const times = loop(clock, () => time.spend(7));
    time.runUntil(10_000 + period / 2);
    expect(times.length).toBe(900); // the first frame is one period after the first request
    // Every frame ran at its deadline, k periods after the first request.
    for (const [k, t] of times.entries()) expect(t).toBeCloseTo((k + 1) * period, 6);
    expect(clock.deliveredRate()).toBeCloseTo(90, 6);
  });

  it('keeps its grid after a frame that ran late by less than a period', () => {
    const time = new FakeTime();
    const clock = deadlineFrameClock(time.timers, time.now, () => 90);
    // Frame 10 takes 1.5 periods: frame 11 runs late (at once), frame 12 on its deadline again.
    const times = loop(clock, (i) => time.spend(i === 10 ? 1.5 * period : 2));
    time.runUntil(1000 + period / 2);
    expect(times[11]).toBeCloseTo(11 * period + 1.5 * period, 6);
    for (let k = 12; k < times.length; k++) expect(times[k]).toBeCloseTo((k + 1) * period, 6);
    expect(times.length).toBe(90);
  });

  it('resyncs after a long stall without a burst of catch-up frames', () => {
    const time = new FakeTime();
    const clock = deadlineFrameClock(time.timers, time.now, () => 90);
    const stall = 500;
    const times = loop(clock, (i) => time.spend(i === 10 ? stall : 1));
    time.runUntil(2000);
    const stalledAt = times[10] as number;
    // The frame after the stall runs at once, then one period apart: no interval shorter than a
    // period (a catch-up burst would run ~45 frames back to back).
    expect(times[11]).toBeCloseTo(stalledAt + stall, 6);
    for (const d of intervals(times.slice(11))) expect(d).toBeCloseTo(period, 6);
    // About 45 frames were lost to the stall, none made up for.
    expect(times.length).toBe(Math.floor((2000 - (stalledAt + stall)) / period) + 12);
  });

  it('runs the first frame one period after the request, and one request at a time', () => {
    const time = new FakeTime();
    const clock = deadlineFrameClock(time.timers, time.now, () => 90);
    const ran: string[] = [];
    expect(clock.request(() => ran.push('a'))).toBe(true);
    expect(clock.request(() => ran.push('b'))).toBe(false);
    expect(time.pending).toBe(1);
    time.runUntil(period - 0.01);
    expect(ran).toEqual([]);
    time.runUntil(period);
    expect(ran).toEqual(['a']);
    time.runUntil(1000);
    expect(ran).toEqual(['a']);
  });

  it('cancel() drops the pending frame; the next request starts afresh', () => {
    const time = new FakeTime();
    const clock = deadlineFrameClock(time.timers, time.now, () => 90);
    const ran: number[] = [];
    clock.request((t) => ran.push(t));
    time.runUntil(5);
    clock.cancel();
    expect(time.pending).toBe(0);
    time.runUntil(100);
    expect(ran).toEqual([]);
    clock.cancel(); // nothing pending: a no-op
    expect(clock.request((t) => ran.push(t))).toBe(true);
    time.runUntil(1000);
    expect(ran).toHaveLength(1);
    expect(ran[0]).toBeCloseTo(100 + period, 6);
  });

  it('a request long after the last frame runs at once; one within a period waits for the grid', () => {
    const time = new FakeTime();
    const clock = deadlineFrameClock(time.timers, time.now, () => 90);
    const ran: number[] = [];
    clock.request((t) => ran.push(t));
    time.runUntil(period + 3); // the frame ran at `period`; 3 ms later the app asks again
    clock.request((t) => ran.push(t));
    time.runUntil(500);
    expect(ran[1]).toBeCloseTo(2 * period, 6);
    clock.request((t) => ran.push(t)); // idle for ~480 ms
    time.runUntil(500);
    expect(ran[2]).toBe(500);
    // The gaps were the app's idleness: not a delivered rate.
    expect(clock.deliveredRate()).toBeNull();
  });

  it('applies a new rate from the next frame', () => {
    const time = new FakeTime();
    let rate = 90;
    const clock = deadlineFrameClock(time.timers, time.now, () => rate);
    const times = loop(clock, (i) => {
      if (i === 9) rate = 60;
    });
    time.runUntil(1000);
    expect(times[9]).toBeCloseTo(10 * period, 6);
    expect(times[10]).toBeCloseTo(10 * period + 1000 / 60, 6);
    expect(clock.deliveredRate()).toBeCloseTo(60, 6);
  });

  it('falls back to 60 Hz when the rate is not usable', () => {
    const time = new FakeTime();
    const clock = deadlineFrameClock(time.timers, time.now, () => Number.NaN);
    const times = loop(clock);
    time.runUntil(1000);
    expect(times.length).toBe(60);
  });
});

describe('displayFrameClock', () => {
  const vsync = 1000 / 60;

  it('runs one frame per rAF tick, with the rAF timestamp, whatever the requests', () => {
    const display = new FakeDisplay();
    let wallClock = 0;
    const clock = displayFrameClock(display.raf, display.caf, () => wallClock);
    expect(clock.kind).toBe('display');
    const times: number[] = [];
    const frame = (t: number): void => {
      times.push(t);
      expect(clock.request(frame)).toBe(true);
      // A second request in the same frame is ignored.
      expect(clock.request(() => times.push(-1))).toBe(false);
    };
    clock.request(frame);
    for (let i = 1; i <= 120; i++) {
      wallClock = i * vsync + 3;
      display.vsync(i * vsync);
    }
    expect(times.length).toBe(120);
    for (const [k, t] of times.entries()) expect(t).toBe((k + 1) * vsync);
  });

  it('uses now() when the rAF gives no timestamp', () => {
    const clock = displayFrameClock(
      (cb) => {
        queueMicrotask(() => (cb as (t?: number) => void)());
        return 1;
      },
      () => {},
      () => 42,
    );
    return new Promise<void>((resolve) => {
      clock.request((t) => {
        expect(t).toBe(42);
        resolve();
      });
    });
  });

  it('cancel() cancels the pending rAF callback', () => {
    const display = new FakeDisplay();
    const clock = displayFrameClock(display.raf, display.caf, () => 0);
    const ran: number[] = [];
    clock.request((t) => ran.push(t));
    clock.cancel();
    expect(display.cancelled).toEqual([1]);
    display.vsync(vsync);
    expect(ran).toEqual([]);
    clock.cancel(); // nothing pending: caf is not called again
    expect(display.cancelled).toEqual([1]);
    expect(clock.request((t) => ran.push(t))).toBe(true);
    display.vsync(2 * vsync);
    expect(ran).toEqual([2 * vsync]);
  });

  it('deliveredRate() measures the rate frames arrive at', () => {
    const display = new FakeDisplay();
    const clock = displayFrameClock(display.raf, display.caf, () => 0);
    loop(clock);
    for (let i = 0; i < 8; i++) display.tick(vsync);
    expect(clock.deliveredRate()).toBeNull(); // 7 intervals: not enough yet
    display.tick(vsync);
    expect(clock.deliveredRate()).toBeCloseTo(60, 6);
    // A 120 Hz display, over the window's 32 intervals.
    for (let i = 0; i < 40; i++) display.tick(1000 / 120);
    expect(clock.deliveredRate()).toBeCloseTo(120, 6);
    // Every other displayed frame dropped (the page janks): 60 Hz delivered.
    for (let i = 0; i < 40; i++) display.tick(1000 / 60);
    expect(clock.deliveredRate()).toBeCloseTo(60, 6);
  });

  it('deliveredRate() leaves out the gap before a frame requested outside the loop', () => {
    const display = new FakeDisplay();
    const clock = displayFrameClock(display.raf, display.caf, () => 0);
    // Each frame is requested between frames (not from inside one), after an idle vsync.
    for (let i = 0; i < 20; i++) {
      clock.request(() => {});
      display.tick(vsync);
      display.tick(vsync);
    }
    expect(clock.deliveredRate()).toBeNull();
  });
});
