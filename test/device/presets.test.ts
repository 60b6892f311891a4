// Device presets against the WebXR Input Profiles registry, and the DeviceDriver (the devtools
// panel's device state applied to a simulated device) seen through a real session in Node.

import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type { XRInputSource } from '../../src/api/XRInputSource.js';
import { DeviceDriver, defaultDeviceState, readDeviceState } from '../../src/device/device-state.js';
import { createPresetDevice, devicePresetNames, devicePresets } from '../../src/device/presets.js';
import {
  inFrame,
  initialInputs,
  keepFrames,
  makeUA,
  nextEvent,
  requestImmersive,
  sleep,
} from '../conformance/helpers.js';

const require = createRequire(import.meta.url);
type Layout = { gamepad?: { buttons: (string | null)[] } };
type Profile = { profileId: string; fallbackProfileIds: string[]; layouts: Record<string, Layout> };
function registry(id: string): Profile {
  const folder =
    id.split('-')[0] === 'generic' ? 'generic' : id.startsWith('meta') ? 'meta' : id.split('-')[0];
  return require(`@webxr-input-profiles/registry/dist/profiles/${folder}/${id}.json`) as Profile;
}

function sources(session: { inputSources: unknown }): XRInputSource[] {
  return [...(session.inputSources as Iterable<XRInputSource>)];
}

describe('device presets', () => {
  it('each controller preset names a registry profile with its fallbacks and gamepad layout per hand', () => {
    let checked = 0;
    for (const name of devicePresetNames) {
      const info = devicePresets[name];
      if (!info.controllerProfiles || !info.buttons) continue;
      const [id, ...fallbacks] = info.controllerProfiles;
      const p = registry(id!);
      expect(p.profileId).toBe(id);
      expect(fallbacks).toEqual(p.fallbackProfileIds);
      expect(info.buttons.left).toEqual(p.layouts.left!.gamepad!.buttons);
      expect(info.buttons.right).toEqual(p.layouts.right!.gamepad!.buttons);
      const device = createPresetDevice(name);
      const left = device.inputSources.find((s) => s.state.handedness === 'left')!;
      expect(left.state.profiles).toEqual(info.controllerProfiles);
      expect(left.state.buttons.length).toBe(info.buttons.left.length);
      checked++;
    }
    expect(checked).toBe(4);
    expect(registry('generic-hand').profileId).toBe('generic-hand');
    expect(registry('generic-button').profileId).toBe('generic-button');
  });

  it('a session on a Quest 3 sees its profiles and 4 axes; its views have the panel resolution', async () => {
    const ua = makeUA({ device: createPresetDevice('quest-3') });
    const session = await requestImmersive(ua);
    if (sources(session).length < 2) await initialInputs(session);
    const left = sources(session).find((s) => s.handedness === 'left')!;
    expect(left.profiles[0]).toBe('meta-quest-touch-plus');
    expect((left.gamepad as Gamepad).buttons.length).toBe(8);
    expect((left.gamepad as Gamepad).axes.length).toBe(4);
    await session.end();
  });
});

