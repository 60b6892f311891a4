// The user-agent side of one document: what a browser process decides for a page's XRSystem.
// It reads the document's facts from its Host (activation, focus, permissions policy, navigation),
// asks src/policy, runs the consent prompt, holds the UA-wide immersive device lock through the
// UserAgentServices, and answers the page side through the DocumentPort interface (protocol.ts).
// Every message from the page side is a request to check: its fields are validated again here.
// Spec: index.bs @ 23547b1.

import type { RigidPose, XRDeviceBackend } from '../device/types.js';
import type { Host } from '../host/host.js';
import { withXRSelectActivation } from '../policy/activation.js';
import { reportedEnvironmentBlendMode, reportedInteractionMode } from '../policy/adjustments.js';
import {
  type ConsentChange,
  type ConsentProvider,
  decideSessionSupported,
  queryXRPermission,
  requestXRPermission,
  storedXRPermissionState,
} from '../policy/consent.js';
import {
  allow,
  type Decision,
  type Denied,
  deny,
  type ErrorName,
  isRequirementId,
  type RequirementId,
} from '../policy/decision.js';
import {
  type DepthStateInit,
  depthSensingProblem,
  depthStateInitFromMessage,
  findSupportedDepthConfiguration,
} from '../policy/depth-sensing.js';
import { domOverlayFeatureRequest, domOverlayType } from '../policy/dom-overlay.js';
import {
  DECLARABLE_IN_FEATURES,
  type EnvelopePermission,
  envelopeFromFeatures,
  type PermissionEnvelope,
} from '../policy/envelope.js';
import type { FeatureDescriptor } from '../policy/features.js';
import {
  isImmersive,
  isSessionMode,
  type ReferenceSpaceType,
  type XRSessionMode,
} from '../policy/features.js';
import { toDOMStringList } from '../policy/input.js';
import { lightProbeRequestIsAllowed, PREFERRED_REFLECTION_FORMAT } from '../policy/light-estimation.js';
import { mayStartImmersiveAfterNavigation, type NavigationGrant } from '../policy/navigation.js';
import { serializeOrigin } from '../policy/origin.js';
import type { UAProfile } from '../policy/profile.js';
import { resolveRequestedFeatures } from '../policy/resolve-features.js';
import {
  checkDeviceForMode,
  checkSessionRequest,
  convertSessionRequest,
  type DocumentEmbedding,
  deviceChangeMayBeAnnounced,
  isSessionSupportedFirstStep,
  offerDismissed,
  offerMayBeShown,
  offerReplaced,
  offerSuperseded,
  type RequestingDocument,
  requestMayComplete,
} from '../policy/session-request.js';
import {
  ArrayIsArray,
  ArrayPrototypeConcat,
  ArrayPrototypeIncludes,
  ArrayPrototypeJoin,
  ArrayPrototypePush,
  ArrayPrototypeSlice,
  MathMin,
  NumberIsSafeInteger,
  NumberNaN,
  ObjectFreeze,
  Promise,
  PromisePrototypeThen,
  PromiseResolve,
  ReflectApply,
  SafeMap,
  SafeSet,
  String,
} from '../primordials.js';
import { gateCapabilities, readCapabilities } from './capability-gate.js';
import { ownData } from './channel.js';
import { framesFollowDisplay } from './frame-rate-source.js';
import type {
  DocumentPort,
  HitTestSourceMessage,
  PageSink,
  PermissionAnswer,
  PermissionQueryMessage,
  Reply,
  SessionFrameData,
  SessionGrant,
  SessionRequestMessage,
  XRCompatibilityAnswer,
} from './protocol.js';
import { SessionAgent, type SessionAgentOwner } from './session-agent.js';
import type { UserAgentServices } from './user-agent-services.js';

/** Look at the device's frame data without taking its pending input actions. */
const PEEK = ObjectFreeze({ drainActions: false });

const SymbolIterator: typeof Symbol.iterator = Symbol.iterator;

function ok<T>(value: T): Reply<T> {
  return { ok: true, value };
}

function refused(d: Denied): Reply<never> {
  return { ok: false, error: { name: d.error.name, message: d.error.message } };
}

/** The refusal of a request for a session that has ended (or never was this document's). */
function endedSession(action: string, requirement: RequirementId): Denied {
  return deny('InvalidStateError', { action, reason: 'the session has ended', requirement });
}

/** The error names a page may report for a refusal it applied itself (WebIDL conversion). */
const REPORTABLE: SafeSet<string> = new SafeSet<string>([
  'TypeError',
  'InvalidStateError',
  'SecurityError',
  'NotSupportedError',
]);

function isReportable(name: unknown): name is ErrorName {
  return typeof name === 'string' && REPORTABLE.has(name);
}

/** The Layers module's page-side refusals (src/api/layers) a page reports for the audit log. */
const LAYERS_ACTIONS: SafeSet<string> = new SafeSet<string>([
  'updateRenderState',
  'XRWebGLBinding.createProjectionLayer',
  'XRWebGLBinding.createQuadLayer',
  'XRWebGLBinding.createCylinderLayer',
  'XRWebGLBinding.createEquirectLayer',
  'XRWebGLBinding.createCubeLayer',
  'XRWebGLBinding.getSubImage',
  'XRWebGLBinding.getViewSubImage',
  'XRMediaBinding.createQuadLayer',
  'XRMediaBinding.createCylinderLayer',
  'XRMediaBinding.createEquirectLayer',
]);

function isLayersAction(action: unknown): boolean {
  return typeof action === 'string' && LAYERS_ACTIONS.has(action);
}

const REFERENCE_SPACE_TYPES: readonly string[] = [
  'viewer',
  'local',
  'local-floor',
  'bounded-floor',
  'unbounded',
];

