// The stack under test in its own process: the shoppers are a load generator with 200 clients and sockets,
// and must not share the event loop with the gateway and realtime server they measure (in production they
// are 200 browsers elsewhere). Forked by startBenchStack(); reports its URLs over IPC, stops on 'stop'.
import { fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import type { StackEnv } from '../src/stack-env.ts'
import { startTestStack, type TestStackOptions } from '../src/testing.ts'

export interface BenchStack {
  env: StackEnv
  postgrestUrl: string
  /** The chat function's own Deno worker (the floor of the runner's hop). */
  chatWorkerUrl: string
  /** A pool on the stack's database, from the bench's process. */
  pool: pg.Pool
  /** The stack's process (its children are the Deno workers and PostgREST). */
  pid: number
  /** The database's name on a PostgreSQL server (its backends' CPU counts); undefined when embedded. */
  serverDatabase: string | undefined
  stop(): Promise<void>
}

interface Ready {
  env: StackEnv
  postgrestUrl: string
  chatWorkerUrl: string
}

export async function startBenchStack(options: TestStackOptions): Promise<BenchStack> {
  const child = fork(fileURLToPath(import.meta.url), [JSON.stringify(options)], {
    execArgv: ['--import', 'tsx', ...(process.env.BENCH_STACK_NODE_ARGS ?? '').split(' ').filter(Boolean)],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  const ready = await new Promise<Ready>((resolve, reject) => {
    child.once('message', (m) => resolve(m as Ready))
    child.once('exit', (code) => reject(new Error(`the bench stack exited (${code}) while starting`)))
  })
  const pool = new pg.Pool({ connectionString: ready.env.DB_URL, max: 10 })
  const database = new URL(ready.env.DB_URL).pathname.slice(1)
  return {
    ...ready,
    pool,
    pid: child.pid ?? 0,
    serverDatabase: options.databaseUrl ? database : undefined,
    async stop() {
      await pool.end()
      const gone = new Promise((resolve) => child.once('exit', resolve))
      child.send('stop')
      await gone
    },
  }
}

// In the child: start, report, wait for 'stop' (or the parent's exit).
if (process.send && process.argv[1] === fileURLToPath(import.meta.url)) {
  const stack = await startTestStack(JSON.parse(process.argv[2] ?? '{}') as TestStackOptions)
  const chatWorkerUrl = await stack.functionWorkerUrl('chat')
  const stop = async () => {
    await stack.stop()
    process.exit(0)
  }
  process.on('message', (m) => m === 'stop' && void stop())
  process.on('disconnect', () => void stop())
  process.send({ env: stack.env, postgrestUrl: stack.postgrestUrl, chatWorkerUrl } satisfies Ready)
}
