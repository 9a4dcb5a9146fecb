// The breaker is Parley's one circuit breaker (../breaker.ts); exported here for the client's users.
export {
  type BreakerOptions,
  type BreakerState,
  type BreakerStatus,
  type BreakerStore,
  CircuitBreaker,
  CircuitOpenError,
  MemoryBreakerStore,
} from '../breaker.ts'
export { AccountClient, type AccountClientOptions } from './account.ts'
export {
  ChatwootAuthError,
  ChatwootError,
  ChatwootHttpError,
  ChatwootNetworkError,
  ChatwootTimeoutError,
} from './errors.ts'
export type * from './events.ts'
export { type InstallationStatus, installationStatus } from './installation.ts'
export { PlatformClient, type PlatformClientOptions } from './platform.ts'
export { abortableSleep, backoffDelay, parseRetryAfter, type RetryOptions } from './retry.ts'
export {
  installationKey,
  type Query,
  type RequestOptions,
  type RequestSpec,
  Transport,
  type TransportOptions,
} from './transport.ts'
export * from './types.ts'
export {
  identifierHash,
  type RawBody,
  signWebhook,
  toHex,
  verifyWebhook,
  WEBHOOK_HEADERS,
  type WebhookVerification,
} from './webhook.ts'
