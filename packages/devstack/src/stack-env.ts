import type { DevstackConfig } from './config.ts'

export interface StackEnv {
  API_URL: string
  SUPABASE_URL: string
  REST_URL: string
  FUNCTIONS_URL: string
  DB_URL: string
  ANON_KEY: string
  SUPABASE_ANON_KEY: string
  SERVICE_ROLE_KEY: string
  SUPABASE_SERVICE_ROLE_KEY: string
  JWT_SECRET: string
}

export function stackEnv(config: DevstackConfig, dbUrl: string): StackEnv {
  return {
    API_URL: config.apiUrl,
    SUPABASE_URL: config.apiUrl,
    REST_URL: `${config.apiUrl}/rest/v1`,
    FUNCTIONS_URL: `${config.apiUrl}/functions/v1`,
    DB_URL: dbUrl,
    ANON_KEY: config.anonKey,
    SUPABASE_ANON_KEY: config.anonKey,
    SERVICE_ROLE_KEY: config.serviceRoleKey,
    SUPABASE_SERVICE_ROLE_KEY: config.serviceRoleKey,
    JWT_SECRET: config.jwtSecret,
  }
}
