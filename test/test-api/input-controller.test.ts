// FakeXRInputController: every member, the events it drives and its argument errors.
// Requirement ids: R-TEST-03, R-TEST-05, R-TEST-06, R-ADJ-15, R-LIFE-09.

import { describe, expect, it } from 'vitest';
import type { XRPose } from '../../src/api/XRPose.js';
import type { XRSession } from '../../src/api/XRSession.js';
import {
  callLoose,
  expectThrow,
  expectVec,
  inFrame,
  makeTestUA,
  RIGHT_CONTROLLER,
  requestWithActivation,
  sourceAt,
  trackedImmersive,
  twoFrames,
} from './helpers.js';

const T = (x: number, y: number, z: number) => ({ position: [x, y, z], orientation: [0, 0, 0, 1] });

const EVENTS = [
  'inputsourceschange',
  'selectstart',
  'select',
  'selectend',
  'squeezestart',
  'squeeze',
  'squeezeend',
] as const;

/** Records event types; inputsourceschange as `inputsourceschange:added/removed`. */
function events(session: XRSession): string[] {
  const out: string[] = [];
  for (const t of EVENTS) {
    session.addEventListener(t, (e) => {
      const c = e as unknown as { added?: readonly unknown[]; removed?: readonly unknown[] };
      out.push(c.added ? `${t}:${c.added.length}/${c.removed?.length}` : t);
    });
  }
  return out;
}

async function setup(init: Record<string, unknown> = {}) {
  const ua = makeTestUA();
  const device = await ua.test.simulateDeviceConnection(trackedImmersive());
  const session = await requestWithActivation(ua, 'immersive-vr');
  const local = await session.requestReferenceSpace('local');
  const controller = device.simulateInputSourceConnection({ ...RIGHT_CONTROLLER(), ...init });
  await twoFrames(session);
  const log = events(session);
  return { ua, device, session, local, controller, log };
}

const button = <T extends string>(
  buttonType: T,
  pressed = false,
  touched = pressed,
  pressedValue = pressed ? 1 : 0,
) => ({
  buttonType,
  pressed,
  touched,
  pressedValue,
});

describe('FakeXRInputController: identity changes recreate the source', () => {
  it('R-LIFE-09: a selection in progress carries over a recreation: the old source ends, the new one starts, and its end completes it', async () => {
    const { session, controller, log } = await setup();
    const sources: unknown[] = [];
    for (const t of ['selectstart', 'select', 'selectend']) {
      session.addEventListener(t, (e) =>
        sources.push((e as unknown as { inputSource: unknown }).inputSource),
      );
    }
    controller.startSelection();
    await twoFrames(session);
    const first = sourceAt(session, 0);
    controller.setHandedness('left');
    await twoFrames(session);
    const second = sourceAt(session, 0);
    controller.endSelection();
    await twoFrames(session);
    expect(log).toEqual([
      'selectstart',
      'selectend',
      'inputsourceschange:1/1',
      'selectstart',
      'select',
      'selectend',
    ]);
    expect(sources).toEqual([first, first, second, second, second]);
    await session.end();
  });

  it('R-TEST-03: setHandedness gives a new XRInputSource (removed + added) with the new handedness', async () => {
    const { session, controller, log } = await setup();
    const before = sourceAt(session, 0);
    controller.setHandedness('left');
    await twoFrames(session);
    expect(log).toEqual(['inputsourceschange:1/1']);
    expect(session.inputSources.length).toBe(1);
    expect(sourceAt(session, 0)).not.toBe(before);
    expect(sourceAt(session, 0)?.handedness).toBe('left');
    // The same value again changes nothing.
    log.length = 0;
    controller.setHandedness('left');
    await twoFrames(session);
    expect(log).toEqual([]);
    await session.end();
  });

  it('R-TEST-03: setTargetRayMode gives a new XRInputSource with the new mode', async () => {
    const { session, controller, log } = await setup();
    const before = sourceAt(session, 0);
    controller.setTargetRayMode('gaze');
    await twoFrames(session);
    expect(log).toEqual(['inputsourceschange:1/1']);
    expect(sourceAt(session, 0)).not.toBe(before);
    expect(sourceAt(session, 0)?.targetRayMode).toBe('gaze');
    await session.end();
  });

  it('R-TEST-03, R-ADJ-15: setProfiles: the source reports the new list unchanged', async () => {
    const { session, controller } = await setup();
    controller.setProfiles(['vendor-a', 'generic-b']);
    await twoFrames(session);
    expect(session.inputSources.length).toBe(1);
    expect([...(sourceAt(session, 0)?.profiles ?? [])]).toEqual(['vendor-a', 'generic-b']);
    await session.end();
  });

  it('WebIDL: bad enums, non-sequences and missing arguments throw TypeError', async () => {
    const { session, controller } = await setup();
    expectThrow(() => callLoose(controller, 'setHandedness', 'up'), 'TypeError');
    expectThrow(() => callLoose(controller, 'setHandedness'), 'TypeError');
    expectThrow(() => callLoose(controller, 'setTargetRayMode', 'laser'), 'TypeError');
    expectThrow(() => callLoose(controller, 'setTargetRayMode'), 'TypeError');
    expectThrow(() => callLoose(controller, 'setProfiles', 42), 'TypeError');
    expectThrow(() => callLoose(controller, 'setProfiles'), 'TypeError');
    await session.end();
  });
});

