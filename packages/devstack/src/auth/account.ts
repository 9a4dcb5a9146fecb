import { randomUUID } from 'node:crypto'
import { Hono } from 'hono'
import type { StackContext } from '../context.ts'
import { isUniqueViolation, type Queryable, transaction } from './db.ts'
import { AuthError, badRequest, forbidden, unprocessable } from './errors.ts'
import { authenticateUser } from './guard.ts'
import { passwordVerificationAttempt } from './hooks.ts'
import {
  checkPassword,
  jsonBytes,
  MAX_METADATA_BYTES,
  passwordGrantBody,
  readBody,
  refreshGrantBody,
  signupBody,
  userUpdateBody,
  validateEmail,
  validatePhone,
} from './input.ts'
import { spend } from './limits.ts'
import { createSession, type LogoutScope, logout, refreshSession } from './sessions.ts'
import { sessionJson } from './tokens.ts'
import {
  emailTaken,
  findForPasswordSignIn,
  findUserById,
  insertUser,
  mergeMetadata,
  passwordMatches,
  phoneTaken,
  syncProviders,
  type UserRow,
  updateUserColumns,
  upsertIdentity,
  userJson,
} from './users.ts'

const AUD = 'authenticated'

async function reload(db: Queryable, id: string): Promise<UserRow> {
  const user = await findUserById(db, id)
  if (!user) throw new AuthError(500, 'unexpected_failure', 'User vanished while signing in')
  return user
}

