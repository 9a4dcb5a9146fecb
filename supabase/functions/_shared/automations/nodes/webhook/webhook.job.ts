// A signed POST to the store's endpoint. The signature is Stripe-style: X-Parley-Signature
// `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">` with the store's webhook secret
// (automation_secrets), and X-Parley-Delivery is the same on every retry so receivers can deduplicate.
import { z } from 'zod'
import { dead, defineDestination, defineJob, done, retryLater } from '../../../jobs/define.ts'
import { must } from '../../../supabase.ts'
import { RUN_STEP_KEY, runFields } from '../../action-job.ts'

const TIMEOUT_MS = 10_000

// Every store's endpoints share one breaker key, so it is set never to open: one store's broken endpoint
// must not hold back another's. Each job retries with its own backoff instead.
const webhooks = defineDestination({
  name: 'webhooks',
  label: 'The webhook endpoint',
  breaker: () => ({ failureThreshold: 1_000_000, cooldownMs: 1000 }),
  classify: () => undefined,
})

const PRIVATE_HOST =
  /^(localhost|127\.\d+\.\d+\.\d+|10\.\d+\.\d+\.\d+|192\.168\.\d+\.\d+|172\.(1[6-9]|2\d|3[01])\.\d+\.\d+|169\.254\.\d+\.\d+|0\.0\.0\.0|\[?::1?\]?|\[?f[cd][0-9a-f:]*\]?)$/i

/** Stores may not aim webhooks at Parley's own network (set AUTOMATIONS_WEBHOOKS_ALLOW_PRIVATE=true in development). */
export function refusedUrl(url: string, allowPrivate: boolean): string | null {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return 'The webhook URL is not valid'
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return 'Webhooks go to http(s) URLs only'
  if (!allowPrivate && PRIVATE_HOST.test(parsed.hostname))
    return `Webhooks cannot go to a private address (${parsed.hostname})`
  return null
}

async function hmacHex(secret: string, text: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  )
  const signature = new Uint8Array(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(text)))
  return [...signature].map((b) => b.toString(16).padStart(2, '0')).join('')
}

export async function signature(secret: string, timestamp: number, body: string): Promise<string> {
  return `t=${timestamp},v1=${await hmacHex(secret, `${timestamp}.${body}`)}`
}

const allowPrivate = () =>
  (globalThis as { Deno?: { env: { get(n: string): string | undefined } } }).Deno?.env.get(
    'AUTOMATIONS_WEBHOOKS_ALLOW_PRIVATE',
  ) === 'true' ||
  (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env
    .AUTOMATIONS_WEBHOOKS_ALLOW_PRIVATE === 'true'

export default defineJob({
  topic: 'automations.webhook',
  title: 'Send a webhook (automation)',
  payload: z.object({
    ...runFields,
    url: z.string().max(2000),
    headers: z.record(z.string(), z.string()).default({}),
    body: z.record(z.string(), z.unknown()),
  }),
  destination: webhooks,
  retry: { attempts: 6, backoff: { first: 10, max: 3600 } },
  key: RUN_STEP_KEY,
  async run(p, { db }) {
    const refused = refusedUrl(p.url, allowPrivate())
    if (refused) return dead(refused)
    const secret = must(
      await db.from('automation_secrets').select('webhook_secret').eq('store_id', p.store_id).maybeSingle(),
      "reading the store's webhook secret",
    ) as { webhook_secret: string } | null
    if (!secret) return dead("The store has no webhook secret (it is made with the store's first workflow)")
    const delivery = `${p.run_id}:${p.step}`
    const body = JSON.stringify({ delivery, workflow_id: p.workflow_id, run_id: p.run_id, ...p.body })
    const timestamp = Math.floor(Date.now() / 1000)
    let response: Response
    try {
      response = await fetch(p.url, {
        method: 'POST',
        headers: {
          ...p.headers,
          'Content-Type': 'application/json',
          'User-Agent': 'Parley-Automations/1',
          'X-Parley-Delivery': delivery,
          'X-Parley-Signature': await signature(secret.webhook_secret, timestamp, body),
        },
        body,
        signal: AbortSignal.timeout(TIMEOUT_MS),
        redirect: 'manual',
      })
    } catch (error) {
      const timeout = error instanceof DOMException && error.name === 'TimeoutError'
      return retryLater(
        timeout
          ? `The endpoint did not answer within ${TIMEOUT_MS / 1000} s`
          : `The endpoint could not be reached: ${(error as Error).message}`,
      )
    }
    await response.body?.cancel()
    if (response.ok) return done({ status: response.status })
    const status = response.status
    if (status === 408 || status === 429 || status >= 500)
      return retryLater(`The endpoint answered HTTP ${status}`)
    return dead(`The endpoint refused the webhook (HTTP ${status})`)
  },
})
