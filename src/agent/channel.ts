// The DocumentPort over a MessageChannel: every request, answer and event between the page side
// and the user-agent side crosses as a structured-cloned message, as it does in the Chromium
// extension (page side in the page's main world, user-agent side in the isolated world). Nothing
// but plain data crosses: neither side can reach the other's objects.
// docs/architecture.md lists the messages.

import { ArrayIsArray, ObjectFreeze, ObjectHasOwn } from '../primordials.js';
import type { DocumentPort, PageEvent, PageSink } from './protocol.js';

/** The requests the page side may send, and whether each has an answer. */
const METHODS = ObjectFreeze({
  isSessionSupported: true,
  requestSession: true,
  queryPermission: true,
  xrCompatible: true,
  endSession: true,
  requestReferenceSpace: true,
  updateTargetFrameRate: true,
  requestLightProbe: true,
  frame: true,
  peek: true,
  report: true,
} as const);

type Method = keyof typeof METHODS;

type ToAgent = { readonly id: number; readonly method: Method; readonly args: readonly unknown[] };
type ToPage =
  | { readonly kind: 'reply'; readonly id: number; readonly value: unknown }
  | { readonly kind: 'event'; readonly event: PageEvent };

interface PortLike {
  postMessage(message: unknown): void;
  onmessage: ((e: { data: unknown }) => void) | null;
  close(): void;
  unref?: () => void;
}

/**
 * Serves `agent` on one end of a channel: each message is a request to check (an unknown method or
 * malformed message is dropped), each answer goes back with the request's id.
 */
export function serveDocumentPort(port: PortLike, open: (sink: PageSink) => DocumentPort): DocumentPort {
  const agent = open((event) => port.postMessage({ kind: 'event', event } satisfies ToPage));
  port.onmessage = (e) => {
    const m = e.data as Partial<ToAgent> | null;
    if (m === null || typeof m !== 'object') return;
    const { id, method, args } = m;
    if (typeof method !== 'string' || !ObjectHasOwn(METHODS, method) || !ArrayIsArray(args)) return;
    const fn = agent[method as Method] as (...a: unknown[]) => unknown;
    let result: unknown;
    try {
      result = fn.apply(agent, args);
    } catch (err) {
      result = { ok: false, error: { name: 'InvalidStateError', message: String((err as Error)?.message) } };
    }
    if (!METHODS[method as Method] || typeof id !== 'number') return;
    Promise.resolve(result).then(
      (value) => port.postMessage({ kind: 'reply', id, value } satisfies ToPage),
      (err) =>
        port.postMessage({
          kind: 'reply',
          id,
          value: {
            ok: false,
            error: { name: 'InvalidStateError', message: String((err as Error)?.message) },
          },
        } satisfies ToPage),
    );
  };
  return agent;
}

/** The page side's DocumentPort: requests as messages on `port`, answers matched by id. */
export function documentPortOver(port: PortLike, deliver: PageSink): DocumentPort {
  let nextId = 0;
  const pending = new Map<number, (value: unknown) => void>();
  port.onmessage = (e) => {
    const m = e.data as ToPage | null;
    if (m === null || typeof m !== 'object') return;
    if (m.kind === 'event') {
      deliver(m.event);
      return;
    }
    if (m.kind === 'reply') {
      const resolve = pending.get(m.id);
      pending.delete(m.id);
      resolve?.(m.value);
    }
  };
  const call = <T>(method: Method, ...args: unknown[]): Promise<T> =>
    new Promise<T>((resolve) => {
      const id = ++nextId;
      pending.set(id, resolve as (v: unknown) => void);
      port.postMessage({ id, method, args } satisfies ToAgent);
    });
  return {
    isSessionSupported: (mode) => call('isSessionSupported', mode),
    requestSession: (request) => call('requestSession', request),
    queryPermission: (query, watchId) => call('queryPermission', query, watchId),
    xrCompatible: () => call('xrCompatible'),
    endSession: (sessionId) => call('endSession', sessionId),
    requestReferenceSpace: (sessionId, type) => call('requestReferenceSpace', sessionId, type),
    updateTargetFrameRate: (sessionId, rate) => call('updateTargetFrameRate', sessionId, rate),
    requestLightProbe: (sessionId, format) => call('requestLightProbe', sessionId, format),
    frame: (sessionId) => call('frame', sessionId),
    peek: (sessionId) => call('peek', sessionId),
    report: (action, refusal) => call('report', action, refusal),
  };
}

/**
 * Both ends in one call: a new MessageChannel, the user-agent side (made by `open`) served on one
 * port, the page side's DocumentPort on the other. Node's ports do not keep the process alive.
 */
export function connectOverChannel(open: (sink: PageSink) => DocumentPort, deliver: PageSink): DocumentPort {
  const channel = new MessageChannel();
  const uaEnd = channel.port2 as unknown as PortLike;
  const pageEnd = channel.port1 as unknown as PortLike;
  serveDocumentPort(uaEnd, open);
  const port = documentPortOver(pageEnd, deliver);
  uaEnd.unref?.();
  pageEnd.unref?.();
  return port;
}
