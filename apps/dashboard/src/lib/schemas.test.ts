import { describe, expect, it } from 'vitest'
import { createStoreSchema, inviteSchema, signUpSchema } from './schemas.ts'

describe('form schemas', () => {
  it('normalises emails the way the database stores them', () => {
    const parsed = inviteSchema.parse({
      storeId: 'de000000-0000-4000-8000-000000000010',
      email: '  Lee@Example.COM ',
      role: 'agent',
    })
    expect(parsed.email).toBe('lee@example.com')
  })

  it('refuses owner invitations and bad emails', () => {
    const storeId = 'de000000-0000-4000-8000-000000000010'
    expect(inviteSchema.safeParse({ storeId, email: 'lee@example.com', role: 'owner' }).success).toBe(false)
    expect(inviteSchema.safeParse({ storeId, email: 'not-an-email', role: 'agent' }).success).toBe(false)
  })

  it('matches the store name limits of the database (1..80 after trimming)', () => {
    expect(createStoreSchema.safeParse({ name: '   ' }).success).toBe(false)
    expect(createStoreSchema.safeParse({ name: 'x'.repeat(81) }).success).toBe(false)
    expect(createStoreSchema.parse({ name: '  Acme  ' }).name).toBe('Acme')
  })

  it('asks for a name and an 8-character password on sign-up', () => {
    const result = signUpSchema.safeParse({ fullName: '', email: 'a@b.co', password: 'short' })
    expect(result.success).toBe(false)
    const fields = result.error?.issues.map((i) => i.path[0])
    expect(fields).toEqual(expect.arrayContaining(['fullName', 'password']))
  })
})
