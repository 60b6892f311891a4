// The automation API (DeviceControl, on the bundle's installation as lookAt, animateTo,
// setGamepadState, playRecording): a recorded input JSON replayed into a fresh device gives an app
// the same poses and the same select/squeeze events; lookAt turns the headset to face a point.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { XRFrame } from '../../src/api/XRFrame.js';
import type { XRSession } from '../../src/api/XRSession.js';
import { DeviceControl, lookRotation } from '../../src/device/device-control.js';
import { DeviceDriver, defaultDeviceState } from '../../src/device/device-state.js';
import type { SimulatedXRDevice } from '../../src/device/simulated.js';
import { makeUA, requestImmersive, sleep } from '../conformance/helpers.js';

/** An app on a fresh user agent: every select/squeeze event, and the latest viewer and grip poses. */
async function app(control: DeviceControl) {
  const ua = makeUA({ device: control.device });
  const s: XRSession = await requestImmersive(ua);
  const local = await s.requestReferenceSpace('local');
  const events: string[] = [];
  for (const type of ['selectstart', 'selectend', 'select', 'squeezestart', 'squeezeend', 'squeeze'])
    s.addEventListener(type, (e) =>
      events.push(
        `${type}:${(e as unknown as { inputSource: { handedness: string } }).inputSource.handedness}`,
      ),
    );
  const last = { viewer: [0, 0, 0, 0, 0, 0, 1], right: [0, 0, 0] };
  const loop = (_t: number, f: XRFrame) => {
    const p = f.getViewerPose(local);
    if (p) {
      const { position: a, orientation: o } = p.transform;
      last.viewer = [a.x, a.y, a.z, o.x, o.y, o.z, o.w];
    }
    for (const src of s.inputSources as unknown as Iterable<{
      handedness: string;
      gripSpace: object | null;
    }>) {
      if (src.handedness !== 'right' || !src.gripSpace) continue;
      const g = f.getPose(src.gripSpace as never, local);
      if (g) last.right = [g.transform.position.x, g.transform.position.y, g.transform.position.z];
    }
    s.requestAnimationFrame(loop);
  };
  s.requestAnimationFrame(loop);
  return { s, events, last };
}

const control = () => {
  const driver = new DeviceDriver(defaultDeviceState('quest-3'));
  const replaced: SimulatedXRDevice[] = [];
  return { c: new DeviceControl(driver, (_old, next) => replaced.push(next)), replaced };
};

describe('DeviceControl: the automation API', () => {
  it('lookAt turns −Z towards the point', () => {
    const q = lookRotation([0, 0, 0], [1, 0, -1]);
    // −Z rotated by q
    const [x, y, z, w] = q;
    const v = [-(2 * (x * z + w * y)), -(2 * (y * z - w * x)), -(1 - 2 * (x * x + y * y))];
    expect(v[0]).toBeCloseTo(Math.SQRT1_2);
    expect(v[1]).toBeCloseTo(0);
    expect(v[2]).toBeCloseTo(-Math.SQRT1_2);
    const up = lookRotation([0, 0, 0], [0, 1, -1]);
    expect(2 * (up[1] * up[2] - up[3] * up[0])).toBeCloseTo(-Math.SQRT1_2); // −Z's y: +0.707
  });

  it('setGamepadState by component id presses buttons and selects; an unknown button is a TypeError naming the layout', async () => {
    const { c } = control();
    const a = await app(c);
    c.setGamepadState('right', {
      buttons: { 'xr-standard-trigger': 1, 'a-button': true },
      thumbstick: [0.5, -1],
    });
    await sleep(60);
    c.setGamepadState('right', { buttons: { 'xr-standard-trigger': 0 } });
    await sleep(60);
    expect(a.events).toEqual(['selectstart:right', 'select:right', 'selectend:right']);
    expect(c.state.controllers.right.buttons[4]!.pressed).toBe(true);
    expect(c.state.controllers.right.thumbstick).toEqual([0.5, -1]);
    expect(() => c.setGamepadState('left', { buttons: { 'a-button': 1 } })).toThrow(
      /left has no button a-button; its buttons are 8 \(xr-standard-trigger, xr-standard-squeeze, , xr-standard-thumbstick, x-button, y-button, thumbrest, menu\)/,
    );
    await a.s.end();
  });

  it('a recording made with the automation API, saved as JSON and replayed into a fresh device, gives the same poses and events', async () => {
    const first = control();
    const a = await app(first.c);
    first.c.startRecording();
    first.c.lookAt([1, 0.2, -2]);
    await sleep(40);
    await first.c.animateTo({ position: [0.3, 0.1, -0.2] }, 80);
    first.c.setGamepadState('right', { pose: { position: [0.25, -0.3, -0.5] } });
    await sleep(40);
    first.c.setGamepadState('right', { buttons: { 'xr-standard-trigger': 1 } });
    await sleep(40);
    first.c.setGamepadState('right', { buttons: { 'xr-standard-trigger': 0 } });
    await sleep(40);
    first.c.setGamepadState('left', { buttons: { 'xr-standard-squeeze': 1 } });
    await sleep(40);
    first.c.setGamepadState('left', { buttons: { 'xr-standard-squeeze': 0 } });
    await sleep(60);
    const json = JSON.stringify(first.c.stopRecording());
    await sleep(60);

    const second = control();
    const b = await app(second.c);
    await second.c.playRecording(json);
    await sleep(100);
    expect(b.events).toEqual(a.events);
    expect(a.events).toEqual([
      'selectstart:right',
      'select:right',
      'selectend:right',
      'squeezestart:left',
      'squeeze:left',
      'squeezeend:left',
    ]);
    for (let i = 0; i < 7; i++) expect(b.last.viewer[i]).toBeCloseTo(a.last.viewer[i]!, 3);
    for (let i = 0; i < 3; i++) expect(b.last.right[i]).toBeCloseTo(a.last.right[i]!, 3);
    expect(b.last.viewer[0]).toBeCloseTo(0.3, 3);
    expect(second.replaced).toEqual([]);
    await a.s.end();
    await b.s.end();
  });

  it('a checked-in recording (test/device/fixtures/quest-3-select.json) replays to its known poses and events', async () => {
    const json = readFileSync(join(import.meta.dirname, 'fixtures', 'quest-3-select.json'), 'utf8');
    const { c } = control();
    const b = await app(c);
    await c.playRecording(json);
    await sleep(100);
    expect(b.events).toEqual(['selectstart:right', 'select:right', 'selectend:right']);
    expect(b.last.viewer.slice(0, 3).map((v) => Number(v.toFixed(3)))).toEqual([0.2, 0.1, -0.3]);
    expect(b.last.right.map((v) => Number(v.toFixed(3)))).toEqual([0.3, -0.4, -0.5]);
    expect(() => c.playRecording('{"format":"nope"}')).toThrow(
      /playRecording: the recording is not an xrgate device recording/,
    );
    await b.s.end();
  });
});
