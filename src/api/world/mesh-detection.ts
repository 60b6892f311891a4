// spec(mesh-detection): WebXR Mesh Detection Module (immersive-web/real-world-meshing)
//
// [SecureContext, Exposed=Window] interface XRMesh {
//   [SameObject] readonly attribute XRSpace meshSpace;
//   readonly attribute Float32Array vertices;  (x, y, z triples, in meshSpace)
//   readonly attribute Uint32Array indices;
//   readonly attribute DOMHighResTimeStamp lastChangedTime;
//   readonly attribute DOMString? semanticLabel; };
// [SecureContext, Exposed=Window] interface XRMeshSet { readonly setlike<XRMesh>; };
// partial interface XRFrame { readonly attribute XRMeshSet? detectedMeshes; (null when not enabled) };
//
// The meshes come in each frame's data as the user agent reported them (src/policy/mesh-detection.ts:
// in range, quantized, geometry only, per-session ids, only while visible).

import type { ReportedMesh } from '../../policy/mesh-detection.js';
import {
  ArrayPrototypePush,
  Float32Array,
  Float32ArrayPrototypeSet,
  ReflectDeleteProperty,
  SafeMap,
  SafeWeakMap,
  Uint32Array,
} from '../../primordials.js';
import type { SessionCore } from '../session-core.js';
import { INTERNAL, idlAttributes, illegalConstructor, illegalInvocation, toStringTag } from '../webidl.js';
import { type FrameState, XRFrame } from '../XRFrame.js';
import { createSpace, type SpaceInternals, type XRSpace } from '../XRSpace.js';
import { defineAttributes } from './partial.js';
import { detectedSurfaces, moveSurfaceSpace, surfaceSpace, type TrackedSurfaces } from './plane-detection.js';
import { type SetlikeInstance, setlikeInterface } from './surface-set.js';

interface MeshData {
  vertices: Float32Array;
  indices: Uint32Array;
  raw: ReportedMesh | null;
  lastChangedTime: number;
  semanticLabel: string | null;
}

export class XRMesh {
  readonly #space: XRSpace;
  readonly #data: MeshData;

  constructor(token?: unknown, space?: XRSpace, data?: MeshData) {
    illegalConstructor(token);
    this.#space = space as XRSpace;
    this.#data = data as MeshData;
  }

  static dataOf(v: unknown): MeshData | undefined {
    return typeof v === 'object' && v !== null && #data in v ? v.#data : undefined;
  }

  get meshSpace(): XRSpace {
    if (!XRMeshInternals.dataOf(this)) illegalInvocation();
    return this.#space;
  }

  get vertices(): Float32Array {
    const d = XRMeshInternals.dataOf(this);
    if (!d) illegalInvocation();
    return d.vertices;
  }

  get indices(): Uint32Array {
    const d = XRMeshInternals.dataOf(this);
    if (!d) illegalInvocation();
    return d.indices;
  }

  get lastChangedTime(): number {
    const d = XRMeshInternals.dataOf(this);
    if (!d) illegalInvocation();
    return d.lastChangedTime;
  }

  get semanticLabel(): string | null {
    const d = XRMeshInternals.dataOf(this);
    if (!d) illegalInvocation();
    return d.semanticLabel;
  }
}

idlAttributes(XRMesh, ['meshSpace', 'vertices', 'indices', 'lastChangedTime', 'semanticLabel']);
toStringTag(XRMesh, 'XRMesh');

/** @internal */
export const XRMeshInternals = { dataOf: XRMesh.dataOf };
ReflectDeleteProperty(XRMesh, 'dataOf');

export const XRMeshSet = setlikeInterface<XRMesh>();
export type XRMeshSet = SetlikeInstance<XRMesh>;
toStringTag(XRMeshSet, 'XRMeshSet');

function sameNumbers(a: readonly number[], b: readonly number[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function float32(list: readonly number[]): Float32Array {
  const out = new Float32Array(list.length);
  Float32ArrayPrototypeSet(out, list);
  return out;
}

function uint32(list: readonly number[]): Uint32Array {
  const out = new Uint32Array(list.length);
  for (let i = 0; i < list.length; i++) out[i] = list[i]!;
  return out;
}

interface TrackedMesh {
  readonly mesh: XRMesh;
  readonly space: SpaceInternals;
  readonly data: MeshData;
}

class TrackedMeshes {
  readonly #core: SessionCore;
  #meshes = new SafeMap<number, TrackedMesh>();
  #state: FrameState | null = null;
  #set: XRMeshSet | null = null;

  constructor(core: SessionCore) {
    this.#core = core;
  }

  setFor(state: FrameState): XRMeshSet {
    if (this.#state === state && this.#set !== null) return this.#set;
    const reported = state.data.world?.meshes ?? [];
    const next = new SafeMap<number, TrackedMesh>();
    const list: XRMesh[] = [];
    for (let i = 0; i < reported.length; i++) {
      const r = reported[i]!;
      let t = this.#meshes.get(r.id);
      if (t === undefined) {
        const space = surfaceSpace(this.#core);
        const data: MeshData = {
          vertices: float32(r.vertices),
          indices: uint32(r.indices),
          raw: r,
          lastChangedTime: state.time,
          semanticLabel: r.semanticLabel,
        };
        t = { mesh: new XRMesh(INTERNAL, createSpace(space), data), space, data };
      } else {
        const old = t.data.raw as ReportedMesh;
        if (
          !sameNumbers(old.vertices, r.vertices) ||
          !sameNumbers(old.indices, r.indices) ||
          t.data.semanticLabel !== r.semanticLabel
        ) {
          t.data.vertices = float32(r.vertices);
          t.data.indices = uint32(r.indices);
          t.data.semanticLabel = r.semanticLabel;
          t.data.lastChangedTime = state.time;
        }
        t.data.raw = r;
      }
      moveSurfaceSpace(t.space, r.pose);
      next.set(r.id, t);
      ArrayPrototypePush(list, t.mesh);
    }
    this.#meshes = next;
    this.#state = state;
    this.#set = new XRMeshSet(INTERNAL, list);
    return this.#set;
  }
}

const tracked = new SafeWeakMap<SessionCore, TrackedSurfaces<XRMeshSet>>();

defineAttributes(XRFrame.prototype, {
  // spec(mesh-detection): #dom-xrframe-detectedmeshes
  get detectedMeshes(): XRMeshSet | null {
    return detectedSurfaces(this, 'mesh-detection', tracked, (core) => new TrackedMeshes(core));
  },
});
