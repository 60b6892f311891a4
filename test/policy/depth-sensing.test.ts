// Unit and property tests for src/policy/depth-sensing.ts and src/policy/camera-access.ts:
// the configuration algorithm (R-DEPTH-01), the call checks (R-DEPTH-02/06, R-CAM-04), what may be
// reported (R-DEPTH-02/03, R-CAM-01/03), quantization (R-DEPTH-04) and the resolution limit
// (R-DEPTH-05). The properties are checked against arithmetic written here, not the module's.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeDepth,
  encodeDepth,
  floorAndWallCaster,
  renderCameraImage,
  renderDepth,
} from '../../src/device/depth.js';
import {
  cameraImageMayBeReported,
  cameraIndicatorRequired,
  cameraRequestIsAllowed,
  reportedCameraSize,
} from '../../src/policy/camera-access.js';
import {
  convertDepthStateInit,
  type DepthLimits,
  type DepthStateInit,
  depthControlIsAllowed,
  depthInformationRequestIsAllowed,
  depthLimits,
  depthMayBeReported,
  depthSensingProblem,
  depthStateInitFromMessage,
  findSupportedDepthConfiguration,
  quantizedDepth,
  reportedDepthImage,
  reportedRawValueToMeters,
} from '../../src/policy/depth-sensing.js';
import { specProfile, strictProfile } from '../../src/policy/profile.js';
import { resolveRequestedFeatures } from '../../src/policy/resolve-features.js';

const ALL = { types: [], usages: [], formats: [] } as const;
const init = (o: Partial<DepthStateInit> = {}): DepthStateInit => ({
  usagePreference: [],
  dataFormatPreference: [],
  depthTypeRequest: [],
  matchDepthView: true,
  ...o,
});

