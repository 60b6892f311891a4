// R-INTENT-09, AMB-16: an XR select the user completes in a visible session is activation-
// triggering input: a request made in its handler has transient activation (an inline session with
// 'local', which needs it); without it the same request is refused; a select made while the
// session is blurred gives none (it is never delivered).

import { describe, expect, it } from 'vitest';
import type { SimulatedXRDevice } from '../../src/device/simulated.js';
import { expectRejectName, keepFrames, makeUA, nextEvent, requestImmersive, sleep } from './helpers.js';

describe('XR select as user activation', () => {
  it('a request in a select handler has activation; the same request outside one is refused', async () => {
    const ua = makeUA({ consent: { grant: ['local'] } });
    const session = await requestImmersive(ua);
    const stop = keepFrames(session);
    if ((session.inputSources as unknown as { length: number }).length < 2)
      await nextEvent(session, 'inputsourceschange');
    ua.host.clearActivation();
    // Without a select: refused (inline 'local' needs activation).
    await expectRejectName(ua.xr.requestSession('inline', { requiredFeatures: ['local'] }), 'SecurityError');
    const inHandler = new Promise<string>((resolve) => {
      session.addEventListener(
        'select',
        () => {
          ua.xr.requestSession('inline', { requiredFeatures: ['local'] }).then(
            (s) => resolve(`granted:${s.enabledFeatures.join(',')}`),
            (e: { name: string }) => resolve(e.name),
          );
        },
        { once: true },
      );
    });
    (ua.device as SimulatedXRDevice).inputSources[1]!.select();
    expect(await inHandler).toBe('granted:viewer,local');
    stop();
    await session.end();
  });

  it('a select made while the session is blurred is not delivered and gives no activation', async () => {
    const ua = makeUA({ consent: { grant: ['local'] } });
    const session = await requestImmersive(ua);
    const stop = keepFrames(session);
    if ((session.inputSources as unknown as { length: number }).length < 2)
      await nextEvent(session, 'inputsourceschange');
    ua.host.clearActivation();
    let selects = 0;
    session.addEventListener('select', () => selects++);
    (ua.device as SimulatedXRDevice).setVisibility('visible-blurred');
    await sleep(30);
    (ua.device as SimulatedXRDevice).inputSources[1]!.select();
    await sleep(60);
    expect(selects).toBe(0);
    await expectRejectName(ua.xr.requestSession('inline', { requiredFeatures: ['local'] }), 'SecurityError');
    stop();
    await session.end();
  });
});
