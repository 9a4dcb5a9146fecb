// Outbox consumer for Chatwoot contact work (called by supabase/functions/outbox with the service key):
//   POST { job: { id, store_id, topic, payload, attempts } }
// Topics: chatwoot.sync_contact, chatwoot.erase_contact, chatwoot.handoff, chatwoot.forward_message.
// 2xx: done. 429/503 { retry_after_seconds }: retry. 422 { retry: false }: dead letter (see errors.ts).
// Every handler is idempotent: the dispatcher may run a job twice.
import { z } from 'zod'
import { accountClient } from '../_shared/chatwoot-account.ts'
import { errorResponse, isServiceRole, json } from '../_shared/http.ts'
import { serviceClient } from '../_shared/supabase.ts'
import { eraseContact, loadContact, upsertContact } from './contacts.ts'
import { failureResponse, JobRefused, RetryLater } from './errors.ts'
import { forwardMessage, handoff } from './handoff.ts'

const uuid = z.string().uuid()
const Job = z.object({
  id: z.union([z.number(), z.string()]),
  store_id: uuid,
  topic: z.string(),
  payload: z.record(z.string(), z.unknown()),
  attempts: z.number().int().nonnegative().optional(),
})
const Payloads = {
  'chatwoot.sync_contact': z.object({ contact_id: uuid }),
  'chatwoot.erase_contact': z.object({ contact_id: uuid, chatwoot_contact_id: z.number().int().positive() }),
  'chatwoot.handoff': z.object({ session_id: uuid }),
  'chatwoot.forward_message': z.object({ session_id: uuid, message_id: z.number().int().positive() }),
}

async function run(job: z.infer<typeof Job>) {
  const db = serviceClient()
  const schema = Payloads[job.topic as keyof typeof Payloads]
  if (!schema) throw new JobRefused(`unknown topic ${job.topic}`)
  const parsed = schema.safeParse(job.payload)
  if (!parsed.success) throw new JobRefused(`invalid payload for ${job.topic}`)
  const payload = parsed.data as Record<string, unknown>

  const found = await accountClient(db, job.store_id)
  if (!found) throw new RetryLater('the store has no active Chatwoot account yet', 10)
  const { account, client } = found

  switch (job.topic) {
    case 'chatwoot.sync_contact': {
      const contact = await loadContact(db, job.store_id, payload.contact_id as string)
      if (!contact) return { skipped: 'contact gone' }
      return { chatwoot_contact_id: await upsertContact(db, client, contact) }
    }
    case 'chatwoot.erase_contact':
      await eraseContact(client, payload.chatwoot_contact_id as number)
      return { erased: payload.chatwoot_contact_id }
    case 'chatwoot.handoff':
      return handoff(db, account, client, payload.session_id as string)
    default:
      return forwardMessage(db, account, client, payload.session_id as string, payload.message_id as number)
  }
}

Deno.serve(async (req) => {
  if (req.method !== 'POST') return errorResponse(405, 'method_not_allowed', 'POST a job')
  if (!isServiceRole(req)) return errorResponse(403, 'forbidden', 'Only the outbox dispatcher runs jobs')
  let body: unknown
  try {
    body = await req.json()
  } catch {
    return json({ error: 'invalid JSON', retry: false }, 422)
  }
  const parsed = z.object({ job: Job }).safeParse(body)
  if (!parsed.success) return json({ error: 'invalid job envelope', retry: false }, 422)
  try {
    return json({ ok: true, result: await run(parsed.data.job) })
  } catch (error) {
    return failureResponse(error)
  }
})