describe('R-DEPTH-01: XRDepthStateInit and the supported configuration', () => {
  it('conversion: required members, enum values, matchDepthView defaulting to true', () => {
    expect(() => convertDepthStateInit({ dataFormatPreference: [] }, 100)).toThrow(TypeError);
    expect(() => convertDepthStateInit({ usagePreference: [] }, 100)).toThrow(TypeError);
    expect(() => convertDepthStateInit({ usagePreference: ['cpu'], dataFormatPreference: [] }, 100)).toThrow(
      TypeError,
    );
    expect(convertDepthStateInit(undefined, 100)).toBeUndefined();
    const c = convertDepthStateInit(
      { usagePreference: ['gpu-optimized'], dataFormatPreference: ['float32'] },
      100,
    )!;
    expect(c).toEqual({
      usagePreference: ['gpu-optimized'],
      dataFormatPreference: ['float32'],
      depthTypeRequest: [],
      matchDepthView: true,
    });
  });

  it('the user agent checks the message again: only own arrays of known values', () => {
    expect(depthStateInitFromMessage(undefined, 10)).toBeUndefined();
    expect(depthStateInitFromMessage({ usagePreference: ['nope'], dataFormatPreference: [] }, 10)).toBeNull();
    expect(
      depthStateInitFromMessage({ usagePreference: [], dataFormatPreference: [], matchDepthView: 'yes' }, 10),
    ).toBeNull();
    const polluted = Object.create({ usagePreference: ['cpu-optimized'], dataFormatPreference: [] });
    expect(depthStateInitFromMessage(polluted, 10)).toBeNull();
  });

  it('preferences: single values first, then the first supported, then the device preferred', () => {
    const caps = {
      types: ['raw'],
      usages: ['cpu-optimized'],
      formats: ['luminance-alpha', 'float32'],
    } as const;
    expect(findSupportedDepthConfiguration(init(), caps)).toMatchObject({
      usage: 'cpu-optimized',
      dataFormat: 'luminance-alpha',
      type: null,
      nativeType: 'raw',
    });
    expect(
      findSupportedDepthConfiguration(
        init({
          usagePreference: ['gpu-optimized', 'cpu-optimized'],
          dataFormatPreference: ['unsigned-short', 'float32'],
        }),
        caps,
      ),
    ).toMatchObject({ usage: 'cpu-optimized', dataFormat: 'float32' });
    // A single unsupported usage: no configuration.
    expect(findSupportedDepthConfiguration(init({ usagePreference: ['gpu-optimized'] }), caps)).toBeNull();
    // An unsupported type request is ignored (depthType null), never reported as granted.
    expect(findSupportedDepthConfiguration(init({ depthTypeRequest: ['smooth'] }), caps)).toMatchObject({
      type: null,
      nativeType: 'raw',
    });
    expect(findSupportedDepthConfiguration(init({ depthTypeRequest: ['smooth', 'raw'] }), ALL)).toMatchObject(
      { type: 'smooth' },
    );
  });

  it('a missing dictionary or no supported configuration is a reason to refuse the feature', () => {
    expect(depthSensingProblem(undefined, ALL)).toMatch(/depthSensing/);
    expect(depthSensingProblem(init(), null)).toMatch(/no native depth/);
    expect(
      depthSensingProblem(init({ usagePreference: ['gpu-optimized'] }), {
        ...ALL,
        usages: ['cpu-optimized'],
      }),
    ).toMatch(/no depth sensing configuration/);
    expect(depthSensingProblem(init(), ALL)).toBeNull();
  });

  it('property: every configuration found is supported by the device', () => {
    const usages = fc.subarray(['cpu-optimized', 'gpu-optimized'] as const);
    const formats = fc.subarray(['luminance-alpha', 'float32', 'unsigned-short'] as const);
    const types = fc.subarray(['raw', 'smooth'] as const);
    fc.assert(
      fc.property(usages, formats, types, usages, formats, types, (cu, cf, ct, pu, pf, pt) => {
        const caps = { usages: cu, formats: cf, types: ct };
        const c = findSupportedDepthConfiguration(
          init({ usagePreference: pu, dataFormatPreference: pf, depthTypeRequest: pt }),
          caps,
        );
        if (c === null) return;
        const ok = (list: readonly string[], v: string) => list.length === 0 || list.includes(v);
        expect(ok(cu, c.usage) && ok(cf, c.dataFormat) && ok(ct, c.nativeType)).toBe(true);
        if (pu.length > 0) expect(pu).toContain(c.usage);
        if (c.type !== null) expect(c.type).toBe(c.nativeType);
      }),
    );
  });
});

describe('R-DEPTH-02/06: the checks of getDepthInformation and pause/resume', () => {
  const base = {
    api: 'cpu' as const,
    enabled: true,
    usage: 'cpu-optimized' as const,
    sameSession: true,
    frameActive: true,
    animationFrame: true,
    viewOfFrame: true,
  };
  it("CPU: not enabled → NotSupportedError; inactive, not this frame's view, wrong usage → InvalidStateError", () => {
    expect(depthInformationRequestIsAllowed(base).allowed).toBe(true);
    expect(depthInformationRequestIsAllowed({ ...base, enabled: false }).error?.name).toBe(
      'NotSupportedError',
    );
    const inactive = depthInformationRequestIsAllowed({ ...base, frameActive: false });
    expect([inactive.error?.name, inactive.requirement]).toEqual(['InvalidStateError', 'R-DEPTH-06']);
    const stale = depthInformationRequestIsAllowed({ ...base, viewOfFrame: false });
    expect([stale.error?.name, stale.requirement]).toEqual(['InvalidStateError', 'R-DEPTH-06']);
    expect(depthInformationRequestIsAllowed({ ...base, usage: 'gpu-optimized' }).error?.name).toBe(
      'InvalidStateError',
    );
    // Not enabled wins over an inactive frame (the spec's order).
    expect(
      depthInformationRequestIsAllowed({ ...base, enabled: false, frameActive: false }).error?.name,
    ).toBe('NotSupportedError');
  });
  it('GPU: another session → InvalidStateError first; usage is checked before the frame', () => {
    const gpu = { ...base, api: 'gpu' as const, usage: 'gpu-optimized' as const };
    expect(depthInformationRequestIsAllowed(gpu).allowed).toBe(true);
    expect(depthInformationRequestIsAllowed({ ...gpu, sameSession: false, enabled: false }).error?.name).toBe(
      'InvalidStateError',
    );
    expect(
      depthInformationRequestIsAllowed({ ...gpu, usage: 'cpu-optimized', frameActive: false }).reason,
    ).toMatch(/depthUsage/);
  });
  it('pause/resume: ended, outside a frame → InvalidStateError; not enabled → NotSupportedError', () => {
    const f = { action: 'pauseDepthSensing()' as const, ended: false, frameActive: true, enabled: true };
    expect(depthControlIsAllowed(f).allowed).toBe(true);
    expect(depthControlIsAllowed({ ...f, ended: true }).error?.name).toBe('InvalidStateError');
    expect(depthControlIsAllowed({ ...f, frameActive: false }).error?.name).toBe('InvalidStateError');
    expect(depthControlIsAllowed({ ...f, enabled: false }).error?.name).toBe('NotSupportedError');
  });
});

