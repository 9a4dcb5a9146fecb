import { startSmtpInbox } from './index.ts'

// `smtp-inbox`: the dev command's mail server on SMTP_INBOX_SMTP_PORT (2525) with its page on
// SMTP_INBOX_HTTP_PORT (8025); busy ports fall back to free ones.
const ports = {
  smtpPort: Number(process.env.SMTP_INBOX_SMTP_PORT ?? 2525),
  httpPort: Number(process.env.SMTP_INBOX_HTTP_PORT ?? 8025),
}
const inbox = await startSmtpInbox(ports).catch(() => startSmtpInbox())
console.log(`SMTP inbox: ${inbox.smtpUrl}, read it at ${inbox.inboxUrl}`)
const stop = () => void inbox.stop().then(() => process.exit(0))
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
