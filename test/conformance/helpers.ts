// Shared helpers for the conformance scenarios: user agents with sensible defaults, frame access,
// manual-clock pumping, and assertions on DOMException names and audit requirement ids.

import { expect } from 'vitest';
import type { XRInputSourcesChangeEvent } from '../../src/api/events.js';
import type { XRFrame } from '../../src/api/XRFrame.js';
import type { XRSession } from '../../src/api/XRSession.js';
import type { ScriptedHost } from '../../src/host/scripted.js';
import type { AuditRecord } from '../../src/policy/decision.js';
import { createUserAgent, type UserAgent, type UserAgentOptions } from '../../src/user-agent.js';

/** A user agent whose navigator.xr exists (https origin by default). */
export function makeUA(options: UserAgentOptions = {}): UserAgent & { xr: NonNullable<UserAgent['xr']> } {
  const ua = createUserAgent(options);
  if (!ua.xr) throw new Error('navigator.xr is not exposed');
  return ua as UserAgent & { xr: NonNullable<UserAgent['xr']> };
}

/** Lets queued microtasks and immediate callbacks run. */
export function flush(): Promise<void> {
  return new Promise((r) => setImmediate(r));
}

/** Manual clock: moves time by `ms` in small steps, flushing promise jobs between timers. */
export async function pump(host: ScriptedHost, ms = 0, steps = 4): Promise<void> {
  await flush();
  host.advance(ms);
  for (let i = 0; i < steps; i++) {
    await flush();
    host.advance(0);
  }
  await flush();
}

/** Waits (real clock) for `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Runs `fn` inside the session's next animation frame (real clock) and returns its result. */
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

/** Keeps an animation loop running (so the device's input is processed) until the returned stop() is called. */
export function keepFrames(session: XRSession): () => void {
  let running = true;
  const loop = () => {
    if (running) session.requestAnimationFrame(loop);
  };
  session.requestAnimationFrame(loop);
  return () => {
    running = false;
  };
}

/**
 * The initial input sources' inputsourceschange: like Chromium, xrgate announces them from the
 * session's first animation frame after requestSession resolved (R-SESSION-12), so frames run
 * until it arrives.
 */
export async function initialInputs(session: XRSession): Promise<XRInputSourcesChangeEvent> {
  const event = nextEvent<XRInputSourcesChangeEvent>(session, 'inputsourceschange');
  const stop = keepFrames(session);
  try {
    return await event;
  } finally {
    stop();
  }
}

/** Waits for one event of `type` on `target`. */
export function nextEvent<E extends Event = Event>(target: EventTarget, type: string): Promise<E> {
  return new Promise<E>((resolve) => target.addEventListener(type, (e) => resolve(e as E), { once: true }));
}

/** Asserts that `p` rejects with an error whose name is `name` (DOMException or TypeError). */
export async function expectRejectName(p: Promise<unknown>, name: string): Promise<unknown> {
  let error: unknown;
  try {
    await p;
  } catch (e) {
    error = e;
  }
  expect(error, `expected a rejection with ${name}`).toBeDefined();
  expect((error as { name?: string }).name).toBe(name);
  if (name === 'TypeError') expect(error).toBeInstanceOf(TypeError);
  else expect(error).toBeInstanceOf(DOMException);
  return error;
}

/** Asserts that `fn` throws synchronously with an error whose name is `name`. */
export function expectThrowName(fn: () => unknown, name: string): unknown {
  let error: unknown;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  expect(error, `expected a throw with ${name}`).toBeDefined();
  expect((error as { name?: string }).name).toBe(name);
  if (name === 'TypeError') expect(error).toBeInstanceOf(TypeError);
  else expect(error).toBeInstanceOf(DOMException);
  return error;
}

/** The most recent refusal in the audit log (optionally for one action). */
export function lastDenial(ua: UserAgent, action?: string): AuditRecord | undefined {
  const list = ua.audit.entries().filter((r) => !r.allowed && (action === undefined || r.action === action));
  return list[list.length - 1];
}

/** Asserts that the latest refusal carries `errorName` and `requirement`. */
export function expectAuditDenial(
  ua: UserAgent,
  errorName: string,
  requirement: string,
  action?: string,
): void {
  const rec = lastDenial(ua, action);
  expect(rec, 'an audit record of the refusal').toBeDefined();
  expect(rec?.errorName).toBe(errorName);
  expect(rec?.requirement).toBe(requirement);
}

/** Requests an immersive-vr session with a fresh click (real clock). */
export function requestImmersive(ua: UserAgent, init: Record<string, unknown> = {}): Promise<XRSession> {
  ua.host.click();
  if (!ua.xr) throw new Error('navigator.xr is not exposed');
  return ua.xr.requestSession('immersive-vr', init);
}

/** Asserts a point's x, y, z to `digits` decimal places. */
export function expectVec(
  p: { x: number; y: number; z: number },
  x: number,
  y: number,
  z: number,
  digits = 9,
) {
  expect(p.x).toBeCloseTo(x, digits);
  expect(p.y).toBeCloseTo(y, digits);
  expect(p.z).toBeCloseTo(z, digits);
}
