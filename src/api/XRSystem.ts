// spec: #xrsystem-interface (index.bs @ 23547b1)
//
// [SecureContext, Exposed=Window] interface XRSystem : EventTarget {
//   Promise<boolean> isSessionSupported(XRSessionMode mode);
//   [NewObject] Promise<XRSession> requestSession(XRSessionMode mode, optional XRSessionInit options = {});
//   attribute EventHandler ondevicechange; };
// and, non-standard (R-NAV-21; the closed spec PR #1290, as Chromium and Meta's browser ship it):
//   [NewObject] Promise<XRSession> offerSession(XRSessionMode mode, optional XRSessionInit options = {});
//   attribute EventHandler onsessiongranted;  (seed 002, R-NAV-20: the immersive-web/navigation
//   proposal as Meta's browser and three.js/A-Frame use it: a grant signal, no session attached)
// The page side of one document's XR system: WebIDL conversion in the page's realm, then a request
// to the user-agent side (a DocumentPort, src/agent/protocol.ts) that decides. The page side holds
// no host fact, consent record or device: only the answers.

import type { DocumentPort, PageEvent, SessionGrant } from '../agent/protocol.js';
import type { UAProfile } from '../policy/profile.js';
import { convertSessionRequest } from '../policy/session-request.js';
import {
  ArrayPrototypeSlice,
  PromisePrototypeThen,
  PromiseReject,
  SafeMap,
  SafeWeakMap,
  String,
  TypeError,
} from '../primordials.js';
import { convertDomOverlayInit } from './dom-overlay.js';
import type { PageEnvironment } from './page-environment.js';
import { convertSessionDepthSensing } from './sensing/session-init.js';
import { SessionCore } from './session-core.js';
import {
  defineEventHandlers,
  EventTargetPrototypeDispatchEvent,
  errorFromDecision,
  errorFromReply,
  INTERNAL,
  illegalConstructor,
  toStringTag,
} from './webidl.js';
import { XRSession } from './XRSession.js';

const EventTargetCtor = EventTarget;
const EventCtor = Event;

/** Per-document page-side state: the port to the user agent and the live sessions. */
export class XRSystemCore {
  readonly system: XRSystem;
  readonly env: PageEnvironment;
  readonly port: DocumentPort;
  readonly #profile: UAProfile;
  readonly #sessions = new SafeMap<string, SessionCore>();

  constructor(
    system: XRSystem,
    connect: (sink: (e: PageEvent) => void) => DocumentPort,
    env: PageEnvironment,
    profile: UAProfile,
  ) {
    this.system = system;
    this.env = env;
    this.#profile = profile;
    this.port = connect((e) => this.#onEvent(e));
  }

  #onEvent(e: PageEvent): void {
    if (e.type === 'devicechange' || e.type === 'sessiongranted') {
      EventTargetPrototypeDispatchEvent(this.system, new EventCtor(e.type));
      return;
    }
    if (e.type === 'permission') return; // (handled by the permissions object)
    const core = this.#sessions.get(e.sessionId);
    if (core) core.onEvent(e);
  }

  sessionShutDown(core: SessionCore): void {
    this.#sessions.delete(core.id);
  }

