import { mkdirSync } from 'node:fs'
import { PGlite } from '@electric-sql/pglite'
import { pgcrypto } from '@electric-sql/pglite/contrib/pgcrypto'
import { uuid_ossp } from '@electric-sql/pglite/contrib/uuid_ossp'
import { type NotificationListener, PgliteWireServer } from './wire-server.ts'

export interface Engine {
  /** Superuser URL clients connect to. */
  url: string
  kind: 'pglite' | 'postgres'
  /** Embedded engine only: NOTIFYs seen on the shared session (its clients' LISTENs never get them). */
  onNotification?: (listener: NotificationListener) => () => void
  stop(): Promise<void>
}

/** Starts the embedded engine: PGlite (persisted in `dataDir`, or in memory for `memory://`) on a TCP port. */
export async function startPglite(dataDir: string, port: number, host = '127.0.0.1'): Promise<Engine> {
  if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true })
  const db = await PGlite.create({ dataDir, extensions: { pgcrypto, uuid_ossp } })
  const server = new PgliteWireServer(db)
  const boundPort = await server.listen(port, host)
  return {
    url: `postgresql://postgres:postgres@${host}:${boundPort}/postgres`,
    kind: 'pglite',
    onNotification: (listener) => server.onNotification(listener),
    async stop() {
      await server.close()
      await db.close()
    },
  }
}
