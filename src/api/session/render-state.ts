// The render state of one session: the active XRRenderState, and the values updateRenderState set
// that the next animation frame applies ("pending render state").

import type { Denied } from '../../policy/decision.js';
import { Boolean, MathMax, MathMin, MathPI, Number } from '../../primordials.js';
import { EMPTY_LAYERS, pendingLayers } from '../layers/render-layers.js';
import { domException, INTERNAL } from '../webidl.js';
import { type RenderStateValues, XRRenderState, XRRenderStateInternals } from '../XRRenderState.js';
import { type XRWebGLLayer, XRWebGLLayerInternals } from '../XRWebGLLayer.js';

/** What the render state needs from its session. */
export interface RenderStateHost {
  readonly session: object;
  readonly immersive: boolean;
  readonly ended: boolean;
  // spec(layers): the 'layers' feature and the audit log, for the layers member.
  readonly granted: { has(feature: string): boolean };
  reportRefusal(action: string, refusal: Denied): void;
}

function layerSessionOf(layer: unknown): object | null {
  return XRWebGLLayerInternals.is(layer) ? XRWebGLLayerInternals.sessionOf(layer) : null;
}

export class SessionRenderState {
  readonly #host: RenderStateHost;
  #active: XRRenderState;
  #pending: RenderStateValues | null = null;

  constructor(host: RenderStateHost) {
    this.#host = host;
    // spec: #initialize-the-render-state
    this.#active = new XRRenderState(INTERNAL, {
      depthNear: 0.1,
      depthFar: 1000,
      passthroughFullyObscured: null,
      inlineVerticalFieldOfView: host.immersive ? null : MathPI * 0.5,
      baseLayer: null,
      layers: EMPTY_LAYERS,
    });
  }

  /** The active render state (a new object each time a pending one is applied). */
  get active(): XRRenderState {
    return this.#active;
  }

  /** spec(layers): the active render state's layers (composited in order at each frame's end). */
  get layers(): readonly object[] {
    return XRRenderStateInternals.values(this.#active).layers;
  }

  /** The active render state's base layer. */
  get baseLayer(): XRWebGLLayer | null {
    return XRRenderStateInternals.values(this.#active).baseLayer;
  }

  // spec: #dom-xrsession-updaterenderstate
  update(init: Record<string, unknown>): void {
    const host = this.#host;
    if (host.ended) {
      throw domException('InvalidStateError', 'updateRenderState: the session has ended [R-LIFE-07]');
    }
    const base = init.baseLayer;
    if (base !== undefined && base !== null) {
      const layerSession = layerSessionOf(base);
      if (layerSession !== host.session) {
        throw domException(
          'InvalidStateError',
          'updateRenderState: the baseLayer was created for another session',
        );
      }
    }
    if (
      init.inlineVerticalFieldOfView !== undefined &&
      init.inlineVerticalFieldOfView !== null &&
      host.immersive
    ) {
      throw domException(
        'InvalidStateError',
        'updateRenderState: inlineVerticalFieldOfView is only for inline sessions',
      );
    }
    // spec(layers): #update-layers-state-for-layers ("update the pending layers state").
    const layers = pendingLayers(host, init.baseLayer, init.layers);
    const cur = this.#pending ?? { ...XRRenderStateInternals.values(this.#active) };
    const next: RenderStateValues = { ...cur };
    if (init.depthNear !== undefined) next.depthNear = Number(init.depthNear);
    if (init.depthFar !== undefined) next.depthFar = Number(init.depthFar);
    if (init.inlineVerticalFieldOfView !== undefined && init.inlineVerticalFieldOfView !== null) {
      next.inlineVerticalFieldOfView = MathMin(
        MathPI - 0.01,
        MathMax(0.01, Number(init.inlineVerticalFieldOfView)),
      );
    }
    if (init.baseLayer !== undefined) next.baseLayer = (init.baseLayer as XRWebGLLayer | null) ?? null;
    // spec(layers): a base layer empties the layers; layers empty the base layer.
    if (init.baseLayer !== undefined && init.baseLayer !== null) next.layers = EMPTY_LAYERS;
    if (layers !== undefined) {
      next.baseLayer = null;
      next.layers = layers;
    }
    if (init.passthroughFullyObscured !== undefined)
      next.passthroughFullyObscured = Boolean(init.passthroughFullyObscured);
    this.#pending = next;
  }

  /** Applies the pending render state, if any (at the start of an animation frame). */
  applyPending(): void {
    if (this.#pending === null) return;
    const v = this.#pending;
    this.#pending = null;
    if (v.depthNear < 0) v.depthNear = 0;
    if (v.depthFar < v.depthNear) v.depthFar = v.depthNear;
    this.#active = new XRRenderState(INTERNAL, v);
  }
}