/** Sign-up, sign-in, refresh, the current user and sign-out: the non-admin half of GoTrue's API. */
export function accountRoutes(ctx: StackContext): Hono {
  const app = new Hono()
  const { pool, config } = ctx
  const settings = config.auth

  const signIn = async (
    user: UserRow,
    provider: string | null,
    userAgent: string | undefined,
    extra = {},
  ) => {
    const session = await createSession(pool, user, provider, userAgent)
    return sessionJson(config, await reload(pool, user.id), session, extra)
  }

  app.post('/signup', async (c) => {
    const body = await readBody(c, signupBody)
    if (!settings.enableSignup)
      throw unprocessable('signup_disabled', 'Signups not allowed for this instance')
    const userAgent = c.req.header('user-agent')

    // No email and no phone is what selects an anonymous sign-in (auth-js signInAnonymously).
    if (!body.email && !body.phone) {
      if (!settings.enableAnonymousSignIns) {
        throw unprocessable('anonymous_provider_disabled', 'Anonymous sign-ins are disabled')
      }
      await spend(pool, settings.rateLimit, 'anonymous_users', c)
      const id = await insertUser(pool, {
        userMetadata: body.data ?? {},
        emailConfirmed: false,
        phoneConfirmed: false,
        role: AUD,
        aud: AUD,
        isAnonymous: true,
      })
      return c.json(await signIn(await reload(pool, id), null, userAgent))
    }

    await spend(pool, settings.rateLimit, 'sign_in_sign_ups', c)
    if (body.email && body.phone) {
      throw badRequest(
        'validation_failed',
        'Only an email address or phone number should be provided on signup.',
      )
    }
    const email = body.email ? validateEmail(body.email) : undefined
    const phone = body.phone ? validatePhone(body.phone) : undefined
    if (!body.password) throw badRequest('validation_failed', 'Signup requires a valid password')
    checkPassword(body.password, settings.minimumPasswordLength)
    // Phone sign-ups are auto-confirmed, as with the CLI's default [auth.sms] enable_confirmations = false.
    const needsConfirmation = Boolean(email) && settings.enableConfirmations

    const taken = email ? await emailTaken(pool, email) : await phoneTaken(pool, phone as string)
    if (taken) {
      if (!needsConfirmation) throw unprocessable('user_already_exists', 'User already registered')
      // With confirmations on GoTrue hides whether the address exists: a look-alike user, no identities.
      const now = new Date().toISOString()
      return c.json({
        id: randomUUID(),
        aud: AUD,
        role: AUD,
        email,
        phone: '',
        confirmation_sent_at: now,
        app_metadata: { provider: 'email', providers: ['email'] },
        user_metadata: {},
        identities: [],
        created_at: now,
        updated_at: now,
        is_anonymous: false,
      })
    }

    let id: string
    try {
      id = await transaction(pool, (db) =>
        insertUser(db, {
          email,
          phone,
          password: body.password as string,
          emailConfirmed: Boolean(email) && !needsConfirmation,
          phoneConfirmed: Boolean(phone),
          confirmationSent: needsConfirmation,
          userMetadata: body.data ?? {},
          role: AUD,
          aud: AUD,
          isAnonymous: false,
        }),
      )
    } catch (error) {
      if (isUniqueViolation(error)) throw unprocessable('user_already_exists', 'User already registered')
      throw error
    }
    const user = await reload(pool, id)
    if (needsConfirmation) return c.json(userJson(user))
    return c.json(await signIn(user, email ? 'email' : 'phone', userAgent))
  })

  app.post('/token', async (c) => {
    const grant = c.req.query('grant_type')
    if (grant === 'password') {
      const body = await readBody(c, passwordGrantBody)
      await spend(pool, settings.rateLimit, 'sign_in_sign_ups', c)
      if (body.email && body.phone) {
        throw badRequest(
          'validation_failed',
          'Only an email address or phone number should be provided on login.',
        )
      }
      if (!body.email && !body.phone) {
        throw badRequest('validation_failed', 'An email address or phone number is required to sign in')
      }
      const invalid = badRequest('invalid_credentials', 'Invalid login credentials')
      const password = body.password ?? ''
      const by = body.email
        ? { email: body.email.trim().toLowerCase() }
        : { phone: validatePhone(body.phone ?? '') }
      const found = password ? await findForPasswordSignIn(pool, by, password) : null
      if (!found?.user.has_password) throw invalid
      if (found.user.banned) throw badRequest('user_banned', 'User is banned')
      if (settings.passwordVerificationHook) {
        const verdict = await passwordVerificationAttempt(
          pool,
          settings.passwordVerificationHook,
          found.user.id,
          found.passwordOk,
        )
        if (verdict.reject) {
          if (verdict.logout) await logout(pool, found.user.id, null, 'global')
          throw badRequest('invalid_credentials', verdict.message)
        }
      }
      if (!found.passwordOk) throw invalid
      if ('email' in by && !found.user.email_confirmed_at)
        throw badRequest('email_not_confirmed', 'Email not confirmed')
      if ('phone' in by && !found.user.phone_confirmed_at)
        throw badRequest('phone_not_confirmed', 'Phone not confirmed')
      const min = settings.minimumPasswordLength
      const weak =
        password.length < min
          ? {
              weak_password: {
                reasons: ['length'],
                message: `Password should be at least ${min} characters.`,
              },
            }
          : {}
      return c.json(
        await signIn(found.user, 'email' in by ? 'email' : 'phone', c.req.header('user-agent'), weak),
      )
    }
    if (grant === 'refresh_token') {
      const body = await readBody(c, refreshGrantBody)
      await spend(pool, settings.rateLimit, 'token_refresh', c)
      const { user, session } = await refreshSession(pool, body.refresh_token, settings)
      return c.json(await sessionJson(config, user, session))
    }
    throw badRequest('validation_failed', 'unsupported_grant_type')
  })

  app.get('/user', async (c) => {
    const { claims, user } = await authenticateUser(c, ctx)
    const aud = c.req.header('x-jwt-aud') || AUD
    const tokenAud = Array.isArray(claims.aud) ? claims.aud[0] : claims.aud
    if (tokenAud !== aud)
      throw badRequest('validation_failed', "Token audience doesn't match request audience")
    return c.json(userJson(user))
  })

  app.put('/user', async (c) => {
    const { user, sessionId } = await authenticateUser(c, ctx)
    const body = await readBody(c, userUpdateBody)
    const email = body.email ? validateEmail(body.email) : undefined
    const phone = body.phone ? validatePhone(body.phone) : undefined
    const password = body.password ?? undefined
    // An empty string is a (too short) password too: it must never clear the hash.
    if (password !== undefined) checkPassword(password, settings.minimumPasswordLength)
    if (body.app_metadata) throw forbidden('not_admin', 'Updating app_metadata requires admin privileges')
    // Each update is capped by the body schema; the merged whole must not grow past the cap either.
    if (body.data && jsonBytes(mergeMetadata(user.raw_user_meta_data, body.data)) > MAX_METADATA_BYTES) {
      throw badRequest('validation_failed', `Metadata is limited to ${MAX_METADATA_BYTES} bytes of JSON`)
    }
    if (user.is_anonymous && password && !email && !phone) {
      throw unprocessable(
        'validation_failed',
        'Updating password of an anonymous user without an email or phone is not allowed',
      )
    }
    const changesEmail = email !== undefined && email !== user.email
    const changesPhone = phone !== undefined && phone !== user.phone
    if (changesEmail && (await emailTaken(pool, email, user.id))) {
      throw unprocessable('email_exists', 'A user with this email address has already been registered')
    }
    if (changesPhone && (await phoneTaken(pool, phone, user.id))) {
      throw unprocessable('phone_exists', 'A user with this phone number has already been registered')
    }
    if (password && user.has_password && (await passwordMatches(pool, user.id, password))) {
      throw unprocessable('same_password', 'New password should be different from the old password.')
    }

    await transaction(pool, async (db) => {
      if (password !== undefined) {
        await updateUserColumns(db, user.id, (p) => [
          password
            ? `encrypted_password = extensions.crypt(${p.add(password)}::text, extensions.gen_salt('bf'))`
            : `encrypted_password = ''`,
          `confirmation_token = ''`,
          'confirmation_sent_at = null',
          `recovery_token = ''`,
          'recovery_sent_at = null',
          `email_change_token_current = ''`,
          `email_change_token_new = ''`,
          'email_change_sent_at = null',
          `reauthentication_token = ''`,
          'reauthentication_sent_at = null',
        ])
        // A new password signs out every other session (GoTrue's LogoutAllExceptMe).
        await logout(db, user.id, sessionId, sessionId ? 'others' : 'global')
      }
      if (body.data) {
        const merged = mergeMetadata(user.raw_user_meta_data, body.data)
        await updateUserColumns(db, user.id, (p) => [`raw_user_meta_data = ${p.add(merged)}::jsonb`])
      }
      if (changesEmail) {
        if (user.is_anonymous && !settings.enableConfirmations) {
          // An anonymous user adding an email is confirmed at once, like a sign-up (emailChangeVerify).
          const metadata = mergeMetadata(user.raw_user_meta_data, {
            ...body.data,
            sub: user.id,
            email,
            email_verified: true,
            phone_verified: false,
          })
          await updateUserColumns(db, user.id, (p) => [
            `email = ${p.add(email)}`,
            `email_change = ''`,
            'email_confirmed_at = coalesce(email_confirmed_at, now())',
            'is_anonymous = false',
            `raw_user_meta_data = ${p.add(metadata)}::jsonb`,
          ])
          await upsertIdentity(db, user.id, 'email', {
            sub: user.id,
            email,
            email_verified: true,
            phone_verified: false,
          })
          await syncProviders(db, user.id)
        } else {
          // Permanent users confirm a new address by mail; until then it waits in new_email.
          await updateUserColumns(db, user.id, (p) => [
            `email_change = ${p.add(email)}`,
            'email_change_sent_at = now()',
            `email_change_token_new = ${p.add(randomUUID())}`,
          ])
        }
      }
      if (changesPhone) {
        await updateUserColumns(db, user.id, (p) => [
          `phone = ${p.add(phone)}`,
          `phone_change = ''`,
          'phone_confirmed_at = now()',
          ...(user.is_anonymous ? ['is_anonymous = false'] : []),
        ])
        await upsertIdentity(db, user.id, 'phone', {
          sub: user.id,
          phone,
          email_verified: false,
          phone_verified: true,
        })
        await syncProviders(db, user.id)
      }
    })
    return c.json(userJson(await reload(pool, user.id)))
  })

  app.post('/logout', async (c) => {
    const scope = c.req.query('scope') ?? 'global'
    if (!['global', 'local', 'others'].includes(scope)) {
      throw badRequest('validation_failed', `Unsupported logout scope ${JSON.stringify(scope)}`)
    }
    const { user, sessionId } = await authenticateUser(c, ctx)
    await logout(pool, user.id, sessionId, scope as LogoutScope)
    return c.body(null, 204)
  })

  return app
}
