// A page that patches the built-ins it shares with xrgate, after xrgate loaded (both sides in the
// page's realm, as in the script bundle). Each attack is tried on the same flow as its control;
// the control shows what the flow answers honestly, the attack must change nothing, and a probe
// shows that the patch was really live while xrgate worked.

import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
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

const FIXTURE = join(import.meta.dirname, 'fixtures', 'array-traps.ts');
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

  // These two break any code in the realm that builds arrays the ordinary way, the test runner
  // included, so they run in a child process (test/hostile/fixtures/array-traps.ts).
  const child = (attack: string, consent: string) => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', FIXTURE, attack, consent], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    return JSON.parse(out.trim().split('\n').pop()!) as Record<string, unknown>;
  };

  it('Array#push hooked to add features, Object.fromEntries forging answers: deny-all still denies', () => {
    const control = child('none', 'deny-all');
    const attacked = child('push', 'deny-all');
    expect(attacked.probe).toBe(3); // the hook was live: push('x') added two more
    expect(control.error).toBe('');
    expect(control.enabled).not.toMatch(/hand-tracking|bounded-floor/);
    expect(attacked).toEqual({ ...control, attack: 'push', probe: 3 });
  }, 120_000);

  it('an index getter/setter planted on Array.prototype reaches no list xrgate builds', () => {
    const control = child('none', 'local');
    const attacked = child('index', 'local');
    expect(attacked.probe).toBe('bounded-floor'); // the trap was live
    expect(control).toMatchObject({ enabled: 'viewer,local', boundedFloor: 'NotSupportedError', error: '' });
    expect(attacked).toEqual({ ...control, attack: 'index', probe: 'bounded-floor' });
  }, 120_000);
});
