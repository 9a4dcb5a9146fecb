/** Why a provider call failed; the names match `responder_failures.kind`. */
export type ProviderErrorKind = 'timeout' | 'http_error' | 'rate_limited' | 'network' | 'bad_response'

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

/**
 * POSTs JSON with a deadline and maps every failure to a ProviderError: the deadline -> timeout, no
 * connection -> network, 429 -> rate_limited, other non-2xx -> http_error, unparsable body -> bad_response.
 */
export async function postJson(
  provider: string,
  url: string,
  headers: Record<string, string>,
  body: unknown,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<unknown> {
  const deadline = AbortSignal.timeout(timeoutMs)
  const combined = signal ? AbortSignal.any([deadline, signal]) : deadline
  let response: Response
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
      signal: combined,
    })
  } catch (error) {
    if (deadline.aborted) throw new ProviderError('timeout', `No answer within ${timeoutMs} ms`, provider)
    throw new ProviderError('network', `Could not reach ${new URL(url).host}: ${String(error)}`, provider)
  }
  let text: string
  try {
    text = await response.text()
  } catch {
    if (deadline.aborted) throw new ProviderError('timeout', `No answer within ${timeoutMs} ms`, provider)
    throw new ProviderError('network', 'The connection broke while reading the answer', provider)
  }
  if (response.status === 429) {
    throw new ProviderError(
      'rate_limited',
      `Rate limited: ${text.slice(0, 300)}`,
      provider,
      429,
      retryAfter(response),
    )
  }
  if (!response.ok) {
    throw new ProviderError(
      'http_error',
      `HTTP ${response.status}: ${text.slice(0, 300)}`,
      provider,
      response.status,
    )
  }
  try {
    return JSON.parse(text)
  } catch {
    throw new ProviderError('bad_response', `Not JSON: ${text.slice(0, 200)}`, provider, response.status)
  }
}
