// The session operations an XRWebGLLayer needs, looked up by the XRSession object. Kept apart from
// session-core.ts so that the layer, the render state and the session core import no cycle.

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
}

const sessions = new SafeWeakMap<object, LayerSession>();

export function registerLayerSession(session: object, core: LayerSession): void {
  sessions.set(session, core);
}

export function layerSessionOf(session: unknown): LayerSession | undefined {
  return typeof session === 'object' && session !== null ? sessions.get(session) : undefined;
}
