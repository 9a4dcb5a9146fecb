// Failure injection, shared by every fake: the next calls of a method (or of any, '*') fail the way a test
// or a person on the fake's page asks, `times` times.
export type FailureMode =
  /** HTTP 429 with Retry-After. */
  | 'rate_limit'
  /** HTTP 500/502/503. */
  | 'server_error'
  /** No answer until the client gives up. */
  | 'timeout'
  /** The access token is refused as expired (the app's own way of saying it). */
  | 'token_expired'
  /** The refresh token is refused (invalid_grant, or the app's own code). */
  | 'invalid_grant'
  /** A refusal with the app's error code `error`. */
  | 'error'
  /** The call does its work, then the answer is lost (HTTP 503): an ambiguous failure. */
  | 'lost_answer'

export interface Failure {
  method: string
  mode: FailureMode
  times: number
  status?: number
  retryAfter?: number
  error?: string
}

export class Failures {
  private queue: Failure[] = []

  add(failure: Partial<Failure> & { mode: FailureMode }): void {
    this.queue.push({ method: '*', times: 1, ...failure })
  }

  /** The failure the next call of `method` must suffer, if any (spends one of its times). */
  take(method: string): Failure | undefined {
    const failure = this.queue.find((f) => f.method === method || f.method === '*')
    if (!failure) return undefined
    failure.times -= 1
    if (failure.times <= 0) this.queue.splice(this.queue.indexOf(failure), 1)
    return failure
  }

  clear(): void {
    this.queue = []
  }

  get pending(): readonly Failure[] {
    return this.queue
  }
}
