// GET /api (ApiController#index), the one call Chatwoot answers without a token: its version and whether
// its own queue (Redis) and database (Postgres) answer. What a health check asks.
import { type RequestOptions, Transport, type TransportOptions } from './transport.ts'

export interface InstallationStatus {
  version: string
  /** The server's clock, "YYYY-MM-DD HH:MM:SS" in UTC. */
  timestamp: string
  queue_services: 'ok' | 'failing'
  data_services: 'ok' | 'failing'
}

export function installationStatus(
  options: TransportOptions,
  opts?: RequestOptions,
): Promise<InstallationStatus> {
  return new Transport(options).request<InstallationStatus>({ method: 'GET', path: '/api', ...opts })
}