describe('FakeXRInputController: grip and pointer origins', () => {
  it('R-TEST-03: setGripOrigin(+emulatedPosition) and setPointerOrigin(+emulatedPosition) drive the poses', async () => {
    const { session, local, controller } = await setup();
    const src = sourceAt(session, 0);
    controller.setGripOrigin(T(1, 2, 3));
    controller.setPointerOrigin(T(4, 5, 6));
    await twoFrames(session);
    let r = await inFrame(session, (f) => ({
      grip: src?.gripSpace ? f.getPose(src.gripSpace, local) : null,
      ray: src ? f.getPose(src.targetRaySpace, local) : null,
    }));
    expectVec(r.grip?.transform.position ?? { x: 0, y: 0, z: 0 }, 1, 2, 3);
    expectVec(r.ray?.transform.position ?? { x: 0, y: 0, z: 0 }, 4, 5, 6);
    expect(r.grip?.emulatedPosition).toBe(false);
    expect(r.ray?.emulatedPosition).toBe(false);
    controller.setGripOrigin(T(1, 2, 3), true);
    controller.setPointerOrigin(T(4, 5, 6), true);
    await twoFrames(session);
    r = await inFrame(session, (f) => ({
      grip: src?.gripSpace ? f.getPose(src.gripSpace, local) : null,
      ray: src ? f.getPose(src.targetRaySpace, local) : null,
    }));
    // R-ADJ-15: a non-null pose with emulatedPosition true.
    expect(r.grip).not.toBeNull();
    expect(r.grip?.emulatedPosition).toBe(true);
    expect(r.ray?.emulatedPosition).toBe(true);
    await session.end();
  });

  it('R-TEST-03: clearGripOrigin makes the grip untracked (null pose); the source stays', async () => {
    const { session, local, controller, log } = await setup();
    const src = sourceAt(session, 0);
    controller.clearGripOrigin();
    await twoFrames(session);
    const r = await inFrame(session, (f) =>
      src?.gripSpace ? f.getPose(src.gripSpace, local) : 'no grip space',
    );
    expect(r).toBeNull();
    expect(sourceAt(session, 0)).toBe(src);
    expect(log).toEqual([]);
    controller.setGripOrigin(T(0, 1, 0));
    await twoFrames(session);
    const again = await inFrame(session, (f) => (src?.gripSpace ? f.getPose(src.gripSpace, local) : null));
    expect(again?.transform.position.y).toBeCloseTo(1, 6);
    await session.end();
  });

  it('R-TEST-03: a tracked pointer without a grip is not tracked: no target ray pose until a grip is set, none again after clearGripOrigin', async () => {
    const { session, local, controller } = await setup({ gripOrigin: undefined });
    const src = sourceAt(session, 0);
    const poses = () =>
      inFrame(session, (f) => ({
        grip: src?.gripSpace ? f.getPose(src.gripSpace, local) : 'no grip space',
        ray: src ? f.getPose(src.targetRaySpace, local) : 'no source',
      }));
    expect(await poses()).toEqual({ grip: null, ray: null });
    controller.setGripOrigin(T(0, 1, 0));
    await twoFrames(session);
    // Tracked: the target ray is where the test put it (not moved by the grip).
    const r = await poses();
    expectVec((r.ray as XRPose).transform.position, 0.5, 1, -1);
    controller.clearGripOrigin();
    await twoFrames(session);
    expect(await poses()).toEqual({ grip: null, ray: null });
    // The same source throughout.
    expect(sourceAt(session, 0)).toBe(src);
    await session.end();
  });

  it('R-TEST-03: bad transforms, null and missing arguments throw TypeError', async () => {
    const { session, controller } = await setup();
    expectThrow(() => controller.setGripOrigin({ position: [0, 0], orientation: [0, 0, 0, 1] }), 'TypeError');
    expectThrow(() => controller.setGripOrigin({ position: [0, 0, 0], orientation: [0, 0, 1] }), 'TypeError');
    expectThrow(() => callLoose(controller, 'setGripOrigin', null), 'TypeError');
    expectThrow(() => callLoose(controller, 'setGripOrigin'), 'TypeError');
    expectThrow(
      () => controller.setPointerOrigin({ position: [0, 0, 0, 0], orientation: [0, 0, 0, 1] }),
      'TypeError',
    );
    expectThrow(() => callLoose(controller, 'setPointerOrigin', null), 'TypeError');
    expectThrow(() => callLoose(controller, 'setPointerOrigin'), 'TypeError');
    await session.end();
  });
});

