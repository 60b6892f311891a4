// The rules of the WebXR Depth Sensing Module (immersive-web/depth-sensing index.bs @ 2e5e987):
// the session configuration (XRDepthStateInit, "find supported configuration combination"), the
// checks of getDepthInformation / pauseDepthSensing / resumeDepthSensing, and what the user agent
// lets through of the device's depth buffers.
// spec(depth): #privacy-security: a depth buffer of high enough resolution and precision tells a
// site more about the user's surroundings than they may be comfortable with. The user agent should
// seek consent, and may limit the information (lower resolution, quantized values) or block access.
// xrgate: explicit consent (the feature row's explicitRequired, R-DEPTH-02), no depth while the
// session is not visible or depth is paused (R-DEPTH-03), values quantized (R-DEPTH-04), resolution
// limited (R-DEPTH-05), the depth of the current frame's views only (R-DEPTH-06).
// Pure: no DOM, no globals; every fact comes in as an argument.

import {
  ArrayIsArray,
  ArrayPrototypeIncludes,
  ArrayPrototypePush,
  Float64Array,
  MathAbs,
  MathCeil,
  MathMax,
  MathMin,
  MathRound,
  NumberIsFinite,
  ObjectFreeze,
  ObjectGetOwnPropertyDescriptor,
  ObjectHasOwn,
} from '../primordials.js';
import { allow, type Decision, deny } from './decision.js';
import { PolicyInputError, readOption, readProperty, toDOMStringList } from './input.js';
import type { VisibilityState } from './poses.js';
import type { UAProfile } from './profile.js';

export type XRDepthUsage = 'cpu-optimized' | 'gpu-optimized';
export type XRDepthDataFormat = 'luminance-alpha' | 'float32' | 'unsigned-short';
export type XRDepthType = 'raw' | 'smooth';

export const depthUsages: readonly XRDepthUsage[] = ObjectFreeze(['cpu-optimized', 'gpu-optimized']);
export const depthDataFormats: readonly XRDepthDataFormat[] = ObjectFreeze([
  'luminance-alpha',
  'float32',
  'unsigned-short',
]);
export const depthTypes: readonly XRDepthType[] = ObjectFreeze(['raw', 'smooth']);

/** Bytes per entry of a depth buffer in `format` (spec(depth) #usage-and-formats table). */
export function bytesPerDepthEntry(format: XRDepthDataFormat): number {
  return format === 'float32' ? 4 : 2;
}

/** XRDepthStateInit after WebIDL conversion (plain data: crosses to the user agent as is). */
export interface DepthStateInit {
  readonly usagePreference: readonly XRDepthUsage[];
  readonly dataFormatPreference: readonly XRDepthDataFormat[];
  readonly depthTypeRequest: readonly XRDepthType[];
  readonly matchDepthView: boolean;
}

/** The configuration a session with depth sensing runs with. */
export interface DepthConfiguration {
  readonly usage: XRDepthUsage;
  readonly dataFormat: XRDepthDataFormat;
  /** What XRSession.depthType reports: null when the page asked for no type or its request was ignored. */
  readonly type: XRDepthType | null;
  /** The type the device produces (the request's, or the device's preferred one). */
  readonly nativeType: XRDepthType;
  readonly matchDepthView: boolean;
}

/** A device's native depth sensing capabilities: empty lists mean "every value" (as the Test API says). */
export interface DepthCapabilities {
  readonly types: readonly XRDepthType[];
  readonly usages: readonly XRDepthUsage[];
  readonly formats: readonly XRDepthDataFormat[];
}

function enumList<T extends string>(
  value: unknown,
  allowed: readonly T[],
  what: string,
  maxLength: number,
): T[] {
  const list = toDOMStringList(value, what, maxLength);
  for (let i = 0; i < list.length; i++) {
    if (!ArrayPrototypeIncludes(allowed as readonly string[], list[i]!)) {
      throw new PolicyInputError(`${what}: '${list[i]}' is not a valid value`);
    }
  }
  return list as T[];
}

/**
 * WebIDL conversion of XRSessionInit.depthSensing (spec(depth) #session-configuration), in the
 * page's realm: undefined when absent; TypeError when a required member is missing or a value is
 * not in its enum. Members are read in lexicographic order, as WebIDL reads a dictionary.
 */
