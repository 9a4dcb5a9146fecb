import type { Enums } from '../../database.types.ts'
import { privateNetworkAllowed, type ResolveHost, refusedTarget, resolveWithDeno } from '../../network.ts'

/** Why a provider call failed: stored as `responder_failures.kind`. */
export type ProviderErrorKind = Enums<'responder_failure_kind'>

export class ProviderError extends Error {
  override readonly name = 'ProviderError'
  constructor(
    readonly kind: ProviderErrorKind,
    message: string,
    readonly provider: string,
    readonly status?: number,
    /** From Retry-After on a 429, when given. */
    readonly retryAfterMs?: number,
  ) {
    super(message)
  }
}

function retryAfter(response: Response): number | undefined {
  const header = response.headers.get('retry-after')
  if (!header) return undefined
  const seconds = Number(header)
  if (Number.isFinite(seconds)) return seconds * 1000
  const date = Date.parse(header)
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now())
}

export interface PostOptions {
  /** The credential in the headers: never repeated in an error, whatever the provider echoes. */
  secret: string
  timeoutMs: number
  signal?: AbortSignal | undefined
  allowPrivateNetwork?: boolean | undefined
  resolveHost?: ResolveHost | undefined
}

/**
 * POSTs JSON with a deadline and maps every failure to a ProviderError: a base URL that is (or resolves to) a
 * private or loopback address -> network, refused before connecting (checked on every call, so a DNS change
 * cannot slip past a check made when the owner saved it); the deadline -> timeout; no connection -> network;
 * 429 -> rate_limited; other non-2xx, redirects included (never followed) -> http_error; unparsable body ->
 * bad_response. Messages quote the provider's answer only when it does not contain the key.
 */
export async function postJson(
  provider: string,
  url: string,
  headers: Record<string, string>,
  body: unknown,
  options: PostOptions,
): Promise<unknown> {
  const { secret, timeoutMs, signal } = options
  if (!(options.allowPrivateNetwork ?? privateNetworkAllowed())) {
    const refused = await refusedTarget(url, options.resolveHost ?? resolveWithDeno)
    if (refused) {
      throw new ProviderError(
        'network',
        `Refused to call ${hostOf(url)}: ${refused}. Use a provider on the public internet.`,
        provider,
      )
    }
  }
  const deadline = AbortSignal.timeout(timeoutMs)
  const combined = signal ? AbortSignal.any([deadline, signal]) : deadline
  let response: Response
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
      signal: combined,
      redirect: 'manual',
    })
  } catch (error) {
    if (deadline.aborted) throw new ProviderError('timeout', `No answer within ${timeoutMs} ms`, provider)
    throw new ProviderError(
      'network',
      `Could not reach ${hostOf(url)}: ${withoutSecret(String(error), secret)}`,
      provider,
    )
  }
  let text: string
  try {
    text = await response.text()
  } catch {
    if (deadline.aborted) throw new ProviderError('timeout', `No answer within ${timeoutMs} ms`, provider)
    throw new ProviderError('network', 'The connection broke while reading the answer', provider)
  }
  const quoted = (max: number) => withoutSecret(text.slice(0, max), secret)
  if (response.status === 429) {
    throw new ProviderError(
      'rate_limited',
      `Rate limited: ${quoted(300)}`,
      provider,
      429,
      retryAfter(response),
    )
  }
  if (response.status >= 300 && response.status < 400) {
    throw new ProviderError(
      'http_error',
      `HTTP ${response.status}: redirects are not followed`,
      provider,
      response.status,
    )
  }
  if (!response.ok) {
    throw new ProviderError(
      'http_error',
      `HTTP ${response.status}: ${quoted(300)}`,
      provider,
      response.status,
    )
  }
  try {
    return JSON.parse(text)
  } catch {
    throw new ProviderError('bad_response', `Not JSON: ${quoted(200)}`, provider, response.status)
  }
}

const hostOf = (url: string) => {
  try {
    return new URL(url).host
  } catch {
    return 'the provider'
  }
}

/** Shortest run of the key that gives it away; shorter echoes (OpenAI's "...abcd") are harmless. */
const TELLTALE = 8

/**
 * `text`, unless it contains the key or any TELLTALE-long piece of it (plain, URL- or JSON-encoded): then a
 * notice instead. The key is write-only; a provider that echoes it must not make it readable in the dashboard.
 */
export function withoutSecret(text: string, secret: string): string {
  // A vendor's prefix (`sk-proj-`, `sk-ant-api03-`) gives nothing away, and providers quote it.
  const random = secret.replace(/^([A-Za-z0-9]{1,6}[-_])+/, '')
  if (random.length < TELLTALE) return text
  const haystacks = [text, safeDecode(text), text.replace(/\\(.)/g, '$1')]
  for (let i = 0; i + TELLTALE <= random.length; i++) {
    const piece = random.slice(i, i + TELLTALE)
    if (haystacks.some((h) => h.includes(piece))) return '(the answer quoted the API key, so it is not shown)'
  }
  return text
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}
