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
import {
  ArrayPrototypeFilter,
  ArrayPrototypeIncludes,
  ArrayPrototypePush,
  ArrayPrototypeSlice,
  ArrayPrototypeSome,
  SafeMap,
  SafeSet,
} from '../primordials.js';
import { PersistentAnchorStore } from './anchors.js';
import { ownData } from './channel.js';
import { DocumentAgent } from './document-agent.js';
import type { PageSink } from './protocol.js';
import type { UserAgentServices } from './user-agent-services.js';

/** A SafeSet of `values`, filled by index (not through the array's iterator). */
function safeSetOf<T>(...values: T[]): SafeSet<T> {
  const set: SafeSet<T> = new SafeSet();
  for (let i = 0; i < values.length; i++) set.add(values[i]!);
  return set;
}

export class UserAgentSide implements UserAgentServices {
  readonly profile: UAProfile;
  readonly audit: AuditLog;
  readonly consent: ConsentStore;
  /** Modules whose feature descriptors are valid (R-FEAT-20); the others' are unknown strings. */
  readonly implementedModules: ReadonlySet<string> = safeSetOf(
    'lighting-estimation',
    'hand-input',
    'depth-sensing',
    'raw-camera-access',
    'layers',
    'anchors',
    'dom-overlays',
    'hit-test',
    'plane-detection',
    'mesh-detection',
  );
  /**
   * Anchors Module: every origin's persistent anchors, in this user agent only (R-ANCHOR-09); in
   * memory unless the embedder gives a store of its own (the extension: kept by its worker).
   */
  readonly persistentAnchors: PersistentAnchorStore;
  /** The document whose immersive session holds the device (AMB-11). */
  lockHolder: DocumentAgent | null = null;
  /** The document with an immersive request in flight. */
  pendingHolder: DocumentAgent | null = null;
  promptOpen = false;
  #simulatedPlatform = false;
  readonly #systems: SafeSet<DocumentAgent> = new SafeSet();
  #devices: XRDeviceBackend[] = [];
  #immersiveDevice: XRDeviceBackend | null = null;
  readonly #defaultInline: XRDeviceBackend;
  readonly #unsubscribe: SafeMap<XRDeviceBackend, () => void> = new SafeMap();
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
    /** Anchors Module: the persistent anchor store (default: a new one, in memory). */
    persistentAnchors?: PersistentAnchorStore;
  }) {
    this.profile = options.profile;
    this.persistentAnchors = options.persistentAnchors ?? new PersistentAnchorStore();
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
    ArrayPrototypePush(this.#deviceListeners, listener);
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
    const out: DocumentAgent[] = [];
    this.#systems.forEach((d) => {
      ArrayPrototypePush(out, d);
    });
    return out;
  }

  unregister(system: DocumentAgent): void {
    this.#systems.delete(system);
    if (this.lockHolder === system) this.lockHolder = null;
    if (this.pendingHolder === system) this.pendingHolder = null;
  }

  get devices(): readonly XRDeviceBackend[] {
    return ArrayPrototypeSlice(this.#devices);
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
      if (d.connected && ArrayPrototypeIncludes(d.supportedModes, 'inline')) return d;
    }
    return this.#defaultInline;
  }

  /** The immersive session ended: every document's inline loops may run again (R-VIS-16). */
  resumeInline(): void {
    const docs = this.documents();
    for (let i = 0; i < docs.length; i++) {
      const d = docs[i]!;
      const sessions = d.inlineSessions();
      for (let j = 0; j < sessions.length; j++) d.resume(sessions[j]!);
    }
  }

  connect(device: XRDeviceBackend): void {
    if (ArrayPrototypeIncludes(this.#devices, device)) return;
    ArrayPrototypePush(this.#devices, device);
    this.#unsubscribe.set(
      device,
      device.subscribe((e) => {
        if (e.type === 'disconnect') this.disconnect(device);
      }),
    );
    this.#select();
  }

  disconnect(device: XRDeviceBackend): void {
    if (!ArrayPrototypeIncludes(this.#devices, device)) return;
    this.#devices = ArrayPrototypeFilter(this.#devices, (d) => d !== device);
    this.#unsubscribe.get(device)?.();
    this.#unsubscribe.delete(device);
    const docs = this.documents();
    for (let i = 0; i < docs.length; i++) docs[i]!.deviceLost(device);
    this.#select();
  }

  // spec: #select-an-immersive-xr-device
  #select(): void {
    const old = this.#immersiveDevice;
    const candidates = ArrayPrototypeFilter(
      this.#devices,
      (d) => d.connected && ArrayPrototypeSome(d.supportedModes, (m) => m !== 'inline'),
    );
    let next: XRDeviceBackend | null = null;
    if (candidates.length === 1) next = candidates[0] as XRDeviceBackend;
    else if (candidates.length > 1)
      next = old && ArrayPrototypeIncludes(candidates, old) ? old : (candidates[0] as XRDeviceBackend);
    this.#immersiveDevice = next;
    if (next === old) return;
    const docs = this.documents();
    for (let i = 0; i < docs.length; i++) docs[i]!.deviceChanged();
    // R-PERM-06 step 10: permission statuses affected by the change.
    const listeners = ArrayPrototypeSlice(this.#deviceListeners);
    for (let i = 0; i < listeners.length; i++) listeners[i]!();
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
    const docs = this.documents();
    for (let i = 0; i < docs.length; i++) {
      const sessions = docs[i]!.sessions();
      for (let j = 0; j < sessions.length; j++) sessions[j]!.updateVisibility();
    }
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
      // Own data properties only: a polluted Object.prototype['xr-session-supported'] grants nothing.
      return ownData(ownData(answer, 'granted'), 'xr-session-supported') === true;
    } catch {
      return false;
    }
  }
}
