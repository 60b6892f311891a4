// The poses of one session: native origins in the base space the user agent's data is given in,
// and the pose of one space in another (spec #populate-the-pose), for XRFrame's getPose,
// getViewerPose, getJointPose, fillPoses and fillJointRadii. The pose path allocates nothing but
// the objects the spec returns: input origins are packed once per frame, joints once per frame on
// first use, and every intermediate lives in scratch arrays and objects owned here.

import type { PageInputSource, SessionFrameData } from '../../agent/protocol.js';
import type { ReferenceSpaceType } from '../../policy/features.js';
import type { ReportedHand } from '../../policy/hand-input.js';
import { isLimitedAgainst } from '../../policy/poses.js';
import {
  ArrayPrototypePush,
  Float32Array,
  Float32ArrayPrototypeSet,
  Float64Array,
  NumberNaN,
  SafeMap,
  TypedArrayPrototypeFill,
  TypeError,
} from '../../primordials.js';
import { relativeTransform } from '../pose-objects.js';
import { compose, isIdentity, type Rigid, relative, rigid, rigidFromPose, writeMatrix } from '../rigid.js';
import { domException, errorFromReply, INTERNAL } from '../webidl.js';
import type { FrameOwner, FrameState } from '../XRFrame.js';
import type { XRLightEstimate, XRLightProbe } from '../XRLightProbe.js';
import { XRJointPose, XRPose, XRViewerPose } from '../XRPose.js';
import { transformFrom, XRRigidTransformInternals } from '../XRRigidTransform.js';
import type { NativeRef, SpaceInternals, SpaceOwner } from '../XRSpace.js';
import type { XRView } from '../XRView.js';

/**
 * What the resolver needs from its session. The session is the owner (`core`) of every space it
 * makes: a space belongs to this session when its `core` is this host.
 */
export interface PoseResolverHost extends SpaceOwner {
  readonly session: object;
  readonly ended: boolean;
  /** The current frame's state: its data tells whether poses may be reported in it. */
  readonly frameState: FrameState;
  /** The session's light estimate (XRFrame.getLightEstimate). */
  lightEstimate(state: FrameState, active: boolean, probe: XRLightProbe): XRLightEstimate | null;
  /**
   * DOM Overlays Module: input sources whose poses are withheld now (an action over cross-origin
   * content in the overlay, R-DOM-04); null or absent: none.
   */
  readonly withheldInputs?: { has(id: number): boolean } | null;
}

/** The session's views, which a viewer pose carries. */
export interface ViewerPoseViews {
  /** The views of the viewer pose `pose` (packed), in the frame `frameId`. */
  views(pose: Rigid, frameId: number): readonly XRView[];
}

/** A native origin reference of this session: every one has the same three properties. */
export function nativeRef(kind: NativeRef['kind'], sourceId = -1, joint = -1): NativeRef {
  return { kind, sourceId, joint } as NativeRef;
}

/** An input source's origin (target ray, grip, hand joint): withheld while blurred, keyed by source. */
function isInputOrigin(ref: NativeRef): ref is Extract<NativeRef, { sourceId: number }> {
  const k = ref.kind;
  return k === 'pointer' || k === 'grip' || k === 'joint';
}

/** 0: no pose (null); 1: tracked; 2: emulated position. */
type PoseStatus = 0 | 1 | 2;

/**
 * What #resolve found for one space in one base space (spec #populate-the-pose steps 6–7). With a
 * pose (status 1 or 2), `last` tells whether it is base.lastViewerPose (the viewer's fallback);
 * otherwise the pose is from⁻¹ ∘ to. `from` and `to` are arrays to read, never to write. The
 * object is the resolver's own, filled again by the next #resolve: read it before that.
 */
interface PoseResolution {
  status: PoseStatus;
  last: boolean;
  from: Rigid;
  to: Rigid;
}

/**
 * A native origin in base space as #native found it: null while it is not tracked. `origin` is the
 * frame's own array: read it, never write it.
 */
