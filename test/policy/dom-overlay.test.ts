// The DOM Overlays Module's rules (src/policy/dom-overlay.ts).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  beforeXRSelectIsFired,
  domOverlayFeatureRequest,
  domOverlayType,
  fullscreenChangeIsAllowed,
  type OverlayTarget,
  overlayInputOutcome,
} from '../../src/policy/dom-overlay.js';

describe('R-DOM-01: dom-overlay without domOverlay.root', () => {
  it('required: NotSupportedError', () => {
    const d = domOverlayFeatureRequest({
      requiredFeatures: ['dom-overlay'],
      optionalFeatures: [],
      rootGiven: false,
    });
    expect(d.allowed).toBe(false);
    expect(d.error?.name).toBe('NotSupportedError');
    expect(d.requirement).toBe('R-DOM-01');
  });

  it('optional: dropped from the request, the other features kept', () => {
    const d = domOverlayFeatureRequest({
      requiredFeatures: ['local'],
      optionalFeatures: ['anchors', 'dom-overlay', 'hit-test'],
      rootGiven: false,
    });
    expect(d.allowed).toBe(true);
    expect(d.value?.optionalFeatures).toEqual(['anchors', 'hit-test']);
    expect(d.value?.requiredFeatures).toEqual(['local']);
  });

  it('with a root: unchanged (property: any lists)', () => {
    fc.assert(
      fc.property(fc.array(fc.string()), fc.array(fc.string()), (required, optional) => {
        const d = domOverlayFeatureRequest({
          requiredFeatures: required,
          optionalFeatures: optional,
          rootGiven: true,
        });
        expect(d.allowed).toBe(true);
        expect(d.value?.requiredFeatures).toEqual(required);
        expect(d.value?.optionalFeatures).toEqual(optional);
      }),
    );
  });
});

describe('R-DOM-02: domOverlayState.type', () => {
  it('null when not enabled; screen for a handheld, floating for a headset', () => {
    expect(domOverlayType(false, 'screen-space')).toBeNull();
    expect(domOverlayType(true, 'screen-space')).toBe('screen');
    expect(domOverlayType(true, 'world-space')).toBe('floating');
  });
});

describe('R-DOM-03/04: what a primary action on the overlay gives', () => {
  it('the whole table', () => {
    const rows: [OverlayTarget, boolean, string, boolean][] = [
      ['outside', false, 'primary', false],
      ['outside', true, 'primary', false],
      ['overlay', false, 'primary', true],
      ['overlay', true, 'suppressed', true],
      ['cross-origin', false, 'withheld', false],
      ['cross-origin', true, 'withheld', false],
    ];
    for (const [target, cancelled, outcome, fired] of rows) {
      expect(overlayInputOutcome(target, cancelled)).toBe(outcome);
      expect(beforeXRSelectIsFired(target)).toBe(fired);
    }
  });
});

describe('R-DOM-05: no other fullscreen element while the overlay is shown', () => {
  it('refused while shown, allowed otherwise', () => {
    const d = fullscreenChangeIsAllowed({ overlayActive: true });
    expect(d.allowed).toBe(false);
    expect(d.requirement).toBe('R-DOM-05');
    expect(fullscreenChangeIsAllowed({ overlayActive: false }).allowed).toBe(true);
  });
});
