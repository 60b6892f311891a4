// §15 Session lifetime and input events: end(), post-end behaviour, device disconnect and
// devicechange, unload, initial input sources, add/remove, and event order around end()
// (R-LIFE-04..09/13/15, R-SESSION-12, R-POLICY-05, R-CONSENT-04).

import { describe, expect, it, vi } from 'vitest';
import type { XRInputSourceEvent, XRInputSourcesChangeEvent, XRSessionEvent } from '../../src/api/events.js';
import type { XRFrame } from '../../src/api/XRFrame.js';
import type { XRInputSource } from '../../src/api/XRInputSource.js';
import type { XRSession } from '../../src/api/XRSession.js';
import { XRWebGLLayer } from '../../src/api/XRWebGLLayer.js';
import { createHeadset, type SimulatedXRDevice } from '../../src/device/simulated.js';
import {
  expectRejectName,
  expectThrowName,
  inFrame,
  initialInputs,
  keepFrames,
  makeUA,
  nextEvent,
  requestImmersive,
  sleep,
} from './helpers.js';

function inputs(s: XRSession): XRInputSource[] {
  return [...(s.inputSources as unknown as Iterable<XRInputSource>)];
}

async function immersiveWithInputs(ua: ReturnType<typeof makeUA>) {
  const s = await requestImmersive(ua);
  if (inputs(s).length === 0) await initialInputs(s);
  return s;
}

describe('§15 end() and the end event (R-LIFE-04/05/06)', () => {
  it('R-LIFE-05: end() twice: the second rejects InvalidStateError', async () => {
    const ua = makeUA();
    const s = await requestImmersive(ua);
    const first = s.end();
    await expectRejectName(s.end(), 'InvalidStateError');
    await expect(first).resolves.toBeUndefined();
    await expectRejectName(s.end(), 'InvalidStateError');
  });

  it('R-LIFE-06: end fires with event.session for immersive and inline sessions', async () => {
    const ua = makeUA();
    for (const s of [await requestImmersive(ua), await ua.xr.requestSession('inline')]) {
      let handler: XRSessionEvent | null = null;
      (s as unknown as { onend: (e: Event) => void }).onend = (e: Event) => {
        handler = e as XRSessionEvent;
      };
      const ev = nextEvent<XRSessionEvent>(s, 'end');
      await s.end();
      const e = await ev;
      expect(e.session).toBe(s);
      expect(handler).toBe(e);
    }
  });

  it('R-LIFE-04: outstanding session promises reject InvalidStateError on shutdown (end() resolves)', async () => {
    const ua = makeUA();
    const s = await requestImmersive(ua);
    const space = s.requestReferenceSpace('local');
    const rate = s.updateTargetFrameRate(72);
    const ended = s.end();
    await expectRejectName(space, 'InvalidStateError');
    await expectRejectName(rate, 'InvalidStateError');
    await expect(ended).resolves.toBeUndefined();
    await expectRejectName(s.requestReferenceSpace('viewer'), 'InvalidStateError');
  });

  it('R-LIFE-07: after end, requestAnimationFrame returns 0 and callbacks never run', async () => {
    const ua = makeUA();
    const s = await requestImmersive(ua);
    let ran = false;
    s.requestAnimationFrame(() => {
      ran = true;
    });
    await s.end();
    expect(s.requestAnimationFrame(() => {})).toBe(0);
    await sleep(40);
    expect(ran).toBe(false);
  });

  it('R-LIFE-07: after end, updateRenderState throws InvalidStateError', async () => {
    const ua = makeUA();
    const s = await requestImmersive(ua);
    await s.end();
    expectThrowName(() => s.updateRenderState({ depthNear: 0.5 }), 'InvalidStateError');
    expectThrowName(() => s.updateRenderState(), 'InvalidStateError');
  });

  it('R-LIFE-07: after end, new XRWebGLLayer throws InvalidStateError and the native scale factor is 0', async () => {
    const ua = makeUA();
    const s = await requestImmersive(ua);
    expect(XRWebGLLayer.getNativeFramebufferScaleFactor(s)).toBe(1);
    await s.end();
    expectThrowName(() => new XRWebGLLayer(s, {}), 'InvalidStateError');
    expect(XRWebGLLayer.getNativeFramebufferScaleFactor(s)).toBe(0);
  });

  it('R-LIFE-07: after end, updateTargetFrameRate rejects InvalidStateError', async () => {
    const ua = makeUA();
    const s = await requestImmersive(ua);
    await s.end();
    await expectRejectName(s.updateTargetFrameRate(72), 'InvalidStateError');
  });
});

