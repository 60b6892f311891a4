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

const interfaces: Record<string, unknown> = Object.fromEntries(
  Object.entries(interfaceObjects).map(([name, [ctor]]) => [name, ctor]),
);

export function install(options: InstallOptions = {}): Installation | null {
  const win = globalThis as unknown as Window & typeof globalThis & Record<string, unknown>;
  const promptMode: { value: PromptMode } = { value: 'ask' };
  // R-EXPO-01: nothing in an insecure context.
  if (win.isSecureContext !== true) return null;
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
  let overlay: OverlayControls | null = null;
  if (!options.testAPI) {
    canvasPresentation.enabled = true;
    overlay = createOverlay(ua, { promptMode });
    const ov = overlay;
    if (options.overlay) {
      if (win.document.readyState === 'loading') win.addEventListener('DOMContentLoaded', () => ov.show());
      else ov.show();
    }
    win.addEventListener(
      'keydown',
      (e: KeyboardEvent) => {
        if (e.isTrusted && e.ctrlKey && e.shiftKey && (e.key === 'X' || e.key === 'x')) ov.toggle();
      },
      { capture: true },
    );
    win.addEventListener(
      'keydown',
      (e: KeyboardEvent) => {
        if (e.key !== 'Escape' || !e.isTrusted) return;
        // The user agent ends the immersive session; the page side learns it as an 'ended' event.
        ua.agent.endImmersive();
      },
      { capture: true },
    );
  }

  const restore: (() => void)[] = [];
  const define = (target: object, key: string, desc: PropertyDescriptor) => {
    const old = Object.getOwnPropertyDescriptor(target, key);
    Object.defineProperty(target, key, desc);
    restore.push(() => {
      if (old) Object.defineProperty(target, key, old);
      else delete (target as Record<string, unknown>)[key];
    });
  };

  // navigator.xr: [SecureContext, SameObject] readonly attribute on Navigator.prototype.
  const navProto = Object.getPrototypeOf(win.navigator) as object;
  const nav = win.navigator;
  // An object-literal accessor, so that the getter is named "get xr" as WebIDL requires.
  const xrAccessor = Object.getOwnPropertyDescriptor(
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
  for (const key of Object.getOwnPropertyNames(win)) {
    if (!/^XR[A-Z]/.test(key) || Object.hasOwn(interfaces, key)) continue;
    const old = Object.getOwnPropertyDescriptor(win, key);
    if (!old?.configurable) continue;
    delete win[key];
    restore.push(() => Object.defineProperty(win, key, old));
  }
  for (const [name, value] of Object.entries(interfaces)) {
    define(win, name, { value, writable: true, enumerable: false, configurable: true });
  }

  // makeXRCompatible (spec #dom-webglrenderingcontextbase-makexrcompatible) and the xrCompatible
  // context attribute, on xrgate's device and policy.
  const agent = ua.agent;
  const makeXRCompatible = function (this: object): Promise<void> {
    // R-POLICY-08: a blocked document resolves and stays incompatible.
    if (!agent.host.isFeatureAllowed('xr-spatial-tracking')) return Promise.resolve();
    if (
      this === null ||
      typeof this !== 'object' ||
      typeof (this as { isContextLost?: unknown }).isContextLost !== 'function'
    ) {
      return Promise.reject(new TypeError('Illegal invocation'));
    }
    const lost = (this as { isContextLost: () => boolean }).isContextLost();
    if (lost)
      return Promise.reject(domException('InvalidStateError', 'makeXRCompatible: the context is lost'));
    if (xrCompatibleContexts.has(this)) return Promise.resolve();
    // Reject only when there is no XR device at all to be compatible with.
    if (!agent.xrCompatibleNow()) {
      return Promise.reject(domException('InvalidStateError', 'makeXRCompatible: there is no XR device'));
    }
    xrCompatibleContexts.add(this);
    return Promise.resolve();
  };
  for (const name of ['WebGLRenderingContext', 'WebGL2RenderingContext']) {
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
        const attrs = originalAttributes.call(this);
        if (attrs) attrs.xrCompatible = xrCompatibleContexts.has(this);
        return attrs;
      },
    });
  }
  for (const canvasName of ['HTMLCanvasElement', 'OffscreenCanvas']) {
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
        const ctx = original.call(this, type, attrs) as object | null;
        // R-POLICY-09: the attribute has no effect in a blocked document.
        if (ctx && attrs?.xrCompatible === true && agent.xrCompatibleNow()) {
          xrCompatibleContexts.add(ctx);
        }
        return ctx;
      },
    });
  }

  // In a browser XRPermissionStatus inherits from the page's PermissionStatus (spec #permissions).
  const PermissionStatusCtor = win.PermissionStatus as { prototype: object } | undefined;
  const ours = interfaceObjects.XRPermissionStatus?.[0] as { prototype: object } | undefined;
  if (PermissionStatusCtor && ours) {
    const oldProto = Object.getPrototypeOf(ours.prototype);
    const oldCtorProto = Object.getPrototypeOf(ours);
    Object.setPrototypeOf(ours.prototype, PermissionStatusCtor.prototype);
    Object.setPrototypeOf(ours, PermissionStatusCtor);
    restore.push(() => {
      Object.setPrototypeOf(ours.prototype, oldProto);
      Object.setPrototypeOf(ours, oldCtorProto);
    });
  }

  // The opaque framebuffer's rules on the page's WebGL (immersive layers not presented on the
  // canvas: the Test API bundle).
  restore.push(installOpaqueFramebufferRules(win as unknown as Record<string, unknown>));

  return {
    ua,
    overlay,
    uninstall() {
      overlay?.hide();
      for (const r of restore.reverse()) r();
      restore.length = 0;
    },
  };
}
