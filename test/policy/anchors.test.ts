// The Anchors Module's rules (src/policy/anchors.ts): the order of createAnchor's checks, the
// per-session and per-origin limits (property tests), persistent handles (random v4 UUIDs from the
// user agent's randomness, known only to their origin), and no updates while not visible.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ANCHORS_PER_SESSION,
  anchorCreationIsAllowed,
  anchorUpdatesMayBeReported,
  isPersistentHandle,
  PERSISTENT_ANCHORS_PER_ORIGIN,
  persistentAnchorAccess,
  persistentHandle,
  persistentHandleMayBeCreated,
} from '../../src/policy/anchors.js';

const POSE = { position: { x: 0, y: 1, z: -2 }, orientation: { x: 0, y: 0, z: 0, w: 1 } };
const ok = { enabled: true, ended: false, count: 0, pose: POSE };

describe('anchorCreationIsAllowed (spec(anchors) #dom-xrframe-createanchor)', () => {
  it("R-ANCHOR-01: without 'anchors' enabled, NotSupportedError, before any other check", () => {
    const d = anchorCreationIsAllowed({ enabled: false, ended: true, count: 999, pose: null });
    expect(d.allowed).toBe(false);
    expect(d.error?.name).toBe('NotSupportedError');
    expect(d.requirement).toBe('R-ANCHOR-01');
    expect(d.error?.message).toMatch(/\[R-ANCHOR-01\]$/);
  });

  it('R-ANCHOR-02: an ended session, InvalidStateError', () => {
    const d = anchorCreationIsAllowed({ ...ok, ended: true });
    expect(d.error?.name).toBe('InvalidStateError');
    expect(d.requirement).toBe('R-ANCHOR-02');
  });

  it('R-ANCHOR-03: a space without a pose, or a pose that is not a finite rigid transform', () => {
    expect(anchorCreationIsAllowed({ ...ok, pose: null }).requirement).toBe('R-ANCHOR-03');
    for (const bad of [
      { position: { x: Number.NaN, y: 0, z: 0 }, orientation: { x: 0, y: 0, z: 0, w: 1 } },
      { position: { x: 0, y: Number.POSITIVE_INFINITY, z: 0 }, orientation: { x: 0, y: 0, z: 0, w: 1 } },
      { position: { x: 0, y: 0, z: 0 }, orientation: { x: 0, y: 0, z: 0, w: 0 } },
      { position: { x: 0, y: 0, z: 0 }, orientation: { x: 1, y: 1, z: 1, w: 1 } },
    ]) {
      const d = anchorCreationIsAllowed({ ...ok, pose: bad });
      expect(d.allowed).toBe(false);
      expect(d.error?.name).toBe('InvalidStateError');
      expect(d.requirement).toBe('R-ANCHOR-03');
    }
  });

  it('R-ANCHOR-04 (property): allowed exactly while the session has fewer anchors than the limit', () => {
    fc.assert(
      fc.property(fc.nat(500), fc.integer({ min: 1, max: 500 }), (count, limit) => {
        const d = anchorCreationIsAllowed({ ...ok, count, limit });
        expect(d.allowed).toBe(count < limit);
        if (!d.allowed) {
          expect(d.error.name).toBe('OperationError');
          expect(d.requirement).toBe('R-ANCHOR-04');
        }
      }),
    );
    expect(anchorCreationIsAllowed({ ...ok, count: ANCHORS_PER_SESSION - 1 }).allowed).toBe(true);
    expect(anchorCreationIsAllowed({ ...ok, count: ANCHORS_PER_SESSION }).allowed).toBe(false);
  });

  it('(property) any finite unit-quaternion pose is allowed while under the limit', () => {
    const coord = fc.double({ min: -1e6, max: 1e6, noNaN: true });
    fc.assert(
      fc.property(
        coord,
        coord,
        coord,
        fc.double({ min: -Math.PI, max: Math.PI, noNaN: true }),
        (x, y, z, a) => {
          const pose = {
            position: { x, y, z },
            orientation: { x: 0, y: Math.sin(a / 2), z: 0, w: Math.cos(a / 2) },
          };
          expect(anchorCreationIsAllowed({ ...ok, pose }).allowed).toBe(true);
        },
      ),
    );
  });
});

