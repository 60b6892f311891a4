// What a DocumentAgent needs from the UA-wide user-agent side (implemented by UserAgentSide): the
// devices, the immersive device lock, consent and the prompt, the audit log, the profile.

import type { XRDeviceBackend } from '../device/types.js';
import type { Host } from '../host/host.js';
import type { ConsentProvider, ConsentStore } from '../policy/consent.js';
import type { AuditLog } from '../policy/decision.js';
import type { XRSessionMode } from '../policy/features.js';
import type { UAProfile } from '../policy/profile.js';
import type { PersistentAnchorStore } from './anchors.js';

export interface UserAgentServices {
  readonly profile: UAProfile;
  readonly audit: AuditLog;
  readonly consent: ConsentStore;
  /** Modules whose feature descriptors are valid (R-FEAT-20). */
  readonly implementedModules: ReadonlySet<string>;
  /** The document whose immersive session holds the device (AMB-11), and one with a request pending. */
  lockHolder: object | null;
  pendingHolder: object | null;
  /**
   * A simulated device is in use through the WebXR Test API (R-TEST-09): implicit consent counts
   * as explicit and isSessionSupported is truthful. A policy input, set by the Test API only.
   */
  readonly simulatedPlatform: boolean;
  /** The UA's own consent prompt is open (R-TUI-06). */
  readonly promptOpen: boolean;
  readonly devices: readonly XRDeviceBackend[];
  deviceFor(which: 'immersive' | 'inline' | 'default-inline'): XRDeviceBackend | null;
  onDeviceChange(listener: () => void): void;
  nextId(): number;
  reportError(e: unknown): void;
  /** The immersive session ended: every document's inline loops may run again (R-VIS-16). */
  resumeInline(): void;
  wrapProvider(provider: ConsentProvider, promptsUser?: boolean): ConsentProvider;
  askSessionSupported(host: Host, mode: XRSessionMode): Promise<boolean>;
  /** Anchors Module: every origin's persistent anchors, kept by the user agent (R-ANCHOR-06/09). */
  readonly persistentAnchors?: PersistentAnchorStore;
}