export function convertDepthStateInit(value: unknown, maxLength: number): DepthStateInit | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' && typeof value !== 'function') {
    throw new PolicyInputError('depthSensing must be an XRDepthStateInit dictionary (an object)');
  }
  const format = readProperty(value, 'dataFormatPreference');
  if (format === undefined) {
    throw new PolicyInputError("depthSensing: the required member 'dataFormatPreference' is missing");
  }
  const dataFormatPreference = enumList(format, depthDataFormats, 'dataFormatPreference', maxLength);
  const typeRequest = readProperty(value, 'depthTypeRequest');
  const depthTypeRequest =
    typeRequest === undefined ? [] : enumList(typeRequest, depthTypes, 'depthTypeRequest', maxLength);
  const match = readProperty(value, 'matchDepthView');
  const usage = readProperty(value, 'usagePreference');
  if (usage === undefined) {
    throw new PolicyInputError("depthSensing: the required member 'usagePreference' is missing");
  }
  const usagePreference = enumList(usage, depthUsages, 'usagePreference', maxLength);
  return ObjectFreeze({
    usagePreference: ObjectFreeze(usagePreference),
    dataFormatPreference: ObjectFreeze(dataFormatPreference),
    depthTypeRequest: ObjectFreeze(depthTypeRequest),
    matchDepthView: match === undefined ? true : !!match,
  });
}

/** `o[key]` when it is an own data property (no getter runs, nothing comes from a prototype). */
function ownData(o: unknown, key: PropertyKey): unknown {
  if (o === null || (typeof o !== 'object' && typeof o !== 'function')) return undefined;
  const d = ObjectGetOwnPropertyDescriptor(o, key);
  return d !== undefined && ObjectHasOwn(d, 'value') ? d.value : undefined;
}

function ownEnumList<T extends string>(v: unknown, allowed: readonly T[], max: number): T[] | null {
  if (!ArrayIsArray(v) || v.length > max) return null;
  const out: T[] = [];
  for (let i = 0; i < v.length; i++) {
    const s = ownData(v, i);
    if (typeof s !== 'string' || !ArrayPrototypeIncludes(allowed as readonly string[], s)) return null;
    ArrayPrototypePush(out, s as T);
  }
  return out;
}

/**
 * The depthSensing member of a request message, checked again on the user agent's side (every field
 * of a message is hostile): undefined when absent, null when malformed (refused like a conversion error).
 */
export function depthStateInitFromMessage(v: unknown, maxLength: number): DepthStateInit | undefined | null {
  if (v === undefined) return undefined;
  if (v === null || typeof v !== 'object') return null;
  const usage = ownEnumList(ownData(v, 'usagePreference'), depthUsages, maxLength);
  const format = ownEnumList(ownData(v, 'dataFormatPreference'), depthDataFormats, maxLength);
  const rawTypes = ownData(v, 'depthTypeRequest');
  const types = rawTypes === undefined ? [] : ownEnumList(rawTypes, depthTypes, maxLength);
  const match = ownData(v, 'matchDepthView');
  if (usage === null || format === null || types === null) return null;
  if (match !== undefined && typeof match !== 'boolean') return null;
  return ObjectFreeze({
    usagePreference: ObjectFreeze(usage),
    dataFormatPreference: ObjectFreeze(format),
    depthTypeRequest: ObjectFreeze(types),
    matchDepthView: match === undefined ? true : match,
  });
}

function supports<T>(list: readonly T[], v: T): boolean {
  return list.length === 0 || ArrayPrototypeIncludes(list, v);
}

/** The device's preferred capability (spec: used when a preference list is empty). */
function preferredOf<T>(list: readonly T[], fallback: T): T {
  return list.length > 0 ? (list[0] as T) : fallback;
}

/**
 * spec(depth): #find-supported-configuration ("find supported configuration combination"), with
 * the retry without depthTypeRequest. Returns null when no supported configuration exists (R-DEPTH-01).
 */
