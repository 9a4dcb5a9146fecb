import { env } from '../env.ts'

/** The app's API origin: <APP>_BASE_URL (its fake in dev and tests) or the real one. */
export function appBaseUrl(app: { auth: { baseUrlEnv: string }; defaultBaseUrl: string }): string {
  return env(app.auth.baseUrlEnv) || app.defaultBaseUrl
}
