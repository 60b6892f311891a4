// Shared helpers for the WebXR Test API tests (test/test-api): fixtures in the shape WPT uses
// (resources/webxr_test_constants.js), a test user agent, frame waiting and error assertions.

import { expect } from 'vitest';
import type { XRFrame } from '../../src/api/XRFrame.js';
import type { XRInputSource } from '../../src/api/XRInputSource.js';
import type { XRSession } from '../../src/api/XRSession.js';
import type { XRBoundedReferenceSpace } from '../../src/api/XRSpace.js';
import type { XRSystem } from '../../src/api/XRSystem.js';
import {
  createTestUserAgent,
  type FakeXRDeviceInit,
  type FakeXRInputSourceInit,
  type FakeXRViewInit,
} from '../../src/test-api/index.js';
import type { UserAgent, UserAgentOptions } from '../../src/user-agent.js';

export type TestUA = ReturnType<typeof createTestUserAgent> & { xr: XRSystem };

/** A user agent with no device and navigator.xr.test enabled (real clock unless told otherwise). */
export function makeTestUA(options: UserAgentOptions = {}): TestUA {
  const ua = createTestUserAgent(options);
  if (!ua.xr) throw new Error('navigator.xr is not exposed');
  return ua as TestUA;
}

export const IDENTITY_TRANSFORM = Object.freeze({ position: [0, 0, 0], orientation: [0, 0, 0, 1] });

/** A symmetric projection matrix (16 floats, column-major) as in webxr_test_constants.js. */
export const PROJECTION = Object.freeze([1, 0, 0, 0, 0, 1, 0, 0, 3, 2, -1, -1, 0, 0, -0.2, 0]);

export function view(
  eye: 'left' | 'right' | 'none',
  x = 0,
  extra: Partial<FakeXRViewInit> = {},
): FakeXRViewInit {
  return {
    eye,
    projectionMatrix: [...PROJECTION],
    resolution: { width: 200, height: 100 },
    viewOffset: { position: [x, 0, 0], orientation: [0, 0, 0, 1] },
    ...extra,
  };
}

export const STEREO_VIEWS = () => [view('left', -0.1), view('right', 0.1)];

/** The WPT `TRACKED_IMMERSIVE_DEVICE` shape: inline + immersive-vr, a viewer origin, the listed features. */
export function trackedImmersive(extra: Partial<FakeXRDeviceInit> = {}): FakeXRDeviceInit {
  return {
    supportsImmersive: true,
    supportedModes: ['inline', 'immersive-vr'],
    views: STEREO_VIEWS(),
    viewerOrigin: { position: [0, 0, 0], orientation: [0, 0, 0, 1] },
    supportedFeatures: ['viewer', 'local', 'local-floor', 'bounded-floor', 'unbounded', 'secondary-views'],
    ...extra,
  };
}

export const RIGHT_CONTROLLER = (): FakeXRInputSourceInit => ({
  handedness: 'right',
  targetRayMode: 'tracked-pointer',
  pointerOrigin: { position: [0.5, 1, -1], orientation: [0, 0, 0, 1] },
  gripOrigin: { position: [0.5, 1, -0.9], orientation: [0, 0, 0, 1] },
  profiles: ['generic-trigger', 'generic-button'],
});

/** Requests a session inside simulateUserActivation, as WPT's xr_session_promise_test does. */
export function requestWithActivation(
  ua: TestUA,
  mode: 'inline' | 'immersive-vr' | 'immersive-ar',
  init: Record<string, unknown> = {},
): Promise<XRSession> {
  let p!: Promise<XRSession>;
  ua.test.simulateUserActivation(() => {
    p = ua.xr.requestSession(mode, init);
  });
  return p;
}

/** Runs `fn` inside the session's next animation frame. */
export function inFrame<T>(session: XRSession, fn: (frame: XRFrame, time: number) => T): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    session.requestAnimationFrame((time, frame) => {
      try {
        resolve(fn(frame, time));
      } catch (e) {
        reject(e);
      }
    });
  });
}

/** Waits one animation frame. */
export function frame(session: XRSession): Promise<void> {
  return inFrame(session, () => undefined);
}

/** Waits two animation frames (the Test API's "next or next-to-next frame", R-TEST-05). */
export async function twoFrames(session: XRSession): Promise<void> {
  await frame(session);
  await frame(session);
}

