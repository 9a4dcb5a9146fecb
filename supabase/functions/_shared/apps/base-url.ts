import { env } from '../env.ts'

/** The app's API origin: <APP>_BASE_URL (its fake in dev and tests) or the real one. */
export function appBaseUrl(app: { auth: { baseUrlEnv?: string }; defaultBaseUrl?: string }): string {
  return (app.auth.baseUrlEnv && env(app.auth.baseUrlEnv)) || app.defaultBaseUrl || ''
}
