// Each app is a destination of jobs: its own circuit breaker (`app-<id>`) and one reading of its client's
// errors, in words a store owner can act on: 429 waits for Retry-After, 5xx, timeouts and network errors
// retry with the job's backoff, a dead connection asks for a reconnect, any other refusal is dead in the
// app's own words.

import { numberEnv } from '../env.ts'
import {
  type Destination,
  dead,
  defineDestination,
  type JobResult,
  retryIn,
  retryLater,
} from '../jobs/define.ts'
import type { AppDefinition } from './define.ts'
import {
  AppHttpError,
  AppNetworkError,
  AppNotConnectedError,
  AppReconnectError,
  AppTimeoutError,
  AppTokenExpiredError,
} from './errors.ts'

export function classifyAppError(name: string, error: unknown): JobResult | undefined {
  if (error instanceof AppHttpError) {
    if (error.status === 429) {
      const reason = `${name} asked Parley to slow down (too many requests)`
      return error.retryAfterSeconds === undefined
        ? retryLater(reason)
        : retryIn(Math.max(1, error.retryAfterSeconds), reason)
    }
    if (error.status >= 500) return retryLater(`${name} had trouble (error ${error.status}: ${error.detail})`)
    return dead(`${name} refused the request: ${error.detail}`)
  }
  if (error instanceof AppTimeoutError) return retryLater(`${name} did not answer in time`)
  if (error instanceof AppNetworkError) return retryLater(error.message)
  if (error instanceof AppTokenExpiredError)
    return retryLater(`${name} refused the access token; refreshing it`)
  if (error instanceof AppReconnectError)
    return dead(`${name} needs to be connected again on the Integrations page (${error.detail})`)
  if (error instanceof AppNotConnectedError)
    return dead(`${name} is not connected: connect it on the Integrations page`)
  return undefined
}

const cache = new Map<string, Destination>()

/** The destination of an app's jobs; APP_BREAKER_THRESHOLD / APP_BREAKER_COOLDOWN_MS tune every app's. */
export function appDestination(app: Pick<AppDefinition, 'id' | 'name'>): Destination {
  let destination = cache.get(app.id)
  if (!destination) {
    destination = defineDestination({
      name: `app-${app.id}`,
      label: app.name,
      breaker: () => ({
        failureThreshold: numberEnv('APP_BREAKER_THRESHOLD', 5),
        cooldownMs: numberEnv('APP_BREAKER_COOLDOWN_MS', 30_000),
      }),
      classify: (error) => classifyAppError(app.name, error),
    })
    cache.set(app.id, destination)
  }
  return destination
}
