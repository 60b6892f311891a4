// What a session reports from the device's light estimate (WebXR Lighting Estimation Module).
// spec(lighting): #xrlightestimate-interface: 27 spherical-harmonics numbers (9 RGB coefficients),
// a unit primary light direction with w = 0 (default straight down from above, (0, 1, 0)), and a
// non-negative RGB primary light intensity with w = 1 (default no light, (0, 0, 0)).
// spec(lighting): #privacy-security: lighting reveals the user's surroundings and can link devices
// or carry messages (as the Ambient Light Sensor does); the UA "is encouraged to NOT provide
// real-time updates", should return low temporal frequency information, and "the Spherical
// Harmonics and primary light direction MAY be quantized". The profile sets both mitigations
// (off in `spec`, whose estimates match the device's to the bit as WPT expects; on in `strict`).
// Pure: no clock of its own (the caller passes the frame time).

import {
  ArrayPrototypeIncludes,
  MathAbs,
  MathAsin,
  MathAtan2,
  MathCos,
  MathHypot,
  MathMax,
  MathMin,
  MathPI,
  MathRound,
  MathSin,
  NumberIsFinite,
  ObjectFreeze,
} from '../primordials.js';
import { snapToStep } from './adjustments.js';
import { allow, type Decision, type Denied, deny } from './decision.js';
import type { UAProfile } from './profile.js';

export interface LightEstimateData {
  readonly sphericalHarmonicsCoefficients: readonly number[];
  readonly primaryLightDirection: { readonly x: number; readonly y: number; readonly z: number } | null;
  readonly primaryLightIntensity: { readonly x: number; readonly y: number; readonly z: number } | null;
}

export interface ReportedLightEstimate {
  /** Always 27 finite numbers. */
  readonly sphericalHarmonicsCoefficients: readonly number[];
  /** Unit length. */
  readonly primaryLightDirection: readonly [number, number, number];
  /** Every component ≥ 0. */
  readonly primaryLightIntensity: readonly [number, number, number];
}

const DEFAULT_DIRECTION = ObjectFreeze([0, 1, 0] as const);
const DEFAULT_INTENSITY = ObjectFreeze([0, 0, 0] as const);

/** The largest float32 (the estimate reaches the page as a Float32Array and DOMPoints). */
const FLT_MAX = 3.4028234663852886e38;

function finite(v: unknown): number {
  return typeof v === 'number' && NumberIsFinite(v) ? v : 0;
}

/** Finite, and within the float32 range (so Float32Array keeps it finite). */
function finiteFloat(v: unknown): number {
  const n = finite(v);
  return n > FLT_MAX ? FLT_MAX : n < -FLT_MAX ? -FLT_MAX : n;
}

function quantize(v: number, step: number | null): number {
  return step === null ? v : snapToStep(v, step);
}

/**
 * The primary light direction as reported: normalized (a zero, non-finite or missing direction is
 * the default (0, 1, 0)), then, with a step, snapped to the nearest direction whose elevation and
 * azimuth are multiples of `stepDeg` degrees. The result is a unit vector either way.
 */
export function reportedLightDirection(
  d: LightEstimateData['primaryLightDirection'],
  stepDeg: number | null,
): readonly [number, number, number] {
  if (!d) return DEFAULT_DIRECTION;
  // Scaled by the largest component first: subnormal or huge components still normalize to a
  // unit vector.
  const m = MathMax(MathAbs(finite(d.x)), MathAbs(finite(d.y)), MathAbs(finite(d.z)));
  if (!(m > 0)) return DEFAULT_DIRECTION;
  const x = finite(d.x) / m;
  const y = finite(d.y) / m;
  const z = finite(d.z) / m;
  const len = MathHypot(x, y, z);
  if (stepDeg === null) return [x / len, y / len, z / len];
  const step = (stepDeg * MathPI) / 180;
  const elevation = MathRound(MathAsin(MathMax(-1, MathMin(1, y / len))) / step) * step;
  const azimuth = MathRound(MathAtan2(z, x) / step) * step;
  const c = MathCos(elevation);
  const clean = (v: number) => (MathAbs(v) < 1e-12 ? 0 : v);
  const out: [number, number, number] = [
    clean(c * MathCos(azimuth)),
    clean(MathSin(elevation)),
    clean(c * MathSin(azimuth)),
  ];
  const n = MathHypot(out[0], out[1], out[2]);
  return [out[0] / n, out[1] / n, out[2] / n];
}

