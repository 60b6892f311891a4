// spec(hit-test): WebXR Hit Test Module (immersive-web/hit-test index.bs, the draft of WPT's
// webxr-hit-test.idl)
//
// enum XRHitTestTrackableType { "point", "plane", "mesh" };
// dictionary XRHitTestOptionsInit { required XRSpace space; sequence<XRHitTestTrackableType> entityTypes; XRRay offsetRay; };
// dictionary XRTransientInputHitTestOptionsInit { required DOMString profile; sequence<XRHitTestTrackableType> entityTypes; XRRay offsetRay; };
// [SecureContext, Exposed=Window] interface XRHitTestSource { undefined cancel(); };
// [SecureContext, Exposed=Window] interface XRTransientInputHitTestSource { undefined cancel(); };
// [SecureContext, Exposed=Window] interface XRHitTestResult { XRPose? getPose(XRSpace baseSpace); };
// [SecureContext, Exposed=Window] interface XRTransientInputHitTestResult {
//   [SameObject] readonly attribute XRInputSource inputSource;
//   readonly attribute FrozenArray<XRHitTestResult> results; };
// partial interface XRSession {
//   Promise<XRHitTestSource> requestHitTestSource(XRHitTestOptionsInit options);
//   Promise<XRTransientInputHitTestSource> requestHitTestSourceForTransientInput(XRTransientInputHitTestOptionsInit options); };
// partial interface XRFrame {
//   sequence<XRHitTestResult> getHitTestResults(XRHitTestSource hitTestSource);
//   sequence<XRTransientInputHitTestResult> getHitTestResultsForTransientInput(XRTransientInputHitTestSource hitTestSource); };
//
// The page side holds only the id the user agent gave each source; the rays are cast on the user
// agent's side (src/agent/world-sensing.ts) and each frame brings the results of the session's own
// active sources, already adjusted (src/policy/hit-test.ts). createAnchor (Anchors Module) is
// another module's.

import type { HitTestSourceMessage } from '../../agent/protocol.js';
import type { RigidPose } from '../../device/types.js';
import {
  hitTestResultsMayBeRead,
  hitTestTrackableTypes,
  type ReportedHitPose,
  type XRHitTestTrackableType,
} from '../../policy/hit-test.js';
import {
  ArrayPrototypePush,
  ObjectFreeze,
  ObjectGetOwnPropertyDescriptor,
  Promise,
  PromisePrototypeThen,
  ReflectApply,
  ReflectDeleteProperty,
  String,
  TypeError,
} from '../../primordials.js';
import { rigid } from '../rigid.js';
import { nativeRef } from '../session/pose-resolver.js';
import { type SessionCore, sessionCoreOf } from '../session-core.js';
import {
  convertDictionary,
  convertEnum,
  convertSequence,
  domException,
  errorFromDecision,
  errorFromReply,
  INTERNAL,
  idlAttributes,
  illegalConstructor,
  illegalInvocation,
  rejected,
  requireArgs,
  toStringTag,
} from '../webidl.js';
import type { XRAnchor } from '../XRAnchor.js';
import { XRFrame, XRFrameAnchors, XRFrameInternals } from '../XRFrame.js';
import { type XRInputSource, XRInputSourceArrayInternals, XRInputSourceInternals } from '../XRInputSource.js';
import type { XRPose } from '../XRPose.js';
import { XRRayInternals } from '../XRRay.js';
import { XRSession } from '../XRSession.js';
import { type SpaceInternals, spaceInternals } from '../XRSpace.js';
import { defineOperations } from './partial.js';

// XRFrame's session getter, captured at load (the frame's session is the results' session).
const frameSession = ObjectGetOwnPropertyDescriptor(XRFrame.prototype, 'session')!.get!;

function coreOfFrame(frame: XRFrame): SessionCore | undefined {
  return sessionCoreOf(ReflectApply(frameSession, frame, []));
}

