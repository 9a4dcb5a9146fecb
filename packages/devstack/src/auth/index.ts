import { Hono } from 'hono'
import type { StackContext } from '../context.ts'
import { accountRoutes } from './account.ts'
import { adminRoutes } from './admin.ts'
import { API_VERSION, handleError, notFound } from './errors.ts'
import { metaRoutes } from './meta.ts'

/**
 * A GoTrue-compatible subset, to be mounted at `/auth/v1` (the gateway does CORS and the apikey). Users,
 * identities, sessions and refresh tokens live in the real `auth` schema of the stack's database.
 */
export function authRoutes(ctx: StackContext): Hono {
  const app = new Hono()
  app.onError(handleError)
  app.use(async (c, next) => {
    await next()
    c.res.headers.set('X-Supabase-Api-Version', API_VERSION)
  })
  app.route('/', metaRoutes(ctx))
  app.route('/', accountRoutes(ctx))
  app.route('/', adminRoutes(ctx))
  app.all('*', () => {
    throw notFound('not_found', 'Not Found')
  })
  return app
}
