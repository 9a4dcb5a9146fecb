// What an app's client throws, so that every app's jobs end the same way: the destination (below) reads
// these into retry, wait or dead with the app's own words.

/** The app answered with a refusal or trouble. `detail` is the app's own error, shown to the owner. */
export class AppHttpError extends Error {
  override name = 'AppHttpError'
  constructor(
    readonly app: string,
    readonly status: number,
    /** The app's own error code or message, e.g. Slack's `channel_not_found`. */
    readonly detail: string,
    /** Seconds from Retry-After on a 429. */
    readonly retryAfterSeconds?: number,
  ) {
    super(`${app} answered ${status}: ${detail}`)
  }
}

/** No answer in time: the call may or may not have happened. */
export class AppTimeoutError extends Error {
  override name = 'AppTimeoutError'
  constructor(readonly app: string) {
    super(`${app} did not answer in time`)
  }
}

export class AppNetworkError extends Error {
  override name = 'AppNetworkError'
  constructor(
    readonly app: string,
    override readonly cause: unknown,
  ) {
    super(`${app} could not be reached: ${cause instanceof Error ? cause.message : String(cause)}`)
  }
}

/** The access token is expired or refused: refresh it (once) and call again. */
export class AppTokenExpiredError extends Error {
  override name = 'AppTokenExpiredError'
  constructor(readonly app: string) {
    super(`${app} refused the access token as expired`)
  }
}

/** The store must connect the app again (refresh token dead, app uninstalled, key revoked). */
export class AppReconnectError extends Error {
  override name = 'AppReconnectError'
  constructor(
    readonly app: string,
    readonly detail: string,
  ) {
    super(`${app} needs to be connected again: ${detail}`)
  }
}

/** The store has not connected the app. */
export class AppNotConnectedError extends Error {
  override name = 'AppNotConnectedError'
  constructor(readonly app: string) {
    super(`${app} is not connected to this store`)
  }
}

/** Reads Retry-After (seconds or an HTTP date) into whole seconds. */
export function retryAfterSeconds(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined
  const seconds = Number(header)
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds))
  const date = Date.parse(header)
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000))
}
