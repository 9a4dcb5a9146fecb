/**
 * Accepts only same-origin paths for post-login redirects, so a crafted `?next=` cannot send a user to
 * another site (`//evil.example`, `https://…`, `/\evil`).
 */
export function safePath(value: unknown, fallback = '/stores'): string {
  if (typeof value !== 'string' || !value.startsWith('/')) return fallback
  if (value.startsWith('//') || value.startsWith('/\\')) return fallback
  return value
}
