import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['engine/**/*.test.ts', 'server/**/*.test.ts', 'player/**/*.test.ts', 'test/**/*.test.ts', 'stories/**/*.test.ts', 'bench/**/*.test.ts'],
    // Real sockets, real processes, real Chromium, 2 cores: files run one at a
    // time. In parallel, the browser E2E and the load tests starve the timing
    // assertions of everything else (tally spacing, sync drift, kill -9 timing),
    // and reliability on a shared 2-core box is worth the extra minutes.
    // Fails the run if any server counted a contained error (see the file).
    globalSetup: ['test/support/contained-errors-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
