// The per-frame gates: poses may be reported, the blurred-input rule, poses must be limited,
// reference space is supported, and the session visibility.
import { describe, expect, it } from 'vitest';
import { inputPoseWithheld, posesMayBeReported, posesMustBeLimitedBetween } from '../../src/policy/poses.js';
import { specProfile, strictProfile } from '../../src/policy/profile.js';
import { type ReferenceSpaceFacts, referenceSpaceIsSupported } from '../../src/policy/reference-spaces.js';
import { sessionVisibility, type VisibilityFacts } from '../../src/policy/visibility.js';

const facts = { visibility: 'visible' as const, sameRealm: true, intentEstablished: true, adjusted: false };

describe('poses may be reported (R-POSE-02)', () => {
  it('R-POSE-02 step 1, R-TRUST-09: a call from another realm is a SecurityError', () => {
    expect(posesMayBeReported({ ...facts, sameRealm: false }, specProfile).error?.name).toBe('SecurityError');
  });
  it('R-POSE-02 step 2: hidden sessions report no poses', () => {
    const d = posesMayBeReported({ ...facts, visibility: 'hidden' }, specProfile);
    expect(d.allowed).toBe(false);
    expect(d.error?.name).toBe('SecurityError');
    expect(d.requirement).toBe('R-POSE-02');
  });
  it('R-VIS-15, AMB-04: visible-blurred reports poses in the spec profile; strict needs visible', () => {
    expect(posesMayBeReported({ ...facts, visibility: 'visible-blurred' }, specProfile).allowed).toBe(true);
    const strict = posesMayBeReported({ ...facts, visibility: 'visible-blurred' }, strictProfile);
    expect(strict.allowed).toBe(false);
    expect(strict.requirement).toBe('R-VIS-15');
  });
  it('R-POSE-02 step 3, R-ADJ-06: intent or data adjustments suffice; neither is refused', () => {
    const adjusted = posesMayBeReported({ ...facts, intentEstablished: false, adjusted: true }, specProfile);
    expect(adjusted.allowed).toBe(true);
    expect(adjusted.requirement).toBe('R-POSE-02');
    expect(
      posesMayBeReported({ ...facts, intentEstablished: false, adjusted: false }, specProfile).error?.name,
    ).toBe('SecurityError');
  });
  it('R-POSE-05 step 5: blurred sessions withhold input-source poses only', () => {
    expect(inputPoseWithheld('visible-blurred', true)).toBe(true);
    expect(inputPoseWithheld('visible-blurred', false)).toBe(false);
    expect(inputPoseWithheld('visible', true)).toBe(false);
  });
});

describe('poses must be limited (R-SPACE-05, R-SPACE-29)', () => {
  const room = [
    { x: -1, z: -1.5 },
    { x: 1, z: -1.5 },
    { x: 1, z: 1.5 },
    { x: -1, z: 1.5 },
  ];
  it('R-SPACE-06: local spaces limit beyond 15 m between native origins, not at 15 m', () => {
    expect(posesMustBeLimitedBetween('local', 0, 0, 0, null, 'other', 15, 0, 0, null, specProfile)).toBe(
      false,
    );
    expect(posesMustBeLimitedBetween('local', 0, 0, 0, null, 'other', 15.01, 0, 0, null, specProfile)).toBe(
      true,
    );
    expect(posesMustBeLimitedBetween('other', 0, 0, 0, null, 'other', 100, 0, 0, null, specProfile)).toBe(
      false,
    );
  });
  it('R-SPACE-29: bounded spaces limit 2 m outside the bounds (spec), 1 m (strict)', () => {
    // 1.8 m outside (z = 3.3 with bounds ending at 1.5): reported in spec, limited in strict (WPT originOffsetBounded).
    expect(posesMustBeLimitedBetween('bounded', 0, 0, 0, room, 'other', 0, 1, 3.3, null, specProfile)).toBe(
      false,
    );
    expect(posesMustBeLimitedBetween('bounded', 0, 0, 0, room, 'other', 0, 1, 3.3, null, strictProfile)).toBe(
      true,
    );
    expect(posesMustBeLimitedBetween('other', 0, 1, 3.3, null, 'bounded', 0, 0, 0, room, strictProfile)).toBe(
      true,
    );
    expect(posesMustBeLimitedBetween('bounded', 0, 0, 0, room, 'other', 0, 1, 3.6, null, specProfile)).toBe(
      true,
    );
  });
  it('R-SPACE-29: unknown bounds fall back to 15 m from the bounded origin', () => {
    expect(posesMustBeLimitedBetween('bounded', 0, 0, 0, [], 'other', 10, 0, 0, null, specProfile)).toBe(
      false,
    );
    expect(posesMustBeLimitedBetween('bounded', 0, 0, 0, null, 'other', 16, 0, 0, null, specProfile)).toBe(
      true,
    );
  });
});