describe('R-DEPTH-02/03: what may be reported', () => {
  it('only granted, visible and active', () => {
    expect(depthMayBeReported({ granted: true, visibility: 'visible', active: true }).allowed).toBe(true);
    expect(depthMayBeReported({ granted: false, visibility: 'visible', active: true }).requirement).toBe(
      'R-DEPTH-02',
    );
    expect(
      depthMayBeReported({ granted: true, visibility: 'visible-blurred', active: true }).requirement,
    ).toBe('R-DEPTH-03');
    expect(depthMayBeReported({ granted: true, visibility: 'hidden', active: true }).allowed).toBe(false);
    expect(depthMayBeReported({ granted: true, visibility: 'visible', active: false }).allowed).toBe(false);
  });
});

describe('R-DEPTH-04/05: quantization and resolution', () => {
  const limitsArb = fc.record({
    step: fc.constantFrom(0.001, 0.005, 0.01, 0.02, 0.05, 0.1),
    maxWidth: fc.integer({ min: 1, max: 64 }),
    maxHeight: fc.integer({ min: 1, max: 64 }),
    maxRange: fc.constantFrom(null, 8, 20),
  });

  it('property: every reported value is 0 or a multiple of the step within half a step of the truth', () => {
    fc.assert(
      fc.property(limitsArb, fc.double({ min: 0.0001, max: 30, noNaN: true }), (limits: DepthLimits, m) => {
        const q = quantizedDepth(m, limits);
        if (limits.maxRange !== null && m > limits.maxRange) {
          expect(q).toBe(0);
          return;
        }
        const k = q / limits.step;
        expect(Math.abs(k - Math.round(k))).toBeLessThan(1e-9 * Math.max(1, k));
        expect(Math.abs(q - m)).toBeLessThanOrEqual(limits.step / 2 + 1e-12);
      }),
    );
  });

  it('property: the reported image fits the limits, keeps the aspect, and every entry is the nearest depth of its block, quantized', () => {
    fc.assert(
      fc.property(
        limitsArb,
        fc.integer({ min: 1, max: 90 }),
        fc.integer({ min: 1, max: 90 }),
        fc.integer({ min: 1, max: 2 ** 31 }),
        (limits: DepthLimits, w, h, seed) => {
          const values = new Float64Array(w * h);
          let s = seed;
          for (let i = 0; i < values.length; i++) {
            s = (s * 1103515245 + 12345) % 2 ** 31;
            values[i] = (s % 1000) / 100; // 0 … 9.99 m, some 0 (no data)
          }
          const out = reportedDepthImage({ width: w, height: h, values }, limits);
          expect(out.width).toBeLessThanOrEqual(Math.max(limits.maxWidth, 1));
          expect(out.height).toBeLessThanOrEqual(Math.max(limits.maxHeight, 1));
          // The smallest whole factor that fits both limits.
          const f = Math.max(1, Math.ceil(Math.max(w / limits.maxWidth, h / limits.maxHeight)));
          expect([out.width, out.height]).toEqual([Math.ceil(w / f), Math.ceil(h / f)]);
          for (let oy = 0; oy < out.height; oy++) {
            for (let ox = 0; ox < out.width; ox++) {
              let best = 0;
              for (let y = oy * f; y < Math.min(h, (oy + 1) * f); y++)
                for (let x = ox * f; x < Math.min(w, (ox + 1) * f); x++) {
                  const v = values[y * w + x]!;
                  if (v > 0 && (best === 0 || v < best)) best = v;
                }
              const r = out.values[oy * out.width + ox]!;
              if (best === 0 || (limits.maxRange !== null && best > limits.maxRange)) expect(r).toBe(0);
              else expect(Math.abs(r - best)).toBeLessThanOrEqual(limits.step / 2 + 1e-12);
            }
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('property: encoded uint16 values decode to multiples of the step (rawValueToMeters chosen for it)', () => {
    fc.assert(
      fc.property(
        limitsArb,
        fc.constantFrom(0.001, 0.01, 0.0037, 1 / 3),
        fc.array(fc.double({ min: 0, max: 7, noNaN: true }), { minLength: 1, maxLength: 40 }),
        (limits: DepthLimits, deviceUnits, metres) => {
          const q = Float64Array.from(metres, (m) => quantizedDepth(m, limits));
          const r2m = reportedRawValueToMeters(Math.fround(deviceUnits), 'unsigned-short', limits);
          const back = decodeDepth(
            encodeDepth(q, 'unsigned-short', r2m),
            'unsigned-short',
            q.length,
            Math.fround(r2m),
          );
          for (let i = 0; i < q.length; i++) {
            expect(Math.abs(back[i]! - q[i]!)).toBeLessThan(limits.step * 1e-3);
          }
        },
      ),
    );
  });

  it('the profiles: spec 1 cm and 320×240; strict 5 cm, 160×120 and 8 m', () => {
    expect(depthLimits(specProfile)).toMatchObject({ step: 0.01, maxWidth: 320, maxHeight: 240 });
    expect(depthLimits(strictProfile)).toMatchObject({
      step: 0.05,
      maxWidth: 160,
      maxHeight: 120,
      maxRange: 8,
    });
  });
});

describe('the cast sensors (src/device/depth.ts)', () => {
  const straight = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, -1, -1, 0, 0, -0.2, 0];
  const eye = { position: { x: 0, y: 0, z: 0 }, orientation: { x: 0, y: 0, z: 0, w: 1 } };
  it('depth is measured from the view plane: a wall 3 m ahead is 3 m everywhere it is seen', () => {
    const d = renderDepth(straight, eye, 8, 8, floorAndWallCaster(-10, -3));
    for (const v of d) expect(v).toBeCloseTo(3, 9);
  });
  it('the floor is nearer towards the bottom of the view (row 0 at the top)', () => {
    const d = renderDepth(straight, eye, 1, 8, floorAndWallCaster(-1.4, -3));
    expect(d[7]!).toBeLessThan(d[0]!);
  });
  it('the camera image has structure (not one colour)', () => {
    const px = renderCameraImage(straight, eye, 32, 32, floorAndWallCaster(-1.4, -3));
    const colours = new Set<number>();
    for (let i = 0; i < px.length; i += 4) colours.add((px[i]! << 16) | (px[i + 1]! << 8) | px[i + 2]!);
    expect(colours.size).toBeGreaterThan(8);
    for (let i = 3; i < px.length; i += 4) expect(px[i]).toBe(255);
  });
});

describe('R-CAM: camera access', () => {
  it('R-CAM-01/03/06: only granted, visible, and with the privacy indicator on screen', () => {
    const shown = { indicatorShown: true } as const;
    expect(cameraImageMayBeReported({ granted: true, visibility: 'visible', ...shown }).allowed).toBe(true);
    expect(cameraImageMayBeReported({ granted: false, visibility: 'visible', ...shown }).requirement).toBe(
      'R-CAM-01',
    );
    expect(
      cameraImageMayBeReported({ granted: true, visibility: 'visible-blurred', ...shown }).requirement,
    ).toBe('R-CAM-03');
    expect(cameraImageMayBeReported({ granted: true, visibility: 'hidden', ...shown }).allowed).toBe(false);
    const hidden = cameraImageMayBeReported({ granted: true, visibility: 'visible', indicatorShown: false });
    expect(hidden.allowed).toBe(false);
    expect(hidden.requirement).toBe('R-CAM-06');
  });
  it('R-CAM-06: every combination: images only when granted, visible and indicated', () => {
    for (const granted of [true, false])
      for (const visibility of ['visible', 'visible-blurred', 'hidden'] as const)
        for (const indicatorShown of [true, false]) {
          const d = cameraImageMayBeReported({ granted, visibility, indicatorShown });
          expect(d.allowed).toBe(granted && visibility === 'visible' && indicatorShown);
        }
  });
  it('R-CAM-06: the indicator is required from creation with camera-access until the session ends', () => {
    expect(cameraIndicatorRequired({ grantedAtStart: true, ended: false }).allowed).toBe(true);
    const ended = cameraIndicatorRequired({ grantedAtStart: true, ended: true });
    expect(ended.allowed).toBe(false);
    expect(ended.requirement).toBe('R-CAM-06');
    expect(cameraIndicatorRequired({ grantedAtStart: false, ended: false }).allowed).toBe(false);
  });
  it('R-CAM-04: the view of another session, or of a frame that is over, is refused', () => {
    const f = {
      action: 'XRWebGLBinding.getCameraImage()' as const,
      sameSession: true,
      frameActive: true,
      animationFrame: true,
    };
    expect(cameraRequestIsAllowed(f).allowed).toBe(true);
    expect(cameraRequestIsAllowed({ ...f, sameSession: false }).error?.name).toBe('InvalidStateError');
    expect(cameraRequestIsAllowed({ ...f, frameActive: false }).requirement).toBe('R-CAM-04');
  });
  it('sizes: whole texels, at most 4096 a side; nonsense is no image', () => {
    expect(reportedCameraSize(333.7, 444)).toEqual({ width: 333, height: 444 });
    expect(reportedCameraSize(10000, 1)).toEqual({ width: 4096, height: 1 });
    expect(reportedCameraSize(0, 10)).toBeNull();
    expect(reportedCameraSize(Number.NaN, 10)).toBeNull();
  });
});

describe('R-CAM-02: camera-access needs both permissions policies', () => {
  const device = {
    supportedModes: ['inline', 'immersive-ar'] as const,
    capableFeatures: { 'immersive-ar': ['viewer', 'local', 'camera-access', 'depth-sensing'] },
  };
  const resolve = (blocked: string | null) =>
    resolveRequestedFeatures({
      mode: 'immersive-ar',
      requiredFeatures: ['camera-access'],
      optionalFeatures: [],
      device: { ...device, supportedModes: [...device.supportedModes] },
      previouslyEnabled: new Set(),
      policyAllows: (f) => f !== blocked,
      profile: specProfile,
      implementedModules: new Set(['raw-camera-access', 'depth-sensing']),
    });
  it("refused when 'camera' or 'xr-spatial-tracking' is not allowed; consent asked when both are", () => {
    for (const blocked of ['camera', 'xr-spatial-tracking']) {
      const r = resolve(blocked);
      expect(r.allowed, blocked).toBe(false);
      expect(r.requirement).toBe('R-POLICY-07');
    }
    expect(resolve(null).value?.consentRequired).toEqual(['camera-access']);
  });
});
