// spec(plane-detection): WebXR Plane Detection Module (immersive-web/real-world-geometry
// plane-detection.bs @ 159ccd3)
//
// enum XRPlaneOrientation { "horizontal", "vertical" };
// [Exposed=Window] interface XRPlane {
//   [SameObject] readonly attribute XRSpace planeSpace;
//   readonly attribute FrozenArray<DOMPointReadOnly> polygon;
//   readonly attribute XRPlaneOrientation? orientation;
//   readonly attribute DOMHighResTimeStamp lastChangedTime;
//   readonly attribute DOMString? semanticLabel; };
// [Exposed=Window] interface XRPlaneSet { readonly setlike<XRPlane>; };
// partial interface XRFrame { readonly attribute XRPlaneSet? detectedPlanes; (null when not enabled) };
// partial interface XRSession { Promise<undefined> initiateRoomCapture(); };
//
// The planes come in each frame's data as the user agent reported them (src/agent/world-sensing.ts,
// src/policy/plane-detection.ts: in range, quantized, only while visible, per-session ids). Here:
// the session's set of tracked planes (#update-planes), one XRPlane per plane id for as long as it
// is tracked.

import type { ReportedPlane } from '../../policy/plane-detection.js';
import { detectedSurfacesMayBeRead } from '../../policy/plane-detection.js';
import {
  ArrayPrototypePush,
  ObjectFreeze,
  ObjectGetOwnPropertyDescriptor,
  Promise,
  PromisePrototypeThen,
  ReflectApply,
  ReflectDeleteProperty,
  SafeMap,
  SafeWeakMap,
} from '../../primordials.js';
import { makePoint } from '../geometry.js';
import { rigid } from '../rigid.js';
import { nativeRef } from '../session/pose-resolver.js';
import { type SessionCore, sessionCoreOf } from '../session-core.js';
import {
  errorFromDecision,
  errorFromReply,
  INTERNAL,
  idlAttributes,
  illegalConstructor,
  illegalInvocation,
  rejected,
  toStringTag,
} from '../webidl.js';
import { type FrameState, XRFrame, XRFrameInternals } from '../XRFrame.js';
import { XRSession } from '../XRSession.js';
import { createSpace, type SpaceInternals, type XRSpace } from '../XRSpace.js';
import { defineAttributes, defineOperations } from './partial.js';
import { type SetlikeInstance, setlikeInterface } from './surface-set.js';

const frameSession = ObjectGetOwnPropertyDescriptor(XRFrame.prototype, 'session')!.get!;

/** The frame's session's page-side core. */
export function coreOfFrame(frame: XRFrame): SessionCore {
  return sessionCoreOf(ReflectApply(frameSession, frame, [])) as SessionCore;
}

/** A space following a detected surface: the local native origin offset by the surface's pose (updated in place). */
export function surfaceSpace(core: SessionCore): SpaceInternals {
  return {
    core,
    native: nativeRef('local'),
    offset: rigid(),
    type: null,
    children: [],
    lastViewerPose: null,
  };
}

/** Writes `pose` into a surface space's offset: the same XRSpace follows the surface as it moves. */
export function moveSurfaceSpace(space: SpaceInternals, pose: ReportedPlane['pose']): void {
  const o = space.offset;
  o[0] = pose.position.x;
  o[1] = pose.position.y;
  o[2] = pose.position.z;
  o[3] = pose.orientation.x;
  o[4] = pose.orientation.y;
  o[5] = pose.orientation.z;
  o[6] = pose.orientation.w;
}

interface PlaneData {
  polygon: readonly DOMPointReadOnly[];
  rawPolygon: ReportedPlane['polygon'];
  orientation: 'horizontal' | 'vertical' | null;
  lastChangedTime: number;
  semanticLabel: string | null;
}

export class XRPlane {
  readonly #space: XRSpace;
  readonly #data: PlaneData;

  constructor(token?: unknown, space?: XRSpace, data?: PlaneData) {
    illegalConstructor(token);
    this.#space = space as XRSpace;
    this.#data = data as PlaneData;
  }

  static dataOf(v: unknown): PlaneData | undefined {
    return typeof v === 'object' && v !== null && #data in v ? v.#data : undefined;
  }

  get planeSpace(): XRSpace {
    if (!XRPlaneInternals.dataOf(this)) illegalInvocation();
    return this.#space;
  }

  get polygon(): readonly DOMPointReadOnly[] {
    const d = XRPlaneInternals.dataOf(this);
    if (!d) illegalInvocation();
    return d.polygon;
  }

  get orientation(): 'horizontal' | 'vertical' | null {
    const d = XRPlaneInternals.dataOf(this);
    if (!d) illegalInvocation();
    return d.orientation;
  }

  get lastChangedTime(): number {
    const d = XRPlaneInternals.dataOf(this);
    if (!d) illegalInvocation();
    return d.lastChangedTime;
  }

  get semanticLabel(): string | null {
    const d = XRPlaneInternals.dataOf(this);
    if (!d) illegalInvocation();
    return d.semanticLabel;
  }
}

idlAttributes(XRPlane, ['planeSpace', 'polygon', 'orientation', 'lastChangedTime', 'semanticLabel']);
toStringTag(XRPlane, 'XRPlane');

/** @internal */
export const XRPlaneInternals = { dataOf: XRPlane.dataOf };
ReflectDeleteProperty(XRPlane, 'dataOf');

export const XRPlaneSet = setlikeInterface<XRPlane>();
export type XRPlaneSet = SetlikeInstance<XRPlane>;
toStringTag(XRPlaneSet, 'XRPlaneSet');