interface NativeOrigin {
  origin: Rigid | null;
  /** The origin's position is emulated. */
  emulated: boolean;
}

/** An input source's origins in base space, packed once per frame. */
interface PackedInput {
  id: number;
  pointer: Rigid;
  pointerEmulated: boolean;
  /** The target ray is tracked (pointer holds its origin). */
  hasPointer: boolean;
  /** The grip is tracked (grip holds its origin). */
  hasGrip: boolean;
  grip: Rigid;
  gripEmulated: boolean;
  /** The anonymized hand (Hand Input Module), if the source is a tracked hand. */
  hand: ReportedHand | null;
}

function newPackedInput(): PackedInput {
  return {
    id: -1,
    pointer: rigid(),
    pointerEmulated: false,
    hasPointer: true,
    hasGrip: false,
    grip: rigid(),
    gripEmulated: false,
    hand: null,
  };
}

const IDENTITY = rigid();

/**
 * The origin offset of every space the session makes (identity), shared: offsets are only ever
 * read, and the pose path recognises this one without reading it.
 */
const NO_OFFSET = rigid();

/** Is `d` a reference space whose poses are limited (local, local-floor, bounded-floor)? */
function isLimiting(d: SpaceInternals): boolean {
  const t = d.type;
  // null first: the comparisons below then only ever see strings (and stay fast).
  if (t === null) return false;
  return t === 'local' || t === 'local-floor' || t === 'bounded-floor';
}

/** Is `d` a reference space of a type whose feature was revoked? */
function isWithheld(withheld: readonly ReferenceSpaceType[], d: SpaceInternals): boolean {
  const t = d.type;
  if (t === null) return false;
  for (let i = 0; i < withheld.length; i++) if (withheld[i] === t) return true;
  return false;
}

/** Is `d` an anchor's space: a place in the world whose pose relative to every reference space is told? */
function isAnchorSpace(d: SpaceInternals): boolean {
  return d.type === null && (d.native as { kind: string }).kind === 'anchor';
}

const LIMITING_TYPES = ['local', 'local-floor', 'bounded-floor'] as const;

/** Is the native origin `o` limited against any limiting space this frame? */
function limitedAgainstAny(
  limits: NonNullable<SessionFrameData['limits']>,
  o: { kind: string; sourceId?: number; joint?: number; type: string | null },
): boolean {
  for (let i = 0; i < LIMITING_TYPES.length; i++)
    if (isLimitedAgainst(limits, LIMITING_TYPES[i]!, o)) return true;
  return false;
}

/** The user agent's answer for this frame: are the native origins of `space` and `base` limited? */
function limitedBetween(data: SessionFrameData, space: SpaceInternals, base: SpaceInternals): boolean {
  const limits = data.limits;
  if (limits === null) return false;
  const n = space.native as { kind: string; sourceId?: number; joint?: number };
  const m = base.native as { kind: string; sourceId?: number; joint?: number };
  if (isLimiting(space) && isLimitedAgainst(limits, space.type as string, { ...m, type: base.type }))
    return true;
  if (isLimiting(base) && isLimitedAgainst(limits, base.type as string, { ...n, type: space.type }))
    return true;
  // R-SPACE-05 through an anchor: its pose in the reference spaces is told, so an origin too far
  // from one of them (the viewer 20 m from local) is as limited relative to the anchor.
  if (isAnchorSpace(base) && limitedAgainstAny(limits, { ...n, type: space.type })) return true;
  if (isAnchorSpace(space) && limitedAgainstAny(limits, { ...m, type: base.type })) return true;
  return false;
}

/**
 * The pose queries of the session's XRFrames: the resolver is their FrameOwner, so that the pose
 * path has no call in between (the light estimate goes on to the session).
 */
