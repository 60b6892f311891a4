// spec: #xrsystem-interface (index.bs @ 23547b1)
//
// [SecureContext, Exposed=Window] interface XRSystem : EventTarget {
//   Promise<boolean> isSessionSupported(XRSessionMode mode);
//   [NewObject] Promise<XRSession> requestSession(XRSessionMode mode, optional XRSessionInit options = {});
//   attribute EventHandler ondevicechange; };
// One XRSystem per document. UA-wide state (devices, the immersive device lock, consent) lives in
// the UserAgentCore that every document's XRSystem shares.

import type { XRDeviceBackend } from '../device/types.js';
import type { Host } from '../host/host.js';
import { decideSessionSupported, requestXRPermission } from '../policy/consent.js';
import { allow, type Decision } from '../policy/decision.js';
import { isImmersive, type XRSessionMode } from '../policy/features.js';
import { mayStartImmersiveAfterNavigation } from '../policy/navigation.js';
import { serializeOrigin } from '../policy/origin.js';
import { resolveRequestedFeatures } from '../policy/resolve-features.js';
import {
  checkDeviceForMode,
  checkSessionRequest,
  convertSessionRequest,
  isSessionSupportedFirstStep,
  type RequestingDocument,
} from '../policy/session-request.js';
import { SessionCore, type SessionOwner } from './session-core.js';
import type { UserAgentCore } from './user-agent-core.js';
import {
  defineEventHandlers,
  errorFromDecision,
  INTERNAL,
  illegalConstructor,
  toStringTag,
} from './webidl.js';
import { XRSession } from './XRSession.js';

/** Look at the device's frame data without taking its pending input actions. */
const PEEK = Object.freeze({ drainActions: false });

const EventTargetCtor = EventTarget;

/** The id under which a session's "allow once" grants were recorded. */
const consentSessionIds = new WeakMap<SessionCore, string>();
const PromiseCtor = Promise;

/** Per-document XR state (spec L389) and the session owner. */
export class XRSystemCore implements SessionOwner {
  readonly system: XRSystem;
  readonly host: Host;
  readonly ua: UserAgentCore;
  pendingImmersiveSession = false;
  activeImmersiveSession: SessionCore | null = null;
  readonly inlineSessions = new Set<SessionCore>();

  constructor(ua: UserAgentCore, host: Host, system: XRSystem) {
    this.ua = ua;
    this.host = host;
    this.system = system;
    // R-NAV-16: a session that started blurred becomes visible once the user shows intent.
    host.subscribe((e) => {
      if (e.type === 'activation') this.activeImmersiveSession?.clearStartBlurred();
    });
  }

  get profile() {
    return this.ua.profile;
  }

  get audit() {
    return this.ua.audit;
  }

  origin(): string {
    return serializeOrigin(this.host.origin());
  }

  record<D extends Decision<unknown>>(action: string, d: D): D {
    return this.ua.audit.record(action, d, this.origin());
  }

  immersiveActive(): boolean {
    return this.ua.lockHolder !== null;
  }

  reportError(e: unknown): void {
    this.ua.reportError(e);
  }

  trustedUI(): null | 'prompt' | 'text-input' | 'other' {
    return this.ua.promptOpen ? 'prompt' : this.host.trustedUI();
  }

  sessions(): SessionCore[] {
    return [...(this.activeImmersiveSession ? [this.activeImmersiveSession] : []), ...this.inlineSessions];
  }

  sessionShutDown(core: SessionCore): void {
    if (this.activeImmersiveSession === core) {
      this.activeImmersiveSession = null;
      if (this.ua.lockHolder === this) this.ua.lockHolder = null;
      // R-VIS-16: inline loops resume.
      for (const s of this.ua.allInlineSessions()) s.resume();
    }
    this.inlineSessions.delete(core);
    // Grants given "once" end with the session they were given for (R-CONSENT-03).
    this.ua.consent.endSession(consentSessionIds.get(core) ?? core.id);
  }

  documentFacts(mode: XRSessionMode): RequestingDocument {
    const h = this.host;
    return {
      isWindow: h.isWindow(),
      isSecureContext: h.isSecureContext(),
      hasFocus: h.hasFocus(),
      fullyActive: h.fullyActive(),
      activation: {
        activation: h.activation(),
        now: h.now(),
        durationMs: this.profile.transientActivationMs,
        documentId: h.documentId(),
        launchIntent: h.launchIntent(),
      },
      spatialTrackingAllowed: h.isFeatureAllowed('xr-spatial-tracking'),
      immersiveIntent: h.immersiveIntent(mode),
      navigationGrant: this.#navigationGrant(mode),
    };
  }

  #navigationUsed = false;
  #navigationMitigations: readonly string[] = [];

  /** R-NAV: may this document's first immersive request go without activation? (off by default) */
  #navigationGrant(mode: XRSessionMode): boolean {
    if (!isImmersive(mode) || this.#navigationUsed || !this.profile.automaticSessionsOnNavigation)
      return false;
    const facts = this.host.navigationFacts();
    if (!facts) return false;
    const d = this.record(
      'mayStartImmersiveAfterNavigation',
      mayStartImmersiveAfterNavigation(facts, this.profile),
    );
    this.#navigationMitigations = d.allowed && d.value ? d.value.mitigations : [];
    return d.allowed;
  }

