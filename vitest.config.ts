import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['engine/**/*.test.ts', 'server/**/*.test.ts', 'player/**/*.test.ts', 'test/**/*.test.ts', 'stories/**/*.test.ts', 'bench/**/*.test.ts'],
    // Real sockets, real processes, real Chromium, 2 cores: files run one at a
    // time. In parallel, the browser E2E and the load tests starve the timing
    // assertions of everything else (tally spacing, sync drift, kill -9 timing),
    // and reliability on a shared 2-core box is worth the extra minutes.
    // Builds dist/, installs missing Debian packages, starts the shared Redis
    // (see the file); then fails the run if any server counted a contained error.
    globalSetup: ['test/support/test-environment-setup.ts', 'test/support/contained-errors-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
