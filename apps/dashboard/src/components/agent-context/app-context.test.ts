import { describe, expect, it } from 'vitest'
import { agentContextSchema, parseAppContext } from './app-context.ts'

const message = (conversation: unknown, event = 'appContext') =>
  JSON.stringify({ event, data: { conversation, contact: { id: 3 }, currentAgent: { id: 1 } } })

describe('parseAppContext', () => {
  it('takes the account id and display id from the conversation', () => {
    expect(parseAppContext(message({ id: 7, account_id: 100 }))).toEqual({
      accountId: 100,
      conversationId: 7,
    })
  })
  it('ignores other messages, objects and bad ids', () => {
    expect(parseAppContext({ event: 'appContext' })).toBeUndefined()
    expect(parseAppContext('not json')).toBeUndefined()
    expect(parseAppContext(message({ id: 7, account_id: 100 }, 'other'))).toBeUndefined()
    expect(parseAppContext(message({ id: -1, account_id: 100 }))).toBeUndefined()
    expect(parseAppContext(message({ id: '7; drop', account_id: 100 }))).toBeUndefined()
  })
})

describe('agentContextSchema', () => {
  // What agent_context() returns for a session with a contact (supabase/tests/chatwoot_agents.test.sql).
  const context = {
    store: { id: 's1', name: 'Acme Outdoor' },
    session: {
      id: 'a1',
      status: 'queued',
      summary: '',
      lead_score: 40,
      sentiment: -0.2,
      language: 'en',
      started_at: '2026-11-23T10:00:00+00:00',
      last_message_at: '2026-11-23T10:05:00+00:00',
      message_count: 3,
    },
    sentiment: [{ at: '2026-11-23T10:01:00+00:00', value: -0.2 }],
    contact: {
      id: 'c1',
      name: 'Tom',
      email: null,
      phone: null,
      external_id: null,
      verified: false,
      custom_attributes: { plan: 'gold' },
    },
    past_sessions: [
      {
        id: 'a0',
        status: 'resolved',
        started_at: '2026-11-20T09:00:00+00:00',
        summary: '',
        lead_score: null,
      },
    ],
  }

  it('accepts what the database function returns, with or without a session', () => {
    expect(agentContextSchema.parse(context)).toEqual(context)
    expect(agentContextSchema.safeParse({ store: context.store, session: null }).success).toBe(true)
  })

  it('refuses a session status the database does not have', () => {
    const stale = { ...context, session: { ...context.session, status: 'closed' } }
    expect(agentContextSchema.safeParse(stale).success).toBe(false)
  })
})
