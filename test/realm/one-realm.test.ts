// Control for two-realms.test.ts (its own file: its own worker): with both sides in one realm,
// the same hostile page and the same walk do find user-agent state, so the walk has teeth. The
// hardening issue (primordials) narrows this; only another realm closes it.

import { describe, expect, it } from 'vitest';
import type { SimulatedXRDevice } from '../../src/device/simulated.js';
import { createUserAgent } from '../../src/user-agent.js';
import { hostilePage, useWebXR, walk } from './hostile.js';

describe('what a hostile page can reach in one realm', () => {
  it('control: with both sides in one realm the same walk does find user-agent state', async () => {
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
    const { found } = walk([...handed, ...page.loot], (o) => classes.some((C) => o instanceof (C as never)));
    expect(found.length).toBeGreaterThan(0);
  }, 30_000);
});
