import type { AuthConfig, AuthRateLimits } from './config.ts'
import { createScratchDatabase } from './db/testing.ts'
import { freePort } from './net.ts'
import { type Stack, startStack } from './stack.ts'

export { openTestDatabase } from './db/testing.ts'

export interface TestStackOptions {
  /** A PostgreSQL superuser URL to run on instead of in-memory PGlite (a scratch database is created). */
  databaseUrl?: string | undefined
  seed?: boolean
  auth?: Partial<AuthConfig>
  /** `NAME=value` lines merged into every function's environment (e.g. CHATWOOT_URL of a fake). */
  functionsEnvFile?: string
  /**
   * Function settings on top of that file. Default: PARLEY_ALLOW_PRIVATE_NETWORK=true, because test stacks are
   * development and their fakes (an LLM, Chatwoot) listen on loopback; `{}` gives a production function.
   */
  functionsEnv?: Record<string, string>
  /** Run the outbox scheduler (off by default in tests: most suites do not want jobs dispatched). */
  scheduler?: boolean
  /**
   * A fixed API port instead of a free one: for a client built against one URL (a `next build` inlines
   * NEXT_PUBLIC_SUPABASE_URL), as the analytics page bench has.
   */
  apiPort?: number
}

/**
 * Test files sign in and up far more often, from one address, than people do: request limits stay out of
 * their way unless a test sets its own (`auth: { rateLimit }`).
 */
const TEST_RATE_LIMITS: AuthRateLimits = { anonymousUsers: 1e6, signInSignUps: 1e6, tokenRefresh: 1e6 }

/** An isolated stack on free ports with a throwaway database: what every compatibility test runs against. */
export async function startTestStack(options: TestStackOptions = {}): Promise<Stack> {
  const scratch = options.databaseUrl ? await createScratchDatabase(options.databaseUrl) : undefined
  const stack = await withFreshPortOnCollision(async () =>
    startStack({
      apiPort: options.apiPort ?? (await freePort()),
      dbPort: 0,
      dataDir: 'memory://',
      databaseUrl: scratch?.url ?? '',
      seed: options.seed ?? false,
      auth: { rateLimit: TEST_RATE_LIMITS, ...options.auth },
      ...(options.functionsEnvFile ? { functionsEnvFile: options.functionsEnvFile } : {}),
      functionsEnv: options.functionsEnv ?? { PARLEY_ALLOW_PRIVATE_NETWORK: 'true' },
      scheduler: options.scheduler ?? false,
    }),
  )
  return {
    ...stack,
    async stop() {
      await stack.stop()
      await scratch?.drop()
    },
  }
}

/**
 * A port that was free a moment ago can be taken by a parallel test file before the stack binds it; such a
 * start fails whole (startStack cleans up), so try again on new ports.
 */
async function withFreshPortOnCollision<T>(start: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start()
    } catch (error) {
      if (attempt >= attempts || !String((error as Error)?.message).includes('EADDRINUSE')) throw error
    }
  }
}

/** The PostgreSQL server tests should also run against, when CI provides one. */
export const testDatabaseUrl = process.env.TEST_DATABASE_URL || undefined