/** The space of a result: the base space's origin (the local native origin) offset by the result's pose. */
function resultSpace(core: SessionCore, pose: ReportedHitPose): SpaceInternals {
  const p = pose.position;
  const q = pose.orientation;
  return {
    core,
    native: nativeRef('local'),
    offset: rigid(p.x, p.y, p.z, q.x, q.y, q.z, q.w),
    type: null,
    children: [],
    lastViewerPose: null,
  };
}

/** A hit test source's state: its session, the id the user agent gave it, and whether it is active. */
interface SourceState {
  readonly core: SessionCore;
  readonly id: number;
  active: boolean;
}

// spec(hit-test): #cancel-a-hit-test-source
function cancelSource(s: SourceState): void {
  // Step 1: a source already cancelled.
  if (!s.active) {
    throw domException(
      'InvalidStateError',
      'cancel(): this hit test source was already cancelled [R-HIT-10]',
    );
  }
  // Step 2: out of the session's set of active hit test sources (the user agent stops casting it).
  s.active = false;
  void s.core.port.cancelHitTestSource(s.core.id, s.id);
}

export class XRHitTestSource {
  readonly #s: SourceState;

  constructor(token?: unknown, state?: SourceState) {
    illegalConstructor(token);
    this.#s = state as SourceState;
  }

  static stateOf(v: unknown): SourceState | undefined {
    return typeof v === 'object' && v !== null && #s in v ? v.#s : undefined;
  }

  cancel(): void {
    const s = XRHitTestSourceInternals.stateOf(this);
    if (!s) illegalInvocation();
    cancelSource(s);
  }
}

export class XRTransientInputHitTestSource {
  readonly #s: SourceState;

  constructor(token?: unknown, state?: SourceState) {
    illegalConstructor(token);
    this.#s = state as SourceState;
  }

  static stateOf(v: unknown): SourceState | undefined {
    return typeof v === 'object' && v !== null && #s in v ? v.#s : undefined;
  }

  cancel(): void {
    const s = XRTransientInputHitTestSourceInternals.stateOf(this);
    if (!s) illegalInvocation();
    cancelSource(s);
  }
}

export class XRHitTestResult {
  readonly #frame: XRFrame;
  readonly #space: SpaceInternals;
  /** The result's native origin in the session's base space (the 'local' space's origin). */
  readonly #origin: RigidPose | null;

  constructor(token?: unknown, frame?: XRFrame, space?: SpaceInternals, origin?: RigidPose) {
    illegalConstructor(token);
    this.#frame = frame as XRFrame;
    this.#space = space as SpaceInternals;
    this.#origin = origin ?? null;
  }

