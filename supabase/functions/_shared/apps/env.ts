// Settings read the same way in Deno (the functions) and Node (the dashboard, the tests).
type Env = { get(name: string): string | undefined }

export function env(name: string): string | undefined {
  const deno = (globalThis as { Deno?: { env: Env } }).Deno
  if (deno) return deno.env.get(name)
  return (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env[name]
}

export const numberEnv = (name: string, fallback: number) => Number(env(name) ?? '') || fallback

/** The app's API origin: <APP>_BASE_URL (its fake in dev and tests) or the real one. */
export function appBaseUrl(app: { auth: { baseUrlEnv: string }; defaultBaseUrl: string }): string {
  return env(app.auth.baseUrlEnv) || app.defaultBaseUrl
}
