import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import type { Hono } from 'hono'
import type { DevstackConfig } from '../config.ts'
import type { Database } from '../db/index.ts'
import { realtimeRoutes } from './rest.ts'
import { type RealtimeHealth, RealtimeServer } from './server.ts'

export type { RealtimeHealth } from './server.ts'

export interface Realtime {
  /** REST broadcast, for the gateway to mount at /realtime/v1. */
  routes: Hono
  /** The HTTP server's `upgrade` handler for /realtime/v1/websocket; false when the path is not ours. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean
  /** Drops every client socket (they reconnect and rejoin): for tests of reconnection. */
  disconnectAll(): void
  health(): Promise<RealtimeHealth>
  stop(): Promise<void>
}

/** Starts /realtime/v1: installs change capture on the published tables and begins listening for changes. */
export async function startRealtime(config: DevstackConfig, db: Database): Promise<Realtime> {
  const server = new RealtimeServer(config, db)
  await server.start()
  return {
    routes: realtimeRoutes(config, server),
    handleUpgrade: (req, socket, head) => server.handleUpgrade(req, socket, head),
    disconnectAll: () => server.disconnectAll(),
    health: () => server.health(),
    stop: () => server.stop(),
  }
}
