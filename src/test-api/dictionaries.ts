// WebXR Test API dictionaries (webxr-test-api index.bs @ 0d410d7): conversion and validation,
// with the spec's defaults. Errors are TypeErrors, as "parse a rigid transform" and "parse a view" say.

import { type FovTangents, projectionFromFov } from '../device/projection.js';
import type {
  DeviceButton,
  DeviceDepthBuffer,
  DeviceLightEstimate,
  DeviceView,
  RigidPose,
  XREnvironmentBlendMode,
  XREye,
  XRHandedness,
  XRInteractionMode,
  XRTargetRayMode,
} from '../device/types.js';
import type { DepthCapabilities } from '../policy/depth-sensing.js';
import { isSessionMode, type XRSessionMode } from '../policy/features.js';
import { parseCameraImage, parseDepthSensingData, parseDepthSupport } from './depth-sensing.js';
import type { FakeXRButtonType } from './types.js';

function dict(v: unknown, what: string): Record<string, unknown> {
  if (v === undefined || v === null) return {};
  if (typeof v !== 'object' && typeof v !== 'function') throw new TypeError(`${what} must be a dictionary`);
  return v as Record<string, unknown>;
}

function required(d: Record<string, unknown>, key: string, what: string): unknown {
  const v = d[key];
  if (v === undefined) throw new TypeError(`${what}: required member '${key}' is missing`);
  return v;
}

function sequence(v: unknown, what: string): unknown[] {
  if (
    v === null ||
    typeof v !== 'object' ||
    typeof (v as Iterable<unknown>)[Symbol.iterator] !== 'function'
  ) {
    throw new TypeError(`${what} must be a sequence`);
  }
  const out: unknown[] = [];
  for (const x of v as Iterable<unknown>) {
    if (out.length > 100_000) throw new TypeError(`${what} is too long`);
    out.push(x);
  }
  return out;
}

function float(v: unknown, what: string): number {
  if (typeof v === 'symbol' || typeof v === 'bigint') throw new TypeError(`${what} is not a number`);
  const n = Number(v);
  if (!Number.isFinite(n)) throw new TypeError(`${what} must be a finite float`);
  // WebIDL float: a value that rounds to ±2^128 is out of range (TypeError), not Infinity.
  const f = Math.fround(n);
  if (!Number.isFinite(f)) throw new TypeError(`${what} is out of the float range`);
  return f;
}

function double(v: unknown, what: string): number {
  const n = Number(v);
  if (typeof v === 'symbol' || !Number.isFinite(n)) throw new TypeError(`${what} must be a finite double`);
  return n;
}

function enumValue<T extends string>(v: unknown, allowed: readonly T[], what: string): T {
  if (typeof v === 'symbol') throw new TypeError(`${what}: a Symbol is not valid`);
  const s = String(v);
  if (!(allowed as readonly string[]).includes(s))
    throw new TypeError(`${what}: '${s}' is not one of ${allowed.join(', ')}`);
  return s as T;
}

export const eyes: readonly XREye[] = ['none', 'left', 'right'];
export const handednesses: readonly XRHandedness[] = ['none', 'left', 'right'];
export const targetRayModes: readonly XRTargetRayMode[] = [
  'gaze',
  'tracked-pointer',
  'screen',
  'transient-pointer',
];
export const visibilityStates = ['visible', 'visible-blurred', 'hidden'] as const;
export const buttonTypes = [
  'grip',
  'touchpad',
  'thumbstick',
  'optional-button',
  'optional-thumbstick',
] as const satisfies readonly FakeXRButtonType[];

