// Runs INSIDE Deno (never imported by Node): `deno run bootstrap.ts <entrypoint file URL> <nonce>`.
// It plays the part of Supabase's edge runtime for one function: imports the function with `Deno.serve`
// intercepted (so both `Deno.serve(handler)` and `export default { fetch }` work), shims
// `EdgeRuntime.waitUntil`, then serves the captured handler on a free loopback port and tells the runner
// which one on stdout. Types are declared locally so that Node's tsc can check this file too.

type Handler = (req: Request, info: unknown) => Response | Promise<Response>
interface ServeOptions {
  handler?: Handler
  port?: number
  hostname?: string
  onListen?: (addr: { hostname: string; port: number; transport: 'tcp' }) => void
  onError?: (error: unknown) => Response | Promise<Response>
  signal?: AbortSignal
}
interface HttpServer {
  finished: Promise<void>
  addr: { hostname: string; port: number; transport: 'tcp' }
  shutdown(): Promise<void>
  ref(): void
  unref(): void
}
interface DenoApi {
  args: string[]
  serve(options: ServeOptions, handler?: Handler): HttpServer
  stdout: { writeSync(data: Uint8Array): number }
  stdin: { read(buffer: Uint8Array): Promise<number | null> }
  exit(code: number): never
}

const deno = (globalThis as unknown as { Deno: DenoApi }).Deno
const [entrypoint, nonce] = deno.args
const realServe = deno.serve.bind(deno)

function tell(line: string): void {
  const bytes = new TextEncoder().encode(`\n${nonce} ${line}\n`)
  let written = 0
  while (written < bytes.length) written += deno.stdout.writeSync(bytes.subarray(written))
}

// The runner keeps our stdin open for as long as it lives: EOF means it is gone, so don't linger.
void (async () => {
  const buffer = new Uint8Array(256)
  while ((await deno.stdin.read(buffer)) !== null) {
    // nothing is ever sent; we only wait for EOF
  }
  deno.exit(0)
})()

// Background tasks, as on Supabase: the worker stays up, so we only keep failures visible.
const pending = new Set<Promise<unknown>>()
;(globalThis as unknown as { EdgeRuntime: unknown }).EdgeRuntime = {
  waitUntil<T>(promise: Promise<T>): Promise<T> {
    pending.add(promise)
    promise.then(
      () => pending.delete(promise),
      (error: unknown) => {
        pending.delete(promise)
        console.error('EdgeRuntime.waitUntil task failed:', error)
      },
    )
    return promise
  },
}

let captured: ServeOptions | undefined
const addr = { hostname: '127.0.0.1', port: 0, transport: 'tcp' as const }
;(deno as { serve: unknown }).serve = (first: ServeOptions | Handler, second?: Handler): HttpServer => {
  const options: ServeOptions = typeof first === 'function' ? { handler: first } : { ...first }
  if (second) options.handler = second
  if (captured) console.warn('Deno.serve was called more than once; the first handler keeps serving')
  else captured = options
  let finish = () => {}
  const finished = new Promise<void>((resolve) => {
    finish = resolve
  })
  return {
    finished,
    addr,
    shutdown: async () => finish(),
    ref: () => {},
    unref: () => {},
  }
}

function workerError(error: unknown): Response {
  console.error(error)
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
  return Response.json(
    { code: 'WORKER_ERROR', message: `Function exited due to an error (please check logs): ${detail}` },
    { status: 500 },
  )
}

try {
  const mod = (await import(entrypoint ?? '')) as { default?: { fetch?: Handler } }
  const fallback = mod.default?.fetch
  const handler: Handler | undefined =
    captured?.handler ?? (fallback ? (req, info) => fallback.call(mod.default, req, info) : undefined)
  if (!handler) {
    throw new Error('The function neither called Deno.serve(handler) nor has `export default { fetch }`')
  }
  const onError = captured?.onError ?? workerError
  realServe({
    hostname: '127.0.0.1',
    port: 0,
    onError,
    onListen: ({ port }) => {
      addr.port = port
      tell(`ready ${port}`)
      captured?.onListen?.(addr)
    },
    handler: async (req, info) => {
      try {
        return await handler(req, info)
      } catch (error) {
        return onError(error)
      }
    },
  })
} catch (error) {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
  console.error(error)
  tell(`boot-error ${JSON.stringify(message)}`)
  deno.exit(1)
}

export {}
