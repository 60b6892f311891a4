// UA profiles: one object that sets every choice the spec leaves to the user agent.
// `spec` (the default) follows the current WebXR Device API and passes WPT unless a spec MUST
// forbids it; `strict` keeps the seeds' stricter letter where they differ (REQUIREMENTS.md §19).
// Spec version: immersive-web/webxr index.bs @ 23547b1 (2026-03-16).

import {
  ArrayIsArray,
  ArrayPrototypeIncludes,
  ArrayPrototypeJoin,
  ArrayPrototypeMap,
  ArrayPrototypePush,
  ArrayPrototypeSlice,
  JSONStringify,
  NumberIsFinite,
  ObjectDefineProperty,
  ObjectEntries,
  ObjectFreeze,
  ObjectHasOwn,
  ObjectKeys,
  ReflectApply,
  String,
  TypeError,
} from '../primordials.js';
import { type FeatureDescriptor, isFeatureDescriptor } from './features.js';
import { readField } from './input.js';

// Captured at load (top-level code may read the globals: no page script has run yet).
const SymbolIterator: typeof Symbol.iterator = Symbol.iterator;

/** How `isSessionSupported` avoids fingerprinting (spec #issessionsupported-fingerprinting, R-PERM-13). */
export type SessionSupportedStrategy =
  /** (1) judge explicit consent on each call (possibly a cached prompt answer). */
  | 'explicit-consent'
  /** (2) auto-grant and always report `true`, even without hardware. */
  | 'always-true'
  /** (3) prompt when hardware is present; without hardware, `false` after a random delay. */
  | 'prompt-or-random-delay'
  /** The Test API platform: truthful, no prompt, no delay (R-TEST-09). */
  | 'truthful';

/** How long consent lasts once given (R-CONSENT-03). */
export type ConsentDuration =
  /** Only for the session being created. */
  | 'session'
  /** Until the browsing context ends (the spec's recommendation; default). */
  | 'browsing-context'
  /** Kept across browsing contexts, only where the host persists and never in private mode. */
  | 'persistent'
  /** A fixed time in milliseconds. */
  | { readonly ms: number };