  /** The live immersive session of this document, if any. */
  activeImmersiveSession(): SessionCore | null {
    let found: SessionCore | null = null;
    this.#sessions.forEach((s) => {
      if (found === null && s.immersive && !s.ended) found = s;
    });
    return found;
  }

  // spec: #dom-xrsystem-requestsession; offerSession (R-NAV-21) converts the same way.
  requestSession(mode: unknown, options: unknown, offer = false): Promise<XRSession> {
    // Step 1 (WebIDL conversion, in the page's realm): conversion errors reject (R-SESSION-01).
    // XRSessionInit's members in order: domOverlay (DOM Overlays Module, R-DOM-08) first.
    let overlayRoot: object | null;
    try {
      overlayRoot = convertDomOverlayInit(options, this.env.domOverlay);
    } catch (e) {
      return PromiseReject<XRSession>(e);
    }
    const conv = convertSessionRequest(mode, options, this.#profile);
    if (!conv.allowed) {
      // The user agent records the refusal; the promise rejects once it has.
      const error = errorFromDecision(conv);
      return PromisePrototypeThen(this.port.report('requestSession', conv), () =>
        PromiseReject<XRSession>(error),
      );
    }
    const req = conv.value;
    // Depth Sensing: XRSessionInit.depthSensing, converted in the page's realm (R-DEPTH-01).
    const depth = convertSessionDepthSensing(options, this.#profile.maxListLength);
    if (!depth.allowed) {
      const error = errorFromDecision(depth);
      return PromisePrototypeThen(this.port.report('requestSession', depth), () =>
        PromiseReject<XRSession>(error),
      );
    }
    const message = {
      mode: req.mode,
      requiredFeatures: ArrayPrototypeSlice(req.requiredFeatures),
      optionalFeatures: ArrayPrototypeSlice(req.optionalFeatures),
      ...(depth.value === undefined ? {} : { depthSensing: depth.value }),
      // spec(dom-overlays): only whether a root was given crosses; the element stays in the page.
      ...(overlayRoot !== null ? { domOverlay: true } : {}),
    };
    const reply = offer ? this.port.offerSession(message) : this.port.requestSession(message);
    return PromisePrototypeThen(reply, (r) => {
      if (!r.ok) throw errorFromReply(r);
      return this.#open(r.value, overlayRoot);
    });
  }

  #open(grant: SessionGrant, overlayRoot: object | null = null): XRSession {
    const session = new XRSession(INTERNAL);
    const core = new SessionCore(this, session, grant, overlayRoot);
    this.#sessions.set(core.id, core);
    // spec: a further task sets "promise resolved" (R-SESSION-12); the initial input sources come
    // with the first XR animation frame after it (session/input-sources.ts `update`).
    this.env.setTimeout(() => core.setPromiseResolved(), 0);
    return session;
  }

  // spec: #dom-xrsystem-issessionsupported
  isSessionSupported(mode: unknown): Promise<boolean> {
    return PromisePrototypeThen(
      this.port.isSessionSupported(typeof mode === 'string' ? mode : String(mode)),
      (r) => {
        if (!r.ok) throw errorFromReply(r);
        return r.value;
      },
    );
  }
}

const systems = new SafeWeakMap<object, XRSystemCore>();

export function systemCoreOf(v: unknown): XRSystemCore | undefined {
  return typeof v === 'object' && v !== null ? systems.get(v) : undefined;
}

export class XRSystem extends EventTargetCtor {
  /** EventHandler attributes (defined on the prototype by defineEventHandlers). */
  declare ondevicechange: ((this: XRSystem, ev: Event) => unknown) | null;
  declare onsessiongranted: ((this: XRSystem, ev: Event) => unknown) | null;
  constructor(
    token?: unknown,
    connect?: (sink: (e: PageEvent) => void) => DocumentPort,
    env?: PageEnvironment,
    profile?: UAProfile,
  ) {
    illegalConstructor(token);
    super();
    systems.set(
      this,
      new XRSystemCore(
        this,
        connect as (sink: (e: PageEvent) => void) => DocumentPort,
        env as PageEnvironment,
        profile as UAProfile,
      ),
    );
  }

  isSessionSupported(mode: string): Promise<boolean> {
    const c = systems.get(this);
    if (!c) return PromiseReject(new TypeError('Illegal invocation'));
    if (arguments.length < 1)
      return PromiseReject(new TypeError('isSessionSupported: 1 argument required, but only 0 present.'));
    return c.isSessionSupported(mode);
  }

  requestSession(mode: string, ...rest: unknown[]): Promise<XRSession> {
    const options = rest[0];
    const c = systems.get(this);
    if (!c) return PromiseReject(new TypeError('Illegal invocation'));
    if (arguments.length < 1)
      return PromiseReject(new TypeError('requestSession: 1 argument required, but only 0 present.'));
    return c.requestSession(mode, options);
  }

  /**
   * Non-standard (R-NAV-21): the user agent shows its own "Enter VR/AR" control; the promise
   * resolves with the session once the user presses it (no activation needed to call this).
   */
  offerSession(mode: string, ...rest: unknown[]): Promise<XRSession> {
    const options = rest[0];
    const c = systems.get(this);
    if (!c) return PromiseReject(new TypeError('Illegal invocation'));
    if (arguments.length < 1)
      return PromiseReject(new TypeError('offerSession: 1 argument required, but only 0 present.'));
    return c.requestSession(mode, options, true);
  }
}

defineEventHandlers(XRSystem.prototype, (o) => systems.has(o as object), ['devicechange', 'sessiongranted']);
toStringTag(XRSystem, 'XRSystem');
