// Simulated XR devices: configurable and scriptable. They report raw platform data; rounding,
// limiting and gating happen in src/policy as the API layer reads them.

import type { XRSessionMode } from '../policy/features.js';
import {
  ArrayIsArray,
  ArrayPrototypeConcat,
  ArrayPrototypeFilter,
  ArrayPrototypeIncludes,
  ArrayPrototypeMap,
  ArrayPrototypePush,
  ArrayPrototypeSlice,
  MathPI,
  MathTan,
  ObjectEntries,
  ObjectFreeze,
  String,
  TypeError,
} from '../primordials.js';
import { SimulatedAnchors } from './anchors.js';
import { withCastSensors } from './depth.js';
import { builtInEnvironment, depthAlong, type Environment, environmentForDevice } from './environment.js';
import { simulatedHand } from './hand-model.js';
import type {
  DeviceButton,
  DeviceCamera,
  DeviceDepthSensing,
  DeviceEvent,
  DeviceFrameData,
  DeviceHand,
  DeviceInputAction,
  DeviceInputSource,
  DeviceLightEstimate,
  DeviceView,
  RayCaster,
  RigidPose,
  ViewGeometryKind,
  XRDeviceBackend,
  XREnvironmentBlendMode,
  XRHandedness,
  XRInteractionMode,
  XRTargetRayMode,
  XRVisibilityState,
} from './types.js';
import { identityPose } from './types.js';

export interface SimulatedInputInit {
  readonly handedness: XRHandedness;
  readonly targetRayMode: XRTargetRayMode;
  readonly profiles?: readonly string[];
  readonly pointerOrigin?: RigidPose;
  readonly gripOrigin?: RigidPose | null;
  readonly buttons?: readonly DeviceButton[];
  readonly axes?: readonly number[];
  /** A tracked hand's skeleton (Hand Input Module); its grip is the wrist. */
  readonly hand?: DeviceHand | null;
  /**
   * A tracked pointer is not tracked while its grip is null: its target ray cannot be located
   * either (the Test API's model, spec(test) "simulated XR input source/gripOrigin"). Off for
   * xrgate's own devices, whose 3DoF pointers point without a grip.
   */
  readonly untrackedWithoutGrip?: boolean;
}

export interface SimulatedDeviceInit {
  readonly id?: string;
  readonly supportedModes: readonly XRSessionMode[];
  readonly capableFeatures?: Readonly<Partial<Record<XRSessionMode, readonly string[]>>>;
  readonly environmentBlendMode?: XREnvironmentBlendMode;
  readonly interactionMode?: XRInteractionMode;
  readonly reportsOrientation?: boolean;
  readonly viewGeometry?: ViewGeometryKind;
  readonly views: readonly DeviceView[];
  readonly secondaryViews?: readonly DeviceView[];
  readonly viewerOrigin?: RigidPose | null;
  readonly viewerEmulatedPosition?: boolean;
  readonly floorOrigin?: RigidPose | null;
  readonly bounds?: readonly { x: number; z: number }[] | null;
  readonly inputSources?: readonly SimulatedInputInit[];
  readonly supportedFrameRates?: readonly number[] | null;
  readonly nominalFrameRate?: number;
  /**
   * Anchors Module: without a creation handler, anchor requests succeed and anchors stay where
   * they were put (true, the default: emulated native anchors), or fail (false: the Test API's
   * device until setAnchorCreationCallback).
   */
  readonly emulatedAnchors?: boolean;
  /**
   * The room the device senses: a built-in room's name ('empty-room', 'living-room', 'office') or
   * an Environment, given with its floor at y = 0 and placed under the device's floor (1.6 m below
   * the local origin when the device reports none); null: none. Default: the living room for a
   * device that supports 'immersive-ar', none otherwise.
   */
  readonly environment?: Environment | string | null;
}

function freezePose(p: RigidPose): RigidPose {
  return ObjectFreeze({
    position: ObjectFreeze({ x: p.position.x, y: p.position.y, z: p.position.z }),
    orientation: ObjectFreeze({
      x: p.orientation.x,
      y: p.orientation.y,
      z: p.orientation.z,
      w: p.orientation.w,
    }),
  });
}

export function pose(
  x: number,
  y: number,
  z: number,
  q: [number, number, number, number] = [0, 0, 0, 1],
): RigidPose {
  return freezePose({ position: { x, y, z }, orientation: { x: q[0], y: q[1], z: q[2], w: q[3] } });
}

