import { EmailError, type EmailProvider } from './email.ts'
import { httpProvider } from './http.ts'
import { smtpProvider } from './smtp.ts'

export type EmailSettings = { provider: EmailProvider; from: string }

/**
 * The provider the environment configures: `EMAIL_SMTP_URL` (the dev command points it at its local SMTP
 * server), or `EMAIL_HTTP_URL` + `EMAIL_HTTP_TOKEN` (hosted); `EMAIL_FROM` is the sender.
 */
export function emailFromEnv(get: (name: string) => string | undefined): EmailSettings {
  const from = get('EMAIL_FROM') || 'Parley <reports@parley.localhost>'
  const http = get('EMAIL_HTTP_URL')
  if (http) {
    const token = get('EMAIL_HTTP_TOKEN')
    if (!token) throw new EmailError('EMAIL_HTTP_URL is set without EMAIL_HTTP_TOKEN', false)
    return { provider: httpProvider(http, token), from }
  }
  const smtp = get('EMAIL_SMTP_URL')
  if (smtp) return { provider: smtpProvider(smtp), from }
  throw new EmailError(
    'No email provider is configured (set EMAIL_SMTP_URL, or EMAIL_HTTP_URL and EMAIL_HTTP_TOKEN)',
    false,
  )
}
