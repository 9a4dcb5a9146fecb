// The functions' environment, read the same way in Deno (the deployed functions) and Node (the dashboard and
// vitest import the same modules): the one reader, so a setting is never read two ways.
type Env = { get(name: string): string | undefined }

export function env(name: string): string | undefined {
  const deno = (globalThis as { Deno?: { env: Env } }).Deno
  if (deno) return deno.env.get(name)
  return (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env[name]
}

export const numberEnv = (name: string, fallback: number) => Number(env(name) ?? '') || fallback

/** A yes/no switch: only the word `true` turns it on. */
export const flagEnv = (name: string): boolean => env(name) === 'true'
