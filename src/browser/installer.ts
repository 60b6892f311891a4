// installXrgate(): puts xrgate in a page as navigator.xr, replacing a native navigator.xr and the
// native XR* interface objects (headless Chromium has them, without a device). Property descriptors
// are recorded and restored exactly by uninstall() (STYLE.md practice 10).
// The WebXR Test API and the page's consent storage are handed in by the caller (InstallerParts),
// never imported here: the production bundle (dist/xrgate.js, entry.ts) contains neither;
// dist/xrgate-test.js and xrgate/browser's install() pass them in (test-api-support.ts, storage.ts).

import type { XRSystem } from '../api/XRSystem.js';
import { canvasPresentation } from '../api/XRWebGLLayer.js';
import {
  DeviceControl,
  type DeviceTarget,
  type GamepadStateInit,
  type Point,
  type PoseInit,
} from '../device/device-control.js';
import { DeviceDriver, type DeviceState } from '../device/device-state.js';
import type { DeviceRecording } from '../device/recording.js';
import type { XRDeviceBackend } from '../device/types.js';
import { BrowserHost } from '../host/browser.js';
import type { Host } from '../host/host.js';
import type { ConsentProvider, ConsentStorage } from '../policy/consent.js';
import { defineProfile, profiles, type UAProfile } from '../policy/profile.js';
import { PromiseResolve, TypeError } from '../primordials.js';
import {
  DocumentPrototypeGetReadyState,
  EventIsTrusted,
  KeyboardEventFacts,
  keepListening,
  listen,
  secureContextAtLoad,
  theDocument,
} from '../primordials-dom.js';
import { assembleUserAgent, type DevicePreset, directTransport, type UserAgent } from '../user-agent-core.js';
import { checkInstallOptions, installDevice } from './install-options.js';
import {
  takePreviousDocumentRecord,
  watchNavigationDestination,
  writeDocumentRecord,
} from './navigation-record.js';
import { showNavigationInterstitial, showOfferControl } from './offer-control.js';
import { createOverlay, type OverlayControls, type PromptMode, steerablePrompt } from './overlay.js';
import { installPageGlobals } from './page-globals.js';
import { showPrivacyIndicator } from './privacy-indicator.js';
import { createTrustedPrompt } from './prompt.js';

export interface InstallOptions {
  readonly profile?: 'spec' | 'strict' | UAProfile;
  /** The consent prompt (a Trusted-UI provider). Default: xrgate's prompt in a closed shadow root. */
  readonly prompt?: ConsentProvider;
  /**
   * The device: a name ('headset', the default; 'headset-hands', 'orientation-only',
   * 'inline-desktop'; or a preset: 'quest-2', 'quest-3', 'quest-pro', 'pico-4', 'hands-only',
   * 'phone-ar'), a device.json file's data ({ "format": "xrgate-device", … }), a device backend of
   * one's own, or null (none; the default with the Test API: tests connect their own).
   */
  readonly device?: DevicePreset | string | XRDeviceBackend | object | null;
  /**
   * Expose navigator.xr.test with a scripted host under test control (dist/xrgate-test.js).
   * Honoured by xrgate/browser's install(); installXrgate() takes the Test API as its argument.
   */
  readonly testAPI?: boolean;
  readonly host?: Host;
  /** Show the developer overlay at start (Ctrl+Shift+X toggles it either way; off by default). */
  readonly overlay?: boolean;
  /**
   * Remember "Allow and remember" answers across page loads in IndexedDB (localStorage fallback).
   * Off by default: storage a page can reach is storage a page can write (see browser/storage.ts).
   * Honoured by xrgate/browser's install(); dist/xrgate.js does not persist consent.
   */
  readonly persistConsent?: boolean;
  /** Private browsing: nothing is persisted (R-CONSENT-10). */
  readonly privateMode?: boolean;
  /**
   * Seed 002, only where the embedder opts in: 'same-origin' lets a same-origin link followed from
   * inside an immersive session start the next page's session without a click (sessiongranted,
   * after the interstitial, blurred until the user acts). The record of the previous page lives in
   * sessionStorage, which the page can write: a page can forge it for its own origin, never for
   * another (see browser/navigation-record.ts). Off by default.
   */
  readonly navigation?: 'same-origin';
}

