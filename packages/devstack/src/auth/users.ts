import { randomUUID } from 'node:crypto'
import { iso, Params, type Queryable } from './db.ts'

export const NIL_INSTANCE = '00000000-0000-0000-0000-000000000000'

type Json = Record<string, unknown>

export interface IdentityJson {
  identity_id: string
  id: string
  user_id: string
  identity_data: Json
  provider: string
  last_sign_in_at: string | null
  created_at: string | null
  updated_at: string | null
  email?: string | null
}

/** An auth.users row as we read it: timestamps already formatted, identities attached. */
export interface UserRow {
  id: string
  aud: string | null
  role: string | null
  email: string | null
  phone: string | null
  email_change: string | null
  phone_change: string | null
  raw_app_meta_data: Json | null
  raw_user_meta_data: Json | null
  is_anonymous: boolean
  has_password: boolean
  banned: boolean
  invited_at: string | null
  email_confirmed_at: string | null
  phone_confirmed_at: string | null
  confirmation_sent_at: string | null
  confirmed_at: string | null
  recovery_sent_at: string | null
  email_change_sent_at: string | null
  phone_change_sent_at: string | null
  reauthentication_sent_at: string | null
  last_sign_in_at: string | null
  created_at: string | null
  updated_at: string | null
  banned_until: string | null
  deleted_at: string | null
  identities: IdentityJson[]
}

const TIMESTAMPS = [
  'invited_at',
  'email_confirmed_at',
  'phone_confirmed_at',
  'confirmation_sent_at',
  'confirmed_at',
  'recovery_sent_at',
  'email_change_sent_at',
  'phone_change_sent_at',
  'reauthentication_sent_at',
  'last_sign_in_at',
  'created_at',
  'updated_at',
  'banned_until',
  'deleted_at',
] as const

const IDENTITIES = `coalesce((
  select json_agg(json_build_object(
    'identity_id', i.id, 'id', i.provider_id, 'user_id', i.user_id, 'identity_data', i.identity_data,
    'provider', i.provider, 'last_sign_in_at', ${iso('i.last_sign_in_at')}, 'created_at', ${iso('i.created_at')},
    'updated_at', ${iso('i.updated_at')}, 'email', i.email) order by i.created_at, i.id)
  from auth.identities i where i.user_id = u.id), '[]'::json)`

/** The select list for a user row `u` (alias required). */
export const USER_COLUMNS = [
  'u.id',
  'u.aud',
  'u.role',
  'u.email',
  'u.phone',
  'u.email_change',
  'u.phone_change',
  'u.raw_app_meta_data',
  'u.raw_user_meta_data',
  'u.is_anonymous',
  "coalesce(u.encrypted_password, '') <> '' as has_password",
  'coalesce(u.banned_until > now(), false) as banned',
  ...TIMESTAMPS.map((c) => `${iso(`u.${c}`)} as ${c}`),
  `${IDENTITIES} as identities`,
].join(', ')

export async function findUserById(db: Queryable, id: string): Promise<UserRow | null> {
  const { rows } = await db.query<UserRow>(`select ${USER_COLUMNS} from auth.users u where u.id = $1`, [id])
  return rows[0] ?? null
}

/**
 * Finds a live (not deleted) password user by email or phone and checks the password with pgcrypto, so
 * hashes made by seeds (`crypt(pw, gen_salt('bf'))`) and by GoTrue ($2a$/$2b$) both verify. pgcrypto only
 * knows the $2a$ spelling; $2b$ and $2y$ are the same algorithm, so they are compared as $2a$.
 */
export async function findForPasswordSignIn(
  db: Queryable,
  by: { email: string } | { phone: string },
  password: string,
): Promise<{ user: UserRow; passwordOk: boolean } | null> {
  const [column, value] = 'email' in by ? ['lower(u.email)', by.email] : ['u.phone', by.phone]
  const { rows } = await db.query<UserRow & { password_ok: boolean }>(
    `select ${USER_COLUMNS},
       case when u.encrypted_password ~ '^\\$2[aby]\\$'
         then '$2a$' || substr(u.encrypted_password, 5) = extensions.crypt($2, '$2a$' || substr(u.encrypted_password, 5))
         else false end as password_ok
     from auth.users u
     where ${column} = $1 and u.is_sso_user = false and u.deleted_at is null
     order by u.created_at limit 1`,
    [value, password],
  )
  const row = rows[0]
  if (!row) return null
  const { password_ok, ...user } = row
  return { user, passwordOk: password_ok }
}

