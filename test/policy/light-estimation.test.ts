// Lighting estimation as reported (spec(lighting) #xrlightestimate-interface, #privacy-security):
// 27 finite coefficients, a unit direction (default straight down from above), a non-negative
// intensity (default none); in `strict`, quantized and held for a minimum interval.
// Requirement ids: R-FEAT-20 (the module is implemented, so its descriptor is valid), R-ADJ-02/04
// (optional quantization and throttling mitigations, here for lighting).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type LightEstimateData,
  type LightProbeRequest,
  lightEstimateMayUpdate,
  lightProbeRequestIsAllowed,
  reportedLightDirection,
  reportedLightEstimate,
} from '../../src/policy/light-estimation.js';
import { defineProfile, specProfile, strictProfile } from '../../src/policy/profile.js';

const sh = (f: (i: number) => number) => Array.from({ length: 27 }, (_, i) => f(i));
const data = (over: Partial<LightEstimateData> = {}): LightEstimateData => ({
  sphericalHarmonicsCoefficients: sh((i) => (i + 1) / 100),
  primaryLightDirection: null,
  primaryLightIntensity: null,
  ...over,
});

describe('reportedLightEstimate', () => {
  it('spec profile: the device values as they are; the spec defaults when direction or intensity are missing', () => {
    const r = reportedLightEstimate(data(), specProfile);
    expect(r.sphericalHarmonicsCoefficients).toEqual(sh((i) => (i + 1) / 100));
    expect(r.primaryLightDirection).toEqual([0, 1, 0]);
    expect(r.primaryLightIntensity).toEqual([0, 0, 0]);
    const d = reportedLightEstimate(
      data({ primaryLightDirection: { x: 1, y: 0, z: 0 }, primaryLightIntensity: { x: 0.5, y: 0.25, z: 1 } }),
      specProfile,
    );
    expect(d.primaryLightDirection).toEqual([1, 0, 0]);
    expect(d.primaryLightIntensity).toEqual([0.5, 0.25, 1]);
  });

  it('MUSTs hold for any device data: 27 finite numbers, a unit direction, intensity ≥ 0', () => {
    const num = fc.oneof(fc.double(), fc.constant(Number.NaN), fc.constant(Number.POSITIVE_INFINITY));
    const vec = fc.option(fc.record({ x: num, y: num, z: num }), { nil: null });
    fc.assert(
      fc.property(
        fc.array(num, { maxLength: 40 }),
        vec,
        vec,
        fc.constantFrom(specProfile, strictProfile),
        (coefficients, direction, intensity, profile) => {
          const r = reportedLightEstimate(
            {
              sphericalHarmonicsCoefficients: coefficients,
              primaryLightDirection: direction,
              primaryLightIntensity: intensity,
            },
            profile,
          );
          expect(r.sphericalHarmonicsCoefficients.length).toBe(27);
          // Finite as float32 too: the page receives a Float32Array.
          expect(r.sphericalHarmonicsCoefficients.every((v) => Number.isFinite(Math.fround(v)))).toBe(true);
          const [x, y, z] = r.primaryLightDirection;
          expect(Math.hypot(x, y, z)).toBeCloseTo(1, 12);
          expect(r.primaryLightIntensity.every((v) => Number.isFinite(Math.fround(v)) && v >= 0)).toBe(true);
        },
      ),
    );
  });

  it('a zero, NaN or missing direction is the default (0, 1, 0); others are normalized', () => {
    expect(reportedLightDirection({ x: 0, y: 0, z: 0 }, null)).toEqual([0, 1, 0]);
    expect(reportedLightDirection({ x: Number.NaN, y: 0, z: 0 }, null)).toEqual([0, 1, 0]);
    expect(reportedLightDirection(null, 15)).toEqual([0, 1, 0]);
    expect(reportedLightDirection({ x: 0, y: 0, z: 2 }, null)).toEqual([0, 0, 1]);
  });

  it('strict: coefficients and intensity on a 0.05 grid, direction snapped to 15° steps, idempotent', () => {
    const r = reportedLightEstimate(
      data({
        primaryLightDirection: { x: 0.97, y: 0.2, z: 0.1 },
        primaryLightIntensity: { x: 0.333, y: 1.02, z: -4 },
      }),
      strictProfile,
    );
    for (const c of r.sphericalHarmonicsCoefficients)
      expect(Math.abs(c * 20 - Math.round(c * 20))).toBeLessThan(1e-9);
    expect(r.primaryLightIntensity).toEqual([0.35, 1, 0]);
    const [x, y, z] = r.primaryLightDirection;
    const elevation = (Math.asin(y) * 180) / Math.PI;
    const azimuth = (Math.atan2(z, x) * 180) / Math.PI;
    expect(Math.abs(elevation / 15 - Math.round(elevation / 15))).toBeLessThan(1e-9);
    expect(Math.abs(azimuth / 15 - Math.round(azimuth / 15))).toBeLessThan(1e-9);
    const again = reportedLightEstimate(
      {
        sphericalHarmonicsCoefficients: r.sphericalHarmonicsCoefficients,
        primaryLightDirection: { x, y, z },
        primaryLightIntensity: {
          x: r.primaryLightIntensity[0],
          y: r.primaryLightIntensity[1],
          z: r.primaryLightIntensity[2],
        },
      },
      strictProfile,
    );
    expect(again.sphericalHarmonicsCoefficients).toEqual(r.sphericalHarmonicsCoefficients);
    expect(again.primaryLightIntensity).toEqual(r.primaryLightIntensity);
    for (let i = 0; i < 3; i++)
      expect(again.primaryLightDirection[i]).toBeCloseTo(r.primaryLightDirection[i] as number, 12);
  });

  it('axis-aligned directions survive snapping exactly', () => {
    expect(reportedLightDirection({ x: 1, y: 0, z: 0 }, 15)).toEqual([1, 0, 0]);
    expect(reportedLightDirection({ x: 0, y: 1, z: 0 }, 15)).toEqual([0, 1, 0]);
  });
});

