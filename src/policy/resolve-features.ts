// spec: #resolve-features (index.bs L3050–3078), R-FEAT-06..10, R-POLICY-07, AMB-07, AMB-13, AMB-20 (b).
// Returns (consentRequired, consentOptional, granted) or refuses (the spec's null). The refusal
// keeps the reason: which required feature failed, and why.

import {
  ArrayPrototypeConcat,
  ArrayPrototypeIncludes,
  ArrayPrototypeJoin,
  ArrayPrototypePush,
  ObjectFreeze,
  ReflectApply,
  SafeSet,
  SetPrototypeHas,
} from '../primordials.js';
import { allow, type Decision, type Denied, deny, type RequirementId } from './decision.js';
import {
  defaultFeatures,
  type FeatureDescriptor,
  featureInfo,
  isImmersive,
  isValidFeatureDescriptor,
  modeAllows,
  needsConsent,
  type PolicyName,
  type XRSessionMode,
} from './features.js';
import { readOption } from './input.js';
import type { UAProfile } from './profile.js';

/** What the device tells about itself (no permission decisions here). */
export interface DeviceFeatureFacts {
  readonly supportedModes: readonly XRSessionMode[];
  /** Features the device is capable of supporting per mode (spec "capable of supporting", R-FEAT-09). */
  readonly capableFeatures: Readonly<Partial<Record<XRSessionMode, readonly string[]>>>;
  /** Whether the device can report orientation (inline local/local-floor, R-SPACE-01 step 4). */
  readonly reportsOrientation?: boolean;
  /** Whether the floor height is already resolved (only the strict profile needs it for bounded-floor, R-SPACE-28). */
  readonly floorResolved?: boolean;
  /** The sensor policies that feed tracking (strict profile, R-POLICY-12, AMB-24). */
  readonly trackingSensors?: readonly ('accelerometer' | 'gyroscope' | 'magnetometer')[];
}

/** Is a policy-controlled feature allowed in the requesting document? */
export type PolicyCheck = (feature: PolicyName | 'accelerometer' | 'gyroscope' | 'magnetometer') => boolean;

export interface ResolveFeaturesInput {
  readonly mode: XRSessionMode;
  readonly requiredFeatures: readonly string[];
  readonly optionalFeatures: readonly string[];
  /** The current device for the mode (obtain the current device), or null. */
  readonly device: DeviceFeatureFacts | null;
  /** The features already granted to this origin and browsing context for the mode (AMB-08). */
  readonly previouslyEnabled: ReadonlySet<FeatureDescriptor>;
  readonly policyAllows: PolicyCheck;
  readonly profile: UAProfile;
  readonly implementedModules?: ReadonlySet<string>;
  /** A host hook: the UA may reject a feature for its own reasons (spec step 4.5). Returns a reason or null. */
  readonly uaRejects?: (feature: FeatureDescriptor, mode: XRSessionMode) => string | null;
}

export interface SkippedFeature {
  /** As the page wrote it: possibly not a known descriptor. */
  readonly feature: string;
  readonly reason: string;
  readonly requirement: RequirementId;
}

export interface ResolvedFeatures {
  readonly consentRequired: readonly FeatureDescriptor[];
  readonly consentOptional: readonly FeatureDescriptor[];
  readonly granted: readonly FeatureDescriptor[];
  /** Optional features that were dropped, with why (for the audit log and developer messages). */
  readonly skipped: readonly SkippedFeature[];
}

const noModules: ReadonlySet<string> = new SafeSet<string>();

// The device's and the input's optional fields are read with readOption: a polluted
// Object.prototype supplies no capability, resolved floor, sensor list, module or UA hook.

/** The features the device is capable of in a mode (an own entry of capableFeatures), or []. */
function capableIn(device: DeviceFeatureFacts, mode: XRSessionMode): readonly string[] {
  return (readOption(readOption(device, 'capableFeatures'), mode) as readonly string[] | undefined) ?? [];
}

/** Why the device cannot support `feature` in `mode`, or null if it can (R-SPACE-01, R-FEAT-09). */
function capabilityProblem(
  feature: FeatureDescriptor,
  input: ResolveFeaturesInput,
  device: DeviceFeatureFacts,
): string | null {
  const { mode, profile } = input;
  const info = featureInfo(feature);
  if (info && !modeAllows(info, mode)) return `'${feature}' is never available to ${mode} sessions`;
  if (feature === 'viewer') return null;
  if ((feature === 'local' || feature === 'local-floor') && isImmersive(mode)) return null; // R-SPACE-01 step 3, R-SPACE-14
  if ((feature === 'local' || feature === 'local-floor') && mode === 'inline') {
    const listed = capableIn(device, 'inline');
    return readOption(device, 'reportsOrientation') === true || ArrayPrototypeIncludes(listed, feature)
      ? null
      : `the inline XR device reports no orientation, so '${feature}' cannot be tracked`;
  }
  const capable = capableIn(device, mode);
  if (!ArrayPrototypeIncludes(capable, feature))
    return `the XR device is not capable of '${feature}' in ${mode} sessions`;
  if (
    feature === 'bounded-floor' &&
    profile.boundedFloorNeedsResolvedFloor &&
    readOption(device, 'floorResolved') !== true
  ) {
    return 'the floor height is not known yet (strict profile, R-SPACE-28)';
  }
  return null;
}