// spec(test): #parse-a-rigid-transform
export function parseRigidTransform(init: unknown, what = 'FakeXRRigidTransformInit'): RigidPose {
  const d = dict(init, what);
  const p = sequence(required(d, 'position', what), `${what}.position`).map((x, i) =>
    float(x, `${what}.position[${i}]`),
  );
  const o = sequence(required(d, 'orientation', what), `${what}.orientation`).map((x, i) =>
    float(x, `${what}.orientation[${i}]`),
  );
  if (p.length !== 3) throw new TypeError(`${what}.position must have 3 elements (got ${p.length})`);
  if (o.length !== 4) throw new TypeError(`${what}.orientation must have 4 elements (got ${o.length})`);
  const len = Math.sqrt(o.reduce((acc, v) => acc + v * v, 0));
  // Parsing constructs an XRRigidTransform, whose normalize step throws InvalidStateError.
  if (len === 0 || !Number.isFinite(len)) {
    throw new DOMException(`${what}.orientation cannot be normalized (zero length)`, 'InvalidStateError');
  }
  // XRRigidTransform normalizes the orientation; exact for unit quaternions.
  const q = len === 1 ? o : o.map((v) => v / len);
  return Object.freeze({
    position: Object.freeze({ x: p[0] as number, y: p[1] as number, z: p[2] as number }),
    orientation: Object.freeze({
      x: q[0] as number,
      y: q[1] as number,
      z: q[2] as number,
      w: q[3] as number,
    }),
  });
}

function fovTangents(fov: Record<string, unknown>): FovTangents {
  const t = (k: string) => Math.tan((float(required(fov, k, 'FakeXRFieldOfViewInit'), k) * Math.PI) / 180);
  return Object.freeze({
    up: t('upDegrees'),
    down: t('downDegrees'),
    left: t('leftDegrees'),
    right: t('rightDegrees'),
  });
}

// spec(test): #parse-a-view
export function parseView(init: unknown): DeviceView {
  const d = dict(init, 'FakeXRViewInit');
  const eye = enumValue(required(d, 'eye', 'FakeXRViewInit'), eyes, 'FakeXRViewInit.eye');
  const pm = sequence(required(d, 'projectionMatrix', 'FakeXRViewInit'), 'projectionMatrix').map((x, i) =>
    float(x, `projectionMatrix[${i}]`),
  );
  const res = dict(required(d, 'resolution', 'FakeXRViewInit'), 'FakeXRDeviceResolution');
  const width = Math.trunc(double(required(res, 'width', 'FakeXRDeviceResolution'), 'width'));
  const height = Math.trunc(double(required(res, 'height', 'FakeXRDeviceResolution'), 'height'));
  const viewOffset = parseRigidTransform(
    required(d, 'viewOffset', 'FakeXRViewInit'),
    'FakeXRViewInit.viewOffset',
  );
  if (pm.length !== 16)
    throw new TypeError(`FakeXRViewInit.projectionMatrix must have 16 elements (got ${pm.length})`);
  // spec(test): with a field of view the projection follows it and the session's depths (default 0.1/1000).
  const fieldOfView =
    d.fieldOfView !== undefined ? fovTangents(dict(d.fieldOfView, 'fieldOfView')) : undefined;
  const projectionMatrix = fieldOfView ? projectionFromFov(fieldOfView, 0.1, 1000) : pm;
  // spec(test): #parse-a-view: the visibility mask, when set (FakeXRVisibilityMask).
  const visibilityMask = d.visibilityMask !== undefined ? parseVisibilityMask(d.visibilityMask) : undefined;
  // Raw camera access extensions: the camera image aligned with the view.
  const cameraImage = parseCameraImage(d.cameraImageInit);
  return Object.freeze({
    eye,
    projectionMatrix: Object.freeze(projectionMatrix),
    viewOffset,
    resolution: Object.freeze({ width, height }),
    ...(fieldOfView ? { fieldOfView } : {}),
    ...(visibilityMask ? { visibilityMask } : {}),
    ...(cameraImage ? { cameraImage } : {}),
  });
}

/** WebIDL unsigned long (no [EnforceRange]): ToNumber, then modulo 2^32; NaN and ±Infinity are 0. */
function unsignedLong(v: unknown, what: string): number {
  if (typeof v === 'symbol' || typeof v === 'bigint') throw new TypeError(`${what} is not a number`);
  const n = Number(v);
  if (!Number.isFinite(n)) return 0;
  return Math.trunc(n) >>> 0;
}