export interface Installation {
  readonly ua: UserAgent;
  readonly overlay: OverlayControls | null;
  uninstall(): void;
  /**
   * The simulated device under control (null with a device backend of one's own or no device):
   * every change of the overlay and of the methods below goes through it.
   */
  readonly device: DeviceControl | null;
  /** The device's state now (poses, buttons, hands, floor, room …). */
  readonly deviceState: DeviceState | null;
  /** Applies a DeviceState patch, e.g. { floorHeight: 1.5 } or { preset: 'pico-4' }. */
  setDeviceState(patch: object): DeviceState;
  /** Turns the headset (or 'left'/'right' controller) to look at a point in the local space. */
  lookAt(point: Point, target?: DeviceTarget): DeviceState;
  /** Moves the headset (or a controller) to `pose` over `ms` milliseconds. */
  animateTo(pose: PoseInit, ms: number, target?: DeviceTarget): Promise<void>;
  /** A controller's buttons (by index or component id), thumbstick, pose or connection. */
  setGamepadState(hand: 'left' | 'right', state: GamepadStateInit): DeviceState;
  /** A tap on a phone's touch screen (its centre): a transient 'screen' input that selects once. */
  tap(ms?: number): Promise<void>;
  /** Puts the simulated device in a built-in room ('empty-room', 'living-room', 'office') or none (null). */
  setEnvironment(name: string | null): void;
  /** Records every device change until stopRecording(). */
  startRecording(): void;
  /** The recording (JSON data) since startRecording(). */
  stopRecording(): DeviceRecording | null;
  /** Replays a recording (its JSON text or data); settles after its last change. */
  playRecording(json: unknown): Promise<void>;
}

/** The WebXR Test API, as the test bundle hands it to installXrgate(). */
export interface TestAPISupport {
  /** The scripted host under test control that replaces the page's real signals. */
  createHost(): Host;
  /** Exposes navigator.xr.test on `xr`, driving `ua`. */
  enable(xr: XRSystem, ua: UserAgent): void;
  /**
   * Immersive layers render into opaque framebuffers (not onto the canvas): their support, and
   * their rules on the page's WebGL. Returns the uninstaller.
   */
  opaqueFramebuffers(win: Record<string, unknown>): () => void;
}

/** What installXrgate() is given besides the options (each left out of the bundles that do not pass it). */
export interface InstallerParts {
  /** The WebXR Test API (dist/xrgate-test.js, and install({ testAPI: true })). */
  readonly testAPI?: TestAPISupport;
  /** The page's consent storage, used when options.persistConsent is set (install()). */
  readonly consentStorage?: () => ConsentStorage;
}

