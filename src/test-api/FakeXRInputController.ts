// spec(test): #fakexrinputcontroller-init (webxr-test-api index.bs @ 0d410d7)
//
// [SecureContext, Exposed=Window] interface FakeXRInputController {
//   undefined setHandedness(XRHandedness handedness);
//   undefined setTargetRayMode(XRTargetRayMode targetRayMode);
//   undefined setProfiles(sequence<DOMString> profiles);
//   undefined setGripOrigin(FakeXRRigidTransformInit gripOrigin, optional boolean emulatedPosition = false);
//   undefined clearGripOrigin();
//   undefined setPointerOrigin(FakeXRRigidTransformInit pointerOrigin, optional boolean emulatedPosition = false);
//   undefined disconnect(); undefined reconnect();
//   undefined startSelection(); undefined endSelection(); undefined simulateSelect();
//   undefined setSupportedButtons(sequence<FakeXRButtonStateInit> supportedButtons);
//   undefined updateButtonState(FakeXRButtonStateInit buttonState);
//   undefined setOverlayPointerPosition(float x, float y); };   // DOM overlay extensions

import {
  domException,
  illegalConstructor,
  illegalInvocation,
  requireArgs,
  toStringTag,
} from '../api/webidl.js';
import type { SimulatedInputSource } from '../device/simulated.js';
import {
  enumValue,
  gamepadFrom,
  handednesses,
  type ParsedButton,
  parseButton,
  parseRigidTransform,
  parseSupportedButtons,
  sequence,
  targetRayModes,
} from './dictionaries.js';
import type {
  FakeXRButtonStateInit,
  FakeXRRigidTransformInit,
  XRHandedness,
  XRTargetRayMode,
} from './types.js';

export class FakeXRInputController {
  #source: SimulatedInputSource;
  #buttons: ParsedButton[];
  #connected = true;

  constructor(token?: unknown, source?: SimulatedInputSource, buttons?: ParsedButton[]) {
    illegalConstructor(token);
    this.#source = source as SimulatedInputSource;
    this.#buttons = buttons ?? [];
  }

  static is(v: unknown): v is FakeXRInputController {
    return typeof v === 'object' && v !== null && #source in v;
  }

  #me(): SimulatedInputSource {
    if (!FakeXRInputControllerInternals.is(this)) illegalInvocation();
    return this.#source;
  }

  #syncGamepad(): void {
    const g = gamepadFrom(this.#source.state.primaryPressed, this.#buttons);
    this.#source.setGamepad(g.buttons, g.axes);
  }

  setHandedness(handedness: XRHandedness): void {
    const s = this.#me();
    requireArgs(arguments.length, 1, 'FakeXRInputController.setHandedness');
    const h = enumValue(handedness, handednesses, 'setHandedness');
    if (h !== s.state.handedness) s.recreate({ handedness: h });
  }

  setTargetRayMode(targetRayMode: XRTargetRayMode): void {
    const s = this.#me();
    requireArgs(arguments.length, 1, 'FakeXRInputController.setTargetRayMode');
    const m = enumValue(targetRayMode, targetRayModes, 'setTargetRayMode');
    if (m !== s.state.targetRayMode) s.recreate({ targetRayMode: m });
  }

  setProfiles(profiles: Iterable<string>): void {
    const s = this.#me();
    requireArgs(arguments.length, 1, 'FakeXRInputController.setProfiles');
    const list = sequence(profiles, 'profiles').map((p) => String(p));
    // XRInputSource.profiles is [SameObject]: a new list means a new input source.
    s.setProfiles(list);
    s.recreate({});
  }

  setGripOrigin(gripOrigin: FakeXRRigidTransformInit, emulatedPosition = false): void {
    const s = this.#me();
    requireArgs(arguments.length, 1, 'FakeXRInputController.setGripOrigin');
    s.setGripOrigin(parseRigidTransform(gripOrigin, 'gripOrigin'), Boolean(emulatedPosition));
  }

  clearGripOrigin(): void {
    this.#me().setGripOrigin(null);
  }

  setPointerOrigin(pointerOrigin: FakeXRRigidTransformInit, emulatedPosition = false): void {
    const s = this.#me();
    requireArgs(arguments.length, 1, 'FakeXRInputController.setPointerOrigin');
    s.setPointerOrigin(parseRigidTransform(pointerOrigin, 'pointerOrigin'), Boolean(emulatedPosition));
  }

  disconnect(): void {
    const s = this.#me();
    if (!this.#connected) return;
    this.#connected = false;
    s.disconnect();
  }

  reconnect(): void {
    const s = this.#me();
    if (this.#connected) return;
    this.#connected = true;
    s.reconnect();
  }

  // spec(test): #start-a-primary-action
  startSelection(): void {
    const s = this.#me();
    s.startSelection();
    this.#syncGamepad();
  }

  // spec(test): #stop-a-primary-action
  endSelection(): void {
    const s = this.#me();
    s.endSelection();
    this.#syncGamepad();
  }

  // spec(test): #simulate-a-full-primary-action
  simulateSelect(): void {
    const s = this.#me();
    if (s.state.primaryPressed) {
      s.endSelection();
      s.startSelection();
    } else {
      s.select();
    }
    this.#syncGamepad();
  }

  // spec(test): #dom-fakexrinputcontroller-setoverlaypointerposition (DOM overlay extensions): the
  // pointer is on the DOM overlay at (x, y) for the next XR animation frame.
  setOverlayPointerPosition(x: number, y: number): void {
    const s = this.#me();
    requireArgs(arguments.length, 2, 'FakeXRInputController.setOverlayPointerPosition');
    const fx = Math.fround(Number(x));
    const fy = Math.fround(Number(y));
    if (!Number.isFinite(fx) || !Number.isFinite(fy)) {
      throw new TypeError('setOverlayPointerPosition: x and y must be finite numbers');
    }
    s.setOverlayPoint(fx, fy);
  }

  setSupportedButtons(supportedButtons: Iterable<FakeXRButtonStateInit>): void {
    this.#me();
    requireArgs(arguments.length, 1, 'FakeXRInputController.setSupportedButtons');
    this.#buttons = parseSupportedButtons(supportedButtons);
    this.#syncGamepad();
  }

  updateButtonState(buttonState: FakeXRButtonStateInit): void {
    const s = this.#me();
    requireArgs(arguments.length, 1, 'FakeXRInputController.updateButtonState');
    const b = parseButton(buttonState);
    const i = this.#buttons.findIndex((x) => x.buttonType === b.buttonType);
    if (i < 0)
      throw domException('NotFoundError', `updateButtonState: no '${b.buttonType}' button was set up`);
    this.#buttons[i] = b;
    // The "grip" button drives the squeeze action (R-TEST-03).
    if (b.buttonType === 'grip') {
      if (b.pressed) s.startSqueeze();
      else s.endSqueeze();
    }
    this.#syncGamepad();
  }
}

toStringTag(FakeXRInputController, 'FakeXRInputController');

/** @internal xrgate's own access to FakeXRInputController; the statics are removed from the page-visible interface object. */
export const FakeXRInputControllerInternals = { is: FakeXRInputController.is };
for (const key of ['is']) Reflect.deleteProperty(FakeXRInputController, key);