function parseVisibilityMask(v: unknown): NonNullable<DeviceView['visibilityMask']> {
  const m = dict(v, 'FakeXRVisibilityMask');
  // Members in lexicographic order, as WebIDL reads them.
  const indices = sequence(required(m, 'indices', 'FakeXRVisibilityMask'), 'visibilityMask.indices').map(
    (x, i) => unsignedLong(x, `visibilityMask.indices[${i}]`),
  );
  const vertices = sequence(required(m, 'vertices', 'FakeXRVisibilityMask'), 'visibilityMask.vertices').map(
    (x, i) => float(x, `visibilityMask.vertices[${i}]`),
  );
  return Object.freeze({ vertices: Object.freeze(vertices), indices: Object.freeze(indices) });
}

/** DOMPointInit: unrestricted doubles, defaults x = y = z = 0, w = 1. */
function domPointInit(v: unknown, what: string): { x: number; y: number; z: number; w: number } {
  const p = dict(v, what);
  const num = (m: unknown, name: string, dflt: number): number => {
    if (m === undefined) return dflt;
    if (typeof m === 'symbol' || typeof m === 'bigint')
      throw new TypeError(`${what}.${name} is not a number`);
    return Number(m);
  };
  // Members in lexicographic order, as WebIDL reads them.
  const w = num(p.w, 'w', 1);
  const x = num(p.x, 'x', 0);
  const y = num(p.y, 'y', 0);
  const z = num(p.z, 'z', 0);
  return { x, y, z, w };
}

// spec(test): #dom-fakexrdevice-setlightestimate steps 1–6
export function parseLightEstimate(init: unknown): DeviceLightEstimate {
  const d = dict(init, 'FakeXRLightEstimateInit');
  const direction =
    d.primaryLightDirection === undefined
      ? null
      : domPointInit(d.primaryLightDirection, 'primaryLightDirection');
  const intensity =
    d.primaryLightIntensity === undefined
      ? null
      : domPointInit(d.primaryLightIntensity, 'primaryLightIntensity');
  const coefficients = sequence(
    required(d, 'sphericalHarmonicsCoefficients', 'FakeXRLightEstimateInit'),
    'sphericalHarmonicsCoefficients',
  ).map((x, i) => float(x, `sphericalHarmonicsCoefficients[${i}]`));
  if (coefficients.length !== 27) {
    throw new TypeError(
      `FakeXRLightEstimateInit.sphericalHarmonicsCoefficients must have 27 elements (got ${coefficients.length})`,
    );
  }
  if (direction && direction.w !== 0) throw new TypeError('primaryLightDirection.w must be 0');
  if (intensity && intensity.w !== 1) throw new TypeError('primaryLightIntensity.w must be 1');
  return {
    sphericalHarmonicsCoefficients: coefficients,
    primaryLightDirection: direction && { x: direction.x, y: direction.y, z: direction.z },
    primaryLightIntensity: intensity && { x: intensity.x, y: intensity.y, z: intensity.z },
  };
}

export function parseViews(list: unknown, what: string): DeviceView[] {
  return sequence(list, what).map((v) => parseView(v));
}

export function parseBounds(list: unknown): { x: number; z: number }[] {
  return sequence(list, 'boundsCoordinates').map((p, i) => {
    const d = dict(p, `boundsCoordinates[${i}]`);
    return {
      x: d.x === undefined ? 0 : double(d.x, `boundsCoordinates[${i}].x`),
      z: d.z === undefined ? 0 : double(d.z, `boundsCoordinates[${i}].z`),
    };
  });
}

export interface ParsedDeviceInit {
  supportedModes: XRSessionMode[];
  environmentBlendMode: XREnvironmentBlendMode | undefined;
  interactionMode: XRInteractionMode | undefined;
  views: DeviceView[];
  secondaryViews: DeviceView[];
  supportedFeatures: string[];
  bounds: { x: number; z: number }[] | null;
  floorOrigin: RigidPose | null;
  viewerOrigin: RigidPose | null;
  depthSensingData: DeviceDepthBuffer | null;
  depthSupport: DepthCapabilities;
}

