// One signed POST to the store's endpoint. X-Parley-Delivery is the same on every retry of a job, so a
// receiver that stores it answers a replay without acting twice. A 2xx is delivered; 408, 429, 5xx,
// timeouts and network errors retry with the job's backoff; any other status is dead in words.
import { STATUS_CODES } from 'node:http'
import type { CircuitBreaker } from '../../breaker.ts'
import {
  dead,
  defineDestination,
  done,
  type JobContext,
  type JobResult,
  retryLater,
} from '../../jobs/define.ts'
import { privateNetworkAllowed, resolveWithDeno } from '../../network.ts'
import { must } from '../../supabase.ts'
import { withCredential } from '../connection.ts'
import { classifyAppError } from '../destination.ts'
import { AppHttpError, AppNotConnectedError, AppTimeoutError } from '../errors.ts'
import { send } from '../transport.ts'
import webhook from './app.ts'
import { endpointProblem } from './endpoint.ts'
import { signature } from './signature.ts'

const ENDPOINT = 'Your endpoint'

// Every store's endpoint counts against one breaker key, so it never opens: one store's broken endpoint
// must not hold back another's. Each job retries with its own backoff instead.
export const webhookDestination = defineDestination({
  name: 'app-webhook',
  label: 'Your webhook endpoint',
  breaker: () => ({ failureThreshold: 1_000_000, cooldownMs: 1000 }),
  classify: (error) => {
    if (error instanceof AppNotConnectedError) return classifyAppError(webhook.name, error)
    if (!(error instanceof AppHttpError) || error.status === 429) return classifyAppError(ENDPOINT, error)
    const status = `HTTP ${error.status}${STATUS_CODES[error.status] ? ` (${STATUS_CODES[error.status]})` : ''}`
    return error.status >= 500
      ? retryLater(`${ENDPOINT} answered ${status}`)
      : dead(`${ENDPOINT} refused the event: ${status}`)
  },
})

export interface Delivery {
  store_id: string
  /** The automation's own endpoint, else the app's. */
  url?: string | null
  headers?: Record<string, string>
  delivery: string
  body: Record<string, unknown>
}

async function post(secret: string, url: string, d: Delivery, breaker: CircuitBreaker): Promise<JobResult> {
  const problem = await endpointProblem(url, {
    allowPrivate: privateNetworkAllowed(),
    resolve: resolveWithDeno,
  })
  if (problem) return dead(problem)
  const body = JSON.stringify({ delivery: d.delivery, ...d.body })
  const response = await send({ app: ENDPOINT, baseUrl: url, breaker, timeoutMs: 10_000 }, '', {
    method: 'POST',
    headers: {
      ...d.headers,
      'Content-Type': 'application/json',
      'User-Agent': 'Parley-Webhooks/1',
      'X-Parley-Delivery': d.delivery,
      'X-Parley-Signature': await signature(secret, Math.floor(Date.now() / 1000), body),
    },
    body,
  })
  await response.body?.cancel()
  if (response.ok) return done({ status: response.status })
  if (response.status === 408) throw new AppTimeoutError(ENDPOINT)
  throw new AppHttpError(ENDPOINT, response.status, response.statusText)
}

const Settings = webhook.settings

export async function deliver(ctx: JobContext, d: Delivery): Promise<JobResult> {
  try {
    return await withCredential(ctx.db, d.store_id, webhook, async (secret, config) => {
      const url = d.url || Settings.safeParse(config).data?.endpoint_url
      if (!url) return dead('Give your endpoint’s address on the Webhook card of the Integrations page')
      return await post(secret, url, d, ctx.breaker)
    })
  } catch (error) {
    if (!(error instanceof AppNotConnectedError) || !d.url) throw error
    // Automations made before the Webhook app named their own URL and were signed with the store's
    // automation secret, which their receivers already check: they keep it until the store connects the app.
    const legacy = must(
      await ctx.db
        .from('automation_secrets')
        .select('webhook_secret')
        .eq('store_id', d.store_id)
        .maybeSingle(),
      "reading the store's webhook secret",
    ) as { webhook_secret: string } | null
    if (!legacy) throw error
    return await post(legacy.webhook_secret, d.url, d, ctx.breaker)
  }
}
