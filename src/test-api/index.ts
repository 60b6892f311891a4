// xrgate/test-api: the WebXR Test API (navigator.xr.test) on any xrgate user agent.

import type { UserAgentSide } from '../agent/user-agent-side.js';
import { INTERNAL, interfaceShape } from '../api/webidl.js';
import { systemCoreOf, XRSystem } from '../api/XRSystem.js';
import { createUserAgent, type UserAgent, type UserAgentOptions } from '../user-agent.js';
import { FakeXRAnchorController } from './anchors.js';
import { FakeXRDevice } from './FakeXRDevice.js';
import { FakeXRInputController } from './FakeXRInputController.js';
import { XrgateTestHooks } from './hooks.js';
import type { TestHost } from './test-host.js';
import { XRTest } from './XRTest.js';

export { FakeXRAnchorController } from './anchors.js';
export { FakeXRDevice } from './FakeXRDevice.js';
export { FakeXRInputController } from './FakeXRInputController.js';
export { XrgateTestHooks } from './hooks.js';
export type {
  FakeXRBoundsPoint,
  FakeXRButtonStateInit,
  FakeXRButtonType,
  FakeXRCameraImage,
  FakeXRDepthConfigurationSupport,
  FakeXRDepthSensingDataInit,
  FakeXRDeviceInit,
  FakeXRDeviceResolution,
  FakeXRFieldOfViewInit,
  FakeXRInputSourceInit,
  FakeXRLightEstimateInit,
  FakeXRPlaneInformationInit,
  FakeXRPlanePolygonPointInit,
  FakeXRRegionInit,
  FakeXRRegionType,
  FakeXRRigidTransformInit,
  FakeXRTriangleInit,
  FakeXRViewInit,
  FakeXRVisibilityMask,
  FakeXRWorldInit,
} from './types.js';
export { XRTest } from './XRTest.js';

/** navigator.xr with the WebXR Test API: `navigator.xr.test`. */
export type XRSystemWithTest = XRSystem & { readonly test: XRTest };

/** A user agent made by createTestUserAgent: its navigator.xr has `test`, also reachable as `ua.test`. */
export interface TestUserAgent extends UserAgent {
  /**
   * navigator.xr, with `test` (undefined in an insecure context, R-EXPO-01). The Test API is
   * enabled on the document the user agent was created with; after `navigate()` use `ua.test`.
   */
  readonly xr: XRSystemWithTest | undefined;
  /** The Test API (the same object as `ua.xr.test`). */
  readonly test: XRTest;
}

// WebIDL shapes (no constructors: length 0; enumerable operations).
interfaceShape(XRTest, 'XRTest', 0);
interfaceShape(FakeXRDevice, 'FakeXRDevice', 0);
interfaceShape(FakeXRInputController, 'FakeXRInputController', 0);
interfaceShape(FakeXRAnchorController, 'FakeXRAnchorController', 0);
interfaceShape(XrgateTestHooks, 'XrgateTestHooks', 0);

const tests = new WeakMap<object, XRTest>();
/** The user-agent side each enabled XRSystem's Test API drives (the Test API is the user agent's). */
const enabled = new WeakMap<object, { readonly core: UserAgentSide; readonly host: object }>();
let installed = false;

function installTestAttribute(): void {
  if (installed) return;
  installed = true;
  // spec(test): partial interface XRSystem { [SameObject] readonly attribute XRTest test; }
  Object.defineProperty(XRSystem.prototype, 'test', {
    configurable: true,
    enumerable: true,
    get(this: XRSystem) {
      if (!systemCoreOf(this)) throw new TypeError('Illegal invocation');
      const ua = enabled.get(this);
      if (!ua) return undefined;
      let t = tests.get(this);
      if (!t) {
        t = new XRTest(INTERNAL, ua.core, ua.host as TestHost);
        tests.set(this, t);
      }
      return t;
    },
  });
}

/** Exposes navigator.xr.test on `xr`, driving the user agent `ua` (its UA side and scripted host). */
export function enableTestAPI(
  xr: XRSystem,
  ua: { readonly core: UserAgentSide; readonly host: object },
): XRTest {
  installTestAttribute();
  const core = systemCoreOf(xr);
  if (!core) throw new TypeError('enableTestAPI needs an xrgate XRSystem');
  const host = ua.host as Partial<TestHost>;
  if (typeof host.click !== 'function' || typeof host.setConsent !== 'function') {
    throw new TypeError('the Test API needs a scripted host (click, setConsent …)');
  }
  enabled.set(xr, ua);
  return (xr as unknown as { test: XRTest }).test;
}

/** A user agent with no device connected and navigator.xr.test enabled, as WPT expects. */
export function createTestUserAgent(options: UserAgentOptions = {}): TestUserAgent {
  const ua = createUserAgent({ device: null, ...options });
  if (!ua.xr) throw new TypeError('the Test API needs a secure context');
  const test = enableTestAPI(ua.xr, ua);
  // (ua.xr's `test` attribute was installed by enableTestAPI: the XRSystemWithTest type says so.)
  return Object.assign(ua, { test }) as TestUserAgent;
}