  // spec(anchors): #dom-xrhittestresult-createanchor — an anchor at the result's native origin,
  // with createAnchor's checks (the frame active, 'anchors' enabled: R-ANCHOR-01..04).
  createAnchor(): Promise<XRAnchor> {
    try {
      if (!XRHitTestResultInternals.is(this)) illegalInvocation();
      return XRFrameAnchors.createAnchorAt(this.#frame, this.#origin);
    } catch (e) {
      return rejected(e);
    }
  }

  static is(v: unknown): v is XRHitTestResult {
    return typeof v === 'object' && v !== null && #space in v;
  }

  // spec(hit-test): #dom-xrhittestresult-getpose: a space at the result's native origin, its pose
  // in baseSpace at the frame's time (#populate-the-pose: active frame, same session, visibility,
  // limits).
  getPose(baseSpace: object): XRPose | null {
    if (!XRHitTestResultInternals.is(this)) illegalInvocation();
    requireArgs(arguments.length, 1, 'XRHitTestResult.getPose');
    const base = spaceInternals(baseSpace);
    if (!base) throw new TypeError("getPose: parameter 1 is not of type 'XRSpace'");
    return XRFrameInternals.poseOf(this.#frame, this.#space, base);
  }
}

export class XRTransientInputHitTestResult {
  readonly #inputSource: XRInputSource;
  readonly #results: readonly XRHitTestResult[];

  constructor(token?: unknown, inputSource?: XRInputSource, results?: readonly XRHitTestResult[]) {
    illegalConstructor(token);
    this.#inputSource = inputSource as XRInputSource;
    this.#results = ObjectFreeze(results as XRHitTestResult[]);
  }

  static is(v: unknown): v is XRTransientInputHitTestResult {
    return typeof v === 'object' && v !== null && #results in v;
  }

  get inputSource(): XRInputSource {
    if (!XRTransientInputHitTestResultInternals.is(this)) illegalInvocation();
    return this.#inputSource;
  }

  get results(): readonly XRHitTestResult[] {
    if (!XRTransientInputHitTestResultInternals.is(this)) illegalInvocation();
    return this.#results;
  }
}

idlAttributes(XRTransientInputHitTestResult, ['inputSource', 'results']);
toStringTag(XRHitTestSource, 'XRHitTestSource');
toStringTag(XRTransientInputHitTestSource, 'XRTransientInputHitTestSource');
toStringTag(XRHitTestResult, 'XRHitTestResult');
toStringTag(XRTransientInputHitTestResult, 'XRTransientInputHitTestResult');

/** @internal xrgate's own access; the statics are removed from the page-visible interface objects. */
export const XRHitTestSourceInternals = { stateOf: XRHitTestSource.stateOf };
/** @internal */
export const XRTransientInputHitTestSourceInternals = { stateOf: XRTransientInputHitTestSource.stateOf };
/** @internal */
export const XRHitTestResultInternals = { is: XRHitTestResult.is };
/** @internal */
export const XRTransientInputHitTestResultInternals = { is: XRTransientInputHitTestResult.is };
ReflectDeleteProperty(XRHitTestSource, 'stateOf');
ReflectDeleteProperty(XRTransientInputHitTestSource, 'stateOf');
ReflectDeleteProperty(XRHitTestResult, 'is');
ReflectDeleteProperty(XRTransientInputHitTestResult, 'is');

// --- Requesting (partial interface XRSession) --------------------------------------------------

/** entityTypes: a sequence of the enum (an unknown value is a TypeError, WebIDL); default ["plane"]. */
function convertEntityTypes(value: unknown, where: string): XRHitTestTrackableType[] {
  if (value === undefined) return ['plane'];
  return convertSequence(value, where, 1, (v) =>
    convertEnum(v, hitTestTrackableTypes, `${where}: entityTypes`),
  );
}

/** The ray (default XRRay()) in the space's native origin coordinates: offset applied (spec step "transformedOffsetRay"). */
function nativeRay(offsetRay: unknown, space: SpaceInternals | null): number[] {
  const r =
    offsetRay === undefined
      ? { ox: 0, oy: 0, oz: 0, dx: 0, dy: 0, dz: -1 }
      : XRRayInternals.data(offsetRay as never);
  if (space === null) return [r.ox, r.oy, r.oz, r.dx, r.dy, r.dz];
  const o = space.offset;
  const px = o[0] as number;
  const py = o[1] as number;
  const pz = o[2] as number;
  const qx = o[3] as number;
  const qy = o[4] as number;
  const qz = o[5] as number;
  const qw = o[6] as number;
  const rot = (x: number, y: number, z: number): [number, number, number] => {
    const tx = 2 * (qy * z - qz * y);
    const ty = 2 * (qz * x - qx * z);
    const tz = 2 * (qx * y - qy * x);
    return [
      x + qw * tx + (qy * tz - qz * ty),
      y + qw * ty + (qz * tx - qx * tz),
      z + qw * tz + (qx * ty - qy * tx),
    ];
  };
  const origin = rot(r.ox, r.oy, r.oz);
  const dir = rot(r.dx, r.dy, r.dz);
  return [origin[0] + px, origin[1] + py, origin[2] + pz, dir[0], dir[1], dir[2]];
}

function request<T>(core: SessionCore, msg: HitTestSourceMessage, make: (id: number) => T): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const settle = core.track(reject);
    PromisePrototypeThen(core.port.requestHitTestSource(core.id, msg), (r) => {
      if (!settle()) return;
      if (!r.ok) {
        reject(errorFromReply(r));
        return;
      }
      resolve(make(r.value));
    });
  });
}

