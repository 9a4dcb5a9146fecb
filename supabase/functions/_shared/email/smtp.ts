import nodemailer from 'nodemailer'
import { EmailError, type EmailMessage, type EmailProvider } from './email.ts'

/**
 * Sends through an SMTP server (`smtp://user:pass@host:port`, `smtps://` for TLS). A 4xx reply or a lost
 * connection can be retried; a 5xx reply (no such mailbox, refused) cannot.
 */
export function smtpProvider(url: string): EmailProvider {
  const transport = nodemailer.createTransport(url)
  return {
    name: 'smtp',
    async send(message: EmailMessage) {
      try {
        const info = await transport.sendMail({
          from: message.from,
          to: message.to,
          subject: message.subject,
          text: message.text,
          html: message.html,
          messageId: message.idempotencyKey
            ? `<${message.idempotencyKey.replace(/[^\w.-]/g, '.')}@parley>`
            : undefined,
          attachments: message.attachments?.map((a) => ({
            filename: a.filename,
            contentType: a.contentType,
            content: Buffer.from(a.content),
          })),
        })
        return { id: String(info.messageId) }
      } catch (error) {
        const code = (error as { responseCode?: number }).responseCode
        const text = (error as { response?: string }).response ?? (error as Error).message
        if (code && code >= 500) throw new EmailError(`The mail server refused the email: ${text}`, false)
        throw new EmailError(`The mail server could not be reached or asked to wait: ${text}`, true)
      }
    },
  }
}