export function findSupportedDepthConfiguration(
  init: DepthStateInit,
  caps: DepthCapabilities,
): DepthConfiguration | null {
  let typeRequest = init.depthTypeRequest;
  for (;;) {
    // Steps 1–6.
    let type: XRDepthType | null = null;
    let usage: XRDepthUsage | null = null;
    let format: XRDepthDataFormat | null = null;
    const ok = (t: XRDepthType | null, u: XRDepthUsage | null, f: XRDepthDataFormat | null) =>
      (t === null || supports(caps.types, t)) &&
      (u === null || supports(caps.usages, u)) &&
      (f === null || supports(caps.formats, f));
    // Step 8: a preference list with one value selects it.
    if (typeRequest.length === 1) type = typeRequest[0]!;
    if (init.usagePreference.length === 1) usage = init.usagePreference[0]!;
    if (init.dataFormatPreference.length === 1) format = init.dataFormatPreference[0]!;
    // Step 9: the first supported value of each longer list, given the others selected so far.
    if (type === null) {
      for (let i = 0; i < typeRequest.length; i++) {
        if (ok(typeRequest[i]!, usage, format)) {
          type = typeRequest[i]!;
          break;
        }
      }
    }
    if (usage === null) {
      for (let i = 0; i < init.usagePreference.length; i++) {
        if (ok(type, init.usagePreference[i]!, format)) {
          usage = init.usagePreference[i]!;
          break;
        }
      }
    }
    if (format === null) {
      for (let i = 0; i < init.dataFormatPreference.length; i++) {
        if (ok(type, usage, init.dataFormatPreference[i]!)) {
          format = init.dataFormatPreference[i]!;
          break;
        }
      }
    }
    // Step 10: the device's preferred capability for what is still unselected. The Test API's
    // device supports every combination of its lists, so the first value of each list is preferred;
    // luminance-alpha is the format every device must support.
    if (type === null) type = preferredOf(caps.types, 'raw');
    if (usage === null) usage = preferredOf(caps.usages, 'cpu-optimized');
    if (format === null) format = preferredOf(caps.formats, 'luminance-alpha');
    // Step 12: a supported configuration.
    if (ok(type, usage, format)) {
      return ObjectFreeze({
        usage,
        dataFormat: format,
        // depthType is null when the page asked for no type, or its request was ignored (below).
        type: typeRequest.length > 0 ? type : null,
        nativeType: type,
        matchDepthView: init.matchDepthView,
      });
    }
    // Step 13: once more without the type request (it MAY be ignored).
    if (typeRequest.length === 0) return null;
    typeRequest = [];
  }
}

/**
 * Why 'depth-sensing' cannot be enabled for this request, or null when it can (R-DEPTH-01): the
 * depthSensing key is missing, or no configuration the device supports matches it. The caller
 * treats a reason as an unresolved feature (required: NotSupportedError; optional: not enabled).
 */
// spec(depth): #session-configuration ("MUST be provided"; "treat this as an unresolved required feature")
export function depthSensingProblem(
  init: DepthStateInit | undefined,
  caps: DepthCapabilities | null,
): string | null {
  if (init === undefined) {
    return 'requestSession() needs a depthSensing dictionary (XRDepthStateInit) with the feature';
  }
  if (caps === null) return 'the XR device has no native depth sensing';
  if (findSupportedDepthConfiguration(init, caps) === null) {
    return 'no depth sensing configuration the XR device supports matches depthSensing';
  }
  return null;
}

// --- The page's calls -------------------------------------------------------------------------

/** Facts about one getDepthInformation(view) call (gathered by the page side). */
export interface DepthRequestFacts {
  /** XRFrame.getDepthInformation (CPU) or XRWebGLBinding.getDepthInformation (GPU). */
  readonly api: 'cpu' | 'gpu';
  /** 'depth-sensing' is in the session's enabled features. */
  readonly enabled: boolean;
  /** The session's depthUsage (null when depth sensing is not enabled). */
  readonly usage: XRDepthUsage | null;
  /** GPU: the binding's session is the view's frame's session. */
  readonly sameSession: boolean;
  /** The frame (CPU: the frame called; GPU: the view's frame) is active. */
  readonly frameActive: boolean;
  readonly animationFrame: boolean;
  /** CPU: the view belongs to the frame called (not to an older frame or another session). */
  readonly viewOfFrame: boolean;
}

/**
 * spec(depth): #obtain-depth-information and #obtain-webgl-depth-information: the checks in the
 * spec's order for each API (R-DEPTH-06: a view of another frame is refused).
 */
