import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Each file starts its own database (and often a whole stack): give boots room on 2 cores, and run
    // files one or two at a time so they don't starve each other.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: true,
    maxWorkers: 2,
    minWorkers: 1,
    // Events, jobs and webhooks arrive asynchronously: expect.poll waits up to 10 s for them by default.
    expect: { poll: { timeout: 10_000 } },
  },
})
