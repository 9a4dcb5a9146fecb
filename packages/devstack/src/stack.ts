import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type ServerType, serve } from '@hono/node-server'
import { authRoutes } from './auth/index.ts'
import { type ConfigOverrides, type DevstackConfig, loadConfig } from './config.ts'
import type { StackContext } from './context.ts'
import { type Database, startDatabase } from './db/index.ts'
import { functionsRoutes } from './functions/index.ts'
import { createGateway } from './gateway.ts'
import { checkDevstack } from './health.ts'
import { type Realtime, startRealtime } from './realtime/index.ts'
import { startPostgrest } from './rest.ts'
import { type Scheduler, startScheduler } from './scheduler.ts'
import { type StackEnv, stackEnv } from './stack-env.ts'
import { storageRoutes } from './storage/index.ts'

export interface Stack {
  config: DevstackConfig
  db: Database
  /** What `supabase status -o env` prints. */
  env: StackEnv
  /** PostgREST's own address, behind the gateway (benchmarks use it as the floor). */
  postgrestUrl: string
  realtime: Pick<Realtime, 'disconnectAll'>
  /** A function's own Deno worker, behind the gateway and the runner (benchmarks use it as the floor). */
  functionWorkerUrl(slug: string): Promise<string>
  stop(): Promise<void>
}

/** Starts everything in order: database (bootstrap, migrations, seed), PostgREST, then the gateway. */
export async function startStack(overrides: ConfigOverrides = {}): Promise<Stack> {
  const config = loadConfig(overrides)
  const db = await startDatabase({
    root: config.root,
    dataDir: config.dataDir,
    port: config.dbPort,
    databaseUrl: config.databaseUrl,
    seed: config.seed,
  })
  const stops: Array<() => Promise<void>> = [() => db.stop()]
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch(() => undefined)
  }
  try {
    const ctx: StackContext = { config, pool: db.pool, dbUrl: db.url }
    const postgrest = await startPostgrest(config, db)
    stops.push(() => postgrest.stop())
    const realtime = await startRealtime(config, db)
    stops.push(() => realtime.stop())
    const functions = functionsRoutes(ctx)
    stops.push(() => functions.stop())
    let storageDir = config.storage.dir
    if (!storageDir) {
      const dir = await mkdtemp(join(tmpdir(), 'devstack-storage-'))
      stops.push(() => rm(dir, { recursive: true, force: true }))
      storageDir = dir
    }
    let scheduler: Scheduler | undefined
    const app = createGateway({
      config,
      postgrestUrl: postgrest.url,
      auth: authRoutes(ctx),
      functions: functions.app,
      realtime: realtime.routes,
      storage: storageRoutes({ config, pool: db.pool, dir: storageDir }),
      health: () =>
        checkDevstack({ db, postgrestUrl: postgrest.url, realtime, functions, scheduler: () => scheduler }),
    })
    const server = await listen(app.fetch, config.host, config.apiPort)
    server.on('upgrade', (req, socket, head) => {
      if (!realtime.handleUpgrade(req, socket, head)) socket.destroy()
    })
    const closeServer = () =>
      new Promise<void>((resolve) => {
        realtime.disconnectAll() // upgraded sockets would otherwise keep close() waiting
        server.close(() => resolve())
        if ('closeAllConnections' in server) server.closeAllConnections()
      })
    stops.push(closeServer)
    if (config.scheduler) {
      // after the functions are served: they call the outbox and automations functions through the gateway
      for (const worker of ['outbox', 'automations']) {
        const started = await startScheduler({
          db,
          url: `${config.apiUrl}/functions/v1/${worker}`,
          channel: worker,
          serviceRoleKey: config.serviceRoleKey,
        })
        if (worker === 'outbox') scheduler = started // the one the health report watches
        stops.push(() => started.stop())
      }
    }
    return {
      config,
      db,
      env: stackEnv(config, db.url),
      postgrestUrl: postgrest.url,
      realtime,
      functionWorkerUrl: (slug) => functions.workerUrl(slug),
      stop,
    }
  } catch (error) {
    await stop()
    throw error
  }
}

function listen(fetch: (req: Request) => Response | Promise<Response>, hostname: string, port: number) {
  return new Promise<ServerType>((resolve, reject) => {
    // Global Response stays Node's own: @hono/node-server's RESPONSE_ALREADY_SENT (src/proxy.ts) is built with
    // whatever Response is global when first imported, and node-server writes its lightweight kind again.
    const server = serve({ fetch, hostname, port, overrideGlobalObjects: false }, () => resolve(server))
    server.once('error', reject)
  })
}