describe('FakeXRInputController: disconnect / reconnect', () => {
  it('R-TEST-03: disconnect removes the source, reconnect adds it back; repeats are no-ops', async () => {
    const { session, controller, log } = await setup();
    controller.disconnect();
    controller.disconnect();
    await twoFrames(session);
    expect(log).toEqual(['inputsourceschange:0/1']);
    expect(session.inputSources.length).toBe(0);
    controller.reconnect();
    controller.reconnect();
    await twoFrames(session);
    expect(log).toEqual(['inputsourceschange:0/1', 'inputsourceschange:1/0']);
    expect(session.inputSources.length).toBe(1);
    await session.end();
  });

  it('R-LIFE-09: disconnecting mid-selection still delivers selectend (no select)', async () => {
    const { session, controller, log } = await setup();
    controller.startSelection();
    await twoFrames(session);
    controller.disconnect();
    await twoFrames(session);
    expect(log).toEqual(['selectstart', 'selectend', 'inputsourceschange:0/1']);
    await session.end();
  });
});

describe('FakeXRInputController: primary action', () => {
  it('R-TEST-06: startSelection then endSelection: selectstart, then select, selectend', async () => {
    const { session, controller, log } = await setup();
    controller.startSelection();
    controller.startSelection();
    await twoFrames(session);
    expect(log).toEqual(['selectstart']);
    controller.endSelection();
    controller.endSelection();
    await twoFrames(session);
    expect(log).toEqual(['selectstart', 'select', 'selectend']);
    await session.end();
  });

  it('R-TEST-06: simulateSelect fires selectstart, select, selectend in that order', async () => {
    const { session, controller, log } = await setup();
    const seenSource: unknown[] = [];
    session.addEventListener('select', (e) =>
      seenSource.push((e as unknown as { inputSource: unknown }).inputSource),
    );
    controller.simulateSelect();
    await twoFrames(session);
    expect(log).toEqual(['selectstart', 'select', 'selectend']);
    expect(seenSource).toEqual([sourceAt(session, 0)]);
    await session.end();
  });

  it('spec(test) simulate a full primary action: while started, it stops (select, selectend) and starts again', async () => {
    const { session, controller, log } = await setup();
    controller.startSelection();
    await twoFrames(session);
    controller.simulateSelect();
    await twoFrames(session);
    expect(log).toEqual(['selectstart', 'select', 'selectend', 'selectstart']);
    controller.endSelection();
    await twoFrames(session);
    expect(log.slice(4)).toEqual(['select', 'selectend']);
    await session.end();
  });

  it('endSelection without a started action fires nothing', async () => {
    const { session, controller, log } = await setup();
    controller.endSelection();
    await twoFrames(session);
    expect(log).toEqual([]);
    await session.end();
  });
});

