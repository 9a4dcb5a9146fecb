import { EmailError, type EmailMessage, type EmailProvider } from './email.ts'

/**
 * Sends through an HTTP email API of the shape Resend (and others alike) take: `POST <url>/emails` with a
 * bearer token, JSON `{ from, to, subject, text, html, attachments: [{ filename, content (base64) }] }`
 * and an `Idempotency-Key` header. 429 and 5xx retry (429 after its Retry-After), other refusals do not.
 */
export function httpProvider(url: string, token: string, fetcher: typeof fetch = fetch): EmailProvider {
  const endpoint = `${url.replace(/\/+$/, '')}/emails`
  return {
    name: 'http',
    async send(message: EmailMessage) {
      let response: Response
      try {
        response = await fetcher(endpoint, {
          method: 'POST',
          headers: {
            Authorization: `Bearer ${token}`,
            'Content-Type': 'application/json',
            ...(message.idempotencyKey ? { 'Idempotency-Key': message.idempotencyKey } : {}),
          },
          body: JSON.stringify({
            from: message.from,
            to: message.to,
            subject: message.subject,
            text: message.text,
            html: message.html,
            attachments: message.attachments?.map((a) => ({
              filename: a.filename,
              content_type: a.contentType,
              content: toBase64(a.content),
            })),
          }),
          signal: AbortSignal.timeout(20_000),
        })
      } catch (error) {
        throw new EmailError(`The email service could not be reached: ${(error as Error).message}`, true)
      }
      const body = await response.text()
      if (response.ok) {
        const id = (() => {
          try {
            return String((JSON.parse(body) as { id?: unknown }).id ?? '')
          } catch {
            return ''
          }
        })()
        return { id }
      }
      const retryAfter = Number(response.headers.get('retry-after')) || undefined
      const retryable = response.status === 429 || response.status >= 500
      throw new EmailError(
        `The email service answered ${response.status}: ${body.slice(0, 300)}`,
        retryable,
        retryAfter,
      )
    },
  }
}

function toBase64(bytes: Uint8Array): string {
  let binary = ''
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(binary)
}
