import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseEnv } from 'node:util'
import { LOCAL_PUBLISHABLE_KEY as PUBLISHABLE_KEY, LOCAL_SECRET_KEY as SECRET_KEY } from '../config.ts'
import type { StackContext } from '../context.ts'

/**
 * What Deno needs from our environment to reach the npm registry and HTTPS APIs: proxies, a custom
 * registry or ~/.npmrc, and extra CA certificates (behind a TLS-inspecting proxy Deno's bundled roots fail).
 */
const DENO_PASSTHROUGH = [
  'HOME',
  'NPM_CONFIG_REGISTRY',
  'DENO_AUTH_TOKENS',
  'HTTP_PROXY',
  'HTTPS_PROXY',
  'NO_PROXY',
  'http_proxy',
  'https_proxy',
  'no_proxy',
  'DENO_CERT',
  'DENO_TLS_CA_STORE',
  'NODE_EXTRA_CA_CERTS',
  'SSL_CERT_FILE',
  'SSL_CERT_DIR',
]

/**
 * The environment a function sees, as `supabase functions serve` builds it: the Supabase variables plus
 * `supabase/functions/.env` and DEVSTACK_FUNCTIONS_ENV_FILE. Nothing else leaks from the devstack's own environment (no DATABASE_URL,
 * no tokens of the developer's shell).
 */
export function functionEnv(
  ctx: Pick<StackContext, 'config' | 'dbUrl'>,
  denoDir: string,
  warn: (message: string) => void,
): Record<string, string> {
  const { config } = ctx
  const env: Record<string, string> = {}
  for (const name of DENO_PASSTHROUGH) {
    const value = process.env[name]
    if (value !== undefined) env[name] = value
  }
  // supabase/functions/.env, then the devstack's own file (the dev command writes the fake Chatwoot's URL there).
  for (const file of [join(config.root, 'supabase/functions/.env'), config.functionsEnvFile]) {
    if (!file || !existsSync(file)) continue
    for (const [name, value] of Object.entries(parseEnv(readFileSync(file, 'utf8')))) {
      // The CLI refuses these too: they would shadow what the platform provides.
      if (name.startsWith('SUPABASE_')) warn(`${file}: ${name} is reserved, skipped`)
      else if (value !== undefined) env[name] = value
    }
  }
  return {
    ...env,
    ...config.functionsEnv,
    SUPABASE_URL: config.apiUrl,
    SUPABASE_ANON_KEY: config.anonKey,
    SUPABASE_SERVICE_ROLE_KEY: config.serviceRoleKey,
    SUPABASE_DB_URL: ctx.dbUrl,
    SUPABASE_PUBLISHABLE_KEYS: JSON.stringify({ default: PUBLISHABLE_KEY }),
    SUPABASE_SECRET_KEYS: JSON.stringify({ default: SECRET_KEY }),
    // What hosted Supabase provides to verify user tokens in a function: the JWKS of its signing keys. The
    // devstack signs with the legacy HS256 secret, which functions get as JWT_SECRET (as in self-hosting).
    SUPABASE_JWKS: JSON.stringify({ keys: [] }),
    JWT_SECRET: config.jwtSecret,
    DENO_DIR: denoDir,
    DENO_NO_UPDATE_CHECK: '1',
    NO_COLOR: '1',
  }
}
