// The user-agent side of a session's room sensing: its hit test sources and what the device's
// environment gives each frame (hit test results, detected planes, detected meshes), adjusted by
// src/policy before anything crosses to the page. The page side names a source only by the id
// this side gave it; results are computed here, along the rays of the session's own active
// sources, and only while the session is visible (R-HIT-04, R-PLANE-03, R-MESH-03).
// spec(hit-test) #compute-hit-test-results; spec(plane-detection) #update-planes.

import { castRay, hitPose } from '../device/environment.js';
import type { RigidPose, XRDeviceBackend } from '../device/types.js';
import type { Environment } from '../device/world-types.js';
import { allow, type Decision, deny } from '../policy/decision.js';
import {
  hitTestLimits,
  hitTestPoseLimit,
  hitTestResultsMayBeReported,
  hitTestSourceRequestIsAllowed,
  hitTestTrackableTypes,
  type ReportedHitPose,
  reportedHitResult,
  transientSourceMatches,
  withinPoseLimit,
  type XRHitTestTrackableType,
} from '../policy/hit-test.js';
import { meshWithinRange, type ReportedMesh, reportedMesh } from '../policy/mesh-detection.js';
import {
  planeWithinRange,
  type ReportedPlane,
  reportedPlane,
  worldGeometryMayBeReported,
  worldSensingLimits,
} from '../policy/plane-detection.js';
import type { VisibilityState } from '../policy/poses.js';
import type { UAProfile } from '../policy/profile.js';
import {
  ArrayIsArray,
  ArrayPrototypeIncludes,
  ArrayPrototypePush,
  MathSqrt,
  NumberIsFinite,
  ObjectFreeze,
  SafeMap,
  SafeWeakMap,
  String,
} from '../primordials.js';
import type { HitTestSourceMessage, PageInputSource, PageWorldData } from './protocol.js';

const EMPTY: readonly never[] = ObjectFreeze([]);

/** The native origins a hit test source's ray may follow (the page side's XRSpace kinds). */
type NativeKind = 'viewer' | 'local' | 'floor' | 'unbounded' | 'pointer' | 'grip';
const nativeKinds: readonly string[] = ObjectFreeze([
  'viewer',
  'local',
  'floor',
  'unbounded',
  'pointer',
  'grip',
]);

interface Source {
  readonly id: number;
  readonly transient: boolean;
  readonly kind: NativeKind | null;
  readonly sourceId: number;
  readonly profile: string;
  readonly entityTypes: readonly XRHitTestTrackableType[];
  /** The ray in the native origin's coordinates: origin x, y, z, unit direction x, y, z. */
  readonly ray: readonly [number, number, number, number, number, number];
}

/** What WorldSensing needs of its session. */
export interface WorldSensingOwner {
  readonly device: XRDeviceBackend;
  readonly profile: UAProfile;
  readonly ended: boolean;
  hasFeature(feature: string): boolean;
  grantedList(): readonly string[];
  record<D extends Decision<unknown>>(action: string, d: D): D;
}

/** This frame's facts the sensing needs, as reported to the page (already adjusted). */
export interface WorldFrameFacts {
  readonly visibility: VisibilityState;
  readonly viewer: RigidPose | null;
  readonly floor: RigidPose;
  readonly inputSources: readonly PageInputSource[];
}

function rotate(q: RigidPose['orientation'], x: number, y: number, z: number): [number, number, number] {
  const tx = 2 * (q.y * z - q.z * y);
  const ty = 2 * (q.z * x - q.x * z);
  const tz = 2 * (q.x * y - q.y * x);
  return [
    x + q.w * tx + (q.y * tz - q.z * ty),
    y + q.w * ty + (q.z * tx - q.x * tz),
    z + q.w * tz + (q.x * ty - q.y * tx),
  ];
}

