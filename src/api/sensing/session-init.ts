// XRSessionInit's depthSensing member (Depth Sensing Module), converted in the page's realm as
// WebIDL converts a dictionary: a missing required member or a value outside its enum rejects
// requestSession() with a TypeError, whatever the features asked (R-SESSION-01, R-DEPTH-01).

import { allow, type Decision, deny } from '../../policy/decision.js';
import { convertDepthStateInit, type DepthStateInit } from '../../policy/depth-sensing.js';
import { describe, readProperty } from '../../policy/input.js';
import { StringPrototypeSlice, StringPrototypeStartsWith } from '../../primordials.js';

export function convertSessionDepthSensing(
  options: unknown,
  maxListLength: number,
): Decision<DepthStateInit | undefined> {
  try {
    const value =
      options === null || options === undefined ? undefined : readProperty(options, 'depthSensing');
    return allow('depthSensing converted', 'R-DEPTH-01', convertDepthStateInit(value, maxListLength));
  } catch (e) {
    const text = describe(e);
    return deny('TypeError', {
      action: 'requestSession()',
      reason: StringPrototypeStartsWith(text, 'TypeError: ') ? StringPrototypeSlice(text, 11) : text,
      fix: 'depthSensing needs usagePreference and dataFormatPreference (lists of XRDepthUsage and XRDepthDataFormat).',
      requirement: 'R-DEPTH-01',
    });
  }
}