/** A scripted input source on a simulated device. */
export class SimulatedInputSource {
  readonly #device: SimulatedXRDevice;
  #state: DeviceInputSource;
  readonly #untrackedWithoutGrip: boolean;
  /** DOM Overlays: where the pointer is on the overlay for the next frame (Test API), or null. */
  #overlayPoint: { readonly x: number; readonly y: number } | null = null;

  constructor(device: SimulatedXRDevice, id: number, init: SimulatedInputInit) {
    this.#device = device;
    this.#untrackedWithoutGrip = init.untrackedWithoutGrip === true;
    this.#state = ObjectFreeze({
      id,
      handedness: init.handedness,
      targetRayMode: init.targetRayMode,
      profiles: ObjectFreeze(ArrayPrototypeSlice(init.profiles ?? [])),
      pointerOrigin: freezePose(init.pointerOrigin ?? identityPose),
      gripOrigin: init.gripOrigin ? freezePose(init.gripOrigin) : null,
      emulatedPosition: false,
      pointerEmulatedPosition: false,
      buttons: ObjectFreeze(ArrayPrototypeSlice(init.buttons ?? [])),
      axes: ObjectFreeze(ArrayPrototypeSlice(init.axes ?? [])),
      primaryPressed: false,
      squeezePressed: false,
      hand: init.hand ?? null,
      pointerTracked: this.#pointerTracked(init.targetRayMode, init.gripOrigin ?? null),
    });
  }

  #pointerTracked(mode: XRTargetRayMode, grip: RigidPose | null): boolean {
    return !(this.#untrackedWithoutGrip && mode === 'tracked-pointer' && grip === null);
  }

  get state(): DeviceInputSource {
    return this.#state;
  }

  get id(): number {
    return this.#state.id;
  }

  #set(patch: Partial<DeviceInputSource>): void {
    this.#state = ObjectFreeze({ ...this.#state, ...patch });
    this.#device.invalidate();
  }

  setPointerOrigin(p: RigidPose, emulatedPosition = false): void {
    this.#set({ pointerOrigin: freezePose(p), pointerEmulatedPosition: emulatedPosition });
  }

  setGripOrigin(p: RigidPose | null, emulatedPosition = false): void {
    this.#set({
      gripOrigin: p ? freezePose(p) : null,
      emulatedPosition,
      pointerTracked: this.#pointerTracked(this.#state.targetRayMode, p),
    });
  }

  /** The hand's skeleton this frame (a pinch, a pointing finger …), or null to stop tracking it. */
  setHand(hand: DeviceHand | null): void {
    this.#set({ hand });
  }

  setProfiles(profiles: readonly string[]): void {
    this.#set({ profiles: ObjectFreeze(ArrayPrototypeSlice(profiles)) });
  }

  setButtons(buttons: readonly DeviceButton[]): void {
    this.setGamepad(buttons, this.#state.axes);
  }

  setAxes(axes: readonly number[]): void {
    this.setGamepad(this.#state.buttons, axes);
  }

  /**
   * Sets the gamepad's buttons and axes. XRInputSource.gamepad is [SameObject]: a source that gains
   * or loses its gamepad (buttons or axes where there were none, or none left) is a new input
   * source (a new id), as the Gamepads Module and the Test API's WPT expect.
   */
  setGamepad(buttons: readonly DeviceButton[], axes: readonly number[]): void {
    const had = this.#state.buttons.length > 0 || this.#state.axes.length > 0;
    const has = buttons.length > 0 || axes.length > 0;
    this.#set({
      buttons: ObjectFreeze(ArrayPrototypeMap(buttons, (b) => ObjectFreeze({ ...b }))),
      axes: ObjectFreeze(ArrayPrototypeSlice(axes)),
    });
    if (had !== has) this.recreate({});
  }

  /**
   * Replaces identity-defining fields: the API layer sees a new input source (a new id). An action
   * in progress carries over: the old source's ends as its source goes away, and the new source's
   * starts (selectstart/squeezestart) as it arrives, so its later end completes it.
   */
  recreate(patch: { handedness?: XRHandedness; targetRayMode?: XRTargetRayMode }): void {
    this.#set({ ...patch, id: this.#device.nextInputId() });
    if (this.#state.primaryPressed)
      this.#device.queueAction({ sourceId: this.id, action: 'select', phase: 'start' });
    if (this.#state.squeezePressed)
      this.#device.queueAction({ sourceId: this.id, action: 'squeeze', phase: 'start' });
  }

  /** One edge or a whole click of the primary (select) or squeeze action, queued for the next frame. */
  #act(action: 'select' | 'squeeze', phase: 'start' | 'end' | 'click'): void {
    const key = action === 'select' ? 'primaryPressed' : 'squeezePressed';
    const pressed = this.#state[key];
    if (phase === 'end' ? !pressed : pressed) return;
    if (phase !== 'click') this.#set({ [key]: phase === 'start' });
    const point = this.#overlayPoint;
    if (point !== null && action === 'select' && phase !== 'end') {
      this.#device.queueAction({ sourceId: this.id, action, phase, overlayPoint: point });
    } else {
      this.#device.queueAction({ sourceId: this.id, action, phase });
    }
  }

  /**
   * DOM Overlays Module: the pointer is on the DOM overlay at (x, y) (CSS pixels) for the next frame;
   * a primary action that starts then carries the point. Cleared after that frame.
   */
  setOverlayPoint(x: number, y: number): void {
    this.#overlayPoint = ObjectFreeze({ x, y });
  }

  /** @internal the frame the point was for has been taken. */
  clearOverlayPoint(): void {
    this.#overlayPoint = null;
  }

  startSelection(): void {
    this.#act('select', 'start');
  }

  endSelection(): void {
    this.#act('select', 'end');
  }

  /** A whole click within one frame. */
  select(): void {
    this.#act('select', 'click');
  }

  startSqueeze(): void {
    this.#act('squeeze', 'start');
  }

  endSqueeze(): void {
    this.#act('squeeze', 'end');
  }

  squeeze(): void {
    this.#act('squeeze', 'click');
  }

  disconnect(): void {
    this.#device.removeInputSource(this);
  }

  reconnect(): void {
    this.#device.restoreInputSource(this);
  }
}

