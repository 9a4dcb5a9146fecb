// Chatwoot as a destination of jobs: its circuit breaker ('chatwoot', tuned by CHATWOOT_BREAKER_THRESHOLD
// and CHATWOOT_BREAKER_COOLDOWN_MS) and how its client's errors end a job, in words a store owner reads.
import {
  ChatwootAuthError,
  ChatwootHttpError,
  ChatwootNetworkError,
  ChatwootTimeoutError,
} from '../chatwoot/index.ts'
import { ChatwootNotConfiguredError, numberSetting } from '../chatwoot-connection.ts'
import { dead, defineDestination, type JobResult, retryIn, retryLater } from '../jobs/define.ts'

/** What a request path was about, for "Chatwoot refused the contact: ...". */
const RESOURCES: [RegExp, string][] = [
  [/\/messages$/, 'message'],
  [/\/toggle_status$/, 'status change'],
  [/\/conversations\/\d+\/custom_attributes$/, "conversation's attributes"],
  [/\/conversations/, 'conversation'],
  [/\/contact_inboxes$/, "contact's inbox"],
  [/\/contacts/, 'contact'],
  [/\/inboxes/, 'inbox'],
  [/\/webhooks/, 'webhook'],
  [/\/custom_attribute_definitions/, 'custom attribute'],
  [/\/dashboard_apps/, 'dashboard app'],
  [/\/account_users/, 'agent seat'],
  [/\/users/, 'user'],
  [/\/accounts/, 'account'],
]

export function resourceOf(path: string): string {
  return RESOURCES.find(([pattern]) => pattern.test(path))?.[1] ?? 'request'
}

/** Said once per worker: every Chatwoot job of every store would otherwise log it on every attempt. */
let unconfiguredSaid = false

export function classifyChatwootError(error: unknown): JobResult | undefined {
  if (error instanceof ChatwootNotConfiguredError) {
    if (!unconfiguredSaid)
      console.warn(
        `[chatwoot] ${error.message}: Chatwoot jobs wait until it is (the health report says so too)`,
      )
    unconfiguredSaid = true
    return retryLater(`Chatwoot is not configured on this server (${error.message})`)
  }
  if (error instanceof ChatwootAuthError)
    return dead(`Chatwoot refused Parley's access to the ${resourceOf(error.path)}: ${error.detail}`)
  if (error instanceof ChatwootHttpError) {
    if (error.status === 429) {
      const reason = 'Chatwoot asked Parley to slow down (too many requests)'
      return error.retryAfterMs === undefined
        ? retryLater(reason)
        : retryIn(Math.max(1, Math.ceil(error.retryAfterMs / 1000)), reason)
    }
    if (error.status >= 500)
      return retryLater(`Chatwoot could not handle the ${resourceOf(error.path)} (error ${error.status})`)
    return dead(`Chatwoot refused the ${resourceOf(error.path)}: ${error.detail}`)
  }
  if (error instanceof ChatwootTimeoutError)
    return retryLater(`Chatwoot did not answer in time (the ${resourceOf(error.path)})`)
  if (error instanceof ChatwootNetworkError)
    return retryLater(
      `Chatwoot could not be reached: ${error.cause instanceof Error ? error.cause.message : error.cause}`,
    )
  return undefined
}

export const chatwoot = defineDestination({
  name: 'chatwoot',
  label: 'Chatwoot',
  breaker: () => ({
    failureThreshold: numberSetting('CHATWOOT_BREAKER_THRESHOLD', 5),
    cooldownMs: numberSetting('CHATWOOT_BREAKER_COOLDOWN_MS', 30_000),
  }),
  classify: classifyChatwootError,
})
