// Email as a destination of jobs: its circuit breaker ('email') and how a provider's errors end a job.
import { dead, defineDestination, retryIn, retryLater } from '../jobs/define.ts'
import { EmailError } from './email.ts'

export const email = defineDestination({
  name: 'email',
  label: 'Email',
  breaker: () => ({ failureThreshold: 5, cooldownMs: 60_000 }),
  classify(error) {
    if (!(error instanceof EmailError)) return undefined
    if (!error.retryable) return dead(error.message)
    return error.retryAfterSeconds
      ? retryIn(error.retryAfterSeconds, error.message)
      : retryLater(error.message)
  },
})
