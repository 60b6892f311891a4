// What the Depth Sensing and Raw Camera Access interfaces need of a session's page side, looked up
// by the XRSession object (kept apart from session-core.ts, which implements it, so that these
// modules and the session core import no cycle).

import type { SessionFrameData } from '../../agent/protocol.js';
import type { DepthConfiguration } from '../../policy/depth-sensing.js';
import { ArrayPrototypePush, SafeSet, SafeWeakMap } from '../../primordials.js';

export interface SensingSession {
  readonly session: object;
  readonly ended: boolean;
  readonly granted: { has(feature: string): boolean };
  /** The session's depth configuration; null: 'depth-sensing' is not enabled. */
  readonly depthConfiguration: DepthConfiguration | null;
  /** The depth sensing active state (spec(depth) "depth sensing active state"). */
  readonly depthActive: boolean;
  /** pause/resume: the page side's state now, and the user agent told (R-DEPTH-03). */
  setDepthActive(active: boolean): void;
  /** Is `frameId` the animation frame whose callbacks are running? */
  inAnimationFrame(frameId: number): boolean;
  /** The id of the session's current animation frame (spec "the session's animation frame"). */
  readonly currentFrameId: number;
  /** The data the user agent sent for frame `frameId`, while it is the running animation frame. */
  animationFrameData(frameId: number): SessionFrameData | null;
  /** Does `view` (an XRView) belong to this session? */
  ownsView(view: object): boolean;
}

const sessions = new SafeWeakMap<object, SensingSession>();

/** The live sessions of this realm (an XRView knows its slot, not its session). */
const live = new SafeSet<SensingSession>();

export function registerSensingSession(session: object, core: SensingSession): void {
  sessions.set(session, core);
  live.add(core);
}

/** The session `view` (an XRView) belongs to, while it lives; undefined otherwise. */
export function sensingSessionOfView(view: object): SensingSession | undefined {
  let found: SensingSession | undefined;
  const ended: SensingSession[] = [];
  live.forEach((s) => {
    if (s.ended) ArrayPrototypePush(ended, s);
    else if (found === undefined && s.ownsView(view)) found = s;
  });
  for (let i = 0; i < ended.length; i++) live.delete(ended[i]!);
  return found;
}

export function sensingSessionOf(session: unknown): SensingSession | undefined {
  return typeof session === 'object' && session !== null ? sessions.get(session) : undefined;
}
