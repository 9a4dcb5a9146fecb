// POST /chat/sessions: start or resume a session for a chatbot, optionally as a verified contact.
import type { Db, Visitor } from './context.ts'
import { assertVisitorSession, ClientError, must, type SessionRow, sessionColumns } from './context.ts'
import { verifyIdentity } from './identity.ts'
import type { SessionInput } from './schemas.ts'

interface Chatbot {
  id: string
  store_id: string
  languages: string[]
}

interface Contact {
  id: string
  verified: boolean
  custom_attributes: Record<string, unknown>
}

const contactColumns = 'id, verified, custom_attributes'

/** Fields to set on a contact from the request (never erasing what is known). */
function contactPatch(input: SessionInput, existing?: Contact): Record<string, unknown> {
  const patch: Record<string, unknown> = {}
  if (input.identity?.email) patch.email = input.identity.email.toLowerCase()
  if (input.identity?.name) patch.name = input.identity.name
  if (input.attributes)
    patch.custom_attributes = { ...(existing?.custom_attributes ?? {}), ...input.attributes }
  return patch
}

async function verifiedContact(
  db: Db,
  bot: Chatbot,
  input: SessionInput,
  visitor: Visitor,
): Promise<Contact> {
  const identity = input.identity
  if (!identity) throw new Error('unreachable')
  const secret = must(
    await db
      .from('chatbot_secrets')
      .select('identity_secret')
      .eq('chatbot_id', bot.id)
      .eq('store_id', bot.store_id)
      .single(),
    'reading the identity secret',
  ) as { identity_secret: string }
  if (!(await verifyIdentity(secret.identity_secret, identity.identifier, identity.identifier_hash))) {
    throw new ClientError(401, 'invalid_identity', 'identifier_hash does not match the identifier')
  }

  const find = async () =>
    must(
      await db
        .from('contacts')
        .select(contactColumns)
        .eq('store_id', bot.store_id)
        .eq('external_id', identity.identifier)
        .maybeSingle(),
      'finding the contact',
    ) as Contact | null
  let contact = await find()
  if (!contact) {
    const inserted = await db
      .from('contacts')
      .insert({
        store_id: bot.store_id,
        external_id: identity.identifier,
        verified: true,
        ...contactPatch(input),
      })
      .select(contactColumns)
      .single()
    // Two devices verifying at once: the other insert won, use its row.
    if (inserted.error?.code === '23505') contact = await find()
    else contact = must(inserted, 'creating the contact') as Contact
    if (!contact) throw new Error('the contact vanished')
  }
  const patch = { ...contactPatch(input, contact), verified: true }
  contact = must(
    await db
      .from('contacts')
      .update(patch)
      .eq('id', contact.id)
      .eq('store_id', bot.store_id)
      .select(contactColumns)
      .single(),
    'updating the contact',
  ) as Contact

  must(
    await db
      .from('contact_visitors')
      .upsert(
        { store_id: bot.store_id, contact_id: contact.id, visitor_id: visitor.id },
        { onConflict: 'contact_id,visitor_id', ignoreDuplicates: true },
      ),
    'linking the visitor',
  )
  return contact
}

/** The visitor's own unverified contact in this store (an e-mail here is only data: it links nothing). */
async function visitorContact(db: Db, bot: Chatbot, input: SessionInput, visitor: Visitor): Promise<Contact> {
  const existing = must(
    await db
      .from('contacts')
      .select(contactColumns)
      .eq('store_id', bot.store_id)
      .eq('visitor_id', visitor.id)
      .is('external_id', null)
      .order('created_at')
      .limit(1)
      .maybeSingle(),
    'finding the visitor contact',
  ) as Contact | null
  if (!existing) {
    return must(
      await db
        .from('contacts')
        .insert({ store_id: bot.store_id, visitor_id: visitor.id, verified: false, ...contactPatch(input) })
        .select(contactColumns)
        .single(),
      'creating the visitor contact',
    ) as Contact
  }
  const patch = contactPatch(input, existing)
  if (Object.keys(patch).length === 0) return existing
  return must(
    await db
      .from('contacts')
      .update(patch)
      .eq('id', existing.id)
      .eq('store_id', bot.store_id)
      .select(contactColumns)
      .single(),
    'updating the visitor contact',
  ) as Contact
}

export async function startSession(db: Db, input: SessionInput, visitor: Visitor) {
  const bot = must(
    await db.from('chatbots').select('id, store_id, languages').eq('public_id', input.chatbot).maybeSingle(),
    'finding the chatbot',
  ) as Chatbot | null
  if (!bot) throw new ClientError(404, 'unknown_chatbot', 'No chatbot has this public id')

  const contact = input.identity
    ? await verifiedContact(db, bot, input, visitor)
    : await visitorContact(db, bot, input, visitor)

  let session: SessionRow
  if (input.session_id) {
    const found = must(
      await db
        .from('chat_sessions')
        .select(sessionColumns)
        .eq('id', input.session_id)
        .eq('store_id', bot.store_id)
        .eq('chatbot_id', bot.id)
        .maybeSingle(),
      'finding the session',
    ) as SessionRow | null
    session = await assertVisitorSession(db, found, visitor)
    // The visitor's own session moves to the contact they just proved to be.
    if (contact.verified && session.visitor_id === visitor.id && session.contact_id !== contact.id) {
      session = must(
        await db
          .from('chat_sessions')
          .update({ contact_id: contact.id })
          .eq('id', session.id)
          .eq('store_id', bot.store_id)
          .select(sessionColumns)
          .single(),
        'attaching the contact',
      ) as SessionRow
    }
  } else {
    session = must(
      await db
        .from('chat_sessions')
        .insert({
          store_id: bot.store_id,
          chatbot_id: bot.id,
          contact_id: contact.id,
          visitor_id: visitor.id,
          language: input.language ?? bot.languages[0] ?? 'en',
        })
        .select(sessionColumns)
        .single(),
      'creating the session',
    ) as SessionRow
  }

  return {
    session: {
      id: session.id,
      status: session.status,
      chatbot_id: session.chatbot_id,
      started_at: session.started_at,
    },
    contact: { id: contact.id, verified: contact.verified },
  }
}
