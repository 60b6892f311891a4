// The Test API's depth sensing and raw camera access extensions (webxr-test-api index.bs: the
// simulated XR device's supported depth types/formats/usages, FakeXRDepthSensingDataInit,
// setDepthSensingData / clearDepthSensingData, FakeXRViewInit.cameraImageInit). The simulated
// device is "the platform": what it senses still goes through src/policy before a page sees it.

import { decodeDepth } from '../device/depth.js';
import type { DeviceCameraImage, DeviceDepthBuffer, DeviceDepthSensing, RigidPose } from '../device/types.js';
import {
  type DepthCapabilities,
  depthDataFormats,
  depthTypes,
  depthUsages,
  type XRDepthDataFormat,
} from '../policy/depth-sensing.js';

// (Small WebIDL helpers of its own: src/test-api/dictionaries.ts imports this module.)
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

function enumValue<T extends string>(v: unknown, values: readonly T[], what: string): T {
  if (typeof v === 'symbol') throw new TypeError(`${what}: a Symbol is not a string`);
  const s = String(v);
  if (!(values as readonly string[]).includes(s))
    throw new TypeError(`${what}: '${s}' is not one of ${values.join(', ')}`);
  return s as T;
}

/** The Test API's rigid-transform parser (passed in by its callers). */
export type RigidParser = (init: unknown, what: string) => RigidPose;

function bytesOf(v: unknown, what: string): ArrayBuffer {
  if (v instanceof ArrayBuffer) return v.slice(0);
  // WPT passes a Uint8Array (an ArrayBufferView): its bytes are the buffer's.
  if (ArrayBuffer.isView(v)) return v.buffer.slice(v.byteOffset, v.byteOffset + v.byteLength) as ArrayBuffer;
  throw new TypeError(`${what} must be an ArrayBuffer (or a view of one)`);
}

function unsignedLong(v: unknown, what: string): number {
  if (typeof v === 'symbol' || typeof v === 'bigint') throw new TypeError(`${what} is not a number`);
  const n = Number(v);
  if (!Number.isFinite(n)) return 0;
  return Math.trunc(n) >>> 0;
}

/** FakeXRDepthConfigurationSupport (empty or absent lists: every value). */
export function parseDepthSupport(v: unknown): DepthCapabilities {
  if (v === undefined) return Object.freeze({ types: [], usages: [], formats: [] });
  const d = dict(v, 'FakeXRDepthConfigurationSupport');
  const list = <T extends string>(key: string, values: readonly T[]): T[] =>
    d[key] === undefined
      ? []
      : sequence(d[key], `depthSupport.${key}`).map((x) => enumValue(x, values, `depthSupport.${key}`) as T);
  return Object.freeze({
    formats: Object.freeze(list('depthFormats', depthDataFormats)),
    types: Object.freeze(list('depthTypes', depthTypes)),
    usages: Object.freeze(list('depthUsages', depthUsages)),
  });
}

// spec(test): #set-depth-sensing-information steps 1–3
export function parseDepthSensingData(data: unknown, parseRigidTransform: RigidParser): DeviceDepthBuffer {
  if (data === null || data === undefined) throw new TypeError('depth sensing data is required');
  const d = dict(data, 'FakeXRDepthSensingDataInit');
  const what = 'FakeXRDepthSensingDataInit';
  const raw = required(d, 'depthData', what);
  if (raw === null) throw new TypeError(`${what}.depthData must not be null`);
  const bytes = bytesOf(raw, `${what}.depthData`);
  const format = enumValue(
    required(d, 'depthFormat', what),
    depthDataFormats,
    'depthFormat',
  ) as XRDepthDataFormat;
  const height = unsignedLong(required(d, 'height', what), 'height');
  const norm = parseRigidTransform(
    required(d, 'normDepthBufferFromNormView', what),
    'normDepthBufferFromNormView',
  );
  let projectionMatrix: number[] | null = null;
  if (d.projectionMatrix !== undefined) {
    projectionMatrix = sequence(d.projectionMatrix, 'projectionMatrix').map((x) => Math.fround(Number(x)));
    if (projectionMatrix.length !== 16) throw new TypeError(`${what}.projectionMatrix must have 16 elements`);
  }
  const rawValueToMeters = Math.fround(Number(required(d, 'rawValueToMeters', what)));
  if (!Number.isFinite(rawValueToMeters)) throw new TypeError(`${what}.rawValueToMeters must be finite`);
  const viewOffset = d.viewOffset === undefined ? null : parseRigidTransform(d.viewOffset, 'viewOffset');
  const width = unsignedLong(required(d, 'width', what), 'width');
  const bytesPer = format === 'float32' ? 4 : 2;
  if (bytes.byteLength < width * height * bytesPer) {
    throw new TypeError(`${what}.depthData holds fewer than width × height entries of ${format}`);
  }
  return Object.freeze({
    width,
    height,
    metres: decodeDepth(bytes, format, width * height, rawValueToMeters),
    rawValueToMeters,
    format,
    normDepthBufferFromNormView: norm,
    projectionMatrix: projectionMatrix ? Object.freeze(projectionMatrix) : null,
    sensorOffset: viewOffset,
  });
}

/** A simulated device's native depth sensing: the data the test set, for every view. */
export class TestDepthSensing implements DeviceDepthSensing {
  readonly capabilities: DepthCapabilities;
  #buffer: DeviceDepthBuffer | null;

  constructor(capabilities: DepthCapabilities, buffer: DeviceDepthBuffer | null) {
    this.capabilities = capabilities;
    this.#buffer = buffer;
  }

  set(buffer: DeviceDepthBuffer | null): void {
    this.#buffer = buffer;
  }

  depthFor(): DeviceDepthBuffer | null {
    return this.#buffer;
  }
}

/** FakeXRViewInit.cameraImageInit (FakeXRCameraImage), or undefined. */
export function parseCameraImage(v: unknown): DeviceCameraImage | undefined {
  if (v === undefined) return undefined;
  const d = dict(v, 'FakeXRCameraImage');
  const height = Math.trunc(Number(required(d, 'height', 'FakeXRCameraImage')));
  let pixels: Uint8Array | null = null;
  if (d.pixels !== undefined && d.pixels !== null) {
    if (!(d.pixels instanceof Uint32Array))
      throw new TypeError('FakeXRCameraImage.pixels must be a Uint32Array');
    pixels = new Uint8Array(
      d.pixels.buffer.slice(d.pixels.byteOffset, d.pixels.byteOffset + d.pixels.byteLength),
    );
  }
  const width = Math.trunc(Number(required(d, 'width', 'FakeXRCameraImage')));
  if (!Number.isFinite(width) || !Number.isFinite(height))
    throw new TypeError('FakeXRCameraImage: width and height must be numbers');
  return Object.freeze({ width, height, pixels });
}

/** spec(test): the camera images of all views (primary and secondary) must be equal. */
export function checkCameraImages(views: readonly { readonly cameraImage?: DeviceCameraImage }[]): void {
  let first: DeviceCameraImage | undefined;
  for (const v of views) {
    const c = v.cameraImage;
    if (c === undefined) continue;
    if (first === undefined) first = c;
    else if (c.width !== first.width || c.height !== first.height || c.pixels !== first.pixels) {
      // (pixels: the same Uint32Array instance; xrgate keeps a copy of its bytes, so compare sizes.)
      if (c.width !== first.width || c.height !== first.height) {
        throw new TypeError('If present, camera images on each view must match each other');
      }
    }
  }
}
