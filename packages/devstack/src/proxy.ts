// The gateway's and the function runner's hop: Node's own HTTP client on kept-alive connections, piping the
// request and the response through as they stream (no Web Request/Response, fetch or stream copies in
// between, which cost more CPU than the services behind them). Served by @hono/node-server, a handler hands
// over the raw request and answers with RESPONSE_ALREADY_SENT; anywhere else (app.request() in a test) it
// falls back to Hono's fetch-based proxy.
import { Agent, type IncomingMessage, request, type ServerResponse } from 'node:http'
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response'
import type { Context } from 'hono'
import { proxy } from 'hono/proxy'

const agent = new Agent({ keepAlive: true, maxSockets: 256, maxFreeSockets: 64 })

/** Connection-level headers, never forwarded (RFC 9110 section 7.6.1). */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'upgrade',
  'host',
])

/** The upstream could not be reached, or the time limit passed before it answered. */
export class ProxyError extends Error {
  constructor(
    readonly reason: 'unreachable' | 'timeout',
    override readonly cause: unknown,
  ) {
    super(`${reason}: ${String(cause)}`)
  }
}

/** Set by the gateway for a body without a length: the proxy counts it as it streams through. */
export interface BodyLimit {
  maxSize: number
  tooLarge: () => Response
}

declare module 'hono' {
  interface ContextVariableMap {
    bodyLimit: BodyLimit
  }
}

interface RawEnv {
  incoming?: IncomingMessage
  outgoing?: ServerResponse
}

export interface ProxyOptions {
  /** Request headers as they should arrive upstream (host and hop-by-hop headers are dropped). */
  headers: Headers
  /** Added to the upstream's response headers (e.g. CORS the gateway owes the browser). */
  responseHeaders?: Headers
  /** Cuts the exchange after this many ms: ProxyError 'timeout' before the answer, a cut stream after. */
  timeoutMs?: number
}

function outgoingHeaders(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {}
  headers.forEach((value, name) => {
    if (!HOP_BY_HOP.has(name)) out[name] = value
  })
  return out
}

/**
 * Forwards the request in `c` to `target` (an absolute http URL). Resolves once the upstream's response is
 * on its way to the caller; rejects with ProxyError, before anything was sent, when the upstream fails.
 */
export function forward(c: Context, target: string, options: ProxyOptions): Promise<Response> {
  const { incoming, outgoing } = (c.env ?? {}) as RawEnv
  if (!incoming || !outgoing) return fallback(c, target, options)
  const limit = c.get('bodyLimit')
  return new Promise((resolve, reject) => {
    let answered = false
    const upstream = request(target, {
      agent,
      method: incoming.method,
      headers: outgoingHeaders(options.headers),
    })
    const timer = options.timeoutMs
      ? setTimeout(() => upstream.destroy(new ProxyError('timeout', 'time limit reached')), options.timeoutMs)
      : undefined
    upstream.on('error', (error) => {
      clearTimeout(timer)
      incoming.unpipe(upstream)
      // After the answer, the response stream reports its own end: an upstream that answered early (413 to a
      // body too large) may close before reading the rest, which is no failure.
      if (answered) return
      answered = true
      reject(error instanceof ProxyError ? error : new ProxyError('unreachable', error))
    })
    upstream.on('response', (res) => {
      answered = true
      res.once('close', () => clearTimeout(timer))
      const headers: Record<string, string | string[]> = {}
      for (const [name, value] of Object.entries(res.headers)) {
        if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = value
      }
      options.responseHeaders?.forEach((value, name) => {
        headers[name] = value
      })
      outgoing.writeHead(res.statusCode ?? 502, res.statusMessage, headers)
      res.pipe(outgoing)
      // cut mid-answer (the time limit, a crash): the caller sees a cut connection, as with any proxy
      res.on('error', () => outgoing.destroy())
      res.on('aborted', () => outgoing.destroy())
      resolve(RESPONSE_ALREADY_SENT)
    })
    // The caller hung up before the answer: nobody wants it any more.
    outgoing.on('close', () => {
      if (!outgoing.writableFinished) upstream.destroy()
    })
    if (limit) {
      let received = 0
      const count = (chunk: Buffer) => {
        received += chunk.length
        if (received <= limit.maxSize || answered) return
        // Past the limit before the upstream answered: it never sees the rest, the caller gets 413.
        answered = true
        clearTimeout(timer)
        incoming.off('data', count)
        incoming.unpipe(upstream)
        upstream.destroy()
        resolve(limit.tooLarge())
      }
      incoming.on('data', count)
    }
    incoming.pipe(upstream)
  })
}

async function fallback(c: Context, target: string, options: ProxyOptions): Promise<Response> {
  const signal = options.timeoutMs ? AbortSignal.timeout(options.timeoutMs) : undefined
  try {
    const response = await proxy(target, {
      raw: c.req.raw,
      headers: outgoingHeaders(options.headers),
      ...(signal ? { signal: AbortSignal.any([c.req.raw.signal, signal]) } : {}),
    })
    options.responseHeaders?.forEach((value, name) => {
      response.headers.set(name, value)
    })
    return response
  } catch (error) {
    throw new ProxyError(signal?.aborted ? 'timeout' : 'unreachable', error)
  }
}
