import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['engine/**/*.test.ts', 'server/**/*.test.ts', 'player/**/*.test.ts', 'test/**/*.test.ts', 'stories/**/*.test.ts', 'bench/**/*.test.ts'],
    // Real sockets, real processes, 2 cores: give slow machines room, and keep
    // heavyweight files from starving each other.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
