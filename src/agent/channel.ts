// The DocumentPort over a MessageChannel: every request, answer and event between the page side
// and the user-agent side crosses as a structured-cloned message, as it does in the Chromium
// extension (page side in the page's main world, user-agent side in the isolated world). Nothing
// but plain data crosses: neither side can reach the other's objects.
// docs/architecture.md lists the messages.

import {
  ArrayIsArray,
  ArrayPrototypePush,
  DOMException,
  Error,
  MathMin,
  ObjectFreeze,
  ObjectGetOwnPropertyDescriptor,
  ObjectHasOwn,
  Promise,
  PromisePrototypeThen,
  PromiseResolve,
  ReflectApply,
  ReflectGetPrototypeOf,
  SafeMap,
  String,
} from '../primordials.js';
import type { DocumentPort, PageEvent, PageSink } from './protocol.js';

// Captured at load (undefined where there is none, e.g. the agent realm of test/realm).
const MessageChannelCtor: typeof MessageChannel | undefined = globalThis.MessageChannel;

/** The requests the page side may send, and whether each has an answer. */
const METHODS = ObjectFreeze({
  isSessionSupported: true,
  requestSession: true,
  offerSession: true,
  queryPermission: true,
  requestCapability: true,
  xrCompatible: true,
  endSession: true,
  requestReferenceSpace: true,
  updateTargetFrameRate: true,
  requestLightProbe: true,
  frame: true,
  report: true,
  setDepthActive: true,
  createAnchor: true,
  deleteAnchor: true,
  requestPersistentHandle: true,
  restorePersistentAnchor: true,
  deletePersistentAnchor: true,
  requestHitTestSource: true,
  cancelHitTestSource: true,
  initiateRoomCapture: true,
} as const);

type Method = keyof typeof METHODS;

type ToAgent = { readonly id: number; readonly method: Method; readonly args: readonly unknown[] };
type ToPage =
  | { readonly kind: 'reply'; readonly id: number; readonly value: unknown }
  | { readonly kind: 'event'; readonly event: PageEvent };

/** No method takes more arguments than this: a longer `args` is cut (its extra entries were ignored). */
const MAX_ARGS = 8;

/**
 * `o[key]` when it is an own data property of the object `o`; undefined otherwise. A message is
 * read only through its own properties: a missing field is missing, whatever a page put on
 * Object.prototype, and no getter runs.
 */
export function ownData(o: unknown, key: PropertyKey): unknown {
  if (o === null || typeof o !== 'object') return undefined;
  const d = ObjectGetOwnPropertyDescriptor(o, key);
  return d !== undefined && ObjectHasOwn(d, 'value') ? d.value : undefined;
}

const ErrorPrototype: object = Error.prototype;
const DOMExceptionPrototype: object | undefined = DOMException?.prototype;
const domExceptionMessage =
  DOMExceptionPrototype && ObjectGetOwnPropertyDescriptor(DOMExceptionPrototype, 'message')?.get;

/** `proto` is on v's prototype chain (instanceof without Symbol.hasInstance, which a page can define). */
function inherits(v: unknown, proto: object | undefined): boolean {
  if (proto === undefined || v === null || typeof v !== 'object') return false;
  for (let p = ReflectGetPrototypeOf(v); p !== null; p = ReflectGetPrototypeOf(p))
    if (p === proto) return true;
  return false;
}

/** The message of an error the user-agent side threw, as String(err?.message) read it. */
function messageOf(err: unknown): string {
  const m = ownData(err, 'message');
  if (m !== undefined) return String(m);
  if (domExceptionMessage && inherits(err, DOMExceptionPrototype))
    return String(ReflectApply(domExceptionMessage, err, []));
  return inherits(err, ErrorPrototype) ? '' : 'undefined';
}

interface PortLike {
  postMessage(message: unknown): void;
  onmessage: ((e: { data: unknown }) => void) | null;
  close(): void;
  unref?: () => void;
}

// A port's methods, captured at load: a page that later patches MessagePort.prototype.postMessage
// or the onmessage setter sees no message and never gets hold of the port.
const MessagePortPrototype: object | undefined = globalThis.MessagePort?.prototype;
const portPostMessage = MessagePortPrototype
  ? (ObjectGetOwnPropertyDescriptor(MessagePortPrototype, 'postMessage')?.value as
      | ((this: unknown, m: unknown) => void)
      | undefined)
  : undefined;
const portSetOnmessage = MessagePortPrototype
  ? ObjectGetOwnPropertyDescriptor(MessagePortPrototype, 'onmessage')?.set
  : undefined;

/** Observes every message either side sends (tests prove what crosses); null to stop. */
let tap: ((message: unknown) => void) | null = null;
export function tapChannel(observer: ((message: unknown) => void) | null): void {
  tap = observer;
}

/** `port` with its methods bound at load where it is a real MessagePort (its own methods otherwise). */
function bound(port: PortLike): {
  post(m: unknown): void;
  listen(fn: (e: { data: unknown }) => void): void;
} {
  const real = MessagePortPrototype !== undefined && inherits(port, MessagePortPrototype);
  return {
    post(m) {
      if (tap) tap(m);
      if (real && portPostMessage) ReflectApply(portPostMessage, port, [m]);
      else port.postMessage(m);
    },
    listen(fn) {
      if (real && portSetOnmessage) ReflectApply(portSetOnmessage, port, [fn]);
      else port.onmessage = fn;
    },
  };
}

/**
 * Serves `agent` on one end of a channel: each message is a request to check (an unknown method or
 * malformed message is dropped), each answer goes back with the request's id.
 */