describe('§15 device changes and unload (R-LIFE-08/13, R-POLICY-05)', () => {
  it('R-LIFE-08: device.disconnect() ends the session and fires devicechange on navigator.xr', async () => {
    const ua = makeUA();
    const s = await requestImmersive(ua);
    const inline = await ua.xr.requestSession('inline', {});
    const end = nextEvent(s, 'end');
    const change = nextEvent(ua.xr, 'devicechange');
    (ua.device as SimulatedXRDevice).disconnect();
    await end;
    await change;
    await expectRejectName(s.end(), 'InvalidStateError');
    // The immersive device changed: every session ends, inline ones included (R-LIFE-08 step 7).
    await expectRejectName(inline.end(), 'InvalidStateError');
    await expect(ua.xr.isSessionSupported('immersive-vr')).resolves.toBe(false);
    // A new device is announced too, and works.
    const next = nextEvent(ua.xr, 'devicechange');
    ua.connectDevice(createHeadset({ id: 'second' }));
    await next;
    const s2 = await requestImmersive(ua);
    await s2.end();
  });

  it('R-LIFE-08: ondevicechange handler attribute receives the event', async () => {
    const ua = makeUA();
    let fired = 0;
    (ua.xr as unknown as { ondevicechange: () => void }).ondevicechange = () => {
      fired++;
    };
    const change = nextEvent(ua.xr, 'devicechange');
    (ua.device as SimulatedXRDevice).disconnect();
    await change;
    expect(fired).toBe(1);
  });

  it('R-POLICY-05: no devicechange in a document not allowed to use xr-spatial-tracking', async () => {
    const ua = makeUA({ policy: { 'xr-spatial-tracking': false } });
    const allowed = ua.openDocument();
    let blocked = 0;
    let seen = 0;
    ua.xr.addEventListener('devicechange', () => blocked++);
    allowed.navigator.xr!.addEventListener('devicechange', () => seen++);
    let change = nextEvent(allowed.navigator.xr!, 'devicechange');
    (ua.device as SimulatedXRDevice).disconnect();
    await change;
    change = nextEvent(allowed.navigator.xr!, 'devicechange');
    ua.connectDevice(createHeadset({ id: 'another' }));
    await change;
    await sleep(5);
    expect(blocked).toBe(0);
    expect(seen).toBe(2);
  });

  it('R-LIFE-08: a second headset while one is selected changes nothing: no devicechange, the session lives', async () => {
    const ua = makeUA();
    const s = await requestImmersive(ua);
    let changes = 0;
    ua.xr.addEventListener('devicechange', () => changes++);
    let ended = false;
    s.addEventListener('end', () => {
      ended = true;
    });
    ua.connectDevice(createHeadset({ id: 'spare' }));
    await sleep(20);
    expect(changes).toBe(0);
    expect(ended).toBe(false);
    await s.end();
  });

  it('R-VIS-16: inline animation loops pause while an immersive session is active and resume after', async () => {
    const ua = makeUA();
    const inline = await ua.xr.requestSession('inline');
    const s = await requestImmersive(ua);
    let ran = 0;
    const done = new Promise<void>((r) =>
      inline.requestAnimationFrame(() => {
        ran++;
        r();
      }),
    );
    await sleep(60);
    expect(ran).toBe(0);
    await s.end();
    await done;
    expect(ran).toBe(1);
  });

  it("R-LIFE-13: unloading one document leaves another document's session running", async () => {
    const ua = makeUA();
    const other = ua.openDocument();
    other.host.click();
    const s = await other.navigator.xr!.requestSession('immersive-vr');
    ua.host.unload();
    await sleep(10);
    expect(s.visibilityState).toBe('visible');
    await expect(s.end()).resolves.toBeUndefined();
  });

  it('R-LIFE-13: host.unload() ends the document’s sessions', async () => {
    const ua = makeUA();
    const s = await requestImmersive(ua);
    const inline = await ua.xr.requestSession('inline');
    const ends = [nextEvent(s, 'end'), nextEvent(inline, 'end')];
    ua.host.unload();
    await Promise.all(ends);
    await expectRejectName(s.end(), 'InvalidStateError');
    // The device lock is released: another document can enter immersive.
    const other = ua.openDocument();
    other.host.click();
    const s2 = await other.navigator.xr!.requestSession('immersive-vr');
    await s2.end();
  });

  it('R-LIFE-13: a request made after unload rejects InvalidStateError', async () => {
    const ua = makeUA();
    ua.host.click();
    ua.host.unload();
    await expectRejectName(ua.xr.requestSession('immersive-vr'), 'InvalidStateError');
  });

  it('R-LIFE-13: a request pending in a prompt when the document unloads rejects InvalidStateError/AbortError', async () => {
    const ua = makeUA({ consent: { grant: ['local-floor'], delayMs: 2000 } });
    ua.host.click();
    const p = ua.xr.requestSession('immersive-vr', { requiredFeatures: ['local-floor'] });
    const outcome = p.then(
      () => 'resolved',
      (e: DOMException) => e.name,
    );
    await vi.waitFor(() => expect(ua.host.consentQuestions).toHaveLength(1));
    ua.host.unload();
    expect(['InvalidStateError', 'AbortError']).toContain(await outcome);
  });
});

