// The profile's optional rules (R-ADJ-02/04, AMB-07): the strict profile's explicit-consent list
// (local-floor, bounded-floor, unbounded are not granted by an implicit answer), and a profile's
// position quantization and pose throttling applied to the viewer and the input sources.

import { describe, expect, it } from 'vitest';
import type { XRReferenceSpace } from '../../src/api/XRSpace.js';
import { createHeadset, pose } from '../../src/device/simulated.js';
import { defineProfile } from '../../src/policy/profile.js';
import { expectRejectName, inFrame, makeUA, requestImmersive } from './helpers.js';

describe("strict's explicitConsentFeatures (AMB-07)", () => {
  it('an implicit answer does not grant local-floor under strict; it does under spec', async () => {
    const spec = makeUA({ consent: 'grant-all' });
    const s1 = await requestImmersive(spec, { optionalFeatures: ['local-floor', 'bounded-floor'] });
    expect([...s1.enabledFeatures].sort()).toEqual(['bounded-floor', 'local', 'local-floor', 'viewer']);
    await s1.end();

    const strict = makeUA({ consent: 'grant-all', profile: 'strict' });
    const s2 = await requestImmersive(strict, { optionalFeatures: ['local-floor', 'bounded-floor'] });
    expect([...s2.enabledFeatures].sort()).toEqual(['local', 'viewer']);
    await expectRejectName(s2.requestReferenceSpace('local-floor'), 'NotSupportedError');
    await s2.end();
    // Required: the request is refused with the reason.
    await expectRejectName(
      requestImmersive(strict, { requiredFeatures: ['local-floor'] }),
      'NotSupportedError',
    );
    const denial = strict.audit
      .entries()
      .filter((r) => !r.allowed)
      .pop();
    expect(denial?.reason).toMatch(/explicit consent/);
  });

  it('an explicit answer grants them under strict', async () => {
    const strict = makeUA({
      profile: 'strict',
      consent: { grant: ['local', 'local-floor'], kind: 'explicit' },
    });
    const s = await requestImmersive(strict, { requiredFeatures: ['local-floor'] });
    expect(s.enabledFeatures).toContain('local-floor');
    await s.end();
  });
});

describe('pose mitigations of a profile (R-ADJ-02, R-ADJ-04)', () => {
  it('positionQuantizationStep snaps the viewer position; orientation untouched', async () => {
    const device = createHeadset();
    const ua = makeUA({ device, profile: defineProfile({ name: 'q', positionQuantizationStep: 0.05 }) });
    const s = await requestImmersive(ua);
    const local = (await s.requestReferenceSpace('local')) as XRReferenceSpace;
    device.setViewerOrigin(pose(0.1234, 1.5678, -0.3333));
    const p = await inFrame(s, (f) => f.getViewerPose(local)!.transform.position);
    expect([p.x, p.y, p.z]).toEqual([0.1, 1.55, -0.35]);
    await s.end();

    const plain = makeUA({ device: createHeadset() });
    const d2 = plain.device as ReturnType<typeof createHeadset>;
    const s2 = await requestImmersive(plain);
    const l2 = (await s2.requestReferenceSpace('local')) as XRReferenceSpace;
    d2.setViewerOrigin(pose(0.1234, 1.5678, -0.3333));
    const p2 = await inFrame(s2, (f) => f.getViewerPose(l2)!.transform.position);
    expect(p2.x).toBeCloseTo(0.1234, 6);
    await s2.end();
  });

  it('poseThrottleHz holds the viewer pose between updates', async () => {
    const device = createHeadset();
    const ua = makeUA({ device, profile: defineProfile({ name: 't', poseThrottleHz: 4 }) });
    const s = await requestImmersive(ua);
    const local = (await s.requestReferenceSpace('local')) as XRReferenceSpace;
    const seen: { t: number; x: number }[] = [];
    const start = performance.now();
    let i = 0;
    await new Promise<void>((done) => {
      const loop = (
        _t: number,
        f: { getViewerPose(s: object): { transform: { position: { x: number } } } | null },
      ) => {
        i += 1;
        device.setViewerOrigin(pose(i * 0.01, 1.6, 0));
        const p = f.getViewerPose(local);
        if (p) seen.push({ t: performance.now() - start, x: p.transform.position.x });
        if (performance.now() - start < 800) s.requestAnimationFrame(loop as never);
        else done();
      };
      s.requestAnimationFrame(loop as never);
    });
    await s.end();
    const distinct = new Set(seen.map((e) => e.x));
    // Many frames, the device moved in every one; at 4 Hz at most one update per 250 ms (+ the first).
    expect(seen.length).toBeGreaterThan(10);
    expect(distinct.size).toBeGreaterThan(1);
    expect(distinct.size).toBeLessThanOrEqual(Math.ceil(seen[seen.length - 1]!.t / 250) + 1);
  });
});