export class PoseResolver implements FrameOwner {
  readonly #host: PoseResolverHost;
  readonly #views: ViewerPoseViews;
  /** The viewer's space (getViewerPose's space). */
  readonly #viewerSpace: SpaceInternals;
  #floorKey: unknown = undefined;
  #floor: Rigid = rigid();
  /** The frame data whose input sources #packedInputs holds, packed. */
  #packedFor: SessionFrameData | null = null;
  #packedInputs: PackedInput[] = [];
  /** Each anchor's native origin, packed once per frame data on first use. */
  readonly #anchorCache = new SafeMap<number, { data: SessionFrameData | null; origin: Rigid }>();
  /** This frame's joint native origins per input source id: 25 arrays, computed on first use. */
  #jointCache = new SafeMap<number, { frame: number; data: SessionFrameData; joints: Rigid[] }>();
  // fillPoses' scratch pose and matrix.
  readonly #fillScratch = rigid();
  readonly #fillMatrix = new Float32Array(16);
  // Scratch (no allocation on the pose path): composed origins, the two native origins, the result.
  readonly #a = rigid();
  readonly #b = rigid();
  readonly #spaceOrigin: NativeOrigin = { origin: null, emulated: false };
  readonly #baseOrigin: NativeOrigin = { origin: null, emulated: false };
  readonly #resolution: PoseResolution = { status: 0, last: false, from: IDENTITY, to: IDENTITY };

  constructor(host: PoseResolverHost, views: ViewerPoseViews) {
    this.#host = host;
    this.#views = views;
    this.#viewerSpace = this.spaceData(nativeRef('viewer'), null);
  }

  get session(): object {
    return this.#host.session;
  }

  /** XRFrame.getLightEstimate: the session answers (a light probe is not a pose). */
  lightEstimate(state: FrameState, active: boolean, probe: XRLightProbe): XRLightEstimate | null {
    return this.#host.lightEstimate(state, active, probe);
  }

  /** The internals of a new space of this session following `native` (its offset: identity). */
  spaceData(native: NativeRef, type: ReferenceSpaceType | null): SpaceInternals {
    return { core: this.#host, native, offset: NO_OFFSET, type, children: [], lastViewerPose: null };
  }

  /** Forgets what was kept for input source `id` (it is gone). */
  forgetInputSource(id: number): void {
    this.#jointCache.delete(id);
  }

  // --- Native origins -------------------------------------------------------------------------

  /** The floor native origin in base space, as the user agent sent it (y rounded, or the estimate). */
  #floorNative(data: SessionFrameData): Rigid {
    if (this.#floorKey !== data.floor) {
      this.#floorKey = data.floor;
      rigidFromPose(data.floor, this.#floor);
    }
    return this.#floor;
  }

  /**
   * Packs the input sources' origins of `data`: once per frame, and again whenever the poses of
   * another frame's data are asked for.
   */
  packInputs(data: SessionFrameData): void {
    this.#packedFor = data;
    const list = data.inputSources;
    let packed = this.#packedInputs;
    if (packed.length !== list.length) {
      packed = [];
      for (let i = 0; i < list.length; i++) ArrayPrototypePush(packed, newPackedInput());
      this.#packedInputs = packed;
    }
    for (let i = 0; i < list.length; i++) {
      const s = list[i] as PageInputSource;
      const e = packed[i] as PackedInput;
      e.id = s.id;
      rigidFromPose(s.pointerOrigin, e.pointer);
      e.pointerEmulated = s.pointerEmulatedPosition;
      e.hasPointer = s.pointerTracked !== false;
      const grip = s.gripOrigin;
      e.hasGrip = !!grip;
      if (grip) rigidFromPose(grip, e.grip);
      e.gripEmulated = s.emulatedPosition;
      e.hand = s.hand ?? null;
    }
  }

  /** The packed input source `id` of `data` (the first with that id), or null. */
  #input(data: SessionFrameData, id: number): PackedInput | null {
    if (data !== this.#packedFor) this.packInputs(data);
    const list = this.#packedInputs;
    for (let i = 0; i < list.length; i++) {
      const s = list[i] as PackedInput;
      if (s.id === id) return s;
    }
    return null;
  }

  /**
   * Fills `out` with the native origin of `ref` in base space (null while it is not tracked) and
   * whether its position is emulated. One store of each field, at the end: the function stays
   * small enough for V8 to inline it twice into #resolve, along with posesMustBeLimitedBetween
   * (a call to it that is not inlined boxes the coordinates: 48 bytes more per getPose in
   * `npm run bench` on Node 20).
   */
  #native(state: FrameState, ref: NativeRef, out: NativeOrigin): NativeOrigin {
    const kind = ref.kind;
    // 'local' and 'unbounded': the base space's origin.
    let origin: Rigid | null = IDENTITY;
    let emulated = false;
    if (kind === 'grip' || kind === 'pointer') {
      const s = this.#input(state.data, ref.sourceId);
      if (s === null) {
        origin = null;
      } else if (kind === 'grip') {
        origin = s.hasGrip ? s.grip : null;
        emulated = s.gripEmulated;
      } else {
        origin = s.hasPointer ? s.pointer : null;
        emulated = s.pointerEmulated;
      }
    } else if (kind === 'floor') {
      origin = this.#floorNative(state.data);
    } else if (kind === 'viewer') {
      origin = state.viewer;
      emulated = state.data.viewerEmulatedPosition;
    } else if (kind === 'joint') {
      return this.#jointNative(state, ref.sourceId, ref.joint, out);
    } else if (kind === 'anchor') {
      return this.#anchorNative(state, ref.sourceId, out);
    }
    out.origin = origin;
    out.emulated = emulated;
    return out;
  }

