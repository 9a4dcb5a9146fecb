// Upserting a Parley contact into the store's Chatwoot account: found by our stored id, else by the
// store's identifier, else by e-mail, else created; the Chatwoot id is saved on the contact. Creation
// converges: when Chatwoot says the identifier or e-mail "has already been taken" (someone created it
// between our lookup and our create, or a create whose answer was lost did), it is looked up and updated.
import {
  type AccountClient,
  ChatwootHttpError,
  type Contact,
  type ContactInput,
  type Json,
} from '../chatwoot/index.ts'
import type { Tables } from '../database.types.ts'
import { type Db, must } from '../db.ts'

export type ContactRow = Pick<
  Tables<'contacts'>,
  'id' | 'store_id' | 'external_id' | 'email' | 'name' | 'phone' | 'custom_attributes' | 'chatwoot_contact_id'
>

const contactColumns = 'id, store_id, external_id, email, name, phone, custom_attributes, chatwoot_contact_id'

export async function loadContact(db: Db, storeId: string, contactId: string): Promise<ContactRow | null> {
  return must(
    await db
      .from('contacts')
      .select(contactColumns)
      .eq('id', contactId)
      .eq('store_id', storeId)
      .maybeSingle(),
    'reading the contact',
  )
}

/** Lead score, sentiment and language come from the contact's latest session. */
async function sessionAttributes(db: Db, contact: ContactRow): Promise<Json> {
  const latest = must(
    await db
      .from('chat_sessions')
      .select('lead_score, sentiment, language')
      .eq('store_id', contact.store_id)
      .eq('contact_id', contact.id)
      .order('last_message_at', { ascending: false })
      .limit(1)
      .maybeSingle(),
    'reading the latest session',
  )
  const attrs: Json = {}
  if (latest?.lead_score != null) attrs.parley_lead_score = latest.lead_score
  if (latest?.sentiment != null) attrs.parley_sentiment = Math.round(latest.sentiment * 100) / 100
  if (latest?.language) attrs.parley_language = latest.language
  return attrs
}

/** setCustomAttributes values that Chatwoot can hold (scalars), then Parley's own. */
function customAttributes(contact: ContactRow, parley: Json): Json {
  const attrs: Json = {}
  for (const [key, value] of Object.entries(contact.custom_attributes ?? {})) {
    if (['string', 'number', 'boolean'].includes(typeof value)) attrs[key] = value
  }
  return { ...attrs, ...parley }
}

function contactInput(contact: ContactRow, parley: Json): ContactInput {
  const input: ContactInput = {
    name: contact.name?.trim() || contact.email || `Visitor ${contact.id.slice(0, 8)}`,
    custom_attributes: customAttributes(contact, parley),
  }
  if (contact.email) input.email = contact.email
  if (contact.external_id) input.identifier = contact.external_id
  // Chatwoot only takes E.164 numbers.
  if (contact.phone && /^\+[1-9]\d{5,14}$/.test(contact.phone)) input.phone_number = contact.phone
  return input
}

const notFound = (error: unknown) => error instanceof ChatwootHttpError && error.status === 404
const alreadyTaken = (error: unknown) =>
  error instanceof ChatwootHttpError && error.status === 422 && /already been taken/i.test(error.detail)

async function findExisting(client: AccountClient, input: ContactInput): Promise<Contact | undefined> {
  return (
    (input.identifier ? await client.contacts.findByIdentifier(input.identifier) : undefined) ??
    (input.email ? await client.contacts.findByEmail(input.email) : undefined)
  )
}

/** Creates or updates the contact in Chatwoot; returns its Chatwoot id (saved on our row). */
export async function upsertContact(db: Db, client: AccountClient, contact: ContactRow): Promise<number> {
  const input = contactInput(contact, await sessionAttributes(db, contact))
  let chatwootId: number | null = null
  if (contact.chatwoot_contact_id) {
    try {
      chatwootId = (await client.contacts.update(contact.chatwoot_contact_id, input)).id
    } catch (error) {
      if (!notFound(error)) throw error
    }
  }
  if (!chatwootId) {
    const found = await findExisting(client, input)
    if (found) chatwootId = (await client.contacts.update(found.id, input)).id
    else {
      try {
        chatwootId = (await client.contacts.create(input)).contact.id
      } catch (error) {
        const existing = alreadyTaken(error) ? await findExisting(client, input) : undefined
        if (!existing) throw error
        chatwootId = (await client.contacts.update(existing.id, input)).id
      }
    }
  }
  if (chatwootId !== contact.chatwoot_contact_id) {
    must(
      await db
        .from('contacts')
        .update({ chatwoot_contact_id: chatwootId })
        .eq('id', contact.id)
        .eq('store_id', contact.store_id),
      'saving the Chatwoot contact id',
    )
  }
  return chatwootId
}

/** GDPR erasure: the contact (and, in Chatwoot, its conversations) is deleted; already gone is fine. */
export async function eraseContact(client: AccountClient, chatwootContactId: number): Promise<void> {
  try {
    await client.contacts.delete(chatwootContactId)
  } catch (error) {
    if (!notFound(error)) throw error
  }
}