const BLEND_MODES = ['opaque', 'additive', 'alpha-blend'] as const;
const INTERACTION_MODES = ['screen-space', 'world-space'] as const;

function optionalEnum<T extends string>(value: unknown, values: readonly T[], member: string): T | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'symbol') throw new TypeError(`FakeXRDeviceInit.${member}: a Symbol is not a string`);
  const s = String(value);
  if (!(values as readonly string[]).includes(s)) {
    throw new TypeError(`FakeXRDeviceInit.${member}: '${s}' is not one of ${values.join(', ')}`);
  }
  return s as T;
}

// spec(test): #dom-xrtest-simulatedeviceconnection steps 2.1–2.9
export function parseDeviceInit(init: unknown): ParsedDeviceInit {
  const d = dict(init, 'FakeXRDeviceInit');
  // supportsImmersive is deprecated in favour of supportedModes (spec(test) advisement) and WPT's
  // module tests leave it out when they list supportedModes: it is required only without them.
  const supportsImmersive = Boolean(
    d.supportedModes === undefined
      ? required(d, 'supportsImmersive', 'FakeXRDeviceInit')
      : d.supportsImmersive,
  );
  const views = parseViews(required(d, 'views', 'FakeXRDeviceInit'), 'views');
  if (views.length < 1) throw new TypeError('FakeXRDeviceInit.views needs at least one view');
  const secondaryViews = d.secondaryViews === undefined ? [] : parseViews(d.secondaryViews, 'secondaryViews');
  let bounds: { x: number; z: number }[] | null = null;
  if (d.boundsCoordinates !== undefined) {
    bounds = parseBounds(d.boundsCoordinates);
    if (bounds.length < 3) throw new TypeError('boundsCoordinates needs at least 3 points');
  }
  const floorOrigin =
    d.floorOrigin === undefined || d.floorOrigin === null
      ? null
      : parseRigidTransform(d.floorOrigin, 'floorOrigin');
  const viewerOrigin =
    d.viewerOrigin === undefined || d.viewerOrigin === null
      ? null
      : parseRigidTransform(d.viewerOrigin, 'viewerOrigin');
  let supportedModes: XRSessionMode[];
  if (d.supportedModes !== undefined) {
    supportedModes = sequence(d.supportedModes, 'supportedModes').map((m) => {
      if (!isSessionMode(m)) throw new TypeError(`supportedModes: '${String(m)}' is not an XRSessionMode`);
      return m;
    });
    if (supportedModes.length === 0) supportedModes.push('inline');
  } else {
    supportedModes = ['inline'];
    if (supportsImmersive) supportedModes.push('immersive-vr');
  }
  // sequence<any>: every entry is kept as its string form; non-strings never match a descriptor.
  const supportedFeatures =
    d.supportedFeatures === undefined
      ? []
      : sequence(d.supportedFeatures, 'supportedFeatures').map((f) =>
          typeof f === 'string' ? f : `\u0000${typeof f}`,
        );
  // The AR module's members of FakeXRDeviceInit (enums: a value outside them is a TypeError).
  const environmentBlendMode = optionalEnum(d.environmentBlendMode, BLEND_MODES, 'environmentBlendMode');
  const interactionMode = optionalEnum(d.interactionMode, INTERACTION_MODES, 'interactionMode');
  // Depth sensing extensions.
  const depthSensingData =
    d.depthSensingData === undefined ? null : parseDepthSensingData(d.depthSensingData, parseRigidTransform);
  const depthSupport = parseDepthSupport(d.depthSupport);
  return {
    depthSensingData,
    depthSupport,
    supportedModes,
    environmentBlendMode,
    interactionMode,
    views,
    secondaryViews,
    supportedFeatures,
    bounds,
    floorOrigin,
    viewerOrigin,
  };
}

export interface ParsedButton {
  readonly buttonType: FakeXRButtonType;
  readonly pressed: boolean;
  readonly touched: boolean;
  readonly pressedValue: number;
  readonly xValue: number;
  readonly yValue: number;
}

