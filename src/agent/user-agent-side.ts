// The user-agent side, UA-wide: what a browser process holds for every document. The devices and
// the selected immersive device (spec #xr-device-selection), the UA-wide immersive device lock
// (AMB-11), the consent store (keyed by origin, AMB-08), the prompt, the audit log and the profile.
// Each document talks to it through its DocumentAgent (document-agent.ts).

import { createInlineDesktop } from '../device/simulated.js';
import type { XRDeviceBackend } from '../device/types.js';
import type { Host } from '../host/host.js';
import {
  type ConsentAnswer,
  type ConsentProvider,
  type ConsentQuestion,
  type ConsentStorage,
  ConsentStore,
} from '../policy/consent.js';
import type { AuditLog } from '../policy/decision.js';
import type { XRSessionMode } from '../policy/features.js';
import { serializeOrigin } from '../policy/origin.js';
import type { UAProfile } from '../policy/profile.js';
import { DocumentAgent } from './document-agent.js';
import type { PageSink } from './protocol.js';
import type { UserAgentServices } from './user-agent-services.js';

export class UserAgentSide implements UserAgentServices {
  readonly profile: UAProfile;
  readonly audit: AuditLog;
  readonly consent: ConsentStore;
  /** Modules whose feature descriptors are valid (R-FEAT-20); the others' are unknown strings. */
  readonly implementedModules: ReadonlySet<string> = new Set(['lighting-estimation', 'hand-input']);
  /** The document whose immersive session holds the device (AMB-11). */
  lockHolder: DocumentAgent | null = null;
  /** The document with an immersive request in flight. */
  pendingHolder: DocumentAgent | null = null;
  promptOpen = false;
  #simulatedPlatform = false;
  readonly #systems = new Set<DocumentAgent>();
  #devices: XRDeviceBackend[] = [];
  #immersiveDevice: XRDeviceBackend | null = null;
  readonly #defaultInline: XRDeviceBackend;
  #unsubscribe = new Map<XRDeviceBackend, () => void>();
  #counter = 0;
  #deviceListeners: (() => void)[] = [];
  readonly #reportError: (e: unknown) => void;

  constructor(options: {
    profile: UAProfile;
    audit: AuditLog;
    now: () => number;
    storage?: ConsentStorage | null;
    privateMode?: boolean;
    reportError?: (e: unknown) => void;
  }) {
    this.profile = options.profile;
    this.audit = options.audit;
    this.consent = new ConsentStore({
      now: options.now,
      profile: options.profile,
      storage: options.storage ?? null,
      privateMode: options.privateMode === true,
    });
    this.#defaultInline = createInlineDesktop({ id: 'default-inline' });
    this.#reportError =
      options.reportError ??
      ((e) => {
        const r = (globalThis as { reportError?: (e: unknown) => void }).reportError;
        if (typeof r === 'function') r(e);
        else console.error(e);
      });
  }

  /** Called after the immersive XR device changed (for XRPermissionStatus `change`, R-PERM-06). */
  onDeviceChange(listener: () => void): void {
    this.#deviceListeners.push(listener);
  }

  get simulatedPlatform(): boolean {
    return this.#simulatedPlatform;
  }

  /** The Test API's platform (R-TEST-09): set when it connects a simulated device. */
  setSimulatedPlatform(on: boolean): void {
    this.#simulatedPlatform = on === true;
  }

  nextId(): number {
    return ++this.#counter;
  }

  reportError(e: unknown): void {
    this.#reportError(e);
  }

  /** Opens the user-agent side of a document: its DocumentAgent, which answers the page side. */
  openDocument(host: Host, sink: PageSink): DocumentAgent {
    const agent = new DocumentAgent(this, host, sink);
    this.#systems.add(agent);
    return agent;
  }

