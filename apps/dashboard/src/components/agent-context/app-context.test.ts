import { describe, expect, it } from 'vitest'
import { parseAppContext } from './app-context.ts'

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
