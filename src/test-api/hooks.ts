// navigator.xr.test.xrgate: the hooks the WebXR Test API lacks (AMB-30, R-TEST-07), on their own
// object so that the standard surface stays standard.

import type { UserAgentSide } from '../agent/user-agent-side.js';
import { illegalConstructor, illegalInvocation, toStringTag } from '../api/webidl.js';
import type { HostPolicyFeature } from '../host/host.js';
import type { ConsentAnswer, ConsentQuestion } from '../policy/consent.js';
import type { AuditRecord } from '../policy/decision.js';
import type { NavigationFacts } from '../policy/navigation.js';
import type { TestHost } from './test-host.js';

const features: readonly HostPolicyFeature[] = [
  'xr-spatial-tracking',
  'accelerometer',
  'gyroscope',
  'magnetometer',
  'camera',
  'microphone',
];

export class XrgateTestHooks {
  #ua: UserAgentSide;
  #host: TestHost;

  constructor(token?: unknown, ua?: UserAgentSide, host?: TestHost) {
    illegalConstructor(token);
    this.#ua = ua as UserAgentSide;
    this.#host = host as TestHost;
  }

  #me(): TestHost {
    if (!(typeof this === 'object' && this !== null && #host in this)) illegalInvocation();
    return this.#host;
  }

  /**
   * How the next prompts are answered: 'grant-all' (the default: implicit consent, R-TEST-09),
   * 'deny-all', or { grant: [features], delayMs? }.
   */
  setConsent(answer: 'grant-all' | 'deny-all' | { grant: readonly string[]; delayMs?: number }): void {
    const h = this.#me();
    if (answer === 'grant-all' || answer === 'deny-all') {
      h.setConsent(answer);
      return;
    }
    if (answer === null || typeof answer !== 'object' || !Array.isArray(answer.grant)) {
      throw new TypeError("setConsent needs 'grant-all', 'deny-all' or { grant: [...], delayMs? }");
    }
    const grant = answer.grant.map(String);
    const delayMs = Number(answer.delayMs ?? 0);
    h.setConsent({ grant, delayMs: Number.isFinite(delayMs) && delayMs > 0 ? delayMs : 0 });
  }

  /** A prompt answered by a page function (e.g. to hold it open). */
  setConsentHandler(fn: (q: ConsentQuestion) => Promise<ConsentAnswer> | ConsentAnswer): void {
    const h = this.#me();
    if (typeof fn !== 'function') throw new TypeError('setConsentHandler needs a function');
    h.setConsent(fn);
  }

  setPermissionsPolicy(feature: string, allowed: boolean): void {
    const h = this.#me();
    if (!features.includes(feature as HostPolicyFeature))
      throw new TypeError(`unknown policy feature '${feature}'`);
    h.setPolicy(feature as HostPolicyFeature, Boolean(allowed));
  }

  setFocus(focused: boolean): void {
    this.#me().setFocus(Boolean(focused));
  }

  setDocumentVisibility(state: 'visible' | 'hidden'): void {
    if (state !== 'visible' && state !== 'hidden')
      throw new TypeError("setDocumentVisibility needs 'visible' or 'hidden'");
    this.#me().setDocumentVisibility(state);
  }

  setTrustedUI(kind: null | 'prompt' | 'text-input' | 'other'): void {
    if (kind !== null && kind !== 'prompt' && kind !== 'text-input' && kind !== 'other') {
      throw new TypeError("setTrustedUI needs null, 'prompt', 'text-input' or 'other'");
    }
    this.#me().setTrustedUI(kind);
  }

  launchAsInstalledApp(): void {
    this.#me().launchAsInstalledApp();
  }

  setNavigationFacts(facts: NavigationFacts | null): void {
    this.#me().setNavigationFacts(facts);
  }

  setSessionSupportedConsent(state: 'granted' | 'denied' | 'unknown'): void {
    if (state !== 'granted' && state !== 'denied' && state !== 'unknown') throw new TypeError('bad state');
    this.#me().setSessionSupportedConsent(state);
  }

  /** Leaves the simulated platform's consent defaults (R-TEST-09) so prompts behave as in a browser. */
  setTestMode(on: boolean): void {
    this.#me();
    this.#ua.setSimulatedPlatform(Boolean(on));
  }

  /** Every decision so far, with its requirement id. */
  auditLog(): readonly AuditRecord[] {
    this.#me();
    return this.#ua.audit.entries();
  }
}

toStringTag(XrgateTestHooks, 'XrgateTestHooks');
