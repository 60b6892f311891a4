import { activate, noActivation } from '../../src/policy/activation.js';
import type { DeviceFeatureFacts } from '../../src/policy/resolve-features.js';
import type { RequestingDocument } from '../../src/policy/session-request.js';

export const NOW = 100_000;

/** A focused, secure, top-level document with a click 1 s ago and implicit immersive intent. */
export function doc(overrides: Partial<RequestingDocument> = {}): RequestingDocument {
  return {
    isWindow: true,
    isSecureContext: true,
    hasFocus: true,
    fullyActive: true,
    activation: { activation: activate(NOW - 1000), now: NOW, durationMs: 5000, documentId: 'doc-1' },
    spatialTrackingAllowed: true,
    immersiveIntent: 'implicit',
    ...overrides,
  };
}

export function noClick(): RequestingDocument['activation'] {
  return { activation: noActivation, now: NOW, durationMs: 5000, documentId: 'doc-1' };
}

/** A headset: inline + immersive-vr, capable of the core reference spaces. */
export function headset(overrides: Partial<DeviceFeatureFacts> = {}): DeviceFeatureFacts {
  return {
    supportedModes: ['inline', 'immersive-vr'],
    capableFeatures: {
      'immersive-vr': ['viewer', 'local', 'local-floor', 'bounded-floor', 'unbounded', 'secondary-views'],
      inline: ['viewer', 'local', 'local-floor'],
    },
    reportsOrientation: true,
    floorResolved: true,
    ...overrides,
  };
}

/** The default inline XR device: inline only, no orientation (R-EXPO-07). */
export function defaultInline(): DeviceFeatureFacts {
  return { supportedModes: ['inline'], capableFeatures: { inline: ['viewer'] }, reportsOrientation: false };
}
