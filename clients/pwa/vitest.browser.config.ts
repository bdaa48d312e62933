import { defineConfig } from 'vitest/config';

// The browser scenarios: Chromium (Debian's) driven by playwright-core against real Tandem servers that the global
// setup starts and stops. One file at a time, each scenario in order: they share the servers.
export default defineConfig({
  test: {
    include: ['test/browser/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['test/browser/servers.ts'],
    fileParallelism: false,
    testTimeout: 240_000,
    hookTimeout: 300_000,
    reporters: ['verbose'],
  },
});
