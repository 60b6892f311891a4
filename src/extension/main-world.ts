// The Chromium extension's main-world content script (document_start, every frame): the page side
// of xrgate and nothing else. It holds no device, no consent record, no lock and no fact the
// policy decides on: navigator.xr talks to this document's user-agent side in the extension's
// isolated world over a private MessageChannel, and every message it sends there is a request the
// user-agent side checks against facts it reads itself (docs/extension.md).
//
// The channel's port crosses at document_start, before any page script runs: this script makes a
// MessageChannel and dispatches a MessageEvent carrying one port on its window; the isolated
// world's capturing listener (injected first) takes the port and stops the event. No page
// listener exists yet to see it. Every built-in used after that is captured here at load
// (primordials), so a page that patches MessagePort, EventTarget or Function.prototype later
// sees no message and cannot get hold of the port.

import { documentPortOver } from '../agent/channel.js';
import type { XRCompatibilityAnswer } from '../agent/protocol.js';
import { displayFrameClock } from '../api/frame-clock.js';
import { createPageNavigator } from '../api/page-navigator.js';
import { canvasPresentation } from '../api/XRWebGLLayer.js';
import { createDomOverlayHost } from '../browser/dom-overlay.js';
import { installPageGlobals } from '../browser/page-globals.js';
import { profiles } from '../policy/profile.js';
import {
  ObjectDefineProperty,
  ObjectFreeze,
  ObjectGetOwnPropertyDescriptor,
  PromisePrototypeThen,
  PromiseResolve,
  ReflectApply,
} from '../primordials.js';
import { EventTargetPrototypeDispatchEvent, listen, secureContextAtLoad } from '../primordials-dom.js';
import { HANDSHAKE_EVENT, READY_EVENT } from './names.js';

/** DOM Overlays Module: the page's overlay host (built-ins captured now, before page scripts). */
const domOverlayHost = createDomOverlayHost();

type AnyFn = (...args: unknown[]) => unknown;
const G = globalThis as unknown as Record<string, unknown> & Window;
const MessageChannelCtor = G.MessageChannel as typeof MessageChannel | undefined;
const MessageEventCtor = G.MessageEvent as typeof MessageEvent | undefined;
const port1Get =
  MessageChannelCtor && ObjectGetOwnPropertyDescriptor(MessageChannelCtor.prototype, 'port1')?.get;
const port2Get =
  MessageChannelCtor && ObjectGetOwnPropertyDescriptor(MessageChannelCtor.prototype, 'port2')?.get;
const bind = (name: string): AnyFn | undefined => {
  const f = G[name];
  return typeof f === 'function' ? (...a: unknown[]) => ReflectApply(f as AnyFn, G, a) : undefined;
};
const rafFn = bind('requestAnimationFrame') as ((cb: (t: number) => void) => number) | undefined;
const cafFn = bind('cancelAnimationFrame') as ((h: number) => void) | undefined;
const setTimeoutFn = bind('setTimeout') as (cb: () => void, ms: number) => unknown;
const clearTimeoutFn = bind('clearTimeout') as (h: unknown) => void;
const reportErrorFn = bind('reportError');
const perf = G.performance as Performance | undefined;
const perfNowFn = perf ? (perf.now as () => number) : undefined;
const now = (): number => (perfNowFn ? (ReflectApply(perfNowFn, perf, []) as number) : 0);

/** Hands one end of a new channel to the isolated world; the other end, or null if no one took it. */
function handOver(): MessagePort | null {
  if (
    !MessageChannelCtor ||
    !MessageEventCtor ||
    !port1Get ||
    !port2Get ||
    !EventTargetPrototypeDispatchEvent
  )
    return null;
  const channel = new MessageChannelCtor();
  const mine = ReflectApply(port1Get, channel, []) as MessagePort;
  const theirs = ReflectApply(port2Get, channel, []) as MessagePort;
  const event = new MessageEventCtor(HANDSHAKE_EVENT, { ports: [theirs], cancelable: true });
  // The isolated world cancels the event when it takes the port.
  const notTaken = EventTargetPrototypeDispatchEvent(G, event) === true;
  return notTaken ? null : mine;
}

function start(port: MessagePort): void {
  let compatible = false;
  let docPort: ReturnType<typeof documentPortOver> | null = null;
  const nav = createPageNavigator({
    connect: (deliver) => {
      docPort = documentPortOver(port as unknown as Parameters<typeof documentPortOver>[0], (e) => {
        // A device arriving or leaving changes what makeXRCompatible would say.
        if (e.type === 'devicechange') refresh();
        deliver(e);
      });
      return docPort;
    },
    env: {
      setTimeout: setTimeoutFn,
      clearTimeout: clearTimeoutFn,
      now,
      reportError: (e) => {
        if (reportErrorFn) reportErrorFn(e);
      },
      ...(rafFn && cafFn ? { frameClock: () => displayFrameClock(rafFn, cafFn, now) } : {}),
      ...(domOverlayHost ? { domOverlay: domOverlayHost } : {}),
    },
    // WebIDL conversion's list limits only; the user-agent side applies its own profile.
    profile: profiles.spec,
    secureContext: secureContextAtLoad,
  });
  const check = (): Promise<XRCompatibilityAnswer> => {
    const p = docPort;
    if (!p) return PromiseResolve('no-device');
    return PromisePrototypeThen(p.xrCompatible(), (r) => {
      const answer: XRCompatibilityAnswer = r.ok ? r.value : 'no-device';
      compatible = answer === 'compatible';
      return answer;
    });
  };
  const refresh = () => {
    PromisePrototypeThen(check(), undefined, () => undefined);
  };
  const xr = nav.xr;
  if (!xr) return; // R-EXPO-01: no navigator.xr in an insecure context.
  canvasPresentation.enabled = true;
  installPageGlobals(xr, { now: () => compatible, check }, nav.permissions, nav.capabilities);
  refresh();
}

const port = handOver();
if (port) start(port);
else {
  // The isolated world was injected after this script: it asks once, before any page script runs.
  let started = false;
  listen(
    G,
    READY_EVENT,
    () => {
      if (started) return;
      const p = handOver();
      if (p) {
        started = true;
        start(p);
      }
    },
    { capture: true },
  );
}

// The page sees that the extension is there, and its version; nothing else of it.
ObjectDefineProperty(G, 'xrgate', {
  value: ObjectFreeze({ version: '0.1.0', via: 'extension' }),
  configurable: true,
  enumerable: false,
  writable: false,
});
