// The user-agent side of the browser's own permission APIs during XR (seed 004, AMB-06):
// getUserMedia, geolocation and Notification.requestPermission ask here before they reach the
// browser. With a declared envelope (R-UPPER-03/04) a permission outside it is refused with
// NotAllowedError (R-UPPER-06); inside it the user answers through xrgate's trusted prompt, at the
// session's start or when used (profile.envelopePrompt; the session is visible-blurred while the
// prompt is open, R-TUI-06), or an earlier answer stands (R-UPPER-05). Without an envelope the
// spec's rule: a prompt during an immersive session first ends the session, unless the browser's
// permission was granted before (R-CONSENT-05, R-LIFE-10). Then the browser's own flow runs.

import type { Host } from '../host/host.js';
import type { ConsentProvider } from '../policy/consent.js';
import { capabilityReveals } from '../policy/consent.js';
import { allow, type Decision, type Denied, deny } from '../policy/decision.js';
import {
  DECLARABLE_IN_FEATURES,
  type EnvelopePermission,
  midSessionConsentDecision,
} from '../policy/envelope.js';
import type { UAProfile } from '../policy/profile.js';
import {
  ArrayIsArray,
  ArrayPrototypeIncludes,
  ArrayPrototypePush,
  MathMin,
  ObjectHasOwn,
} from '../primordials.js';
import { ownData } from './channel.js';
import type { SessionAgent } from './session-agent.js';

export interface CapabilityGateOwner {
  readonly host: Host;
  readonly profile: UAProfile;
  record<D extends Decision<unknown>>(action: string, d: D): D;
  origin(): string;
  /** This document's immersive session, if one is active. */
  readonly activeImmersive: SessionAgent | null;
  /** The consent provider as Trusted UI (sessions blurred while it is open). */
  trustedPrompt(): ConsentProvider;
}

/** The capability names of a page's request: own data, known names only, at most four. */
export function readCapabilities(raw: unknown): Decision<readonly EnvelopePermission[]> {
  const list: EnvelopePermission[] = [];
  if (!ArrayIsArray(raw)) {
    return deny('TypeError', {
      action: 'a permission request',
      reason: 'the capabilities are not a list',
      requirement: 'R-UPPER-06',
    });
  }
  const n = MathMin(raw.length, 8);
  for (let i = 0; i < n; i++) {
    const v = ownData(raw, i);
    if (typeof v !== 'string' || !ArrayPrototypeIncludes(DECLARABLE_IN_FEATURES, v)) {
      return deny('TypeError', {
        action: 'a permission request',
        reason: `capability ${i} is not one of microphone, camera, geolocation, notifications`,
        requirement: 'R-UPPER-06',
      });
    }
    if (!ArrayPrototypeIncludes(list, v)) ArrayPrototypePush(list, v as EnvelopePermission);
  }
  return allow('the capabilities are read', 'R-UPPER-06', list);
}

/**
 * Decides a page's request for `capabilities` (e.g. ['microphone', 'camera'] for getUserMedia
 * with audio and video): null when the browser's own flow may go on, or the refusal.
 */
export async function gateCapabilities(
  owner: CapabilityGateOwner,
  capabilities: readonly EnvelopePermission[],
): Promise<Denied | null> {
  for (let i = 0; i < capabilities.length; i++) {
    const capability = capabilities[i]!;
    const session = owner.activeImmersive;
    const prior =
      session !== null && owner.host.permissionState
        ? await owner.host.permissionState(capability)
        : 'prompt';
    // The session may have ended while the browser answered.
    const active = session !== null && !session.ended && owner.activeImmersive === session;
    const d = owner.record(
      'permissionRequest',
      midSessionConsentDecision(
        {
          capability,
          activeImmersiveSession: active,
          consentGrantedBeforeSession: prior === 'granted',
          envelope: active ? session.envelope : null,
        },
        owner.profile,
      ),
    );
    if (!d.allowed) return d;
    const action = d.value.action;
    if (action === 'use-existing-consent' || !active) continue;
    if (action === 'shutdown-then-prompt') {
      // R-CONSENT-05: the browser's prompt is not shown over immersive content: the session ends first.
      session.shutdown(false);
      continue;
    }
    // 'prompt' inside the envelope, during the session (R-UPPER-05).
    if (session.capabilityGrants.has(capability)) continue;
    if (session.capabilitiesAskedAtStart) {
      return owner.record(
        'permissionRequest',
        deny('NotAllowedError', {
          action: `A request for "${capability}"`,
          reason: 'the user did not allow it in the prompt at the start of the immersive session',
          fix: 'Handle the refusal; the user can allow it in the next session.',
          requirement: 'R-UPPER-05',
        }),
      );
    }
    let granted = false;
    try {
      const answer = await owner.trustedPrompt()({
        origin: owner.origin(),
        mode: session.mode,
        features: [{ name: capability, required: false, reveals: capabilityReveals(capability) }],
      });
      const answers = ownData(answer, 'granted');
      granted =
        ownData(answer, 'kind') === 'explicit' &&
        answers !== null &&
        typeof answers === 'object' &&
        ObjectHasOwn(answers, capability) &&
        ownData(answers, capability) === true;
    } catch {
      granted = false;
    }
    if (!granted) {
      return owner.record(
        'permissionRequest',
        deny('NotAllowedError', {
          action: `A request for "${capability}"`,
          reason: 'the user declined it in the immersive prompt',
          requirement: 'R-UPPER-05',
        }),
      );
    }
    if (!session.ended) session.capabilityGrants.add(capability);
  }
  return null;
}
