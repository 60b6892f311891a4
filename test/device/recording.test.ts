// Recording device input to JSON and replaying it (issue 14): an app sees the same select and
// squeeze events and the same final poses when a recording of what the developer did is replayed
// into a fresh device. Also: what readRecording refuses.

import { describe, expect, it } from 'vitest';
import type { XRSession } from '../../src/api/XRSession.js';
import { DeviceDriver, defaultDeviceState, readDeviceState } from '../../src/device/device-state.js';
import { DeviceRecorder, readRecording, replayRecording } from '../../src/device/recording.js';
import { makeUA, requestImmersive, sleep } from '../conformance/helpers.js';

/** An app: every select/squeeze event, and the latest viewer and right-grip positions. */
async function app(driver: DeviceDriver) {
  const ua = makeUA({ device: driver.device });
  const s: XRSession = await requestImmersive(ua);
  const local = await s.requestReferenceSpace('local');
  const events: string[] = [];
  for (const type of ['selectstart', 'selectend', 'select', 'squeezestart', 'squeezeend', 'squeeze']) {
    s.addEventListener(type, (e) =>
      events.push(
        `${type}:${(e as unknown as { inputSource: { handedness: string } }).inputSource.handedness}`,
      ),
    );
  }
  const last = { viewer: [0, 0, 0], grip: [0, 0, 0] };
  const loop = (_t: number, f: import('../../src/api/XRFrame.js').XRFrame) => {
    const p = f.getViewerPose(local);
    if (p) last.viewer = [p.transform.position.x, p.transform.position.y, p.transform.position.z];
    for (const src of s.inputSources as unknown as Iterable<{
      handedness: string;
      gripSpace: object | null;
    }>) {
      if (src.handedness !== 'right' || !src.gripSpace) continue;
      const g = f.getPose(src.gripSpace as never, local);
      if (g) last.grip = [g.transform.position.x, g.transform.position.y, g.transform.position.z];
    }
    s.requestAnimationFrame(loop);
  };
  s.requestAnimationFrame(loop);
  return { s, events, last };
}

const pressed = { pressed: true, touched: true, value: 1 };
const released = { pressed: false, touched: false, value: 0 };

describe('device recordings (issue 14)', () => {
  it('a recording replayed into a fresh device gives the app the same events and poses', async () => {
    const driver = new DeviceDriver(defaultDeviceState('quest-3'));
    const first = await app(driver);
    const recorder = new DeviceRecorder(driver.state);
    const change = async (patch: unknown) => {
      driver.apply(readDeviceState(patch, driver.state));
      recorder.record(patch);
      await sleep(60);
    };
    await change({ headset: { position: [0.2, 1.7, -0.1], orientation: [0, 0.3826834, 0, 0.9238795] } });
    await change({
      controllers: { right: { pose: { position: [0.3, 1.2, -0.4], orientation: [0, 0, 0, 1] } } },
    });
    await change({ controllers: { right: { buttons: [pressed] } } });
    await change({ controllers: { right: { buttons: [released] } } });
    await change({ controllers: { left: { buttons: [released, pressed] } } });
    await change({ controllers: { left: { buttons: [released, released] } } });
    await sleep(60);
    const recording = recorder.stop();
    await first.s.end();
    expect(first.events).toEqual([
      // spec: select fires before selectend, squeeze before squeezeend.
      'selectstart:right',
      'select:right',
      'selectend:right',
      'squeezestart:left',
      'squeeze:left',
      'squeezeend:left',
    ]);

    // Through JSON, into a fresh device and a fresh user agent.
    const read = readRecording(JSON.stringify(recording));
    if (typeof read === 'string') throw new Error(read);
    expect(read.frames.length).toBe(7);
    const driver2 = new DeviceDriver(defaultDeviceState('quest-3'));
    const second = await app(driver2);
    await replayRecording(read, driver2.state, (state) => driver2.apply(state)).done;
    await sleep(80);
    await second.s.end();
    expect(second.events).toEqual(first.events);
    for (let i = 0; i < 3; i++) {
      expect(second.last.viewer[i]).toBeCloseTo(first.last.viewer[i]!, 6);
      expect(second.last.grip[i]).toBeCloseTo(first.last.grip[i]!, 6);
    }
    expect(second.last.grip[0]).toBeCloseTo(0.3, 6);
  });

  it('readRecording says what is wrong', () => {
    expect(readRecording('{')).toBe('not JSON');
    expect(readRecording({ format: 'other', version: 1, frames: [] })).toMatch(
      /not an xrgate device recording/,
    );
    expect(readRecording({ format: 'xrgate-device-recording', version: 2, frames: [] })).toMatch(/version 2/);
    expect(
      readRecording({
        format: 'xrgate-device-recording',
        version: 1,
        frames: [
          { t: 5, patch: {} },
          { t: 1, patch: {} },
        ],
      }),
    ).toMatch(/frames\[1\]\.t/);
  });

  it('a replayed patch is read again: a hostile value changes nothing', async () => {
    const driver = new DeviceDriver(defaultDeviceState('quest-3'));
    const states: unknown[] = [];
    await replayRecording(
      {
        format: 'xrgate-device-recording',
        version: 1,
        frames: [
          {
            t: 0,
            patch: {
              floorHeight: 'high',
              headset: { position: 'up' },
              __proto__: { preset: 'pico-4' },
            },
          },
        ],
      },
      driver.state,
      (s) => states.push(s),
    ).done;
    const s = states[0] as ReturnType<typeof defaultDeviceState>;
    expect(s.floorHeight).toBe(driver.state.floorHeight);
    expect(s.preset).toBe('quest-3');
    expect(s.headset.position).toEqual(driver.state.headset.position);
  });
});