export function parseButton(init: unknown): ParsedButton {
  const d = dict(init, 'FakeXRButtonStateInit');
  const buttonType = enumValue(required(d, 'buttonType', 'FakeXRButtonStateInit'), buttonTypes, 'buttonType');
  const pressed = Boolean(required(d, 'pressed', 'FakeXRButtonStateInit'));
  const touched = Boolean(required(d, 'touched', 'FakeXRButtonStateInit'));
  const pressedValue = float(required(d, 'pressedValue', 'FakeXRButtonStateInit'), 'pressedValue');
  // spec(test): validate a button state — touched whenever pressed or partly pressed; value in [0, 1].
  if (pressedValue < 0 || pressedValue > 1)
    throw new TypeError('FakeXRButtonStateInit.pressedValue must be in [0, 1]');
  if (pressed && !touched) throw new TypeError('FakeXRButtonStateInit: a pressed button must be touched');
  if (pressedValue > 0 && !touched)
    throw new TypeError('FakeXRButtonStateInit: a partly pressed button must be touched');
  const xValue = d.xValue === undefined ? 0 : float(d.xValue, 'xValue');
  const yValue = d.yValue === undefined ? 0 : float(d.yValue, 'yValue');
  return Object.freeze({ buttonType, pressed, touched, pressedValue, xValue, yValue });
}

// spec(test): #parse-supported-buttons — the first of each type wins.
export function parseSupportedButtons(list: unknown): ParsedButton[] {
  const out: ParsedButton[] = [];
  for (const b of sequence(list, 'supportedButtons')) {
    const p = parseButton(b);
    if (!out.some((x) => x.buttonType === p.buttonType)) out.push(p);
  }
  return out;
}

/** xr-standard gamepad layout: 0 trigger (primary), 1 squeeze (grip), 2 touchpad, 3 thumbstick, 4+ optional. */
export function gamepadFrom(
  primaryPressed: boolean,
  buttons: readonly ParsedButton[],
): { buttons: DeviceButton[]; axes: number[] } {
  const find = (t: FakeXRButtonType) => buttons.find((b) => b.buttonType === t);
  const out: DeviceButton[] = [
    { pressed: primaryPressed, touched: primaryPressed, value: primaryPressed ? 1 : 0 },
  ];
  const slot = (b: ParsedButton | undefined): DeviceButton =>
    b
      ? { pressed: b.pressed, touched: b.touched, value: b.pressedValue }
      : { pressed: false, touched: false, value: 0 };
  if (buttons.length === 0) return { buttons: [], axes: [] };
  // gamepads-module #xr-standard-gamepad-mapping: buttons [0] primary trigger, [1] squeeze,
  // [2] touchpad, [3] thumbstick, then the optional ones; axes [0–1] touchpad, [2–3] thumbstick.
  // A slot the device lacks is a placeholder only when a later slot is used; trailing ones are
  // left out (grip + touchpad → 3 buttons, 2 axes).
  const grip = find('grip');
  const touchpad = find('touchpad');
  const thumbstick = find('thumbstick');
  const optional = buttons.filter(
    (b) => b.buttonType === 'optional-button' || b.buttonType === 'optional-thumbstick',
  );
  const fixed = [grip, touchpad, thumbstick];
  let used = optional.length > 0 ? 3 : 0;
  for (let i = 0; i < fixed.length; i++) if (fixed[i]) used = Math.max(used, i + 1);
  for (let i = 0; i < used; i++) out.push(slot(fixed[i]));
  for (const b of optional) out.push(slot(b));
  const axes: number[] = [];
  if (touchpad || thumbstick || optional.some((b) => b.buttonType === 'optional-thumbstick')) {
    axes.push(touchpad?.xValue ?? 0, touchpad?.yValue ?? 0);
  }
  if (thumbstick || optional.some((b) => b.buttonType === 'optional-thumbstick')) {
    axes.push(thumbstick?.xValue ?? 0, thumbstick?.yValue ?? 0);
  }
  for (const b of optional) if (b.buttonType === 'optional-thumbstick') axes.push(b.xValue, b.yValue);
  return { buttons: out, axes };
}

export { dict, enumValue, required, sequence };