/** The hit test source request's fields, checked again (the page side's message is hostile). */
function readRequest(req: HitTestSourceMessage): Omit<Source, 'id'> | string {
  if (req === null || typeof req !== 'object') return 'the request is not an object';
  const profile = req.profile;
  const transient = profile !== null;
  if (transient && typeof profile !== 'string') return 'profile is not a string';
  const native = req.native;
  let kind: NativeKind | null = null;
  let sourceId = -1;
  if (!transient) {
    if (native === null || typeof native !== 'object') return 'the space is missing';
    if (typeof native.kind !== 'string' || !ArrayPrototypeIncludes(nativeKinds, native.kind)) {
      return `'${String(native.kind)}' is not a space a hit test source can follow`;
    }
    kind = native.kind as NativeKind;
    sourceId = typeof native.sourceId === 'number' ? native.sourceId : -1;
  }
  const types: XRHitTestTrackableType[] = [];
  const rawTypes = req.entityTypes;
  if (!ArrayIsArray(rawTypes)) return 'entityTypes is not a list';
  for (let i = 0; i < rawTypes.length && i < 8; i++) {
    const t = rawTypes[i];
    if (typeof t === 'string' && ArrayPrototypeIncludes(hitTestTrackableTypes, t)) {
      ArrayPrototypePush(types, t as XRHitTestTrackableType);
    }
  }
  const r = req.ray;
  if (!ArrayIsArray(r) || r.length !== 6) return 'the ray is not six numbers';
  for (let i = 0; i < 6; i++)
    if (typeof r[i] !== 'number' || !NumberIsFinite(r[i])) return 'the ray is not finite';
  const l = MathSqrt(r[3]! * r[3]! + r[4]! * r[4]! + r[5]! * r[5]!);
  if (!(l > 0)) return 'the ray has no direction';
  return {
    transient,
    kind,
    sourceId,
    profile: transient ? (profile as string) : '',
    entityTypes: ObjectFreeze(types),
    ray: ObjectFreeze([r[0]!, r[1]!, r[2]!, r[3]! / l, r[4]! / l, r[5]! / l] as const),
  };
}

export class WorldSensing {
  readonly #owner: WorldSensingOwner;
  readonly #sources: SafeMap<number, Source> = new SafeMap();
  #nextSourceId = 1;
  /** Per-session numbers of the device's planes and meshes (R-PLANE-08, R-MESH-07). */
  readonly #surfaceIds: SafeMap<string, number> = new SafeMap();
  #nextSurfaceId = 1;
  #roomCaptured = false;
  /** Each surface's reported geometry (quantized once; the range is checked every frame). */
  readonly #reported: SafeWeakMap<object, ReportedPlane | ReportedMesh | null> = new SafeWeakMap();

  constructor(owner: WorldSensingOwner) {
    this.#owner = owner;
  }

  /** Active hit test sources. */
  get sourceCount(): number {
    return this.#sources.size;
  }

  // spec(hit-test): #dom-xrsession-requesthittestsource (and …ForTransientInput): the decision and
  // #create-a-hit-test-source; the page side makes the object.
  requestHitTestSource(req: HitTestSourceMessage): Decision<number> {
    const owner = this.#owner;
    const transient = req !== null && typeof req === 'object' && req.profile !== null;
    const d = owner.record(
      transient ? 'requestHitTestSourceForTransientInput' : 'requestHitTestSource',
      hitTestSourceRequestIsAllowed(
        {
          enabledFeatures: owner.grantedList(),
          ended: owner.ended,
          activeSources: this.#sources.size,
          transient,
        },
        owner.profile,
      ),
    );
    if (!d.allowed) return d;
    const read = readRequest(req);
    if (typeof read === 'string') {
      return owner.record(
        'requestHitTestSource',
        deny('TypeError', {
          action: transient ? 'requestHitTestSourceForTransientInput()' : 'requestHitTestSource()',
          reason: read,
          requirement: 'R-HIT-01',
        }),
      );
    }
    const id = this.#nextSourceId++;
    this.#sources.set(id, ObjectFreeze({ ...read, id }));
    return allow('hit test source created', 'R-HIT-01', id);
  }

  // spec(hit-test): #cancel-a-hit-test-source step 2 (step 1 is the page side's).
  cancel(id: number): void {
    this.#sources.delete(id);
  }