function samePolygon(a: ReportedPlane['polygon'], b: ReportedPlane['polygon']): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i]!.x !== b[i]!.x || a[i]!.z !== b[i]!.z) return false;
  return true;
}

function points(polygon: ReportedPlane['polygon']): readonly DOMPointReadOnly[] {
  const out: DOMPointReadOnly[] = [];
  // spec: the polygon in the plane space, every y 0.
  for (let i = 0; i < polygon.length; i++)
    ArrayPrototypePush(out, makePoint(polygon[i]!.x, 0, polygon[i]!.z, 1));
  return ObjectFreeze(out);
}

interface TrackedPlane {
  readonly plane: XRPlane;
  readonly space: SpaceInternals;
  readonly data: PlaneData;
}

/** A session's set of tracked planes, brought up to date once per frame. */
class TrackedPlanes {
  readonly #core: SessionCore;
  #planes = new SafeMap<number, TrackedPlane>();
  #state: FrameState | null = null;
  #set: XRPlaneSet | null = null;

  constructor(core: SessionCore) {
    this.#core = core;
  }

  // spec(plane-detection): #update-planes (steps 3–4.1 are the user agent's), with #create-plane-object
  // and #update-plane-object.
  setFor(state: FrameState): XRPlaneSet {
    if (this.#state === state && this.#set !== null) return this.#set;
    const reported = state.data.world?.planes ?? [];
    const next = new SafeMap<number, TrackedPlane>();
    const list: XRPlane[] = [];
    for (let i = 0; i < reported.length; i++) {
      const r = reported[i]!;
      let t = this.#planes.get(r.id);
      if (t === undefined) {
        // #create-plane-object: a new XRPlane with its own space.
        const space = surfaceSpace(this.#core);
        const data: PlaneData = {
          polygon: points(r.polygon),
          rawPolygon: r.polygon,
          orientation: r.orientation,
          lastChangedTime: state.time,
          semanticLabel: r.semanticLabel,
        };
        t = { plane: new XRPlane(INTERNAL, createSpace(space), data), space, data };
      } else if (
        // #update-plane-object: lastChangedTime moves only when an attribute changed (not the pose).
        !samePolygon(t.data.rawPolygon, r.polygon) ||
        t.data.orientation !== r.orientation ||
        t.data.semanticLabel !== r.semanticLabel
      ) {
        t.data.polygon = points(r.polygon);
        t.data.rawPolygon = r.polygon;
        t.data.orientation = r.orientation;
        t.data.semanticLabel = r.semanticLabel;
        t.data.lastChangedTime = state.time;
      }
      moveSurfaceSpace(t.space, r.pose);
      next.set(r.id, t);
      ArrayPrototypePush(list, t.plane);
    }
    // Step 5: planes neither created nor updated are no longer tracked.
    this.#planes = next;
    this.#state = state;
    this.#set = new XRPlaneSet(INTERNAL, list);
    return this.#set;
  }
}

/** What a session keeps of one kind of detected surface between frames. */
export interface TrackedSurfaces<S> {
  setFor(state: FrameState): S;
}

/**
 * The getter of XRFrame.detectedPlanes / detectedMeshes for `feature`: null when the feature is not
 * enabled (nothing of the room: what Chromium gives, and what three.js's frame loop tests for in
 * every AR frame, `if (frame.detectedPlanes)`); an inactive frame still throws; else the session's
 * set for this frame (`make` starts the session's tracking on first use).
 */
export function detectedSurfaces<S>(
  self: unknown,
  feature: 'plane-detection' | 'mesh-detection',
  tracked: SafeWeakMap<SessionCore, TrackedSurfaces<S>>,
  make: (core: SessionCore) => TrackedSurfaces<S>,
): S | null {
  if (!XRFrameInternals.is(self)) illegalInvocation();
  const frame = self as unknown as XRFrame;
  const core = coreOfFrame(frame);
  const d = detectedSurfacesMayBeRead({
    feature,
    enabledFeatures: core.enabledFeatures,
    frameActive: XRFrameInternals.isActive(frame) && !core.ended,
  });
  if (!d.allowed && d.error?.name === 'NotSupportedError') return null;
  if (!d.allowed) throw errorFromDecision(d);
  let t = tracked.get(core);
  if (t === undefined) {
    t = make(core);
    tracked.set(core, t);
  }
  return t.setFor(XRFrameInternals.stateOf(frame));
}

const tracked = new SafeWeakMap<SessionCore, TrackedSurfaces<XRPlaneSet>>();

defineAttributes(XRFrame.prototype, {
  // spec(plane-detection): #dom-xrframe-detectedplanes
  get detectedPlanes(): XRPlaneSet | null {
    return detectedSurfaces(this, 'plane-detection', tracked, (core) => new TrackedPlanes(core));
  },
});

defineOperations(XRSession.prototype, {
  // spec(plane-detection): #dom-xrsession-initiateroomcapture (once per session; the user agent decides)
  initiateRoomCapture(this: unknown): Promise<undefined> {
    try {
      const core = sessionCoreOf(this);
      if (!core) illegalInvocation();
      return new Promise<undefined>((resolve, reject) => {
        const settle = core.track(reject);
        PromisePrototypeThen(core.port.initiateRoomCapture(core.id), (r) => {
          if (!settle()) return;
          if (!r.ok) reject(errorFromReply(r));
          else resolve(undefined);
        });
      });
    } catch (e) {
      return rejected(e);
    }
  },
});
