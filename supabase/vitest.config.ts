import { defineConfig } from 'vitest/config'

export default defineConfig({ test: { include: ['functions/_shared/**/test/*.test.ts'] } })