  /** spec(plane-detection): initiateRoomCapture: once per session (the simulated rooms are set up already). */
  initiateRoomCapture(): Decision {
    if (!this.#owner.hasFeature('plane-detection')) {
      return deny('NotSupportedError', {
        action: 'initiateRoomCapture()',
        reason: "'plane-detection' is not an enabled feature of this session",
        requirement: 'R-PLANE-01',
      });
    }
    if (this.#roomCaptured) {
      return deny('InvalidStateError', {
        action: 'initiateRoomCapture()',
        reason: 'a room capture was already initiated in this session (the spec allows one per session)',
        requirement: 'R-PLANE-01',
      });
    }
    this.#roomCaptured = true;
    return allow('room capture initiated (the simulated room is already set up)', 'R-PLANE-01');
  }

  /** This frame's room sensing for the page, or null when the session senses nothing. */
  frame(facts: WorldFrameFacts): PageWorldData | null {
    const owner = this.#owner;
    const planesOn = owner.hasFeature('plane-detection');
    const meshesOn = owner.hasFeature('mesh-detection');
    if (this.#sources.size === 0 && !planesOn && !meshesOn) return null;
    const env = owner.device.connected ? (owner.device.environment ?? null) : null;
    const visible = worldGeometryMayBeReported(facts.visibility);
    return {
      ...this.#hitTests(env, facts),
      planes: planesOn ? (visible && env ? this.#planes(env, facts.viewer) : EMPTY) : null,
      meshes: meshesOn ? (visible && env ? this.#meshes(env, facts.viewer) : EMPTY) : null,
    };
  }

  #hitTests(
    env: Environment | null,
    facts: WorldFrameFacts,
  ): Pick<PageWorldData, 'hitTest' | 'transientHitTest'> {
    const hitTest: { id: number; results: readonly ReportedHitPose[] }[] = [];
    const transientHitTest: PageWorldData['transientHitTest'][number][] = [];
    if (this.#sources.size === 0) return { hitTest, transientHitTest };
    // R-HIT-04: no results while the session is not visible (every source reports none).
    const may = env !== null && hitTestResultsMayBeReported(facts.visibility);
    this.#sources.forEach((s) => {
      if (!s.transient) {
        const origin = may ? this.#nativeOrigin(s, facts) : null;
        ArrayPrototypePush(hitTest, {
          id: s.id,
          results: origin === null ? EMPTY : this.#cast(env as Environment, origin, s),
        });
        return;
      }
      const inputs: { inputSourceId: number; results: readonly ReportedHitPose[] }[] = [];
      if (may) {
        const list = facts.inputSources;
        for (let i = 0; i < list.length; i++) {
          const input = list[i]!;
          // R-HIT-09: the profiles the page was told.
          if (!transientSourceMatches(s.profile, input.profiles)) continue;
          // A target ray that cannot be located casts nothing (its entry says so: no results).
          if (input.pointerTracked === false) {
            ArrayPrototypePush(inputs, { inputSourceId: input.id, results: EMPTY });
            continue;
          }
          ArrayPrototypePush(inputs, {
            inputSourceId: input.id,
            results: this.#cast(env as Environment, input.pointerOrigin, s),
          });
        }
      }
      ArrayPrototypePush(transientHitTest, { id: s.id, inputs });
    });
    return { hitTest, transientHitTest };
  }

  /** The native origin a source follows this frame, as reported to the page; null while not tracked. */
  #nativeOrigin(s: Source, facts: WorldFrameFacts): RigidPose | null {
    switch (s.kind) {
      case 'viewer':
        return facts.viewer;
      case 'floor':
        return facts.floor;
      case 'pointer':
      case 'grip': {
        const list = facts.inputSources;
        for (let i = 0; i < list.length; i++) {
          const input = list[i]!;
          if (input.id !== s.sourceId) continue;
          if (s.kind === 'grip') return input.gripOrigin;
          return input.pointerTracked === false ? null : input.pointerOrigin;
        }
        return null;
      }
      default:
        // 'local' and 'unbounded': the base space's origin.
        return IDENTITY;
    }
  }

