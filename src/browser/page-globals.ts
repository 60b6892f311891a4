// The page's globals xrgate installs: navigator.xr, the XR* interface objects (replacing native
// ones: headless Chromium has them, without a device), makeXRCompatible and the xrCompatible
// context attribute, XRPermissionStatus's place under PermissionStatus. Shared by the script
// bundles (installer.ts) and the Chromium extension's main-world script. (The opaque framebuffer's
// rules on the page's WebGL are the Test API bundle's alone: test-api-support.ts.)
// Property descriptors are recorded and restored exactly by the returned function (STYLE.md
// practice 10).

import { interfaceObjects } from '../api/interfaces.js';
import type { XRPermissions } from '../api/page-navigator.js';
import { domException } from '../api/webidl.js';
import type { XRSystem } from '../api/XRSystem.js';
import { xrCompatibleContexts } from '../api/XRWebGLLayer.js';
import {
  ArrayPrototypePush,
  ObjectDefineProperty,
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
