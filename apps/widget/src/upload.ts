// Sending a file (its own chunk, loaded the first time a visitor sends one): photos are re-drawn through a
// canvas first, which applies the camera's orientation, drops every bit of metadata (EXIF with its GPS
// position) and shrinks phone photos to at most 2048 px; then a signed upload URL from the chat function, the
// bytes straight to Storage, and the function turns the checked file into a message.
import type { ChatApi } from './chat-api.ts'
import { UploadFailed } from './i18n/errors.ts'

const MAX_SIDE = 2048

type Prepared = { blob: Blob; type: string; name: string }

async function redraw(file: File): Promise<Prepared | undefined> {
  if (
    !file.type.startsWith('image/') ||
    file.type === 'image/gif' ||
    typeof createImageBitmap !== 'function'
  ) {
    return undefined
  }
  const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' })
  const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height))
  const canvas = document.createElement('canvas')
  canvas.width = Math.max(1, Math.round(bitmap.width * scale))
  canvas.height = Math.max(1, Math.round(bitmap.height * scale))
  canvas.getContext('2d')?.drawImage(bitmap, 0, 0, canvas.width, canvas.height)
  bitmap.close()
  // PNG keeps its transparency; everything else (JPEG, WebP, HEIC from an iPhone) becomes a JPEG.
  const type = file.type === 'image/png' ? 'image/png' : 'image/jpeg'
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, type, 0.88))
  if (!blob) return undefined
  const stem = file.name.replace(/\.[^.]*$/, '') || 'photo'
  return { blob, type, name: `${stem}.${type === 'image/png' ? 'png' : 'jpg'}` }
}

/** A label the chat function accepts: no path, at most 200 characters. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is replaced
const label = (name: string) => name.replace(/[/\\]|\.\.|[\u0000-\u001f\u007f]/g, '_').slice(-200) || 'file'

export async function uploadFile(api: ChatApi, sessionId: string, file: File, clientId: string) {
  const prepared: Prepared = (await redraw(file).catch(() => undefined)) ?? {
    blob: file,
    type: file.type || 'application/octet-stream',
    name: file.name,
  }
  const name = label(prepared.name)
  const { upload } = await api.signAttachment({
    session_id: sessionId,
    name,
    type: prepared.type,
    size: prepared.blob.size,
  })
  const put = await fetch(upload.url, {
    method: 'PUT',
    body: prepared.blob,
    headers: { 'content-type': prepared.type },
  }).catch(() => undefined)
  if (!put?.ok) throw new UploadFailed(`upload: ${put?.status ?? 'network error'}`)
  return api.postAttachment({
    session_id: sessionId,
    client_id: clientId,
    upload: { id: upload.id, path: upload.path, name, type: prepared.type },
  })
}
