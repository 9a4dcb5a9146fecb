// startFakeChatwoot: a contract-faithful fake Chatwoot 4.14 on node:http: requests are checked against the
// vendored OpenAPI files (contract/), answers and webhooks are shaped as the real server shapes them.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { FakeApi } from './api.ts'
import { validateRequest } from './contract.ts'
import { createControl, type FakeControl, type Injection, renderPage, snapshot } from './control.ts'
import { WebhookDispatcher } from './deliver.ts'
import { createState, type FakeState, type RecordedRequest, token, type UploadedFile } from './state.ts'

export { contractOperations, type Operation, type ValidationResult, validateRequest } from './contract.ts'
export type { FakeControl } from './control.ts'
export type * from './state.ts'

/** Recorded requests that matched no contract operation or broke it (empty when the client is faithful). */
export function contractViolations(state: FakeState): RecordedRequest[] {
  return state.requests.filter((r) => !r.operationId || r.contractErrors.length > 0)
}

export interface FakeChatwootOptions {
  /** Default: a free port. */
  port?: number
  host?: string
  /** Default: a random token. */
  platformToken?: string
  /** Outgoing webhook timeout (Chatwoot's WEBHOOK_TIMEOUT). Default 5000 ms. */
  webhookTimeoutMs?: number
  /** Log each API request to stderr. */
  log?: boolean
}

export interface FakeChatwoot {
  url: string
  port: number
  platformToken: string
  state: FakeState
  control: FakeControl
  stop(): Promise<void>
}

