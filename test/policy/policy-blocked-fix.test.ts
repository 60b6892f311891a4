// The fix a permissions-policy refusal gives depends on where the document is (issue 14, item 7:
// the lab's cross-origin frame without allow and its same-origin frame with a Permissions-Policy
// header got the same text). Only the text differs: the decision and its error do not.
// R-SESSION-21, R-POLICY-02, R-POLICY-04, R-NAV-21.

import { describe, expect, it } from 'vitest';
import { specProfile } from '../../src/policy/profile.js';
import {
  checkSessionRequest,
  type DocumentEmbedding,
  isSessionSupportedFirstStep,
  offerMayBeShown,
  spatialTrackingFix,
} from '../../src/policy/session-request.js';
import { doc } from './helpers.js';

const idle = { pendingImmersiveSession: false, activeImmersiveSession: false };
const blocked = (embedding?: DocumentEmbedding) =>
  checkSessionRequest(
    { mode: 'immersive-vr', requiredFeatures: [], optionalFeatures: [] },
    doc({ spatialTrackingAllowed: false, ...(embedding ? { embedding } : {}) }),
    idle,
    specProfile,
  );

describe('R-SESSION-21: the fix text of a policy refusal says what to change where the document is', () => {
  it('a cross-origin frame is told to get allow="xr-spatial-tracking" on its iframe', () => {
    const d = blocked('cross-origin-frame');
    expect(d.error?.name).toBe('NotSupportedError');
    expect(d.requirement).toBe('R-SESSION-21');
    expect(d.error?.message).toContain('frame of another origin');
    expect(d.error?.message).toContain('add allow="xr-spatial-tracking" to that <iframe>');
  });

  it('a same-origin frame is told that a Permissions-Policy header disables it (its default allowlist covers it)', () => {
    const d = blocked('same-origin-frame');
    expect(d.error?.name).toBe('NotSupportedError');
    expect(d.error?.message).toContain("default allowlist ('self') covers a frame of the same origin");
    expect(d.error?.message).toContain('remove xr-spatial-tracking=() from the response header');
    expect(d.error?.message).not.toContain('add allow=');
  });

  it('a top-level page is told to change its own header', () => {
    const d = blocked('top-level');
    expect(d.error?.message).toContain('its Permissions-Policy response header disables it');
    expect(d.error?.message).not.toContain('iframe');
  });

  it('the three texts differ, and a document whose place is not known gets the general text', () => {
    const texts = new Set(
      (['cross-origin-frame', 'same-origin-frame', 'top-level'] as const).map(spatialTrackingFix),
    );
    expect(texts.size).toBe(3);
    expect(blocked().error?.message).toContain(
      'Embed the frame with allow="xr-spatial-tracking", or remove the Permissions-Policy header',
    );
    // A value that is not one of the three (a polluted or forged fact) gets the general text too.
    expect(spatialTrackingFix('elsewhere' as DocumentEmbedding)).toBe(spatialTrackingFix(undefined));
  });

  it('R-POLICY-04, R-NAV-21: isSessionSupported and offerSession give the same fix', () => {
    const s = isSessionSupportedFirstStep('immersive-vr', {
      spatialTrackingAllowed: false,
      embedding: 'same-origin-frame',
    });
    expect(s.kind).toBe('reject');
    if (s.kind === 'reject')
      expect(s.decision.error.message).toContain(spatialTrackingFix('same-origin-frame'));
    const o = offerMayBeShown(
      {
        isSecureContext: true,
        spatialTrackingAllowed: false,
        immersiveSessionBusy: false,
        deviceSupportsMode: true,
        canShowControl: true,
        embedding: 'cross-origin-frame',
      },
      'immersive-vr',
    );
    expect(o.error?.message).toContain(spatialTrackingFix('cross-origin-frame'));
  });
});
