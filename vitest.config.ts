import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    reporters: ['default', './test/support/summary-reporter.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    // Each worker is a fresh Node process started after the global setup, so it reads the run CA from
    // NODE_EXTRA_CA_CERTS at start-up (worker threads would not: the variable is read once per process).
    pool: 'forks',
    // Test files share their worker process instead of getting a fresh one each: importing cdktf and the azurerm
    // provider bindings costs a few seconds of CPU per process and dominated the run (test/constructs: collect 34 s
    // isolated, 8 s shared). Safe because no test mocks modules or leaves process state behind (runInProcess
    // restores the working folder; emulators and servers are closed per test), and production modules keep no
    // mutable module-level state.
    isolate: false,
    // Two workers on the 2-core reference machine (vitest's default is one fewer than the cores): the main process
    // only collects results.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    minWorkers: 1,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