  /** The source's ray from `origin`, cast against the room: the first surface only (R-HIT-05). */
  #cast(env: Environment, origin: RigidPose, s: Source): readonly ReportedHitPose[] {
    const r = s.ray;
    const o = rotate(origin.orientation, r[0], r[1], r[2]);
    const d = rotate(origin.orientation, r[3], r[4], r[5]);
    const from = { x: o[0] + origin.position.x, y: o[1] + origin.position.y, z: o[2] + origin.position.z };
    const dir = { x: d[0], y: d[1], z: d[2] };
    const limits = hitTestLimits(this.#owner.profile);
    // R-HIT-11: nor from a ray whose origin is beyond the limit (two rays from a viewer 20 m away,
    // each ending within 15 m, would place it by triangulation).
    const poseLimit = hitTestPoseLimit(this.#owner.profile, this.#owner.hasFeature('unbounded'));
    if (!withinPoseLimit(from, poseLimit)) return EMPTY;
    const hit = castRay(env, from, dir);
    if (hit === null) return EMPTY;
    const pose = hitPose(dir, hit);
    const reported = reportedHitResult(
      {
        distance: hit.distance,
        entityType: hit.entityType,
        position: pose.position,
        orientation: pose.orientation,
      },
      s.entityTypes,
      limits,
      poseLimit,
    );
    return reported === null ? EMPTY : ObjectFreeze([reported]);
  }

  #surfaceId(key: string): number {
    let id = this.#surfaceIds.get(key);
    if (id === undefined) {
      id = this.#nextSurfaceId++;
      this.#surfaceIds.set(key, id);
    }
    return id;
  }

  // spec(plane-detection): #update-planes steps 3–4.1 (the user agent's part: which planes, and
  // how much of each, the page sees).
  #planes(env: Environment, viewer: RigidPose | null): readonly ReportedPlane[] {
    if (viewer === null) return EMPTY;
    const limits = worldSensingLimits(this.#owner.profile);
    const out: ReportedPlane[] = [];
    const at = viewer.position;
    for (let i = 0; i < env.planes.length; i++) {
      const p = env.planes[i]!;
      const sensed = { pose: p.pose, polygon: p.polygon, orientation: p.orientation, label: p.label };
      // R-PLANE-04: in range this frame; R-PLANE-05..08: its geometry as reported (computed once).
      if (!planeWithinRange(sensed, at, limits.range)) continue;
      let r = this.#reported.get(p) as ReportedPlane | null | undefined;
      if (r === undefined) {
        r = reportedPlane(this.#surfaceId(`plane:${p.id}`), sensed, p.pose.position, limits);
        this.#reported.set(p, r);
      }
      if (r !== null) ArrayPrototypePush(out, r);
    }
    return ObjectFreeze(out);
  }

  #meshes(env: Environment, viewer: RigidPose | null): readonly ReportedMesh[] {
    if (viewer === null) return EMPTY;
    const limits = worldSensingLimits(this.#owner.profile);
    const out: ReportedMesh[] = [];
    const at = viewer.position;
    for (let i = 0; i < env.meshes.length; i++) {
      const m = env.meshes[i]!;
      // Only the room's meshes are detected meshes (the Test API's 'plane'/'point' regions are not).
      if (m.hitType !== undefined && m.hitType !== 'mesh') continue;
      const sensed = { pose: m.pose, vertices: m.vertices, indices: m.indices, label: m.label };
      // R-MESH-04: in range this frame; R-MESH-05..07: its geometry as reported (computed once).
      if (!meshWithinRange(sensed, at, limits.range)) continue;
      let r = this.#reported.get(m) as ReportedMesh | null | undefined;
      if (r === undefined) {
        r = reportedMesh(this.#surfaceId(`mesh:${m.id}`), sensed, null, limits, true);
        this.#reported.set(m, r);
      }
      if (r !== null) ArrayPrototypePush(out, r);
    }
    return ObjectFreeze(out);
  }
}

const IDENTITY: RigidPose = ObjectFreeze({
  position: ObjectFreeze({ x: 0, y: 0, z: 0 }),
  orientation: ObjectFreeze({ x: 0, y: 0, z: 0, w: 1 }),
});
