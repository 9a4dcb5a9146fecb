export { AccountClient, type AccountClientOptions } from './account.ts'
export {
  type BreakerOptions,
  type BreakerState,
  type BreakerStatus,
  type BreakerStore,
  CircuitBreaker,
  defaultBreakerStore,
  MemoryBreakerStore,
} from './breaker.ts'
export {
  ChatwootAuthError,
  ChatwootError,
  ChatwootHttpError,
  ChatwootNetworkError,
  ChatwootTimeoutError,
  CircuitOpenError,
} from './errors.ts'
export type * from './events.ts'
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
