// The one email provider interface: a real SMTP server in development and tests (the dev command starts
// one, with an inbox page), an HTTP provider where SMTP ports are closed (hosted Supabase's Edge Functions
// block 25 and 587). Which one is used comes from the environment (provider.ts).

export type EmailAttachment = { filename: string; contentType: string; content: Uint8Array }

export type EmailMessage = {
  from: string
  to: string[]
  subject: string
  text: string
  html?: string
  attachments?: EmailAttachment[]
  /** Sent as the provider's idempotency key where it has one, so a retried send is not delivered twice. */
  idempotencyKey?: string
}

export interface EmailProvider {
  readonly name: 'smtp' | 'http'
  send(message: EmailMessage): Promise<{ id: string }>
}

/** A refusal or failure of the provider; `retryable` when trying again later can help. */
export class EmailError extends Error {
  override name = 'EmailError'
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly retryAfterSeconds?: number,
  ) {
    super(message)
  }
}