export function depthInformationRequestIsAllowed(f: DepthRequestFacts): Decision {
  const action = f.api === 'cpu' ? 'XRFrame.getDepthInformation()' : 'XRWebGLBinding.getDepthInformation()';
  const wanted: XRDepthUsage = f.api === 'cpu' ? 'cpu-optimized' : 'gpu-optimized';
  const notEnabled = () =>
    deny('NotSupportedError', {
      action,
      reason: "'depth-sensing' is not an enabled feature of this session",
      fix: "Request 'depth-sensing' with a depthSensing dictionary in requestSession() and check enabledFeatures.",
      requirement: 'R-DEPTH-02',
    });
  const inactive = () =>
    deny('InvalidStateError', {
      action,
      reason: 'the frame is not active (depth is available only inside the requestAnimationFrame callback)',
      fix: 'Call it from the XRFrameRequestCallback of the frame the view came from.',
      requirement: 'R-DEPTH-06',
    });
  const notAnimation = () =>
    deny('InvalidStateError', {
      action,
      reason: 'the frame is not an animation frame',
      requirement: 'R-DEPTH-06',
    });
  const wrongUsage = () =>
    deny('InvalidStateError', {
      action,
      reason: `the session's depthUsage is '${f.usage}', and this API serves '${wanted}'`,
      fix:
        f.api === 'cpu'
          ? 'Use XRWebGLBinding.getDepthInformation() for gpu-optimized depth.'
          : 'Use XRFrame.getDepthInformation() for cpu-optimized depth.',
      requirement: 'R-DEPTH-01',
    });
  if (f.api === 'cpu') {
    if (!f.enabled) return notEnabled();
    if (!f.frameActive) return inactive();
    if (!f.animationFrame) return notAnimation();
    if (!f.viewOfFrame) {
      return deny('InvalidStateError', {
        action,
        reason: 'the view does not belong to this frame (a view of an earlier frame, or of another session)',
        fix: "Pass a view from this frame's getViewerPose().views.",
        requirement: 'R-DEPTH-06',
      });
    }
    if (f.usage !== wanted) return wrongUsage();
    return allow('depth information may be created for this view', 'R-DEPTH-06');
  }
  if (!f.sameSession) {
    return deny('InvalidStateError', {
      action,
      reason: "the view's session is not the binding's session",
      requirement: 'R-DEPTH-06',
    });
  }
  if (!f.enabled) return notEnabled();
  if (f.usage !== wanted) return wrongUsage();
  if (!f.frameActive) return inactive();
  if (!f.animationFrame) return notAnimation();
  return allow('depth information may be created for this view', 'R-DEPTH-06');
}

/** Facts about a pauseDepthSensing()/resumeDepthSensing() call or a depth attribute read. */
export interface DepthControlFacts {
  readonly action: 'pauseDepthSensing()' | 'resumeDepthSensing()';
  readonly ended: boolean;
  /** The session's animation frame is active (the call is made from a requestAnimationFrame callback). */
  readonly frameActive: boolean;
  readonly enabled: boolean;
}

// spec(depth): #start-depth-sensing, #stop-depth-sensing steps 1–4
export function depthControlIsAllowed(f: DepthControlFacts): Decision {
  if (f.ended) {
    return deny('InvalidStateError', {
      action: f.action,
      reason: 'the session has ended',
      requirement: 'R-LIFE-07',
    });
  }
  if (!f.frameActive) {
    return deny('InvalidStateError', {
      action: f.action,
      reason: "the session's animation frame is not active",
      fix: 'Call it from a requestAnimationFrame callback.',
      requirement: 'R-DEPTH-06',
    });
  }
  if (!f.enabled) {
    return deny('NotSupportedError', {
      action: f.action,
      reason: "'depth-sensing' is not an enabled feature of this session",
      requirement: 'R-DEPTH-02',
    });
  }
  return allow('the depth sensing active state may change', 'R-DEPTH-06');
}

/** The error an XRSession depth attribute read throws on a session without depth sensing. */
export function depthAttributeRefusal(attribute: string): Decision {
  return deny('InvalidStateError', {
    action: `XRSession.${attribute}`,
    reason: 'depth sensing is not enabled on this session',
    fix: "Request 'depth-sensing' with a depthSensing dictionary, and read it only when enabledFeatures includes it.",
    requirement: 'R-DEPTH-02',
  });
}

// --- What reaches the page ----------------------------------------------------------------------

export interface DepthReportFacts {
  /** 'depth-sensing' is granted to the session (explicit consent, R-DEPTH-02). */
  readonly granted: boolean;
  readonly visibility: VisibilityState;
  /** The page has not paused depth sensing. */
  readonly active: boolean;
}

/**
 * May depth buffers be sent to the page in this frame? Only with 'depth-sensing' granted
 * (R-DEPTH-02), only while the session is visible (R-DEPTH-03: blurred means another experience
 * or Trusted UI has the user's attention; hidden runs no frame) and while depth sensing is active.
 */
// spec(depth): #privacy-security ("block access"); create a CPU/WebGL depth information instance steps 5, 8
export function depthMayBeReported(f: DepthReportFacts): Decision {
  const action = 'depth sensing';
  if (!f.granted) {
    return deny('NotSupportedError', {
      action,
      reason: "'depth-sensing' was not granted to this session",
      requirement: 'R-DEPTH-02',
    });
  }
  if (f.visibility !== 'visible') {
    return deny('SecurityError', {
      action,
      reason: `the session is ${f.visibility}: no depth is reported until it is visible again`,
      requirement: 'R-DEPTH-03',
    });
  }
  if (!f.active) {
    return deny('InvalidStateError', {
      action,
      reason: 'the page paused depth sensing',
      requirement: 'R-DEPTH-03',
    });
  }
  return allow('depth may be reported', 'R-DEPTH-03');
}

