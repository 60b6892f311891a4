// The page side of one XRSession: the coordinator of its parts (src/api/session/: the frame loop,
// input sources, pose resolver, views, reference spaces, render state), the visibility it was told,
// its frame rate, light probes, and its lifetime (outstanding promises, shutdown). XRSession, XRFrame
// and the spaces are thin WebIDL wrappers over it. It holds no device, host fact or consent record:
// it asks the user-agent side (a DocumentPort) and applies the answers.
// Spec: index.bs @ 23547b1.

import type { DocumentPort, PageEvent, SessionFrameData, SessionGrant } from '../agent/protocol.js';
import type { XREnvironmentBlendMode, XRInteractionMode } from '../device/types.js';
import type { PointXZ } from '../policy/adjustments.js';
import type { Denied } from '../policy/decision.js';
import type { DepthConfiguration } from '../policy/depth-sensing.js';
import type { XRDOMOverlayType } from '../policy/dom-overlay.js';
import type { ReferenceSpaceType, XRSessionMode } from '../policy/features.js';
import { PREFERRED_REFLECTION_FORMAT } from '../policy/light-estimation.js';
import type { VisibilityState } from '../policy/poses.js';
import {
  ArrayPrototypeSlice,
  Float32Array,
  Float32ArrayPrototypeSet,
  ObjectFreeze,
  Promise,
  PromisePrototypeThen,
  PromiseReject,
  SafeSet,
  SafeWeakMap,
} from '../primordials.js';
import { registerFrameAnchors } from './anchor-registry.js';
import { SessionDomOverlay } from './dom-overlay.js';
import { brands, XRSessionEvent } from './events.js';
import { type LayerSession, registerLayerSession } from './layer-sessions.js';
import { opaqueSupport } from './opaque-support.js';
import type { PageEnvironment } from './page-environment.js';
import { registerSensingSession, type SensingSession } from './sensing/sensing-session.js';
import { SessionAnchors } from './session/anchors.js';
import { FrameLoop, type FrameLoopHost } from './session/frame-loop.js';
import { InputSources, type InputSourcesHost } from './session/input-sources.js';
import { nativeRef, PoseResolver, type PoseResolverHost } from './session/pose-resolver.js';
import { ReferenceSpaces, type ReferenceSpacesHost } from './session/reference-spaces.js';
import { type RenderStateHost, SessionRenderState } from './session/render-state.js';
import { Views, type ViewsHost } from './session/views.js';
import { domException, EventTargetPrototypeDispatchEvent, errorFromReply, INTERNAL } from './webidl.js';
import type { XRAnchor } from './XRAnchor.js';
import { type FrameState, type XRFrame, XRFrameInternals } from './XRFrame.js';
import { type XRInputSourceArray, XRInputSourceInternals } from './XRInputSource.js';
import {
  XRLightEstimate,
  XRLightProbe,
  XRLightProbeInternals,
  type XRReflectionFormat,
} from './XRLightProbe.js';
import type { XRRenderState } from './XRRenderState.js';
import { XRRigidTransformInternals } from './XRRigidTransform.js';
import { createSpace, type SpaceOwner, spaceInternals, type XRReferenceSpace } from './XRSpace.js';
import type { XRView } from './XRView.js';

/** The page-side services a session needs (its document's XRSystemCore). */
export interface SessionOwner {
  readonly env: PageEnvironment;
  /** The user-agent side of the document. */
  readonly port: DocumentPort;
  /** Called synchronously during shutdown (the document forgets the session). */
  sessionShutDown(core: SessionCore): void;
}

const cores = new SafeWeakMap<object, SessionCore>();

export function sessionCoreOf(session: unknown): SessionCore | undefined {
  return typeof session === 'object' && session !== null ? cores.get(session) : undefined;
}

