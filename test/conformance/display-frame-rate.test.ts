// Frames that follow the display (a page: the browser host's frame clock is the page's
// requestAnimationFrame): the session reports the rate frames are delivered at, not the simulated
// device's nominal rate, and offers no rate the page could pick (R-LIFE-07, AMB-27).

import { describe, expect, it } from 'vitest';
import { displayFrameClock, reportedDisplayRate } from '../../src/api/frame-clock.js';
import { createHeadset } from '../../src/device/simulated.js';
import { ScriptedHost } from '../../src/host/scripted.js';
import { expectRejectName, makeUA, pump, requestImmersive } from './helpers.js';

/** A scripted host whose display refreshes at `hz` on its manual clock. */
class DisplayHost extends ScriptedHost {
  readonly hz: number;
  constructor(hz: number) {
    super({ url: 'https://example.test/', consent: 'grant-all', clock: 'manual' });
    this.hz = hz;
  }
  frameClock() {
    let next = 1;
    const callbacks = new Map<number, (t: number) => void>();
    const raf = (cb: (t: number) => void) => {
      const id = next++;
      callbacks.set(id, cb);
      // The next vsync on the display's grid.
      const period = 1000 / this.hz;
      const due = (Math.floor(this.now() / period + 1e-6) + 1) * period;
      this.setTimeout(() => {
        const f = callbacks.get(id);
        callbacks.delete(id);
        f?.(due);
      }, due - this.now());
      return id;
    };
    return displayFrameClock(
      raf,
      (id) => callbacks.delete(id),
      () => this.now(),
    );
  }
}

describe('frame rate of frames that follow the display', () => {
  it('reportedDisplayRate snaps a measured rate to a usual refresh rate, else rounds it', () => {
    expect(reportedDisplayRate(59.7)).toBe(60);
    expect(reportedDisplayRate(61.9)).toBe(60);
    expect(reportedDisplayRate(89.2)).toBe(90);
    expect(reportedDisplayRate(143)).toBe(144);
    expect(reportedDisplayRate(37.4)).toBe(37);
  });

  it('R-LIFE-07: a 90 Hz device on a 60 Hz display reports 60 (frameratechange) and no supported rates', async () => {
    const host = new DisplayHost(60);
    const device = createHeadset();
    const ua = makeUA({ host, device });
    const pending = requestImmersive(ua);
    await pump(host, 10);
    const session = await pending;
    expect(session.supportedFrameRates).toBeNull();
    let changes = 0;
    session.addEventListener('frameratechange', () => changes++);
    const loop = () => session.requestAnimationFrame(loop);
    loop();
    for (let i = 0; i < 100; i++) await pump(host, 10, 1);
    expect(session.frameRate).toBe(60);
    expect(changes).toBe(1);
    const refused = expectRejectName(session.updateTargetFrameRate(90), 'InvalidStateError');
    await pump(host, 10);
    await refused;
    const ended = session.end();
    await pump(host, 10);
    await ended;
  });
});
