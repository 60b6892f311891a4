// The page's globals xrgate installs: navigator.xr, the XR* interface objects (replacing native
// ones: headless Chromium has them, without a device), makeXRCompatible and the xrCompatible
// context attribute, XRPermissionStatus's place under PermissionStatus. Shared by the script
// bundles (installer.ts) and the Chromium extension's main-world script. (The opaque framebuffer's
// rules on the page's WebGL are the Test API bundle's alone: test-api-support.ts.)
// Property descriptors are recorded and restored exactly by the returned function (STYLE.md
// practice 10).

import { interfaceObjects } from '../api/interfaces.js';
import type { XRCapabilities, XRPermissions } from '../api/page-navigator.js';
import { domException } from '../api/webidl.js';
import type { XRSystem } from '../api/XRSystem.js';
import { xrCompatibleContexts } from '../api/XRWebGLLayer.js';
import {
  ArrayPrototypePush,
  ObjectDefineProperty,
  ObjectFreeze,
  ObjectGetOwnPropertyDescriptor,
  ObjectGetOwnPropertyNames,
  ObjectGetPrototypeOf,
  ObjectHasOwn,
  ObjectKeys,
  ObjectSetPrototypeOf,
  PromisePrototypeThen,
  PromiseReject,
  ReflectApply,
  ReflectDeleteProperty,
  RegExpPrototypeTest,
  SafeMap,
  String,
  TypeError,
  WeakSetPrototypeAdd,
  WeakSetPrototypeHas,
} from '../primordials.js';
import { navigatorAtLoad } from '../primordials-dom.js';

/** What makeXRCompatible and getContext's xrCompatible attribute learn from the user-agent side. */
export interface XRCompatibility {
  /** The last known answer, synchronously (getContext cannot wait). */
  now(): boolean;
  /** The user agent's answer: 'blocked' by permissions policy, or whether there is a device. */
  check(): Promise<'compatible' | 'blocked' | 'no-device'>;
}

const interfaces: Record<string, unknown> = (() => {
  const out: Record<string, unknown> = { __proto__: null } as unknown as Record<string, unknown>;
  const names = ObjectKeys(interfaceObjects);
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    out[name] = (interfaceObjects as Record<string, readonly unknown[]>)[name]![0];
  }
  return out;
})();