export class SimulatedXRDevice implements XRDeviceBackend {
  readonly id: string;
  readonly supportedModes: readonly XRSessionMode[];
  readonly capableFeatures: Readonly<Partial<Record<XRSessionMode, readonly string[]>>>;
  readonly environmentBlendMode: XREnvironmentBlendMode | undefined;
  readonly interactionMode: XRInteractionMode | undefined;
  readonly reportsOrientation: boolean;
  readonly viewGeometry: ViewGeometryKind;
  readonly supportedFrameRates: readonly number[] | null;
  #nominalFrameRate: number;
  #views: readonly DeviceView[];
  #secondaryViews: readonly DeviceView[];
  #viewer: RigidPose | null;
  #viewerEmulated: boolean;
  #floor: RigidPose | null;
  #bounds: readonly { x: number; z: number }[] | null;
  #inputs: SimulatedInputSource[] = [];
  #actions: DeviceInputAction[] = [];
  #visibility: XRVisibilityState = 'visible';
  #connected = true;
  #listeners: ((e: DeviceEvent) => void)[] = [];
  #nextInputId = 1;
  #frame: DeviceFrameData | null = null;
  #lightEstimate: DeviceLightEstimate | null = null;
  /** Native anchors (Anchors Module). */
  readonly anchors: SimulatedAnchors;
  #environment: Environment | null = null;

