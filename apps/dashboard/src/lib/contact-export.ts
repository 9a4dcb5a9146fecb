// A contact's data request answered as one zip: `contact.json` (what export_contact returns: the contact and
// every conversation with its messages) and each file they sent or received under `files/`, named after its
// message so two "photo.jpg" never collide.
import { strToU8, zipSync } from 'fflate'
import { z } from 'zod'

const attachment = z.object({ path: z.string(), name: z.string() }).passthrough()
export const contactExportSchema = z
  .object({
    contact: z
      .object({ id: z.string(), email: z.string().nullable(), name: z.string().nullable() })
      .passthrough(),
    conversations: z.array(
      z
        .object({
          messages: z.array(
            z.object({ id: z.number(), attachments: z.array(attachment).catch([]) }).passthrough(),
          ),
        })
        .passthrough(),
    ),
  })
  .passthrough()
export type ContactExport = z.infer<typeof contactExportSchema>

export type ExportFile = { path: string; zipName: string }

/** Every file of the export with the name it gets in the zip. */
export function exportFiles(data: ContactExport): ExportFile[] {
  return data.conversations.flatMap((c) =>
    c.messages.flatMap((m) =>
      m.attachments.map((a) => ({
        path: a.path,
        zipName: `files/${m.id}-${a.name.replace(/[^\w.-]+/g, '_').slice(0, 100) || 'file'}`,
      })),
    ),
  )
}

/** The zip; a file Storage no longer has is listed in `missing_files` of contact.json instead. */
export function buildContactZip(data: ContactExport, files: Map<string, Uint8Array>): Uint8Array {
  const wanted = exportFiles(data)
  const missing = wanted.filter((f) => !files.has(f.path)).map((f) => f.zipName)
  const entries: Record<string, Uint8Array> = {
    'contact.json': strToU8(JSON.stringify({ ...data, missing_files: missing }, null, 2)),
  }
  for (const f of wanted) {
    const bytes = files.get(f.path)
    if (bytes) entries[f.zipName] = bytes
  }
  return zipSync(entries, { level: 6 })
}
