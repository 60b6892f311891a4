// Runs a suite with the user-agent side behind a real MessageChannel: every user agent the tests
// create (createUserAgent, createTestUserAgent) carries its requests, answers and events as
// structured-cloned messages (src/agent/channel.ts) unless a test asks for a transport itself.

import { vi } from 'vitest';

vi.mock('../../src/user-agent.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/user-agent.js')>();
  return {
    ...original,
    createUserAgent: (options: Parameters<typeof original.createUserAgent>[0] = {}) =>
      original.createUserAgent({ transport: 'channel', ...options }),
  };
});