  constructor(init: SimulatedDeviceInit) {
    if (!init || !ArrayIsArray(init.views) || init.views.length < 1) {
      throw new TypeError('a simulated device needs at least one view');
    }
    this.id = init.id ?? 'simulated-device';
    this.supportedModes = ObjectFreeze(ArrayPrototypeSlice(init.supportedModes));
    const caps: Partial<Record<XRSessionMode, readonly string[]>> = {};
    const entries = ObjectEntries(init.capableFeatures ?? {});
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i]!;
      caps[entry[0] as XRSessionMode] = ObjectFreeze(ArrayPrototypeSlice(entry[1] ?? []));
    }
    this.capableFeatures = ObjectFreeze(caps);
    this.environmentBlendMode = init.environmentBlendMode;
    this.interactionMode = init.interactionMode;
    this.reportsOrientation = init.reportsOrientation ?? true;
    this.viewGeometry = init.viewGeometry ?? 'calibrated';
    this.supportedFrameRates = init.supportedFrameRates
      ? ObjectFreeze(ArrayPrototypeSlice(init.supportedFrameRates))
      : null;
    this.#nominalFrameRate = init.nominalFrameRate ?? 90;
    this.#views = ObjectFreeze(ArrayPrototypeSlice(init.views));
    this.#secondaryViews = ObjectFreeze(ArrayPrototypeSlice(init.secondaryViews ?? []));
    this.#viewer =
      init.viewerOrigin === undefined ? identityPose : init.viewerOrigin && freezePose(init.viewerOrigin);
    this.#viewerEmulated = init.viewerEmulatedPosition ?? false;
    this.#floor = init.floorOrigin ? freezePose(init.floorOrigin) : null;
    this.#bounds = init.bounds
      ? ObjectFreeze(ArrayPrototypeMap(init.bounds, (p) => ObjectFreeze({ x: p.x, z: p.z })))
      : null;
    const inputSources = init.inputSources ?? [];
    for (let i = 0; i < inputSources.length; i++) this.addInputSource(inputSources[i]!);
    this.anchors = new SimulatedAnchors(init.emulatedAnchors ?? true);
    const env =
      init.environment === undefined
        ? ArrayPrototypeIncludes(this.supportedModes, 'immersive-ar')
          ? 'living-room'
          : null
        : init.environment;
    if (env !== null) this.setEnvironment(env);
  }

  /** The room the device senses, in base space (null: none). */
  get environment(): Environment | null {
    return this.#environment;
  }

  /**
   * Puts the device in another room: a built-in room's name or an Environment (floor at y = 0),
   * placed under the device's floor; `{ placed: true }`: the environment is already in base space
   * (the Test API's world). null: the device senses nothing.
   */
  setEnvironment(env: Environment | string | null, options: { readonly placed?: boolean } = {}): void {
    if (env === null) {
      this.#environment = null;
      return;
    }
    const room = typeof env === 'string' ? builtInEnvironment(env) : env;
    if (room === undefined) throw new TypeError(`unknown environment '${String(env)}'`);
    this.#environment = options.placed
      ? room
      : environmentForDevice(room, this.#floor ? this.#floor.position.y : -1.6);
  }

  get visibilityState(): XRVisibilityState {
    return this.#visibility;
  }

  get nominalFrameRate(): number {
    return this.#nominalFrameRate;
  }

  get connected(): boolean {
    return this.#connected;
  }

  get inputSources(): readonly SimulatedInputSource[] {
    return ArrayPrototypeSlice(this.#inputs);
  }

  frame(options?: { readonly drainActions?: boolean }): DeviceFrameData {
    if (options?.drainActions === false && this.#actions.length > 0) {
      return ObjectFreeze({ ...this.#snapshotWithout(), inputActions: ObjectFreeze([]) });
    }
    const actions = this.#actions;
    this.#actions = [];
    // (DOM overlay points are for one frame: this one.)
    const inputs = this.#inputs;
    for (let i = 0; i < inputs.length; i++) inputs[i]!.clearOverlayPoint();
    if (this.#frame === null || actions.length > 0) {
      this.#frame = ObjectFreeze({
        viewer: this.#viewer,
        viewerEmulatedPosition: this.#viewerEmulated,
        floor: this.#floor,
        bounds: this.#bounds,
        views: this.#views,
        secondaryViews: this.#secondaryViews,
        inputSources: ObjectFreeze(ArrayPrototypeMap(this.#inputs, (i) => i.state)),
        inputActions: ObjectFreeze(actions),
        lightEstimate: this.#lightEstimate,
      });
      const snapshot = this.#frame;
      // The next frame reuses the snapshot (no allocation) until something changes.
      this.#frame = actions.length > 0 ? null : snapshot;
      return snapshot;
    }
    return this.#frame;
  }

  #snapshotWithout(): DeviceFrameData {
    return {
      viewer: this.#viewer,
      viewerEmulatedPosition: this.#viewerEmulated,
      floor: this.#floor,
      bounds: this.#bounds,
      views: this.#views,
      secondaryViews: this.#secondaryViews,
      inputSources: ObjectFreeze(ArrayPrototypeMap(this.#inputs, (i) => i.state)),
      inputActions: ObjectFreeze([]),
      lightEstimate: this.#lightEstimate,
    };
  }

  /** The light estimate of the next frames (null: the device cannot estimate the lighting). */
  setLightEstimate(estimate: DeviceLightEstimate | null): void {
    this.#lightEstimate = estimate
      ? ObjectFreeze({
          sphericalHarmonicsCoefficients: ObjectFreeze(
            ArrayPrototypeSlice(estimate.sphericalHarmonicsCoefficients),
          ),
          primaryLightDirection: estimate.primaryLightDirection
            ? ObjectFreeze({ ...estimate.primaryLightDirection })
            : null,
          primaryLightIntensity: estimate.primaryLightIntensity
            ? ObjectFreeze({ ...estimate.primaryLightIntensity })
            : null,
        })
      : null;
    this.#changed();
  }

  subscribe(listener: (event: DeviceEvent) => void): () => void {
    ArrayPrototypePush(this.#listeners, listener);
    return () => {
      this.#listeners = ArrayPrototypeFilter(this.#listeners, (l) => l !== listener);
    };
  }

  setFrameRate(rate: number): boolean {
    if (!this.supportedFrameRates || !ArrayPrototypeIncludes(this.supportedFrameRates, rate)) return false;
    this.#nominalFrameRate = rate;
    return true;
  }

  #changed(): void {
    this.#frame = null;
  }

  /** @internal an input source changed: the next frame takes a new snapshot. */
  invalidate(): void {
    this.#changed();
  }

  #emit(e: DeviceEvent): void {
    const listeners = ArrayPrototypeSlice(this.#listeners);
    for (let i = 0; i < listeners.length; i++) listeners[i]!(e);
  }

  /** @internal used by input sources */
  nextInputId(): number {
    this.#changed();
    return this.#nextInputId++;
  }

  /** @internal used by input sources */
  queueAction(a: DeviceInputAction): void {
    ArrayPrototypePush(this.#actions, ObjectFreeze(a));
    this.#changed();
  }

  setViewerOrigin(p: RigidPose | null, emulatedPosition = false): void {
    this.#viewer = p ? freezePose(p) : null;
    this.#viewerEmulated = emulatedPosition;
    this.#changed();
  }

  setFloorOrigin(p: RigidPose | null): void {
    this.#floor = p ? freezePose(p) : null;
    this.#changed();
    this.#emit({ type: 'floor-changed' });
  }

  setBounds(points: readonly { x: number; z: number }[] | null): void {
    this.#bounds = points
      ? ObjectFreeze(ArrayPrototypeMap(points, (q) => ObjectFreeze({ x: q.x, z: q.z })))
      : null;
    this.#changed();
    this.#emit({ type: 'bounds-changed' });
  }

  setViews(views: readonly DeviceView[], secondaryViews: readonly DeviceView[] = []): void {
    if (views.length < 1) throw new TypeError('a device needs at least one view');
    this.#views = ObjectFreeze(ArrayPrototypeSlice(views));
    this.#secondaryViews = ObjectFreeze(ArrayPrototypeSlice(secondaryViews));
    this.#changed();
  }

  setVisibility(state: XRVisibilityState): void {
    if (state === this.#visibility) return;
    this.#visibility = state;
    this.#emit({ type: 'visibility', state });
  }

  resetPose(): void {
    this.#emit({ type: 'reset-pose' });
  }

  addInputSource(init: SimulatedInputInit): SimulatedInputSource {
    const s = new SimulatedInputSource(this, this.nextInputId(), init);
    ArrayPrototypePush(this.#inputs, s);
    this.#changed();
    return s;
  }

  /** @internal */
  removeInputSource(s: SimulatedInputSource): void {
    if (!ArrayPrototypeIncludes(this.#inputs, s)) return;
    if (s.state.primaryPressed) this.queueAction({ sourceId: s.id, action: 'select', phase: 'cancel' });
    if (s.state.squeezePressed) this.queueAction({ sourceId: s.id, action: 'squeeze', phase: 'cancel' });
    this.#inputs = ArrayPrototypeFilter(this.#inputs, (x) => x !== s);
    this.#changed();
  }

  /** @internal */
  restoreInputSource(s: SimulatedInputSource): void {
    if (ArrayPrototypeIncludes(this.#inputs, s)) return;
    ArrayPrototypePush(this.#inputs, s);
    this.#changed();
  }

  disconnect(): void {
    if (!this.#connected) return;
    this.#connected = false;
    this.#emit({ type: 'disconnect' });
  }

  /** Native depth sensing (Depth Sensing Module); null: the device has none. */
  depthSensing: DeviceDepthSensing | null = null;
  /** The native camera (Raw Camera Access Module); null: the device has none. */
  camera: DeviceCamera | null = null;
  /**
   * What the device's cast sensors (depth, camera: src/device/depth.ts `withCastSensors`) see: a
   * room's ray caster; null: the default floor and far wall.
   */
  #caster: { env: Environment; cast: RayCaster } | null = null;
  #ownCaster: RayCaster | null = null;
  get sensingCaster(): RayCaster | null {
    if (this.#ownCaster !== null) return this.#ownCaster;
    const env = this.#environment;
    if (env === null) return null;
    // The room the device is in (src/device/environment.ts), the same one hit test and plane
    // detection see; one caster per room, so the sensors' caches hold while it stays.
    if (this.#caster === null || this.#caster.env !== env) {
      this.#caster = { env, cast: (o, d) => depthAlong(env, o, d) };
    }
    return this.#caster.cast;
  }
  set sensingCaster(cast: RayCaster | null) {
    this.#ownCaster = cast;
  }
}

// ---------------------------------------------------------------------------------------------
// Presets.

/** A symmetric perspective projection (column-major), vertical FOV in degrees. */
export function perspective(fovYDeg: number, aspect: number, near = 0.1, far = 1000): number[] {
  const f = 1 / MathTan((fovYDeg * MathPI) / 360);
  const nf = 1 / (near - far);
  return [f / aspect, 0, 0, 0, 0, f, 0, 0, 0, 0, (far + near) * nf, -1, 0, 0, 2 * far * near * nf, 0];
}

/** Two eyes `ipd` metres apart, each with a symmetric projection and the panel's resolution per eye. */
export function stereoViews(ipd: number, fovYDeg = 100, width = 1832, height = 1920): DeviceView[] {
  const proj = perspective(fovYDeg, width / height);
  return [
    {
      eye: 'left',
      projectionMatrix: proj,
      viewOffset: pose(-ipd / 2, 0, 0),
      resolution: { width, height },
    },
    {
      eye: 'right',
      projectionMatrix: proj,
      viewOffset: pose(ipd / 2, 0, 0),
      resolution: { width, height },
    },
  ];
}

const touchButtons: DeviceButton[] = [
  { pressed: false, touched: false, value: 0 },
  { pressed: false, touched: false, value: 0 },
  { pressed: false, touched: false, value: 0 },
  { pressed: false, touched: false, value: 0 },
];

/**
 * The default headset's play area as it senses it (x, z in metres around the floor origin): about
 * 3 m x 2.5 m and, like a real sensed room, off the 5 cm grid, so that what a page is told
 * (boundsGeometry: -1.5..1.5 x -1.25..1.25, on the grid and inside the room, R-SPACE-18) visibly
 * differs from it. A page never sees these numbers.
 */
export const HEADSET_PLAY_AREA: readonly { readonly x: number; readonly z: number }[] = ObjectFreeze([
  ObjectFreeze({ x: -1.52, z: -1.27 }),
  ObjectFreeze({ x: 1.53, z: -1.27 }),
  ObjectFreeze({ x: 1.53, z: 1.26 }),
  ObjectFreeze({ x: -1.52, z: 1.26 }),
]);

/**
 * The default device: a 6DoF stereo headset (IPD 63 mm, calibrated) with two tracked-pointer
 * controllers, a sensed floor 1.7 m below the local origin and a play area of about 3 m x 2.5 m
 * (HEADSET_PLAY_AREA).
 */
export function createHeadset(
  options: { id?: string; ipd?: number; hands?: boolean; handScale?: number } = {},
): SimulatedXRDevice {
  // With `hands`, the input sources are the user's tracked hands instead of controllers (a hand
  // 7% larger than the canonical one by default, so that anonymization shows).
  const hand = (handedness: 'left' | 'right') =>
    options.hands
      ? {
          profiles: ['generic-hand', 'generic-hand-select'],
          buttons: [],
          axes: [],
          hand: simulatedHand(handedness, options.handScale ?? 1.07),
        }
      : {};
  return new SimulatedXRDevice({
    id: options.id ?? (options.hands ? 'simulated-headset-hands' : 'simulated-headset'),
    supportedModes: ['inline', 'immersive-vr'],
    capableFeatures: {
      'immersive-vr': ArrayPrototypeConcat(
        ['viewer', 'local', 'local-floor', 'bounded-floor', 'unbounded', 'secondary-views', 'layers'],
        options.hands ? ['hand-tracking'] : [],
      ),
      inline: ['viewer', 'local', 'local-floor'],
    },
    reportsOrientation: true,
    viewGeometry: 'calibrated',
    views: stereoViews(options.ipd ?? 0.063),
    viewerOrigin: identityPose,
    floorOrigin: pose(0, -1.7, 0),
    bounds: HEADSET_PLAY_AREA,
    inputSources: [
      {
        handedness: 'left',
        targetRayMode: 'tracked-pointer',
        profiles: ['generic-trigger-squeeze-thumbstick'],
        gripOrigin: pose(-0.2, -0.5, -0.3),
        pointerOrigin: pose(-0.2, -0.5, -0.35),
        buttons: touchButtons,
        axes: [0, 0, 0, 0],
        ...hand('left'),
      },
      {
        handedness: 'right',
        targetRayMode: 'tracked-pointer',
        profiles: ['generic-trigger-squeeze-thumbstick'],
        gripOrigin: pose(0.2, -0.5, -0.3),
        pointerOrigin: pose(0.2, -0.5, -0.35),
        buttons: touchButtons,
        axes: [0, 0, 0, 0],
        ...hand('right'),
      },
    ],
    supportedFrameRates: [72, 90, 120],
    nominalFrameRate: 90,
  });
}

/** A phone-style AR device: one view, screen input, AR modules' capabilities. */
export function createPhoneAR(options: { id?: string } = {}): SimulatedXRDevice {
  return withCastSensors(
    new SimulatedXRDevice({
      id: options.id ?? 'simulated-phone',
      supportedModes: ['inline', 'immersive-ar'],
      capableFeatures: {
        'immersive-ar': [
          'viewer',
          'local',
          'local-floor',
          'unbounded',
          'hit-test',
          'anchors',
          'dom-overlay',
          'light-estimation',
          'depth-sensing',
          'camera-access',
          'layers',
          'plane-detection',
          'mesh-detection',
        ],
        inline: ['viewer', 'local'],
      },
      // Camera passthrough on a handheld screen.
      environmentBlendMode: 'alpha-blend',
      interactionMode: 'screen-space',
      reportsOrientation: true,
      viewGeometry: 'calibrated',
      views: [
        {
          eye: 'none',
          projectionMatrix: perspective(60, 1080 / 2340),
          viewOffset: identityPose,
          resolution: { width: 1080, height: 2340 },
        },
      ],
      viewerOrigin: identityPose,
      floorOrigin: null,
      bounds: null,
      nominalFrameRate: 60,
    }),
  );
}

/** A 3DoF device: orientation only, emulated position and floor. */
export function createOrientationOnly(options: { id?: string } = {}): SimulatedXRDevice {
  return new SimulatedXRDevice({
    id: options.id ?? 'simulated-3dof',
    supportedModes: ['inline', 'immersive-vr'],
    capableFeatures: {
      'immersive-vr': ['viewer', 'local', 'local-floor', 'layers'],
      inline: ['viewer', 'local'],
    },
    reportsOrientation: true,
    viewGeometry: 'calibrated',
    views: stereoViews(0.064),
    viewerOrigin: identityPose,
    viewerEmulatedPosition: true,
    floorOrigin: null,
    bounds: null,
    inputSources: [
      {
        handedness: 'right',
        targetRayMode: 'tracked-pointer',
        profiles: ['generic-trigger-touchpad'],
        gripOrigin: null,
        pointerOrigin: pose(0.2, -0.5, -0.3),
      },
    ],
    nominalFrameRate: 60,
  });
}

/** A desktop with no XR hardware: inline sessions only, no orientation. */
export function createInlineDesktop(options: { id?: string } = {}): SimulatedXRDevice {
  return new SimulatedXRDevice({
    id: options.id ?? 'simulated-desktop',
    supportedModes: ['inline'],
    capableFeatures: { inline: ['viewer'] },
    reportsOrientation: false,
    viewGeometry: 'scripted',
    views: [
      {
        eye: 'none',
        projectionMatrix: perspective(90, 16 / 9),
        viewOffset: identityPose,
        resolution: { width: 1920, height: 1080 },
      },
    ],
    viewerOrigin: null,
    nominalFrameRate: 60,
  });
}
