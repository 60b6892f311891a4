// createUserAgent: one call gives a user agent (host + device + a navigator-like object with `xr`
// and `permissions`) so an app's WebXR logic runs under the real rules in Node and in tests.

import { connectOverChannel } from './agent/channel.js';
import type { DocumentAgent } from './agent/document-agent.js';
import { UserAgentSide } from './agent/user-agent-side.js';
import type { PageEnvironment } from './api/page-environment.js';
import { createPageNavigator, type XRNavigator, type XRPermissions } from './api/page-navigator.js';
import type { XRSystem } from './api/XRSystem.js';
import type { XRDeviceBackend } from './device/types.js';
import type { Host } from './host/host.js';
import { ScriptedHost, type ScriptedHostOptions } from './host/scripted.js';
import type { ConsentStorage } from './policy/consent.js';
import { AuditLog } from './policy/decision.js';
import {
  type NavigationVia,
  navigationFactsFromUserAgentRecord,
  readNavigationRequest,
} from './policy/navigation-record.js';
import { profiles, type UAProfile } from './policy/profile.js';
import { ArrayPrototypeIncludes, ArrayPrototypePush, ReflectApply, TypeError } from './primordials.js';
import {
  checkDocumentOptions,
  checkUserAgentOptions,
  type DevicePreset,
  presetDevice,
} from './user-agent-options.js';

export type { DevicePreset } from './user-agent-options.js';

export interface UserAgentOptions extends ScriptedHostOptions {
  /**
   * The XR device: a preset name (xrgate's 'headset', 'headset-hands', 'orientation-only',
   * 'inline-desktop'; the presets 'quest-2', 'quest-3', 'quest-pro', 'pico-4', 'hands-only',
   * 'phone-ar'), a device backend, or null for none. Default 'headset'.
   */
  readonly device?: DevicePreset | XRDeviceBackend | null;
  /** 'spec' (default), 'strict', or a profile from defineProfile(). */
  readonly profile?: 'spec' | 'strict' | UAProfile;
  /** A host of your own instead of the scripted one. */
  readonly host?: Host;
  readonly storage?: ConsentStorage | null;
  readonly reportError?: (e: unknown) => void;
  /**
   * How the page side reaches the user-agent side: 'direct' calls (default: one realm, no
   * serialization) or 'channel': every request, answer and event as a structured-cloned message
   * over a MessageChannel, as the Chromium extension carries them.
   */
  readonly transport?: 'direct' | 'channel';
}

export interface UserAgent {
  readonly navigator: XRNavigator;
  /** navigator.xr (undefined in an insecure context, R-EXPO-01). */
  readonly xr: XRSystem | undefined;
  readonly permissions: XRPermissions;
  /** The scripted host's controls (click, setFocus, setPolicy, setConsent, advance …). */
  readonly host: ScriptedHost;
  readonly device: XRDeviceBackend | null;
  readonly profile: UAProfile;
  readonly audit: AuditLog;
  /** The user-agent side (devices, consent, the immersive device lock, the audit log). */
  readonly core: UserAgentSide;
  /** The user-agent side of this document (what the page side's navigator.xr talks to). */
  readonly agent: DocumentAgent;
  connectDevice(device: XRDeviceBackend): void;
  disconnectDevice(device: XRDeviceBackend): void;
  /**
   * Navigates this browsing context to `url` (seed 002): the current document is unloaded (its
   * sessions end) and a new one loads, with `navigator`, `xr`, `permissions`, `host` and `agent`
   * now its own. What the user agent knows of the navigation (how it started, redirect hops, whether
   * the document it replaced held an immersive session, whether the URL was visited before) is
   * recorded by the user agent, never asserted by the page. Only with the scripted host.
   */
  navigate(
    url: string,
    options?: { readonly via?: NavigationVia; readonly through?: readonly string[] },
  ): UserAgent;
  /** Opens another document in the same user agent (another tab or frame), sharing devices and consent. */
  openDocument(options?: ScriptedHostOptions & { host?: Host }): {
    navigator: XRNavigator;
    host: ScriptedHost;
    agent: DocumentAgent;
  };
}

