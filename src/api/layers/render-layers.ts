// spec(layers): #update-layers-state-for-layers — the `layers` member of updateRenderState — and
// the render state's layers at each XR animation frame: the opaque framebuffers of XRWebGLLayers
// among them, the pending "needsRedraw = false" of getSubImage, and the composition into the
// in-page presentation (compositor.ts). Spec: webxrlayers-1.bs @ 0d61133.

import type { Denied } from '../../policy/decision.js';
import { layersUpdateIsAllowed } from '../../policy/layers.js';
import { ArrayPrototypeIndexOf, ObjectFreeze, SafeSet } from '../../primordials.js';
import { convertSequence, errorFromDecision } from '../webidl.js';
import { XRWebGLLayerInternals } from '../XRWebGLLayer.js';
import { XRCompositionLayerInternals } from './XRCompositionLayer.js';
import { isXRLayer } from './XRLayerEvent.js';

/** The render state's layers when there are none (one frozen array, shared). */
export const EMPTY_LAYERS: readonly object[] = ObjectFreeze([]);

export interface PendingLayersHost {
  readonly session: object;
  readonly granted: { has(feature: string): boolean };
  reportRefusal(action: string, refusal: Denied): void;
}

/** The session an XRLayer was made for. */
export function layerSession(layer: object): object | null {
  if (XRWebGLLayerInternals.is(layer)) return XRWebGLLayerInternals.sessionOf(layer);
  if (XRCompositionLayerInternals.is(layer)) return XRCompositionLayerInternals.recordOf(layer).session;
  return null;
}

/**
 * The steps of "update the pending layers state" that check `layers`: undefined when the member
 * is absent, else the new layers (frozen), or the refusal thrown (recorded in the audit log).
 */
export function pendingLayers(
  host: PendingLayersHost,
  baseLayer: unknown,
  rawLayers: unknown,
): readonly object[] | undefined {
  const layersSet = rawLayers !== undefined;
  // WebIDL: sequence<XRLayer>.
  const list = layersSet
    ? convertSequence(rawLayers, 'updateRenderState: layers', 1, (v) => (isXRLayer(v) ? v : undefined))
    : [];
  let duplicateAt = -1;
  let foreignAt = -1;
  const seen = new SafeSet<object>();
  for (let i = 0; i < list.length; i++) {
    const l = list[i]!;
    if (duplicateAt < 0 && seen.has(l)) duplicateAt = i;
    seen.add(l);
    if (foreignAt < 0 && layerSession(l) !== host.session) foreignAt = i;
  }
  const d = layersUpdateIsAllowed({
    baseLayerSet: baseLayer !== undefined && baseLayer !== null,
    layersSet,
    count: list.length,
    layersEnabled: host.granted.has('layers'),
    duplicateAt,
    foreignAt,
  });
  if (!d.allowed) {
    host.reportRefusal('updateRenderState', d);
    throw errorFromDecision(d);
  }
  if (!layersSet) return undefined;
  return list.length === 0 ? EMPTY_LAYERS : ObjectFreeze(list);
}

/** The XRWebGLLayers among `layers` (their opaque framebuffers are drawable during the frame). */
export function webglLayersOf(layers: readonly object[]): object[] {
  const out: object[] = [];
  for (let i = 0; i < layers.length; i++) {
    const l = layers[i]!;
    if (XRWebGLLayerInternals.is(l)) out[out.length] = l;
  }
  return out;
}

/** Is `layer` in `layers`? */
export function hasLayer(layers: readonly object[], layer: object): boolean {
  return ArrayPrototypeIndexOf(layers, layer) >= 0;
}
