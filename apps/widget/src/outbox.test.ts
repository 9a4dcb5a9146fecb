import { describe, expect, it } from 'vitest'
import { MemoryStorage } from './memory-storage.ts'
import { Outbox } from './outbox.ts'

describe('Outbox', () => {
  it('survives a reload: a second outbox on the same storage sees the queued messages in order', () => {
    const storage = new MemoryStorage()
    const first = new Outbox(storage, 'k')
    first.add({ client_id: 'a', content: 'one', created_at: '1' })
    first.add({ client_id: 'b', content: 'two', created_at: '2' })
    expect(new Outbox(storage, 'k').list().map((m) => m.content)).toEqual(['one', 'two'])
  })

  it('keeps one entry per client id and forgets sent ones', () => {
    const outbox = new Outbox(new MemoryStorage(), 'k')
    outbox.add({ client_id: 'a', content: 'one', created_at: '1' })
    outbox.add({ client_id: 'a', content: 'one', created_at: '1' })
    expect(outbox.list()).toHaveLength(1)
    outbox.remove('a')
    expect(outbox.list()).toEqual([])
  })

  it('ignores garbage in storage', () => {
    const storage = new MemoryStorage()
    storage.setItem('k', '{"not":"a list"')
    expect(new Outbox(storage, 'k').list()).toEqual([])
    storage.setItem(
      'k',
      JSON.stringify([{ client_id: 1 }, { client_id: 'x', content: 'ok', created_at: 't' }]),
    )
    expect(new Outbox(storage, 'k').list()).toEqual([{ client_id: 'x', content: 'ok', created_at: 't' }])
  })

  it('works without storage (blocked third-party storage) for the life of the page', () => {
    const outbox = new Outbox(null, 'k')
    outbox.add({ client_id: 'a', content: 'one', created_at: '1' })
    expect(outbox.list()).toHaveLength(1)
  })
})
