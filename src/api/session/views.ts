// The views of one session: one slot per view (its viewport scale and projection, shared by the
// XRView objects of that view), the projections for the render state's depths, the visibility
// masks announced with `visibilitymaskchange`, and the sizes an XRWebGLLayer asks for.

import type { SessionFrameData } from '../../agent/protocol.js';
import { projectionFromFov } from '../../device/projection.js';
import type { DeviceView } from '../../device/types.js';
import {
  ArrayPrototypeConcat,
  ArrayPrototypeEvery,
  ArrayPrototypeIncludes,
  ArrayPrototypeMap,
  ArrayPrototypeSlice,
  Float32Array,
  Float32ArrayPrototypeSet,
  MathMax,
  NumberIsNaN,
  ObjectIs,
  Uint32Array,
} from '../../primordials.js';
import { XRVisibilityMaskChangeEvent } from '../events.js';
import { viewsOf } from '../pose-objects.js';
import { type Rigid, rigidFromPose } from '../rigid.js';
import { EventTargetPrototypeDispatchEvent } from '../webidl.js';
import type { FrameState } from '../XRFrame.js';
import { type XRRenderState, XRRenderStateInternals } from '../XRRenderState.js';
import { type ViewSlot, type XRView, XRViewInternals } from '../XRView.js';

/** What the views need from their session. */
export interface ViewsHost {
  readonly session: EventTarget;
  readonly immersive: boolean;
  readonly ended: boolean;
  readonly promiseResolved: boolean;
  /** The current frame's state (id 0 before the first frame). */
  readonly frameState: FrameState;
  /** The latest data the user agent sent (before the first frame: the session's snapshot). */
  readonly latest: SessionFrameData;
  /** The render state in effect: its depths make the projections. */
  readonly renderState: XRRenderState;
}

type VisibilityMask = DeviceView['visibilityMask'];

// %TypedArray%.prototype.set, for any typed array.
const TypedArrayPrototypeSet = Float32ArrayPrototypeSet as unknown as (
  self: Float32Array | Uint32Array,
  src: ArrayLike<number>,
) => void;

/** A new Float32Array with the numbers of `list`, copied by index (not through its iterator). */
function float32From(list: readonly number[]): Float32Array {
  const out = new Float32Array(list.length);
  TypedArrayPrototypeSet(out, list);
  return out;
}

/** A new Uint32Array with the numbers of `list`, copied by index (not through its iterator). */
function uint32From(list: readonly number[]): Uint32Array {
  const out = new Uint32Array(list.length);
  TypedArrayPrototypeSet(out, list);
  return out;
}

function sameMask(a: VisibilityMask, b: VisibilityMask): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  const same = (x: readonly number[], y: readonly number[]) =>
    x.length === y.length && ArrayPrototypeEvery(x, (v, i) => ObjectIs(v, y[i]));
  return same(a.vertices, b.vertices) && same(a.indices, b.indices);
}

/** Two depths give the same projection: equal, or both NaN (as their strings would compare). */
function sameDepth(a: number | null, b: number): boolean {
  return a === b || (a !== null && NumberIsNaN(a) && NumberIsNaN(b));
}

export class Views {
  readonly #host: ViewsHost;
  /** 'secondary-views' was granted (the granted set never changes). */
  readonly #secondaryViews: boolean;
  #slots: ViewSlot[] = [];
  #slotSource: readonly DeviceView[] | null = null;
  #offsets: Rigid[] = [];
  /** The render state and slots #syncProjections last ran for. */
  #projectionState: XRRenderState | null = null;
  #projectionSlots: ViewSlot[] | null = null;
  /** The device views (primary, secondary) whose visibility masks were last announced, and those masks. */
  #maskSource: readonly DeviceView[] | null = null;
  #maskSecondarySource: readonly DeviceView[] | null = null;
  #masks: (VisibilityMask | undefined)[] = [];

  constructor(host: ViewsHost, secondaryViews: boolean) {
    this.#host = host;
    this.#secondaryViews = secondaryViews;
  }

