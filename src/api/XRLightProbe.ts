// spec(lighting): WebXR Lighting Estimation Module (immersive-web/lighting-estimation index.bs)
//
// [SecureContext, Exposed=Window] interface XRLightProbe : EventTarget {
//   readonly attribute XRSpace probeSpace; attribute EventHandler onreflectionchange; };
// enum XRReflectionFormat { "srgba8", "rgba16f" };
// [SecureContext, Exposed=Window] interface XRLightEstimate {
//   readonly attribute Float32Array sphericalHarmonicsCoefficients;
//   readonly attribute DOMPointReadOnly primaryLightDirection;
//   readonly attribute DOMPointReadOnly primaryLightIntensity; };
// The estimate's values are those the policy reports (src/policy/light-estimation.ts); the
// reflection cube map is XRWebGLBinding.getReflectionCubeMap (src/api/layers/binding-layers.ts),
// null on xrgate's devices, which report no cube map.

import type { ReportedLightEstimate } from '../policy/light-estimation.js';
import { Float32Array, Float32ArrayPrototypeSet, ReflectDeleteProperty } from '../primordials.js';
import { makePoint } from './geometry.js';
import {
  defineEventHandlers,
  idlAttributes,
  illegalConstructor,
  illegalInvocation,
  toStringTag,
} from './webidl.js';
import type { XRSpace } from './XRSpace.js';

export const reflectionFormats = ['srgba8', 'rgba16f'] as const;
export type XRReflectionFormat = (typeof reflectionFormats)[number];

const EventTargetCtor = EventTarget;

export class XRLightProbe extends EventTargetCtor {
  /** EventHandler attribute (defined on the prototype by defineEventHandlers). */
  declare onreflectionchange: ((this: XRLightProbe, ev: Event) => unknown) | null;
  readonly #session: object;
  readonly #probeSpace: XRSpace;
  readonly #format: XRReflectionFormat;

  constructor(token?: unknown, session?: object, probeSpace?: XRSpace, format?: XRReflectionFormat) {
    illegalConstructor(token);
    super();
    this.#session = session as object;
    this.#probeSpace = probeSpace as XRSpace;
    this.#format = format ?? 'srgba8';
  }

  static is(v: unknown): v is XRLightProbe {
    return typeof v === 'object' && v !== null && #session in v;
  }

  /** @internal */
  static sessionOf(p: XRLightProbe): object {
    return p.#session;
  }

  /** @internal */
  static formatOf(p: XRLightProbe): XRReflectionFormat {
    return p.#format;
  }

  get probeSpace(): XRSpace {
    if (!XRLightProbeInternals.is(this)) illegalInvocation();
    return this.#probeSpace;
  }
}

defineEventHandlers(XRLightProbe.prototype, (o) => XRLightProbeInternals.is(o), ['reflectionchange']);
idlAttributes(XRLightProbe, ['probeSpace']);
toStringTag(XRLightProbe, 'XRLightProbe');

/** @internal xrgate's own access to XRLightProbe; the statics are removed from the page-visible interface object. */
export const XRLightProbeInternals = {
  is: XRLightProbe.is,
  sessionOf: XRLightProbe.sessionOf,
  formatOf: XRLightProbe.formatOf,
};
for (const key of ['is', 'sessionOf', 'formatOf']) ReflectDeleteProperty(XRLightProbe, key);

export class XRLightEstimate {
  readonly #sh: Float32Array;
  readonly #direction: DOMPointReadOnly;
  readonly #intensity: DOMPointReadOnly;

  constructor(token?: unknown, reported?: ReportedLightEstimate) {
    illegalConstructor(token);
    const r = reported as ReportedLightEstimate;
    // Copied by index (set), not through the array's iterator as new Float32Array(array) would.
    const coefficients = r.sphericalHarmonicsCoefficients;
    const sh = new Float32Array(coefficients.length);
    Float32ArrayPrototypeSet(sh, coefficients);
    this.#sh = sh;
    const d = r.primaryLightDirection;
    const l = r.primaryLightIntensity;
    this.#direction = makePoint(d[0], d[1], d[2], 0);
    this.#intensity = makePoint(l[0], l[1], l[2], 1);
  }

  static is(v: unknown): v is XRLightEstimate {
    return typeof v === 'object' && v !== null && #sh in v;
  }

  get sphericalHarmonicsCoefficients(): Float32Array {
    if (!XRLightEstimateInternals.is(this)) illegalInvocation();
    return this.#sh;
  }

  get primaryLightDirection(): DOMPointReadOnly {
    if (!XRLightEstimateInternals.is(this)) illegalInvocation();
    return this.#direction;
  }

  get primaryLightIntensity(): DOMPointReadOnly {
    if (!XRLightEstimateInternals.is(this)) illegalInvocation();
    return this.#intensity;
  }
}

idlAttributes(XRLightEstimate, [
  'sphericalHarmonicsCoefficients',
  'primaryLightDirection',
  'primaryLightIntensity',
]);
toStringTag(XRLightEstimate, 'XRLightEstimate');

/** @internal */
export const XRLightEstimateInternals = { is: XRLightEstimate.is };
ReflectDeleteProperty(XRLightEstimate, 'is');