export interface UAProfile {
  readonly name: string;
  /** Transient activation duration (HTML leaves it to the UA; Chromium 5 s). R-INTENT-17. */
  readonly transientActivationMs: number;
  /** Error for a policy-blocked immersive requestSession. R-SESSION-21, AMB-02. */
  readonly policyBlockedImmersiveError: 'NotSupportedError' | 'SecurityError';
  /** Whether inline requests naming only `"viewer"` need activation. R-INTENT-18. */
  readonly inlineViewerOnlyNeedsActivation: boolean;
  /** Require a trustworthy document (focused, fully active) at requestSession. R-TRUST-14 (a). */
  readonly requireTrustworthyDocument: boolean;
  /** Require the underlying sensor policies (accelerometer, gyroscope, magnetometer) too. R-POLICY-11, AMB-24. */
  readonly requireSensorPolicies: boolean;
  /** Poses only while the session is `visible` (seeds), not merely not `hidden` (spec). R-VIS-15, AMB-04. */
  readonly posesRequireVisible: boolean;
  /** Floor height rounding step in metres (1 cm). R-SPACE-13, AMB-12. */
  readonly floorRoundingStep: number;
  /** Bounds quantization step in metres (5 cm). R-SPACE-18. */
  readonly boundsQuantizationStep: number;
  /** Bounds points limited to this distance from the native origin (15 m). R-SPACE-17. */
  readonly boundsLimit: number;
  /** Poses limited beyond this distance between native origins for local/local-floor (15 m). R-SPACE-06. */
  readonly poseLimitLocal: number;
  /** Poses limited beyond this distance outside the bounds (default 2 m, strict 1 m). R-SPACE-29. */
  readonly poseLimitOutsideBounds: number;
  /** The documented default estimated floor, metres below the local origin (1.6 m). R-SPACE-30. */
  readonly defaultFloorHeight: number;
  /** Features that need explicit consent beyond the spec's consent table (AMB-07); host policy. */
  readonly explicitConsentFeatures: readonly FeatureDescriptor[];
  readonly consentDuration: ConsentDuration;
  /** Per-origin overrides of the consent duration (serialized origin → duration). */
  readonly consentDurationByOrigin: Readonly<Record<string, ConsentDuration>>;
  readonly sessionSupportedStrategy: SessionSupportedStrategy;
  /** Upper bound of the random delay for 'prompt-or-random-delay', ms. R-ADJ-13. */
  readonly sessionSupportedMaxDelayMs: number;
  /** Anonymize view geometry: only when it could identify the device, or for every multi-view device. R-POSE-20. */
  readonly anonymizeViews: 'identifying-only' | 'all-multiview';
  /** Canonical IPDs (m) views are snapped to when anonymized. AMB-18. */
  readonly canonicalIpds: readonly number[];
  /** Report only a generic input profile (R-ADJ-08 MAY); strict only. R-ADJ-15. */
  readonly maskInputProfiles: boolean;
  /** A `bounded-floor` space needs a resolved floor at request time (strict reading). R-SPACE-28. */
  readonly boundedFloorNeedsResolvedFloor: boolean;
  /** Optional mitigations (R-ADJ-02/04): 0 or null disables. */
  readonly poseThrottleHz: number | null;
  readonly positionQuantizationStep: number | null;
  /** Mid-session consent for non-XR APIs: the spec's shutdown rule, or the S4 upper bound. AMB-06. */
  readonly midSessionConsent: 'shutdown' | 'upper-bound';
  /**
   * When a permission inside a declared envelope is asked (R-UPPER-05): 'at-use' (a trusted
   * immersive prompt when the app asks, the session visible-blurred meanwhile) or
   * 'at-session-start' (the envelope's permissions join the session's consent prompt: one
   * collapsed prompt, and nothing asks mid-session). R-UPPER-02, AMB-06.
   */
  readonly envelopePrompt: 'at-use' | 'at-session-start';
  /** Automatic immersive sessions after navigation (S2); off by default. R-NAV-22. */
  readonly automaticSessionsOnNavigation: boolean;
  /** Mitigations applied when an automatic session is allowed. R-NAV-16. */
  readonly navigationMitigations: readonly ('start-blurred' | 'interstitial')[];
  /** While a consent prompt is open, sessions become this. R-TUI-06/08. */
  readonly promptVisibility: 'visible-blurred' | 'hidden';
  /** Hardening: the longest feature list or bounds polygon accepted. */
  readonly maxListLength: number;
  /**
   * Lighting estimation mitigations (spec(lighting) #privacy-security, MAY): the step the spherical
   * harmonics and the light intensity are quantized to, the angle step of the light direction, and
   * the least time between two updates of a session's estimate. null: off.
   */
  readonly lightEstimateQuantizationStep: number | null;
  readonly lightDirectionStepDeg: number | null;
  readonly lightEstimateMinIntervalMs: number | null;
  /**
   * Hand anonymization (spec(hand-input) #privacy-security, a MUST): every hand is scaled to this
   * size (metres, wrist to middle fingertip) and its joint positions and radii rounded to these
   * steps.
   */
  readonly handCanonicalSize: number;
  readonly handPositionStep: number;
  readonly handRadiusStep: number;
}

const base: UAProfile = {
  name: 'spec',
  transientActivationMs: 5000,
  policyBlockedImmersiveError: 'NotSupportedError',
  inlineViewerOnlyNeedsActivation: false,
  requireTrustworthyDocument: false,
  requireSensorPolicies: false,
  posesRequireVisible: false,
  floorRoundingStep: 0.01,
  boundsQuantizationStep: 0.05,
  boundsLimit: 15,
  poseLimitLocal: 15,
  poseLimitOutsideBounds: 2,
  defaultFloorHeight: 1.6,
  explicitConsentFeatures: ObjectFreeze([]),
  consentDuration: 'browsing-context',
  consentDurationByOrigin: ObjectFreeze({}),
  sessionSupportedStrategy: 'explicit-consent',
  sessionSupportedMaxDelayMs: 1500,
  anonymizeViews: 'identifying-only',
  canonicalIpds: ObjectFreeze([0.058, 0.063, 0.068]),
  maskInputProfiles: false,
  boundedFloorNeedsResolvedFloor: false,
  poseThrottleHz: null,
  positionQuantizationStep: null,
  midSessionConsent: 'shutdown',
  envelopePrompt: 'at-use',
  automaticSessionsOnNavigation: false,
  navigationMitigations: ObjectFreeze(['start-blurred'] as const),
  promptVisibility: 'visible-blurred',
  maxListLength: 1024,
  lightEstimateQuantizationStep: null,
  lightDirectionStepDeg: null,
  lightEstimateMinIntervalMs: null,
  handCanonicalSize: 0.187,
  handPositionStep: 0.001,
  handRadiusStep: 0.001,
};