export async function startFakeChatwoot(options: FakeChatwootOptions = {}): Promise<FakeChatwoot> {
  const platformToken = options.platformToken ?? token(18)
  const host = options.host ?? '127.0.0.1'
  const state = createState()
  const hooks = new WebhookDispatcher(state, {
    badSignature: false,
    timeoutMs: options.webhookTimeoutMs ?? 5000,
  })
  const api = new FakeApi(state, hooks, platformToken)
  const injection: Injection = { failures: [], lostReplies: [], down: false, delayMs: 0 }

  const server = createServer((req, res) => {
    handle(req, res).catch((e) => {
      if (!res.headersSent) send(res, 500, { error: String(e instanceof Error ? e.message : e) })
      else res.destroy()
    })
  })
  server.keepAliveTimeout = 1000
  let port = options.port ?? 0
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(port, host, () => {
        server.off('error', reject)
        port = (server.address() as AddressInfo).port
        resolve()
      })
    })
  const close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve())
      server.closeAllConnections()
    })
  await listen()
  state.baseUrl = `http://${host}:${port}`

  const control = createControl(state, api, hooks, injection, { refuse: close, accept: listen })

  function serveBlob(res: ServerResponse, key: string) {
    const file = [...state.attachments.values()].find((a) => a.key === key)
    if (!file) return send(res, 404, { error: 'Not Found' })
    res.writeHead(200, { 'content-type': file.content_type, 'content-length': String(file.bytes.length) })
    res.end(file.bytes)
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://fake')
    const bytes = await readBody(req)
    const rawBody = bytes.toString('utf8')
    if (url.pathname === '/__fake' || url.pathname.startsWith('/__fake/'))
      return controlRoute(req, res, url, rawBody)
    if (req.method === 'GET' && url.pathname.startsWith('/rails/active_storage/blobs/redirect/'))
      return serveBlob(res, url.pathname.split('/')[5] ?? '')

    const query = Object.fromEntries(url.searchParams)
    let body: unknown
    let files: UploadedFile[] | undefined
    const contentType = String(req.headers['content-type'] ?? '')
    const multipart = contentType.startsWith('multipart/form-data')
    if (multipart) ({ body, files } = await parseMultipart(contentType, bytes))
    else if (rawBody !== '') {
      try {
        body = JSON.parse(rawBody)
      } catch {
        body = rawBody
      }
    }
    const record: RecordedRequest = {
      at: Date.now(),
      method: req.method ?? 'GET',
      path: url.pathname,
      query,
      headers: req.headers,
      rawBody,
      body,
      contractErrors: [],
    }
    state.requests.push(record)
    const validation = validateRequest({
      method: record.method,
      path: record.path,
      query,
      headers: req.headers,
      body,
    })
    record.operationId = validation.operation?.operationId
    record.contractErrors = [...validation.errors]
    // Multipart is what Chatwoot takes for a message with files, and only there.
    if (multipart && record.operationId !== 'create-a-new-message-in-a-conversation')
      record.contractErrors.push('multipart/form-data is accepted only when creating a message')
    else if (body !== undefined && !multipart && !contentType.includes('application/json'))
      record.contractErrors.push(`content-type must be application/json (got "${contentType}")`)
    if (options.log) console.error(`[fake-chatwoot] ${record.method} ${url.pathname}${url.search}`)

    if (injection.delayMs > 0) await new Promise((r) => setTimeout(r, injection.delayMs))
    if (injection.down === '503') return reply(record, res, 503, { error: 'Service Unavailable' }, 'down')
    const failure = injection.failures[0]
    if (failure) {
      if (--failure.remaining <= 0) injection.failures.shift()
      const headers =
        failure.retryAfter !== undefined ? { 'retry-after': String(failure.retryAfter) } : undefined
      return reply(
        record,
        res,
        failure.status,
        failure.body ?? { error: 'injected failure' },
        'failNext',
        headers,
      )
    }
    if (!validation.operation) return reply(record, res, 404, { error: 'Not Found' })
    if (validation.errors.length > 0 && req.headers.api_access_token)
      return reply(record, res, 400, {
        error: 'Request does not match the Chatwoot contract',
        errors: validation.errors,
      })

    const params: Record<string, string> = {}
    const match = validation.operation.path.split('/')
    const actual = url.pathname.split('/')
    match.forEach((seg, i) => {
      if (seg.startsWith('{')) params[seg.slice(1, -1)] = decodeURIComponent(actual[i] ?? '')
    })
    const result = api.handle(validation.operation.operationId, {
      method: record.method,
      params,
      query,
      headers: req.headers,
      body: body && typeof body === 'object' ? (body as Record<string, unknown>) : {},
      files,
    })
    const lost = injection.lostReplies.find(
      (l) => !l.operationId || l.operationId === validation.operation?.operationId,
    )
    if (lost) {
      if (--lost.remaining <= 0) injection.lostReplies.splice(injection.lostReplies.indexOf(lost), 1)
      record.status = result.status
      record.injected = 'loseReplies'
      return // the socket stays open until the client gives up (or the fake stops)
    }
    return reply(record, res, result.status, result.body)
  }

  function reply(
    record: RecordedRequest,
    res: ServerResponse,
    status: number,
    body: unknown,
    injected?: string,
    headers?: Record<string, string>,
  ) {
    record.status = status
    record.injected = injected
    send(res, status, body, headers)
  }

  async function controlRoute(req: IncomingMessage, res: ServerResponse, url: URL, rawBody: string) {
    const method = req.method ?? 'GET'
    const isForm = String(req.headers['content-type'] ?? '').includes('application/x-www-form-urlencoded')
    const input: Record<string, unknown> = isForm
      ? Object.fromEntries(new URLSearchParams(rawBody))
      : rawBody
        ? JSON.parse(rawBody)
        : {}
    const path = url.pathname.replace(/\/+$/, '') || '/__fake'
    if (method === 'GET' && path === '/__fake') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      return void res.end(renderPage(state))
    }
    if (method === 'GET' && path === '/__fake/state') return send(res, 200, snapshot(state))
    if (method === 'GET' && path === '/__fake/deliveries') return send(res, 200, state.deliveries)
    const conv =
      /^\/__fake\/accounts\/(\d+)\/conversations\/(\d+)\/(reply|resolve|typing|visitor|status)$/.exec(path)
    if (method === 'POST' && conv) {
      const [, a, c, action] = conv
      const accountId = Number(a)
      const conversationId = Number(c)
      try {
        let result: unknown = { ok: true }
        if (action === 'reply')
          result = control.agentReply(accountId, conversationId, String(input.content ?? ''), {
            private: input.private === true || input.private === 'true',
            // [{ name, type, base64 }]
            files: Array.isArray(input.attachments)
              ? (input.attachments as { name: string; type: string; base64: string }[]).map((f) => ({
                  name: String(f.name),
                  type: String(f.type),
                  bytes: Buffer.from(String(f.base64), 'base64'),
                }))
              : undefined,
          })
        else if (action === 'resolve') control.resolve(accountId, conversationId)
        else if (action === 'status')
          control.setStatus(accountId, conversationId, String(input.status) as 'open')
        else if (action === 'typing')
          control.agentTyping(
            accountId,
            conversationId,
            input.on === undefined || input.on === true || input.on === 'true',
          )
        else result = control.visitorMessage(accountId, conversationId, String(input.content ?? ''))
        if (isForm) {
          res.writeHead(303, { location: '/__fake/' })
          return void res.end()
        }
        return send(res, 200, result)
      } catch (e) {
        return send(res, 404, { error: e instanceof Error ? e.message : String(e) })
      }
    }
    if (method === 'POST' && path === '/__fake/fail') {
      control.failNext(Number(input.n ?? 1), Number(input.status ?? 503), {
        retryAfter: input.retryAfter as string | number | undefined,
      })
      return send(res, 200, { ok: true })
    }
    // Over HTTP "down" answers 503 (refusing connections would cut off /__fake/up too).
    if (method === 'POST' && path === '/__fake/down') {
      await control.down('503')
      return send(res, 200, { ok: true })
    }
    if (method === 'POST' && path === '/__fake/up') {
      await control.up()
      return send(res, 200, { ok: true })
    }
    if (method === 'POST' && path === '/__fake/lose') {
      control.loseReplies(Number(input.n ?? 1), {
        operationId: typeof input.operationId === 'string' ? input.operationId : undefined,
      })
      return send(res, 200, { ok: true })
    }
    if (method === 'POST' && path === '/__fake/delay') {
      control.delay(Number(input.ms ?? 0))
      return send(res, 200, { ok: true })
    }
    send(res, 404, { error: 'Unknown /__fake route' })
  }

  return {
    get url() {
      return `http://${host}:${port}`
    },
    get port() {
      return port
    },
    platformToken,
    state,
    control,
    async stop() {
      if (server.listening) await close()
      await hooks.idle()
    },
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  if (body === undefined) {
    res.writeHead(status, headers)
    return void res.end()
  }
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers })
  res.end(JSON.stringify(body))
}

/**
 * A multipart message as Rails reads it: text fields as strings (`private` "true"/"false",
 * `content_attributes` as JSON) and every `attachments[]` part as a file.
 */
async function parseMultipart(
  contentType: string,
  bytes: Buffer,
): Promise<{ body: Record<string, unknown>; files: UploadedFile[] }> {
  const form = await new Request('http://fake/', {
    method: 'POST',
    headers: { 'content-type': contentType },
    body: new Uint8Array(bytes),
  }).formData()
  const body: Record<string, unknown> = {}
  const files: UploadedFile[] = []
  for (const [name, value] of form.entries()) {
    if (name === 'attachments[]' && typeof value !== 'string')
      files.push({ name: value.name, type: value.type, bytes: Buffer.from(await value.arrayBuffer()) })
    else if (name === 'private') body.private = value === 'true'
    else if (name === 'content_attributes' && typeof value === 'string') body[name] = JSON.parse(value)
    else if (typeof value === 'string') body[name] = value
  }
  return { body, files }
}
