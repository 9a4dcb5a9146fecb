// What every fake's server shares: reading bodies, answering JSON and HTML, escaping what it shows.
import type { IncomingMessage, ServerResponse } from 'node:http'

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

/** The body's fields, from JSON or a form. Non-string JSON values are kept as they are. */
export function fieldsOf(req: IncomingMessage, body: string): Record<string, unknown> {
  const type = req.headers['content-type'] ?? ''
  if (!body) return {}
  if (type.includes('application/json')) {
    try {
      return JSON.parse(body) as Record<string, unknown>
    } catch {
      return { __invalid_json: body }
    }
  }
  return Object.fromEntries(new URLSearchParams(body))
}

export function json(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...headers })
  res.end(JSON.stringify(body))
}

export function html(res: ServerResponse, status: number, body: string) {
  res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' })
  res.end(body)
}

export const escapeHtml = (text: unknown) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

export function page(title: string, content: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${escapeHtml(title)}</title><style>body{font:15px system-ui;margin:2rem;max-width:60rem}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.4rem;text-align:left;vertical-align:top}
pre{white-space:pre-wrap;margin:0}.bad{color:#b00}</style></head><body>${content}</body></html>`
}

export async function sha256base64url(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)))
  return Buffer.from(digest).toString('base64url')
}
