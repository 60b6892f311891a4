// With the user-agent side in a realm of its own (a node:vm context, as the extension's isolated
// world), a hostile page that patched every shared built-in and used WebXR reaches no user-agent
// state. The walk and the page are in hostile.ts; one-realm.test.ts is the control.

import { describe, expect, it } from 'vitest';
import { documentPortOver } from '../../src/agent/channel.js';
import { profiles } from '../../src/policy/profile.js';
import { createPageNavigator } from '../../src/user-agent.js';
import { hostilePage, startAgentRealm, useWebXR, walk } from './hostile.js';

const getPrototypeOf = Object.getPrototypeOf;

describe('what a hostile page can reach (R-EXPO-15, DESIGN.md "Two sides")', () => {
  it('with the user-agent side in its own realm: no consent, host, device, lock or audit state', async () => {
    const { realm, pagePort } = await startAgentRealm();
    // The page side, installed before the page's scripts (document_start).
    const nav = createPageNavigator({
      connect: (deliver) =>
        documentPortOver(pagePort as unknown as Parameters<typeof documentPortOver>[0], deliver),
      env: {
        setTimeout: (cb, ms) => setTimeout(cb, ms),
        clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
        now: () => performance.now(),
        reportError: (e) => {
          throw e;
        },
      },
      profile: profiles.spec,
      secureContext: true,
    });
    const page = hostilePage();
    let handed: unknown[];
    try {
      handed = await useWebXR(nav, () => realm.host.click(), realm.device);
    } finally {
      page.restore();
    }
    // The app really ran: a session with poses, and the page's patches saw traffic.
    expect(handed.some((h) => (h as { views?: unknown })?.views !== undefined)).toBe(true);
    expect(page.loot.size).toBeGreaterThan(50);
    const { found, visited } = walk([...handed, ...page.loot], (o) => {
      for (const C of realm.classes) if (o instanceof C) return true;
      // Any object of the user agent's realm at all.
      for (let p = getPrototypeOf(o); p !== null; p = getPrototypeOf(p))
        if (p === realm.objectPrototype) return true;
      return false;
    });
    // The walk covers the page's objects (fewer since the hardening: less reaches the page).
    expect(visited).toBeGreaterThan(300);
    expect(found).toEqual([]);
  }, 30_000);
});
