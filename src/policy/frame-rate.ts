// The session's frame rate (spec #dom-xrsession-updatetargetframerate, L745–760).

import { ArrayPrototypeIncludes, ArrayPrototypeJoin, String } from '../primordials.js';
import { allow, type Decision, deny } from './decision.js';

export interface FrameRateRequest {
  readonly immersive: boolean;
  readonly ended: boolean;
  /** The device's supported rates; null: the session has no nominal frame rate. */
  readonly supportedFrameRates: readonly number[] | null;
  readonly rate: number;
}

/**
 * May the session's target frame rate become `rate`? Ended sessions and sessions without a nominal
 * frame rate reject with InvalidStateError (R-LIFE-07); a rate the device does not list is a plain
 * TypeError (AMB-27).
 */
// spec: #dom-xrsession-updatetargetframerate steps 1–3; R-LIFE-07, AMB-27
export function frameRateChangeIsAllowed(req: FrameRateRequest): Decision<number> {
  const action = `updateTargetFrameRate(${String(req.rate)})`;
  if (req.ended) {
    return deny('InvalidStateError', {
      action,
      reason: 'the session has ended',
      requirement: 'R-LIFE-07',
    });
  }
  const rates = req.immersive ? req.supportedFrameRates : null;
  if (!rates) {
    return deny('InvalidStateError', {
      action,
      reason:
        "the session has no frame rate the page can choose (inline sessions, a device without supportedFrameRates, or frames that follow the page's display)",
      fix: 'Check session.supportedFrameRates first: null means the rate cannot be changed.',
      requirement: 'R-LIFE-07',
    });
  }
  if (!ArrayPrototypeIncludes(rates, req.rate)) {
    return deny('TypeError', {
      action,
      reason: `${String(req.rate)} is not in supportedFrameRates (${ArrayPrototypeJoin(rates, ', ')})`,
      fix: 'Pick one of session.supportedFrameRates.',
      requirement: 'AMB-27',
    });
  }
  return allow(`the target frame rate may become ${req.rate}`, 'AMB-27', req.rate);
}
