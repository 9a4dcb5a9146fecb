import { execFile } from 'node:child_process'
import { createCipheriv, createDecipheriv, randomBytes, randomUUID } from 'node:crypto'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { createClient, FunctionsHttpError, type SupabaseClient } from '@supabase/supabase-js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { repoRoot } from '../src/config.ts'
import type { Stack } from '../src/stack.ts'
import { startTestStack } from '../src/testing.ts'
import { anonymousVisitor, callChat } from './fixtures/chat-client.ts'
import { type FakeProvider, startFakeProvider } from './fixtures/fake-llm.ts'

// The chatbot's AI provider key at rest: set through the chatbot-secrets function (owners and admins), stored
// encrypted ("v1.<iv>.<data>", AES-256-GCM with PARLEY_ENCRYPTION_KEY), opened by the chat function, never
// readable through the API; and the encryption key's rotation (rotate-secrets, PARLEY_ENCRYPTION_KEY_PREVIOUS).
// The stack runs mid-rotation: `current` is the key, `previous` the one before it.
const demoStore = 'de000000-0000-4000-8000-000000000010'
const current = randomBytes(32)
const previous = randomBytes(32)

function seal(key: Buffer, plain: string): string {
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', key, iv)
  const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final(), cipher.getAuthTag()])
  return `v1.${iv.toString('base64')}.${data.toString('base64')}`
}

/** The plain text, when `key` opens the value; null otherwise. */
function open(key: Buffer, stored: string): string | null {
  const [version, iv, data] = stored.split('.')
  if (version !== 'v1' || !iv || !data) return null
  const bytes = Buffer.from(data, 'base64')
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'))
    decipher.setAuthTag(bytes.subarray(-16))
    return Buffer.concat([decipher.update(bytes.subarray(0, -16)), decipher.final()]).toString('utf8')
  } catch {
    return null
  }
}