  // spec: #dom-xrsystem-requestsession
  requestSession(mode: unknown, options: unknown): Promise<XRSession> {
    // Step 1 (WebIDL): conversion errors reject (R-SESSION-01, R-SESSION-17).
    const conv = this.record('requestSession', convertSessionRequest(mode, options, this.profile));
    if (!conv.allowed || !conv.value) return PromiseCtor.reject(errorFromDecision(conv));
    const req = conv.value;
    // Steps 3–6: activation, policy, busy (synchronous).
    const plan = this.record(
      'requestSession',
      checkSessionRequest(
        req,
        this.documentFacts(req.mode),
        {
          pendingImmersiveSession: this.pendingImmersiveSession,
          activeImmersiveSession: this.activeImmersiveSession !== null,
        },
        this.profile,
      ),
    );
    if (!plan.allowed || !plan.value) return PromiseCtor.reject(errorFromDecision(plan));
    const p = plan.value;
    if (p.signal === 'launch') this.host.consumeLaunchIntent();
    const startBlurred = p.signal === 'navigation' && this.#navigationMitigations.includes('start-blurred');
    if (p.signal === 'navigation') this.#navigationUsed = true;
    if (p.setPendingImmersive) this.pendingImmersiveSession = true;
    return new PromiseCtor<XRSession>((resolve, reject) => {
      const fail = (d: Decision<unknown>) => {
        if (p.setPendingImmersive) this.pendingImmersiveSession = false;
        if (this.ua.pendingHolder === this) this.ua.pendingHolder = null;
        reject(errorFromDecision(d));
      };
      // Step 7: in parallel → queued task.
      this.host.setTimeout(() => {
        void this.#finishRequest(
          req.mode,
          p.requiredFeatures,
          p.optionalFeatures,
          p.device,
          resolve,
          fail,
          startBlurred,
        );
      }, 0);
    });
  }

  async #finishRequest(
    mode: XRSessionMode,
    requiredFeatures: readonly string[],
    optionalFeatures: readonly string[],
    which: 'immersive' | 'inline' | 'default-inline',
    resolve: (s: XRSession) => void,
    fail: (d: Decision<unknown>) => void,
    startBlurred = false,
  ): Promise<void> {
    if (!this.host.fullyActive()) {
      fail({
        allowed: false,
        error: { name: 'InvalidStateError', message: 'the document went away' },
        reason: 'unloaded',
        requirement: 'AMB-25',
      });
      return;
    }
    const device = this.ua.deviceFor(which);
    const immersive = isImmersive(mode);
    // AMB-11: another document holds the UA-wide immersive device lock, or has a request pending.
    const locked =
      immersive &&
      ((this.ua.lockHolder !== null && this.ua.lockHolder !== this) ||
        (this.ua.pendingHolder !== null && this.ua.pendingHolder !== this));
    const deviceCheck = this.record(
      'requestSession',
      checkDeviceForMode(
        device ? { supportedModes: device.supportedModes, lockedByAnotherDocument: locked } : null,
        mode,
      ),
    );
    if (!deviceCheck.allowed || !device) {
      fail(deviceCheck);
      return;
    }
    if (immersive) this.ua.pendingHolder = this;
    const origin = this.origin();
    const bc = this.host.browsingContextId();
    const resolved = this.record(
      'resolveRequestedFeatures',
      resolveRequestedFeatures({
        mode,
        requiredFeatures,
        optionalFeatures,
        device: {
          supportedModes: device.supportedModes,
          capableFeatures: device.capableFeatures,
          reportsOrientation: device.reportsOrientation,
          floorResolved: device.frame(PEEK).floor !== null,
        },
        previouslyEnabled: this.ua.consent.grantedFeatures(origin, bc, mode),
        policyAllows: (f) => this.host.isFeatureAllowed(f),
        profile: this.profile,
        implementedModules: this.ua.implementedModules,
      }),
    );
    const session = new XRSession(INTERNAL);
    const sessionId = `pending-${bc}-${this.ua.nextId()}`;
    // The prompt (Trusted UI) blurs every session while it is open (R-TUI-06).
    const provider = this.ua.wrapProvider(this.host.consentProvider, this.host.promptsUser());
    const permission = this.record(
      'requestXRPermission',
      await requestXRPermission({
        descriptor: { mode, requiredFeatures, optionalFeatures },
        resolved,
        store: this.ua.consent,
        origin,
        browsingContext: bc,
        provider,
        sessionId,
        implicitCountsAsExplicit: this.host.testMode(),
      }),
    );
    if (!permission.allowed || !permission.value) {
      fail(permission);
      return;
    }
    if (!this.host.fullyActive()) {
      // R-LIFE-13, AMB-25: the document went away while the prompt was open.
      fail({
        allowed: false,
        error: {
          name: 'InvalidStateError',
          message: 'requestSession: the document was unloaded during the request',
        },
        reason: 'unloaded',
        requirement: 'R-LIFE-13',
      });
      return;
    }
    if (!device.connected) {
      fail({
        allowed: false,
        error: { name: 'NotSupportedError', message: 'the device is no longer available' },
        reason: 'gone',
        requirement: 'R-SESSION-08',
      });
      return;
    }
    const core = new SessionCore(this, session, {
      mode,
      device,
      granted: permission.value.granted,
      startBlurred,
    });
    consentSessionIds.set(core, sessionId);
    if (immersive) {
      this.activeImmersiveSession = core;
      this.pendingImmersiveSession = false;
      this.ua.lockHolder = this;
      if (this.ua.pendingHolder === this) this.ua.pendingHolder = null;
    } else {
      this.inlineSessions.add(core);
    }
    this.record(
      'requestSession',
      allow(`session created with ${permission.value.granted.join(', ')}`, 'R-SESSION-11'),
    );
    resolve(session);
    // Step: a further task sets "promise resolved" and announces the initial input sources (R-SESSION-12).
    this.host.setTimeout(() => core.announceInitialInputSources(), 0);
  }

  // spec: #dom-xrsystem-issessionsupported
  isSessionSupported(mode: unknown): Promise<boolean> {
    const first = isSessionSupportedFirstStep(mode, {
      spatialTrackingAllowed: this.host.isFeatureAllowed('xr-spatial-tracking'),
    });
    if (first.kind === 'resolve') return PromiseCtor.resolve(first.value);
    if (first.kind === 'reject') {
      this.record('isSessionSupported', first.decision);
      return PromiseCtor.reject(errorFromDecision(first.decision));
    }
    const m = mode as XRSessionMode;
    return new PromiseCtor<boolean>((resolve) => {
      this.host.setTimeout(async () => {
        const device = this.ua.deviceFor('immersive');
        const supports = device === null ? null : device.supportedModes.includes(m);
        const strategy = this.host.testMode() ? 'truthful' : this.profile.sessionSupportedStrategy;
        let consent = this.host.sessionSupportedConsent(m);
        let out = decideSessionSupported({
          mode: m,
          strategy,
          deviceSupportsMode: supports,
          consent,
          random: () => this.host.random(),
          profile: this.profile,
        });
        if (out.action === 'prompt') {
          const answer = await this.ua.askSessionSupported(this.host, m);
          consent = answer ? 'granted' : 'denied';
          out = decideSessionSupported({
            mode: m,
            strategy,
            deviceSupportsMode: supports,
            consent,
            random: () => this.host.random(),
            profile: this.profile,
          });
        }
        const result = out.action === 'answer' ? out.supported : false;
        const delay = out.action === 'answer' ? out.delayMs : 0;
        this.record('isSessionSupported', allow(`answered ${result}`, out.requirement));
        if (delay > 0) this.host.setTimeout(() => resolve(result), delay);
        else resolve(result);
      }, 0);
    });
  }

  /** The immersive device changed: end sessions, fire devicechange unless the policy forbids (R-LIFE-08). */
  deviceChanged(): void {
    if (this.activeImmersiveSession) this.activeImmersiveSession.shutdown();
    for (const s of [...this.inlineSessions]) s.shutdown();
    if (!this.host.isFeatureAllowed('xr-spatial-tracking')) return; // R-POLICY-05
    this.host.setTimeout(() => this.system.dispatchEvent(new Event('devicechange')), 0);
  }

  /** The device itself went away: its sessions end, even if the selection is unchanged. */
  deviceLost(device: XRDeviceBackend): void {
    if (this.activeImmersiveSession?.device === device) this.activeImmersiveSession.shutdown();
    for (const s of [...this.inlineSessions]) if (s.device === device) s.shutdown();
  }
}

