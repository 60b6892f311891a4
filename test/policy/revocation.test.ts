// revocationEffect (AMB-29): a required feature revoked ends the session; optional ones are taken
// away with their reference spaces.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FeatureDescriptor } from '../../src/policy/features.js';
import { revocationEffect } from '../../src/policy/revocation.js';

describe('revocationEffect (AMB-29)', () => {
  it('a revoked required feature ends the session: NotAllowedError naming the feature', () => {
    const d = revocationEffect({
      revoked: ['local-floor'],
      required: ['viewer', 'local', 'local-floor'],
      granted: ['viewer', 'local', 'local-floor', 'hand-tracking'],
    });
    expect(d.allowed).toBe(false);
    expect(d.error?.name).toBe('NotAllowedError');
    expect(d.error?.message).toContain('"local-floor"');
    expect(d.requirement).toBe('AMB-29');
  });

  it('optional features are removed; reference-space features are withheld', () => {
    const d = revocationEffect({
      revoked: ['bounded-floor', 'hand-tracking', 'unbounded'],
      required: ['viewer', 'local'],
      granted: ['viewer', 'local', 'bounded-floor', 'hand-tracking'],
    });
    expect(d.allowed).toBe(true);
    expect(d.value?.removed).toEqual(['bounded-floor', 'hand-tracking']);
    expect(d.value?.remaining).toEqual(['viewer', 'local']);
    expect(d.value?.withheldSpaces).toEqual(['bounded-floor']);
  });

  it('a revoked required feature the session no longer holds does not end it', () => {
    const d = revocationEffect({ revoked: ['local-floor'], required: ['local-floor'], granted: ['local'] });
    expect(d.allowed).toBe(true);
    expect(d.value?.removed).toEqual([]);
  });

  it('property: removed and remaining partition granted; removed ⊆ revoked; spaces ⊆ removed', () => {
    const names: FeatureDescriptor[] = [
      'viewer',
      'local',
      'local-floor',
      'bounded-floor',
      'unbounded',
      'hand-tracking',
      'layers',
    ];
    const list = fc.uniqueArray(fc.constantFrom(...names));
    fc.assert(
      fc.property(list, list, list, (revoked, required, granted) => {
        const d = revocationEffect({ revoked, required, granted });
        const endsSession = revoked.some((f) => required.includes(f) && granted.includes(f));
        expect(d.allowed).toBe(!endsSession);
        if (!d.allowed) return;
        const v = d.value;
        expect([...v.removed, ...v.remaining].sort()).toEqual([...granted].sort());
        for (const f of v.removed) expect(revoked).toContain(f);
        for (const f of v.remaining) expect(revoked).not.toContain(f);
        for (const t of v.withheldSpaces) expect(v.removed).toContain(t);
      }),
    );
  });
});
