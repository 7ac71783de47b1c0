import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'tools/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Vitest's default for `run` is one fork per core minus one: a single fork on CI's two cores,
    // with the second core idle while the CLI tests wait on their child processes.
    maxWorkers: 2,
  },
});
