// The page side of one document: navigator.xr and navigator.permissions over a DocumentPort. It
// holds nothing of the user agent's: the port is its only way to ask. Used by createUserAgent (any
// transport), the script bundles, and the Chromium extension's main-world script.

import type { DocumentPort, PageEvent, PageSink } from '../agent/protocol.js';
import { toDOMStringList } from '../policy/input.js';
import type { UAProfile } from '../policy/profile.js';
import { ArrayPrototypePush, MathMin, ObjectFreeze, SafeMap, String, TypeError } from '../primordials.js';
import type { PageEnvironment } from './page-environment.js';
import { errorFromReply, INTERNAL } from './webidl.js';
import { XRPermissionStatus, XRPermissionStatusInternals } from './XRPermissionStatus.js';
import { XRSystem } from './XRSystem.js';
// The room-sensing modules' members of XRSession and XRFrame (src/api/world/).
import './world/index.js';

export interface XRNavigator {
  readonly xr: XRSystem | undefined;
  readonly permissions: XRPermissions;
  /**
   * Where the browser's own permission APIs ask first (seed 004: getUserMedia, geolocation,
   * Notification.requestPermission; in a page xrgate's globals call it). Resolves when the request
   * may go on to the browser's flow (the immersive session may have ended first, R-CONSENT-05);
   * rejects with NotAllowedError outside the session's declared envelope (R-UPPER-06) or when the
   * user declines in the immersive prompt. In Node, call it where the app would call those APIs.
   */
  readonly capabilities: XRCapabilities;
}

export interface XRCapabilities {
  request(names: readonly ('microphone' | 'camera' | 'geolocation' | 'notifications')[]): Promise<void>;
}

export interface XRPermissions {
  query(descriptor: {
    name: string;
    mode?: string;
    requiredFeatures?: unknown;
    optionalFeatures?: unknown;
  }): Promise<XRPermissionStatus>;
}

/** What the page side of a document needs: a way to reach its user-agent side, and its realm. */
export interface PageSideOptions {
  /** Connects to the document's user-agent side; `deliver` receives its events. */
  readonly connect: (deliver: PageSink) => DocumentPort;
  readonly env: PageEnvironment;
  /** The profile's list limits, for WebIDL conversion in the page's realm (not a secret). */
  readonly profile: UAProfile;
  /** navigator.xr exists only in a secure context (R-EXPO-01). */
  readonly secureContext: boolean;
}

/**
 * The page side of one document: navigator.xr and navigator.permissions over a DocumentPort. It
 * holds nothing of the user agent's: whatever `connect` returns is its only way to ask.
 */
export function createPageNavigator(options: PageSideOptions): XRNavigator {
  let pageSink: PageSink | null = null;
  const statuses: SafeMap<number, XRPermissionStatus> = new SafeMap();
  const port = options.connect((e: PageEvent) => {
    if (e.type === 'permission') {
      const status = statuses.get(e.watchId);
      if (status) XRPermissionStatusInternals.update(status, e.answer.state, e.answer.granted);
      return;
    }
    pageSink?.(e);
  });
  const maxList = options.profile.maxListLength;
  const xr = options.secureContext
    ? new XRSystem(
        INTERNAL,
        (sink) => {
          pageSink = sink;
          return port;
        },
        options.env,
        options.profile,
      )
    : undefined;
  let watchIds = 0;
  const permissions: XRPermissions = {
    async query(descriptor) {
      // WebIDL conversion of the descriptor in the page's realm; the user agent checks it again.
      if (descriptor === null || typeof descriptor !== 'object')
        throw new TypeError('permissions.query needs a descriptor');
      const name = String(descriptor.name);
      const mode = descriptor.mode === undefined ? undefined : String(descriptor.mode);
      const requiredFeatures = toDOMStringList(descriptor.requiredFeatures, 'requiredFeatures', maxList);
      const optionalFeatures = toDOMStringList(descriptor.optionalFeatures, 'optionalFeatures', maxList);
      const watchId = name === 'xr' ? ++watchIds : null;
      const r = await port.queryPermission(
        { name, ...(mode === undefined ? {} : { mode }), requiredFeatures, optionalFeatures },
        watchId,
      );
      if (!r.ok) throw new TypeError(r.error.message);
      const status = new XRPermissionStatus(INTERNAL, name, r.value.state, r.value.granted);
      if (watchId !== null) statuses.set(watchId, status);
      return status;
    },
  };
  const capabilities: XRCapabilities = ObjectFreeze({
    async request(names: readonly string[]): Promise<void> {
      const list: string[] = [];
      const n = names === null || typeof names !== 'object' ? 0 : MathMin(names.length >>> 0, 8);
      for (let i = 0; i < n; i++) ArrayPrototypePush(list, String(names[i]));
      const r = await port.requestCapability(list);
      if (!r.ok) throw errorFromReply(r);
    },
  });
  // R-EXPO-01: in an insecure context the member is not exposed at all.
  return ObjectFreeze(xr ? { xr, permissions, capabilities } : { permissions, capabilities }) as XRNavigator;
}