defineOperations(XRSession.prototype, {
  // spec(hit-test): #dom-xrsession-requesthittestsource
  requestHitTestSource(this: unknown, options: unknown): Promise<XRHitTestSource> {
    try {
      const core = sessionCoreOf(this);
      if (!core) illegalInvocation();
      requireArgs(arguments.length, 1, 'XRSession.requestHitTestSource');
      // WebIDL dictionary conversion, members in lexicographic order: entityTypes, offsetRay, space.
      const dict = convertDictionary(options, 'XRHitTestOptionsInit');
      const entityTypes = convertEntityTypes(dict.entityTypes, 'requestHitTestSource');
      const offsetRay = dict.offsetRay;
      if (offsetRay !== undefined && !XRRayInternals.is(offsetRay)) {
        throw new TypeError("requestHitTestSource: offsetRay is not of type 'XRRay'");
      }
      const rawSpace = dict.space;
      // Step 2: space is required, an XRSpace.
      if (rawSpace === undefined)
        throw new TypeError('requestHitTestSource: the required member space is missing');
      const space = spaceInternals(rawSpace);
      if (!space) throw new TypeError("requestHitTestSource: space is not of type 'XRSpace'");
      if (space.core !== core) {
        throw domException(
          'InvalidStateError',
          'requestHitTestSource: the space belongs to another session [R-HIT-10]',
        );
      }
      const native = space.native as { kind: string; sourceId?: number };
      // Steps 3–8: the user agent checks the feature and the session and creates the source.
      return request(
        core,
        {
          profile: null,
          native: { kind: native.kind, sourceId: native.sourceId ?? -1 },
          entityTypes,
          ray: nativeRay(offsetRay, space),
        },
        (id) => new XRHitTestSource(INTERNAL, { core, id, active: true }),
      );
    } catch (e) {
      return rejected(e);
    }
  },

  // spec(hit-test): #dom-xrsession-requesthittestsourcefortransientinput
  requestHitTestSourceForTransientInput(
    this: unknown,
    options: unknown,
  ): Promise<XRTransientInputHitTestSource> {
    try {
      const core = sessionCoreOf(this);
      if (!core) illegalInvocation();
      requireArgs(arguments.length, 1, 'XRSession.requestHitTestSourceForTransientInput');
      // Members in lexicographic order: entityTypes, offsetRay, profile.
      const dict = convertDictionary(options, 'XRTransientInputHitTestOptionsInit');
      const entityTypes = convertEntityTypes(dict.entityTypes, 'requestHitTestSourceForTransientInput');
      const offsetRay = dict.offsetRay;
      if (offsetRay !== undefined && !XRRayInternals.is(offsetRay)) {
        throw new TypeError("requestHitTestSourceForTransientInput: offsetRay is not of type 'XRRay'");
      }
      if (dict.profile === undefined) {
        throw new TypeError('requestHitTestSourceForTransientInput: the required member profile is missing');
      }
      if (typeof dict.profile === 'symbol')
        throw new TypeError('requestHitTestSourceForTransientInput: profile is a Symbol');
      const profile = String(dict.profile);
      return request(
        core,
        { profile, native: null, entityTypes, ray: nativeRay(offsetRay, null) },
        (id) => new XRTransientInputHitTestSource(INTERNAL, { core, id, active: true }),
      );
    } catch (e) {
      return rejected(e);
    }
  },
});

// --- Results (partial interface XRFrame) -------------------------------------------------------