describe('reference space is supported (R-SPACE-01)', () => {
  const base: ReferenceSpaceFacts = {
    type: 'local',
    mode: 'immersive-vr',
    granted: ['viewer', 'local'],
    reportsOrientation: true,
    boundedCapable: true,
    floorResolved: true,
    unboundedCapable: true,
  };
  it('R-SPACE-01 step 1: a type not granted at creation is NotSupportedError', () => {
    const d = referenceSpaceIsSupported({ ...base, type: 'local-floor' }, specProfile);
    expect(d.error?.name).toBe('NotSupportedError');
    expect(d.error?.message).toContain('requiredFeatures or optionalFeatures');
  });
  it('R-SPACE-10, R-SPACE-01: viewer always; local immersive always; inline local needs orientation', () => {
    expect(referenceSpaceIsSupported({ ...base, type: 'viewer' }, specProfile).allowed).toBe(true);
    expect(referenceSpaceIsSupported(base, specProfile).allowed).toBe(true);
    expect(
      referenceSpaceIsSupported({ ...base, mode: 'inline', reportsOrientation: false }, specProfile).allowed,
    ).toBe(false);
    expect(
      referenceSpaceIsSupported({ ...base, mode: 'inline', granted: new Set(['local']) }, specProfile)
        .allowed,
    ).toBe(true);
  });
  it('R-SPACE-01, R-SPACE-20, R-SPACE-28: bounded-floor: never inline, needs capability; strict needs a known floor', () => {
    const b: ReferenceSpaceFacts = { ...base, type: 'bounded-floor', granted: ['bounded-floor'] };
    expect(referenceSpaceIsSupported(b, specProfile).allowed).toBe(true);
    expect(referenceSpaceIsSupported({ ...b, mode: 'inline' }, specProfile).allowed).toBe(false);
    expect(referenceSpaceIsSupported({ ...b, boundedCapable: false }, specProfile).requirement).toBe(
      'R-SPACE-20',
    );
    expect(referenceSpaceIsSupported({ ...b, floorResolved: false }, specProfile).allowed).toBe(true);
    expect(referenceSpaceIsSupported({ ...b, floorResolved: false }, strictProfile).requirement).toBe(
      'R-SPACE-28',
    );
  });
  it('R-SPACE-01 step 6: unbounded needs an immersive session and a capable device', () => {
    const u: ReferenceSpaceFacts = { ...base, type: 'unbounded', granted: ['unbounded'] };
    expect(referenceSpaceIsSupported(u, specProfile).allowed).toBe(true);
    expect(referenceSpaceIsSupported({ ...u, mode: 'inline' }, specProfile).allowed).toBe(false);
    expect(referenceSpaceIsSupported({ ...u, unboundedCapable: false }, specProfile).allowed).toBe(false);
  });
});

