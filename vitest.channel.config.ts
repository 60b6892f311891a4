// The conformance, Test API and API suites again, with the user-agent side behind a real
// MessageChannel (test/channel/setup.ts): the interface between the two sides carries everything.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'test/conformance/**/*.test.ts',
      'test/test-api/**/*.test.ts',
      'test/api/**/*.test.ts',
      'test/channel/**/*.channel.ts',
    ],
    setupFiles: ['test/channel/setup.ts'],
  },
});
