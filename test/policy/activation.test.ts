import { describe, expect, it } from 'vitest';
import {
  activate,
  activationSignal,
  consumeActivation,
  consumeLaunchIntent,
  createLaunchIntent,
  hasStickyActivation,
  hasTransientActivation,
  launchIntentUsable,
  noActivation,
  recordInputEvent,
} from '../../src/policy/activation.js';

describe('transient and sticky activation', () => {
  it('R-INTENT-02, R-INTENT-17: a trusted click gives transient activation for 5 s, not one millisecond more', () => {
    const { state, decision } = recordInputEvent(noActivation, { type: 'mousedown', isTrusted: true }, 1000);
    expect(decision.allowed).toBe(true);
    expect(hasTransientActivation(state, 1000, 5000)).toBe(true);
    expect(hasTransientActivation(state, 5999, 5000)).toBe(true);
    expect(hasTransientActivation(state, 6000, 5000)).toBe(false);
    expect(hasTransientActivation(state, 999, 5000)).toBe(false);
    expect(hasStickyActivation(state)).toBe(true);
  });

  it('R-INTENT-02: a synthetic event (isTrusted false) gives no activation', () => {
    const { state, decision } = recordInputEvent(noActivation, { type: 'mousedown', isTrusted: false }, 1000);
    expect(decision.allowed).toBe(false);
    expect(decision.requirement).toBe('R-INTENT-02');
    expect(state).toBe(noActivation);
    expect(hasTransientActivation(state, 1000, 5000)).toBe(false);
  });

  it('R-INTENT-02: only activation-triggering input events count', () => {
    const cases: [object, boolean][] = [
      [{ type: 'keydown', key: 'a', isTrusted: true }, true],
      [{ type: 'keydown', key: 'Escape', isTrusted: true }, false],
      [{ type: 'pointerdown', pointerType: 'mouse', isTrusted: true }, true],
      [{ type: 'pointerdown', pointerType: 'touch', isTrusted: true }, false],
      [{ type: 'pointerup', pointerType: 'touch', isTrusted: true }, true],
      [{ type: 'pointerup', pointerType: 'mouse', isTrusted: true }, false],
      [{ type: 'touchend', isTrusted: true }, true],
      [{ type: 'mousemove', isTrusted: true }, false],
      [{ type: 'click', isTrusted: true }, false],
    ];
    for (const [ev, expected] of cases) {
      expect(recordInputEvent(noActivation, ev, 1).decision.allowed, JSON.stringify(ev)).toBe(expected);
    }
  });

  it('hostile events never give activation', () => {
    const throwing = new Proxy(
      {},
      {
        get: () => {
          throw new Error('boom');
        },
      },
    );
    expect(recordInputEvent(noActivation, throwing, 1).decision.allowed).toBe(false);
    expect(recordInputEvent(noActivation, null, 1).decision.allowed).toBe(false);
    expect(recordInputEvent(noActivation, { type: 'mousedown', isTrusted: 'yes' }, 1).decision.allowed).toBe(
      false,
    );
    expect(() => recordInputEvent(noActivation, { type: 'mousedown', isTrusted: true }, Number.NaN)).toThrow(
      TypeError,
    );
  });

  it('AMB-16: consumption ends transient activation but keeps sticky activation', () => {
    const s = consumeActivation(activate(10));
    expect(hasTransientActivation(s, 11, 5000)).toBe(false);
    expect(hasStickyActivation(s)).toBe(true);
    expect(hasTransientActivation(activate(10), 11, 0)).toBe(false);
    expect(hasTransientActivation(activate(10), Number.NaN, 5000)).toBe(false);
    expect(() => activate(Number.POSITIVE_INFINITY)).toThrow(TypeError);
  });
});

describe('launch of an installed web application (AMB-35)', () => {
  it('R-INTENT-03, AMB-35: a user launch gives a one-shot token for its own document', () => {
    const intent = createLaunchIntent('doc-1', true);
    expect(launchIntentUsable(intent, 'doc-1')).toBe(true);
    expect(launchIntentUsable(intent, 'doc-2')).toBe(false);
    const used = consumeLaunchIntent(intent);
    expect(launchIntentUsable(used, 'doc-1')).toBe(false);
    expect(launchIntentUsable(null, 'doc-1')).toBe(false);
  });

  it('R-INTENT-04: an origin that merely matches an installed app is not a launch', () => {
    expect(launchIntentUsable(createLaunchIntent('doc-1', false), 'doc-1')).toBe(false);
    expect(() => createLaunchIntent('', true)).toThrow(TypeError);
  });

  it('R-INTENT-05: the activation step accepts transient activation or a launch, nothing else', () => {
    const base = { now: 100, durationMs: 5000, documentId: 'd' };
    expect(activationSignal({ ...base, activation: activate(99) })).toBe('transient-activation');
    expect(
      activationSignal({ ...base, activation: noActivation, launchIntent: createLaunchIntent('d', true) }),
    ).toBe('launch');
    expect(activationSignal({ ...base, activation: noActivation })).toBeNull();
  });
});
