import { randomBytes } from 'node:crypto'
import { type SmtpInbox, startSmtpInbox } from '@parley/smtp-inbox'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { Stack } from '../src/stack.ts'
import { startTestStack, testDatabaseUrl } from '../src/testing.ts'

// A scheduled analytics report through the real scheduler, dispatcher and SMTP: the job renders the PDF
// and sends it to the chosen member through the local SMTP server, once per period; it then waits for
// the end of the next period in the store's time zone. A run again after sending sends nothing twice; with
// the mail server down the job keeps its report and retries until the server is back.

const demoStore = 'de000000-0000-4000-8000-000000000010'
const demoOwner = 'de000000-0000-4000-8000-000000000001'
const slow = { timeout: 90_000, interval: 250 }

describe('scheduled analytics reports', () => {
  let inbox: SmtpInbox
  let stack: Stack

  beforeAll(async () => {
    inbox = await startSmtpInbox()
    stack = await startTestStack({
      // PostgreSQL when TEST_DATABASE_URL names a server (quicker to start), else the embedded engine
      databaseUrl: testDatabaseUrl,
      seed: true,
      scheduler: true,
      functionsEnv: {
        PARLEY_ALLOW_PRIVATE_NETWORK: 'true',
        PARLEY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
        EMAIL_SMTP_URL: inbox.smtpUrl,
        EMAIL_FROM: 'Parley <reports@parley.test>',
      },
    })
  }, 300_000)
  afterAll(async () => {
    await stack?.stop()
    await inbox?.stop()
  })

  const sql = async (text: string, values: unknown[] = []) => (await stack.db.pool.query(text, values)).rows

  it('the last week’s report reaches the inbox with the PDF attached, once', async () => {
    await sql(`update public.stores set time_zone = 'Europe/Berlin' where id = $1`, [demoStore])
    const [schedule] = await sql(
      `insert into public.analytics_report_schedules (store_id, cadence, recipients)
       values ($1, 'weekly', array[$2]::uuid[]) returning id`,
      [demoStore, demoOwner],
    )
    // Creating it waits for the end of the current week in the store's zone.
    const [current] = await sql(
      `select payload, next_attempt_at > now() as later,
              (next_attempt_at at time zone 'Europe/Berlin')::time = '00:00' as at_midnight,
              extract(isodow from next_attempt_at at time zone 'Europe/Berlin') as weekday
       from public.outbox where topic = 'analytics.send_report'`,
    )
    expect(current).toMatchObject({ later: true, at_midnight: true, weekday: '1' })

    const [{ job }] = await sql(`select private.enqueue_analytics_report($1, -1) as job`, [schedule.id])
    expect(job).not.toBeNull()
    await vi.waitFor(async () => {
      const [state] = await sql(`select status, attempts, last_error from public.outbox where id = $1`, [job])
      expect({ mails: inbox.messages().length, job: state }).toEqual({ mails: 1, job: expect.anything() })
    }, slow)
    const [mail] = inbox.messages()
    expect(mail?.to).toEqual(['demo@parley.dev'])
    expect(mail?.subject).toMatch(
      /^Weekly analytics for Acme Outdoor: \d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2}$/,
    )
    expect(mail?.text).toContain('Conversations:')
    expect(mail?.attachments).toHaveLength(1)
    expect(mail?.attachments[0]?.contentType).toBe('application/pdf')
    expect(mail?.attachments[0]?.content.subarray(0, 5).toString()).toBe('%PDF-')

    // The same period again is not enqueued, so never sent twice.
    const [{ again }] = await sql(`select private.enqueue_analytics_report($1, -1) as again`, [schedule.id])
    expect(again).toBeNull()
    await vi.waitFor(async () => {
      const jobs = await sql(`select status from public.outbox where id = $1`, [job])
      expect(jobs[0]?.status).toBe('done')
    }, slow)
    expect(inbox.messages()).toHaveLength(1)

    // The same job run again (as after a lost answer) finds its period sent and sends nothing.
    await sql(
      `update public.outbox set status = 'pending', next_attempt_at = now(), result = null where id = $1`,
      [job],
    )
    await vi.waitFor(async () => {
      const [state] = await sql(`select status, result from public.outbox where id = $1`, [job])
      expect(state).toMatchObject({ status: 'done', result: { skipped: 'this period was sent already' } })
    }, slow)
    expect(inbox.messages()).toHaveLength(1)
  }, 240_000)

  it('with the mail server down the report waits and retries, and goes out once when it is back', async () => {
    const port = Number(new URL(inbox.smtpUrl).port)
    await inbox.stop()
    const [schedule] = await sql(
      `insert into public.analytics_report_schedules (store_id, cadence, recipients)
       values ($1, 'monthly', array[$2]::uuid[]) returning id`,
      [demoStore, demoOwner],
    )
    const [{ job }] = await sql(`select private.enqueue_analytics_report($1, -1) as job`, [schedule.id])
    expect(job).not.toBeNull()
    await vi.waitFor(async () => {
      const [state] = await sql(`select status, attempts, last_error from public.outbox where id = $1`, [job])
      expect(state).toMatchObject({ status: 'pending', attempts: 1, last_error: expect.any(String) })
    }, slow)

    inbox = await startSmtpInbox({ smtpPort: port })
    await sql(`update public.outbox set next_attempt_at = now() where id = $1`, [job])
    await vi.waitFor(async () => {
      const [state] = await sql(`select status from public.outbox where id = $1`, [job])
      expect({ mails: inbox.messages().length, status: state?.status }).toEqual({ mails: 1, status: 'done' })
    }, slow)
  }, 240_000)
})