  /** The document agents (for the developer overlay and the Test API). */
  documents(): readonly DocumentAgent[] {
    return [...this.#systems];
  }

  unregister(system: DocumentAgent): void {
    this.#systems.delete(system);
    if (this.lockHolder === system) this.lockHolder = null;
    if (this.pendingHolder === system) this.pendingHolder = null;
  }

  get devices(): readonly XRDeviceBackend[] {
    return this.#devices.slice();
  }

  get immersiveDevice(): XRDeviceBackend | null {
    return this.#immersiveDevice;
  }

  /** spec: #obtain-the-current-device */
  deviceFor(which: 'immersive' | 'inline' | 'default-inline'): XRDeviceBackend | null {
    if (which === 'default-inline') return this.#defaultInline;
    if (which === 'immersive') return this.#immersiveDevice;
    // The inline XR device: the latest connected device that supports inline (spec(test)
    // simulateDeviceConnection step "set the inline XR device"), else the default inline device.
    for (let i = this.#devices.length - 1; i >= 0; i--) {
      const d = this.#devices[i] as XRDeviceBackend;
      if (d.connected && d.supportedModes.includes('inline')) return d;
    }
    return this.#defaultInline;
  }

  /** The immersive session ended: every document's inline loops may run again (R-VIS-16). */
  resumeInline(): void {
    for (const d of this.#systems) for (const s of d.inlineSessions()) d.resume(s);
  }

  connect(device: XRDeviceBackend): void {
    if (this.#devices.includes(device)) return;
    this.#devices.push(device);
    this.#unsubscribe.set(
      device,
      device.subscribe((e) => {
        if (e.type === 'disconnect') this.disconnect(device);
      }),
    );
    this.#select();
  }

  disconnect(device: XRDeviceBackend): void {
    if (!this.#devices.includes(device)) return;
    this.#devices = this.#devices.filter((d) => d !== device);
    this.#unsubscribe.get(device)?.();
    this.#unsubscribe.delete(device);
    for (const s of this.#systems) s.deviceLost(device);
    this.#select();
  }

  // spec: #select-an-immersive-xr-device
  #select(): void {
    const old = this.#immersiveDevice;
    const candidates = this.#devices.filter(
      (d) => d.connected && d.supportedModes.some((m) => m !== 'inline'),
    );
    let next: XRDeviceBackend | null = null;
    if (candidates.length === 1) next = candidates[0] as XRDeviceBackend;
    else if (candidates.length > 1)
      next = old && candidates.includes(old) ? old : (candidates[0] as XRDeviceBackend);
    this.#immersiveDevice = next;
    if (next === old) return;
    for (const s of this.#systems) s.deviceChanged();
    // R-PERM-06 step 10: permission statuses affected by the change.
    for (const l of this.#deviceListeners.slice()) l();
  }

  /** Wraps the host's prompt so every session is blurred while it is open (R-TUI-06, R-CONSENT-12). */
  wrapProvider(provider: ConsentProvider, promptsUser = true): ConsentProvider {
    if (!promptsUser) return provider;
    return async (q: ConsentQuestion): Promise<ConsentAnswer> => {
      this.promptOpen = true;
      this.#refreshVisibility();
      try {
        return await provider(q);
      } finally {
        this.promptOpen = false;
        this.#refreshVisibility();
      }
    };
  }

  #refreshVisibility(): void {
    for (const d of this.#systems) for (const s of d.sessions()) s.updateVisibility();
  }

  /** Asks about "xr-session-supported" through the host's prompt (strategies 1 and 3, R-PERM-13). */
  async askSessionSupported(host: Host, mode: XRSessionMode): Promise<boolean> {
    try {
      const answer = await this.wrapProvider(
        host.consentProvider,
        host.promptsUser(),
      )({
        origin: serializeOrigin(host.origin()),
        mode,
        features: [{ name: 'xr-session-supported', required: true, reveals: 'whether you have XR hardware' }],
      });
      return answer?.granted?.['xr-session-supported'] === true;
    } catch {
      return false;
    }
  }
}
