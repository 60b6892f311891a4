// spec(test): #fakexrdevice-interface (webxr-test-api index.bs @ 0d410d7)
//
// [SecureContext, Exposed=Window] interface FakeXRDevice : EventTarget {
//   undefined setViews(sequence<FakeXRViewInit> views, optional sequence<FakeXRViewInit> secondaryViews);
//   Promise<undefined> disconnect();
//   undefined setViewerOrigin(FakeXRRigidTransformInit origin, optional boolean emulatedPosition = false);
//   undefined clearViewerOrigin();
//   undefined setFloorOrigin(FakeXRRigidTransformInit origin);
//   undefined clearFloorOrigin();
//   undefined setBoundsGeometry(sequence<FakeXRBoundsPoint> boundsCoordinates);
//   undefined simulateResetPose();
//   undefined simulateVisibilityChange(XRVisibilityState state);
//   FakeXRInputController simulateInputSourceConnection(FakeXRInputSourceInit init);
//   undefined setWorld(FakeXRWorldInit world); undefined clearWorld();
//   undefined setDepthSensingData(FakeXRDepthSensingDataInit depthSensingData); undefined clearDepthSensingData();
//   undefined setLightEstimate(FakeXRLightEstimateInit init);   // lighting estimation extensions
//   undefined setAnchorCreationCallback(FakeXRAnchorCreationCallback? callback); };   // anchors extensions
// The simulated device is "the platform": xrgate still rounds, limits and gates what it reports
// (R-SPACE-30), and grants its capable features as implicit consent (R-TEST-09).

import type { UserAgentSide } from '../agent/user-agent-side.js';
import { INTERNAL, illegalConstructor, illegalInvocation, requireArgs, toStringTag } from '../api/webidl.js';
import type { SimulatedXRDevice } from '../device/simulated.js';
import { setAnchorCreationCallback } from './anchors.js';
import { parseDepthSensingData, TestDepthSensing } from './depth-sensing.js';
import {
  dict,
  enumValue,
  gamepadFrom,
  handednesses,
  parseBounds,
  parseLightEstimate,
  parseRigidTransform,
  parseSupportedButtons,
  parseViews,
  required,
  sequence,
  targetRayModes,
  visibilityStates,
} from './dictionaries.js';
import { FakeXRInputController } from './FakeXRInputController.js';
import type {
  FakeXRBoundsPoint,
  FakeXRDepthSensingDataInit,
  FakeXRInputSourceInit,
  FakeXRLightEstimateInit,
  FakeXRRigidTransformInit,
  FakeXRViewInit,
  FakeXRWorldInit,
  XRVisibilityState,
} from './types.js';
import { parseWorld } from './world.js';

/** Look at the device's frame data without taking its pending input actions. */
const PEEK = Object.freeze({ drainActions: false });

const EventTargetCtor = EventTarget;

export class FakeXRDevice extends EventTargetCtor {
  #device: SimulatedXRDevice;
  #ua: UserAgentSide;
  #schedule: (cb: () => void) => void;

  constructor(
    token?: unknown,
    device?: SimulatedXRDevice,
    ua?: UserAgentSide,
    schedule?: (cb: () => void) => void,
  ) {
    illegalConstructor(token);
    super();
    this.#device = device as SimulatedXRDevice;
    this.#ua = ua as UserAgentSide;
    this.#schedule = schedule as (cb: () => void) => void;
  }

  static is(v: unknown): v is FakeXRDevice {
    return typeof v === 'object' && v !== null && #device in v;
  }

  /** @internal */
  static device(v: FakeXRDevice): SimulatedXRDevice {
    return v.#device;
  }

