// Simulated XR devices: configurable and scriptable. They report raw platform data; rounding,
// limiting and gating happen in src/policy as the API layer reads them.

import type { XRSessionMode } from '../policy/features.js';
import { simulatedHand } from './hand-model.js';
import type {
  DeviceButton,
  DeviceEvent,
  DeviceFrameData,
  DeviceHand,
  DeviceInputAction,
  DeviceInputSource,
  DeviceLightEstimate,
  DeviceView,
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
}

function freezePose(p: RigidPose): RigidPose {
  return Object.freeze({
    position: Object.freeze({ x: p.position.x, y: p.position.y, z: p.position.z }),
    orientation: Object.freeze({
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

  constructor(device: SimulatedXRDevice, id: number, init: SimulatedInputInit) {
    this.#device = device;
    this.#state = Object.freeze({
      id,
      handedness: init.handedness,
      targetRayMode: init.targetRayMode,
      profiles: Object.freeze([...(init.profiles ?? [])]),
      pointerOrigin: freezePose(init.pointerOrigin ?? identityPose),
      gripOrigin: init.gripOrigin ? freezePose(init.gripOrigin) : null,
      emulatedPosition: false,
      pointerEmulatedPosition: false,
      buttons: Object.freeze([...(init.buttons ?? [])]),
      axes: Object.freeze([...(init.axes ?? [])]),
      primaryPressed: false,
      squeezePressed: false,
      hand: init.hand ?? null,
    });
  }

  get state(): DeviceInputSource {
    return this.#state;
  }

  get id(): number {
    return this.#state.id;
  }

  #set(patch: Partial<DeviceInputSource>): void {
    this.#state = Object.freeze({ ...this.#state, ...patch });
    this.#device.invalidate();
  }

  setPointerOrigin(p: RigidPose, emulatedPosition = false): void {
    this.#set({ pointerOrigin: freezePose(p), pointerEmulatedPosition: emulatedPosition });
  }

  setGripOrigin(p: RigidPose | null, emulatedPosition = false): void {
    this.#set({ gripOrigin: p ? freezePose(p) : null, emulatedPosition });
  }

  setProfiles(profiles: readonly string[]): void {
    this.#set({ profiles: Object.freeze([...profiles]) });
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
      buttons: Object.freeze(buttons.map((b) => Object.freeze({ ...b }))),
      axes: Object.freeze([...axes]),
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
    this.#device.queueAction({ sourceId: this.id, action, phase });
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

  constructor(init: SimulatedDeviceInit) {
    if (!init || !Array.isArray(init.views) || init.views.length < 1) {
      throw new TypeError('a simulated device needs at least one view');
    }
    this.id = init.id ?? 'simulated-device';
    this.supportedModes = Object.freeze([...init.supportedModes]);
    const caps: Partial<Record<XRSessionMode, readonly string[]>> = {};
    for (const [m, list] of Object.entries(init.capableFeatures ?? {})) {
      caps[m as XRSessionMode] = Object.freeze([...(list ?? [])]);
    }
    this.capableFeatures = Object.freeze(caps);
    this.environmentBlendMode = init.environmentBlendMode;
    this.interactionMode = init.interactionMode;
    this.reportsOrientation = init.reportsOrientation ?? true;
    this.viewGeometry = init.viewGeometry ?? 'calibrated';
    this.supportedFrameRates = init.supportedFrameRates ? Object.freeze([...init.supportedFrameRates]) : null;
    this.#nominalFrameRate = init.nominalFrameRate ?? 90;
    this.#views = Object.freeze([...init.views]);
    this.#secondaryViews = Object.freeze([...(init.secondaryViews ?? [])]);
    this.#viewer =
      init.viewerOrigin === undefined ? identityPose : init.viewerOrigin && freezePose(init.viewerOrigin);
    this.#viewerEmulated = init.viewerEmulatedPosition ?? false;
    this.#floor = init.floorOrigin ? freezePose(init.floorOrigin) : null;
    this.#bounds = init.bounds
      ? Object.freeze(init.bounds.map((p) => Object.freeze({ x: p.x, z: p.z })))
      : null;
    for (const i of init.inputSources ?? []) this.addInputSource(i);
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
    return this.#inputs.slice();
  }

  frame(options?: { readonly drainActions?: boolean }): DeviceFrameData {
    if (options?.drainActions === false && this.#actions.length > 0) {
      return Object.freeze({ ...this.#snapshotWithout(), inputActions: Object.freeze([]) });
    }
    const actions = this.#actions;
    this.#actions = [];
    if (this.#frame === null || actions.length > 0) {
      this.#frame = Object.freeze({
        viewer: this.#viewer,
        viewerEmulatedPosition: this.#viewerEmulated,
        floor: this.#floor,
        bounds: this.#bounds,
        views: this.#views,
        secondaryViews: this.#secondaryViews,
        inputSources: Object.freeze(this.#inputs.map((i) => i.state)),
        inputActions: Object.freeze(actions),
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
      inputSources: Object.freeze(this.#inputs.map((i) => i.state)),
      inputActions: Object.freeze([]),
      lightEstimate: this.#lightEstimate,
    };
  }

  /** The light estimate of the next frames (null: the device cannot estimate the lighting). */
  setLightEstimate(estimate: DeviceLightEstimate | null): void {
    this.#lightEstimate = estimate
      ? Object.freeze({
          sphericalHarmonicsCoefficients: Object.freeze([...estimate.sphericalHarmonicsCoefficients]),
          primaryLightDirection: estimate.primaryLightDirection
            ? Object.freeze({ ...estimate.primaryLightDirection })
            : null,
          primaryLightIntensity: estimate.primaryLightIntensity
            ? Object.freeze({ ...estimate.primaryLightIntensity })
            : null,
        })
      : null;
    this.#changed();
  }

  subscribe(listener: (event: DeviceEvent) => void): () => void {
    this.#listeners.push(listener);
    return () => {
      this.#listeners = this.#listeners.filter((l) => l !== listener);
    };
  }

  setFrameRate(rate: number): boolean {
    if (!this.supportedFrameRates?.includes(rate)) return false;
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
    for (const l of this.#listeners.slice()) l(e);
  }

  /** @internal used by input sources */
  nextInputId(): number {
    this.#changed();
    return this.#nextInputId++;
  }

  /** @internal used by input sources */
  queueAction(a: DeviceInputAction): void {
    this.#actions.push(Object.freeze(a));
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
    this.#bounds = points ? Object.freeze(points.map((q) => Object.freeze({ x: q.x, z: q.z }))) : null;
    this.#changed();
    this.#emit({ type: 'bounds-changed' });
  }

  setViews(views: readonly DeviceView[], secondaryViews: readonly DeviceView[] = []): void {
    if (views.length < 1) throw new TypeError('a device needs at least one view');
    this.#views = Object.freeze([...views]);
    this.#secondaryViews = Object.freeze([...secondaryViews]);
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
    this.#inputs.push(s);
    this.#changed();
    return s;
  }

  /** @internal */
  removeInputSource(s: SimulatedInputSource): void {
    if (!this.#inputs.includes(s)) return;
    if (s.state.primaryPressed) this.queueAction({ sourceId: s.id, action: 'select', phase: 'cancel' });
    if (s.state.squeezePressed) this.queueAction({ sourceId: s.id, action: 'squeeze', phase: 'cancel' });
    this.#inputs = this.#inputs.filter((x) => x !== s);
    this.#changed();
  }

  /** @internal */
  restoreInputSource(s: SimulatedInputSource): void {
    if (this.#inputs.includes(s)) return;
    this.#inputs.push(s);
    this.#changed();
  }

  disconnect(): void {
    if (!this.#connected) return;
    this.#connected = false;
    this.#emit({ type: 'disconnect' });
  }
}

// ---------------------------------------------------------------------------------------------
// Presets.

/** A symmetric perspective projection (column-major), vertical FOV in degrees. */
export function perspective(fovYDeg: number, aspect: number, near = 0.1, far = 1000): number[] {
  const f = 1 / Math.tan((fovYDeg * Math.PI) / 360);
  const nf = 1 / (near - far);
  return [f / aspect, 0, 0, 0, 0, f, 0, 0, 0, 0, (far + near) * nf, -1, 0, 0, 2 * far * near * nf, 0];
}

function stereoViews(ipd: number): DeviceView[] {
  const proj = perspective(100, 1832 / 1920);
  return [
    {
      eye: 'left',
      projectionMatrix: proj,
      viewOffset: pose(-ipd / 2, 0, 0),
      resolution: { width: 1832, height: 1920 },
    },
    {
      eye: 'right',
      projectionMatrix: proj,
      viewOffset: pose(ipd / 2, 0, 0),
      resolution: { width: 1832, height: 1920 },
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
 * The default device: a 6DoF stereo headset (IPD 63 mm, calibrated) with two tracked-pointer
 * controllers, a sensed floor 1.7 m below the local origin and a 3 m x 2.5 m play area.
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
      'immersive-vr': [
        'viewer',
        'local',
        'local-floor',
        'bounded-floor',
        'unbounded',
        'secondary-views',
        ...(options.hands ? ['hand-tracking'] : []),
      ],
      inline: ['viewer', 'local', 'local-floor'],
    },
    reportsOrientation: true,
    viewGeometry: 'calibrated',
    views: stereoViews(options.ipd ?? 0.063),
    viewerOrigin: identityPose,
    floorOrigin: pose(0, -1.7, 0),
    bounds: [
      { x: -1.5, z: -1.25 },
      { x: 1.5, z: -1.25 },
      { x: 1.5, z: 1.25 },
      { x: -1.5, z: 1.25 },
    ],
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
  return new SimulatedXRDevice({
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
  });
}

/** A 3DoF device: orientation only, emulated position and floor. */
export function createOrientationOnly(options: { id?: string } = {}): SimulatedXRDevice {
  return new SimulatedXRDevice({
    id: options.id ?? 'simulated-3dof',
    supportedModes: ['inline', 'immersive-vr'],
    capableFeatures: { 'immersive-vr': ['viewer', 'local', 'local-floor'], inline: ['viewer', 'local'] },
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
