import type { Context } from 'hono'
import { Hono } from 'hono'
import type { StackContext } from '../context.ts'
import { isUniqueViolation, type Queryable, transaction } from './db.ts'
import { badRequest, notFound, unprocessable } from './errors.ts'
import { requireAdmin } from './guard.ts'
import {
  adminDeleteBody,
  adminUserBody,
  checkPassword,
  listUsersQuery,
  parseBanDuration,
  readBody,
  readQuery,
  validateEmail,
  validatePhone,
} from './input.ts'
import {
  emailTaken,
  findUserById,
  insertUser,
  listUsers,
  mergeMetadata,
  phoneTaken,
  syncProviders,
  type UserRow,
  updateUserColumns,
  upsertIdentity,
  userJson,
} from './users.ts'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const BCRYPT = /^\$2[abxy]\$\d\d\$[./A-Za-z0-9]{53}$/

async function loadTarget(c: Context, db: Queryable): Promise<UserRow> {
  const id = c.req.param('id') ?? ''
  if (!UUID.test(id)) throw notFound('validation_failed', 'user_id must be an UUID')
  const user = await findUserById(db, id)
  if (!user) throw notFound('user_not_found', 'User not found')
  return user
}

const emailExists = () =>
  unprocessable('email_exists', 'A user with this email address has already been registered')
const phoneExists = () =>
  unprocessable('phone_exists', 'A user with this phone number has already been registered')

function checkHash(hash: string) {
  if (!BCRYPT.test(hash))
    throw badRequest('validation_failed', 'Invalid password hash: only bcrypt hashes are supported')
}

function banUntil(duration: string | null | undefined): Date | null | undefined {
  if (!duration) return undefined
  const ms = parseBanDuration(duration)
  return ms === 'none' ? null : new Date(Date.now() + ms)
}