/** The page side's realm services, taken from the host's scheduler and clock. */
function pageEnvironment(host: Host, reportError: (e: unknown) => void): PageEnvironment {
  return {
    setTimeout: (cb, ms) => host.setTimeout(cb, ms),
    clearTimeout: (h) => host.clearTimeout(h),
    now: () => host.now(),
    reportError,
    ...(host.frameClock
      ? {
          frameClock: (rateHz: () => number) =>
            ReflectApply(host.frameClock as NonNullable<Host['frameClock']>, host, [rateHz]),
        }
      : {}),
  };
}

/**
 * One document: its user-agent side (a DocumentAgent) and its page side (navigator.xr and
 * navigator.permissions), joined by `transport`.
 */
function openDocument(
  ua: UserAgentSide,
  host: Host,
  transport: 'direct' | 'channel',
): { navigator: XRNavigator; agent: DocumentAgent } {
  let agent!: DocumentAgent;
  const navigator = createPageNavigator({
    connect: (deliver) => {
      if (transport === 'channel') {
        return connectOverChannel((sink) => {
          agent = ua.openDocument(host, sink);
          return agent;
        }, deliver);
      }
      agent = ua.openDocument(host, deliver);
      return agent;
    },
    env: pageEnvironment(host, (e) => ua.reportError(e)),
    profile: ua.profile,
    secureContext: host.isSecureContext(),
  });
  return { navigator, agent };
}

export function createUserAgent(options: UserAgentOptions = {}): UserAgent {
  checkUserAgentOptions(options);
  const profile =
    options.profile === undefined || options.profile === 'spec'
      ? profiles.spec
      : options.profile === 'strict'
        ? profiles.strict
        : options.profile;
  const host = (options.host as ScriptedHost | undefined) ?? new ScriptedHost(options);
  const audit = new AuditLog({ now: () => host.now() });
  const ua = new UserAgentSide({
    profile,
    audit,
    now: () => host.now(),
    storage: options.storage ?? host.consentStorage(),
    privateMode: host.privateMode(),
    ...(options.reportError ? { reportError: options.reportError } : {}),
  });
  const device = presetDevice(options.device);
  if (device) ua.connect(device);
  const transport = options.transport ?? 'direct';
  // The browsing context's current document, and the URLs it has shown (for history returns).
  let current = { host, url: options.url ?? 'https://app.example/', ...openDocument(ua, host, transport) };
  const visited: string[] = [current.url];
  const self: UserAgent = {
    get navigator() {
      return current.navigator;
    },
    get xr() {
      return current.navigator.xr;
    },
    get permissions() {
      return current.navigator.permissions;
    },
    get host() {
      return current.host;
    },
    get agent() {
      return current.agent;
    },
    navigate(url, navOptions = {}) {
      const record = readNavigationRequest(url, navOptions);
      if (typeof record === 'string') throw new TypeError(record);
      const prev = current;
      if (!(prev.host instanceof ScriptedHost)) {
        throw new TypeError('ua.navigate() needs the scripted host (a host of your own navigates itself)');
      }
      const facts = navigationFactsFromUserAgentRecord({
        previousUrl: prev.url,
        url: record.url,
        via: record.via,
        through: record.through,
        previousHadImmersiveSession: prev.agent.activeImmersive !== null,
        visitedBefore: ArrayPrototypeIncludes(visited, record.url),
      });
      const nextHost = prev.host.successor(record.url, facts);
      current = { host: nextHost, url: record.url, ...openDocument(ua, nextHost, transport) };
      ArrayPrototypePush(visited, record.url);
      return self;
    },
    device,
    profile,
    audit,
    core: ua,
    connectDevice: (d) => ua.connect(d),
    disconnectDevice: (d) => ua.disconnect(d),
    openDocument(opts = {}) {
      checkDocumentOptions(opts);
      const h = (opts.host as ScriptedHost | undefined) ?? new ScriptedHost(opts);
      const doc = openDocument(ua, h, transport);
      return { navigator: doc.navigator, host: h, agent: doc.agent };
    },
  };
  return self;
}

export {
  createPageNavigator,
  type PageSideOptions,
  type XRCapabilities,
  type XRNavigator,
  type XRPermissions,
} from './api/page-navigator.js';