describe('session visibility (R-VIS-17: one gate)', () => {
  const v: VisibilityFacts = {
    immersive: true,
    deviceVisibility: 'visible',
    documentVisibility: 'visible',
    documentHasFocus: true,
    trustedUI: null,
    systemKeyboard: false,
    startBlurred: false,
  };
  it('R-VIS-02: inline sessions mirror the document', () => {
    expect(sessionVisibility({ ...v, immersive: false, documentVisibility: 'hidden' }, specProfile)).toBe(
      'hidden',
    );
    expect(sessionVisibility({ ...v, immersive: false, deviceVisibility: 'hidden' }, specProfile)).toBe(
      'visible',
    );
  });
  it('R-VIS-12, R-VIS-03/06: a hidden document hides immersive imagery only when it is shown in the document', () => {
    // A headset's display does not depend on the page's tab.
    expect(sessionVisibility({ ...v, documentVisibility: 'hidden' }, specProfile)).toBe('visible');
    // An in-page emulator's imagery is the page: a hidden tab means it cannot be seen.
    expect(
      sessionVisibility({ ...v, documentVisibility: 'hidden', presentedInDocument: true }, specProfile),
    ).toBe('hidden');
    expect(sessionVisibility({ ...v, presentedInDocument: true }, specProfile)).toBe('visible');
    expect(
      sessionVisibility(
        { ...v, presentedInDocument: true, deviceVisibility: 'visible-blurred' },
        specProfile,
      ),
    ).toBe('visible-blurred');
  });
  it('R-TRUST-08: focus in another document hides immersive sessions', () => {
    expect(sessionVisibility({ ...v, documentHasFocus: false }, specProfile)).toBe('hidden');
  });
  it('R-TUI-06/08: trusted UI blurs (prompt per profile), text entry hides', () => {
    expect(sessionVisibility({ ...v, trustedUI: 'prompt' }, specProfile)).toBe('visible-blurred');
    expect(sessionVisibility({ ...v, trustedUI: 'prompt' }, strictProfile)).toBe('hidden');
    expect(sessionVisibility({ ...v, trustedUI: 'text-input' }, specProfile)).toBe('hidden');
    expect(sessionVisibility({ ...v, trustedUI: 'other' }, specProfile)).toBe('visible-blurred');
  });
  it('R-VIS-09, R-NAV-16: the system keyboard and a blurred start blur; the worst state wins', () => {
    expect(sessionVisibility({ ...v, systemKeyboard: true }, specProfile)).toBe('visible-blurred');
    expect(sessionVisibility({ ...v, startBlurred: true }, specProfile)).toBe('visible-blurred');
    expect(sessionVisibility({ ...v, startBlurred: true, deviceVisibility: 'hidden' }, specProfile)).toBe(
      'hidden',
    );
  });
});

describe('what a session reports from the platform (R-SPACE-16, R-ADJ-15)', () => {
  it('R-SPACE-16: counter-clockwise platform bounds are reported clockwise, on the grid', async () => {
    const { reportedBoundsGeometry } = await import('../../src/policy/adjustments.js');
    const ccw = [
      { x: -1, z: 1.5 },
      { x: 1, z: 1.5 },
      { x: 1, z: -1.5 },
      { x: -1, z: -1.5 },
    ];
    const out = reportedBoundsGeometry(ccw, { step: 0.05, limit: 15, maxPoints: 1024 });
    expect(out).toEqual([...ccw].reverse());
  });
  it('R-ADJ-08, R-ADJ-15: inline gets no profiles; strict keeps only the most generic one', async () => {
    const { reportedInputProfiles } = await import('../../src/policy/adjustments.js');
    const p = ['vendor-controller', 'generic-trigger'];
    expect(reportedInputProfiles(p, false, false)).toEqual([]);
    expect(reportedInputProfiles(p, true, false)).toBe(p);
    expect(reportedInputProfiles(p, true, true)).toEqual(['generic-trigger']);
    expect(reportedInputProfiles([], true, true)).toEqual([]);
    // A hand keeps the profile the Hand Input Module requires, whatever the order.
    expect(reportedInputProfiles(['generic-hand-select', 'vendor-hand'], true, true)).toEqual([
      'generic-hand-select',
    ]);
  });
});

describe('what a session reports of the display (AR module)', () => {
  it('spec(ar-module): blend and interaction modes per session mode; no opaque AR, no alpha-blend VR', async () => {
    const { reportedEnvironmentBlendMode: blend, reportedInteractionMode: interaction } = await import(
      '../../src/policy/adjustments.js'
    );
    expect(blend('inline', 'additive')).toBe('opaque');
    expect(blend('immersive-vr', undefined)).toBe('opaque');
    expect(blend('immersive-vr', 'alpha-blend')).toBe('opaque');
    expect(blend('immersive-vr', 'additive')).toBe('additive');
    expect(blend('immersive-ar', undefined)).toBe('alpha-blend');
    expect(blend('immersive-ar', 'opaque')).toBe('alpha-blend');
    expect(blend('immersive-ar', 'additive')).toBe('additive');
    expect(interaction('inline', 'world-space')).toBe('screen-space');
    expect(interaction('immersive-vr', undefined)).toBe('world-space');
    expect(interaction('immersive-ar', 'screen-space')).toBe('screen-space');
  });
});
