// Both sides in one realm (the script bundle): the hostile page of two-realms.test.ts patches the
// built-ins it shares with xrgate and walks everything they saw. Before the hardening (issue
// "Hardening what stays in the page") this walk found the user agent's objects; with every
// built-in captured at load (src/primordials.ts) it finds none. The control walks from the user
// agent itself, which the page never gets, to show the walk recognises its objects.

import { describe, expect, it } from 'vitest';
import type { SimulatedXRDevice } from '../../src/device/simulated.js';
import { createUserAgent } from '../../src/user-agent.js';
import { hostilePage, useWebXR, walk } from './hostile.js';

describe('what a hostile page can reach in one realm', () => {
  it('with both sides in one realm, the patched built-ins hand the page no user-agent object', async () => {
    const ua = createUserAgent({ url: 'https://app.example/', consent: 'grant-all' });
    const classes = [
      ua.core.constructor,
      ua.core.consent.constructor,
      ua.audit.constructor,
      ua.host.constructor,
    ];
    const page = hostilePage();
    let handed: unknown[];
    try {
      handed = await useWebXR(ua.navigator, () => ua.host.click(), ua.device as SimulatedXRDevice);
    } finally {
      page.restore();
    }
    const isUA = (o: object) => classes.some((C) => o instanceof (C as never));
    const { found } = walk([...handed, ...page.loot], isUA);
    expect(page.loot.size).toBeGreaterThan(0); // the patched built-ins did see objects
    expect(found).toEqual([]);
    // Control: the same walk from the user agent's own objects finds them.
    expect(walk([ua.core, ua.host], isUA).found.length).toBeGreaterThan(0);
  }, 30_000);
});