export function serveDocumentPort(port: PortLike, open: (sink: PageSink) => DocumentPort): DocumentPort {
  const p = bound(port);
  const agent = open((event) => p.post({ kind: 'event', event } satisfies ToPage));
  p.listen((e) => {
    // The page side's message is a hostile value: its own data properties only (never a
    // prototype a page polluted), and `args` copied by index (never its iterator).
    const m: unknown = e.data;
    if (m === null || typeof m !== 'object') return;
    const id = ownData(m, 'id');
    const method = ownData(m, 'method');
    const args = ownData(m, 'args');
    if (typeof method !== 'string' || !ObjectHasOwn(METHODS, method) || !ArrayIsArray(args)) return;
    const list: unknown[] = [];
    const n = MathMin(args.length, MAX_ARGS);
    for (let i = 0; i < n; i++) ArrayPrototypePush(list, ownData(args, i));
    const fn = agent[method as Method] as (...a: unknown[]) => unknown;
    let result: unknown;
    try {
      result = ReflectApply(fn, agent, list);
    } catch (err) {
      result = { ok: false, error: { name: 'InvalidStateError', message: messageOf(err) } };
    }
    if (!METHODS[method as Method] || typeof id !== 'number') return;
    PromisePrototypeThen(
      PromiseResolve(result),
      (value) => p.post({ kind: 'reply', id, value } satisfies ToPage),
      (err) =>
        p.post({
          kind: 'reply',
          id,
          value: {
            ok: false,
            error: { name: 'InvalidStateError', message: messageOf(err) },
          },
        } satisfies ToPage),
    );
  });
  return agent;
}

/** The page side's DocumentPort: requests as messages on `port`, answers matched by id. */
export function documentPortOver(port: PortLike, deliver: PageSink): DocumentPort {
  let nextId = 0;
  const pending: SafeMap<number, (value: unknown) => void> = new SafeMap();
  const p = bound(port);
  p.listen((e) => {
    const m: unknown = e.data;
    if (m === null || typeof m !== 'object') return;
    const kind = ownData(m, 'kind');
    if (kind === 'event') {
      deliver(ownData(m, 'event') as PageEvent);
      return;
    }
    if (kind === 'reply') {
      const id = ownData(m, 'id') as number;
      const resolve = pending.get(id);
      pending.delete(id);
      resolve?.(ownData(m, 'value'));
    }
  });
  const call = <T>(method: Method, ...args: unknown[]): Promise<T> =>
    new Promise<T>((resolve) => {
      const id = ++nextId;
      pending.set(id, resolve as (v: unknown) => void);
      p.post({ id, method, args } satisfies ToAgent);
    });
  return {
    isSessionSupported: (mode) => call('isSessionSupported', mode),
    requestSession: (request) => call('requestSession', request),
    offerSession: (request) => call('offerSession', request),
    queryPermission: (query, watchId) => call('queryPermission', query, watchId),
    requestCapability: (capabilities) => call('requestCapability', capabilities),
    xrCompatible: () => call('xrCompatible'),
    endSession: (sessionId) => call('endSession', sessionId),
    requestReferenceSpace: (sessionId, type) => call('requestReferenceSpace', sessionId, type),
    updateTargetFrameRate: (sessionId, rate) => call('updateTargetFrameRate', sessionId, rate),
    requestLightProbe: (sessionId, format) => call('requestLightProbe', sessionId, format),
    frame: (sessionId) => call('frame', sessionId),
    report: (action, refusal) => call('report', action, refusal),
    setDepthActive: (sessionId, active) => call('setDepthActive', sessionId, active),
    createAnchor: (sessionId, pose) => call('createAnchor', sessionId, pose),
    deleteAnchor: (sessionId, anchorId) => call('deleteAnchor', sessionId, anchorId),
    requestPersistentHandle: (sessionId, anchorId) => call('requestPersistentHandle', sessionId, anchorId),
    restorePersistentAnchor: (sessionId, handle) => call('restorePersistentAnchor', sessionId, handle),
    deletePersistentAnchor: (sessionId, handle) => call('deletePersistentAnchor', sessionId, handle),
    requestHitTestSource: (sessionId, request) => call('requestHitTestSource', sessionId, request),
    cancelHitTestSource: (sessionId, id) => call('cancelHitTestSource', sessionId, id),
    initiateRoomCapture: (sessionId) => call('initiateRoomCapture', sessionId),
  };
}

const portGetters = {
  port1: MessageChannelCtor && ObjectGetOwnPropertyDescriptor(MessageChannelCtor.prototype, 'port1')?.get,
  port2: MessageChannelCtor && ObjectGetOwnPropertyDescriptor(MessageChannelCtor.prototype, 'port2')?.get,
};

function portOf(channel: MessageChannel, which: 'port1' | 'port2'): PortLike {
  const get = portGetters[which];
  return (get ? ReflectApply(get, channel, []) : ownData(channel, which)) as PortLike;
}

/**
 * Both ends in one call: a new MessageChannel, the user-agent side (made by `open`) served on one
 * port, the page side's DocumentPort on the other. Node's ports do not keep the process alive.
 */
export function connectOverChannel(open: (sink: PageSink) => DocumentPort, deliver: PageSink): DocumentPort {
  if (MessageChannelCtor === undefined) throw new Error('xrgate: MessageChannel is not available here');
  const channel = new MessageChannelCtor();
  // Node's ports are own data properties of the channel; a browser's are MessageChannel.prototype
  // getters (captured at load).
  const uaEnd = portOf(channel, 'port2');
  const pageEnd = portOf(channel, 'port1');
  serveDocumentPort(uaEnd, open);
  const port = documentPortOver(pageEnd, deliver);
  uaEnd.unref?.();
  pageEnd.unref?.();
  return port;
}
