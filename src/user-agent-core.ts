// The assembly of a user agent from a host (createUserAgent's work without its defaults): the
// user-agent side, the device, and one document's page side joined by a transport. The scripted
// host and the MessageChannel transport are createUserAgent's defaults (user-agent.ts); the
// script-tag bundle (browser/installer.ts) brings its own host and calls this directly, so that
// dist/xrgate.js contains neither.

import type { DocumentAgent } from './agent/document-agent.js';
import type { DocumentPort, PageSink } from './agent/protocol.js';
import { UserAgentSide } from './agent/user-agent-side.js';
import type { PageEnvironment } from './api/page-environment.js';
import { createPageNavigator, type XRNavigator, type XRPermissions } from './api/page-navigator.js';
import type { XRSystem } from './api/XRSystem.js';
import { createDomOverlayHost } from './browser/dom-overlay.js';
import {
  createHeadset,
  createInlineDesktop,
  createOrientationOnly,
  createPhoneAR,
} from './device/simulated.js';
import type { XRDeviceBackend } from './device/types.js';
import type { Host } from './host/host.js';
import type { ScriptedHost, ScriptedHostOptions } from './host/scripted.js';
import type { ConsentStorage } from './policy/consent.js';
import { AuditLog } from './policy/decision.js';
import {
  type NavigationVia,
  navigationFactsFromUserAgentRecord,
  readNavigationRequest,
} from './policy/navigation-record.js';
import { profiles, type UAProfile } from './policy/profile.js';
import { ArrayPrototypeIncludes, ArrayPrototypePush, ReflectApply, TypeError } from './primordials.js';

export type DevicePreset = 'headset' | 'headset-hands' | 'phone-ar' | 'orientation-only' | 'inline-desktop';

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

/** What assembleUserAgent() takes besides the host (the options of createUserAgent it reads). */
export interface AssemblyOptions {
  readonly device?: DevicePreset | XRDeviceBackend | null;
  /** The first document's URL (for navigate()'s records). */
  readonly url?: string;
  readonly profile?: 'spec' | 'strict' | UAProfile;
  readonly storage?: ConsentStorage | null;
  readonly reportError?: (e: unknown) => void;
}

/**
 * How a document's page side reaches its user-agent side: `open` makes the DocumentAgent (with
 * the sink its events go to); the transport returns what the page side talks to.
 */
export type Transport = (open: (sink: PageSink) => DocumentPort, deliver: PageSink) => DocumentPort;

/** Direct calls: one realm, no serialization. */
export const directTransport: Transport = (open, deliver) => open(deliver);

function presetDevice(d: DevicePreset | XRDeviceBackend | null | undefined): XRDeviceBackend | null {
  if (d === null) return null;
  if (d === undefined || d === 'headset') return createHeadset();
  if (d === 'headset-hands') return createHeadset({ hands: true });
  if (d === 'phone-ar') return createPhoneAR();
  if (d === 'orientation-only') return createOrientationOnly();
  if (d === 'inline-desktop') return createInlineDesktop();
  return d;
}

/** The page side's realm services, taken from the host's scheduler and clock. */
function pageEnvironment(host: Host, reportError: (e: unknown) => void): PageEnvironment {
  // DOM Overlays Module: where there is a document (the bundles in a page), its overlay host.
  const domOverlay = createDomOverlayHost();
  return {
    ...(domOverlay ? { domOverlay } : {}),
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
  transport: Transport,
): { navigator: XRNavigator; agent: DocumentAgent } {
  let agent!: DocumentAgent;
  const navigator = createPageNavigator({
    connect: (deliver) =>
      transport((sink) => {
        agent = ua.openDocument(host, sink);
        return agent;
      }, deliver),
    env: pageEnvironment(host, (e) => ua.reportError(e)),
    profile: ua.profile,
    secureContext: host.isSecureContext(),
  });
  return { navigator, agent };
}

/**
 * A user agent on `host`. `hostFor` gives the host of another document (openDocument) when its
 * options name none; without it, openDocument needs a host.
 */
export function assembleUserAgent(
  host: Host,
  options: AssemblyOptions,
  transport: Transport,
  hostFor?: (options: ScriptedHostOptions) => Host,
): UserAgent {
  const profile =
    options.profile === undefined || options.profile === 'spec'
      ? profiles.spec
      : options.profile === 'strict'
        ? profiles.strict
        : options.profile;
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
      return current.host as ScriptedHost;
    },
    get agent() {
      return current.agent;
    },
    navigate(url, navOptions = {}) {
      const record = readNavigationRequest(url, navOptions);
      if (typeof record === 'string') throw new TypeError(record);
      const prev = current;
      const successor = (prev.host as { successor?: unknown }).successor;
      if (typeof successor !== 'function') {
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
      const nextHost = ReflectApply(successor, prev.host, [record.url, facts]) as Host;
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
      const h = opts.host ?? hostFor?.(opts);
      if (!h) throw new TypeError('openDocument needs a host here: pass { host }');
      const doc = openDocument(ua, h, transport);
      return { navigator: doc.navigator, host: h as ScriptedHost, agent: doc.agent };
    },
  };
  return self;
}
