// Revocation reaching a running session (R-TUI-03 (8), AMB-29). The spec lets the user revoke
// consent and defines no effect on a session already running; a revocation that changed nothing
// until the next session would not be one. xrgate's rule: a revoked feature that the session
// required ends the session (it cannot go on without it, as requestSession would have refused);
// an optional one is taken away: its reference spaces stop producing poses (null from getPose and
// getViewerPose), its data stops (hands, the floor and bounds, secondary views, light estimates),
// and later requests for it are refused as never granted. enabledFeatures stays as it was (the
// spec freezes it at creation).
// Pure: every fact is an argument.

import { ArrayPrototypeIncludes, ArrayPrototypePush, ObjectFreeze } from '../primordials.js';
import { allow, type Decision, deny } from './decision.js';
import type { FeatureDescriptor, ReferenceSpaceType } from './features.js';
import { referenceSpaceTypes } from './features.js';

export interface RevocationFacts {
  /** The features the user revoked (for this session's origin and mode). */
  readonly revoked: readonly FeatureDescriptor[];
  /** The session's requiredFeatures, as resolved at its creation. */
  readonly required: readonly FeatureDescriptor[];
  /** The features the session holds now. */
  readonly granted: readonly FeatureDescriptor[];
}

export interface RevocationEffect {
  /** What the session keeps. */
  readonly remaining: readonly FeatureDescriptor[];
  /** Features actually taken away (held by the session and revoked). */
  readonly removed: readonly FeatureDescriptor[];
  /** Reference-space types whose poses are withheld from now on. */
  readonly withheldSpaces: readonly ReferenceSpaceType[];
}

/**
 * What a revocation does to a running session: a denial (the session ends, with the reason) when a
 * required feature is revoked; otherwise the features and spaces taken away.
 */
export function revocationEffect(facts: RevocationFacts): Decision<RevocationEffect> {
  const { revoked, required, granted } = facts;
  for (let i = 0; i < revoked.length; i++) {
    const f = revoked[i]!;
    if (ArrayPrototypeIncludes(required, f) && ArrayPrototypeIncludes(granted, f)) {
      return deny('NotAllowedError', {
        action: 'the session',
        reason: `the user revoked "${f}", which the session required: it ends`,
        fix: 'Ask for it again with a new requestSession after a user action; make it optional if the app can run without it.',
        requirement: 'AMB-29',
      });
    }
  }
  const remaining: FeatureDescriptor[] = [];
  const removed: FeatureDescriptor[] = [];
  const withheld: ReferenceSpaceType[] = [];
  for (let i = 0; i < granted.length; i++) {
    const f = granted[i]!;
    if (!ArrayPrototypeIncludes(revoked, f)) {
      ArrayPrototypePush(remaining, f);
      continue;
    }
    ArrayPrototypePush(removed, f);
    if (ArrayPrototypeIncludes(referenceSpaceTypes, f)) ArrayPrototypePush(withheld, f as ReferenceSpaceType);
  }
  return allow(
    removed.length === 0
      ? 'the revocation names no feature this session holds'
      : `the user revoked ${removed.length} optional feature(s): their data and spaces stop`,
    'AMB-29',
    ObjectFreeze({
      remaining: ObjectFreeze(remaining),
      removed: ObjectFreeze(removed),
      withheldSpaces: ObjectFreeze(withheld),
    }),
  );
}
