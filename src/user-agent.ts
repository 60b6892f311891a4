// createUserAgent: one call gives a user agent (host + device + a navigator-like object with `xr`
// and `permissions`) so an app's WebXR logic runs under the real rules in Node and in tests.

import { UserAgentCore } from './api/user-agent-core.js';
import { INTERNAL } from './api/webidl.js';
import { XRPermissionStatus, XRPermissionStatusInternals } from './api/XRPermissionStatus.js';
import { systemCoreOf, XRSystem } from './api/XRSystem.js';
import {
  createHeadset,
  createInlineDesktop,
  createOrientationOnly,
  createPhoneAR,
} from './device/simulated.js';
import type { XRDeviceBackend } from './device/types.js';
import type { Host } from './host/host.js';
import { ScriptedHost, type ScriptedHostOptions } from './host/scripted.js';
import { type ConsentStorage, queryXRPermission, storedXRPermissionState } from './policy/consent.js';
import { AuditLog } from './policy/decision.js';
import { isSessionMode, type XRSessionMode } from './policy/features.js';
import { toDOMStringList } from './policy/input.js';
import { serializeOrigin } from './policy/origin.js';
import { profiles, type UAProfile } from './policy/profile.js';
import { resolveRequestedFeatures } from './policy/resolve-features.js';

export type DevicePreset = 'headset' | 'headset-hands' | 'phone-ar' | 'orientation-only' | 'inline-desktop';

export interface UserAgentOptions extends ScriptedHostOptions {
  /** The XR device: a preset name, a device backend, or null for none. Default 'headset'. */
  readonly device?: DevicePreset | XRDeviceBackend | null;
  /** 'spec' (default), 'strict', or a profile from defineProfile(). */
  readonly profile?: 'spec' | 'strict' | UAProfile;
  /** A host of your own instead of the scripted one. */
  readonly host?: Host;
  readonly storage?: ConsentStorage | null;
  readonly reportError?: (e: unknown) => void;
}

export interface XRNavigator {
  readonly xr: XRSystem | undefined;
  readonly permissions: XRPermissions;
}

export interface XRPermissions {
  query(descriptor: {
    name: string;
    mode?: string;
    requiredFeatures?: unknown;
    optionalFeatures?: unknown;
  }): Promise<XRPermissionStatus>;
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
  readonly core: UserAgentCore;
  connectDevice(device: XRDeviceBackend): void;
  disconnectDevice(device: XRDeviceBackend): void;
  /** Opens another document in the same user agent (another tab or frame), sharing devices and consent. */
  openDocument(options?: ScriptedHostOptions & { host?: Host }): {
    navigator: XRNavigator;
    host: ScriptedHost;
  };
}

function presetDevice(d: DevicePreset | XRDeviceBackend | null | undefined): XRDeviceBackend | null {
  if (d === null) return null;
  if (d === undefined || d === 'headset') return createHeadset();
  if (d === 'headset-hands') return createHeadset({ hands: true });
  if (d === 'phone-ar') return createPhoneAR();
  if (d === 'orientation-only') return createOrientationOnly();
  if (d === 'inline-desktop') return createInlineDesktop();
  return d;
}

