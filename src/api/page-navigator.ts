// The page side of one document: navigator.xr and navigator.permissions over a DocumentPort. It
// holds nothing of the user agent's: the port is its only way to ask. Used by createUserAgent (any
// transport), the script bundles, and the Chromium extension's main-world script.

import type { DocumentPort, PageEvent, PageSink } from '../agent/protocol.js';
import { toDOMStringList } from '../policy/input.js';
import type { UAProfile } from '../policy/profile.js';
import { ObjectFreeze, SafeMap, String, TypeError } from '../primordials.js';
import type { PageEnvironment } from './page-environment.js';
import { INTERNAL } from './webidl.js';
import { XRPermissionStatus, XRPermissionStatusInternals } from './XRPermissionStatus.js';
import { XRSystem } from './XRSystem.js';

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
  // R-EXPO-01: in an insecure context the member is not exposed at all.
  return ObjectFreeze(xr ? { xr, permissions } : { permissions }) as XRNavigator;
}