  #me(): SimulatedXRDevice {
    if (!FakeXRDeviceInternals.is(this)) illegalInvocation();
    return this.#device;
  }

  // (A rest parameter: the optional secondaryViews, told apart from an explicit undefined by
  // arguments.length … as WebIDL does.)
  setViews(views: Iterable<FakeXRViewInit>, ...rest: [secondaryViews?: Iterable<FakeXRViewInit>]): void {
    const secondaryViews = rest[0];
    const d = this.#me();
    requireArgs(arguments.length, 1, 'FakeXRDevice.setViews');
    const p = parseViews(views, 'views');
    const s =
      secondaryViews === undefined
        ? d.frame(PEEK).secondaryViews
        : parseViews(secondaryViews, 'secondaryViews');
    if (p.length < 1) throw new TypeError('setViews: at least one view is needed');
    d.setViews(p, s);
  }

  disconnect(): Promise<void> {
    try {
      const d = this.#me();
      d.disconnect();
      return new Promise((resolve) => this.#schedule(resolve));
    } catch (e) {
      return Promise.reject(e);
    }
  }

  setViewerOrigin(origin: FakeXRRigidTransformInit, emulatedPosition = false): void {
    const d = this.#me();
    requireArgs(arguments.length, 1, 'FakeXRDevice.setViewerOrigin');
    d.setViewerOrigin(parseRigidTransform(origin, 'origin'), Boolean(emulatedPosition));
  }

  clearViewerOrigin(): void {
    this.#me().setViewerOrigin(null);
  }

  setFloorOrigin(origin: FakeXRRigidTransformInit): void {
    const d = this.#me();
    requireArgs(arguments.length, 1, 'FakeXRDevice.setFloorOrigin');
    d.setFloorOrigin(parseRigidTransform(origin, 'origin'));
  }

  clearFloorOrigin(): void {
    this.#me().setFloorOrigin(null);
  }

  setBoundsGeometry(boundsCoordinates: Iterable<FakeXRBoundsPoint>): void {
    const d = this.#me();
    requireArgs(arguments.length, 1, 'FakeXRDevice.setBoundsGeometry');
    const b = parseBounds(boundsCoordinates);
    if (b.length < 3) throw new TypeError('setBoundsGeometry: at least 3 points are needed');
    d.setBounds(b);
  }

  simulateResetPose(): void {
    this.#me().resetPose();
  }

  simulateVisibilityChange(state: XRVisibilityState): void {
    const d = this.#me();
    requireArgs(arguments.length, 1, 'FakeXRDevice.simulateVisibilityChange');
    d.setVisibility(enumValue(state, visibilityStates, 'simulateVisibilityChange'));
  }

  // spec(test): #dom-fakexrdevice-simulateinputsourceconnection
  simulateInputSourceConnection(init: FakeXRInputSourceInit): FakeXRInputController {
    const d = this.#me();
    requireArgs(arguments.length, 1, 'FakeXRDevice.simulateInputSourceConnection');
    const i = dict(init, 'FakeXRInputSourceInit');
    const handedness = enumValue(
      required(i, 'handedness', 'FakeXRInputSourceInit'),
      handednesses,
      'handedness',
    );
    const targetRayMode = enumValue(
      required(i, 'targetRayMode', 'FakeXRInputSourceInit'),
      targetRayModes,
      'targetRayMode',
    );
    const pointerOrigin = parseRigidTransform(
      required(i, 'pointerOrigin', 'FakeXRInputSourceInit'),
      'pointerOrigin',
    );
    const profiles = sequence(required(i, 'profiles', 'FakeXRInputSourceInit'), 'profiles').map((p) =>
      String(p),
    );
    const gripOrigin = i.gripOrigin === undefined ? null : parseRigidTransform(i.gripOrigin, 'gripOrigin');
    const buttons = i.supportedButtons === undefined ? [] : parseSupportedButtons(i.supportedButtons);
    const g = gamepadFrom(false, buttons);
    const source = d.addInputSource({
      handedness,
      targetRayMode,
      profiles,
      pointerOrigin,
      gripOrigin,
      buttons: g.buttons,
      axes: g.axes,
      untrackedWithoutGrip: true,
    });
    const controller = new FakeXRInputController(INTERNAL, source, buttons);
    if (i.selectionClicked === true) controller.simulateSelect();
    if (i.selectionStarted === true) controller.startSelection();
    return controller;
  }

  // spec(test): #hit-test-extensions, #plane-detection-extensions: the world is the device's
  // environment (in base space) from the next animation frame; hit test, planes and meshes sense it.
  setWorld(world: FakeXRWorldInit): void {
    const d = this.#me();
    requireArgs(arguments.length, 1, 'FakeXRDevice.setWorld');
    d.setEnvironment(parseWorld(world), { placed: true });
  }

  clearWorld(): void {
    this.#me().setEnvironment(null);
  }

  // spec(test): #set-depth-sensing-information (src/test-api/depth-sensing.ts)
  setDepthSensingData(data: FakeXRDepthSensingDataInit): void {
    const d = this.#me();
    requireArgs(arguments.length, 1, 'FakeXRDevice.setDepthSensingData');
    const buffer = parseDepthSensingData(data, parseRigidTransform);
    if (d.depthSensing instanceof TestDepthSensing) d.depthSensing.set(buffer);
  }

  // spec(test): #clear-depth-sensing-information
  clearDepthSensingData(): void {
    const d = this.#me();
    if (d.depthSensing instanceof TestDepthSensing) d.depthSensing.set(null);
  }

  // spec(test): #dom-fakexrdevice-setlightestimate (lighting estimation extensions): the estimate
  // reaches sessions by the next animation frame.
  setLightEstimate(init: FakeXRLightEstimateInit): void {
    const d = this.#me();
    requireArgs(arguments.length, 1, 'FakeXRDevice.setLightEstimate');
    d.setLightEstimate(parseLightEstimate(init));
  }

  // spec(test): #dom-fakexrdevice-setanchorcreationcallback (anchors extensions)
  setAnchorCreationCallback(callback: unknown): void {
    const d = this.#me();
    requireArgs(arguments.length, 1, 'FakeXRDevice.setAnchorCreationCallback');
    setAnchorCreationCallback(d.anchors, callback);
  }

  /** @internal the owning user agent. */
  static ua(v: FakeXRDevice): UserAgentSide {
    return v.#ua;
  }
}

toStringTag(FakeXRDevice, 'FakeXRDevice');

/** @internal xrgate's own access to FakeXRDevice; the statics are removed from the page-visible interface object. */
export const FakeXRDeviceInternals = {
  is: FakeXRDevice.is,
  device: FakeXRDevice.device,
  ua: FakeXRDevice.ua,
};
for (const key of ['is', 'device', 'ua']) Reflect.deleteProperty(FakeXRDevice, key);
