import { readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'smol-toml'

/** The repository root: the folder that holds `supabase/`. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..')

/**
 * Supabase CLI's well-known local secrets (cli pkg/config/apikeys.go). Local stacks share them so that
 * tokens minted by `supabase start` and by devstack are interchangeable. Never used in production.
 */
export const LOCAL_JWT_SECRET = 'super-secret-jwt-token-with-at-least-32-characters-long'
export const LOCAL_ANON_KEY =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6ImFub24iLCJleHAiOjE5ODM4MTI5OTZ9.CRXP1A7WOeoJeXxjNni43kdQwgnWNReilDMblYTn_I0'
export const LOCAL_SERVICE_ROLE_KEY =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6InNlcnZpY2Vfcm9sZSIsImV4cCI6MTk4MzgxMjk5Nn0.EGIM96RAZx35lJzdJsyH-qQwv8Hdp7fsn3W0YpN81IU'
/** The CLI's opaque new-style keys; the gateway swaps them for the anon / service JWTs, as Kong does. */
export const LOCAL_PUBLISHABLE_KEY = 'sb_publishable_ACJWlzQHlZjBrEguHvfOxg_3BJgxAaH'
export const LOCAL_SECRET_KEY = 'sb_secret_N7UND0UgjKTVK-Uodkm0Hg_xSvEMPvz'

/** `[auth.rate_limit]`: requests per client address, as GoTrue counts them (token buckets of that size). */
export interface AuthRateLimits {
  /** Anonymous sign-ins per hour. */
  anonymousUsers: number
  /** Sign-ups and password sign-ins per 5 minutes. */
  signInSignUps: number
  /** Session refreshes per 5 minutes. */
  tokenRefresh: number
}

export interface AuthConfig {
  siteUrl: string
  jwtExpiry: number
  enableSignup: boolean
  enableAnonymousSignIns: boolean
  minimumPasswordLength: number
  enableConfirmations: boolean
  refreshTokenRotation: boolean
  refreshTokenReuseInterval: number
  rateLimit: AuthRateLimits
  /**
   * `[auth.hook.password_verification_attempt]`: the Postgres function (`"schema"."name"`) GoTrue calls after
   * every password check, or undefined when the hook is off.
   */
  passwordVerificationHook: string | undefined
}

export interface FunctionConfig {
  verifyJwt: boolean
}

export interface DevstackConfig {
  /** Folder holding `supabase/` (config.toml, migrations, functions, seed.sql). */
  root: string
  host: string
  apiPort: number
  dbPort: number
  /** `http://127.0.0.1:<apiPort>`: what `supabase status` calls API URL. */
  apiUrl: string
  jwtSecret: string
  anonKey: string
  serviceRoleKey: string
  /** Where PGlite keeps its files; `memory://` for a throwaway database. */
  dataDir: string
  /** A PostgreSQL server to use instead of the embedded engine (superuser URL). */
  databaseUrl: string | undefined
  schemas: string[]
  extraSearchPath: string[]
  maxRows: number
  auth: AuthConfig
  functions: Record<string, FunctionConfig>
  seed: boolean
  /** Extra `NAME=value` lines for functions, merged over supabase/functions/.env (DEVSTACK_FUNCTIONS_ENV_FILE). */
  functionsEnvFile: string | undefined
  /** Function settings merged over both files (tests set them without writing a file). */
  functionsEnv: Record<string, string>
  /** Call the outbox dispatcher on pg_notify('outbox') and every 5 s (DEVSTACK_SCHEDULER=0 turns it off). */
  scheduler: boolean
  storage: StorageConfig
}

export interface StorageConfig {
  /** `[storage] file_size_limit`: no upload is larger, whatever a bucket allows. */
  fileSizeLimit: number
  /** Where object bytes live (beside the database's files); undefined: a temporary folder for this start. */
  dir: string | undefined
}

export interface ConfigOverrides {
  root?: string
  apiPort?: number
  dbPort?: number
  dataDir?: string
  databaseUrl?: string
  seed?: boolean
  auth?: Partial<AuthConfig>
  functionsEnvFile?: string
  functionsEnv?: Record<string, string>
  scheduler?: boolean
  storageDir?: string
}

type Toml = Record<string, unknown>
const section = (t: Toml, key: string): Toml => (t[key] as Toml | undefined) ?? {}

/** An enabled `pg-functions://postgres/<schema>/<name>` hook as a quoted function name, as GoTrue reads it. */
function pgFunctionHook(hook: Toml): string | undefined {
  if (hook.enabled !== true) return undefined
  const match = /^pg-functions:\/\/[^/]+\/([A-Za-z_][\w$]*)\/([A-Za-z_][\w$]*)$/.exec(String(hook.uri ?? ''))
  if (!match)
    throw new Error(`config.toml: a pg-functions hook needs uri = "pg-functions://postgres/<schema>/<name>"`)
  return `"${match[1]}"."${match[2]}"`
}

/** Reads `supabase/config.toml` the way the Supabase CLI does, with environment and test overrides. */
export function loadConfig(overrides: ConfigOverrides = {}): DevstackConfig {
  const root = overrides.root ?? repoRoot
  const toml = parse(readFileSync(join(root, 'supabase/config.toml'), 'utf8')) as Toml
  const api = section(toml, 'api')
  const db = section(toml, 'db')
  const auth = section(toml, 'auth')
  const email = section(auth, 'email')
  const rateLimit = section(auth, 'rate_limit')
  const env = process.env
  const host = '127.0.0.1'
  const apiPort = overrides.apiPort ?? Number(env.DEVSTACK_API_PORT ?? api.port ?? 54321)
  const dbPort = overrides.dbPort ?? Number(env.DEVSTACK_DB_PORT ?? db.port ?? 54322)

  const functions: Record<string, FunctionConfig> = {}
  for (const [slug, fn] of Object.entries(section(toml, 'functions'))) {
    functions[slug] = { verifyJwt: (fn as Toml).verify_jwt !== false }
  }

  return {
    root,
    host,
    apiPort,
    dbPort,
    apiUrl: `http://${host}:${apiPort}`,
    jwtSecret: env.DEVSTACK_JWT_SECRET ?? LOCAL_JWT_SECRET,
    anonKey: LOCAL_ANON_KEY,
    serviceRoleKey: LOCAL_SERVICE_ROLE_KEY,
    dataDir: overrides.dataDir ?? env.DEVSTACK_DATA_DIR ?? join(root, '.data/pglite'),
    // '' (as tests pass) means the embedded engine even when DATABASE_URL is set.
    databaseUrl: (overrides.databaseUrl ?? env.DATABASE_URL) || undefined,
    schemas: (api.schemas as string[] | undefined) ?? ['public'],
    extraSearchPath: (api.extra_search_path as string[] | undefined) ?? ['public', 'extensions'],
    maxRows: Number(api.max_rows ?? 1000),
    auth: {
      siteUrl: String(auth.site_url ?? 'http://127.0.0.1:3000'),
      jwtExpiry: Number(auth.jwt_expiry ?? 3600),
      enableSignup: auth.enable_signup !== false,
      enableAnonymousSignIns: auth.enable_anonymous_sign_ins === true,
      minimumPasswordLength: Number(auth.minimum_password_length ?? 6),
      enableConfirmations: email.enable_confirmations === true,
      refreshTokenRotation: auth.enable_refresh_token_rotation !== false,
      refreshTokenReuseInterval: Number(auth.refresh_token_reuse_interval ?? 10),
      // GoTrue's defaults where config.toml is silent
      rateLimit: {
        anonymousUsers: Number(rateLimit.anonymous_users ?? 30),
        signInSignUps: Number(rateLimit.sign_in_sign_ups ?? 30),
        tokenRefresh: Number(rateLimit.token_refresh ?? 150),
      },
      passwordVerificationHook: pgFunctionHook(
        section(section(auth, 'hook'), 'password_verification_attempt'),
      ),
      ...overrides.auth,
    },
    functions,
    seed: overrides.seed ?? section(db, 'seed').enabled !== false,
    functionsEnvFile: overrides.functionsEnvFile ?? (env.DEVSTACK_FUNCTIONS_ENV_FILE || undefined),
    functionsEnv: overrides.functionsEnv ?? {},
    scheduler: overrides.scheduler ?? env.DEVSTACK_SCHEDULER !== '0',
    storage: {
      fileSizeLimit: parseSize(String(section(toml, 'storage').file_size_limit ?? '50MiB')),
      dir: storageDir(overrides, root),
    },
  }
}

/** Beside the embedded database's folder (`.data/storage`); a throwaway database gets a throwaway folder. */
function storageDir(overrides: ConfigOverrides, root: string): string | undefined {
  if (overrides.storageDir ?? process.env.DEVSTACK_STORAGE_DIR) {
    return overrides.storageDir ?? process.env.DEVSTACK_STORAGE_DIR
  }
  const dataDir = overrides.dataDir ?? process.env.DEVSTACK_DATA_DIR
  if (dataDir?.startsWith('memory://')) return undefined
  return dataDir ? join(dirname(dataDir), 'storage') : join(root, '.data/storage')
}

/** A size as config.toml writes it: `50MiB`, `10MB`, `1048576`. */
export function parseSize(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([kmg]i?b|b)?\s*$/i.exec(text)
  if (!match) throw new Error(`config.toml: not a size: ${text}`)
  const power = { b: 0, kb: 1, kib: 1, mb: 2, mib: 2, gb: 3, gib: 3 }[(match[2] ?? 'b').toLowerCase()] ?? 0
  return Math.round(Number(match[1]) * 1024 ** power)
}