describe('R-ANCHOR-05: anchor updates only while visible', () => {
  it('visible: updated; visible-blurred and hidden: held', () => {
    expect(anchorUpdatesMayBeReported('visible')).toBe(true);
    expect(anchorUpdatesMayBeReported('visible-blurred')).toBe(false);
    expect(anchorUpdatesMayBeReported('hidden')).toBe(false);
  });
});

describe('persistent handles (R-ANCHOR-06..08)', () => {
  it('R-ANCHOR-07 (property): a v4 UUID drawn from the injected randomness, nothing else', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 0.9999999, noNaN: true }), { minLength: 16, maxLength: 16 }),
        (bytes) => {
          let i = 0;
          const h = persistentHandle(() => bytes[i++ % 16] as number);
          expect(isPersistentHandle(h)).toBe(true);
          expect(h).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
          // The same draws give the same handle (reproducible: no hidden source of randomness).
          let j = 0;
          expect(persistentHandle(() => bytes[j++ % 16] as number)).toBe(h);
        },
      ),
    );
  });

  it('R-ANCHOR-07: distinct draws give distinct handles', () => {
    let seed = 1;
    const random = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) seen.add(persistentHandle(random));
    expect(seen.size).toBe(2000);
  });

  it('isPersistentHandle refuses anything else', () => {
    for (const v of [
      '',
      'x',
      42,
      null,
      '00000000-0000-1000-8000-000000000000',
      'ABCDEF01-2345-4678-9abc-def012345678',
    ]) {
      expect(isPersistentHandle(v)).toBe(false);
    }
  });

  it("R-ANCHOR-06: another origin's handle gets the same answer as a handle never made (no oracle)", () => {
    const stored = { origin: 'https://a.example', pose: POSE };
    const own = persistentAnchorAccess(
      { enabled: true, origin: 'https://a.example', stored },
      'restorePersistentAnchor()',
    );
    expect(own.allowed).toBe(true);
    const other = persistentAnchorAccess(
      { enabled: true, origin: 'https://b.example', stored },
      'restorePersistentAnchor()',
    );
    const none = persistentAnchorAccess(
      { enabled: true, origin: 'https://b.example', stored: null },
      'restorePersistentAnchor()',
    );
    expect(other.allowed).toBe(false);
    expect(other.error).toEqual(none.error);
    expect(other.requirement).toBe('R-ANCHOR-06');
    expect(other.error?.name).toBe('InvalidStateError');
    const off = persistentAnchorAccess(
      { enabled: false, origin: 'https://a.example', stored },
      'restorePersistentAnchor()',
    );
    expect(off.requirement).toBe('R-ANCHOR-01');
  });

  it('R-ANCHOR-08 (property): an origin keeps at most the limit of persistent anchors', () => {
    fc.assert(
      fc.property(fc.nat(200), fc.integer({ min: 1, max: 200 }), (stored, limit) => {
        const d = persistentHandleMayBeCreated(
          { enabled: true, ended: false, deleted: false, stored },
          limit,
        );
        expect(d.allowed).toBe(stored < limit);
        if (!d.allowed) expect(d.requirement).toBe('R-ANCHOR-08');
      }),
    );
    expect(
      persistentHandleMayBeCreated({
        enabled: true,
        ended: false,
        deleted: false,
        stored: PERSISTENT_ANCHORS_PER_ORIGIN,
      }).allowed,
    ).toBe(false);
    expect(
      persistentHandleMayBeCreated({ enabled: true, ended: false, deleted: true, stored: 0 }).requirement,
    ).toBe('R-ANCHOR-02');
  });
});
