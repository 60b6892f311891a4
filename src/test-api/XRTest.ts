// spec(test): #xrtest-interface (webxr-test-api index.bs @ 0d410d7)
//
// partial interface XRSystem { [SameObject] readonly attribute XRTest test; };
// [SecureContext, Exposed=Window] interface XRTest {
//   Promise<FakeXRDevice> simulateDeviceConnection(FakeXRDeviceInit init);
//   undefined simulateUserActivation(Function f);
//   Promise<undefined> disconnectAllDevices(); };
// Test control enters only through the scripted host (STYLE.md pitfalls: no test flags on the
// production path); consent on the simulated platform follows R-TEST-09.

import type { UserAgentSide } from '../agent/user-agent-side.js';
import { INTERNAL, illegalConstructor, illegalInvocation, requireArgs, toStringTag } from '../api/webidl.js';
import type { Environment } from '../device/environment.js';
import { SimulatedXRDevice } from '../device/simulated.js';
import { TestDepthSensing } from './depth-sensing.js';
import { parseDeviceInit } from './dictionaries.js';
import { FakeXRDevice } from './FakeXRDevice.js';
import { XrgateTestHooks } from './hooks.js';
import type { TestHost } from './test-host.js';
import type { FakeXRDeviceInit } from './types.js';
import { parseWorld } from './world.js';

export class XRTest {
  #ua: UserAgentSide;
  #host: TestHost;
  #devices: SimulatedXRDevice[] = [];
  #hooks: XrgateTestHooks;

  constructor(token?: unknown, ua?: UserAgentSide, host?: TestHost) {
    illegalConstructor(token);
    this.#ua = ua as UserAgentSide;
    this.#host = host as TestHost;
    this.#hooks = new XrgateTestHooks(INTERNAL, this.#ua, this.#host);
  }

  static is(v: unknown): v is XRTest {
    return typeof v === 'object' && v !== null && #ua in v;
  }

  /** xrgate's own hooks (AMB-30), kept apart from the standard surface. */
  get xrgate(): XrgateTestHooks {
    if (!XRTestInternals.is(this)) illegalInvocation();
    return this.#hooks;
  }

  #task(cb: () => void): void {
    this.#host.setTimeout(cb, 0);
  }

  // spec(test): #dom-xrtest-simulatedeviceconnection
  simulateDeviceConnection(init: FakeXRDeviceInit): Promise<FakeXRDevice> {
    if (!XRTestInternals.is(this)) return Promise.reject(new TypeError('Illegal invocation'));
    if (arguments.length < 1)
      return Promise.reject(new TypeError('simulateDeviceConnection: 1 argument required'));
    return new Promise<FakeXRDevice>((resolve, reject) => {
      let parsed: ReturnType<typeof parseDeviceInit>;
      let world: Environment | null = null;
      try {
        parsed = parseDeviceInit(init);
        // The hit test extensions' FakeXRDeviceInit.world: the device's environment (none without it).
        const rawWorld = (init as { world?: unknown }).world;
        if (rawWorld !== undefined) world = parseWorld(rawWorld);
      } catch (e) {
        reject(e);
        return;
      }
      this.#task(() => {
        const capable: Record<string, string[]> = {};
        for (const m of parsed.supportedModes) capable[m] = parsed.supportedFeatures.slice();
        const device = new SimulatedXRDevice({
          id: `fake-device-${this.#devices.length + 1}`,
          supportedModes: parsed.supportedModes,
          capableFeatures: capable,
          ...(parsed.environmentBlendMode ? { environmentBlendMode: parsed.environmentBlendMode } : {}),
          ...(parsed.interactionMode ? { interactionMode: parsed.interactionMode } : {}),
          reportsOrientation: true,
          viewGeometry: 'scripted',
          views: parsed.views.length > 0 ? parsed.views : [],
          secondaryViews: parsed.secondaryViews,
          viewerOrigin: parsed.viewerOrigin,
          floorOrigin: parsed.floorOrigin,
          bounds: parsed.bounds,
          nominalFrameRate: 60,
          // spec(test): #anchors-extensions: without a creation callback, anchor creation fails.
          emulatedAnchors: false,
          environment: null,
        });
        // Depth sensing extensions: the device's native depth sensing (its supported lists, its data).
        device.depthSensing = new TestDepthSensing(parsed.depthSupport, parsed.depthSensingData);
        if (world !== null) device.setEnvironment(world, { placed: true });
        this.#devices.push(device);
        // R-TEST-09: a simulated device is in use: implicit consent, truthful isSessionSupported.
        this.#ua.setSimulatedPlatform(true);
        this.#ua.connect(device);
        resolve(new FakeXRDevice(INTERNAL, device, this.#ua, (cb) => this.#task(cb)));
      });
    });
  }

  // spec(test): #dom-xrtest-simulateuseractivation — activation starts when f is invoked and
  // lasts the transient activation duration (R-INTENT-17).
  simulateUserActivation(f: () => unknown): void {
    if (!XRTestInternals.is(this)) illegalInvocation();
    requireArgs(arguments.length, 1, 'XRTest.simulateUserActivation');
    if (typeof f !== 'function') throw new TypeError('simulateUserActivation: parameter 1 is not a function');
    this.#host.click();
    (f as () => void)();
  }

  // spec(test): #dom-xrtest-disconnectalldevices
  disconnectAllDevices(): Promise<void> {
    if (!XRTestInternals.is(this)) return Promise.reject(new TypeError('Illegal invocation'));
    const devices = this.#devices;
    this.#devices = [];
    for (const d of devices) d.disconnect();
    return new Promise((resolve) => this.#task(resolve));
  }
}

toStringTag(XRTest, 'XRTest');

/** @internal xrgate's own access to XRTest; the statics are removed from the page-visible interface object. */
export const XRTestInternals = { is: XRTest.is };
for (const key of ['is']) Reflect.deleteProperty(XRTest, key);