  /** The views of a viewer pose `pose` (frozen), each with its own new transform. */
  views(pose: Rigid, frameId: number): readonly XRView[] {
    const host = this.#host;
    if (this.#slotSource !== host.frameState.data.views || this.#slots.length === 0) {
      this.#syncSlots();
    }
    if (this.#projectionState !== host.renderState || this.#projectionSlots !== this.#slots) {
      this.#syncProjections();
    }
    return viewsOf(pose, this.#offsets, this.#slots, this.#activeViewCount(), frameId);
  }

  ownsView(view: XRView): boolean {
    return ArrayPrototypeIncludes(this.#slots, XRViewInternals.slot(view));
  }

  viewCount(): number {
    return MathMax(1, this.#activeViewCount());
  }

  nativeFramebufferSize(): { width: number; height: number } {
    const views = this.#latestViews();
    let width = 0;
    let height = 0;
    for (let i = 0; i < views.length; i++) {
      const v = views[i]!;
      width += v.resolution.width;
      height = MathMax(height, v.resolution.height);
    }
    return { width: MathMax(1, width), height: MathMax(1, height) };
  }

  /** spec: each view's viewport becomes modifiable again at the start of an animation frame. */
  startAnimationFrame(): void {
    const slots = this.#slots;
    for (let i = 0; i < slots.length; i++) (slots[i] as ViewSlot).modifiable = true;
  }

  /** The views of the latest data the user agent sent (before the first frame: its snapshot). */
  #latestViews(): readonly DeviceView[] {
    const host = this.#host;
    const data = host.frameState.id === 0 ? host.latest : host.frameState.data;
    return data.views.length > 0 ? data.views : host.latest.views;
  }

  #activeViewCount(): number {
    if (!this.#host.immersive) return 1; // R-EXPO-10: inline is mono.
    const data = this.#host.frameState.data;
    return data.views.length + (this.#secondaryViews ? data.secondaryViews.length : 0);
  }

  /** Views with a field of view follow the session's depthNear/depthFar (spec(test) #parse-a-view). */
  #syncProjections(): void {
    const renderState = this.#host.renderState;
    // Nothing to do while the render state and the slots are those of the last sync.
    if (this.#projectionState === renderState && this.#projectionSlots === this.#slots) return;
    this.#projectionState = renderState;
    this.#projectionSlots = this.#slots;
    const rs = XRRenderStateInternals.values(renderState);
    const near = rs.depthNear;
    const far = rs.depthFar;
    const slots = this.#slots;
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i]!;
      if (sameDepth(slot.depthNear, near) && sameDepth(slot.depthFar, far)) continue;
      slot.depthNear = near;
      slot.depthFar = far;
      const fov = slot.device.fieldOfView;
      slot.projection = float32From(fov ? projectionFromFov(fov, near, far) : slot.device.projectionMatrix);
    }
  }

  /** Keeps one slot per view (and its offset) while the views the user agent sent are unchanged. */
  #syncSlots(): void {
    const host = this.#host;
    const data = host.frameState.data;
    if (this.#slotSource === data.views && this.#slots.length > 0) return;
    this.#slotSource = data.views;
    const all: DeviceView[] = host.immersive
      ? ArrayPrototypeConcat(data.views, this.#secondaryViews ? data.secondaryViews : [])
      : ArrayPrototypeMap(ArrayPrototypeSlice(data.views, 0, 1), (v) => ({ ...v, eye: 'none' as const }));
    const primary = host.immersive ? data.views.length : 1;
    this.#slots = ArrayPrototypeMap(all, (device, index): ViewSlot => {
      const old = this.#slots[index];
      return {
        index,
        device,
        secondary: index >= primary,
        requestedScale: old?.requestedScale ?? null,
        currentScale: old?.currentScale ?? 1,
        modifiable: true,
        projection: float32From(device.projectionMatrix),
        depthNear: null,
        depthFar: null,
      };
    });
    // (The offsets come anonymized from the user agent: R-POSE-11/20, AMB-18.)
    this.#offsets = ArrayPrototypeMap(all, (v) => rigidFromPose(v.viewOffset));
  }

  /**
   * spec: #event-types visibilitymaskchange: one event per view whose visible region changed since
   * the last announcement (a view that has lost its mask announces empty lists: the whole view).
   * Immersive sessions only (an inline view is the page's canvas), after requestSession resolved.
   * Secondary views count when 'secondary-views' is enabled. Nothing is announced while `data`
   * has the views last announced.
   */
  announceVisibilityMasks(data: SessionFrameData): void {
    const primary = data.views;
    const secondary = data.secondaryViews;
    if (primary === this.#maskSource && secondary === this.#maskSecondarySource) return;
    const host = this.#host;
    if (!host.immersive || !host.promiseResolved) return;
    this.#maskSource = primary;
    this.#maskSecondarySource = secondary;
    // The index is an offset into the session's list of views: the primary views, then the
    // secondary ones when 'secondary-views' is enabled (R-FEAT-13).
    const views = this.#secondaryViews ? ArrayPrototypeConcat(primary, secondary) : primary;
    const previous = this.#masks;
    this.#masks = ArrayPrototypeMap(views, (v) => v.visibilityMask);
    for (let i = 0; i < views.length; i++) {
      const view = views[i] as DeviceView;
      const mask = view.visibilityMask;
      const before = previous[i];
      if (sameMask(mask, before)) continue;
      EventTargetPrototypeDispatchEvent(
        host.session,
        new XRVisibilityMaskChangeEvent('visibilitymaskchange', {
          session: host.session,
          eye: view.eye,
          index: i,
          vertices: float32From(mask?.vertices ?? []),
          indices: uint32From(mask?.indices ?? []),
        }),
      );
      if (host.ended) return;
    }
  }
}