/** Installs xrgate's globals for `xr` in this realm; returns the uninstaller. */
export function installPageGlobals(
  xr: XRSystem,
  compat: XRCompatibility,
  permissions?: XRPermissions,
  capabilities?: XRCapabilities,
): () => void {
  const win = globalThis as unknown as Window & typeof globalThis & Record<string, unknown>;
  const restore: (() => void)[] = [];
  const define = (target: object, key: string, desc: PropertyDescriptor) => {
    const old = ObjectGetOwnPropertyDescriptor(target, key);
    ObjectDefineProperty(target, key, desc);
    ArrayPrototypePush(restore, () => {
      if (old) ObjectDefineProperty(target, key, old);
      else ReflectDeleteProperty(target, key);
    });
  };

  // navigator.xr: [SecureContext, SameObject] readonly attribute on Navigator.prototype.
  const nav = navigatorAtLoad as Navigator;
  const navProto = ObjectGetPrototypeOf(nav) as object;
  // An object-literal accessor, so that the getter is named "get xr" as WebIDL requires.
  const xrAccessor = ObjectGetOwnPropertyDescriptor(
    {
      get xr() {
        if (this !== nav) throw new TypeError('Illegal invocation');
        return xr;
      },
    },
    'xr',
  ) as PropertyDescriptor;
  define(navProto, 'xr', { get: xrAccessor.get, configurable: true, enumerable: true });

  // Replace the native XR* interface objects; remove the ones xrgate does not implement.
  const globals = ObjectGetOwnPropertyNames(win);
  for (let i = 0; i < globals.length; i++) {
    const key = globals[i]!;
    if (!RegExpPrototypeTest(/^XR[A-Z]/, key) || ObjectHasOwn(interfaces, key)) continue;
    const old = ObjectGetOwnPropertyDescriptor(win, key);
    if (!old?.configurable) continue;
    ReflectDeleteProperty(win, key);
    ArrayPrototypePush(restore, () => {
      ObjectDefineProperty(win, key, old);
    });
  }
  const names = ObjectKeys(interfaces);
  for (let i = 0; i < names.length; i++) {
    define(win, names[i]!, {
      value: interfaces[names[i]!],
      writable: true,
      enumerable: false,
      configurable: true,
    });
  }

  // makeXRCompatible (spec #dom-webglrenderingcontextbase-makexrcompatible) and the xrCompatible
  // context attribute, decided on the user-agent side (policy and device).
  const makeXRCompatible = function (this: object): Promise<void> {
    if (
      this === null ||
      typeof this !== 'object' ||
      typeof (this as { isContextLost?: unknown }).isContextLost !== 'function'
    ) {
      return PromiseReject(new TypeError('Illegal invocation'));
    }
    return PromisePrototypeThen(compat.check(), (answer) => {
      // R-POLICY-08: a blocked document resolves and stays incompatible.
      if (answer === 'blocked') return undefined;
      const lost = ReflectApply((this as { isContextLost: () => boolean }).isContextLost, this, []);
      if (lost) throw domException('InvalidStateError', 'makeXRCompatible: the context is lost');
      if (WeakSetPrototypeHas(xrCompatibleContexts, this)) return undefined;
      // Reject only when there is no XR device at all to be compatible with.
      if (answer !== 'compatible')
        throw domException('InvalidStateError', 'makeXRCompatible: there is no XR device');
      WeakSetPrototypeAdd(xrCompatibleContexts, this);
      return undefined;
    });
  };
  // WebIDL: the operation's name (the minifier renames the variable the name is inferred from).
  ObjectDefineProperty(makeXRCompatible, 'name', { value: 'makeXRCompatible', configurable: true });
  const glNames = ['WebGLRenderingContext', 'WebGL2RenderingContext'];
  for (let i = 0; i < glNames.length; i++) {
    const name = glNames[i]!;
    const ctor = win[name] as
      | { prototype: { getContextAttributes: () => Record<string, unknown> | null } }
      | undefined;
    if (!ctor) continue;
    define(ctor.prototype, 'makeXRCompatible', {
      value: makeXRCompatible,
      writable: true,
      enumerable: true,
      configurable: true,
    });
    const originalAttributes = ctor.prototype.getContextAttributes;
    define(ctor.prototype, 'getContextAttributes', {
      configurable: true,
      writable: true,
      enumerable: true,
      value: function (this: object) {
        const attrs = ReflectApply(originalAttributes, this, []) as Record<string, unknown> | null;
        if (attrs) attrs.xrCompatible = WeakSetPrototypeHas(xrCompatibleContexts, this);
        return attrs;
      },
    });
  }
  const canvasNames = ['HTMLCanvasElement', 'OffscreenCanvas'];
  for (let i = 0; i < canvasNames.length; i++) {
    const canvasName = canvasNames[i]!;
    const canvasProto = (
      win[canvasName] as { prototype: { getContext: (...a: unknown[]) => unknown } } | undefined
    )?.prototype;
    if (!canvasProto) continue;
    const original = canvasProto.getContext;
    define(canvasProto, 'getContext', {
      configurable: true,
      writable: true,
      enumerable: true,
      value: function (this: object, type: unknown, attrs?: { xrCompatible?: boolean }) {
        const ctx = ReflectApply(original, this, [type, attrs]) as object | null;
        // R-POLICY-09: the attribute has no effect in a blocked document. (An own property of the
        // page's dictionary only: a polluted Object.prototype.xrCompatible asks for nothing.)
        const asked =
          attrs !== null &&
          typeof attrs === 'object' &&
          ObjectHasOwn(attrs, 'xrCompatible') &&
          attrs.xrCompatible === true;
        if (ctx && asked && compat.now()) WeakSetPrototypeAdd(xrCompatibleContexts, ctx);
        return ctx;
      },
    });
  }

  // navigator.permissions.query({ name: 'xr' | 'xr-session-supported', … }) answers from the user
  // agent (spec #permissions: the "xr" powerful feature and its XRPermissionDescriptor); every other
  // name goes to the browser's own query. The name is read as an own data property only.
  const PermissionsCtor = (win as Record<string, unknown>).Permissions as { prototype: object } | undefined;
  const nativeQuery = PermissionsCtor
    ? (ObjectGetOwnPropertyDescriptor(PermissionsCtor.prototype, 'query')?.value as
        | ((this: unknown, d: unknown) => Promise<unknown>)
        | undefined)
    : undefined;
  if (PermissionsCtor && nativeQuery && permissions) {
    const ourQuery = permissions.query;
    const query = {
      query(this: unknown, descriptor: unknown): Promise<unknown> {
        const d =
          descriptor !== null && typeof descriptor === 'object'
            ? ObjectGetOwnPropertyDescriptor(descriptor, 'name')
            : undefined;
        const name = d !== undefined && ObjectHasOwn(d, 'value') ? d.value : undefined;
        if (name === 'xr' || name === 'xr-session-supported')
          return ReflectApply(ourQuery, permissions, [descriptor]) as Promise<unknown>;
        return ReflectApply(nativeQuery, this, [descriptor]);
      },
    }.query;
    define(PermissionsCtor.prototype, 'query', {
      value: query,
      writable: true,
      enumerable: true,
      configurable: true,
    });
  }

  // (`define` records each property for the uninstaller.)
  if (capabilities) gateBrowserPermissionAPIs(win, capabilities, define);

  // In a browser XRPermissionStatus inherits from the page's PermissionStatus (spec #permissions).
  const PermissionStatusCtor = (win as Record<string, unknown>).PermissionStatus as
    | { prototype: object }
    | undefined;
  const ours = interfaceObjects.XRPermissionStatus?.[0] as { prototype: object } | undefined;
  if (PermissionStatusCtor && ours) {
    const oldProto = ObjectGetPrototypeOf(ours.prototype);
    const oldCtorProto = ObjectGetPrototypeOf(ours);
    ObjectSetPrototypeOf(ours.prototype, PermissionStatusCtor.prototype);
    ObjectSetPrototypeOf(ours, PermissionStatusCtor);
    ArrayPrototypePush(restore, () => {
      ObjectSetPrototypeOf(ours.prototype, oldProto);
      ObjectSetPrototypeOf(ours, oldCtorProto);
    });
  }

  return () => {
    for (let i = restore.length - 1; i >= 0; i--) restore[i]!();
    restore.length = 0;
  };
}

