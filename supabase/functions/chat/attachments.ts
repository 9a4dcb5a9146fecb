// Files and photos from the visitor, in three steps (see README.md, "Attachments"):
//   POST /chat/attachments/sign  { session_id, name, type, size } -> { upload: { id, path, token, url } }
//   (the widget PUTs the bytes to `url`, a Storage signed upload URL for a key this function chose)
//   POST /chat/attachments       { session_id, client_id, upload: { id, path, name, type }, caption? }
//                                -> { message, url }: checked, stripped of metadata, stored as a message
//   POST /chat/attachments/urls  { session_id, paths } -> { urls: { [path]: signed URL } } (own session only)
// A refused file is removed from Storage: nothing of it stays.
import { z } from 'zod'
import {
  ALLOWED_TYPES,
  checkFileName,
  EXTENSIONS,
  normalizeType,
  sniffType,
} from '../_shared/attachments/sniff.ts'
import { stripMetadata } from '../_shared/attachments/strip-metadata.ts'
import type { Tables } from '../_shared/database.types.ts'
import { serviceClient } from '../_shared/supabase.ts'
import { ClientError, ServerError, type Visitor } from './context.ts'
import { rpc } from './db.ts'

const BUCKET = 'attachments'
/** How long a download link the widget gets stays valid. */
const DOWNLOAD_SECONDS = 60 * 60

export const SignInput = z.strictObject({
  session_id: z.guid(),
  name: z.string().max(400),
  type: z.string().max(200),
  size: z.number().int().min(0),
})

export const AttachInput = z.strictObject({
  session_id: z.guid(),
  client_id: z.guid(),
  upload: z.strictObject({
    id: z.guid(),
    path: z.string().max(300),
    name: z.string().max(400),
    type: z.string().max(200),
  }),
  caption: z.string().trim().max(1000).optional(),
})

export const UrlsInput = z.strictObject({
  session_id: z.guid(),
  paths: z.array(z.string().max(300)).min(1).max(50),
})

const unsupported = () =>
  new ClientError(415, 'unsupported_type', 'Only photos (JPEG, PNG, WebP, GIF) and PDF files can be sent')

function checkedName(name: string): string {
  const problem = checkFileName(name)
  if (problem) throw new ClientError(400, 'invalid_file_name', problem)
  return name.trim()
}

export async function signUpload(input: z.infer<typeof SignInput>, visitor: Visitor) {
  checkedName(input.name)
  const type = normalizeType(input.type)
  if (!ALLOWED_TYPES.includes(type as never)) throw unsupported()
  const allowance = await rpc<{ store_id: string; session_id: string }>('chat_attachment_allowance', {
    p_visitor: visitor.id,
    p_session_id: input.session_id,
    p_size: input.size,
  })
  const id = crypto.randomUUID()
  const path = `${allowance.store_id}/${allowance.session_id}/${id}.${EXTENSIONS[type as keyof typeof EXTENSIONS]}`
  const { data, error } = await serviceClient().storage.from(BUCKET).createSignedUploadUrl(path)
  if (error || !data) throw new ServerError(`signing an upload URL: ${error?.message}`)
  return { upload: { id, path, token: data.token, url: data.signedUrl } }
}

export async function attach(input: z.infer<typeof AttachInput>, visitor: Visitor) {
  const { upload } = input
  const name = checkedName(upload.name)
  const declared = normalizeType(upload.type)
  const match = /^[0-9a-f-]{36}\/([0-9a-f-]{36})\/([0-9a-f-]{36})\.(jpg|png|webp|gif|pdf)$/.exec(upload.path)
  if (!match || match[1] !== input.session_id || match[2] !== upload.id) {
    throw new ClientError(400, 'invalid_request', 'The upload does not belong to this conversation')
  }
  const storage = serviceClient().storage.from(BUCKET)
  const { data: blob, error } = await storage.download(upload.path)
  if (error || !blob) throw new ClientError(400, 'upload_missing', 'Upload the file first, then send it')
  try {
    const bytes = new Uint8Array(await blob.arrayBuffer())
    if (bytes.length === 0) throw new ClientError(400, 'empty_file', 'The file is empty')
    const sniffed = sniffType(bytes)
    if (!sniffed) throw unsupported()
    if (sniffed !== declared || EXTENSIONS[sniffed] !== match[3]) {
      throw new ClientError(
        415,
        'wrong_file_type',
        `The file's contents are not what its type says (${declared})`,
      )
    }
    const stripped = stripMetadata(sniffed, bytes)
    if (stripped.bytes.length !== bytes.length) {
      const replaced = await storage.update(upload.path, stripped.bytes, { contentType: sniffed })
      if (replaced.error) throw new ServerError(`storing the stripped file: ${replaced.error.message}`)
    }
    const message = await rpc<Tables<'messages'>>('chat_post_attachment', {
      p_visitor: visitor.id,
      p_session_id: input.session_id,
      p_client_id: input.client_id,
      p_attachment: {
        id: upload.id,
        path: upload.path,
        name,
        type: sniffed,
        size: stripped.bytes.length,
        width: stripped.width ?? null,
        height: stripped.height ?? null,
      },
      p_caption: input.caption ?? '',
    })
    const signed = await storage.createSignedUrl(upload.path, DOWNLOAD_SECONDS)
    return { message, url: signed.data?.signedUrl ?? null }
  } catch (error) {
    // Refused (its bytes, a limit, a foreign session): the bytes go too.
    if (error instanceof ClientError && error.status !== 503) await storage.remove([upload.path])
    throw error
  }
}

export async function signedUrls(input: z.infer<typeof UrlsInput>, visitor: Visitor) {
  const own = new Set(
    await rpc<string[]>('chat_session_files', { p_visitor: visitor.id, p_session_id: input.session_id }),
  )
  const paths = input.paths.filter((p) => own.has(p))
  if (paths.length === 0) return { urls: {} }
  const { data, error } = await serviceClient().storage.from(BUCKET).createSignedUrls(paths, DOWNLOAD_SECONDS)
  if (error || !data) throw new ServerError(`signing download URLs: ${error?.message}`)
  return { urls: Object.fromEntries(data.filter((d) => d.signedUrl).map((d) => [d.path, d.signedUrl])) }
}