export async function passwordMatches(db: Queryable, id: string, password: string): Promise<boolean> {
  const { rows } = await db.query<{ ok: boolean }>(
    `select case when encrypted_password ~ '^\\$2[aby]\\$'
       then '$2a$' || substr(encrypted_password, 5) = extensions.crypt($2, '$2a$' || substr(encrypted_password, 5))
       else false end as ok
     from auth.users where id = $1`,
    [id, password],
  )
  return rows[0]?.ok ?? false
}

export async function emailTaken(db: Queryable, email: string, exceptId?: string): Promise<boolean> {
  const { rows } = await db.query(
    `select 1 from auth.users where lower(email) = $1 and is_sso_user = false and id is distinct from $2::uuid
     union all
     select 1 from auth.identities where email = $1 and provider = 'email' and user_id is distinct from $2::uuid
     limit 1`,
    [email, exceptId ?? null],
  )
  return rows.length > 0
}

export async function phoneTaken(db: Queryable, phone: string, exceptId?: string): Promise<boolean> {
  const { rows } = await db.query(
    'select 1 from auth.users where phone = $1 and id is distinct from $2::uuid',
    [phone, exceptId ?? null],
  )
  return rows.length > 0
}

export interface NewUser {
  id?: string | null | undefined
  email?: string | undefined
  phone?: string | undefined
  /** Plain password, hashed by pgcrypto in the INSERT. */
  password?: string | undefined
  /** A ready bcrypt hash (admin `password_hash`). */
  passwordHash?: string | undefined
  emailConfirmed: boolean
  phoneConfirmed: boolean
  confirmationSent?: boolean
  userMetadata: Json
  appMetadata?: Json | undefined
  role: string
  aud: string
  isAnonymous: boolean
  bannedUntil?: Date | undefined
}

/**
 * Inserts the auth.users row (so app triggers on auth.users fire) and one identity per email/phone, the way
 * GoTrue's signup does: identity data {sub, email, email_verified, phone_verified} is merged into
 * user_metadata and app_metadata gets {provider, providers}. Token columns are '' (GoTrue cannot read NULL).
 */
export async function insertUser(db: Queryable, u: NewUser): Promise<string> {
  const id = u.id ?? randomUUID()
  const identities: Array<{ provider: string; data: Json }> = []
  if (u.email) {
    identities.push({
      provider: 'email',
      data: { sub: id, email: u.email, email_verified: u.emailConfirmed, phone_verified: false },
    })
  }
  if (u.phone) {
    identities.push({
      provider: 'phone',
      data: { sub: id, phone: u.phone, email_verified: false, phone_verified: u.phoneConfirmed },
    })
  }
  const providers = identities.map((i) => i.provider)
  const appMetadata = providers.length
    ? { provider: providers[0], providers, ...u.appMetadata }
    : { ...u.appMetadata }
  const userMetadata = { ...u.userMetadata, ...identities[0]?.data }

  const p = new Params()
  const password =
    u.password !== undefined
      ? `extensions.crypt(${p.add(u.password)}::text, extensions.gen_salt('bf'))`
      : `${p.add(u.passwordHash ?? '')}::text`
  await db.query(
    `insert into auth.users (instance_id, id, aud, role, email, phone, encrypted_password, email_confirmed_at,
       phone_confirmed_at, confirmation_sent_at, raw_app_meta_data, raw_user_meta_data, banned_until,
       is_anonymous, is_sso_user, created_at, updated_at, confirmation_token, recovery_token,
       email_change_token_new, email_change_token_current, email_change, phone_change, phone_change_token,
       reauthentication_token)
     values ('${NIL_INSTANCE}', ${p.add(id)}, ${p.add(u.aud)}, ${p.add(u.role)}, ${p.add(u.email ?? null)},
       ${p.add(u.phone ?? null)}, ${password},
       case when ${p.add(u.emailConfirmed)}::boolean then now() end,
       case when ${p.add(u.phoneConfirmed)}::boolean then now() end,
       case when ${p.add(Boolean(u.confirmationSent))}::boolean then now() end,
       ${p.add(appMetadata)}::jsonb, ${p.add(userMetadata)}::jsonb, ${p.add(u.bannedUntil ?? null)}::timestamptz,
       ${p.add(u.isAnonymous)}, false, now(), now(), '', '', '', '', '', '', '', '')`,
    p.values,
  )
  for (const identity of identities) await upsertIdentity(db, id, identity.provider, identity.data)
  return id
}