function makeNavigator(ua: UserAgentCore, host: Host): XRNavigator {
  const xr = host.isSecureContext() ? new XRSystem(INTERNAL, ua, host) : undefined;
  const core = xr ? systemCoreOf(xr) : undefined;
  if (core) ua.register(core);
  const statuses = new Set<{ status: XRPermissionStatus; refresh: () => void }>();
  const refreshAll = () => {
    for (const s of statuses) s.refresh();
  };
  ua.consent.onChange(refreshAll);
  ua.onDeviceChange(() => host.setTimeout(refreshAll, 0));
  const permissions: XRPermissions = {
    async query(descriptor) {
      if (descriptor === null || typeof descriptor !== 'object')
        throw new TypeError('permissions.query needs a descriptor');
      const name = String(descriptor.name);
      if (name === 'xr-session-supported') {
        const mode = descriptor.mode;
        if (!isSessionMode(mode)) throw new TypeError('xr-session-supported needs a valid mode');
        const state = host.testMode() ? 'granted' : host.sessionSupportedConsent(mode);
        return new XRPermissionStatus(INTERNAL, name, state === 'unknown' ? 'prompt' : state, []);
      }
      if (name !== 'xr')
        throw new TypeError(`permissions.query: '${name}' is not a permission xrgate answers`);
      const mode = descriptor.mode === undefined ? 'inline' : descriptor.mode;
      if (!isSessionMode(mode))
        throw new TypeError(`permissions.query: '${String(mode)}' is not a valid XRSessionMode`);
      const requiredFeatures = toDOMStringList(
        descriptor.requiredFeatures,
        'requiredFeatures',
        ua.profile.maxListLength,
      );
      const optionalFeatures = toDOMStringList(
        descriptor.optionalFeatures,
        'optionalFeatures',
        ua.profile.maxListLength,
      );
      const xrDescriptor = { mode: mode as XRSessionMode, requiredFeatures, optionalFeatures };
      const answer = () => {
        const origin = serializeOrigin(host.origin());
        const bc = host.browsingContextId();
        const which =
          mode === 'inline'
            ? requiredFeatures.length + optionalFeatures.length > 0
              ? 'inline'
              : 'default-inline'
            : 'immersive';
        return queryXRPermission({
          descriptor: xrDescriptor,
          storedState: storedXRPermissionState(ua.consent, origin, bc, xrDescriptor),
          spatialTrackingAllowed: host.isFeatureAllowed('xr-spatial-tracking'),
          sessionSupportedState: host.testMode()
            ? 'granted'
            : (() => {
                const s = host.sessionSupportedConsent(xrDescriptor.mode);
                return s === 'unknown' ? 'prompt' : s;
              })(),
          deviceSupportsMode: () => ua.deviceFor(which)?.supportedModes.includes(xrDescriptor.mode) === true,
          resolve: () => {
            const device = ua.deviceFor(which);
            return resolveRequestedFeatures({
              mode: xrDescriptor.mode,
              requiredFeatures,
              optionalFeatures,
              device: device && {
                supportedModes: device.supportedModes,
                capableFeatures: device.capableFeatures,
                reportsOrientation: device.reportsOrientation,
              },
              previouslyEnabled: ua.consent.grantedFeatures(origin, bc, xrDescriptor.mode),
              policyAllows: (f) => host.isFeatureAllowed(f),
              profile: ua.profile,
              implementedModules: ua.implementedModules,
            });
          },
        });
      };
      const first = answer();
      ua.audit.record(
        'permissions.query',
        { allowed: true, reason: `xr: ${first.state}`, requirement: first.requirement },
        serializeOrigin(host.origin()),
      );
      const status = new XRPermissionStatus(INTERNAL, 'xr', first.state, first.granted);
      statuses.add({
        status,
        refresh: () => {
          const next = answer();
          XRPermissionStatusInternals.update(status, next.state, next.granted);
        },
      });
      return status;
    },
  };
  // R-EXPO-01: in an insecure context the member is not exposed at all.
  return Object.freeze(xr ? { xr, permissions } : { permissions }) as XRNavigator;
}

export function createUserAgent(options: UserAgentOptions = {}): UserAgent {
  const profile =
    options.profile === undefined || options.profile === 'spec'
      ? profiles.spec
      : options.profile === 'strict'
        ? profiles.strict
        : options.profile;
  const host = (options.host as ScriptedHost | undefined) ?? new ScriptedHost(options);
  const audit = new AuditLog({ now: () => host.now() });
  const ua = new UserAgentCore({
    profile,
    audit,
    now: () => host.now(),
    storage: options.storage ?? host.consentStorage(),
    privateMode: host.privateMode(),
    ...(options.reportError ? { reportError: options.reportError } : {}),
  });
  const device = presetDevice(options.device);
  if (device) ua.connect(device);
  const navigator = makeNavigator(ua, host);
  return {
    navigator,
    xr: navigator.xr,
    permissions: navigator.permissions,
    host,
    device,
    profile,
    audit,
    core: ua,
    connectDevice: (d) => ua.connect(d),
    disconnectDevice: (d) => ua.disconnect(d),
    openDocument(opts = {}) {
      const h = (opts.host as ScriptedHost | undefined) ?? new ScriptedHost(opts);
      return { navigator: makeNavigator(ua, h), host: h };
    },
  };
}