describe('lightEstimateMayUpdate', () => {
  it('spec: every frame; strict: at most once a second', () => {
    expect(lightEstimateMayUpdate(1000, 1001, specProfile)).toBe(true);
    expect(lightEstimateMayUpdate(null, 0, strictProfile)).toBe(true);
    expect(lightEstimateMayUpdate(1000, 1999, strictProfile)).toBe(false);
    expect(lightEstimateMayUpdate(1000, 2000, strictProfile)).toBe(true);
  });

  it('defineProfile validates the lighting options', () => {
    expect(() => defineProfile({ name: 'x', lightEstimateQuantizationStep: 0 })).toThrow(TypeError);
    expect(() => defineProfile({ name: 'x', lightDirectionStepDeg: -1 })).toThrow(TypeError);
    expect(() => defineProfile({ name: 'x', lightEstimateMinIntervalMs: Number.NaN })).toThrow(TypeError);
    expect(defineProfile({ name: 'x', lightEstimateMinIntervalMs: 250 }).lightEstimateMinIntervalMs).toBe(
      250,
    );
  });
});

describe('lightProbeRequestIsAllowed (spec(lighting) #dom-xrsession-requestlightprobe steps 2–4)', () => {
  const probe: LightProbeRequest = {
    enabledFeatures: ['viewer', 'local', 'light-estimation'],
    ended: false,
    format: 'srgba8',
    preferredFormat: 'srgba8',
  };

  it("R-FEAT-11: allowed with 'light-estimation' enabled, for 'srgba8' or the preferred format", () => {
    const d = lightProbeRequestIsAllowed(probe);
    expect(d.allowed).toBe(true);
    expect(d.requirement).toBe('R-FEAT-11');
    expect(
      lightProbeRequestIsAllowed({ ...probe, format: 'rgba16f', preferredFormat: 'rgba16f' }).allowed,
    ).toBe(true);
  });

  it.each([
    [
      'the feature is not enabled',
      { enabledFeatures: ['viewer', 'local'] },
      'NotSupportedError',
      'R-FEAT-11',
    ],
    ['the session has ended', { ended: true }, 'InvalidStateError', 'R-LIFE-07'],
    ['the format is unknown', { format: 'rgba16f' }, 'NotSupportedError', 'R-FEAT-11'],
  ])('refused when %s', (_label, over, name, requirement) => {
    const d = lightProbeRequestIsAllowed({ ...probe, ...over });
    expect(d.allowed).toBe(false);
    expect(d.error?.name).toBe(name);
    expect(d.requirement).toBe(requirement);
    expect(d.error?.message).toContain(`[${requirement}]`);
  });
});