type RequestOutcome = { ok: true; value: SessionGrant } | { ok: false; decision: Denied };

export class DocumentAgent implements DocumentPort, SessionAgentOwner {
  readonly host: Host;
  readonly ua: UserAgentServices;
  readonly #sink: PageSink;
  #pendingImmersive = false;
  /** Releases the host's cross-document immersive lock (held while an immersive session runs). */
  #crossDocumentLockRelease: (() => void) | null = null;
  #activeImmersive: SessionAgent | null = null;
  readonly #inline: SafeSet<SessionAgent> = new SafeSet();
  readonly #sessions: SafeMap<string, SessionAgent> = new SafeMap();
  readonly #watches: SafeMap<number, () => void> = new SafeMap();
  #navigationUsed = false;
  #navigationMitigations: readonly string[] = [];
  /** The navigation decision was made (once per document). */
  #navigationDecided = false;
  /** The navigation that loaded this document stands in for activation (after the interstitial). */
  #navigationGranted = false;

  constructor(ua: UserAgentServices, host: Host, sink: PageSink) {
    this.ua = ua;
    this.host = host;
    this.#sink = (e) => {
      try {
        sink(e);
      } catch (err) {
        ua.reportError(err);
      }
    };
    // R-NAV-16: a session that started blurred becomes visible once the user shows intent.
    host.subscribe((e) => {
      if (e.type === 'activation') this.#activeImmersive?.clearStartBlurred();
      // An offer ends with its document: the control goes away (R-NAV-21).
      if (e.type === 'unload' && this.#offer) {
        this.#offer.withdraw();
        this.#offer = null;
      }
    });
    ua.consent.onChange((change) => {
      // AMB-29: a revocation reaches this document's running sessions, then its permission watches.
      if (change.cause === 'revoked' && change.origin === this.origin()) this.#revokeInSessions(change);
      this.#refreshWatches();
    });
    ua.onDeviceChange(() => host.setTimeout(() => this.#refreshWatches(), 0));
    // Seed 002: once the document has loaded, tell it when its navigation grants a session.
    host.setTimeout(() => {
      PromisePrototypeThen(this.#announceNavigationGrant(), undefined, (e) => ua.reportError(e));
    }, 0);
  }

  get profile(): UAProfile {
    return this.ua.profile;
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

  trustedUI(): null | 'prompt' | 'text-input' | 'other' {
    return this.ua.promptOpen ? 'prompt' : this.host.trustedUI();
  }

  /** The session agents of this document (the immersive one first). */
  sessions(): SessionAgent[] {
    const out: SessionAgent[] = [];
    if (this.#activeImmersive) ArrayPrototypePush(out, this.#activeImmersive);
    this.#inline.forEach((s) => {
      ArrayPrototypePush(out, s);
    });
    return out;
  }

  inlineSessions(): readonly SessionAgent[] {
    const out: SessionAgent[] = [];
    this.#inline.forEach((s) => {
      ArrayPrototypePush(out, s);
    });
    return out;
  }

  get activeImmersive(): SessionAgent | null {
    return this.#activeImmersive;
  }

