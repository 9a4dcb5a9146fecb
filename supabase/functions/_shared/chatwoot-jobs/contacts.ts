// Upserting a Parley contact into the store's Chatwoot account. Only what the store vouches for selects an
// existing Chatwoot contact: our stored Chatwoot id, else the store's identifier (external_id: signed with the
// chatbot's identity secret, or written by the store itself). E-mail, name and phone are the visitor's word:
// they never select a contact, and when another contact already holds the e-mail or phone, this contact is
// kept without them (as custom attributes parley_unverified_email / parley_unverified_phone) rather than
// merged into that person's. Creation converges: "has already been taken" for our own identifier, or for an
// e-mail on a contact carrying our parley_contact_id (a create whose answer was lost), continues with it.
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

/** Parley's id on the Chatwoot contact: how a sync recognises a contact it created itself. */
const OWN_ID = 'parley_contact_id'

function contactInput(contact: ContactRow, parley: Json): ContactInput {
  const input: ContactInput = {
    name: contact.name?.trim() || contact.email || `Visitor ${contact.id.slice(0, 8)}`,
    // Parley's own keys last: a visitor's setCustomAttributes cannot set them.
    custom_attributes: customAttributes(contact, { ...parley, [OWN_ID]: contact.id }),
  }
  if (contact.email) input.email = contact.email
  if (contact.external_id) input.identifier = contact.external_id
  // Chatwoot only takes E.164 numbers.
  if (contact.phone && /^\+[1-9]\d{5,14}$/.test(contact.phone)) input.phone_number = contact.phone
  return input
}

/**
 * The input without the e-mail and phone another contact holds: kept as attributes marked unverified, and
 * not as the name either (a nameless contact is named by its e-mail), so agents never read it as that person.
 */
function withoutUnverified(contact: ContactRow, input: ContactInput): ContactInput {
  const { email, phone_number, ...rest } = input
  const kept: Json = {}
  if (email) kept.parley_unverified_email = email
  if (phone_number) kept.parley_unverified_phone = phone_number
  const name = rest.name && rest.name !== email ? rest.name : `Visitor ${contact.id.slice(0, 8)}`
  return { ...rest, name, custom_attributes: { ...(rest.custom_attributes ?? {}), ...kept } }
}

const notFound = (error: unknown) => error instanceof ChatwootHttpError && error.status === 404
const alreadyTaken = (error: unknown) =>
  error instanceof ChatwootHttpError && error.status === 422 && /already been taken/i.test(error.detail)

/**
 * The visitor's own Chatwoot contact, if there is one: the store's identifier, or a contact with this
 * e-mail that carries our id (we made it). Never a contact that merely shares an unverified e-mail.
 */
async function findOwn(
  client: AccountClient,
  contact: ContactRow,
  input: ContactInput,
): Promise<Contact | undefined> {
  const byIdentifier = input.identifier ? await client.contacts.findByIdentifier(input.identifier) : undefined
  if (byIdentifier) return byIdentifier
  const byEmail = input.email ? await client.contacts.findByEmail(input.email) : undefined
  return byEmail?.custom_attributes?.[OWN_ID] === contact.id ? byEmail : undefined
}

/** Updates the visitor's own contact; an e-mail or phone another contact holds stays out of it. */
async function update(
  client: AccountClient,
  contact: ContactRow,
  chatwootId: number,
  input: ContactInput,
): Promise<number> {
  try {
    return (await client.contacts.update(chatwootId, input)).id
  } catch (error) {
    if (!alreadyTaken(error)) throw error
    return (await client.contacts.update(chatwootId, withoutUnverified(contact, input))).id
  }
}

/** Creates the visitor's own contact; converges on one created meanwhile, never on someone else's. */
async function create(client: AccountClient, contact: ContactRow, input: ContactInput): Promise<number> {
  for (const attempt of [input, withoutUnverified(contact, input)]) {
    try {
      return (await client.contacts.create(attempt)).contact.id
    } catch (error) {
      if (!alreadyTaken(error)) throw error
      // Our identifier (another job, or a create whose answer was lost): that contact is this one.
      const own = await findOwn(client, contact, input)
      if (own) return update(client, contact, own.id, input)
      // Otherwise the e-mail or phone is another person's: try again without them.
    }
  }
  throw new Error('Chatwoot keeps refusing the contact as already taken')
}

/** Creates or updates the contact in Chatwoot; returns its Chatwoot id (saved on our row). */
export async function upsertContact(db: Db, client: AccountClient, contact: ContactRow): Promise<number> {
  const input = contactInput(contact, await sessionAttributes(db, contact))
  let chatwootId: number | null = null
  if (contact.chatwoot_contact_id) {
    try {
      chatwootId = await update(client, contact, contact.chatwoot_contact_id, input)
    } catch (error) {
      if (!notFound(error)) throw error
    }
  }
  if (!chatwootId) {
    const own = await findOwn(client, contact, input)
    chatwootId = own ? await update(client, contact, own.id, input) : await create(client, contact, input)
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