export function installXrgate(
  options: Omit<InstallOptions, 'testAPI'> = {},
  parts: InstallerParts = {},
): Installation | null {
  checkInstallOptions(options);
  const win = globalThis as unknown as Window & typeof globalThis & Record<string, unknown>;
  const promptMode: { value: PromptMode } = { value: 'ask' };
  const testAPI = parts.testAPI;
  // R-EXPO-01: nothing in an insecure context (read at load: it cannot change).
  if (!secureContextAtLoad) return null;
  const sameOriginNavigation = options.navigation === 'same-origin' && !testAPI && !options.host;
  const host =
    options.host ??
    (testAPI
      ? testAPI.createHost()
      : new BrowserHost({
          consentProvider: steerablePrompt(
            options.prompt ??
              // The prompt offers "Allow and remember" only where answers are really kept.
              createTrustedPrompt({
                persistent:
                  options.persistConsent === true &&
                  !options.privateMode &&
                  parts.consentStorage !== undefined,
              }),
            () => promptMode.value,
          ),
          offerControl: showOfferControl,
          privacyIndicator: showPrivacyIndicator,
          promptsUser: true,
          presentsInDocument: true,
          // The simulated headset makes this a UA that usually supports immersive-vr (R-PERM-12).
          sessionSupported: 'granted',
          storage:
            options.persistConsent && !options.privateMode && parts.consentStorage
              ? parts.consentStorage()
              : null,
          privateMode: options.privateMode === true,
          ...(sameOriginNavigation
            ? { previousDocument: takePreviousDocumentRecord, showInterstitial: showNavigationInterstitial }
            : {}),
        }));
  const baseProfile =
    options.profile === 'strict'
      ? profiles.strict
      : typeof options.profile === 'object'
        ? options.profile
        : profiles.spec;
  // A named device, a preset or a device file is driven from DeviceState (the overlay and the
  // automation API change it); a new preset connects its new device in place of the old one.
  const chosen = installDevice(options.device, testAPI ? null : 'headset');
  const driver = chosen.state ? new DeviceDriver(chosen.state) : null;
  const control = driver
    ? new DeviceControl(driver, (previous, next) => {
        ua.disconnectDevice(previous);
        ua.connectDevice(next);
      })
    : null;
  const ua = assembleUserAgent(
    host,
    {
      device: driver ? driver.device : chosen.device,
      ...(sameOriginNavigation
        ? {
            profile: defineProfile(
              {
                name: `${baseProfile.name}+same-origin-navigation`,
                automaticSessionsOnNavigation: true,
                navigationMitigations: ['interstitial', 'start-blurred'],
              },
              baseProfile,
            ),
          }
        : options.profile
          ? { profile: options.profile }
          : {}),
    },
    directTransport,
  );
  // The record the next same-origin page reads: written as this document goes away, before its
  // sessions end (this listener comes before theirs).
  if (sameOriginNavigation) {
    watchNavigationDestination();
    host.subscribe((e) => {
      if (e.type === 'unload') writeDocumentRecord(ua.agent.activeImmersive !== null);
    });
  }
  const xr = ua.xr;
  if (!xr) return null;
  if (testAPI) testAPI.enable(xr, ua);
  // Outside tests, immersive frames are drawn on the app's canvas, and Escape is the user's way out
  // of immersive content (R-TUI-11).
  // The developer overlay is built only when the user opens it (a trusted Ctrl+Shift+X) or the
  // page's URL asks for it (options.overlay): until then there is nothing for a page to reach.
  let overlay: OverlayControls | null = null;
  const openOverlay = (): OverlayControls => {
    overlay ??= createOverlay(ua, { promptMode, control });
    return overlay;
  };
  if (!testAPI) {
    canvasPresentation.enabled = true;
    if (options.overlay) {
      const doc = theDocument;
      if (doc && DocumentPrototypeGetReadyState && DocumentPrototypeGetReadyState(doc) === 'loading') {
        listen(win, 'DOMContentLoaded', () => openOverlay().show());
      } else openOverlay().show();
    }
    // (Kept: a page's document.open() cannot take the user's Escape away.)
    keepListening(
      win,
      'keydown',
      (e: Event) => {
        if (!EventIsTrusted(e)) return;
        const k = KeyboardEventFacts(e);
        if (!k) return;
        if (k.ctrlKey && k.shiftKey && (k.key === 'X' || k.key === 'x') && !k.repeat) openOverlay().toggle();
        // Escape is the user's way out of immersive content (R-TUI-11): the user agent ends the
        // immersive session; the page side learns it as an 'ended' event.
        // While xrgate's prompt is open, Escape belongs to the prompt (it dismisses this request).
        if (k.key === 'Escape' && !ua.core.promptOpen) ua.agent.endImmersive();
      },
      { capture: true },
    );
  }

  const agent = ua.agent;
  const uninstallGlobals = installPageGlobals(
    xr,
    {
      // R-POLICY-08/09 on this document's user-agent side, synchronously (one realm).
      now: () => agent.xrCompatibleNow(),
      check: () =>
        PromiseResolve(
          !agent.host.isFeatureAllowed('xr-spatial-tracking')
            ? 'blocked'
            : agent.xrCompatibleNow()
              ? 'compatible'
              : 'no-device',
        ),
    },
    ua.permissions,
    ua.navigator.capabilities,
  );
  // With the Test API, immersive layers render into opaque framebuffers, with their rules on the
  // page's WebGL; otherwise they are presented on the app's canvas (above) and need neither.
  const uninstallOpaque = testAPI ? testAPI.opaqueFramebuffers(win) : null;

  const need = (what: string): DeviceControl => {
    if (control) return control;
    throw new TypeError(
      `${what}: this installation has no simulated device to control (options.device is a backend of your own, or none). Fix: install({ device: 'quest-3' }) or a device.json file's data.`,
    );
  };
  return {
    ua,
    get overlay() {
      return overlay;
    },
    device: control,
    get deviceState() {
      return control ? control.state : null;
    },
    setDeviceState: (patch) => need('setDeviceState').set(patch),
    lookAt: (point, target) => need('lookAt').lookAt(point, target),
    animateTo: (pose, ms, target) => need('animateTo').animateTo(pose, ms, target),
    setGamepadState: (hand, state) => need('setGamepadState').setGamepadState(hand, state),
    tap: (ms) => need('tap').tap(ms),
    setEnvironment: (name) => need('setEnvironment').setEnvironment(name),
    startRecording: () => need('startRecording').startRecording(),
    stopRecording: () => need('stopRecording').stopRecording(),
    playRecording: (json) => need('playRecording').playRecording(json),
    uninstall() {
      overlay?.hide();
      uninstallOpaque?.();
      uninstallGlobals();
    },
  };
}