/** /admin/users: service_role only (403 not_admin otherwise), as GoTrue's requireAdmin. */
export function adminRoutes(ctx: StackContext): Hono {
  const app = new Hono()
  const { pool, config } = ctx
  const min = config.auth.minimumPasswordLength

  app.use('/admin/*', async (c, next) => {
    await requireAdmin(c, ctx)
    await next()
  })

  app.post('/admin/users', async (c) => {
    const body = await readBody(c, adminUserBody)
    const email = body.email ? validateEmail(body.email) : undefined
    const phone = body.phone ? validatePhone(body.phone) : undefined
    if (body.password) checkPassword(body.password, min)
    if (body.password_hash) checkHash(body.password_hash)
    const bannedUntil = banUntil(body.ban_duration) ?? undefined
    if (email && (await emailTaken(pool, email))) throw emailExists()
    if (phone && (await phoneTaken(pool, phone))) throw phoneExists()
    if (body.id && (await findUserById(pool, body.id))) {
      throw unprocessable('user_already_exists', 'User already registered')
    }
    let id: string
    try {
      id = await transaction(pool, (db) =>
        insertUser(db, {
          id: body.id,
          email,
          phone,
          password: body.password || undefined,
          passwordHash: body.password ? undefined : (body.password_hash ?? undefined),
          emailConfirmed: body.email_confirm === true,
          phoneConfirmed: body.phone_confirm === true,
          userMetadata: body.user_metadata ?? {},
          appMetadata: body.app_metadata ?? undefined,
          role: body.role || 'authenticated',
          aud: 'authenticated',
          isAnonymous: false,
          bannedUntil,
        }),
      )
    } catch (error) {
      if (isUniqueViolation(error)) throw email ? emailExists() : phoneExists()
      throw error
    }
    return c.json(userJson((await findUserById(pool, id)) as UserRow))
  })

  app.get('/admin/users', async (c) => {
    const query = readQuery(c, listUsersQuery)
    const page = query.page ?? 1
    const perPage = query.per_page ?? 50
    const { users, total } = await listUsers(pool, page, perPage)
    // GoTrue's pagination headers; `page` must come first, auth-js reads the digit right after `page=`.
    const lastPage = Math.ceil(total / perPage)
    const link = (n: number, rel: string) =>
      `<${config.apiUrl}/auth/v1/admin/users?page=${n}&per_page=${perPage}>; rel="${rel}"`
    const links = [...(lastPage > page ? [link(page + 1, 'next')] : []), link(lastPage, 'last')]
    c.header('X-Total-Count', String(total))
    c.header('Link', links.join(', '))
    return c.json({ users: users.map(userJson), aud: 'authenticated' })
  })

  app.get('/admin/users/:id', async (c) => c.json(userJson(await loadTarget(c, pool))))

  app.put('/admin/users/:id', async (c) => {
    const user = await loadTarget(c, pool)
    const body = await readBody(c, adminUserBody)
    const email = body.email ? validateEmail(body.email) : undefined
    const phone = body.phone ? validatePhone(body.phone) : undefined
    if (body.password) checkPassword(body.password, min)
    if (body.password_hash) checkHash(body.password_hash)
    const bannedUntil = banUntil(body.ban_duration)
    if (email && email !== user.email && (await emailTaken(pool, email, user.id))) throw emailExists()
    if (phone && phone !== user.phone && (await phoneTaken(pool, phone, user.id))) throw phoneExists()

    await transaction(pool, async (db) => {
      await updateUserColumns(db, user.id, (p) => {
        const set: string[] = []
        if (body.role) set.push(`role = ${p.add(body.role)}`)
        if (email) set.push(`email = ${p.add(email)}`, `email_change = ''`)
        if (phone) set.push(`phone = ${p.add(phone)}`)
        if (body.email_confirm) set.push('email_confirmed_at = coalesce(email_confirmed_at, now())')
        if (body.phone_confirm) set.push('phone_confirmed_at = coalesce(phone_confirmed_at, now())')
        if (body.password) {
          set.push(
            `encrypted_password = extensions.crypt(${p.add(body.password)}::text, extensions.gen_salt('bf'))`,
          )
        } else if (body.password_hash) {
          set.push(`encrypted_password = ${p.add(body.password_hash)}`)
        }
        // Confirming an address also marks user_metadata.email_verified, as GoTrue's Confirm does.
        const confirmsNow = body.email_confirm === true && !user.email_confirmed_at
        if (body.user_metadata || confirmsNow) {
          const updates = { ...body.user_metadata, ...(confirmsNow ? { email_verified: true } : {}) }
          set.push(`raw_user_meta_data = ${p.add(mergeMetadata(user.raw_user_meta_data, updates))}::jsonb`)
        }
        if (body.app_metadata) {
          set.push(
            `raw_app_meta_data = ${p.add(mergeMetadata(user.raw_app_meta_data, body.app_metadata))}::jsonb`,
          )
        }
        if (bannedUntil !== undefined) set.push(`banned_until = ${p.add(bannedUntil)}::timestamptz`)
        return set
      })
      const confirmedEmail = body.email_confirm === true || Boolean(user.email_confirmed_at)
      if (email) {
        await upsertIdentity(db, user.id, 'email', {
          sub: user.id,
          email,
          email_verified: confirmedEmail,
          phone_verified: false,
        })
      }
      if (phone) {
        await upsertIdentity(db, user.id, 'phone', {
          sub: user.id,
          phone,
          email_verified: false,
          phone_verified: body.phone_confirm === true || Boolean(user.phone_confirmed_at),
        })
      }
      if (email || phone) await syncProviders(db, user.id)
    })
    return c.json(userJson((await findUserById(pool, user.id)) as UserRow))
  })

  app.delete('/admin/users/:id', async (c) => {
    const user = await loadTarget(c, pool)
    const body = await readBody(c, adminDeleteBody, { allowEmpty: true })
    if (body.should_soft_delete) {
      // Soft delete (GoTrue's SoftDeleteUser): the row stays for foreign keys, but it can no longer sign
      // in, its address is free again, and its sessions and identities are gone.
      await transaction(pool, async (db) => {
        await db.query('delete from auth.sessions where user_id = $1', [user.id])
        await db.query('delete from auth.identities where user_id = $1', [user.id])
        await updateUserColumns(db, user.id, () => [
          'deleted_at = now()',
          'email = null',
          'phone = null',
          `encrypted_password = ''`,
          `raw_user_meta_data = '{}'::jsonb`,
          `raw_app_meta_data = '{}'::jsonb`,
        ])
      })
    } else {
      await pool.query('delete from auth.users where id = $1', [user.id])
    }
    return c.json({})
  })

  return app
}
