// An agent's files from Chatwoot, brought into Parley's bucket so the widget shows them like the visitor's
// own: fetched from Chatwoot's data_url (only on the store's Chatwoot host, where ActiveStorage signs them),
// typed by their bytes (JPEG, PNG, WebP, GIF, PDF; anything else is only named in the text), images stripped
// of metadata, stored under `<store>/<session>/<uuid>.<ext>`.
import { EXTENSIONS, sniffType } from '../attachments/sniff.ts'
import { stripMetadata } from '../attachments/strip-metadata.ts'
import { ChatwootNetworkError } from '../chatwoot/errors.ts'
import type { Db } from '../db.ts'

const MAX_BYTES = 52_428_800
const BUCKET = 'attachments'

export interface AgentFile {
  data_url: string
  file_type?: string
  extension?: string | null
}

// A type, not an interface: it is stored in a jsonb column, and only type literals fit the Json type.
export type StoredFile = {
  id: string
  path: string
  name: string
  type: string
  size: number
}

async function fetchFile(chatwootUrl: string, url: string): Promise<Uint8Array | undefined> {
  if (new URL(url).origin !== new URL(chatwootUrl).origin) return undefined
  let response: Response
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(30_000) })
  } catch (error) {
    throw new ChatwootNetworkError('GET', new URL(url).pathname, error)
  }
  if (response.status >= 500) throw new ChatwootNetworkError('GET', new URL(url).pathname, response.status)
  if (!response.ok) return undefined
  const bytes = new Uint8Array(await response.arrayBuffer())
  return bytes.length > 0 && bytes.length <= MAX_BYTES ? bytes : undefined
}

/** Stores what can be shown; the names of the files that cannot be, for the message's text. */
export async function storeAgentFiles(
  db: Db,
  chatwootUrl: string,
  storeId: string,
  sessionId: string,
  files: AgentFile[],
): Promise<{ stored: StoredFile[]; skipped: string[] }> {
  const stored: StoredFile[] = []
  const skipped: string[] = []
  for (const file of files) {
    const name = decodeURIComponent(new URL(file.data_url).pathname.split('/').pop() ?? 'file').slice(0, 200)
    const bytes = await fetchFile(chatwootUrl, file.data_url)
    const type = bytes && sniffType(bytes)
    if (!bytes || !type) {
      skipped.push(`📎 ${name} (open the conversation in Chatwoot to see it)`)
      continue
    }
    const clean = stripMetadata(type, bytes).bytes
    const id = crypto.randomUUID()
    const path = `${storeId}/${sessionId}/${id}.${EXTENSIONS[type]}`
    const { error } = await db.storage.from(BUCKET).upload(path, clean, { contentType: type, upsert: true })
    if (error) throw new Error(`Storage refused the agent's file: ${error.message}`)
    stored.push({ id, path, name, type, size: clean.length })
  }
  return { stored, skipped }
}
