// The Lighting Estimation Module on xrgate's runtime, driven by FakeXRDevice.setLightEstimate:
// requestLightProbe's steps and errors, getLightEstimate's steps and errors, the Test API
// dictionary's validation, and the strict profile's quantization and update interval.
// Requirement ids: R-TEST-02, R-TEST-09, R-FEAT-11, R-FEAT-20, R-POSE-05.

import { describe, expect, it } from 'vitest';
import type { XRFrame } from '../../src/api/XRFrame.js';
import type { XRLightProbe } from '../../src/api/XRLightProbe.js';
import type { XRSession } from '../../src/api/XRSession.js';
import type { FakeXRDeviceInit } from '../../src/test-api/index.js';
import {
  expectReject,
  expectThrow,
  inFrame,
  makeTestUA,
  requestWithActivation,
  STEREO_VIEWS,
  twoFrames,
} from './helpers.js';

const SH = Array.from({ length: 27 }, (_, i) => (i + 1) / 100);
const AR_DEVICE: FakeXRDeviceInit = {
  supportsImmersive: true,
  supportedModes: ['inline', 'immersive-ar'],
  views: STEREO_VIEWS(),
  viewerOrigin: { position: [0, 0, 0], orientation: [0, 0, 0, 1] },
  supportedFeatures: ['viewer', 'local', 'light-estimation'],
};

type Frame = XRFrame & {
  getLightEstimate(p: XRLightProbe): null | {
    sphericalHarmonicsCoefficients: Float32Array;
    primaryLightDirection: DOMPointReadOnly;
    primaryLightIntensity: DOMPointReadOnly;
  };
};
type ARSession = XRSession & {
  requestLightProbe(o?: unknown): Promise<XRLightProbe>;
  preferredReflectionFormat: string;
};

async function arSession(profile?: 'strict') {
  const ua = makeTestUA(profile ? { profile } : {});
  const device = await ua.test.simulateDeviceConnection(AR_DEVICE);
  const session = (await requestWithActivation(ua, 'immersive-ar', {
    requiredFeatures: ['light-estimation'],
  })) as ARSession;
  return { ua, device, session };
}

const point = (p: DOMPointReadOnly) => [p.x, p.y, p.z, p.w];

describe('XRSession.requestLightProbe', () => {
  it("resolves an XRLightProbe (an EventTarget with a probeSpace) when 'light-estimation' is enabled", async () => {
    const { session } = await arSession();
    expect(session.enabledFeatures).toContain('light-estimation');
    expect(session.preferredReflectionFormat).toBe('srgba8');
    const probe = await session.requestLightProbe();
    expect(Object.prototype.toString.call(probe)).toBe('[object XRLightProbe]');
    expect(probe).toBeInstanceOf(EventTarget);
    expect(Object.prototype.toString.call(probe.probeSpace)).toBe('[object XRSpace]');
    expect((probe as unknown as { onreflectionchange: unknown }).onreflectionchange).toBeNull();
    expect(await session.requestLightProbe({ reflectionFormat: 'srgba8' })).not.toBe(probe);
    await session.end();
  });

  it('errors: not enabled → NotSupportedError; ended → InvalidStateError; other format → NotSupportedError; bad enum → TypeError', async () => {
    const ua = makeTestUA();
    await ua.test.simulateDeviceConnection(AR_DEVICE);
    const plain = (await requestWithActivation(ua, 'immersive-ar')) as ARSession;
    await expectReject(plain.requestLightProbe(), 'NotSupportedError');
    await plain.end();
    const { session } = await arSession();
    await expectReject(session.requestLightProbe({ reflectionFormat: 'rgba16f' }), 'NotSupportedError');
    await expectReject(session.requestLightProbe({ reflectionFormat: 'rgb' }), 'TypeError');
    await session.end();
    await expectReject(session.requestLightProbe(), 'InvalidStateError');
  });

  it("R-FEAT-20: 'light-estimation' is a valid descriptor now, but only for immersive-ar (an immersive-vr request ignores it)", async () => {
    const ua = makeTestUA();
    await ua.test.simulateDeviceConnection({ ...AR_DEVICE, supportedModes: ['inline', 'immersive-vr'] });
    const vr = await requestWithActivation(ua, 'immersive-vr', { optionalFeatures: ['light-estimation'] });
    expect(vr.enabledFeatures).not.toContain('light-estimation');
    await vr.end();
  });
});

