import type { AddressInfo } from 'node:net'
import { type ServerType, serve } from '@hono/node-server'
import {
  createClient,
  isAuthApiError,
  isAuthSessionMissingError,
  isAuthWeakPasswordError,
  type SupabaseClient,
} from '@supabase/supabase-js'
import { Hono } from 'hono'
import { decodeJwt } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { authRoutes } from '../src/auth/index.ts'
import { type AuthConfig, type DevstackConfig, loadConfig } from '../src/config.ts'
import type { StackContext } from '../src/context.ts'
import type { Database } from '../src/db/index.ts'
import { openTestDatabase } from '../src/db/testing.ts'
import { signJwt } from '../src/jwt.ts'
import { testDatabaseUrl } from '../src/testing.ts'

const engines = [
  { name: 'PGlite', databaseUrl: undefined },
  ...(testDatabaseUrl ? [{ name: 'PostgreSQL', databaseUrl: testDatabaseUrl }] : []),
]

let counter = 0
const uniqueEmail = (tag: string) => `${tag}-${Date.now().toString(36)}-${++counter}@example.com`
const PASSWORD = 'correct-horse-battery'

describe.each(engines)('GoTrue subset on $name', ({ databaseUrl }) => {
  let db: Database
  let server: ServerType
  let baseUrl: string
  let config: DevstackConfig
  const apps = new Map<string, Hono>()

  /** One HTTP server; each variant of [auth] settings is mounted under its own prefix. */
  const variant = (prefix: string, auth: Partial<AuthConfig>) => {
    const variantConfig = loadConfig({ apiPort: config.apiPort, auth: { ...config.auth, ...auth } })
    const ctx: StackContext = { config: variantConfig, pool: db.pool, dbUrl: db.url }
    const app = new Hono()
    app.route(`${prefix}/auth/v1`, authRoutes(ctx))
    apps.set(prefix, app)
    return `${baseUrl}${prefix}`
  }

  const client = (key: string, url = baseUrl): SupabaseClient =>
    createClient(url, key, {
      realtime: { transport: WebSocket as never },
      auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    })
  let anon: SupabaseClient
  let admin: SupabaseClient

  /** Raw request, for what supabase-js would hide (status, headers, malformed bodies). */
  const raw = (path: string, init: RequestInit & { token?: string } = {}) =>
    fetch(`${baseUrl}/auth/v1${path}`, {
      ...init,
      headers: {
        apikey: config.anonKey,
        authorization: `Bearer ${init.token ?? config.anonKey}`,
        'content-type': 'application/json',
        'x-supabase-api-version': '2024-01-01',
        ...(init.headers as Record<string, string> | undefined),
      },
    })

  beforeAll(async () => {
    db = await openTestDatabase({ databaseUrl })
    server = await new Promise<ServerType>((resolve) => {
      const s = serve(
        {
          hostname: '127.0.0.1',
          port: 0,
          overrideGlobalObjects: false,
          fetch: (req) => {
            const prefix = new URL(req.url).pathname.split('/auth/v1')[0] ?? ''
            const app = apps.get(prefix)
            return app ? app.fetch(req) : new Response('no such variant', { status: 404 })
          },
        },
        () => resolve(s),
      )
    })
    const port = (server.address() as AddressInfo).port
    baseUrl = `http://127.0.0.1:${port}`
    // Request limits have their own tests (auth-limits.test.ts); here they stay out of the way.
    const rateLimit = { anonymousUsers: 1e6, signInSignUps: 1e6, tokenRefresh: 1e6 }
    config = loadConfig({
      apiPort: port,
      auth: { enableAnonymousSignIns: true, enableSignup: true, rateLimit },
    })
    variant('', {})
    anon = client(config.anonKey)
    admin = client(config.serviceRoleKey)

    // An app-style trigger on auth.users (like handle_new_user) that records every new user.
    await db.pool.query(`
      create table public.auth_test_new_users (id uuid primary key, email text, full_name text);
      create function public.auth_test_copy_user() returns trigger language plpgsql security definer
        set search_path = '' as $$
      begin
        insert into public.auth_test_new_users (id, email, full_name)
        values (new.id, new.email, new.raw_user_meta_data ->> 'full_name');
        return new;
      end $$;
      create trigger auth_test_on_user_created after insert on auth.users
        for each row execute function public.auth_test_copy_user();
    `)
  })

  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve))
    await db?.stop()
  })

  describe('sign-up', () => {
    it('signs up with email and password and returns a GoTrue session with GoTrue claims', async () => {
      const email = uniqueEmail('Mixed.Case')
      const { data, error } = await anon.auth.signUp({
        email,
        password: PASSWORD,
        options: { data: { full_name: 'Ada Lovelace' } },
      })
      expect(error).toBeNull()
      const { session, user } = data
      expect(session?.token_type).toBe('bearer')
      expect(session?.expires_in).toBe(config.auth.jwtExpiry)
      expect(session?.refresh_token).toMatch(/^[a-z0-9]{12}$/)
      expect(user?.email).toBe(email.toLowerCase())
      expect(user?.user_metadata).toMatchObject({
        full_name: 'Ada Lovelace',
        email_verified: true,
        sub: user?.id,
      })
      expect(user?.app_metadata).toEqual({ provider: 'email', providers: ['email'] })
      expect(user?.identities?.[0]).toMatchObject({ provider: 'email', user_id: user?.id, id: user?.id })
      expect(user?.email_confirmed_at).toBeTruthy()
      expect(user?.is_anonymous).toBe(false)

      const claims = decodeJwt(session?.access_token as string)
      expect(Object.keys(claims)).toEqual([
        'iss',
        'sub',
        'aud',
        'exp',
        'iat',
        'email',
        'phone',
        'app_metadata',
        'user_metadata',
        'role',
        'aal',
        'amr',
        'session_id',
        'is_anonymous',
      ])
      expect(claims).toMatchObject({
        iss: `${baseUrl}/auth/v1`,
        sub: user?.id,
        aud: 'authenticated',
        role: 'authenticated',
        aal: 'aal1',
        email: email.toLowerCase(),
        is_anonymous: false,
        amr: [{ method: 'password' }],
      })
      expect(claims.exp).toBe((claims.iat as number) + config.auth.jwtExpiry)
      const stored = await db.pool.query('select id from auth.sessions where id = $1 and user_id = $2', [
        claims.session_id,
        user?.id,
      ])
      expect(stored.rowCount).toBe(1)
    })

    it('fires triggers on auth.users, because users are real rows there', async () => {
      const email = uniqueEmail('trigger')
      const { data } = await anon.auth.signUp({
        email,
        password: PASSWORD,
        options: { data: { full_name: 'Grace' } },
      })
      const { rows } = await db.pool.query(
        'select email, full_name from public.auth_test_new_users where id = $1',
        [data.user?.id],
      )
      expect(rows).toEqual([{ email, full_name: 'Grace' }])
    })

    it('refuses a second sign-up with the same address (any case) as user_already_exists', async () => {
      const email = uniqueEmail('dup')
      await anon.auth.signUp({ email, password: PASSWORD })
      const { data, error } = await anon.auth.signUp({ email: email.toUpperCase(), password: PASSWORD })
      expect(data.user).toBeNull()
      expect(isAuthApiError(error)).toBe(true)
      expect(error).toMatchObject({
        status: 422,
        code: 'user_already_exists',
        message: 'User already registered',
      })
    })

    it('refuses a weak password with AuthWeakPasswordError', async () => {
      const { error } = await anon.auth.signUp({ email: uniqueEmail('weak'), password: '123' })
      expect(isAuthWeakPasswordError(error)).toBe(true)
      expect(error).toMatchObject({ status: 422, code: 'weak_password', reasons: ['length'] })
    })

    it('answers malformed bodies with 400 and a GoTrue error body, never a 500', async () => {
      const broken = await raw('/signup', { method: 'POST', body: '{"email": ' })
      expect(broken.status).toBe(400)
      expect(broken.headers.get('x-supabase-api-version')).toBe('2024-01-01')
      expect(broken.headers.get('x-sb-error-code')).toBe('bad_json')
      expect(await broken.json()).toMatchObject({ code: 'bad_json', error_code: 'bad_json' })

      const wrongType = await raw('/signup', {
        method: 'POST',
        body: JSON.stringify({ email: 42, password: [] }),
      })
      expect(wrongType.status).toBe(400)
      const body = (await wrongType.json()) as { code: string; msg: string; message: string }
      expect(body.code).toBe('validation_failed')
      expect(body.msg).toMatch(/email/)
      expect(body.message).toBe(body.msg)

      const badEmail = await raw('/signup', {
        method: 'POST',
        body: JSON.stringify({ email: 'nope', password: PASSWORD }),
      })
      expect(badEmail.status).toBe(400)
      expect(await badEmail.json()).toMatchObject({ msg: 'Unable to validate email address: invalid format' })

      // Without the version header GoTrue's legacy shape has the numeric status in `code`.
      const legacy = await raw('/token?grant_type=password', {
        method: 'POST',
        body: JSON.stringify({ email: 'nobody@example.com', password: 'x' }),
        headers: { 'x-supabase-api-version': '' },
      })
      expect(await legacy.json()).toMatchObject({ code: 400, error_code: 'invalid_credentials' })

      const badGrant = await raw('/token?grant_type=magic', { method: 'POST', body: '{}' })
      expect(badGrant.status).toBe(400)
    })

    it('honours enable_signup and enable_confirmations', async () => {
      const closed = client(config.anonKey, variant('/closed', { enableSignup: false }))
      const refused = await closed.auth.signUp({ email: uniqueEmail('closed'), password: PASSWORD })
      expect(refused.error).toMatchObject({ status: 422, code: 'signup_disabled' })

      const confirming = client(config.anonKey, variant('/confirming', { enableConfirmations: true }))
      const email = uniqueEmail('confirm')
      const pending = await confirming.auth.signUp({ email, password: PASSWORD })
      expect(pending.error).toBeNull()
      expect(pending.data.session).toBeNull()
      expect(pending.data.user?.email_confirmed_at).toBeUndefined()
      expect(pending.data.user?.confirmation_sent_at).toBeTruthy()
      const signIn = await confirming.auth.signInWithPassword({ email, password: PASSWORD })
      expect(signIn.error).toMatchObject({ status: 400, code: 'email_not_confirmed' })
      // GoTrue does not reveal that the address exists when confirmations are on.
      const again = await confirming.auth.signUp({ email, password: PASSWORD })
      expect(again.error).toBeNull()
      expect(again.data.user?.identities).toEqual([])
      expect(again.data.user?.id).not.toBe(pending.data.user?.id)
    })
  })

  describe('sign-in and tokens', () => {
    let email: string
    beforeAll(async () => {
      email = uniqueEmail('signin')
      await anon.auth.signUp({ email, password: PASSWORD })
    })

    it('signs in with the right password and refuses a wrong one', async () => {
      const ok = await client(config.anonKey).auth.signInWithPassword({
        email: email.toUpperCase(),
        password: PASSWORD,
      })
      expect(ok.error).toBeNull()
      expect(ok.data.user?.email).toBe(email)
      expect(ok.data.user?.last_sign_in_at).toBeTruthy()

      const wrong = await client(config.anonKey).auth.signInWithPassword({
        email,
        password: 'not-the-password',
      })
      expect(wrong.data.session).toBeNull()
      expect(wrong.error).toMatchObject({
        status: 400,
        code: 'invalid_credentials',
        message: 'Invalid login credentials',
      })
      const unknown = await client(config.anonKey).auth.signInWithPassword({
        email: uniqueEmail('ghost'),
        password: PASSWORD,
      })
      expect(unknown.error).toMatchObject({ status: 400, code: 'invalid_credentials' })
    })

    it('rotates refresh tokens and refuses a revoked one once the reuse interval is over', async () => {
      const c = client(config.anonKey)
      const first = await c.auth.signInWithPassword({ email, password: PASSWORD })
      const tokenA = first.data.session?.refresh_token as string

      const second = await c.auth.refreshSession({ refresh_token: tokenA })
      expect(second.error).toBeNull()
      const tokenB = second.data.session?.refresh_token as string
      expect(tokenB).not.toBe(tokenA)
      const claims = decodeJwt(second.data.session?.access_token as string)
      expect(claims.session_id).toBe(decodeJwt(first.data.session?.access_token as string).session_id)

      // The client lost B: A is the parent of the active token, so GoTrue hands B back.
      const lost = await c.auth.refreshSession({ refresh_token: tokenA })
      expect(lost.data.session?.refresh_token).toBe(tokenB)

      const third = await c.auth.refreshSession({ refresh_token: tokenB })
      const tokenC = third.data.session?.refresh_token as string
      expect(tokenC).not.toBe(tokenB)

      // A is no longer the parent of the active token, but it was revoked seconds ago: tolerated.
      const parallel = await c.auth.refreshSession({ refresh_token: tokenA })
      expect(parallel.error).toBeNull()
      // That answer became the active token (child of A); rotate once more so A is nobody's parent.
      await c.auth.refreshSession({ refresh_token: parallel.data.session?.refresh_token as string })

      // Once the reuse interval is over, A is refused and the whole session's tokens are revoked.
      await db.pool.query(
        `update auth.refresh_tokens set updated_at = now() - make_interval(secs => $2 + 1) where token = $1`,
        [tokenA, config.auth.refreshTokenReuseInterval],
      )
      const reused = await c.auth.refreshSession({ refresh_token: tokenA })
      expect(reused.data.session).toBeNull()
      expect(reused.error).toMatchObject({ status: 400, code: 'refresh_token_already_used' })
      const { rows } = await db.pool.query(
        'select bool_and(revoked) as all_revoked from auth.refresh_tokens where session_id = $1',
        [claims.session_id],
      )
      expect(rows[0].all_revoked).toBe(true)

      const unknown = await c.auth.refreshSession({ refresh_token: 'doesnotexist' })
      expect(unknown.error).toMatchObject({ status: 400, code: 'refresh_token_not_found' })
    })

    it('returns the user for a valid token and refuses an expired one with 403 bad_jwt', async () => {
      const c = client(config.anonKey)
      const { data } = await c.auth.signInWithPassword({ email, password: PASSWORD })
      const token = data.session?.access_token as string
      const me = await c.auth.getUser(token)
      expect(me.error).toBeNull()
      expect(me.data.user?.id).toBe(data.user?.id)
      // getUser() without an argument uses the stored session.
      expect((await c.auth.getUser()).data.user?.email).toBe(email)

      const claims = decodeJwt(token)
      const now = Math.floor(Date.now() / 1000)
      const expired = await signJwt({ ...claims, iat: now - 7200, exp: now - 3600 }, config.jwtSecret)
      const refused = await client(config.anonKey).auth.getUser(expired)
      expect(refused.data.user).toBeNull()
      expect(refused.error).toMatchObject({ status: 403, code: 'bad_jwt' })

      const forged = await signJwt({ ...claims }, 'another-secret-that-is-at-least-32-characters')
      expect((await client(config.anonKey).auth.getUser(forged)).error).toMatchObject({
        status: 403,
        code: 'bad_jwt',
      })

      const noBearer = await fetch(`${baseUrl}/auth/v1/user`, { headers: { apikey: config.anonKey } })
      expect(noBearer.status).toBe(401)
      expect(await noBearer.json()).toMatchObject({ error_code: 'no_authorization' })
      const anonKeyAsUser = await raw('/user')
      expect(anonKeyAsUser.status).toBe(403)
      expect(await anonKeyAsUser.json()).toMatchObject({ error_code: 'bad_jwt' })
    })
  })

  describe('the signed-in user', () => {
    it('changes the password (old one refused, new one works, other sessions signed out)', async () => {
      const email = uniqueEmail('pw')
      const c = client(config.anonKey)
      await c.auth.signUp({ email, password: PASSWORD })
      const other = client(config.anonKey)
      const otherSession = (await other.auth.signInWithPassword({ email, password: PASSWORD })).data.session

      const same = await c.auth.updateUser({ password: PASSWORD })
      expect(same.error).toMatchObject({ status: 422, code: 'same_password' })
      for (const password of ['x', '']) {
        const weak = await c.auth.updateUser({ password })
        expect(weak.error).toMatchObject({ status: 422, code: 'weak_password' })
      }

      const updated = await c.auth.updateUser({ password: 'a-brand-new-password' })
      expect(updated.error).toBeNull()
      const old = await client(config.anonKey).auth.signInWithPassword({ email, password: PASSWORD })
      expect(old.error).toMatchObject({ code: 'invalid_credentials' })
      const fresh = await client(config.anonKey).auth.signInWithPassword({
        email,
        password: 'a-brand-new-password',
      })
      expect(fresh.error).toBeNull()

      expect((await c.auth.getUser()).error).toBeNull()
      const kicked = await other.auth.getUser(otherSession?.access_token)
      expect(isAuthSessionMissingError(kicked.error)).toBe(true)
    })

    it('merges user metadata (null removes a key) and keeps email changes pending until confirmed', async () => {
      const c = client(config.anonKey)
      const email = uniqueEmail('meta')
      await c.auth.signUp({ email, password: PASSWORD, options: { data: { plan: 'free', theme: 'dark' } } })
      const { data, error } = await c.auth.updateUser({ data: { plan: 'pro', theme: null, locale: 'fr' } })
      expect(error).toBeNull()
      expect(data.user?.user_metadata).toMatchObject({ plan: 'pro', locale: 'fr' })
      expect(data.user?.user_metadata).not.toHaveProperty('theme')

      const refreshed = await c.auth.refreshSession()
      expect(decodeJwt(refreshed.data.session?.access_token as string).user_metadata).toMatchObject({
        plan: 'pro',
      })

      const newEmail = uniqueEmail('moved')
      const moved = await c.auth.updateUser({ email: newEmail })
      expect(moved.error).toBeNull()
      expect(moved.data.user?.email).toBe(email)
      expect(moved.data.user?.new_email).toBe(newEmail)

      const unchanged = await c.auth.updateUser({ email })
      expect(unchanged.error).toBeNull() // the current address: nothing to change
      const other = uniqueEmail('other')
      await client(config.anonKey).auth.signUp({ email: other, password: PASSWORD })
      expect((await c.auth.updateUser({ email: other })).error).toMatchObject({
        status: 422,
        code: 'email_exists',
      })
      expect((await c.auth.updateUser({ data: { a: 1 } })).data.user?.user_metadata).toMatchObject({
        a: 1,
        plan: 'pro',
      })
    })

    it('signs out globally: the old access token is refused with session_not_found', async () => {
      const c = client(config.anonKey)
      const email = uniqueEmail('out')
      const { data } = await c.auth.signUp({ email, password: PASSWORD })
      const token = data.session?.access_token as string
      const refreshToken = data.session?.refresh_token as string
      expect((await c.auth.signOut()).error).toBeNull()
      expect((await c.auth.getSession()).data.session).toBeNull()

      const after = await client(config.anonKey).auth.getUser(token)
      expect(after.data.user).toBeNull()
      expect(isAuthSessionMissingError(after.error)).toBe(true)
      const rawAfter = await raw('/user', { token })
      expect(rawAfter.status).toBe(403)
      expect(await rawAfter.json()).toMatchObject({ code: 'session_not_found' })
      const refresh = await client(config.anonKey).auth.refreshSession({ refresh_token: refreshToken })
      expect(refresh.error).toMatchObject({ code: 'refresh_token_not_found' })
    })

    it('signs out other sessions (scope=others) or only this one (scope=local)', async () => {
      const email = uniqueEmail('scopes')
      await anon.auth.signUp({ email, password: PASSWORD })
      const [one, two, three] = [client(config.anonKey), client(config.anonKey), client(config.anonKey)]
      const tokens: string[] = []
      for (const c of [one, two, three]) {
        const { data } = await c.auth.signInWithPassword({ email, password: PASSWORD })
        tokens.push(data.session?.access_token as string)
      }
      const [t1, t2, t3] = tokens as [string, string, string]

      expect((await one.auth.signOut({ scope: 'others' })).error).toBeNull()
      expect((await anon.auth.getUser(t1)).error).toBeNull()
      expect(isAuthSessionMissingError((await anon.auth.getUser(t2)).error)).toBe(true)
      expect(isAuthSessionMissingError((await anon.auth.getUser(t3)).error)).toBe(true)

      expect((await one.auth.signOut({ scope: 'local' })).error).toBeNull()
      expect(isAuthSessionMissingError((await anon.auth.getUser(t1)).error)).toBe(true)

      const badScope = await raw('/logout?scope=everywhere', { method: 'POST', token: t1 })
      expect(badScope.status).toBe(400)
    })
  })

  describe('anonymous sign-in', () => {
    it('creates an anonymous user with a session', async () => {
      const { data, error } = await client(config.anonKey).auth.signInAnonymously({
        options: { data: { visitor: true } },
      })
      expect(error).toBeNull()
      expect(data.user).toMatchObject({
        is_anonymous: true,
        email: '',
        phone: '',
        role: 'authenticated',
        aud: 'authenticated',
        app_metadata: {},
        identities: [],
        user_metadata: { visitor: true },
      })
      const claims = decodeJwt(data.session?.access_token as string)
      expect(claims).toMatchObject({
        is_anonymous: true,
        role: 'authenticated',
        amr: [{ method: 'anonymous' }],
      })
      const { rows } = await db.pool.query('select is_anonymous from auth.users where id = $1', [
        data.user?.id,
      ])
      expect(rows).toEqual([{ is_anonymous: true }])
    })

    it('refuses user metadata over 8 KB, at sign-in and grown by updates, storing nothing', async () => {
      const users = async () =>
        Number((await db.pool.query('select count(*) as n from auth.users')).rows[0].n)
      const before = await users()
      const big = await client(config.anonKey).auth.signInAnonymously({
        options: { data: { blob: 'x'.repeat(9000) } },
      })
      expect(big.error).toMatchObject({ status: 400, code: 'validation_failed' })
      expect(big.error?.message).toMatch(/limited to 8192 bytes/)
      expect(await users()).toBe(before)

      const c = client(config.anonKey)
      await c.auth.signInAnonymously({ options: { data: { a: 'x'.repeat(5000) } } })
      const grown = await c.auth.updateUser({ data: { b: 'y'.repeat(5000) } })
      expect(grown.error).toMatchObject({ status: 400, code: 'validation_failed' })
      expect(Object.keys((await c.auth.getUser()).data.user?.user_metadata ?? {})).toEqual(['a'])
    })

    it('lets an anonymous user become permanent by adding an email (auto-confirmed)', async () => {
      const c = client(config.anonKey)
      await c.auth.signInAnonymously()
      const noEmail = await c.auth.updateUser({ password: PASSWORD })
      expect(noEmail.error).toMatchObject({ status: 422, code: 'validation_failed' })
      const email = uniqueEmail('upgraded')
      const { data, error } = await c.auth.updateUser({ email, password: PASSWORD })
      expect(error).toBeNull()
      expect(data.user).toMatchObject({ email, is_anonymous: false, app_metadata: { provider: 'email' } })
      expect(
        (await client(config.anonKey).auth.signInWithPassword({ email, password: PASSWORD })).error,
      ).toBeNull()
    })

    it('is refused when enable_anonymous_sign_ins is off', async () => {
      const off = client(config.anonKey, variant('/no-anon', { enableAnonymousSignIns: false }))
      const { error } = await off.auth.signInAnonymously()
      expect(error).toMatchObject({ status: 422, code: 'anonymous_provider_disabled' })
    })
  })

  describe('admin API', () => {
    it('creates, reads, updates and deletes users with the service_role key', async () => {
      const email = uniqueEmail('admin-made')
      const created = await admin.auth.admin.createUser({
        email,
        password: PASSWORD,
        email_confirm: true,
        user_metadata: { full_name: 'Made By Admin' },
        app_metadata: { tier: 'gold' },
      })
      expect(created.error).toBeNull()
      const id = created.data.user?.id as string
      expect(created.data.user).toMatchObject({
        email,
        app_metadata: { provider: 'email', providers: ['email'], tier: 'gold' },
        user_metadata: { full_name: 'Made By Admin' },
      })
      expect(
        (await client(config.anonKey).auth.signInWithPassword({ email, password: PASSWORD })).error,
      ).toBeNull()

      const fetched = await admin.auth.admin.getUserById(id)
      expect(fetched.data.user?.email).toBe(email)

      const dup = await admin.auth.admin.createUser({ email, password: PASSWORD })
      expect(dup.error).toMatchObject({ status: 422, code: 'email_exists' })

      const banned = await admin.auth.admin.updateUserById(id, {
        ban_duration: '24h',
        user_metadata: { note: 'x' },
      })
      expect(banned.data.user?.banned_until).toBeTruthy()
      expect(banned.data.user?.user_metadata).toMatchObject({ full_name: 'Made By Admin', note: 'x' })
      const bannedSignIn = await client(config.anonKey).auth.signInWithPassword({ email, password: PASSWORD })
      expect(bannedSignIn.error).toMatchObject({ code: 'user_banned' })
      await admin.auth.admin.updateUserById(id, { ban_duration: 'none' })
      expect(
        (await client(config.anonKey).auth.signInWithPassword({ email, password: PASSWORD })).error,
      ).toBeNull()

      const deleted = await admin.auth.admin.deleteUser(id)
      expect(deleted.error).toBeNull()
      expect(deleted.data.user?.id).toBe(id)
      const gone = await admin.auth.admin.getUserById(id)
      expect(gone.error).toMatchObject({ status: 404, code: 'user_not_found' })
      const signIn = await client(config.anonKey).auth.signInWithPassword({ email, password: PASSWORD })
      expect(signIn.error).toMatchObject({ code: 'invalid_credentials' })
      expect((await db.pool.query('select 1 from auth.users where id = $1', [id])).rowCount).toBe(0)
    })

    it('soft-deletes: the row stays, sign-in is refused', async () => {
      const email = uniqueEmail('soft')
      const { data } = await admin.auth.admin.createUser({ email, password: PASSWORD, email_confirm: true })
      const id = data.user?.id as string
      expect((await admin.auth.admin.deleteUser(id, true)).error).toBeNull()
      const { rows } = await db.pool.query(
        'select deleted_at is not null as deleted from auth.users where id = $1',
        [id],
      )
      expect(rows).toEqual([{ deleted: true }])
      const signIn = await client(config.anonKey).auth.signInWithPassword({ email, password: PASSWORD })
      expect(signIn.error).toMatchObject({ code: 'invalid_credentials' })
    })

    it('does not let an admin-created unconfirmed user sign in (email_not_confirmed)', async () => {
      const email = uniqueEmail('unconfirmed')
      const { data } = await admin.auth.admin.createUser({ email, password: PASSWORD })
      const { error } = await client(config.anonKey).auth.signInWithPassword({ email, password: PASSWORD })
      expect(error).toMatchObject({ status: 400, code: 'email_not_confirmed' })

      const confirmed = await admin.auth.admin.updateUserById(data.user?.id as string, {
        email_confirm: true,
      })
      expect(confirmed.data.user?.email_confirmed_at).toBeTruthy()
      expect(confirmed.data.user?.user_metadata).toMatchObject({ email_verified: true })
      expect(
        (await client(config.anonKey).auth.signInWithPassword({ email, password: PASSWORD })).error,
      ).toBeNull()
    })

    it('lists users page by page with X-Total-Count and Link', async () => {
      for (let i = 0; i < 3; i++) {
        await admin.auth.admin.createUser({
          email: uniqueEmail('listed'),
          password: PASSWORD,
          email_confirm: true,
        })
      }
      const { rows } = await db.pool.query<{ n: number }>('select count(*)::int as n from auth.users')
      const total = rows[0]?.n as number
      const first = await admin.auth.admin.listUsers({ page: 1, perPage: 2 })
      expect(first.error).toBeNull()
      expect(first.data.users).toHaveLength(2)
      // auth-js reads only the first digit after `page=` in the Link header, hence the odd lastPage.
      expect(first.data).toMatchObject({
        aud: 'authenticated',
        total,
        nextPage: 2,
        lastPage: Number(String(Math.ceil(total / 2))[0]),
      })
      const second = await admin.auth.admin.listUsers({ page: 2, perPage: 2 })
      expect(second.data.users).toHaveLength(2)
      const firstIds = new Set(first.data.users.map((u) => u.id))
      expect(second.data.users.some((u) => firstIds.has(u.id))).toBe(false)

      const all = await admin.auth.admin.listUsers()
      expect(all.data.users.length).toBe(Math.min(total, 50))

      const response = await raw('/admin/users?page=1&per_page=2', { token: config.serviceRoleKey })
      expect(response.headers.get('x-total-count')).toBe(String(total))
      expect(response.headers.get('link')).toMatch(
        /<[^>]*\?page=2&per_page=2>; rel="next", <[^>]*\?page=\d+&per_page=2>; rel="last"/,
      )
    })

    it('refuses the anon key and user tokens with 403 not_admin', async () => {
      const list = await anon.auth.admin.listUsers()
      expect(list.error).toMatchObject({ status: 403, code: 'not_admin' })
      const create = await anon.auth.admin.createUser({ email: uniqueEmail('nope'), password: PASSWORD })
      expect(create.error).toMatchObject({ status: 403, code: 'not_admin' })
      const { data } = await client(config.anonKey).auth.signInAnonymously()
      const asUser = await raw('/admin/users', { token: data.session?.access_token as string })
      expect(asUser.status).toBe(403)
      const badId = await raw('/admin/users/not-a-uuid', { token: config.serviceRoleKey })
      expect(badId.status).toBe(404)
      expect(await badId.json()).toMatchObject({ msg: 'user_id must be an UUID' })
    })
  })

  describe('users created outside the API', () => {
    it('signs in a user inserted by SQL with pgcrypto crypt(), as seeds do', async () => {
      const email = uniqueEmail('seeded')
      await db.pool.query(
        `insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
           raw_app_meta_data, raw_user_meta_data, created_at, updated_at, confirmation_token, email_change,
           email_change_token_new, recovery_token)
         values ('00000000-0000-0000-0000-000000000000', gen_random_uuid(), 'authenticated', 'authenticated', $1,
           extensions.crypt($2, extensions.gen_salt('bf')), now(), '{"provider":"email","providers":["email"]}',
           '{"full_name":"Seeded"}', now(), now(), '', '', '', '')`,
        [email, PASSWORD],
      )
      const { data, error } = await client(config.anonKey).auth.signInWithPassword({
        email,
        password: PASSWORD,
      })
      expect(error).toBeNull()
      expect(data.user?.user_metadata).toEqual({ full_name: 'Seeded' })
      const copied = await db.pool.query(
        'select full_name from public.auth_test_new_users where email = $1',
        [email],
      )
      expect(copied.rows).toEqual([{ full_name: 'Seeded' }])
    })

    it('accepts $2b$ bcrypt hashes (GoTrue, other tools) through admin password_hash', async () => {
      // A bcrypt hash in the $2b$ spelling (Go, Node bcrypt), which pgcrypto does not parse on its own.
      const { rows } = await db.pool.query<{ hash: string }>(
        `select '$2b$' || substr(extensions.crypt('password', extensions.gen_salt('bf', 10)), 5) as hash`,
      )
      const hash = rows[0]?.hash as string
      const email = uniqueEmail('hashed')
      const created = await admin.auth.admin.createUser({ email, password_hash: hash, email_confirm: true })
      expect(created.error).toBeNull()
      const ok = await client(config.anonKey).auth.signInWithPassword({ email, password: 'password' })
      const wrong = await client(config.anonKey).auth.signInWithPassword({ email, password: 'Password' })
      expect([ok.error, wrong.error?.code]).toEqual([null, 'invalid_credentials'])
    })
  })

  describe('meta endpoints', () => {
    it('serves /settings, /health and an empty JWKS for HS256', async () => {
      const settings = (await (await raw('/settings')).json()) as Record<string, unknown>
      expect(settings).toMatchObject({
        disable_signup: false,
        mailer_autoconfirm: true,
        external: { email: true, anonymous_users: true },
      })
      expect(await (await raw('/health')).json()).toMatchObject({ name: 'GoTrue' })
      expect(await (await raw('/.well-known/jwks.json')).json()).toEqual({ keys: [] })
      const missing = await raw('/nope')
      expect(missing.status).toBe(404)
    })
  })
})
