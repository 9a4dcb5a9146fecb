import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['./src/global-setup.ts'],
    // One browser journey at a time: the machine is small and the dev server compiles pages on demand.
    fileParallelism: false,
    // First visits make `next dev` compile the page, which takes tens of seconds on two cores.
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
})