describe('XRFrame.getLightEstimate', () => {
  it('null until the device estimates; then the values, with the spec defaults for what is missing', async () => {
    const { device, session } = await arSession();
    const probe = await session.requestLightProbe();
    expect(await inFrame(session, (f) => (f as Frame).getLightEstimate(probe))).toBeNull();
    (device as unknown as { setLightEstimate(i: unknown): void }).setLightEstimate({
      sphericalHarmonicsCoefficients: SH,
    });
    await twoFrames(session);
    const e = await inFrame(session, (f) => {
      const est = (f as Frame).getLightEstimate(probe);
      return (
        est && {
          sh: [...est.sphericalHarmonicsCoefficients],
          same: Reflect.get(est, 'sphericalHarmonicsCoefficients') === est.sphericalHarmonicsCoefficients,
          dir: point(est.primaryLightDirection),
          int: point(est.primaryLightIntensity),
          fresh: (f as Frame).getLightEstimate(probe) !== est,
        }
      );
    });
    expect(e?.sh).toEqual(SH.map((v) => Math.fround(v)));
    expect(e?.same).toBe(true);
    expect(e?.fresh).toBe(true);
    expect(e?.dir).toEqual([0, 1, 0, 0]);
    expect(e?.int).toEqual([0, 0, 0, 1]);
    (device as unknown as { setLightEstimate(i: unknown): void }).setLightEstimate({
      sphericalHarmonicsCoefficients: SH,
      primaryLightDirection: { x: 1, y: 0, z: 0, w: 0 },
      primaryLightIntensity: { x: 0, y: 0, z: 1, w: 1 },
    });
    await twoFrames(session);
    const d = await inFrame(session, (f) => {
      const est = (f as Frame).getLightEstimate(probe);
      return est && [point(est.primaryLightDirection), point(est.primaryLightIntensity)];
    });
    expect(d).toEqual([
      [1, 0, 0, 0],
      [0, 0, 1, 1],
    ]);
    await session.end();
  });

  it('errors: inactive frame → InvalidStateError; a probe of another session → InvalidStateError; not a probe → TypeError', async () => {
    const { ua, session } = await arSession();
    const probe = await session.requestLightProbe();
    let saved: Frame | null = null;
    await inFrame(session, (f) => {
      saved = f as Frame;
    });
    expectThrow(() => (saved as unknown as Frame).getLightEstimate(probe), 'InvalidStateError');
    await inFrame(session, (f) =>
      expectThrow(() => (f as Frame).getLightEstimate({} as XRLightProbe), 'TypeError'),
    );
    await session.end();
    const other = (await requestWithActivation(ua, 'immersive-ar', {
      requiredFeatures: ['light-estimation'],
    })) as ARSession;
    await inFrame(other, (f) => expectThrow(() => (f as Frame).getLightEstimate(probe), 'InvalidStateError'));
    await other.end();
  });

  it('strict profile: quantized values, and a new estimate only once a second has passed', async () => {
    const { device, session } = await arSession('strict');
    const probe = await session.requestLightProbe();
    const set = (x: number) =>
      (device as unknown as { setLightEstimate(i: unknown): void }).setLightEstimate({
        sphericalHarmonicsCoefficients: SH.map((v) => v + x),
        primaryLightIntensity: { x: 0.333, y: 0, z: 0, w: 1 },
      });
    const first = async () =>
      inFrame(session, (f) => {
        const est = (f as Frame).getLightEstimate(probe);
        return est ? [est.sphericalHarmonicsCoefficients[0], est.primaryLightIntensity.x] : null;
      });
    set(0);
    await twoFrames(session);
    const a = await first();
    expect(a?.[0]).toBeCloseTo(0, 6); // 0.01 on the 0.05 grid
    expect(a?.[1]).toBeCloseTo(0.35, 6);
    set(0.2);
    await twoFrames(session);
    expect(await first()).toEqual(a); // held: less than a second since the last update
    await new Promise((r) => setTimeout(r, 1050));
    await twoFrames(session);
    const b = await first();
    expect(b?.[0]).toBeCloseTo(0.2, 6);
    await session.end();
  });
});

describe('FakeXRDevice.setLightEstimate (FakeXRLightEstimateInit)', () => {
  it('spec(test): 27 coefficients, direction w 0, intensity w 1, else TypeError', async () => {
    const ua = makeTestUA();
    const device = (await ua.test.simulateDeviceConnection(AR_DEVICE)) as unknown as {
      setLightEstimate(...a: unknown[]): void;
    };
    expectThrow(() => device.setLightEstimate({ sphericalHarmonicsCoefficients: SH.slice(1) }), 'TypeError');
    expectThrow(() => device.setLightEstimate({}), 'TypeError');
    expectThrow(() => device.setLightEstimate(), 'TypeError');
    expectThrow(
      () => device.setLightEstimate({ sphericalHarmonicsCoefficients: SH, primaryLightDirection: { x: 1 } }),
      'TypeError',
    );
    expectThrow(
      () =>
        device.setLightEstimate({
          sphericalHarmonicsCoefficients: SH,
          primaryLightIntensity: { x: 1, w: 0 },
        }),
      'TypeError',
    );
    expectThrow(
      () => device.setLightEstimate({ sphericalHarmonicsCoefficients: [...SH.slice(1), Number.NaN] }),
      'TypeError',
    );
    expect(
      device.setLightEstimate({ sphericalHarmonicsCoefficients: SH, primaryLightDirection: { y: 1, w: 0 } }),
    ).toBeUndefined();
  });
});
