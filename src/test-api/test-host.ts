// What the Test API needs from the host: the scripted host's controls.

import type { Host, HostPolicyFeature } from '../host/host.js';
import type { ConsentScript } from '../host/scripted.js';
import type { NavigationFacts } from '../policy/navigation.js';

export interface TestHost extends Host {
  click(): void;
  setConsent(script: ConsentScript): void;
  setPolicy(feature: HostPolicyFeature, allowed: boolean): void;
  setFocus(focused: boolean): void;
  setDocumentVisibility(state: 'visible' | 'hidden'): void;
  setTrustedUI(active: null | 'prompt' | 'text-input' | 'other'): void;
  launchAsInstalledApp(): void;
  setNavigationFacts(facts: NavigationFacts | null): void;
  setSessionSupportedConsent(state: 'granted' | 'denied' | 'unknown'): void;
}
