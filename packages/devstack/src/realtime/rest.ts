import { Hono } from 'hono'
import { z } from 'zod'
import type { DevstackConfig } from '../config.ts'
import { type Claims, verifyToken } from './auth.ts'
import { type RealtimeServer, xHeaders } from './server.ts'

const batchSchema = z.object({
  messages: z
    .array(
      z.object({
        topic: z.string().min(1),
        event: z.string().min(1),
        payload: z.unknown().optional(),
        private: z.boolean().optional(),
      }),
    )
    .min(1),
})

/**
 * Realtime's broadcast API (202 with an empty body), mounted at /realtime/v1: the batch endpoint edge
 * functions and realtime-js's pre-join fallback use, and the single-message route behind `httpSend()`.
 * Private topics go out only when RLS on realtime.messages lets the caller write to them (202 either way, as
 * Realtime answers).
 */
export function realtimeRoutes(config: DevstackConfig, server: RealtimeServer): Hono {
  // the claims variable is internal; the gateway mounts a plain Hono app
  return routes(config, server) as unknown as Hono
}

function routes(config: DevstackConfig, server: RealtimeServer) {
  const app = new Hono<{ Variables: { claims: Claims } }>()

  app.use('/api/*', async (c, next) => {
    const bearer = /^bearer\s+(.+)$/i.exec(c.req.header('authorization') ?? '')?.[1]
    const token =
      bearer && !bearer.startsWith('sb_') ? bearer : (c.req.header('apikey') ?? c.req.query('apikey'))
    if (!token) return c.json({ message: 'No apikey provided' }, 401)
    try {
      c.set('claims', await verifyToken(config, token))
    } catch (error) {
      return c.json({ message: (error as Error).message }, 401)
    }
    await next()
  })

  app.post('/api/broadcast', async (c) => {
    const parsed = batchSchema.safeParse(await c.req.json().catch(() => undefined))
    if (!parsed.success) return c.json({ message: 'Invalid broadcast', errors: parsed.error.issues }, 422)
    const headers = xHeaders(c.req.raw.headers)
    for (const m of parsed.data.messages) {
      if (m.private && !(await server.writePolicies(m.topic, c.get('claims'), headers)).broadcast) continue
      server.broadcast(m.topic, m.event, m.payload ?? {}, { isPrivate: m.private ?? false })
    }
    return c.body(null, 202)
  })

  app.post('/api/broadcast/:topic/events/:event', async (c) => {
    const isPrivate = c.req.query('private') === 'true'
    const topic = c.req.param('topic')
    const headers = xHeaders(c.req.raw.headers)
    if (isPrivate && !(await server.writePolicies(topic, c.get('claims'), headers)).broadcast) {
      return c.body(null, 202)
    }
    const binary = (c.req.header('content-type') ?? '').startsWith('application/octet-stream')
    let payload: unknown
    if (binary) payload = new Uint8Array(await c.req.arrayBuffer())
    else {
      const text = await c.req.text()
      try {
        payload = text ? JSON.parse(text) : {}
      } catch {
        return c.json({ message: 'Body must be JSON or application/octet-stream' }, 422)
      }
    }
    server.broadcast(topic, c.req.param('event'), payload, { binary, isPrivate })
    return c.body(null, 202)
  })

  return app
}