const systems = new WeakMap<object, XRSystemCore>();

export function systemCoreOf(v: unknown): XRSystemCore | undefined {
  return typeof v === 'object' && v !== null ? systems.get(v) : undefined;
}

export class XRSystem extends EventTargetCtor {
  constructor(token?: unknown, ua?: UserAgentCore, host?: Host) {
    illegalConstructor(token);
    super();
    systems.set(this, new XRSystemCore(ua as UserAgentCore, host as Host, this));
  }

  isSessionSupported(mode: string): Promise<boolean> {
    const c = systems.get(this);
    if (!c) return PromiseCtor.reject(new TypeError('Illegal invocation'));
    if (arguments.length < 1)
      return PromiseCtor.reject(
        new TypeError('isSessionSupported: 1 argument required, but only 0 present.'),
      );
    return c.isSessionSupported(mode);
  }

  requestSession(mode: string, ...rest: unknown[]): Promise<XRSession> {
    const options = rest[0];
    const c = systems.get(this);
    if (!c) return PromiseCtor.reject(new TypeError('Illegal invocation'));
    if (arguments.length < 1)
      return PromiseCtor.reject(new TypeError('requestSession: 1 argument required, but only 0 present.'));
    return c.requestSession(mode, options);
  }
}

defineEventHandlers(XRSystem.prototype, (o) => systems.has(o as object), ['devicechange']);
toStringTag(XRSystem, 'XRSystem');