function readable(frame: unknown, source: unknown, transient: boolean, where: string): SourceState {
  if (!XRFrameInternals.is(frame)) illegalInvocation();
  const s = transient
    ? XRTransientInputHitTestSourceInternals.stateOf(source)
    : XRHitTestSourceInternals.stateOf(source);
  if (!s) {
    throw new TypeError(
      `${where}: parameter 1 is not of type '${transient ? 'XRTransientInputHitTestSource' : 'XRHitTestSource'}'`,
    );
  }
  const core = coreOfFrame(frame) as SessionCore;
  const d = hitTestResultsMayBeRead({
    frameActive: XRFrameInternals.isActive(frame),
    sessionEnded: core.ended,
    sameSession: s.core === core,
    transient,
  });
  if (!d.allowed) throw errorFromDecision(d);
  return s;
}

function resultsOf(core: SessionCore, frame: XRFrame, poses: readonly ReportedHitPose[]): XRHitTestResult[] {
  const out: XRHitTestResult[] = [];
  for (let i = 0; i < poses.length; i++) {
    const reported = poses[i]!;
    const origin: RigidPose = ObjectFreeze({
      position: ObjectFreeze({ x: reported.position.x, y: reported.position.y, z: reported.position.z }),
      orientation: ObjectFreeze({
        x: reported.orientation.x,
        y: reported.orientation.y,
        z: reported.orientation.z,
        w: reported.orientation.w,
      }),
    });
    ArrayPrototypePush(out, new XRHitTestResult(INTERNAL, frame, resultSpace(core, reported), origin));
  }
  return out;
}

defineOperations(XRFrame.prototype, {
  // spec(hit-test): #dom-xrframe-gethittestresults
  getHitTestResults(this: unknown, hitTestSource: unknown): XRHitTestResult[] {
    if (!XRFrameInternals.is(this)) illegalInvocation();
    requireArgs(arguments.length, 1, 'XRFrame.getHitTestResults');
    const source = readable(this, hitTestSource, false, 'getHitTestResults');
    const core = source.core;
    // A cancelled source is no longer in the session's set: no entry, no results.
    if (!source.active) return [];
    const id = source.id;
    const list = XRFrameInternals.stateOf(this as XRFrame).data.world?.hitTest ?? [];
    for (let i = 0; i < list.length; i++) {
      const entry = list[i]!;
      if (entry.id === id) return resultsOf(core, this as XRFrame, entry.results);
    }
    // A source created after this frame's data was computed: its results come with the next frame.
    return [];
  },

  // spec(hit-test): #dom-xrframe-gethittestresultsfortransientinput
  getHitTestResultsForTransientInput(this: unknown, hitTestSource: unknown): XRTransientInputHitTestResult[] {
    if (!XRFrameInternals.is(this)) illegalInvocation();
    requireArgs(arguments.length, 1, 'XRFrame.getHitTestResultsForTransientInput');
    const source = readable(this, hitTestSource, true, 'getHitTestResultsForTransientInput');
    const core = source.core;
    if (!source.active) return [];
    const id = source.id;
    const list = XRFrameInternals.stateOf(this as XRFrame).data.world?.transientHitTest ?? [];
    const inputs = XRInputSourceArrayInternals.items(core.inputSourceArray);
    const out: XRTransientInputHitTestResult[] = [];
    for (let i = 0; i < list.length; i++) {
      const entry = list[i]!;
      if (entry.id !== id) continue;
      for (let j = 0; j < entry.inputs.length; j++) {
        const perInput = entry.inputs[j]!;
        let inputSource: XRInputSource | null = null;
        for (let k = 0; k < inputs.length; k++) {
          if (XRInputSourceInternals.state(inputs[k]!).id === perInput.inputSourceId)
            inputSource = inputs[k]!;
        }
        // An input source the page has not been told about yet: its results wait for it.
        if (inputSource === null) continue;
        // spec(dom-overlays) #cross-origin-content-events: an action begun over cross-origin content
        // in the overlay gives the session nothing of that input, its hit test results included
        // (R-DOM-04: the source is withheld until the action ends).
        if (core.withheldInputs?.has(perInput.inputSourceId)) continue;
        ArrayPrototypePush(
          out,
          new XRTransientInputHitTestResult(
            INTERNAL,
            inputSource,
            resultsOf(core, this as XRFrame, perInput.results),
          ),
        );
      }
    }
    return out;
  },
});