/** Creates the user's identity for a provider, or merges `data` into the existing one. */
export async function upsertIdentity(db: Queryable, userId: string, provider: string, data: Json) {
  await db.query(
    `insert into auth.identities (provider_id, user_id, identity_data, provider, created_at, updated_at)
     values ($1::uuid::text, $1::uuid, $2::jsonb, $3, now(), now())
     on conflict (provider_id, provider)
     do update set identity_data = auth.identities.identity_data || excluded.identity_data, updated_at = now()`,
    [userId, data, provider],
  )
}

/** app_metadata.provider/providers follow the identities (GoTrue's UpdateAppMetaDataProviders). */
export async function syncProviders(db: Queryable, userId: string) {
  await db.query(
    `update auth.users u set raw_app_meta_data = coalesce(u.raw_app_meta_data, '{}'::jsonb) || jsonb_build_object(
       'provider', p.providers -> 0, 'providers', p.providers)
     from (select coalesce(jsonb_agg(provider order by created_at, id), '[]'::jsonb) as providers
           from auth.identities where user_id = $1) p
     where u.id = $1`,
    [userId],
  )
}

/** GoTrue's metadata update: keys are merged, a null value removes the key. */
export function mergeMetadata(current: Json | null, updates: Json): Json {
  const out: Json = { ...current }
  for (const [key, value] of Object.entries(updates)) {
    if (value === null) delete out[key]
    else out[key] = value
  }
  return out
}

/** UPDATE auth.users with the given column expressions; `set` receives a Params to add values. */
export async function updateUserColumns(
  db: Queryable,
  id: string,
  set: (p: Params) => string[],
): Promise<void> {
  const p = new Params()
  const idParam = p.add(id)
  const assignments = set(p)
  if (!assignments.length) return
  await db.query(
    `update auth.users set ${[...assignments, 'updated_at = now()'].join(', ')} where id = ${idParam}`,
    p.values,
  )
}

export async function listUsers(
  db: Queryable,
  page: number,
  perPage: number,
): Promise<{ users: UserRow[]; total: number }> {
  const [list, count] = await Promise.all([
    db.query<UserRow>(
      `select ${USER_COLUMNS} from auth.users u order by u.created_at desc, u.id limit $1 offset $2`,
      [perPage, (page - 1) * perPage],
    ),
    db.query<{ total: string }>('select count(*) as total from auth.users'),
  ])
  return { users: list.rows, total: Number(count.rows[0]?.total ?? 0) }
}

/** The user JSON GoTrue sends: field order and omitempty as in its models.User (auth-js reads it as sent). */
export function userJson(u: UserRow): Json {
  const out: Json = { id: u.id, aud: u.aud ?? '', role: u.role ?? '', email: u.email ?? '' }
  const put = (key: string, value: unknown) => {
    if (value !== null && value !== undefined && value !== '') out[key] = value
  }
  put('email_confirmed_at', u.email_confirmed_at)
  out.phone = u.phone ?? ''
  put('phone_confirmed_at', u.phone_confirmed_at)
  put('confirmation_sent_at', u.confirmation_sent_at)
  put('confirmed_at', u.confirmed_at)
  put('recovery_sent_at', u.recovery_sent_at)
  put('new_email', u.email_change)
  put('email_change_sent_at', u.email_change_sent_at)
  put('new_phone', u.phone_change)
  put('phone_change_sent_at', u.phone_change_sent_at)
  put('reauthentication_sent_at', u.reauthentication_sent_at)
  put('last_sign_in_at', u.last_sign_in_at)
  out.app_metadata = u.raw_app_meta_data ?? {}
  out.user_metadata = u.raw_user_meta_data ?? {}
  out.identities = u.identities.map(({ email, ...identity }) => (email ? { ...identity, email } : identity))
  out.created_at = u.created_at
  out.updated_at = u.updated_at
  put('banned_until', u.banned_until)
  put('deleted_at', u.deleted_at)
  out.is_anonymous = u.is_anonymous
  return out
}