function policyProblem(
  feature: FeatureDescriptor,
  input: ResolveFeaturesInput,
  device: DeviceFeatureFacts,
): string | null {
  const info = featureInfo(feature);
  if (!info) return null;
  const policies = info.policies;
  for (let i = 0; i < policies.length; i++) {
    const p = policies[i]!;
    if (!input.policyAllows(p)) return `the permissions policy '${p}' is not allowed in this document`;
  }
  if (input.profile.requireSensorPolicies && ArrayPrototypeIncludes(policies, 'xr-spatial-tracking')) {
    const sensors =
      (readOption(device, 'trackingSensors') as DeviceFeatureFacts['trackingSensors']) ??
      (['accelerometer', 'gyroscope'] as const);
    for (let i = 0; i < sensors.length; i++) {
      const s = sensors[i]!;
      if (!input.policyAllows(s)) return `the underlying sensor policy '${s}' is not allowed (R-POLICY-12)`;
    }
  }
  return null;
}

export function resolveRequestedFeatures(input: ResolveFeaturesInput): Decision<ResolvedFeatures> {
  const { mode, profile } = input;
  const modules = (readOption(input, 'implementedModules') as ReadonlySet<string> | undefined) ?? noModules;
  const uaRejects = readOption(input, 'uaRejects') as ResolveFeaturesInput['uaRejects'];
  const consentRequired: FeatureDescriptor[] = [];
  const consentOptional: FeatureDescriptor[] = [];
  const granted: FeatureDescriptor[] = [];
  const skipped: SkippedFeature[] = [];
  const action = `requestSession('${mode}')`;
  // Step 1–2: no device, or it does not support the mode: three empty lists (AMB-19 is handled by callers).
  const device = input.device;
  if (device === null || !ArrayPrototypeIncludes(device.supportedModes, mode)) {
    return allow('no device supports the mode: nothing to resolve', 'R-FEAT-08', {
      consentRequired,
      consentOptional,
      granted,
      skipped,
    });
  }
  // Step 3: default features.
  const defaults = defaultFeatures(mode);
  for (let i = 0; i < defaults.length; i++) ArrayPrototypePush(granted, defaults[i]!);

  const consider = (feature: string, required: boolean): Denied | null => {
    const refuse = (reason: string, requirement: RequirementId): Denied | null => {
      if (required) {
        return deny('NotSupportedError', {
          action,
          reason: `required feature '${feature}': ${reason}`,
          fix: 'Move it to optionalFeatures and check session.enabledFeatures, or drop it.',
          requirement,
        });
      }
      ArrayPrototypePush(skipped, { feature, reason, requirement });
      return null;
    };
    // 4.1 null entries are dead since DOMString lists (AMB-13): "null" is just an unknown string.
    // 4.2 not a valid feature descriptor.
    if (!isValidFeatureDescriptor(feature, modules)) {
      const info = featureInfo(feature);
      return refuse(
        info
          ? `the ${info.module} module is not implemented by xrgate`
          : 'not a recognized feature descriptor',
        info ? 'R-FEAT-20' : required ? 'R-FEAT-06' : 'R-FEAT-07',
      );
    }
    // 4.3 already granted (duplicates are harmless, R-FEAT-10).
    if (
      ArrayPrototypeIncludes(granted, feature) ||
      ArrayPrototypeIncludes(consentRequired, feature) ||
      ArrayPrototypeIncludes(consentOptional, feature)
    ) {
      return null;
    }
    // 4.4 permissions policy.
    const pp = policyProblem(feature, input, device);
    if (pp) return refuse(pp, 'R-POLICY-07');
    // 4.5 device capability, or the UA rejects it.
    const cp = capabilityProblem(feature, input, device);
    if (cp) return refuse(cp, required ? 'R-FEAT-06' : 'R-FEAT-07');
    const ua =
      (uaRejects === undefined || uaRejects === null
        ? undefined
        : (ReflectApply(uaRejects, input, [feature, mode]) as string | null | undefined)) ?? null;
    if (ua) return refuse(`the user agent rejects it: ${ua}`, 'R-FEAT-08');
    // 4.6 consent.
    if (
      needsConsent(feature, mode, profile.explicitConsentFeatures) &&
      !SetPrototypeHas(input.previouslyEnabled, feature)
    ) {
      ArrayPrototypePush(required ? consentRequired : consentOptional, feature);
    } else {
      ArrayPrototypePush(granted, feature);
    }
    return null;
  };

  // Step 4: required features.
  const requiredFeatures = input.requiredFeatures;
  for (let i = 0; i < requiredFeatures.length; i++) {
    const refused = consider(requiredFeatures[i]!, true);
    if (refused) return refused;
  }
  // Step 5: optional features.
  const optionalFeatures = input.optionalFeatures;
  for (let i = 0; i < optionalFeatures.length; i++) consider(optionalFeatures[i]!, false);

  const needConsent = ArrayPrototypeJoin(ArrayPrototypeConcat(consentRequired, consentOptional), ', ');
  return allow(
    `granted ${ArrayPrototypeJoin(granted, ', ')}; consent needed for ${needConsent || 'nothing'}`,
    'R-FEAT-08',
    {
      consentRequired: ObjectFreeze(consentRequired),
      consentOptional: ObjectFreeze(consentOptional),
      granted: ObjectFreeze(granted),
      skipped: ObjectFreeze(skipped),
    },
  );
}