describe('FakeXRInputController: buttons and gamepad', () => {
  it('R-TEST-03: supportedButtons feed an xr-standard gamepad (first of each type wins)', async () => {
    const { session } = await setup({
      supportedButtons: [
        button('grip'),
        { ...button('touchpad', false, true), xValue: 0.5, yValue: -0.5 },
        button('grip', true),
      ],
    });
    const gp = sourceAt(session, 0)?.gamepad;
    expect(gp).not.toBeNull();
    expect(gp?.mapping).toBe('xr-standard');
    expect(gp?.buttons.length).toBeGreaterThanOrEqual(3);
    expect(gp?.buttons[1]?.pressed).toBe(false);
    expect(gp?.buttons[2]?.touched).toBe(true);
    expect(gp?.axes[0]).toBeCloseTo(0.5, 6);
    expect(gp?.axes[1]).toBeCloseTo(-0.5, 6);
    await session.end();
  });

  it('R-TEST-03: updateButtonState updates the gamepad; the primary action drives button 0', async () => {
    const { session, controller } = await setup({
      supportedButtons: [button('grip'), button('touchpad'), button('thumbstick')],
    });
    controller.updateButtonState({ ...button('touchpad', false, true), xValue: 0.25, yValue: 0.75 });
    controller.updateButtonState({ ...button('thumbstick', true), xValue: -1, yValue: 1 });
    controller.startSelection();
    await twoFrames(session);
    const gp = sourceAt(session, 0)?.gamepad;
    expect(gp?.buttons[0]?.pressed).toBe(true);
    expect(gp?.buttons[2]?.touched).toBe(true);
    expect(gp?.buttons[3]?.pressed).toBe(true);
    expect([...(gp?.axes ?? [])]).toEqual([0.25, 0.75, -1, 1]);
    controller.endSelection();
    await twoFrames(session);
    expect(sourceAt(session, 0)?.gamepad?.buttons[0]?.pressed).toBe(false);
    await session.end();
  });

  it("R-TEST-03: the 'grip' button drives the squeeze action: squeezestart, then squeeze, squeezeend", async () => {
    const { session, controller, log } = await setup({ supportedButtons: [button('grip')] });
    controller.updateButtonState({ ...button('grip', true), pressedValue: 0.8 });
    await twoFrames(session);
    expect(log).toEqual(['squeezestart']);
    expect(sourceAt(session, 0)?.gamepad?.buttons[1]?.value).toBeCloseTo(0.8, 6);
    controller.updateButtonState(button('grip'));
    await twoFrames(session);
    expect(log).toEqual(['squeezestart', 'squeeze', 'squeezeend']);
    await session.end();
  });

  it('spec(test) updateButtonState: a button type not set up throws NotFoundError', async () => {
    const { session, controller } = await setup({ supportedButtons: [button('grip')] });
    expectThrow(() => controller.updateButtonState(button('thumbstick', true)), 'NotFoundError');
    const { session: s2, controller: c2 } = await setup();
    expectThrow(() => c2.updateButtonState(button('grip', true)), 'NotFoundError');
    await s2.end();
    await session.end();
  });

  it('WebIDL: a bad FakeXRButtonType, a missing required member or no argument throws TypeError', async () => {
    const { session, controller } = await setup({ supportedButtons: [button('grip')] });
    expectThrow(() => callLoose(controller, 'updateButtonState', button('trigger', true)), 'TypeError');
    expectThrow(
      () =>
        callLoose(controller, 'updateButtonState', { buttonType: 'grip', pressed: false, touched: false }),
      'TypeError',
    );
    expectThrow(() => callLoose(controller, 'updateButtonState'), 'TypeError');
    expectThrow(() => callLoose(controller, 'setSupportedButtons', [button('x')]), 'TypeError');
    expectThrow(() => callLoose(controller, 'setSupportedButtons', 42), 'TypeError');
    expectThrow(() => callLoose(controller, 'setSupportedButtons'), 'TypeError');
    await session.end();
  });

  it('spec(test) validate a button state: inconsistent pressed/touched/pressedValue throw TypeError', async () => {
    const { session, controller } = await setup({ supportedButtons: [button('grip')] });
    try {
      expectThrow(() => controller.updateButtonState(button('grip', true, false, 1)), 'TypeError');
      expectThrow(() => controller.updateButtonState(button('grip', false, true, -0.5)), 'TypeError');
      expectThrow(() => controller.updateButtonState(button('grip', false, false, 0.5)), 'TypeError');
    } finally {
      await session.end();
    }
  });

  it('R-TEST-03: setSupportedButtons replaces the button set (updateButtonState then finds the new types)', async () => {
    const { session, controller } = await setup({ supportedButtons: [button('grip')] });
    controller.setSupportedButtons([button('thumbstick')]);
    expectThrow(() => controller.updateButtonState(button('grip', true)), 'NotFoundError');
    expect(controller.updateButtonState(button('thumbstick', true))).toBeUndefined();
    await twoFrames(session);
    expect(sourceAt(session, 0)?.gamepad?.buttons[3]?.pressed).toBe(true);
    await session.end();
  });

  it('R-TEST-03: gaining or losing the gamepad makes a new input source ([SameObject] gamepad); the old gamepad disconnects', async () => {
    const { session, controller } = await setup();
    const first = sourceAt(session, 0);
    expect(first?.gamepad).toBeNull();
    const changes: [number, number][] = [];
    session.addEventListener('inputsourceschange', (e) => {
      const ev = e as unknown as { added: readonly unknown[]; removed: readonly unknown[] };
      changes.push([ev.added.length, ev.removed.length]);
    });
    controller.setSupportedButtons([button('grip'), button('touchpad')]);
    await twoFrames(session);
    const second = sourceAt(session, 0);
    const gp = second?.gamepad;
    expect(second).not.toBe(first);
    expect(session.inputSources.length).toBe(1);
    expect(gp?.mapping).toBe('xr-standard');
    expect([gp?.buttons.length, gp?.axes.length, gp?.index, gp?.id, gp?.connected]).toEqual([
      3,
      2,
      -1,
      '',
      true,
    ]);
    // Button changes update the same gamepad in place, with no inputsourceschange.
    controller.updateButtonState(button('grip', true));
    await twoFrames(session);
    expect(sourceAt(session, 0)).toBe(second);
    expect(sourceAt(session, 0)?.gamepad).toBe(gp);
    expect(gp?.buttons[1]?.pressed).toBe(true);
    controller.setSupportedButtons([]);
    await twoFrames(session);
    expect(sourceAt(session, 0)).not.toBe(second);
    expect(sourceAt(session, 0)?.gamepad).toBeNull();
    expect(gp?.connected).toBe(false);
    expect(changes).toEqual([
      [1, 1],
      [1, 1],
    ]);
    // Ending the session disconnects the gamepads of its input sources.
    controller.setSupportedButtons([button('grip')]);
    await twoFrames(session);
    const last = sourceAt(session, 0)?.gamepad;
    expect(last?.connected).toBe(true);
    await session.end();
    expect(last?.connected).toBe(false);
  });
});