/** The current spec (default profile). */
export const specProfile: UAProfile = ObjectFreeze({ ...base });

const strictExplicitConsent: readonly FeatureDescriptor[] = ObjectFreeze([
  'local-floor',
  'bounded-floor',
  'unbounded',
]);

/** The seeds' stricter letter (REQUIREMENTS.md §19, per-item notes). */
export const strictProfile: UAProfile = ObjectFreeze({
  ...base,
  name: 'strict',
  policyBlockedImmersiveError: 'SecurityError',
  inlineViewerOnlyNeedsActivation: true,
  requireTrustworthyDocument: true,
  requireSensorPolicies: true,
  posesRequireVisible: true,
  poseLimitOutsideBounds: 1,
  explicitConsentFeatures: strictExplicitConsent,
  // Nothing prompts in the middle of an immersive session: the envelope is asked with the session.
  envelopePrompt: 'at-session-start',
  anonymizeViews: 'all-multiview',
  maskInputProfiles: true,
  boundedFloorNeedsResolvedFloor: true,
  promptVisibility: 'hidden',
  // Low spatial and temporal frequency lighting (spec(lighting) #privacy-security).
  lightEstimateQuantizationStep: 0.05,
  lightDirectionStepDeg: 15,
  lightEstimateMinIntervalMs: 1000,
  handPositionStep: 0.005,
  handRadiusStep: 0.002,
});

export const profiles: Readonly<Record<'spec' | 'strict', UAProfile>> = ObjectFreeze({
  spec: specProfile,
  strict: strictProfile,
});

type NavigationMitigationName = UAProfile['navigationMitigations'][number];

function positive(name: string, v: unknown): number {
  if (typeof v !== 'number' || !NumberIsFinite(v) || v <= 0) {
    throw new TypeError(`profile.${name} must be a finite number > 0 (got ${String(v)})`);
  }
  return v;
}

/**
 * The entries of a list option: an array's elements by index; any other iterable (a Set, say)
 * through the iteration protocol, called through the captured Reflect.apply.
 */
function listEntries(name: string, list: unknown): unknown[] {
  if (ArrayIsArray(list)) return ArrayPrototypeSlice(list as readonly unknown[]);
  const method =
    list === null || list === undefined ? undefined : (list as Record<symbol, unknown>)[SymbolIterator];
  if (typeof method !== 'function') throw new TypeError(`profile.${name} must be a list`);
  const it = ReflectApply(method, list, []) as Iterator<unknown>;
  const next = it.next;
  const out: unknown[] = [];
  for (let step = ReflectApply(next, it, []); !step.done; step = ReflectApply(next, it, [])) {
    ArrayPrototypePush(out, step.value);
  }
  return out;
}

/** A list of known feature descriptors (a misspelt one must not silently go without explicit consent). */
function checkFeatures(name: string, list: unknown): readonly FeatureDescriptor[] {
  const entries = listEntries(name, list);
  const out: FeatureDescriptor[] = [];
  for (let i = 0; i < entries.length; i++) {
    const f = entries[i];
    if (!isFeatureDescriptor(f)) {
      throw new TypeError(`profile.${name}: ${JSONStringify(String(f))} is not a known feature descriptor`);
    }
    ArrayPrototypePush(out, f);
  }
  return ObjectFreeze(out);
}

/** Defines `obj[key]` as an own data property (no setter on Object.prototype is reached). */
function defineOwn(obj: object, key: string, value: unknown): void {
  ObjectDefineProperty(obj, key, {
    __proto__: null,
    value,
    writable: true,
    enumerable: true,
    configurable: true,
  } as PropertyDescriptor);
}

function checkDuration(name: string, d: unknown): ConsentDuration {
  if (d === 'session' || d === 'browsing-context' || d === 'persistent') return d;
  if (d !== null && typeof d === 'object') {
    // `ms` of the object or of its class, never of a polluted Object.prototype.
    const ms = readField(d, 'ms');
    if (typeof ms === 'number' && NumberIsFinite(ms) && ms >= 0) return ObjectFreeze({ ms });
  }
  throw new TypeError(`profile.${name} must be 'session', 'browsing-context', 'persistent' or { ms }`);
}

/**
 * Builds a profile from a base and overrides, validating every value. Unknown keys are refused
 * (a misspelt option must not silently keep the default).
 */