  // --- Anchors (WebXR Anchors Module) ---------------------------------------------------------

  /**
   * Fills `out` with an anchor's native origin as the user agent reported it in this frame (null:
   * not tracked in this frame, or no longer tracked).
   */
  #anchorNative(state: FrameState, id: number, out: NativeOrigin): NativeOrigin {
    out.origin = null;
    out.emulated = false;
    const list = state.data.anchors;
    if (!list) return out;
    for (let i = 0; i < list.length; i++) {
      const a = list[i]!;
      if (a.id !== id) continue;
      if (a.pose !== null) {
        let cache = this.#anchorCache.get(id);
        if (cache === undefined) {
          cache = { data: null, origin: rigid() };
          this.#anchorCache.set(id, cache);
        }
        if (cache.data !== state.data) {
          rigidFromPose(a.pose, cache.origin);
          cache.data = state.data;
        }
        out.origin = cache.origin;
      }
      return out;
    }
    return out;
  }

  /**
   * The effective origin (native origin ∘ origin offset) of `space` in base space in the frame
   * `state`, written to `out`; null when the space has no pose the page may learn in that frame
   * (poses refused, input poses withheld, its feature revoked, not tracked). For createAnchor.
   */
  effectiveOrigin(state: FrameState, space: SpaceInternals, out: Rigid): Rigid | null {
    const data = state.data;
    if (data.poseRefusal !== null) return null;
    if (isInputOrigin(space.native) && (data.inputPosesWithheld || this.#held(space.native))) return null;
    const withheld = data.withheldSpaces;
    if (withheld !== null && withheld !== undefined && isWithheld(withheld, space)) return null;
    const o = this.#native(state, space.native, this.#spaceOrigin).origin;
    if (o === null) return null;
    return compose(out, o, space.offset);
  }

  /** R-SPACE-05: is the native origin of `space` limited against any reference space in the frame `state`? */
  limitedNow(state: FrameState, space: SpaceInternals): boolean {
    const limits = state.data.limits;
    if (limits === null) return false;
    return limitedAgainstAny(limits, { ...(space.native as { kind: string }), type: space.type });
  }

  /** R-DOM-04: is `ref` an origin of an input source whose poses are withheld now? */
  #held(ref: NativeRef): boolean {
    const held = this.#host.withheldInputs;
    if (held === null || held === undefined || !isInputOrigin(ref)) return false;
    return held.has(ref.sourceId);
  }

  /** Is `space` one of this session's? */
  owns(space: SpaceInternals): boolean {
    return space.core === this.#host;
  }

  // --- Hands (WebXR Hand Input Module) --------------------------------------------------------

  /** Fills `out` with a joint's native origin: the wrist (grip) composed with the reported joint offset. */
  #jointNative(state: FrameState, sourceId: number, joint: number, out: NativeOrigin): NativeOrigin {
    const s = this.#input(state.data, sourceId);
    // (The user agent sent the hand anonymized: spec(hand-input) #privacy-security.)
    const hand = s?.hasGrip ? s.hand : null;
    if (!s || !hand) {
      out.origin = null;
      out.emulated = false;
      return out;
    }
    let cache = this.#jointCache.get(sourceId);
    if (!cache) {
      const joints: Rigid[] = [];
      for (let i = 0; i < 25; i++) ArrayPrototypePush(joints, rigid());
      cache = { frame: -1, data: state.data, joints };
      this.#jointCache.set(sourceId, cache);
    }
    if (cache.frame !== state.id || cache.data !== state.data) {
      for (let i = 0; i < 25; i++) {
        compose(cache.joints[i] as Rigid, s.grip, hand.joints[i] as Rigid);
      }
      cache.frame = state.id;
      cache.data = state.data;
    }
    out.origin = cache.joints[joint] ?? null;
    out.emulated = s.gripEmulated;
    return out;
  }

  /** The radius of a joint as reported, or null when the hand is not tracked. */
  #jointRadius(state: FrameState, sourceId: number, joint: number): number | null {
    const s = this.#input(state.data, sourceId);
    if (!s?.hasGrip || !s.hand) return null;
    return s.hand.radii[joint] ?? null;
  }

  // --- Poses ----------------------------------------------------------------------------------

  /** Resolves the pose of `space` in `base` (spec #populate-the-pose steps 6–7): see PoseResolution. */
  #resolve(state: FrameState, space: SpaceInternals, base: SpaceInternals, force: boolean): PoseResolution {
    const r = this.#resolution;
    r.last = false;
    // AMB-29: the user revoked the feature of one of the two spaces: no pose, not even the last one.
    const withheld = state.data.withheldSpaces;
    if (
      withheld !== null &&
      withheld !== undefined &&
      (isWithheld(withheld, space) || isWithheld(withheld, base))
    ) {
      r.from = IDENTITY;
      r.to = IDENTITY;
      r.status = 0;
      return r;
    }
    const sn = space.native;
    const bn = base.native;
    // R-POSE-19: the same native origin: statically known, never null, never limited.
    if (
      sn.kind === bn.kind &&
      (!isInputOrigin(sn) && (sn as NativeRef).kind !== 'anchor'
        ? true
        : (sn as { sourceId: number }).sourceId === (bn as { sourceId: number }).sourceId &&
          (sn.kind !== 'joint' || (sn as { joint: number }).joint === (bn as { joint: number }).joint))
    ) {
      r.from = base.offset;
      r.to = space.offset;
      r.status = 1;
      return r;
    }
    const sOrigin = this.#native(state, sn, this.#spaceOrigin);
    const bOrigin = this.#native(state, bn, this.#baseOrigin);
    const a = sOrigin.origin;
    const b = bOrigin.origin;
    // spec: #poses-must-be-limited: decided by the user agent for this frame (policy/poses.ts).
    const limited = a !== null && b !== null && limitedBetween(state.data, space, base);
    if (a === null || b === null || limited) {
      r.from = IDENTITY;
      r.to = IDENTITY;
      // R-POSE-06 (c): the viewer pose falls back to the last known one, emulated; else null.
      if (force && base.lastViewerPose) {
        r.last = true;
        r.status = 2;
        return r;
      }
      r.status = 0;
      return r;
    }
    // effective = native ∘ offset; pose = base.effective⁻¹ ∘ space.effective
    const so = space.offset;
    const bo = base.offset;
    r.to = so === NO_OFFSET || isIdentity(so) ? a : compose(this.#a, a, so);
    r.from = bo === NO_OFFSET || isIdentity(bo) ? b : compose(this.#b, b, bo);
    r.status = sOrigin.emulated || bOrigin.emulated ? 2 : 1;
    return r;
  }

  #checkPoseQuery(active: boolean, space: SpaceInternals, base: SpaceInternals): void {
    const host = this.#host;
    // The usual call passes every check: only a call that may fail takes them one by one.
    if (
      !active ||
      host.ended ||
      space.core !== host ||
      base.core !== host ||
      host.frameState.data.poseRefusal !== null
    ) {
      this.#checkPoseQuerySteps(active, space, base);
    }
  }

  #checkPoseQuerySteps(active: boolean, space: SpaceInternals, base: SpaceInternals): void {
    const host = this.#host;
    // spec: #populate-the-pose steps 1–4 (R-POSE-05), in this order (R-POSE-18).
    if (!active || host.ended) {
      throw domException(
        'InvalidStateError',
        'the XRFrame is not active: poses are only read during its callback, never after the session ended [R-POSE-05]',
      );
    }
    if (space.core !== host) {
      throw domException('InvalidStateError', 'the space belongs to another session [R-POSE-05]');
    }
    if (base.core !== host) {
      throw domException('InvalidStateError', 'the base space belongs to another session [R-POSE-05]');
    }
    // Step 4: the user agent decided for this frame whether poses may be reported (R-POSE-02,
    // R-VIS-15: policy/poses.ts posesMayBeReported) and recorded a refusal in its audit log.
    const refused = host.frameState.data.poseRefusal;
    if (refused) throw errorFromReply(refused);
  }

  // spec: #dom-xrframe-getpose
  pose(state: FrameState, active: boolean, space: SpaceInternals, base: SpaceInternals): XRPose | null {
    this.#checkPoseQuery(active, space, base);
    const involvesInput = isInputOrigin(space.native) || isInputOrigin(base.native);
    // R-POSE-05 step 5: the user agent withholds input poses in this frame (blurred).
    if (
      involvesInput &&
      (state.data.inputPosesWithheld || this.#held(space.native) || this.#held(base.native))
    )
      return null;
    const r = this.#resolve(state, space, base, false);
    if (r.status === 0) return null;
    // (Without `force` the pose is never the viewer's fallback.)
    return new XRPose(INTERNAL, relativeTransform(r.from, r.to), r.status === 2);
  }

  // spec(hand-input): #dom-xrframe-getjointpose steps 3–9: the pose of the joint, with its radius.
  jointPose(
    state: FrameState,
    active: boolean,
    joint: SpaceInternals,
    base: SpaceInternals,
  ): XRJointPose | null {
    this.#checkPoseQuery(active, joint, base);
    // A joint is an input source's: withheld while blurred, like every input pose.
    if (state.data.inputPosesWithheld || this.#held(joint.native)) return null;
    const r = this.#resolve(state, joint, base, false);
    if (r.status === 0) return null;
    const ref = joint.native as { sourceId: number; joint: number };
    const radius = this.#jointRadius(state, ref.sourceId, ref.joint);
    if (radius === null) return null;
    return new XRJointPose(INTERNAL, relativeTransform(r.from, r.to), r.status === 2, radius);
  }

  // spec(hand-input): #dom-xrframe-filljointradii steps 3–8 (the caller checked the arguments).
  fillJointRadii(
    state: FrameState,
    active: boolean,
    joints: readonly SpaceInternals[],
    radii: Float32Array,
  ): boolean {
    const host = this.#host;
    if (!active || host.ended) {
      throw domException('InvalidStateError', 'fillJointRadii: the XRFrame is not active [R-POSE-05]');
    }
    for (let i = 0; i < joints.length; i++) {
      if ((joints[i] as SpaceInternals).core !== host)
        throw domException('InvalidStateError', 'fillJointRadii: a joint space belongs to another session');
    }
    if (joints.length > radii.length) {
      throw new TypeError(`fillJointRadii: ${joints.length} joints do not fit in ${radii.length} radii`);
    }
    let allValid = true;
    const withheld = state.data.inputPosesWithheld;
    for (let i = 0; i < joints.length; i++) {
      const ref = (joints[i] as SpaceInternals).native as { sourceId: number; joint: number };
      const r = withheld ? null : this.#jointRadius(state, ref.sourceId, ref.joint);
      radii[i] = r ?? NumberNaN;
      if (r === null) allValid = false;
    }
    return allValid;
  }

  // spec(hand-input): #dom-xrframe-fillposes steps 3–10 (the caller checked the arguments).
  fillPoses(
    state: FrameState,
    active: boolean,
    spaces: readonly SpaceInternals[],
    base: SpaceInternals,
    transforms: Float32Array,
  ): boolean {
    const host = this.#host;
    if (!active || host.ended) {
      throw domException('InvalidStateError', 'fillPoses: the XRFrame is not active [R-POSE-05]');
    }
    for (let i = 0; i < spaces.length; i++) {
      if ((spaces[i] as SpaceInternals).core !== host)
        throw domException('InvalidStateError', 'fillPoses: a space belongs to another session');
    }
    if (base.core !== host)
      throw domException('InvalidStateError', 'fillPoses: the base space belongs to another session');
    if (spaces.length * 16 > transforms.length) {
      throw new TypeError(
        `fillPoses: ${spaces.length} poses need ${spaces.length * 16} floats, the array has ${transforms.length}`,
      );
    }
    // The same rules as getPose (visibility, limits), pose by pose, written straight into
    // `transforms` (the spec lets the UA reuse one pose: xrgate allocates none).
    this.#checkPoseQuery(active, base, base);
    let allValid = true;
    const p = this.#fillScratch;
    const m = this.#fillMatrix;
    for (let i = 0; i < spaces.length; i++) {
      const space = spaces[i] as SpaceInternals;
      const involvesInput = isInputOrigin(space.native) || isInputOrigin(base.native);
      const offset = i * 16;
      const r =
        involvesInput &&
        (state.data.inputPosesWithheld || this.#held(space.native) || this.#held(base.native))
          ? null
          : this.#resolve(state, space, base, false);
      if (r === null || r.status === 0) {
        TypedArrayPrototypeFill(transforms, NumberNaN, offset, offset + 16);
        allValid = false;
        continue;
      }
      relative(p, r.from, r.to);
      writeMatrix(
        m,
        p[0] as number,
        p[1] as number,
        p[2] as number,
        p[3] as number,
        p[4] as number,
        p[5] as number,
        p[6] as number,
      );
      Float32ArrayPrototypeSet(transforms, m, offset);
    }
    return allValid;
  }

  // spec: #dom-xrframe-getviewerpose
  viewerPose(state: FrameState, active: boolean, ref: SpaceInternals): XRViewerPose | null {
    this.#checkPoseQuery(active, this.#viewerSpace, ref);
    const r = this.#resolve(state, this.#viewerSpace, ref, true);
    if (r.status === 0) return null;
    let last = ref.lastViewerPose;
    if (!last) {
      last = new Float64Array(7);
      ref.lastViewerPose = last;
    }
    const transform = r.last ? transformFrom(last) : relativeTransform(r.from, r.to);
    // The pose, packed, is the last one reported in `ref` from now on (and the views' base).
    XRRigidTransformInternals.write(transform, last);
    return new XRViewerPose(INTERNAL, transform, r.status === 2, this.#views.views(last, state.id));
  }
}
