import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    reporters: ['default', './test/support/summary-reporter.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    // Each worker is a fresh Node process started after the global setup, so it reads the run CA from
    // NODE_EXTRA_CA_CERTS at start-up (worker threads would not: the variable is read once per process).
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
