import { z } from 'zod'
import { getCurrentUser } from '../../../../../../../lib/auth.ts'
import { buildContactZip, contactExportSchema, exportFiles } from '../../../../../../../lib/contact-export.ts'
import { createClient } from '../../../../../../../lib/supabase/server.ts'

const refuse = (status: number, message: string) =>
  new Response(message, { status, headers: { 'content-type': 'text/plain; charset=utf-8' } })

/**
 * An owner's export of one contact (a data request): a zip of contact.json and their files, read as the
 * signed-in owner (export_contact refuses anyone else and writes the audit entry; Storage's RLS lets members
 * read their store's files).
 */
export async function GET(
  _request: Request,
  { params }: { params: Promise<{ storeId: string; contactId: string }> },
) {
  const { storeId, contactId } = await params
  if (!z.uuid().safeParse(contactId).success || !z.uuid().safeParse(storeId).success)
    return refuse(404, 'No such contact.')
  const user = await getCurrentUser()
  if (!user) return refuse(401, 'Sign in first.')
  const supabase = await createClient()
  const { data, error } = await supabase.rpc('export_contact', { p_contact_id: contactId })
  if (error?.code === 'P0002') return refuse(404, 'No such contact, or only an owner may export it.')
  const parsed = contactExportSchema.safeParse(data)
  if (error || !parsed.success) return refuse(503, 'Could not read the contact. Try again.')
  const files = new Map<string, Uint8Array>()
  for (const file of exportFiles(parsed.data)) {
    const { data: blob } = await supabase.storage.from('attachments').download(file.path)
    if (blob) files.set(file.path, new Uint8Array(await blob.arrayBuffer()))
  }
  const zip = buildContactZip(parsed.data, files)
  return new Response(zip as BodyInit, {
    headers: {
      'content-type': 'application/zip',
      'content-disposition': `attachment; filename="contact-${contactId}.zip"`,
      'cache-control': 'private, no-store',
    },
  })
}
