// A page that patches the built-ins it shares with xrgate, after xrgate loaded (both sides in the
// page's realm, as in the script bundle). Each attack is tried on the same flow as its control;
// the control shows what the flow answers honestly, the attack must change nothing, and a probe
// shows that the patch was really live while xrgate worked.

import { afterEach, describe, expect, it } from 'vitest';
import { createTestUserAgent } from '../../src/test-api/index.js';
import {
  expectReject,
  inFrame,
  requestWithActivation,
  type TestUA,
  trackedImmersive,
  twoFrames,
} from '../test-api/helpers.js';

const restores: (() => void)[] = [];
/** Replaces obj[key] until the end of the test. */
function patch<T extends object>(obj: T, key: PropertyKey, value: unknown): void {
  const desc = Object.getOwnPropertyDescriptor(obj, key);
  Object.defineProperty(obj, key, { value, writable: true, configurable: true, enumerable: false });
  restores.push(() => {
    if (desc) Object.defineProperty(obj, key, desc);
    else delete (obj as Record<PropertyKey, unknown>)[key];
  });
}
afterEach(() => {
  while (restores.length > 0) restores.pop()!();
});

async function floorSession(consent: 'grant-all' | { grant: string[] } = 'grant-all') {
  const ua = createTestUserAgent({ consent }) as unknown as TestUA;
  const device = await ua.test.simulateDeviceConnection(trackedImmersive());
  return { ua, device };
}

describe('hostile page: patched built-ins (one realm)', () => {
  it('Math.round = x => x does not unround the floor (R-SPACE-30)', async () => {
    for (const attack of [false, true]) {
      const { ua, device } = await floorSession();
      const session = await requestWithActivation(ua, 'immersive-vr', { requiredFeatures: ['local-floor'] });
      const floor = await session.requestReferenceSpace('local-floor');
      if (attack) {
        patch(Math, 'round', (x: number) => x);
        patch(Math, 'floor', (x: number) => x);
        patch(Math, 'trunc', (x: number) => x);
        expect(Math.round(1.6337)).toBe(1.6337); // the patch is live
      }
      device.setFloorOrigin({ position: [0.123, -1.6337, -0.0789], orientation: [0, 0, 0, 1] });
      await twoFrames(session);
      const y = await inFrame(session, (f) => f.getViewerPose(floor)?.transform.position.y);
      expect(y).toBeCloseTo(1.63, 12);
      while (restores.length > 0) restores.pop()!();
      await session.end();
    }
  });

  it('Set#has, Array#includes, Map#get answering "yes" after the session started grant no space', async () => {
    for (const attack of [false, true]) {
      const { ua } = await floorSession({ grant: ['local'] });
      const session = await requestWithActivation(ua, 'immersive-vr', {
        optionalFeatures: ['bounded-floor', 'unbounded', 'local-floor'],
      });
      if (attack) {
        patch(Set.prototype, 'has', () => true);
        patch(Array.prototype, 'includes', () => true);
        const get = Map.prototype.get;
        patch(Map.prototype, 'get', function (this: Map<unknown, unknown>, k: unknown) {
          return get.call(this, k) ?? true;
        });
        expect(new Set().has('x')).toBe(true);
      }
      for (const space of ['bounded-floor', 'unbounded', 'local-floor'] as const) {
        await expectReject(session.requestReferenceSpace(space), 'NotSupportedError');
      }
      await session.requestReferenceSpace('local');
      while (restores.length > 0) restores.pop()!();
      await session.end();
    }
  });

  // Enabled once every file on the user-agent path is converted (scripts/lint-primordials.mjs PENDING).
  it.skip('Array#push hooked to add features, Object.fromEntries forging answers: deny-all still denies', async () => {
    for (const attack of [false, true]) {
      const ua = createTestUserAgent({ consent: 'deny-all' }) as unknown as TestUA;
      await ua.test.simulateDeviceConnection(
        trackedImmersive({ supportedFeatures: ['viewer', 'local', 'bounded-floor', 'hand-tracking'] }),
      );
      if (attack) {
        const push = Array.prototype.push;
        patch(Array.prototype, 'push', function (this: unknown[], ...items: unknown[]) {
          return push.call(this, ...items, 'bounded-floor', 'hand-tracking');
        });
        const fromEntries = Object.fromEntries;
        patch(Object, 'fromEntries', (e: Iterable<[string, unknown]>) => {
          const o = fromEntries(e);
          for (const k of Object.keys(o)) o[k] = true;
          return o;
        });
        const probe: string[] = [];
        probe.push('x');
        expect(probe).toContain('hand-tracking');
      }
      await expectReject(
        requestWithActivation(ua, 'immersive-vr', { requiredFeatures: ['bounded-floor'] }),
        'NotSupportedError',
      );
      const s = await requestWithActivation(ua, 'immersive-vr', { optionalFeatures: ['hand-tracking'] });
      while (restores.length > 0) restores.pop()!();
      expect([...s.enabledFeatures]).not.toContain('hand-tracking');
      expect([...s.enabledFeatures]).not.toContain('bounded-floor');
      await s.end();
    }
  });

  it.skip('an index getter/setter planted on Array.prototype reaches no list xrgate builds', async () => {
    for (const attack of [false, true]) {
      const ua = createTestUserAgent({ consent: { grant: ['local'] } }) as unknown as TestUA;
      await ua.test.simulateDeviceConnection(trackedImmersive());
      if (attack) {
        // Every index 0..7 not owned by an array answers 'bounded-floor' and swallows writes.
        for (let i = 0; i < 8; i++) {
          Object.defineProperty(Array.prototype, i, {
            configurable: true,
            get: () => 'bounded-floor',
            set: () => {},
          });
          restores.push(() => delete (Array.prototype as unknown as Record<number, unknown>)[i]);
        }
        const probe: string[] = [];
        probe.push('local');
        expect(probe[0]).toBe('bounded-floor'); // the trap is live
      }
      const s = await requestWithActivation(ua, 'immersive-vr', { optionalFeatures: ['bounded-floor'] });
      const enabled = Array.from(s.enabledFeatures);
      await expectReject(s.requestReferenceSpace('bounded-floor'), 'NotSupportedError');
      while (restores.length > 0) restores.pop()!();
      expect(enabled).not.toContain('bounded-floor');
      await s.end();
    }
  });
});