describe('DeviceDriver', () => {
  it('readDeviceState keeps the previous value for every invalid field and clamps ranges', () => {
    const base = defaultDeviceState('quest-2');
    const s = readDeviceState(
      {
        preset: 'nope',
        inputMode: 'tentacles',
        visibility: 'visible-blurred',
        floorHeight: 99,
        headset: { position: [0, Number.NaN, 0], orientation: [0, 0, 0, 0] },
        room: [[0, 0]],
        controllers: { left: { buttons: [{ pressed: 'yes', value: 7 }], thumbstick: [2, -0.5] } },
        hands: { right: { gesture: 'fist' } },
      },
      base,
    );
    expect(s.preset).toBe('quest-2');
    expect(s.inputMode).toBe('controllers');
    expect(s.visibility).toBe('visible-blurred');
    expect(s.floorHeight).toBe(3);
    expect(s.headset).toEqual(base.headset);
    expect(s.room).toEqual(base.room);
    expect(s.controllers.left.buttons[0]).toEqual({ pressed: false, touched: false, value: 1 });
    expect(s.controllers.left.thumbstick).toEqual([1, -0.5]);
    expect(s.hands.right.gesture).toBe('open');
    // A polluted prototype supplies nothing.
    (Object.prototype as Record<string, unknown>).floorHeight = 0.1;
    try {
      expect(readDeviceState({}, base).floorHeight).toBe(1.6);
    } finally {
      delete (Object.prototype as Record<string, unknown>).floorHeight;
    }
    expect(readDeviceState({ preset: 'pico-4' }, base).controllers.left.buttons.length).toBe(6);
  });

  it('trigger and squeeze values become select and squeeze events; the thumbstick is axes 2 and 3', async () => {
    const driver = new DeviceDriver(defaultDeviceState('quest-2'));
    const ua = makeUA({ device: driver.device });
    const session = await requestImmersive(ua);
    const stop = keepFrames(session);
    if (sources(session).length < 2) await nextEvent(session, 'inputsourceschange');
    const seen: string[] = [];
    for (const t of ['selectstart', 'select', 'selectend', 'squeezestart', 'squeeze', 'squeezeend'])
      session.addEventListener(t, (e) =>
        seen.push(`${t}:${(e as unknown as { inputSource: XRInputSource }).inputSource.handedness}`),
      );
    const press = (value: number, squeeze = 0) =>
      driver.apply(
        readDeviceState(
          {
            controllers: {
              right: {
                buttons: [{ value }, { value: squeeze }],
                thumbstick: [0.25, -1],
              },
            },
          },
          driver.state,
        ),
      );
    press(1);
    await sleep(60);
    press(0, 1);
    await sleep(60);
    press(0, 0);
    await sleep(60);
    expect(seen).toEqual([
      'selectstart:right',
      'select:right',
      'selectend:right',
      'squeezestart:right',
      'squeeze:right',
      'squeezeend:right',
    ]);
    const right = sources(session).find((s) => s.handedness === 'right')!;
    expect([...(right.gamepad as Gamepad).axes]).toEqual([0, 0, 0.25, -1]);
    stop();
    await session.end();
  });

  it('the headset pose and floor height reach the page (the floor rounded to 1 cm)', async () => {
    const driver = new DeviceDriver(defaultDeviceState('quest-3'));
    const ua = makeUA({ device: driver.device });
    const session = await requestImmersive(ua, { requiredFeatures: ['local-floor'] });
    const floor = await session.requestReferenceSpace('local-floor');
    driver.apply(
      readDeviceState({ floorHeight: 1.4237, headset: { position: [0.1, 0.2, -0.3] } }, driver.state),
    );
    const y = await inFrame(session, (frame) => frame.getViewerPose(floor)!.transform.position.y);
    expect(y).toBeCloseTo(0.2 + 1.42, 9);
    await session.end();
  });

  it('a hands-only headset: a pinch is a transient pointer that selects and goes away', async () => {
    const driver = new DeviceDriver(defaultDeviceState('hands-only'));
    const ua = makeUA({ device: driver.device });
    const session = await requestImmersive(ua);
    const stop = keepFrames(session);
    if (sources(session).length < 2) await nextEvent(session, 'inputsourceschange');
    const events: string[] = [];
    for (const t of ['selectstart', 'select', 'selectend'])
      session.addEventListener(t, (e) =>
        events.push(`${t}:${(e as unknown as { inputSource: XRInputSource }).inputSource.targetRayMode}`),
      );
    driver.apply(readDeviceState({ hands: { right: { gesture: 'pinch' } } }, driver.state));
    await sleep(60);
    expect(
      sources(session)
        .map((s) => s.targetRayMode)
        .sort(),
    ).toEqual(['tracked-pointer', 'tracked-pointer', 'transient-pointer']);
    const transient = sources(session).find((s) => s.targetRayMode === 'transient-pointer')!;
    expect(transient.profiles).toEqual(['generic-button']);
    driver.apply(readDeviceState({ hands: { right: { gesture: 'open' } } }, driver.state));
    await sleep(60);
    expect(sources(session).map((s) => s.targetRayMode)).toEqual(['tracked-pointer', 'tracked-pointer']);
    expect(events).toContain('select:transient-pointer');
    expect(events).toContain('select:tracked-pointer');
    stop();
    await session.end();
  });

  it('a new preset makes a new device; hands instead of controllers keep it and change its input sources', () => {
    const driver = new DeviceDriver(defaultDeviceState('quest-3'));
    const first = driver.device;
    expect(driver.apply(readDeviceState({ headset: { position: [0, 1, 0] } }, driver.state))).toBe(false);
    expect(driver.apply(readDeviceState({ inputMode: 'hands' }, driver.state))).toBe(false);
    expect(driver.device).toBe(first);
    expect(driver.device.inputSources.map((s) => s.state.profiles[0])).toEqual([
      'generic-hand',
      'generic-hand',
    ]);
    expect(driver.device.inputSources[0]!.state.hand).not.toBeNull();
    expect(driver.apply(readDeviceState({ preset: 'pico-4' }, driver.state))).toBe(true);
    expect(driver.device).not.toBe(first);
    expect(driver.device.capableFeatures['immersive-vr']).toContain('hand-tracking');
  });
});