  /**
   * AMB-11 across documents the user agent does not see (the script bundle: one user-agent side
   * per document): the host's cross-document lock (Web Locks per origin in a page) is held from
   * the request until the immersive session ends; another document of the origin holding it
   * refuses the request as the UA-wide lock would.
   */
  async #withImmersiveLock(
    immersive: boolean,
    mode: XRSessionMode,
    run: () => Promise<RequestOutcome>,
  ): Promise<RequestOutcome> {
    const acquire = this.host.acquireImmersiveLock;
    if (!immersive || typeof acquire !== 'function') return run();
    const release = await ReflectApply(acquire, this.host, []);
    if (release === null) {
      return {
        ok: false,
        decision: checkDeviceForMode(
          { supportedModes: [mode], lockedByAnotherDocument: true },
          mode,
        ) as Denied,
      };
    }
    let r: RequestOutcome;
    try {
      r = await run();
    } catch (e) {
      release();
      throw e;
    }
    if (r.ok) this.#crossDocumentLockRelease = release;
    else release();
    return r;
  }

  sessionShutDown(agent: SessionAgent): void {
    this.#sessions.delete(agent.id);
    if (this.#activeImmersive === agent) {
      this.#activeImmersive = null;
      const release = this.#crossDocumentLockRelease;
      this.#crossDocumentLockRelease = null;
      if (release) release();
      if (this.ua.lockHolder === this) this.ua.lockHolder = null;
      // R-VIS-16: inline loops resume.
      this.ua.resumeInline();
    }
    this.#inline.delete(agent);
    // Grants given "once" end with the session they were given for (R-CONSENT-03).
    this.ua.consent.endSession(agent.consentSessionId);
  }

  /** Tells the page side that an inline session's frames may run again (R-VIS-16). */
  resume(agent: SessionAgent): void {
    this.#sink({ type: 'resume', sessionId: agent.id });
  }

  /** The user's way out of immersive content (Escape, R-TUI-11): ends this document's immersive session. */
  endImmersive(): boolean {
    const s = this.#activeImmersive;
    if (!s) return false;
    s.shutdown(false);
    return true;
  }

  documentFacts(mode: XRSessionMode, offerAccepted = false): RequestingDocument {
    const h = this.host;
    return {
      ...(offerAccepted ? { offerAccepted: true } : {}),
      isWindow: h.isWindow(),
      isSecureContext: h.isSecureContext(),
      hasFocus: h.hasFocus(),
      fullyActive: h.fullyActive(),
      activation: {
        activation: withXRSelectActivation(h.activation(), this.#xrSelectAt),
        now: h.now(),
        durationMs: this.profile.transientActivationMs,
        documentId: h.documentId(),
        launchIntent: h.launchIntent(),
      },
      spatialTrackingAllowed: h.isFeatureAllowed('xr-spatial-tracking'),
      ...this.#embedding(),
      immersiveIntent: h.immersiveIntent(mode),
      navigationGrant: this.#navigationGrant(mode),
    };
  }

  /** Where the document is, where the host knows (the fix text of a policy refusal). */
  #embedding(): { embedding?: DocumentEmbedding } {
    const e = this.host.embedding?.();
    return e === undefined ? {} : { embedding: e };
  }

  /** R-NAV: may this document's first immersive request go without activation? (off by default) */
  #navigationGrant(mode: XRSessionMode): boolean {
    if (!isImmersive(mode) || this.#navigationUsed) return false;
    this.#decideNavigation();
    return this.#navigationGranted;
  }

  /** The navigation decision, made once per document from the facts the user agent recorded. */
  #decideNavigation(): Decision<NavigationGrant> | null {
    if (this.#navigationDecided) return null;
    this.#navigationDecided = true;
    if (!this.profile.automaticSessionsOnNavigation) return null;
    const facts = this.host.navigationFacts();
    if (!facts) return null;
    const d = this.record(
      'mayStartImmersiveAfterNavigation',
      mayStartImmersiveAfterNavigation(facts, this.profile),
    );
    this.#navigationMitigations = d.allowed ? d.value.mitigations : [];
    // With the interstitial, the grant waits for the user's "continue" (R-NAV-16).
    this.#navigationGranted =
      d.allowed && !ArrayPrototypeIncludes(this.#navigationMitigations, 'interstitial');
    return d;
  }

  /**
   * Seed 002 (R-NAV-20): when the navigation that loaded this document may stand in for user
   * activation, the interstitial first (if the profile has it: the new origin, continue or leave),
   * then `sessiongranted` on navigator.xr; the next immersive requestSession needs no activation,
   * once.
   */
  async #announceNavigationGrant(): Promise<void> {
    const d = this.#decideNavigation();
    if (d === null || !d.allowed || this.#navigationUsed) return;
    if (ArrayPrototypeIncludes(this.#navigationMitigations, 'interstitial')) {
      const show = this.host.showInterstitial;
      const answer = show ? await ReflectApply(show, this.host, [{ origin: this.origin() }]) : 'leave';
      if (answer !== 'continue' || !this.host.fullyActive()) {
        this.record(
          'navigationInterstitial',
          deny('SecurityError', {
            action: 'an immersive session after the navigation',
            reason: show
              ? 'the user chose to leave at the interstitial that showed the new origin'
              : 'the profile asks for an interstitial and this host has none to show',
            requirement: 'R-NAV-16',
          }),
        );
        return;
      }
      this.record(
        'navigationInterstitial',
        allow(`the user chose to continue to ${this.origin()}`, 'R-NAV-16'),
      );
      this.#navigationGranted = true;
    }
    this.#sink({ type: 'sessiongranted' });
  }

  // spec: #dom-xrsystem-requestsession
  requestSession(message: SessionRequestMessage): Promise<Reply<SessionGrant>> {
    return this.#request(message, false);
  }

  /** When the user last completed an XR select in one of this document's visible sessions. */
  #xrSelectAt: number | null = null;

  xrSelectActivation(): void {
    this.#xrSelectAt = this.host.now();
  }

  /** The pending offerSession() of this document: one at a time (R-NAV-21). */
  #offer: {
    readonly mode: XRSessionMode;
    readonly withdraw: () => void;
    readonly replaced: () => void;
    readonly superseded: () => void;
  } | null = null;

  /**
   * offerSession (R-NAV-21): no activation needed to offer; the user agent shows its own control,
   * and the user's press on it is the activation for the request, which then runs as
   * requestSession() (features, consent prompt, the lock). Inline offers are plain requests.
   */
  offerSession(message: SessionRequestMessage): Promise<Reply<SessionGrant>> {
    const conv = this.#convert('offerSession', message);
    if (!conv.allowed) return PromiseResolve(refused(conv));
    const req = conv.value;
    if (!isImmersive(req.mode)) return this.#request(message, false);
    const device = this.ua.deviceFor('immersive');
    const h = this.host;
    const show = h.offerControl;
    const allowed = this.record(
      'offerSession',
      offerMayBeShown(
        {
          isSecureContext: h.isSecureContext(),
          spatialTrackingAllowed: h.isFeatureAllowed('xr-spatial-tracking'),
          immersiveSessionBusy: this.#pendingImmersive || this.#activeImmersive !== null,
          deviceSupportsMode: device !== null && ArrayPrototypeIncludes(device.supportedModes, req.mode),
          canShowControl: typeof show === 'function',
          ...this.#embedding(),
        },
        req.mode,
      ),
    );
    if (!allowed.allowed) return PromiseResolve(refused(allowed));
    // One offer at a time: a newer one replaces the older, whose promise rejects (AbortError).
    const previous = this.#offer;
    this.#offer = null;
    if (previous) {
      previous.withdraw();
      previous.replaced();
    }
    return new Promise<Reply<SessionGrant>>((resolve) => {
      const control = ReflectApply(show as NonNullable<Host['offerControl']>, h, [
        { origin: this.origin(), mode: req.mode },
      ]);
      let settled = false;
      const entry = {
        mode: req.mode,
        withdraw: () => control.withdraw(),
        replaced: () => {
          if (settled) return;
          settled = true;
          resolve(refused(this.record('offerSession', offerReplaced(req.mode))));
        },
        superseded: () => {
          if (settled || this.#offer !== entry) return;
          settled = true;
          this.#offer = null;
          control.withdraw();
          resolve(refused(this.record('offerSession', offerSuperseded(req.mode))));
        },
      };
      this.#offer = entry;
      PromisePrototypeThen(control.answer, (answer) => {
        if (settled) return;
        settled = true;
        if (this.#offer === entry) this.#offer = null;
        if (answer !== 'pressed') {
          resolve(refused(this.record('offerSession', offerDismissed(req.mode))));
          return;
        }
        // The press is the activation: the request runs now, as requestSession() would.
        PromisePrototypeThen(this.#request(message, true), resolve);
      });
    });
  }

  /** Step 1 again, on the user agent's side: the page's message converted, read as own data only. */
  #convert(action: 'requestSession' | 'offerSession', message: SessionRequestMessage) {
    return this.record(
      action,
      convertSessionRequest(
        fromPage(ownData(message, 'mode')),
        {
          requiredFeatures: stringList(ownData(message, 'requiredFeatures')),
          optionalFeatures: stringList(ownData(message, 'optionalFeatures')),
        },
        this.profile,
      ),
    );
  }

  #request(message: SessionRequestMessage, offerAccepted: boolean): Promise<Reply<SessionGrant>> {
    // Step 1 again, on the user agent's side: the message is checked, not trusted (R-SESSION-01).
    // Its fields are read as own data properties only (see fromPage).
    const conv = this.#convert('requestSession', message);
    if (!conv.allowed) return PromiseResolve(refused(conv));
    const req = conv.value;
    // Depth Sensing: XRSessionInit.depthSensing, checked again (R-SESSION-01, R-DEPTH-01).
    const depthInit = depthStateInitFromMessage(ownData(message, 'depthSensing'), this.profile.maxListLength);
    if (depthInit === null) {
      return PromiseResolve(
        refused(
          this.record(
            'requestSession',
            deny('TypeError', {
              action: 'requestSession()',
              reason: 'depthSensing is not a valid XRDepthStateInit',
              requirement: 'R-DEPTH-01',
            }),
          ),
        ),
      );
    }
    // Steps 3–6: activation, policy, busy (synchronous).
    const plan = this.record(
      'requestSession',
      checkSessionRequest(
        req,
        this.documentFacts(req.mode, offerAccepted),
        {
          pendingImmersiveSession: this.#pendingImmersive,
          activeImmersiveSession: this.#activeImmersive !== null,
        },
        this.profile,
      ),
    );
    if (!plan.allowed) return PromiseResolve(refused(plan));
    const p = plan.value;
    if (p.signal === 'launch') this.host.consumeLaunchIntent();
    const startBlurred =
      p.signal === 'navigation' && ArrayPrototypeIncludes(this.#navigationMitigations, 'start-blurred');
    if (p.signal === 'navigation') this.#navigationUsed = true;
    if (p.setPendingImmersive) this.#pendingImmersive = true;
    return new Promise<Reply<SessionGrant>>((resolve) => {
      const fail = (d: Denied) => {
        if (p.setPendingImmersive) this.#pendingImmersive = false;
        if (this.ua.pendingHolder === this) this.ua.pendingHolder = null;
        resolve(refused(this.record('requestSession', d)));
      };
      // Step 7: in parallel → a queued task.
      this.host.setTimeout(() => {
        PromisePrototypeThen(
          this.#withImmersiveLock(isImmersive(req.mode), req.mode, () =>
            this.#finishRequest(
              req.mode,
              p.requiredFeatures,
              p.optionalFeatures,
              p.device,
              startBlurred,
              depthInit,
              ownData(message, 'domOverlay') === true,
            ),
          ),
          (r) => (r.ok ? resolve(r) : fail(r.decision)),
          (e) => {
            this.ua.reportError(e);
            fail(
              deny('InvalidStateError', {
                action: 'requestSession()',
                reason: 'the user agent failed while handling the request',
                requirement: 'R-SESSION-11',
              }),
            );
          },
        );
      }, 0);
    });
  }

  async #finishRequest(
    mode: XRSessionMode,
    requiredFeatures: readonly string[],
    optionalRequested: readonly string[],
    which: 'immersive' | 'inline' | 'default-inline',
    startBlurred: boolean,
    depthInit?: DepthStateInit,
    domOverlayRoot = false,
  ): Promise<RequestOutcome> {
    const queued = requestMayComplete({
      fullyActive: this.host.fullyActive(),
      stage: 'queued',
      deviceConnected: true,
    });
    if (!queued.allowed) return { ok: false, decision: queued };
    const device = this.ua.deviceFor(which);
    const immersive = isImmersive(mode);
    // AMB-11: another document holds the UA-wide immersive device lock, or has a request pending.
    const locked =
      immersive &&
      ((this.ua.lockHolder !== null && this.ua.lockHolder !== this) ||
        (this.ua.pendingHolder !== null && this.ua.pendingHolder !== this));
    if (device === null) return { ok: false, decision: checkDeviceForMode(null, mode) };
    const deviceCheck = checkDeviceForMode(
      { supportedModes: device.supportedModes, lockedByAnotherDocument: locked },
      mode,
    );
    if (!deviceCheck.allowed) return { ok: false, decision: deviceCheck };
    if (immersive) this.ua.pendingHolder = this;
    // spec(dom-overlays) #xrsessioninit: 'dom-overlay' without a root is unresolved (R-DOM-01).
    const overlay = this.record(
      'resolveRequestedFeatures',
      domOverlayFeatureRequest({
        requiredFeatures,
        optionalFeatures: optionalRequested,
        rootGiven: domOverlayRoot,
      }),
    );
    if (!overlay.allowed) return { ok: false, decision: overlay };
    optionalRequested = overlay.value.optionalFeatures;
    // Seed 004: permission names in optionalFeatures declare the session's envelope (R-UPPER-03).
    const declared = envelopeFromFeatures(optionalRequested);
    const envelope = immersive ? declared.envelope : null;
    const optionalFeatures = declared.features;
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
        // Depth Sensing: the feature needs a depthSensing dictionary the device can serve (R-DEPTH-01).
        uaRejects: (f) =>
          f === 'depth-sensing'
            ? depthSensingProblem(depthInit, device.depthSensing?.capabilities ?? null)
            : null,
      }),
    );
    const consentSessionId = `pending-${bc}-${this.ua.nextId()}`;
    // The envelope's permissions join this prompt (one collapsed prompt, R-UPPER-05).
    const askEnvelope = envelope !== null && this.profile.envelopePrompt === 'at-session-start';
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
        sessionId: consentSessionId,
        implicitCountsAsExplicit: this.ua.simulatedPlatform,
        ...(askEnvelope && envelope !== null ? { capabilities: capabilitiesOf(envelope) } : {}),
      }),
    );
    // Answers given for this request only ("Allow once", a prompt dismissed with Escape) last as
    // long as its session; when no session comes of the request, they end with it (R-CONSENT-03).
    if (!permission.allowed) {
      this.ua.consent.endSession(consentSessionId);
      return { ok: false, decision: permission };
    }
    const answered = requestMayComplete({
      fullyActive: this.host.fullyActive(),
      stage: 'answered',
      deviceConnected: device.connected,
    });
    if (!answered.allowed) {
      this.ua.consent.endSession(consentSessionId);
      return { ok: false, decision: answered };
    }
    const agent = new SessionAgent(this, this.#sink, {
      mode,
      device,
      granted: permission.value.granted,
      // Required: what the page named (a remembered grant does not make it optional) and what
      // consent was asked for as required.
      required: ArrayPrototypeConcat(
        requiredFeatures as readonly FeatureDescriptor[],
        resolved.allowed ? resolved.value.consentRequired : [],
      ),
      envelope,
      capabilities: askEnvelope ? permission.value.capabilities : null,
      startBlurred,
      consentSessionId,
      depthSensing:
        depthInit !== undefined &&
        device.depthSensing &&
        ArrayPrototypeIncludes(permission.value.granted, 'depth-sensing')
          ? findSupportedDepthConfiguration(depthInit, device.depthSensing.capabilities)
          : null,
    });
    this.#sessions.set(agent.id, agent);
    if (immersive) {
      this.#activeImmersive = agent;
      // The navigation's grant is for the document's first immersive session, however it started.
      this.#navigationUsed = true;
      // A session started another way (the page's own button): the offer's control goes away.
      this.#offer?.superseded();
      this.#pendingImmersive = false;
      this.ua.lockHolder = this;
      if (this.ua.pendingHolder === this) this.ua.pendingHolder = null;
    } else {
      this.#inline.add(agent);
    }
    this.record(
      'requestSession',
      allow(`session created with ${ArrayPrototypeJoin(permission.value.granted, ', ')}`, 'R-SESSION-11'),
    );
    const snapshot = agent.peek() as SessionFrameData;
    return {
      ok: true,
      value: {
        sessionId: agent.id,
        mode,
        enabledFeatures: ObjectFreeze(ArrayPrototypeSlice(permission.value.granted)),
        environmentBlendMode: reportedEnvironmentBlendMode(mode, device.environmentBlendMode),
        interactionMode: reportedInteractionMode(mode, device.interactionMode),
        frameRate: agent.frameRate,
        // Frames that follow the page's display cannot run at a rate the page picks (R-LIFE-07).
        supportedFrameRates:
          immersive && device.supportedFrameRates && !framesFollowDisplay(this.host)
            ? ArrayPrototypeSlice(device.supportedFrameRates)
            : null,
        visibility: agent.visibility,
        requiresBaseLayer: this.host.requiresBaseLayer(),
        snapshot,
        depthSensing: agent.sensing.depth,
        domOverlayType: domOverlayType(
          ArrayPrototypeIncludes(permission.value.granted, 'dom-overlay'),
          reportedInteractionMode(mode, device.interactionMode),
        ),
      },
    };
  }

  // spec: #dom-xrsystem-issessionsupported
  isSessionSupported(mode: string): Promise<Reply<boolean>> {
    const first = isSessionSupportedFirstStep(fromPage(mode), {
      spatialTrackingAllowed: this.host.isFeatureAllowed('xr-spatial-tracking'),
      ...this.#embedding(),
    });
    if (first.kind === 'resolve') return PromiseResolve(ok(first.value));
    if (first.kind === 'reject') {
      this.record('isSessionSupported', first.decision);
      return PromiseResolve(refused(first.decision));
    }
    const m = mode as XRSessionMode;
    return new Promise<Reply<boolean>>((resolve) => {
      this.host.setTimeout(async () => {
        const device = this.ua.deviceFor('immersive');
        const supports = device === null ? null : ArrayPrototypeIncludes(device.supportedModes, m);
        const strategy = this.ua.simulatedPlatform ? 'truthful' : this.profile.sessionSupportedStrategy;
        let consent = this.host.sessionSupportedConsent(m);
        const decide = () =>
          decideSessionSupported({
            mode: m,
            strategy,
            deviceSupportsMode: supports,
            consent,
            random: () => this.host.random(),
            profile: this.profile,
          });
        let out = decide();
        if (out.action === 'prompt') {
          consent = (await this.ua.askSessionSupported(this.host, m)) ? 'granted' : 'denied';
          out = decide();
        }
        const result = out.action === 'answer' ? out.supported : false;
        const delay = out.action === 'answer' ? out.delayMs : 0;
        this.record('isSessionSupported', allow(`answered ${result}`, out.requirement));
        if (delay > 0) this.host.setTimeout(() => resolve(ok(result)), delay);
        else resolve(ok(result));
      }, 0);
    });
  }

  // spec: #permissions (the "xr" and "xr-session-supported" permission query algorithms)
  queryPermission(query: PermissionQueryMessage, watchId: number | null): Promise<Reply<PermissionAnswer>> {
    // The query's fields are read as own data properties only (see fromPage).
    const name = String(fromPage(ownData(query, 'name')));
    const queryMode = fromPage(ownData(query, 'mode'));
    if (name === 'xr-session-supported') {
      const mode = queryMode;
      if (!isSessionMode(mode))
        return PromiseResolve(refused(typeError('xr-session-supported needs a valid mode', 'R-PERM-13')));
      const state = this.ua.simulatedPlatform ? 'granted' : this.host.sessionSupportedConsent(mode);
      return PromiseResolve(ok({ state: state === 'unknown' ? 'prompt' : state, granted: [] }));
    }
    if (name !== 'xr')
      return PromiseResolve(
        refused(typeError(`permissions.query: '${name}' is not a permission xrgate answers`, 'R-PERM-01')),
      );
    const mode = queryMode === undefined ? 'inline' : queryMode;
    if (!isSessionMode(mode))
      return PromiseResolve(
        refused(typeError(`permissions.query: '${String(mode)}' is not a valid XRSessionMode`, 'R-PERM-01')),
      );
    let requiredFeatures: string[];
    let optionalFeatures: string[];
    try {
      requiredFeatures = toDOMStringList(
        stringList(ownData(query, 'requiredFeatures')),
        'requiredFeatures',
        this.profile.maxListLength,
      );
      optionalFeatures = toDOMStringList(
        stringList(ownData(query, 'optionalFeatures')),
        'optionalFeatures',
        this.profile.maxListLength,
      );
    } catch (e) {
      return PromiseResolve(refused(typeError(String((e as Error).message), 'R-PERM-01')));
    }
    const descriptor = { mode, requiredFeatures, optionalFeatures };
    const answer = (): PermissionAnswer & { requirement: RequirementId } => {
      const origin = this.origin();
      const bc = this.host.browsingContextId();
      const which =
        mode === 'inline'
          ? requiredFeatures.length + optionalFeatures.length > 0
            ? 'inline'
            : 'default-inline'
          : 'immersive';
      const r = queryXRPermission({
        descriptor,
        storedState: storedXRPermissionState(this.ua.consent, origin, bc, descriptor),
        spatialTrackingAllowed: this.host.isFeatureAllowed('xr-spatial-tracking'),
        sessionSupportedState: this.ua.simulatedPlatform
          ? 'granted'
          : (() => {
              const s = this.host.sessionSupportedConsent(mode);
              return s === 'unknown' ? 'prompt' : s;
            })(),
        deviceSupportsMode: () => {
          const device = this.ua.deviceFor(which);
          return device !== null && ArrayPrototypeIncludes(device.supportedModes, mode);
        },
        resolve: () => {
          const device = this.ua.deviceFor(which);
          return resolveRequestedFeatures({
            mode,
            requiredFeatures,
            optionalFeatures,
            device: device && {
              supportedModes: device.supportedModes,
              capableFeatures: device.capableFeatures,
              reportsOrientation: device.reportsOrientation,
            },
            previouslyEnabled: this.ua.consent.grantedFeatures(origin, bc, mode),
            policyAllows: (f) => this.host.isFeatureAllowed(f),
            profile: this.profile,
            implementedModules: this.ua.implementedModules,
          });
        },
      });
      return { state: r.state, granted: ArrayPrototypeSlice(r.granted), requirement: r.requirement };
    };
    const first = answer();
    this.record('permissions.query', allow(`xr: ${first.state}`, first.requirement));
    if (watchId !== null && NumberIsSafeInteger(watchId)) {
      this.#watches.set(watchId, () => {
        const next = answer();
        this.#sink({ type: 'permission', watchId, answer: { state: next.state, granted: next.granted } });
      });
    }
    return PromiseResolve(ok({ state: first.state, granted: first.granted }));
  }

  #revokeInSessions(change: ConsentChange): void {
    const sessions: SessionAgent[] = [];
    this.#sessions.forEach((s) => {
      if (change.mode === null || change.mode === s.mode) ArrayPrototypePush(sessions, s);
    });
    for (let i = 0; i < sessions.length; i++) sessions[i]!.revoke(change.features);
  }

  /**
   * The browser's own permission APIs ask before they prompt (seed 004): may the request for
   * `capabilities` go on to the browser's flow? (It may end the immersive session first.)
   */
  async requestCapability(capabilities: unknown): Promise<Reply<null>> {
    const read = this.record('permissionRequest', readCapabilities(capabilities));
    if (!read.allowed) return refused(read);
    const refusal = await gateCapabilities(this, read.value);
    return refusal === null ? ok(null) : refused(refusal);
  }

  /** The consent provider as Trusted UI: every session blurred while it is open (R-TUI-06). */
  trustedPrompt(): ConsentProvider {
    return this.ua.wrapProvider(this.host.consentProvider, this.host.promptsUser());
  }

  #refreshWatches(): void {
    const refreshes: (() => void)[] = [];
    this.#watches.forEach((refresh) => {
      ArrayPrototypePush(refreshes, refresh);
    });
    for (let i = 0; i < refreshes.length; i++) refreshes[i]!();
  }

  // spec: #dom-webglrenderingcontextbase-makexrcompatible; R-POLICY-08/09
  /** makeXRCompatible's answer (R-POLICY-08/09): blocked by policy, or whether there is a device. */
  xrCompatible(): Promise<Reply<XRCompatibilityAnswer>> {
    const answer: XRCompatibilityAnswer = !this.host.isFeatureAllowed('xr-spatial-tracking')
      ? 'blocked'
      : this.ua.devices.length > 0
        ? 'compatible'
        : 'no-device';
    return PromiseResolve(ok(answer));
  }

  /** The same answer, synchronously (for getContext's xrCompatible attribute in the same realm). */
  xrCompatibleNow(): boolean {
    return this.host.isFeatureAllowed('xr-spatial-tracking') && this.ua.devices.length > 0;
  }

  #session(id: unknown): SessionAgent | undefined {
    return typeof id === 'string' ? this.#sessions.get(id) : undefined;
  }

  endSession(sessionId: string): Promise<Reply<null>> {
    this.#session(sessionId)?.shutdown(true);
    return PromiseResolve(ok(null));
  }

  requestReferenceSpace(sessionId: string, type: ReferenceSpaceType): Promise<Reply<null>> {
    const s = this.#session(sessionId);
    if (!s) {
      return PromiseResolve(
        refused(
          deny('InvalidStateError', {
            action: 'requestReferenceSpace()',
            reason: 'the session has ended',
            requirement: 'R-LIFE-04',
          }),
        ),
      );
    }
    if (!ArrayPrototypeIncludes(REFERENCE_SPACE_TYPES, type)) {
      return PromiseResolve(
        refused(typeError(`'${String(fromPage(type))}' is not an XRReferenceSpaceType`, 'R-SPACE-01')),
      );
    }
    const d = s.referenceSpace(type);
    return PromiseResolve(d.allowed ? ok(null) : refused(d));
  }

  updateTargetFrameRate(sessionId: string, rate: number): Promise<Reply<number>> {
    const s = this.#session(sessionId);
    if (!s) {
      return PromiseResolve(
        refused(
          deny('InvalidStateError', {
            action: 'updateTargetFrameRate()',
            reason: 'the session has ended',
            requirement: 'R-LIFE-07',
          }),
        ),
      );
    }
    const d = s.updateTargetFrameRate(typeof rate === 'number' ? rate : NumberNaN);
    return PromiseResolve(d.allowed ? ok(d.value) : refused(d));
  }

  // spec(lighting): #dom-xrsession-requestlightprobe steps 2–4
  requestLightProbe(sessionId: string, format: string): Promise<Reply<null>> {
    const s = this.#session(sessionId);
    if (!s) {
      return PromiseResolve(
        refused(
          deny('InvalidStateError', {
            action: 'requestLightProbe()',
            reason: 'the session has ended',
            requirement: 'R-LIFE-07',
          }),
        ),
      );
    }
    const d = this.record(
      'requestLightProbe',
      lightProbeRequestIsAllowed({
        enabledFeatures: s.grantedList(),
        ended: s.ended,
        format: typeof format === 'string' ? format : String(fromPage(format)),
        preferredFormat: PREFERRED_REFLECTION_FORMAT,
      }),
    );
    return PromiseResolve(d.allowed ? ok(null) : refused(d));
  }

  // spec(depth): #start-depth-sensing / #stop-depth-sensing (the page side checked steps 1–4)
  setDepthActive(sessionId: string, active: boolean): Promise<Reply<null>> {
    const s = this.#session(sessionId);
    if (!s || s.sensing.depth === null) {
      return PromiseResolve(
        refused(
          deny('InvalidStateError', {
            action: active ? 'resumeDepthSensing()' : 'pauseDepthSensing()',
            reason: 'no live session with depth sensing',
            requirement: 'R-DEPTH-06',
          }),
        ),
      );
    }
    s.sensing.setActive(active === true);
    return PromiseResolve(ok(null));
  }

  frame(sessionId: string): SessionFrameData | null {
    return this.#session(sessionId)?.frame() ?? null;
  }

  // --- Anchors Module (src/agent/anchors.ts decides through src/policy/anchors.ts) -------------

  #anchorsOf(sessionId: string, action: string): SessionAgent | Reply<never> {
    const s = this.#session(sessionId);
    if (s) return s;
    return refused(
      this.record(
        action,
        deny('InvalidStateError', {
          action: `${action}()`,
          reason: 'the session has ended',
          requirement: 'R-ANCHOR-02',
        }),
      ),
    );
  }

  // spec(anchors): #dom-xrframe-createanchor steps 5–9 (the user agent's part)
  createAnchor(sessionId: string, pose: RigidPose | null): Promise<Reply<number>> {
    const s = this.#anchorsOf(sessionId, 'createAnchor');
    if (!(s instanceof SessionAgent)) return PromiseResolve(s);
    return s.anchors.create(pose);
  }

  // spec(anchors): #delete-an-anchor steps 6–8
  deleteAnchor(sessionId: string, anchorId: number): Promise<Reply<null>> {
    this.#session(sessionId)?.anchors.delete(anchorId);
    return PromiseResolve(ok(null));
  }

  requestPersistentHandle(sessionId: string, anchorId: number): Promise<Reply<string>> {
    const s = this.#anchorsOf(sessionId, 'requestPersistentHandle');
    if (!(s instanceof SessionAgent)) return PromiseResolve(s);
    return PromiseResolve(s.anchors.requestPersistentHandle(anchorId));
  }

  restorePersistentAnchor(sessionId: string, handle: string): Promise<Reply<number>> {
    const s = this.#anchorsOf(sessionId, 'restorePersistentAnchor');
    if (!(s instanceof SessionAgent)) return PromiseResolve(s);
    return s.anchors.restore(handle);
  }

  deletePersistentAnchor(sessionId: string, handle: string): Promise<Reply<null>> {
    const s = this.#anchorsOf(sessionId, 'deletePersistentAnchor');
    if (!(s instanceof SessionAgent)) return PromiseResolve(s);
    return PromiseResolve(s.anchors.deletePersistent(handle));
  }

  // spec(hit-test): #dom-xrsession-requesthittestsource (the user agent's decision, R-HIT-01..03)
  requestHitTestSource(sessionId: string, request: HitTestSourceMessage): Promise<Reply<number>> {
    const s = this.#session(sessionId);
    if (!s) return PromiseResolve(refused(endedSession('requestHitTestSource()', 'R-HIT-02')));
    const d = s.world.requestHitTestSource(request);
    return PromiseResolve(d.allowed ? ok(d.value) : refused(d));
  }

  cancelHitTestSource(sessionId: string, id: number): Promise<Reply<null>> {
    this.#session(sessionId)?.world.cancel(typeof id === 'number' ? id : NumberNaN);
    return PromiseResolve(ok(null));
  }

  // spec(plane-detection): #dom-xrsession-initiateroomcapture
  initiateRoomCapture(sessionId: string): Promise<Reply<null>> {
    const s = this.#session(sessionId);
    if (!s) return PromiseResolve(refused(endedSession('initiateRoomCapture()', 'R-PLANE-01')));
    const d = this.record('initiateRoomCapture', s.world.initiateRoomCapture());
    return PromiseResolve(d.allowed ? ok(null) : refused(d));
  }

  report(action: string, refusal: Denied): Promise<Reply<null>> {
    // The page's report is recorded as what it is: a refusal the page side says it applied.
    // (The Layers module's page-side checks report too: their actions are the API's names.)
    const layersAction = isLayersAction(action);
    if ((action !== 'requestSession' && !layersAction) || refusal === null || typeof refusal !== 'object')
      return PromiseResolve(
        refused(typeError('report: not a refusal the page side reports', 'R-SESSION-01')),
      );
    // Every field is the page's claim: read once, as an own data property (see fromPage), and only
    // known names and ids are kept as such.
    const error = ownData(refusal, 'error');
    const name = ownData(error, 'name');
    const message = ownData(error, 'message');
    const reason = String(fromPage(ownData(refusal, 'reason')));
    const requirement = ownData(refusal, 'requirement');
    const reported: Denied = {
      allowed: false,
      error: { name: isReportable(name) ? name : 'InvalidStateError', message: String(fromPage(message)) },
      reason,
      // The only refusal a page reports is its WebIDL conversion of requestSession (R-SESSION-01).
      requirement: isRequirementId(requirement) ? requirement : layersAction ? 'R-LAYER-01' : 'R-SESSION-01',
    };
    this.ua.audit.record(action, reported, this.origin());
    return PromiseResolve(ok(null));
  }

  /** The immersive device changed: end sessions; announce it unless the policy forbids (R-LIFE-08). */
  deviceChanged(): void {
    this.#activeImmersive?.shutdown(false);
    const inline = this.inlineSessions();
    for (let i = 0; i < inline.length; i++) inline[i]!.shutdown(false);
    if (!deviceChangeMayBeAnnounced(this.host.isFeatureAllowed('xr-spatial-tracking')).allowed) return;
    this.host.setTimeout(() => this.#sink({ type: 'devicechange' }), 0);
  }

  /** The device itself went away: its sessions end, even if the selection is unchanged. */
  deviceLost(device: XRDeviceBackend): void {
    if (this.#activeImmersive?.device === device) this.#activeImmersive.shutdown(false);
    const inline = this.inlineSessions();
    for (let i = 0; i < inline.length; i++) {
      const s = inline[i]!;
      if (s.device === device) s.shutdown(false);
    }
  }
}

function typeError(message: string, requirement: RequirementId): Denied {
  return { allowed: false, error: { name: 'TypeError', message }, reason: message, requirement };
}

/**
 * A value from the page side, before a policy function converts it: an object (or function) is
 * taken as the string String() makes of a plain object, so that no conversion method of its own or
 * of a prototype a page patched (toString, valueOf, Symbol.toPrimitive) runs on the user-agent
 * side. The honest page side sends strings only (it converted them in the page's realm).
 */
function fromPage(v: unknown): unknown {
  return (v !== null && typeof v === 'object') || typeof v === 'function' ? '[object Object]' : v;
}

/**
 * A list the page sent, for the policy's sequence<DOMString> conversion: kept only if it is an
 * array (of anything: the conversion checks the items), as a copy of its first 100 000 own entries
 * (a hole is undefined, whatever Array.prototype holds; each entry through fromPage). The copy is
 * iterated by an iterator of its own: never Array.prototype[Symbol.iterator], which a page can
 * replace.
 */
function stringList(v: unknown): Iterable<unknown> | undefined {
  if (v === undefined) return undefined;
  const list: unknown[] = [];
  if (ArrayIsArray(v)) {
    const n = MathMin(v.length, 100_000);
    for (let i = 0; i < n; i++) ArrayPrototypePush(list, fromPage(ownData(v, i)));
  }
  return ownIterable(list);
}

/** An iterable over `list` whose iterator and results are null-prototype objects of xrgate's own. */
function ownIterable(list: readonly unknown[]): Iterable<unknown> {
  return {
    __proto__: null,
    [SymbolIterator]: () => {
      let i = 0;
      return {
        __proto__: null,
        next: () =>
          i < list.length
            ? { __proto__: null, done: false, value: list[i++] }
            : { __proto__: null, done: true, value: undefined },
      };
    },
  } as unknown as Iterable<unknown>;
}

/** The envelope's permissions that a browser API asks for (the ones xrgate gates). */
function capabilitiesOf(envelope: PermissionEnvelope): EnvelopePermission[] {
  const out: EnvelopePermission[] = [];
  const list = envelope.permissions;
  for (let i = 0; i < list.length; i++) {
    if (ArrayPrototypeIncludes(DECLARABLE_IN_FEATURES, list[i]!)) ArrayPrototypePush(out, list[i]!);
  }
  return out;
}