/** How much of a depth buffer a profile lets through (R-DEPTH-04, R-DEPTH-05). */
export interface DepthLimits {
  /** Every reported depth is a multiple of this many metres. */
  readonly step: number;
  /** A buffer larger than this is reduced (block minimum) until it fits. */
  readonly maxWidth: number;
  readonly maxHeight: number;
  /** Depths beyond this many metres are reported as 0 (no data); null: no limit. */
  readonly maxRange: number | null;
}

const SPEC_LIMITS: DepthLimits = ObjectFreeze({ step: 0.01, maxWidth: 320, maxHeight: 240, maxRange: null });
const STRICT_LIMITS: DepthLimits = ObjectFreeze({ step: 0.05, maxWidth: 160, maxHeight: 120, maxRange: 8 });

/**
 * The depth limits of a profile: `spec` quantizes to 1 cm and allows 320×240 (the depth of a
 * phone's ToF sensor, and less than its camera); `strict` 5 cm, 160×120, 8 m. An explicit
 * `depthLimits` member of the profile wins.
 */
export function depthLimits(profile: UAProfile): DepthLimits {
  const own = readOption(profile, 'depthLimits') as DepthLimits | undefined;
  if (own !== undefined) return own;
  return profile.name === 'strict' ? STRICT_LIMITS : SPEC_LIMITS;
}

/**
 * One depth value as reported: 0 (no data) for a missing, non-finite, non-positive or out-of-range
 * value; otherwise the nearest multiple of `step` (R-DEPTH-04). The result is within step/2 of `m`.
 */
export function quantizedDepth(m: number, limits: DepthLimits): number {
  if (!NumberIsFinite(m) || m <= 0) return 0;
  if (limits.maxRange !== null && m > limits.maxRange) return 0;
  return MathRound(m / limits.step) * limits.step;
}

/** Depth values in metres, row-major, `width` × `height` (0: no data). */
export interface DepthImage {
  readonly width: number;
  readonly height: number;
  readonly values: Float64Array;
}

/**
 * The image as reported (R-DEPTH-04, R-DEPTH-05): reduced by the smallest whole factor that fits
 * the limits (each reported entry the nearest valid depth of its block, so that nothing reported
 * is farther than what is there), then every value quantized.
 */
export function reportedDepthImage(image: DepthImage, limits: DepthLimits): DepthImage {
  const w = image.width;
  const h = image.height;
  const over = w > limits.maxWidth || h > limits.maxHeight;
  const factor = over ? MathCeil(MathMin(1e6, MathMax(w / limits.maxWidth, h / limits.maxHeight))) : 1;
  const ow = MathCeil(w / factor);
  const oh = MathCeil(h / factor);
  const out = new Float64Array(ow * oh);
  for (let oy = 0; oy < oh; oy++) {
    for (let ox = 0; ox < ow; ox++) {
      let best = 0;
      for (let y = oy * factor; y < (oy + 1) * factor && y < h; y++) {
        for (let x = ox * factor; x < (ox + 1) * factor && x < w; x++) {
          const v = image.values[y * w + x] as number;
          if (NumberIsFinite(v) && v > 0 && (best === 0 || v < best)) best = v;
        }
      }
      out[oy * ow + ox] = quantizedDepth(best, limits);
    }
  }
  return { width: ow, height: oh, values: out };
}

/**
 * The rawValueToMeters the page is told for a uint16 format: the device's when the quantization
 * step is a whole number of its units (every reported value is then a whole number of units),
 * otherwise the step itself.
 */
export function reportedRawValueToMeters(
  deviceRawValueToMeters: number,
  format: XRDepthDataFormat,
  limits: DepthLimits,
): number {
  if (format === 'float32') return deviceRawValueToMeters > 0 ? deviceRawValueToMeters : limits.step;
  if (!(deviceRawValueToMeters > 0) || !NumberIsFinite(deviceRawValueToMeters)) return limits.step;
  const k = limits.step / deviceRawValueToMeters;
  const whole = MathRound(k);
  return whole >= 1 && MathAbs(k - whole) < 1e-4 ? deviceRawValueToMeters : limits.step;
}
