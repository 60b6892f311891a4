// The session operations an XRWebGLLayer needs, looked up by the XRSession object. Kept apart from
// session-core.ts so that the layer, the render state and the session core import no cycle.

import type { SessionFrameData } from '../agent/protocol.js';
import type { Denied } from '../policy/decision.js';
import { SafeWeakMap } from '../primordials.js';
import type { XRView } from './XRView.js';

export interface LayerSession {
  readonly ended: boolean;
  readonly immersive: boolean;
  maxFramebufferScale(): number;
  nativeFramebufferSize(): { width: number; height: number };
  ownsView(view: XRView): boolean;
  inAnimationFrame(frameId: number): boolean;
  viewCount(): number;
  // The Layers module (src/api/layers): the features, views and render state its checks read.
  readonly granted: { has(feature: string): boolean };
  readonly latest: SessionFrameData;
  /** The active XRRenderState (typed loosely: this module imports no interface, to keep clear of cycles). */
  readonly renderState: object;
  /** Records a refusal the page side applied in the audit log (DocumentPort.report). */
  reportRefusal(action: string, refusal: Denied): void;
}

const sessions = new SafeWeakMap<object, LayerSession>();

export function registerLayerSession(session: object, core: LayerSession): void {
  sessions.set(session, core);
}

export function layerSessionOf(session: unknown): LayerSession | undefined {
  return typeof session === 'object' && session !== null ? sessions.get(session) : undefined;
}