/** Lets queued tasks (setTimeout 0) run. */
export function tasks(n = 3): Promise<void> {
  return (async () => {
    for (let i = 0; i < n; i++) await new Promise((r) => setTimeout(r, 0));
  })();
}

/** Records the types of the events of `types` dispatched on `target`. */
export function record(target: EventTarget, types: readonly string[]): string[] {
  const out: string[] = [];
  for (const t of types) target.addEventListener(t, () => out.push(t));
  return out;
}

/** Waits for one event of `type` on `target`. */
export function nextEvent<E extends Event = Event>(target: EventTarget, type: string): Promise<E> {
  return new Promise<E>((resolve) => target.addEventListener(type, (e) => resolve(e as E), { once: true }));
}

/** Asserts that `p` rejects with an error named `name` (TypeError or DOMException). */
export async function expectReject(p: Promise<unknown>, name: string): Promise<void> {
  let error: unknown;
  let settled = false;
  try {
    await p;
    settled = true;
  } catch (e) {
    error = e;
  }
  expect(settled, `expected a rejection with ${name}`).toBe(false);
  expect((error as { name?: string }).name).toBe(name);
  if (name === 'TypeError') expect(error).toBeInstanceOf(TypeError);
  else expect(error).toBeInstanceOf(DOMException);
}

/** Asserts that `fn` throws synchronously an error named `name`. */
export function expectThrow(fn: () => unknown, name: string): void {
  let error: unknown;
  let threw = false;
  try {
    fn();
  } catch (e) {
    threw = true;
    error = e;
  }
  expect(threw, `expected a throw with ${name}`).toBe(true);
  expect((error as { name?: string }).name).toBe(name);
  if (name === 'TypeError') expect(error).toBeInstanceOf(TypeError);
  else expect(error).toBeInstanceOf(DOMException);
}

/** A value the type checker would refuse, as a T (argument validation tests). */
export function loose<T>(value: unknown): T {
  return value as T;
}

/** Calls a method with a value the type checker would refuse (argument validation tests). */
export function callLoose(target: object, method: string, ...args: unknown[]): unknown {
  const fn = (target as Record<string, unknown>)[method] as (...a: unknown[]) => unknown;
  return fn.apply(target, args);
}

export function expectVec(p: { x: number; y: number; z: number }, x: number, y: number, z: number, d = 6) {
  expect(p.x).toBeCloseTo(x, d);
  expect(p.y).toBeCloseTo(y, d);
  expect(p.z).toBeCloseTo(z, d);
}

export type { UserAgent };

/** Is (x, z) inside or on the polygon (ray casting, with `eps` tolerance on the edges)? */
export function insidePolygon(
  x: number,
  z: number,
  poly: readonly { x: number; z: number }[],
  eps = 1e-9,
): boolean {
  for (let i = 0; i < poly.length; i++) {
    const a = poly[i] as { x: number; z: number };
    const b = poly[(i + 1) % poly.length] as { x: number; z: number };
    const cross = (b.x - a.x) * (z - a.z) - (b.z - a.z) * (x - a.x);
    const len = Math.hypot(b.x - a.x, b.z - a.z);
    const within =
      x >= Math.min(a.x, b.x) - eps &&
      x <= Math.max(a.x, b.x) + eps &&
      z >= Math.min(a.z, b.z) - eps &&
      z <= Math.max(a.z, b.z) + eps;
    if (len > 0 && Math.abs(cross / len) <= eps && within) return true;
  }
  let inside = false;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const a = poly[i] as { x: number; z: number };
    const b = poly[j] as { x: number; z: number };
    if (a.z > z !== b.z > z && x < ((b.x - a.x) * (z - a.z)) / (b.z - a.z) + a.x) inside = !inside;
  }
  return inside;
}

/** Is v a multiple of `step` (computed by dividing by an integer, R-SPACE-27)? */
export function onGrid(v: number, step: number): boolean {
  const n = v / step;
  return Math.abs(n - Math.round(n)) < 1e-6;
}

/** The session's i-th input source (XRInputSourceArray is indexable at run time, not in its type). */
export function sourceAt(session: XRSession, i = 0): XRInputSource | undefined {
  return [...session.inputSources][i];
}

/** requestReferenceSpace('bounded-floor') typed as the bounded space it is. */
export async function boundedSpace(session: XRSession): Promise<XRBoundedReferenceSpace> {
  return (await session.requestReferenceSpace('bounded-floor')) as unknown as XRBoundedReferenceSpace;
}