/** An own data property of a page's dictionary (a getter or Object.prototype supplies nothing). */
function ownValue(o: unknown, key: string): unknown {
  if (o === null || typeof o !== 'object') return undefined;
  const d = ObjectGetOwnPropertyDescriptor(o, key);
  return d !== undefined && ObjectHasOwn(d, 'value') ? d.value : undefined;
}

/**
 * Seed 004: the browser's own permission APIs ask xrgate's user agent first (the session's envelope,
 * or the spec's rule that ends an immersive session before a prompt), then run as they would:
 * MediaDevices#getUserMedia (audio → microphone, video → camera), Geolocation#getCurrentPosition
 * and #watchPosition, Notification.requestPermission. A refusal is what each API gives for a
 * denied permission: getUserMedia rejects with NotAllowedError, geolocation calls the error
 * callback with PERMISSION_DENIED, Notification.requestPermission answers 'denied' (its promise
 * never rejects).
 */
function gateBrowserPermissionAPIs(
  win: Record<string, unknown>,
  capabilities: XRCapabilities,
  define: (target: object, key: string, desc: PropertyDescriptor) => void,
): void {
  const request = capabilities.request;
  const ask = (names: ('microphone' | 'camera' | 'geolocation' | 'notifications')[]): Promise<void> =>
    ReflectApply(request, capabilities, [names]) as Promise<void>;
  const method = (value: unknown): PropertyDescriptor => ({
    value,
    writable: true,
    enumerable: true,
    configurable: true,
  });

  const MediaDevicesCtor = win.MediaDevices as { prototype: object } | undefined;
  const nativeGUM = MediaDevicesCtor
    ? (ObjectGetOwnPropertyDescriptor(MediaDevicesCtor.prototype, 'getUserMedia')?.value as
        | ((this: unknown, c?: unknown) => Promise<unknown>)
        | undefined)
    : undefined;
  if (MediaDevicesCtor && nativeGUM) {
    const getUserMedia = {
      getUserMedia(this: unknown, constraints?: unknown): Promise<unknown> {
        const names: ('microphone' | 'camera')[] = [];
        const audio = ownValue(constraints, 'audio');
        const video = ownValue(constraints, 'video');
        if (audio !== undefined && audio !== false) ArrayPrototypePush(names, 'microphone');
        if (video !== undefined && video !== false) ArrayPrototypePush(names, 'camera');
        // Nothing asked: the browser answers (a TypeError).
        if (names.length === 0) return ReflectApply(nativeGUM, this, [constraints]);
        return PromisePrototypeThen(ask(names), () => ReflectApply(nativeGUM, this, [constraints]));
      },
    }.getUserMedia;
    define(MediaDevicesCtor.prototype, 'getUserMedia', method(getUserMedia));
  }

  const GeolocationCtor = win.Geolocation as { prototype: object } | undefined;
  const geoProto = GeolocationCtor?.prototype;
  const nativeGet = geoProto
    ? (ObjectGetOwnPropertyDescriptor(geoProto, 'getCurrentPosition')?.value as
        | ((this: unknown, ...a: unknown[]) => void)
        | undefined)
    : undefined;
  const nativeWatch = geoProto
    ? (ObjectGetOwnPropertyDescriptor(geoProto, 'watchPosition')?.value as
        | ((this: unknown, ...a: unknown[]) => number)
        | undefined)
    : undefined;
  const nativeClear = geoProto
    ? (ObjectGetOwnPropertyDescriptor(geoProto, 'clearWatch')?.value as
        | ((this: unknown, id: number) => void)
        | undefined)
    : undefined;
  if (geoProto && nativeGet && nativeWatch && nativeClear) {
    const denied = (error: unknown, e: unknown) => {
      if (typeof error !== 'function') return;
      const message = e !== null && typeof e === 'object' ? String(ownValue(e, 'message') ?? '') : '';
      ReflectApply(error, undefined, [
        ObjectFreeze({
          code: 1,
          message,
          PERMISSION_DENIED: 1,
          POSITION_UNAVAILABLE: 2,
          TIMEOUT: 3,
        }),
      ]);
    };
    const getCurrentPosition = {
      getCurrentPosition(this: unknown, success: unknown, error?: unknown, options?: unknown): void {
        PromisePrototypeThen(
          ask(['geolocation']),
          () => ReflectApply(nativeGet, this, [success, error, options]),
          (e) => denied(error, e),
        );
      },
    }.getCurrentPosition;
    // watchPosition answers an id at once: ours, mapped to the browser's when the request goes on.
    let nextWatch = 0;
    const watches = new SafeMap<number, number | null>();
    const watchPosition = {
      watchPosition(this: unknown, success: unknown, error?: unknown, options?: unknown): number {
        const id = ++nextWatch;
        watches.set(id, null);
        PromisePrototypeThen(
          ask(['geolocation']),
          () => {
            if (!watches.has(id)) return;
            watches.set(id, ReflectApply(nativeWatch, this, [success, error, options]) as number);
          },
          (e) => {
            if (!watches.has(id)) return;
            watches.delete(id);
            denied(error, e);
          },
        );
        return id;
      },
    }.watchPosition;
    const clearWatch = {
      clearWatch(this: unknown, id: unknown): void {
        const key = typeof id === 'number' ? id : -1;
        const nativeId = watches.get(key);
        watches.delete(key);
        if (typeof nativeId === 'number') ReflectApply(nativeClear, this, [nativeId]);
      },
    }.clearWatch;
    define(geoProto, 'getCurrentPosition', method(getCurrentPosition));
    define(geoProto, 'watchPosition', method(watchPosition));
    define(geoProto, 'clearWatch', method(clearWatch));
  }

  const NotificationCtor = win.Notification as object | undefined;
  const nativeRequest = NotificationCtor
    ? (ObjectGetOwnPropertyDescriptor(NotificationCtor, 'requestPermission')?.value as
        | ((this: unknown, cb?: unknown) => Promise<string>)
        | undefined)
    : undefined;
  if (NotificationCtor && nativeRequest) {
    const requestPermission = {
      requestPermission(this: unknown, callback?: unknown): Promise<string> {
        return PromisePrototypeThen(
          ask(['notifications']),
          () => ReflectApply(nativeRequest, this, [callback]) as Promise<string>,
          () => {
            if (typeof callback === 'function') ReflectApply(callback, undefined, ['denied']);
            return 'denied';
          },
        ) as Promise<string>;
      },
    }.requestPermission;
    define(NotificationCtor, 'requestPermission', method(requestPermission));
  }
}
