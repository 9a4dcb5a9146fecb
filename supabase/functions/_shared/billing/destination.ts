// Stripe as a destination of jobs: its circuit breaker ('stripe') and how stripe-node's errors end a job.
// stripe-node already retried connection errors, 409 and 5xx twice with the same idempotency key.
import Stripe from 'stripe'
import { dead, defineDestination, type JobResult, retryLater } from '../jobs/define.ts'

export function classifyStripeError(error: unknown): JobResult | undefined {
  if (!(error instanceof Stripe.errors.StripeError)) return undefined
  if (error instanceof Stripe.errors.StripeConnectionError)
    return retryLater(`Stripe could not be reached: ${error.message}`)
  if (error.statusCode === 429) return retryLater('Stripe asked Parley to slow down (too many requests)')
  if ((error.statusCode ?? 500) >= 500)
    return retryLater(`Stripe had a problem (error ${error.statusCode ?? '?'})`)
  return dead(`Stripe refused it: ${error.message}`)
}

export const stripe = defineDestination({
  name: 'stripe',
  label: 'Stripe',
  breaker: () => ({ failureThreshold: 5, cooldownMs: 30_000 }),
  classify: classifyStripeError,
})