describe('§15 input sources and events (R-SESSION-12, R-LIFE-09/15)', () => {
  it('R-SESSION-12: inputsourceschange fires after requestSession resolves, with the initial sources, in the first frame', async () => {
    const ua = makeUA();
    ua.host.click();
    const s = await ua.xr.requestSession('immersive-vr');
    // Added only now, after resolution: the initial event is still to come.
    expect(inputs(s)).toHaveLength(0);
    // Like Chromium, the session learns of its sources from the frames' data: no frame, no event.
    let changes = 0;
    s.addEventListener('inputsourceschange', () => changes++);
    await sleep(50);
    expect(changes).toBe(0);
    expect(inputs(s)).toHaveLength(0);
    // The first frame announces them, before its callbacks run.
    const order: string[] = [];
    const ev = await new Promise<XRInputSourcesChangeEvent>((resolve) => {
      s.addEventListener(
        'inputsourceschange',
        (e) => {
          order.push('inputsourceschange');
          resolve(e as XRInputSourcesChangeEvent);
        },
        { once: true },
      );
      s.requestAnimationFrame(() => order.push(`callback:${inputs(s).length}`));
    });
    await inFrame(s, () => undefined);
    expect(order).toEqual(['inputsourceschange', 'callback:2']);
    expect(ev.session).toBe(s);
    const added = ev.added as unknown as XRInputSource[];
    expect(added.map((a) => a.handedness).sort()).toEqual(['left', 'right']);
    expect(ev.removed).toHaveLength(0);
    expect(inputs(s)).toHaveLength(2);
    await s.end();
  });

  it('R-EXPO-07: inline sessions have no input sources', async () => {
    const ua = makeUA();
    const s = await ua.xr.requestSession('inline');
    await inFrame(s, () => undefined);
    expect(inputs(s)).toHaveLength(0);
  });

  it('R-SESSION-12: addInputSource / disconnect fire added / removed', async () => {
    const ua = makeUA();
    const device = ua.device as SimulatedXRDevice;
    const s = await immersiveWithInputs(ua);
    const stop = keepFrames(s);
    const gaze = device.addInputSource({ handedness: 'none', targetRayMode: 'gaze' });
    const added = await nextEvent<XRInputSourcesChangeEvent>(s, 'inputsourceschange');
    expect(added.added).toHaveLength(1);
    const src = (added.added as unknown as XRInputSource[])[0]!;
    expect(src.targetRayMode).toBe('gaze');
    expect(src.gripSpace).toBeNull();
    expect(inputs(s)).toHaveLength(3);
    gaze.disconnect();
    const removed = await nextEvent<XRInputSourcesChangeEvent>(s, 'inputsourceschange');
    expect(removed.removed).toHaveLength(1);
    expect((removed.removed as unknown as XRInputSource[])[0]).toBe(src);
    expect(inputs(s)).toHaveLength(2);
    stop();
    await s.end();
  });

  it('R-LIFE-09: disconnecting a source mid-selection fires selectend (no select)', async () => {
    const ua = makeUA();
    const device = ua.device as SimulatedXRDevice;
    const s = await immersiveWithInputs(ua);
    const events: string[] = [];
    for (const t of ['selectstart', 'select', 'selectend', 'inputsourceschange'])
      s.addEventListener(t, () => events.push(t));
    const stop = keepFrames(s);
    const src = device.inputSources[0]!;
    src.startSelection();
    await nextEvent(s, 'selectstart');
    src.disconnect();
    await nextEvent(s, 'inputsourceschange');
    stop();
    expect(events).toEqual(['selectstart', 'selectend', 'inputsourceschange']);
    await s.end();
  });

  it('R-LIFE-15: a select click gives selectstart, select, selectend in order, each with the source and a frame', async () => {
    const ua = makeUA();
    const device = ua.device as SimulatedXRDevice;
    const s = await immersiveWithInputs(ua);
    const events: [string, unknown][] = [];
    for (const t of ['selectstart', 'select', 'selectend'])
      s.addEventListener(t, (e) => events.push([t, (e as XRInputSourceEvent).inputSource]));
    const stop = keepFrames(s);
    device.inputSources[1]!.select();
    await nextEvent(s, 'selectend');
    stop();
    expect(events.map((e) => e[0])).toEqual(['selectstart', 'select', 'selectend']);
    const right = inputs(s).find((i) => i.handedness === 'right');
    for (const [, src] of events) expect(src).toBe(right);
    await s.end();
  });

  it('R-LIFE-15: squeeze click gives squeezestart, squeeze, squeezeend', async () => {
    const ua = makeUA();
    const device = ua.device as SimulatedXRDevice;
    const s = await immersiveWithInputs(ua);
    const events: string[] = [];
    for (const t of ['squeezestart', 'squeeze', 'squeezeend']) s.addEventListener(t, () => events.push(t));
    const stop = keepFrames(s);
    device.inputSources[0]!.squeeze();
    await nextEvent(s, 'squeezeend');
    stop();
    expect(events).toEqual(['squeezestart', 'squeeze', 'squeezeend']);
    await s.end();
  });

  it('R-LIFE-15: end() in the selectstart handler gives selectstart, selectend, end — no select', async () => {
    const ua = makeUA();
    const device = ua.device as SimulatedXRDevice;
    const s = await immersiveWithInputs(ua);
    const local = await s.requestReferenceSpace('local');
    const events: string[] = [];
    let selectendPose: unknown = 'not called';
    s.addEventListener('selectstart', () => {
      events.push('selectstart');
      void s.end();
    });
    s.addEventListener('select', () => events.push('select'));
    s.addEventListener('selectend', (e) => {
      events.push('selectend');
      const ev = e as XRInputSourceEvent;
      try {
        selectendPose = (ev.frame as XRFrame).getPose(
          (ev.inputSource as XRInputSource).targetRaySpace,
          local,
        );
      } catch (err) {
        selectendPose = err;
      }
    });
    s.addEventListener('inputsourceschange', () => events.push('inputsourceschange'));
    const end = nextEvent(s, 'end').then(() => events.push('end'));
    keepFrames(s);
    const src = device.inputSources[0]!;
    src.startSelection();
    await end;
    src.endSelection();
    await sleep(30);
    expect(events).toEqual(['selectstart', 'selectend', 'end']);
    // R-LIFE-15/R-CONSENT-04: the frame of an ended session is never active.
    expect((selectendPose as DOMException).name).toBe('InvalidStateError');
  });

  it('R-LIFE-15: end() in the select handler: selectend still arrives before end', async () => {
    const ua = makeUA();
    const device = ua.device as SimulatedXRDevice;
    const s = await immersiveWithInputs(ua);
    const events: string[] = [];
    s.addEventListener('selectstart', () => events.push('selectstart'));
    s.addEventListener('select', () => {
      events.push('select');
      void s.end();
    });
    s.addEventListener('selectend', () => events.push('selectend'));
    const end = nextEvent(s, 'end').then(() => events.push('end'));
    keepFrames(s);
    device.inputSources[0]!.select();
    await end;
    expect(events).toEqual(['selectstart', 'select', 'selectend', 'end']);
  });

  it('R-LIFE-15: end() in an inputsourceschange handler: only end follows', async () => {
    const ua = makeUA();
    const device = ua.device as SimulatedXRDevice;
    const s = await immersiveWithInputs(ua);
    const events: string[] = [];
    for (const t of ['selectstart', 'select', 'selectend']) s.addEventListener(t, () => events.push(t));
    s.addEventListener('inputsourceschange', () => {
      events.push('inputsourceschange');
      void s.end();
    });
    const end = nextEvent(s, 'end').then(() => events.push('end'));
    keepFrames(s);
    device.addInputSource({ handedness: 'none', targetRayMode: 'gaze' }).select();
    device.inputSources[0]!.select();
    await end;
    await sleep(20);
    expect(events).toEqual(['inputsourceschange', 'end']);
  });
});