export function defineProfile(
  overrides: Partial<UAProfile> & { readonly name: string },
  from: UAProfile = specProfile,
): UAProfile {
  if (overrides === null || typeof overrides !== 'object')
    throw new TypeError('defineProfile needs an object');
  // A null-prototype copy: a field that neither `from` nor the overrides have reads as undefined
  // (validated below), never as a value a page put on Object.prototype.
  const out: Record<string, unknown> = { __proto__: null, ...from } as unknown as Record<string, unknown>;
  const keys = ObjectKeys(overrides);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    if (!ObjectHasOwn(base, key)) throw new TypeError(`unknown profile option '${key}'`);
    out[key] = (overrides as unknown as Record<string, unknown>)[key];
  }
  const p = out as unknown as UAProfile;
  if (typeof p.name !== 'string' || p.name === '')
    throw new TypeError('profile.name must be a non-empty string');
  positive('transientActivationMs', p.transientActivationMs);
  positive('floorRoundingStep', p.floorRoundingStep);
  positive('boundsQuantizationStep', p.boundsQuantizationStep);
  positive('boundsLimit', p.boundsLimit);
  positive('poseLimitLocal', p.poseLimitLocal);
  positive('poseLimitOutsideBounds', p.poseLimitOutsideBounds);
  positive('defaultFloorHeight', p.defaultFloorHeight);
  positive('maxListLength', p.maxListLength);
  if (
    p.policyBlockedImmersiveError !== 'NotSupportedError' &&
    p.policyBlockedImmersiveError !== 'SecurityError'
  ) {
    throw new TypeError("profile.policyBlockedImmersiveError must be 'NotSupportedError' or 'SecurityError'");
  }
  const strategies: readonly string[] = [
    'explicit-consent',
    'always-true',
    'prompt-or-random-delay',
    'truthful',
  ];
  if (!ArrayPrototypeIncludes(strategies, p.sessionSupportedStrategy)) {
    throw new TypeError(
      `profile.sessionSupportedStrategy must be one of ${ArrayPrototypeJoin(strategies, ', ')}`,
    );
  }
  if (p.midSessionConsent !== 'shutdown' && p.midSessionConsent !== 'upper-bound')
    throw new TypeError("profile.midSessionConsent must be 'shutdown' or 'upper-bound'");
  if (p.envelopePrompt !== 'at-use' && p.envelopePrompt !== 'at-session-start')
    throw new TypeError("profile.envelopePrompt must be 'at-use' or 'at-session-start'");
  if (p.poseThrottleHz !== null) positive('poseThrottleHz', p.poseThrottleHz);
  if (p.lightEstimateQuantizationStep !== null)
    positive('lightEstimateQuantizationStep', p.lightEstimateQuantizationStep);
  if (p.lightDirectionStepDeg !== null) positive('lightDirectionStepDeg', p.lightDirectionStepDeg);
  positive('handCanonicalSize', p.handCanonicalSize);
  positive('handPositionStep', p.handPositionStep);
  positive('handRadiusStep', p.handRadiusStep);
  if (p.lightEstimateMinIntervalMs !== null)
    positive('lightEstimateMinIntervalMs', p.lightEstimateMinIntervalMs);
  if (p.positionQuantizationStep !== null) positive('positionQuantizationStep', p.positionQuantizationStep);
  const durations: Record<string, ConsentDuration> = {};
  const entries = ObjectEntries(p.consentDurationByOrigin ?? {});
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i]!;
    const k = entry[0];
    defineOwn(durations, k, checkDuration(`consentDurationByOrigin['${k}']`, entry[1]));
  }
  return ObjectFreeze({
    ...p,
    consentDuration: checkDuration('consentDuration', p.consentDuration),
    consentDurationByOrigin: ObjectFreeze(durations),
    explicitConsentFeatures: checkFeatures('explicitConsentFeatures', p.explicitConsentFeatures),
    canonicalIpds: ObjectFreeze(
      ArrayPrototypeMap(listEntries('canonicalIpds', p.canonicalIpds), (v) => positive('canonicalIpds[]', v)),
    ),
    navigationMitigations: ObjectFreeze(
      listEntries('navigationMitigations', p.navigationMitigations) as NavigationMitigationName[],
    ),
  });
}

/** The consent duration that applies to an origin (per-origin override, else the profile's). */
export function consentDurationFor(profile: UAProfile, serializedOrigin: string): ConsentDuration {
  return ObjectHasOwn(profile.consentDurationByOrigin, serializedOrigin)
    ? (profile.consentDurationByOrigin[serializedOrigin] as ConsentDuration)
    : profile.consentDuration;
}
