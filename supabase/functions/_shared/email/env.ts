/** Reads the functions' environment (Deno when deployed, Node under vitest). */
export const functionsEnv = (name: string): string | undefined =>
  (globalThis as { Deno?: { env: { get(n: string): string | undefined } } }).Deno?.env.get(name) ??
  (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env[name]