export class SessionCore
  implements
    LayerSession,
    SpaceOwner,
    FrameLoopHost,
    InputSourcesHost,
    PoseResolverHost,
    ReferenceSpacesHost,
    RenderStateHost,
    ViewsHost,
    SensingSession
{
  readonly id: string;
  readonly session: EventTarget;
  readonly mode: XRSessionMode;
  readonly immersive: boolean;
  /** AR module: the compositor's blend technique and the best space for interactive UI. */
  readonly environmentBlendMode: XREnvironmentBlendMode;
  readonly interactionMode: XRInteractionMode;
  readonly granted: SafeSet<string>;
  readonly enabledFeatures: readonly string[];
  readonly #owner: SessionOwner;
  readonly #env: PageEnvironment;
  readonly #port: DocumentPort;
  readonly #supportedFrameRates: readonly number[] | null;
  ended = false;
  promiseResolved = false;
  visibility: VisibilityState = 'visible';
  #frameRate: number | null;
  #outstanding = new SafeSet<(e: unknown) => void>();
  // The session's parts (src/api/session/), each reading what it needs of the session from it.
  readonly #renderState: SessionRenderState;
  readonly #views: Views;
  readonly #poses: PoseResolver;
  readonly #inputs: InputSources;
  readonly #referenceSpaces: ReferenceSpaces;
  readonly #frames: FrameLoop;

  /** Anchors Module: the session's anchors (session/anchors.ts). */
  readonly #anchors: SessionAnchors;
  /** DOM Overlays Module: the session's overlay, when 'dom-overlay' is enabled. */
  readonly #overlay: SessionDomOverlay | null;

  constructor(
    owner: SessionOwner,
    session: EventTarget,
    grant: SessionGrant,
    overlayRoot: object | null = null,
  ) {
    this.id = grant.sessionId;
    this.#owner = owner;
    this.#env = owner.env;
    this.#port = owner.port;
    this.session = session;
    this.mode = grant.mode;
    this.immersive = grant.mode !== 'inline';
    this.environmentBlendMode = grant.environmentBlendMode;
    this.interactionMode = grant.interactionMode;
    // (Added one by one: new Set(list) would iterate the list with Array.prototype[@@iterator].)
    const granted = new SafeSet<string>();
    const features = grant.enabledFeatures;
    for (let i = 0; i < features.length; i++) granted.add(features[i]!);
    this.granted = granted;
    this.enabledFeatures = ObjectFreeze(ArrayPrototypeSlice(features));
    this.#frameRate = grant.frameRate;
    this.#supportedFrameRates = grant.supportedFrameRates;
    this.visibility = grant.visibility;
    cores.set(session, this);
    registerLayerSession(session, this);
    this.depthConfiguration = grant.depthSensing ?? null;
    registerSensingSession(session, this);
    this.#renderState = new SessionRenderState(this);
    this.#views = new Views(this, this.granted.has('secondary-views'));
    this.#poses = new PoseResolver(this, this.#views);
    this.#inputs = new InputSources(this, owner.env, this.#poses);
    this.#referenceSpaces = new ReferenceSpaces(this, owner.port, this.#poses);
    this.#anchors = new SessionAnchors(this, this.#poses, owner.port);
    registerFrameAnchors(session, this.#anchors);
    const overlayType = grant.domOverlayType ?? null;
    this.#overlay =
      overlayType === null
        ? null
        : new SessionDomOverlay(overlayType, overlayRoot, owner.env.domOverlay, session);
    const overlay = this.#overlay;
    const inputs = this.#inputs;
    this.#frames = new FrameLoop(
      this,
      {
        poses: this.#poses,
        renderState: this.#renderState,
        // spec(dom-overlays): a primary action begun on the overlay passes beforexrselect first.
        inputSources:
          overlay === null
            ? inputs
            : {
                update: (data, actions) =>
                  inputs.update(data, overlay.filter(actions), overlay.withheldSources),
              },
        views: this.#views,
      },
      owner.env,
      owner.port,
      grant,
    );
    // spec(dom-overlays) #xrsessioninit: visible from the start of the session.
    overlay?.show();
  }

  // --- Anchors Module (session/anchors.ts) -----------------------------------------------------

  restorePersistentAnchor(uuid: string): Promise<XRAnchor> {
    return this.#anchors.restore(uuid);
  }

  deletePersistentAnchor(uuid: string): Promise<undefined> {
    return this.#anchors.deletePersistent(uuid);
  }

  persistentAnchors(): readonly string[] {
    return this.#anchors.persistentAnchors();
  }

  // --- DOM Overlays Module (dom-overlay.ts) ----------------------------------------------------

  /** R-DOM-04: input sources whose poses are withheld (an action over cross-origin overlay content). */
  get withheldInputs(): { has(id: number): boolean } | null {
    return this.#overlay === null ? null : this.#overlay.withheldSources;
  }

  /** XRSession.domOverlayState: null unless 'dom-overlay' is enabled (R-DOM-02). */
  domOverlayState(): { readonly type: XRDOMOverlayType } | null {
    return this.#overlay === null ? null : this.#overlay.state;
  }

  /** What the user agent tells this session unasked (protocol.ts PageEvent). */
  onEvent(e: PageEvent): void {
    if (this.ended) return;
    switch (e.type) {
      case 'visibility':
        this.#applyVisibility(e.state);
        return;
      case 'ended':
        this.shutdown(false);
        return;
      case 'reset':
        this.#referenceSpaces.fireReset(e.boundsOnly);
        return;
      case 'resume':
        this.#frames.schedule();
        return;
      case 'framerate':
        this.#applyFrameRate(e.rate);
        return;
      default:
        return;
    }
  }

  /** The user-agent side of the document (the modules' requests: hit test sources, room capture). */
  get port(): DocumentPort {
    return this.#port;
  }

  get renderState(): XRRenderState {
    return this.#renderState.active;
  }

  get frameRate(): number | null {
    return this.#frameRate;
  }

  get inputSourceArray(): XRInputSourceArray {
    return this.#inputs.list;
  }

  get trackedSourceArray(): XRInputSourceArray {
    return this.#inputs.trackedList;
  }

  /** The current frame's state (id 0 before the first frame). */
  get frameState(): FrameState {
    return this.#frames.state;
  }

  /** The latest data the user agent sent (a frame's, or the grant's snapshot before the first frame). */
  get latest(): SessionFrameData {
    return this.#frames.latest;
  }

  /** The bounds as reported (rounded inside, limited), in the floor's frame; [] while unknown. */
  reportedBounds(): readonly PointXZ[] {
    const frames = this.#frames;
    return frames.state.id === 0 ? frames.latest.bounds : frames.state.data.bounds;
  }

  // --- Visibility (decided by the user agent, R-VIS-17) ----------------------------------------

  /** The user agent's new visibility state: between frames, as its own task (R-VIS-07, R-VIS-08). */
  #applyVisibility(next: VisibilityState): void {
    if (this.ended || next === this.visibility) return;
    this.visibility = next;
    EventTargetPrototypeDispatchEvent(
      this.session,
      new XRSessionEvent('visibilitychange', { session: this.session }),
    );
    if (next !== 'hidden') this.#frames.schedule();
  }

  // --- Render state (session/render-state.ts) --------------------------------------------------

  updateRenderState(init: Record<string, unknown>): void {
    this.#renderState.update(init);
    // A baseLayer may unblock callbacks waiting for one.
    this.#frames.schedule();
  }

  // --- Frame rate -----------------------------------------------------------------------------

  supportedFrameRates(): Float32Array | null {
    const r = this.#supportedFrameRates;
    if (!r) return null;
    // Copied by index (set), not through the list's iterator as new Float32Array(list) would.
    const out = new Float32Array(r.length);
    Float32ArrayPrototypeSet(out, r);
    return out;
  }

  // spec: #dom-xrsession-updatetargetframerate
  updateTargetFrameRate(rate: number): Promise<void> {
    // Steps 1–3 are the user agent's (policy/frame-rate.ts: frameRateChangeIsAllowed); an ended
    // session is known here without asking.
    if (this.ended)
      return PromiseReject(
        domException('InvalidStateError', 'updateTargetFrameRate: the session has ended [R-LIFE-07]'),
      );
    return new Promise<void>((resolve, reject) => {
      const settle = this.track(reject);
      PromisePrototypeThen(this.#port.updateTargetFrameRate(this.id, rate), (r) => {
        if (!settle()) return;
        if (!r.ok) {
          reject(errorFromReply(r));
          return;
        }
        // Steps 4–6: the device applied it; frameratechange when the rate changed.
        this.#applyFrameRate(r.value);
        resolve();
      });
    });
  }

  /** Frames follow the display (session/frame-loop.ts): the rate they are delivered at. */
  displayRate(rate: number): void {
    if (this.immersive) this.#applyFrameRate(rate);
  }

  #applyFrameRate(rate: number): void {
    if (this.ended || this.#frameRate === rate || !this.immersive) return;
    this.#frameRate = rate;
    EventTargetPrototypeDispatchEvent(
      this.session,
      new XRSessionEvent('frameratechange', { session: this.session }),
    );
  }

  // --- Reference spaces (session/reference-spaces.ts) ------------------------------------------

  requestReferenceSpace(type: ReferenceSpaceType): Promise<XRReferenceSpace> {
    return this.#referenceSpaces.request(type);
  }

  // --- Lighting estimation (WebXR Lighting Estimation Module) ----------------------------------

  /** The reflection format the device supports best (xrgate's simulated devices: sRGB, 8 bits). */
  readonly preferredReflectionFormat: XRReflectionFormat = PREFERRED_REFLECTION_FORMAT;

  // spec(lighting): #dom-xrsession-requestlightprobe
  requestLightProbe(format: XRReflectionFormat): Promise<XRLightProbe> {
    return new Promise<XRLightProbe>((resolve, reject) => {
      // Steps 2–4: the user agent decides (policy/light-estimation.ts lightProbeRequestIsAllowed:
      // the feature enabled, the session live, the format known).
      PromisePrototypeThen(
        this.#port.requestLightProbe(this.id, format),
        (r) => {
          if (!r.ok) {
            reject(errorFromReply(r));
            return;
          }
          // The probe's estimates are relative to the local space's origin.
          const probeSpace = createSpace(this.#poses.spaceData(nativeRef('local'), null));
          resolve(new XRLightProbe(INTERNAL, this.session, probeSpace, format));
        },
        reject,
      );
    });
  }

  // spec(lighting): #dom-xrframe-getlightestimate
  lightEstimate(state: FrameState, active: boolean, probe: XRLightProbe): XRLightEstimate | null {
    // Step 1.
    if (!active || this.ended) {
      throw domException('InvalidStateError', 'getLightEstimate: the XRFrame is not active [R-POSE-05]');
    }
    // Steps 2–3.
    if (XRLightProbeInternals.sessionOf(probe) !== this.session) {
      throw domException('InvalidStateError', 'getLightEstimate: the light probe belongs to another session');
    }
    // Step 5: no estimate this frame. The user agent sent it already adjusted (quantized, held).
    const reported = state.data.lightEstimate;
    return reported === null ? null : new XRLightEstimate(INTERNAL, reported);
  }

  // --- Layers module (src/api/layers) ----------------------------------------------------------

  /** A refusal the page side applied (the Layers module's checks): recorded in the audit log. */
  reportRefusal(action: string, refusal: Denied): void {
    void this.#port.report(action, refusal);
  }

  // --- Animation frames (session/frame-loop.ts) ------------------------------------------------

  requestAnimationFrame(cb: (time: number, frame: XRFrame) => void): number {
    return this.#frames.request(cb);
  }

  cancelAnimationFrame(handle: number): void {
    this.#frames.cancel(handle);
  }

  inAnimationFrame(frameId: number): boolean {
    return this.#frames.inAnimationFrame(frameId);
  }

  // --- Views (session/views.ts), for XRWebGLLayer ----------------------------------------------

  ownsView(view: XRView): boolean {
    return this.#views.ownsView(view);
  }

  viewCount(): number {
    return this.#views.viewCount();
  }

  nativeFramebufferSize(): { width: number; height: number } {
    return this.#views.nativeFramebufferSize();
  }

  maxFramebufferScale(): number {
    return 2;
  }

  // --- Input sources (session/input-sources.ts) ------------------------------------------------

  /**
   * spec: requestSession's task after the resolution sets the promise resolved flag (R-SESSION-12).
   * No input source is attached yet: the first XR animation frame after it announces the initial
   * ones (session/input-sources.ts `update`).
   */
  setPromiseResolved(): void {
    this.promiseResolved = true;
  }

  // --- Lifetime -------------------------------------------------------------------------------

  /**
   * Registers an outstanding promise's reject, removed when it settles (R-LIFE-04 step 4). The
   * returned function settles it: false when shutdown already rejected it.
   */
  track(reject: (e: unknown) => void): () => boolean {
    this.#outstanding.add(reject);
    return () => this.#outstanding.delete(reject);
  }

  // spec: #shut-down-the-session (the page's part; `byPage` false: the user agent ended it)
  shutdown(byPage = true): void {
    if (this.ended) return;
    // Step 1. (Frames of an ended session are never active: every check asks `ended`, R-LIFE-15.)
    this.ended = true;
    // Cancel actions already started: their end events still arrive, before `end` (R-LIFE-15).
    this.#inputs.shutDown();
    // Steps 2–3, 5: the user agent clears the active session and releases the device lock.
    this.#owner.sessionShutDown(this);
    if (byPage) void this.#port.endSession(this.id);
    // Step 4: outstanding promises reject with InvalidStateError.
    this.#outstanding.forEach((reject) => {
      reject(domException('InvalidStateError', 'the session has ended'));
    });
    this.#outstanding.clear();
    this.#frames.stop();
    // R-DOM-06: the overlay goes with the session.
    this.#overlay?.hide();
    // The base layer's opaque framebuffer and its attachments are of no use any more.
    opaqueSupport.current?.release(this.#renderState.baseLayer);
    // Step 6: queue a task to fire `end`.
    this.#env.setTimeout(() => {
      EventTargetPrototypeDispatchEvent(this.session, new XRSessionEvent('end', { session: this.session }));
    }, 0);
  }

  // spec: #dom-xrsession-end
  end(): Promise<void> {
    if (this.ended)
      return PromiseReject(domException('InvalidStateError', 'end(): the session has already ended'));
    this.shutdown();
    return new Promise<void>((resolve) => this.#env.setTimeout(() => resolve(), 0));
  }

  // --- Depth Sensing and Raw Camera Access (src/api/XRDepthInformation.ts, XRCamera.ts) -----------

  /** The depth configuration the user agent granted; null: 'depth-sensing' is not enabled. */
  readonly depthConfiguration: DepthConfiguration | null;
  #depthActive = true;

  get depthActive(): boolean {
    return this.#depthActive;
  }

  /** pause/resumeDepthSensing: at once on this side; the user agent stops or resumes producing depth. */
  setDepthActive(active: boolean): void {
    this.#depthActive = active;
    void this.#port.setDepthActive(this.id, active);
  }

  get currentFrameId(): number {
    return this.#frames.state.id;
  }

  animationFrameData(frameId: number): SessionFrameData | null {
    return this.#frames.inAnimationFrame(frameId) ? this.#frames.state.data : null;
  }
}

// The event constructors check their init members' brands through these.
brands.session = (v) => sessionCoreOf(v) !== undefined;
brands.frame = (v) => XRFrameInternals.is(v);
brands.inputSource = (v) => XRInputSourceInternals.is(v);
brands.referenceSpace = (v) => {
  const d = spaceInternals(v);
  return d !== undefined && d.type !== null;
};
brands.transform = (v) => XRRigidTransformInternals.is(v);
