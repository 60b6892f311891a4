// spec: #reference-space-is-supported (index.bs L1423–1434), #bounded-reference-spaces-are-supported
// (L1488–1495); R-SPACE-01, R-SPACE-20, R-SPACE-28.

import { ArrayPrototypeIncludes, Set, SetPrototypeHas } from '../primordials.js';
import { allow, type Decision, deny, type RequirementId } from './decision.js';
import {
  type FeatureDescriptor,
  isImmersive,
  type ReferenceSpaceType,
  type XRSessionMode,
} from './features.js';
import type { UAProfile } from './profile.js';

export interface ReferenceSpaceFacts {
  readonly type: ReferenceSpaceType;
  readonly mode: XRSessionMode;
  /** The session's set of granted features. */
  readonly granted: ReadonlySet<FeatureDescriptor> | readonly FeatureDescriptor[];
  /** The device can report orientation (inline local/local-floor). */
  readonly reportsOrientation: boolean;
  /** The device is capable of bounded-floor (can report boundaries and the floor). */
  readonly boundedCapable: boolean;
  /** The floor height is known now (only the strict profile needs it). */
  readonly floorResolved: boolean;
  /** The device tracks over an unlimited distance. */
  readonly unboundedCapable: boolean;
}

function has(
  granted: ReadonlySet<FeatureDescriptor> | readonly FeatureDescriptor[],
  f: FeatureDescriptor,
): boolean {
  return granted instanceof Set
    ? SetPrototypeHas(granted, f)
    : ArrayPrototypeIncludes(granted as readonly FeatureDescriptor[], f);
}

export function referenceSpaceIsSupported(facts: ReferenceSpaceFacts, profile: UAProfile): Decision {
  const action = `requestReferenceSpace('${facts.type}')`;
  const no = (reason: string, requirement: RequirementId, fix?: string) =>
    deny('NotSupportedError', { action, reason, requirement, ...(fix ? { fix } : {}) });
  // Step 1: the type must have been granted when the session was created.
  if (!has(facts.granted, facts.type)) {
    return no(
      `'${facts.type}' was not granted when the session was created`,
      'R-SPACE-01',
      `Request '${facts.type}' in requiredFeatures or optionalFeatures of requestSession().`,
    );
  }
  switch (facts.type) {
    case 'viewer':
      return allow('viewer is always supported', 'R-SPACE-10');
    case 'local':
    case 'local-floor':
      if (isImmersive(facts.mode)) return allow('immersive sessions support local spaces', 'R-SPACE-01');
      return facts.reportsOrientation
        ? allow('the device reports orientation', 'R-SPACE-01')
        : no('the inline device reports no orientation', 'R-SPACE-01');
    case 'bounded-floor':
      if (!isImmersive(facts.mode))
        return no('bounded-floor is never available to inline sessions', 'R-SPACE-01');
      if (!facts.boundedCapable) return no('the device cannot report boundaries and the floor', 'R-SPACE-20');
      if (profile.boundedFloorNeedsResolvedFloor && !facts.floorResolved) {
        return no('the floor height is not known yet (strict profile)', 'R-SPACE-28');
      }
      return allow('bounded reference spaces are supported', 'R-SPACE-20');
    case 'unbounded':
      if (!isImmersive(facts.mode))
        return no('unbounded is never available to inline sessions', 'R-SPACE-01');
      return facts.unboundedCapable
        ? allow('the device tracks over an unlimited distance', 'R-SPACE-01')
        : no('the device cannot track over an unlimited distance', 'R-SPACE-01');
  }
}