describe('the AI provider key, encrypted at rest', () => {
  let stack: Stack
  let fake: FakeProvider
  let service: SupabaseClient
  let owner: SupabaseClient
  let agent: SupabaseClient

  const client = (key: string): SupabaseClient =>
    createClient(stack.env.SUPABASE_URL, key, {
      auth: { persistSession: false, autoRefreshToken: false },
      realtime: { transport: WebSocket as never },
    })

  async function signedIn(email: string): Promise<SupabaseClient> {
    const c = client(stack.env.SUPABASE_ANON_KEY)
    const { error } = await c.auth.signInWithPassword({ email, password: 'parley-demo-2026' })
    if (error) throw error
    return c
  }

  /** A new chatbot of the demo store whose provider is the fake, and its key stored as `apiKey` (raw). */
  async function providerBot(apiKey: string | null = null): Promise<{ id: string; publicId: string }> {
    const publicId = `key${randomUUID().slice(0, 8)}`
    const bot = await service
      .from('chatbots')
      .insert({ store_id: demoStore, name: 'Key bot', public_id: publicId, languages: ['en'] })
      .select('id')
      .single<{ id: string }>()
      .throwOnError()
    await service
      .from('chatbot_ai_settings')
      .update({
        provider: 'openai',
        base_url: `${fake.url}/v1`,
        model: 'fake',
        api_key: apiKey,
        timeout_ms: 3000,
      })
      .eq('chatbot_id', bot.data.id)
      .throwOnError()
    return { id: bot.data.id, publicId }
  }

  const storedKey = async (chatbotId: string): Promise<string | null> =>
    (
      await service
        .from('chatbot_ai_settings')
        .select('api_key')
        .eq('chatbot_id', chatbotId)
        .single<{ api_key: string | null }>()
        .throwOnError()
    ).data.api_key

  /** One shopper line to the chatbot: the reply's responder and the Authorization the provider received. */
  async function chat(publicId: string): Promise<{ responder: string; authorization: string | undefined }> {
    const visitor = await anonymousVisitor(stack)
    const started = await callChat<{ session: { id: string } }>(
      stack,
      'sessions',
      { chatbot: publicId },
      { token: visitor.token },
    )
    expect(started.status, JSON.stringify(started.body)).toBe(200)
    const before = fake.requests.length
    const sent = await callChat<{ reply: { metadata: { responder: string; kind: string } } }>(
      stack,
      'messages',
      { session_id: started.body.session.id, content: 'Do you ship to Norway?', client_id: randomUUID() },
      { token: visitor.token },
    )
    expect(sent.status, JSON.stringify(sent.body)).toBe(200)
    const authorization = fake.requests.slice(before).at(-1)?.headers.authorization
    return { responder: sent.body.reply.metadata.responder, authorization }
  }

  async function setKey(as: SupabaseClient, chatbotId: string, apiKey: string | null, storeId = demoStore) {
    const { data, error } = await as.functions.invoke('chatbot-secrets', {
      body: { store_id: storeId, chatbot_id: chatbotId, api_key: apiKey },
    })
    if (error instanceof FunctionsHttpError) {
      return { status: error.context.status as number, body: await error.context.json() }
    }
    if (error) throw error
    return { status: 200, body: data }
  }

  beforeAll(async () => {
    fake = await startFakeProvider()
    stack = await startTestStack({
      seed: true,
      functionsEnv: {
        PARLEY_ALLOW_PRIVATE_NETWORK: 'true',
        PARLEY_ENCRYPTION_KEY: current.toString('base64'),
        PARLEY_ENCRYPTION_KEY_PREVIOUS: previous.toString('base64'),
      },
    })
    service = client(stack.env.SUPABASE_SERVICE_ROLE_KEY)
    owner = await signedIn('demo@parley.dev')
    agent = await signedIn('agent@parley.dev')
  })
  afterAll(async () => {
    await stack?.stop()
    await fake?.close()
  })

  it("stores the owner's key encrypted, and the chat still answers with the provider", async () => {
    const bot = await providerBot()
    const plain = `sk-live-${randomBytes(12).toString('hex')}`
    expect(await setKey(owner, bot.id, plain)).toEqual({ status: 200, body: { has_api_key: true } })

    const stored = (await storedKey(bot.id)) ?? ''
    expect(stored).toMatch(/^v1\./)
    expect(stored).not.toContain(plain)
    expect(stored).not.toContain(plain.slice(8, 16))
    expect(open(current, stored)).toBe(plain)

    expect(await chat(bot.publicId)).toEqual({ responder: 'openai', authorization: `Bearer ${plain}` })

    const audit = await service
      .from('audit_log')
      .select('action, target')
      .eq('store_id', demoStore)
      .eq('target', bot.id)
    expect(audit.data).toEqual([{ action: 'chatbots.ai_key_set', target: bot.id }])

    expect(await setKey(owner, bot.id, null)).toEqual({ status: 200, body: { has_api_key: false } })
    expect(await storedKey(bot.id)).toBeNull()
    expect((await chat(bot.publicId)).responder).toBe('retrieval')
  })

  it('lets nobody but owners and admins set it, and nobody but the service role read it', async () => {
    const bot = await providerBot(seal(current, 'sk-the-stores-own'))
    const before = await storedKey(bot.id)

    // An agent of the store, a visitor, the anon key alone: refused, nothing changes.
    expect(await setKey(agent, bot.id, 'sk-agent')).toMatchObject({
      status: 404,
      body: { code: 'not_found' },
    })
    const visitor = await anonymousVisitor(stack)
    expect(await setKey(visitor.client, bot.id, 'sk-visitor')).toMatchObject({ status: 404 })
    expect(await setKey(client(stack.env.SUPABASE_ANON_KEY), bot.id, 'sk-anon')).toMatchObject({
      status: 401,
      body: { code: 'not_signed_in' },
    })
    // The owner, but naming another store for the chatbot.
    expect(await setKey(owner, bot.id, 'sk-x', randomUUID())).toMatchObject({ status: 404 })
    expect(await setKey(owner, bot.id, '')).toMatchObject({ status: 400, body: { code: 'invalid_request' } })
    expect(await storedKey(bot.id)).toBe(before)

    // PostgREST: nobody writes or reads the column but the service role.
    const write = await owner
      .from('chatbot_ai_settings')
      .update({ api_key: 'sk-direct' })
      .eq('chatbot_id', bot.id)
    expect(write.error?.code).toBe('42501')
    for (const reader of [owner, agent, visitor.client, client(stack.env.SUPABASE_ANON_KEY)]) {
      const read = await reader.from('chatbot_ai_settings').select('api_key').eq('chatbot_id', bot.id)
      expect(read.error?.code).toBe('42501')
    }
    expect(await storedKey(bot.id)).toBe(before)
    const settings = await owner.from('chatbot_ai_settings').select('has_api_key').eq('chatbot_id', bot.id)
    expect(settings.data).toEqual([{ has_api_key: true }])
  })

  it('encrypts a key stored in plain text before, on its first use', async () => {
    const legacy = `sk-legacy-${randomBytes(8).toString('hex')}`
    const bot = await providerBot(legacy)
    expect(await chat(bot.publicId)).toEqual({ responder: 'openai', authorization: `Bearer ${legacy}` })
    await expect.poll(async () => open(current, (await storedKey(bot.id)) ?? '')).toBe(legacy)
    expect(await chat(bot.publicId)).toEqual({ responder: 'openai', authorization: `Bearer ${legacy}` })
  })

  it('opens keys of the previous encryption key during a rotation, and moves them to the current one', async () => {
    const bot = await providerBot(seal(previous, 'sk-from-before'))
    expect(await chat(bot.publicId)).toEqual({ responder: 'openai', authorization: 'Bearer sk-from-before' })
    await expect.poll(async () => open(current, (await storedKey(bot.id)) ?? '')).toBe('sk-from-before')
  })

  it('rotate-secrets re-encrypts every encrypted column with the current key, and may run again', async () => {
    const aiBot = await providerBot(seal(previous, 'sk-rotate-me'))
    const plainBot = await providerBot('sk-never-encrypted')
    const lostBot = await providerBot(seal(randomBytes(32), 'sk-lost'))
    const onCurrent = seal(current, 'sk-already-current')
    const currentBot = await providerBot(onCurrent)
    await service
      .from('chatwoot_accounts')
      .update({ webhook_secret: seal(previous, 'hook-secret') })
      .eq('store_id', demoStore)
      .throwOnError()
    await service
      .from('integrations')
      .insert({
        store_id: demoStore,
        provider: 'rotation-test',
        credentials_encrypted: seal(previous, '{"t":1}'),
      })
      .throwOnError()
    const lost = await storedKey(lostBot.id)

    const rotate = (as: SupabaseClient) => as.functions.invoke('rotate-secrets', { body: {} })
    const first = await rotate(service)
    expect(first.error).toBeNull()
    // The columns come from the schema's comments, private ones included.
    expect(first.data.columns).toEqual(
      expect.arrayContaining([
        'public.chatbot_ai_settings.api_key',
        'public.chatwoot_accounts.admin_access_token',
        'public.chatwoot_accounts.webhook_secret',
        'public.integrations.credentials_encrypted',
        'private.chatwoot_users.access_token',
      ]),
    )
    expect(first.data.found.previous).toBeGreaterThanOrEqual(3)
    expect(first.data.found.none).toBeGreaterThanOrEqual(1)
    expect(first.data.rows_reencrypted).toBe(first.data.found.previous + first.data.found.none)
    expect(first.data.unreadable).toEqual(['public.chatbot_ai_settings.api_key'])
    expect(first.data.done).toBe(false)

    expect(open(current, (await storedKey(aiBot.id)) ?? '')).toBe('sk-rotate-me')
    expect(open(current, (await storedKey(plainBot.id)) ?? '')).toBe('sk-never-encrypted')
    expect(await storedKey(currentBot.id)).toBe(onCurrent)
    expect(await storedKey(lostBot.id)).toBe(lost) // left for its owner to set again
    const account = await service
      .from('chatwoot_accounts')
      .select('webhook_secret')
      .eq('store_id', demoStore)
      .single<{ webhook_secret: string }>()
    expect(open(current, account.data?.webhook_secret ?? '')).toBe('hook-secret')
    const integration = await service
      .from('integrations')
      .select('credentials_encrypted')
      .eq('provider', 'rotation-test')
      .single<{ credentials_encrypted: string }>()
    expect(open(current, integration.data?.credentials_encrypted ?? '')).toBe('{"t":1}')

    // Again: nothing left to do, nothing changes.
    const rotated = await storedKey(aiBot.id)
    // ...through `pnpm devstack rotate-secrets`, which fails (exit 1) while a value stays unreadable.
    const cli = await promisify(execFile)(
      process.execPath,
      [join(repoRoot, 'packages/devstack/bin/devstack.mjs'), 'rotate-secrets'],
      { env: { ...process.env, DEVSTACK_API_PORT: String(stack.config.apiPort) } },
    ).then(
      () => ({ code: 0, stdout: '' }),
      (error: { code: number; stdout: string }) => error,
    )
    expect(cli.code).toBe(1)
    expect(JSON.parse(cli.stdout)).toMatchObject({
      found: { previous: 0, none: 0, unreadable: 1 },
      rows_reencrypted: 0,
      done: false,
    })
    expect(await storedKey(aiBot.id)).toBe(rotated)
    expect(await chat(aiBot.publicId)).toEqual({ responder: 'openai', authorization: 'Bearer sk-rotate-me' })

    // Only the service role rotates.
    const refused = await rotate(owner)
    expect(refused.error).toBeInstanceOf(FunctionsHttpError)
    expect((refused.error as FunctionsHttpError).context.status).toBe(403)
  })

  it('records a key that no encryption key opens as a provider failure, and the shopper still gets an answer', async () => {
    const bot = await providerBot(seal(randomBytes(32), 'sk-unopenable'))
    expect((await chat(bot.publicId)).responder).toBe('openai')
    const failures = await service.from('responder_failures').select('kind, detail').eq('chatbot_id', bot.id)
    expect(failures.data).toEqual([
      { kind: 'bad_response', detail: expect.stringMatching(/could not be decrypted.*set the key again/) },
    ])
  })
})
