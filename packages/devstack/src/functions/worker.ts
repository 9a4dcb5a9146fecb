import { type ChildProcess, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { createInterface } from 'node:readline'

/** How to start one function's Deno process; computed afresh for every boot so edits apply. */
export interface WorkerLaunch {
  command: string
  args: string[]
  cwd: string
  env: Record<string, string>
}

export type WorkerLog = (line: string, stream: 'stdout' | 'stderr') => void

/** The function could not start: its module threw, did not serve, or Deno gave up. */
export class BootError extends Error {
  override name = 'BootError'
}

class Superseded extends Error {}

type State =
  | { kind: 'idle' }
  | { kind: 'booting'; child: ChildProcess; ready: Promise<number> }
  | { kind: 'ready'; child: ChildProcess; port: number }

/**
 * One warm Deno process for one function, like an edge-runtime user worker: started on first use,
 * restarted on the next request after it dies, replaced when its files change.
 */
export class FunctionWorker {
  private state: State = { kind: 'idle' }
  private stopped = false
  private spawnedAt = 0
  private readonly superseded = new WeakSet<ChildProcess>()

  constructor(
    private readonly launch: () => WorkerLaunch,
    private readonly log: WorkerLog,
    private readonly bootTimeoutMs: number,
  ) {}

  get running(): boolean {
    return this.state.kind !== 'idle'
  }

  /** idle (not started, or exited), booting or ready. */
  get status(): State['kind'] {
    return this.state.kind
  }

  /** Why the last boot failed; cleared by the next successful boot. */
  lastBootError: string | undefined

  /** The port the function listens on, booting it if needed. Throws BootError. */
  async port(): Promise<number> {
    for (;;) {
      if (this.stopped) throw new BootError('The functions runner is stopped')
      if (this.state.kind === 'ready') return this.state.port
      const booting = this.state.kind === 'booting' ? this.state : undefined
      try {
        return await (booting ? booting.ready : this.boot())
      } catch (error) {
        // Replaced by a restart (files changed) while booting: wait for the new process instead.
        if (!(error instanceof Superseded)) throw error
      }
    }
  }

  /** True while `port` is still served by the same live process (used to tell a crash from an error). */
  isAlive(port: number): boolean {
    return this.state.kind === 'ready' && this.state.port === port
  }

  /**
   * Kills the process unless it started after `changedAt` (it already runs the new code); in-flight
   * requests fail, the next `port()` boots a fresh one.
   */
  async restart(changedAt = Date.now()): Promise<void> {
    const { state } = this
    if (state.kind === 'idle' || this.spawnedAt > changedAt) return
    this.state = { kind: 'idle' }
    if (state.kind === 'booting') this.superseded.add(state.child)
    await kill(state.child)
  }

  async stop(): Promise<void> {
    this.stopped = true
    await this.restart()
  }

  private boot(): Promise<number> {
    const { command, args, cwd, env } = this.launch()
    const nonce = randomBytes(12).toString('hex')
    this.spawnedAt = Date.now()
    const child = spawn(command, [...args, nonce], { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] })
    const stderrTail: string[] = []
    let settle: { resolve(port: number): void; reject(error: Error): void } | undefined

    const ready = new Promise<number>((resolve, reject) => {
      settle = { resolve, reject }
    })
    const timer = setTimeout(() => {
      settle?.reject(new BootError(`the worker did not start within ${this.bootTimeoutMs} ms`))
      void kill(child)
    }, this.bootTimeoutMs)
    const done = () => {
      clearTimeout(timer)
      settle = undefined
    }

    createInterface({ input: child.stdout }).on('line', (line) => {
      if (!line.startsWith(`${nonce} `)) return line === '' ? undefined : this.log(line, 'stdout')
      const [, kind, rest] = splitOnce(line)
      if (kind === 'ready') {
        const port = Number(rest)
        if (this.state.kind === 'booting' && this.state.child === child)
          this.state = { kind: 'ready', child, port }
        this.lastBootError = undefined
        settle?.resolve(port)
        done()
      } else if (kind === 'boot-error') {
        settle?.reject(new BootError(JSON.parse(rest) as string))
        done()
      }
    })
    createInterface({ input: child.stderr }).on('line', (line) => {
      this.log(line, 'stderr')
      if (!line.startsWith('Download ')) stderrTail.push(line)
      if (stderrTail.length > 20) stderrTail.shift()
    })
    child.stdin.on('error', () => {}) // EPIPE when the worker exits first
    child.once('error', (error) => {
      settle?.reject(new BootError(`could not start deno: ${error.message}`))
      done()
    })
    child.once('exit', (code, signal) => {
      const why = signal ? `signal ${signal}` : `code ${code}`
      if (this.superseded.has(child)) settle?.reject(new Superseded())
      settle?.reject(
        new BootError(`the worker exited (${why}) while booting: ${stderrTail.join('\n').trim()}`),
      )
      done()
      if (this.state.kind !== 'idle' && this.state.child === child) {
        this.state = { kind: 'idle' }
        this.log(`worker exited (${why}); it restarts on the next request`, 'stderr')
      }
    })

    this.state = { kind: 'booting', child, ready }
    // A failed boot leaves nothing running: the next request tries again (after the developer's fix).
    ready.catch((error) => {
      if (!(error instanceof Superseded)) this.lastBootError = (error as Error).message
      if (this.state.kind === 'booting' && this.state.child === child) this.state = { kind: 'idle' }
      void kill(child)
    })
    return ready
  }
}

/** `"<nonce> <kind> <rest...>"` -> [nonce, kind, rest] keeping spaces inside rest. */
function splitOnce(line: string): [string, string, string] {
  const first = line.indexOf(' ')
  const second = line.indexOf(' ', first + 1)
  if (second < 0) return [line.slice(0, first), line.slice(first + 1), '']
  return [line.slice(0, first), line.slice(first + 1, second), line.slice(second + 1)]
}

async function kill(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 2000)
  await exited
  clearTimeout(timer)
}
