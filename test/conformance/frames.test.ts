// spec: #xr-animation-frame: each animation frame gets a new XRFrame, active only during its
// callbacks; a frame kept from one callback is inactive in the next (R-POSE-05).

import { describe, expect, it } from 'vitest';
import type { XRFrame } from '../../src/api/XRFrame.js';
import { expectThrowName, inFrame, makeUA, requestImmersive } from './helpers.js';

describe('animation frames', () => {
  it('R-POSE-05: a frame kept from callback N throws InvalidStateError in callback N+1', async () => {
    const ua = makeUA();
    const session = await requestImmersive(ua);
    const local = await session.requestReferenceSpace('local');
    const first = await inFrame(session, (frame) => {
      expect(frame.getViewerPose(local)).not.toBeNull();
      return frame;
    });
    const second = await inFrame(session, (frame) => {
      // The old frame is another object, and no longer active.
      expectThrowName(() => first.getViewerPose(local), 'InvalidStateError');
      expectThrowName(() => first.getPose(local, local), 'InvalidStateError');
      expect(frame.getViewerPose(local)).not.toBeNull();
      return frame;
    });
    expect(second).not.toBe(first);
    // Every callback of one animation frame shares that frame.
    const pair: XRFrame[] = [];
    await new Promise<void>((resolve) => {
      session.requestAnimationFrame((_t, f) => pair.push(f));
      session.requestAnimationFrame((_t, f) => {
        pair.push(f);
        resolve();
      });
    });
    expect(pair[0]).toBe(pair[1]);
    expect(pair[0]).not.toBe(second);
    await session.end();
  });

  it('R-POSE-05: the frame times of kept frames stay their own', async () => {
    const ua = makeUA();
    const session = await requestImmersive(ua);
    const a = await inFrame(session, (frame, time) => ({ frame, time }));
    const b = await inFrame(session, (frame, time) => ({ frame, time }));
    expect(a.frame.predictedDisplayTime).toBe(a.time);
    expect(b.frame.predictedDisplayTime).toBe(b.time);
    expect(b.time).toBeGreaterThan(a.time);
    await session.end();
  });
});