/** The estimate a session reports for the device's `data` under `profile`. */
export function reportedLightEstimate(data: LightEstimateData, profile: UAProfile): ReportedLightEstimate {
  const step = profile.lightEstimateQuantizationStep;
  const sh: number[] = new Array(27);
  const raw = data.sphericalHarmonicsCoefficients;
  for (let i = 0; i < 27; i++) sh[i] = finiteFloat(quantize(finiteFloat(raw[i]), step));
  const i = data.primaryLightIntensity;
  const intensity: readonly [number, number, number] = i
    ? [
        finiteFloat(quantize(MathMax(0, finiteFloat(i.x)), step)),
        finiteFloat(quantize(MathMax(0, finiteFloat(i.y)), step)),
        finiteFloat(quantize(MathMax(0, finiteFloat(i.z)), step)),
      ]
    : DEFAULT_INTENSITY;
  return ObjectFreeze({
    sphericalHarmonicsCoefficients: ObjectFreeze(sh),
    primaryLightDirection: reportedLightDirection(data.primaryLightDirection, profile.lightDirectionStepDeg),
    primaryLightIntensity: intensity,
  });
}

/**
 * Whether a session may replace the estimate it reported at `lastUpdate` (ms) with a newer one at
 * `now` (ms): always without a minimum interval, else once `lightEstimateMinIntervalMs` passed.
 */
export function lightEstimateMayUpdate(lastUpdate: number | null, now: number, profile: UAProfile): boolean {
  const interval = profile.lightEstimateMinIntervalMs;
  if (interval === null || lastUpdate === null) return true;
  return now - lastUpdate >= interval;
}

/** The reflection format xrgate's simulated devices prefer (spec(lighting): preferredReflectionFormat). */
export const PREFERRED_REFLECTION_FORMAT = 'srgba8';

export interface LightProbeRequest {
  readonly enabledFeatures: readonly string[];
  readonly ended: boolean;
  readonly format: string;
  readonly preferredFormat: string;
}

/**
 * May the session make a light probe? Only when 'light-estimation' was enabled at session creation
 * (R-FEAT-11: a feature not granted is not usable), while the session lives, for 'srgba8' or the
 * session's preferred reflection format.
 */
// spec(lighting): #dom-xrsession-requestlightprobe steps 2–4; R-FEAT-11
export function lightProbeRequestIsAllowed(req: LightProbeRequest): Decision {
  if (!ArrayPrototypeIncludes(req.enabledFeatures, 'light-estimation')) {
    return deny('NotSupportedError', {
      action: 'requestLightProbe()',
      reason: "'light-estimation' is not an enabled feature of this session",
      fix: 'Request it in requiredFeatures or optionalFeatures.',
      requirement: 'R-FEAT-11',
    });
  }
  if (req.ended) {
    return deny('InvalidStateError', {
      action: 'requestLightProbe()',
      reason: 'the session has ended',
      requirement: 'R-LIFE-07',
    });
  }
  if (req.format !== 'srgba8' && req.format !== req.preferredFormat) {
    return deny('NotSupportedError', {
      action: 'requestLightProbe()',
      reason: `the reflection format '${req.format}' is neither 'srgba8' nor the session's preferredReflectionFormat '${req.preferredFormat}'`,
      requirement: 'R-FEAT-11',
    });
  }
  return allow(`a light probe in '${req.format}' may be created`, 'R-FEAT-11');
}
