// createUserAgent: one call gives a user agent (host + device + a navigator-like object with `xr`
// and `permissions`) so an app's WebXR logic runs under the real rules in Node and in tests.
// The assembly itself is user-agent-core.ts; here are its defaults: the scripted host, the choice
// of transport, and the opaque framebuffer support for immersive layers.

import { connectOverChannel } from './agent/channel.js';
import { opaqueFramebufferSupport } from './api/opaque-framebuffer.js';
import { opaqueSupport } from './api/opaque-support.js';
import type { DeviceFile } from './device/device-file.js';
import type { XRDeviceBackend } from './device/types.js';
import type { Host } from './host/host.js';
import { ScriptedHost, type ScriptedHostOptions } from './host/scripted.js';
import type { ConsentStorage } from './policy/consent.js';
import type { UAProfile } from './policy/profile.js';
import { assembleUserAgent, directTransport, type Transport, type UserAgent } from './user-agent-core.js';
import {
  checkDocumentOptions,
  checkUserAgentOptions,
  type DevicePreset,
  presetDevice,
} from './user-agent-options.js';

export type { UserAgent } from './user-agent-core.js';
export type { DevicePreset } from './user-agent-options.js';

export interface UserAgentOptions extends ScriptedHostOptions {
  /**
   * The XR device: a preset name (xrgate's 'headset', 'headset-hands', 'orientation-only',
   * 'inline-desktop'; the presets 'quest-2', 'quest-3', 'quest-pro', 'pico-4', 'hands-only',
   * 'phone-ar'), a device backend, or null for none. Default 'headset'.
   */
  /** A preset name, a device backend, a device.json file's data ({ format: 'xrgate-device', … }), or null. */
  readonly device?: DevicePreset | XRDeviceBackend | DeviceFile | null;
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

/** Every request, answer and event as a structured-cloned message over a MessageChannel. */
const channelTransport: Transport = (open, deliver) => connectOverChannel(open, deliver);

export function createUserAgent(options: UserAgentOptions = {}): UserAgent {
  // Every option checked up front: a TypeError naming it and the allowed values (issue 14).
  checkUserAgentOptions(options);
  // Immersive layers render into opaque framebuffers (spec #opaque-framebuffer) unless a page
  // bundle presents them on the canvas (see api/opaque-support.ts).
  opaqueSupport.current ??= opaqueFramebufferSupport;
  const host = options.host ?? new ScriptedHost(options);
  return assembleUserAgent(
    host,
    { ...options, device: presetDevice(options.device) },
    options.transport === 'channel' ? channelTransport : directTransport,
    (opts) => {
      checkDocumentOptions(opts);
      return new ScriptedHost(opts);
    },
  );
}

export {
  createPageNavigator,
  type PageSideOptions,
  type XRCapabilities,
  type XRNavigator,
  type XRPermissions,
} from './api/page-navigator.js';
