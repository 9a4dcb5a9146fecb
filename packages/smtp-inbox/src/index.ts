import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { simpleParser } from 'mailparser'
import { SMTPServer } from 'smtp-server'

export type ReceivedAttachment = { filename: string; contentType: string; size: number; content: Buffer }
export type ReceivedEmail = {
  id: number
  receivedAt: string
  from: string
  to: string[]
  subject: string
  text: string
  attachments: ReceivedAttachment[]
}

export type SmtpInbox = {
  /** `smtp://127.0.0.1:<port>`: what EMAIL_SMTP_URL is set to. */
  smtpUrl: string
  /** The inbox page (and `/api/messages`, JSON). */
  inboxUrl: string
  messages(): ReceivedEmail[]
  stop(): Promise<void>
}

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  )

/**
 * A real SMTP server (no authentication, no TLS: loopback only) that parses and keeps every email it
 * accepts, and a small HTTP server showing them: `/` (the inbox), `/api/messages` (JSON without attachment
 * bodies), `/messages/<id>/attachments/<n>` (an attachment's bytes).
 */
export async function startSmtpInbox(
  options: { smtpPort?: number; httpPort?: number; host?: string } = {},
): Promise<SmtpInbox> {
  const host = options.host ?? '127.0.0.1'
  const received: ReceivedEmail[] = []
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    size: 25 * 1024 * 1024,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          received.push({
            id: received.length + 1,
            receivedAt: new Date().toISOString(),
            from: mail.from?.text ?? session.envelope.mailFrom?.toString() ?? '',
            to: session.envelope.rcptTo.map((r) => r.address),
            subject: mail.subject ?? '',
            text: mail.text ?? '',
            attachments: mail.attachments.map((a) => ({
              filename: a.filename ?? 'attachment',
              contentType: a.contentType,
              size: a.size,
              content: a.content,
            })),
          })
          callback()
        })
        .catch((error: Error) => callback(error))
    },
  })
  await new Promise<void>((resolve, reject) => {
    smtp.once('error', reject)
    smtp.listen(options.smtpPort ?? 0, host, () => resolve())
  })
  const smtpPort = (smtp.server.address() as AddressInfo).port

  const http: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://inbox')
    if (url.pathname === '/api/messages') {
      res.setHeader('content-type', 'application/json')
      res.end(
        JSON.stringify(
          received.map((m) => ({ ...m, attachments: m.attachments.map(({ content: _, ...rest }) => rest) })),
        ),
      )
      return
    }
    const attachment = /^\/messages\/(\d+)\/attachments\/(\d+)$/.exec(url.pathname)
    if (attachment) {
      const found = received.find((m) => m.id === Number(attachment[1]))?.attachments[Number(attachment[2])]
      if (!found) {
        res.statusCode = 404
        res.end('not found')
        return
      }
      res.setHeader('content-type', found.contentType)
      res.setHeader('content-disposition', `inline; filename="${found.filename.replace(/[^\w.-]/g, '_')}"`)
      res.end(found.content)
      return
    }
    res.setHeader('content-type', 'text/html; charset=utf-8')
    const rows = [...received]
      .reverse()
      .map(
        (
          m,
        ) => `<article><h2>${escapeHtml(m.subject)}</h2><p>From ${escapeHtml(m.from)} to ${escapeHtml(m.to.join(', '))}, ${m.receivedAt}</p>
<pre>${escapeHtml(m.text)}</pre><ul>${m.attachments
          .map(
            (a, i) =>
              `<li><a href="/messages/${m.id}/attachments/${i}">${escapeHtml(a.filename)}</a> (${a.size} bytes)</li>`,
          )
          .join('')}</ul></article>`,
      )
      .join('<hr>')
    res.end(
      `<!doctype html><meta charset="utf-8"><title>Parley dev inbox</title><body style="font-family:system-ui;max-width:760px;margin:auto">
<h1>Dev inbox</h1><p>Every email Parley sent through smtp://${host}:${smtpPort} since the dev command started.</p>${rows || '<p>No email yet.</p>'}</body>`,
    )
  })
  await new Promise<void>((resolve) => http.listen(options.httpPort ?? 0, host, () => resolve()))
  const httpPort = (http.address() as AddressInfo).port

  return {
    smtpUrl: `smtp://${host}:${smtpPort}`,
    inboxUrl: `http://${host}:${httpPort}`,
    messages: () => received,
    async stop() {
      await new Promise<void>((resolve) => smtp.close(() => resolve()))
      await new Promise<void>((resolve) => http.close(() => resolve()))
    },
  }
}
