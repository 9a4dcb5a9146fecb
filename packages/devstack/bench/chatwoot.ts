// How long Chatwoot waits for Parley: a contact change until Chatwoot has it, a visitor's handoff until the
// conversation exists there, and an agent's reply until it reaches the visitor over realtime. Against the
// fake Chatwoot, beside the floor of one direct Chatwoot API call, and the 5 s the product promises.
import { randomUUID } from 'node:crypto'
import { AccountClient } from '@parley/supabase/chatwoot'
import { waitFor } from '../src/net.ts'
import { demoStore, startHandoffStack } from '../test/fixtures/chatwoot-handoff.ts'
import { percentile } from './stats.ts'
import type { BenchTable } from './table.ts'

const ROUNDS = 10
const TARGET_MS = 5000

/** Polls `found` every 10 ms (a measurement, not a test) and returns the milliseconds it took. */
async function timeUntil(found: () => boolean | Promise<boolean>): Promise<number> {
  const t = performance.now()
  await waitFor('the change', async () => Boolean(await found()), 30_000)
  return performance.now() - t
}

export async function benchChatwoot(table: BenchTable) {
  // The same stack the handoff suites use: the devstack with the real outbox dispatcher, talking to the fake.
  const { fake, service, client, stop } = await startHandoffStack({ scheduler: true })
  try {
    const accountRow = async () =>
      (
        await service
          .from('chatwoot_accounts')
          .select('status, account_id')
          .eq('store_id', demoStore)
          .single()
      ).data
    await waitFor('the demo store provisioned', async () => (await accountRow())?.status === 'active', 60_000)
    const accountId = Number((await accountRow())?.account_id)
    const contacts = () => [...fake.state.contacts.values()].filter((c) => c.account_id === accountId)

    // floor: one Chatwoot API call straight from here
    const admin = [...fake.state.users.values()].find(
      (u) => u.email === `store-${demoStore}@stores.parley.dev`,
    )
    const direct = new AccountClient({ baseUrl: fake.url, accountId, userToken: String(admin?.access_token) })
    const floor: number[] = []
    for (let i = 0; i < ROUNDS; i++) {
      const t = performance.now()
      await direct.contacts.search('a')
      floor.push(performance.now() - t)
    }

    // a contact's change until Chatwoot has it
    const { data: contact } = await service
      .from('contacts')
      .select('id, email')
      .eq('store_id', demoStore)
      .not('email', 'is', null)
      .limit(1)
      .single<{ id: string; email: string }>()
    await waitFor(
      'the contact synced',
      async () => contacts().some((c) => c.email === contact?.email),
      30_000,
    )
    const sync: number[] = []
    for (let i = 0; i < ROUNDS; i++) {
      const name = `Bench ${randomUUID().slice(0, 8)}`
      await service.from('contacts').update({ name }).eq('id', contact?.id).throwOnError()
      sync.push(await timeUntil(() => contacts().some((c) => c.name === name)))
    }

    // a visitor asks for a person until the conversation exists in Chatwoot; an agent replies until the
    // visitor sees it live
    const handoff: number[] = []
    const reply: number[] = []
    for (let i = 0; i < ROUNDS; i++) {
      const visitor = client()
      await visitor.auth.signInAnonymously()
      await visitor.realtime.setAuth()
      const started = await visitor.functions.invoke('chat/sessions', {
        body: { chatbot: 'acmeoutdoor0001' },
      })
      const sessionId = (started.data as { session: { id: string } }).session.id
      const arrived: string[] = []
      const channel = visitor.channel(`bench-handoff-${i}`)
      channel.on(
        'postgres_changes',
        { event: 'INSERT', schema: 'public', table: 'messages', filter: `session_id=eq.${sessionId}` },
        (p) => arrived.push(String((p.new as { content: string }).content)),
      )
      await new Promise<void>((resolve) => channel.subscribe((s) => s === 'SUBSCRIBED' && resolve()))
      const before = fake.state.conversations.size
      await visitor.functions.invoke('chat/messages', {
        body: {
          session_id: sessionId,
          content: 'I want to talk to a person, please',
          client_id: randomUUID(),
        },
      })
      handoff.push(await timeUntil(() => fake.state.conversations.size > before))
      const conversationId = await (async () => {
        let id: number | null = null
        await waitFor('the conversation id saved', async () => {
          const row = await service
            .from('chat_sessions')
            .select('chatwoot_conversation_id')
            .eq('id', sessionId)
            .single()
          id = (row.data?.chatwoot_conversation_id as number | null) ?? null
          return id !== null
        })
        return Number(id)
      })()
      const text = `Agent here (${i})`
      const t = performance.now()
      fake.control.agentReply(accountId, conversationId, text)
      await waitFor('the agent reply live', async () => arrived.includes(text), 30_000)
      reply.push(performance.now() - t)
      await visitor.removeChannel(channel)
    }

    const group = 'Chatwoot (fake)'
    const note = `${ROUNDS} rounds`
    table.add({
      group,
      figure: 'floor: one Chatwoot API call (contact search), p50',
      value: percentile(floor, 0.5),
      unit: 'ms',
      note,
    })
    for (const [figure, times] of [
      ['contact change -> contact updated in Chatwoot', sync],
      ['visitor asks for a person -> conversation in Chatwoot', handoff],
      ['agent replies in Chatwoot -> visitor sees it live', reply],
    ] as const) {
      table.add({
        group,
        figure: `${figure}, p95`,
        value: percentile(times, 0.95),
        unit: 'ms',
        note,
        reference: { kind: 'budget', value: TARGET_MS },
      })
    }
  } finally {
    await stop()
  }
}
