// install(): puts xrgate in a page as navigator.xr, replacing a native navigator.xr and the native
// XR* interface objects (headless Chromium has them, without a device). Property descriptors are
// recorded and restored exactly by uninstall() (STYLE.md practice 10).

import { interfaceObjects } from '../api/interfaces.js';
import { domException } from '../api/webidl.js';
import { canvasPresentation, xrCompatibleContexts } from '../api/XRWebGLLayer.js';
import type { XRDeviceBackend } from '../device/types.js';
import { BrowserHost } from '../host/browser.js';
import type { Host } from '../host/host.js';
import { PageScriptedHost } from '../host/scripted-page.js';
import type { ConsentProvider } from '../policy/consent.js';
import type { UAProfile } from '../policy/profile.js';
import {
  ArrayPrototypePush,
  ObjectDefineProperty,
  ObjectGetOwnPropertyDescriptor,
  ObjectGetOwnPropertyNames,
  ObjectGetPrototypeOf,
  ObjectHasOwn,
  ObjectKeys,
  ObjectSetPrototypeOf,
  PromiseReject,
  PromiseResolve,
  ReflectApply,
  ReflectDeleteProperty,
  RegExpPrototypeTest,
  TypeError,
  WeakSetPrototypeAdd,
  WeakSetPrototypeHas,
} from '../primordials.js';
import {
  DocumentPrototypeGetReadyState,
  EventIsTrusted,
  KeyboardEventFacts,
  listen,
  navigatorAtLoad,
  secureContextAtLoad,
  theDocument,
} from '../primordials-dom.js';
import { enableTestAPI } from '../test-api/index.js';
import { createUserAgent, type DevicePreset, type UserAgent } from '../user-agent.js';
import { createOverlay, type OverlayControls, type PromptMode, steerablePrompt } from './overlay.js';
import { createTrustedPrompt } from './prompt.js';
import { createPageConsentStorage } from './storage.js';
import { installOpaqueFramebufferRules } from './webgl-opaque.js';

export interface InstallOptions {
  readonly profile?: 'spec' | 'strict' | UAProfile;
  /** The consent prompt (a Trusted-UI provider). Default: xrgate's prompt in a closed shadow root. */
  readonly prompt?: ConsentProvider;
  /** The simulated device; default 'headset' (none with the Test API: tests connect their own). */
  readonly device?: DevicePreset | XRDeviceBackend | null;
  /** Expose navigator.xr.test with a scripted host under test control (dist/xrgate-test.js). */
  readonly testAPI?: boolean;
  readonly host?: Host;
  /** Show the developer overlay at start (Ctrl+Shift+X toggles it either way; off by default). */
  readonly overlay?: boolean;
  /**
   * Remember "Allow and remember" answers across page loads in IndexedDB (localStorage fallback).
   * Off by default: storage a page can reach is storage a page can write (see browser/storage.ts).
   */
  readonly persistConsent?: boolean;
  /** Private browsing: nothing is persisted (R-CONSENT-10). */
  readonly privateMode?: boolean;
}

export interface Installation {
  readonly ua: UserAgent;
  readonly overlay: OverlayControls | null;
  uninstall(): void;
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

export function install(options: InstallOptions = {}): Installation | null {
  const win = globalThis as unknown as Window & typeof globalThis & Record<string, unknown>;
  const promptMode: { value: PromptMode } = { value: 'ask' };
  // R-EXPO-01: nothing in an insecure context (read at load: it cannot change).
  if (!secureContextAtLoad) return null;
  const host =
    options.host ??
    (options.testAPI
      ? new PageScriptedHost({ consent: 'grant-all' })
      : new BrowserHost({
          consentProvider: steerablePrompt(options.prompt ?? createTrustedPrompt(), () => promptMode.value),
          promptsUser: true,
          presentsInDocument: true,
          // The simulated headset makes this a UA that usually supports immersive-vr (R-PERM-12).
          sessionSupported: 'granted',
          storage: options.persistConsent && !options.privateMode ? createPageConsentStorage() : null,
          privateMode: options.privateMode === true,
        }));
  const ua = createUserAgent({
    host,
    device: options.device !== undefined ? options.device : options.testAPI ? null : 'headset',
    ...(options.profile ? { profile: options.profile } : {}),
  });
  const xr = ua.xr;
  if (!xr) return null;
  if (options.testAPI) enableTestAPI(xr, ua);
  // Outside tests, immersive frames are drawn on the app's canvas, and Escape is the user's way out
  // of immersive content (R-TUI-11).
  // The developer overlay is built only when the user opens it (a trusted Ctrl+Shift+X) or the
  // page's URL asks for it (options.overlay): until then there is nothing for a page to reach.
  let overlay: OverlayControls | null = null;
  const openOverlay = (): OverlayControls => {
    overlay ??= createOverlay(ua, { promptMode });
    return overlay;
  };
  if (!options.testAPI) {
    canvasPresentation.enabled = true;
    if (options.overlay) {
      const doc = theDocument;
      if (doc && DocumentPrototypeGetReadyState && DocumentPrototypeGetReadyState(doc) === 'loading') {
        listen(win, 'DOMContentLoaded', () => openOverlay().show());
      } else openOverlay().show();
    }
    listen(
      win,
      'keydown',
      (e: Event) => {
        if (!EventIsTrusted(e)) return;
        const k = KeyboardEventFacts(e);
        if (!k) return;
        if (k.ctrlKey && k.shiftKey && (k.key === 'X' || k.key === 'x') && !k.repeat) openOverlay().toggle();
        // Escape is the user's way out of immersive content (R-TUI-11): the user agent ends the
        // immersive session; the page side learns it as an 'ended' event.
        if (k.key === 'Escape') ua.agent.endImmersive();
      },
      { capture: true },
    );
  }

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
  // context attribute, on xrgate's device and policy.
  const agent = ua.agent;
  const makeXRCompatible = function (this: object): Promise<void> {
    // R-POLICY-08: a blocked document resolves and stays incompatible.
    if (!agent.host.isFeatureAllowed('xr-spatial-tracking')) return PromiseResolve(undefined);
    if (
      this === null ||
      typeof this !== 'object' ||
      typeof (this as { isContextLost?: unknown }).isContextLost !== 'function'
    ) {
      return PromiseReject(new TypeError('Illegal invocation'));
    }
    const lost = ReflectApply((this as { isContextLost: () => boolean }).isContextLost, this, []);
    if (lost)
      return PromiseReject(domException('InvalidStateError', 'makeXRCompatible: the context is lost'));
    if (WeakSetPrototypeHas(xrCompatibleContexts, this)) return PromiseResolve(undefined);
    // Reject only when there is no XR device at all to be compatible with.
    if (!agent.xrCompatibleNow()) {
      return PromiseReject(domException('InvalidStateError', 'makeXRCompatible: there is no XR device'));
    }
    WeakSetPrototypeAdd(xrCompatibleContexts, this);
    return PromiseResolve(undefined);
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
        if (ctx && asked && agent.xrCompatibleNow()) WeakSetPrototypeAdd(xrCompatibleContexts, ctx);
        return ctx;
      },
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

  // The opaque framebuffer's rules on the page's WebGL (immersive layers not presented on the
  // canvas: the Test API bundle).
  ArrayPrototypePush(restore, installOpaqueFramebufferRules(win as unknown as Record<string, unknown>));

  return {
    ua,
    get overlay() {
      return overlay;
    },
    uninstall() {
      overlay?.hide();
      for (let i = restore.length - 1; i >= 0; i--) restore[i]!();
      restore.length = 0;
    },
  };
}
