import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { repoRoot } from '../src/config.ts'
import { generateDatabaseTypes } from '../src/db/typegen.ts'
import { testDatabaseUrl } from '../src/testing.ts'

// `pnpm gen` writes supabase/functions/_shared/database.types.ts from this; `pnpm test` compares it.
describe('generateDatabaseTypes', () => {
  const root = mkdtempSync(join(tmpdir(), 'parley-typegen-'))
  afterAll(() => rmSync(root, { recursive: true, force: true }))
  let embedded: string

  it('types the schemas the API exposes, as supabase gen types does', async () => {
    embedded = await generateDatabaseTypes()
    expect(embedded).toContain('PostgrestVersion: "12"')
    expect(embedded).toContain('graphql_public: {')
    expect(embedded).toMatch(/member_role: "owner" \| "admin" \| "agent"/)
    expect(embedded).toMatch(/sender: Database\["public"\]\["Enums"\]\["message_sender"\]/)
    expect(embedded).toContain('export const Constants = {')
  })

  it.skipIf(!testDatabaseUrl)('generates the same on PostgreSQL', async () => {
    expect(await generateDatabaseTypes({ databaseUrl: testDatabaseUrl })).toBe(embedded)
  })

  it('follows a new migration (so a stale committed file shows up as a difference)', async () => {
    cpSync(join(repoRoot, 'supabase/config.toml'), join(root, 'supabase/config.toml'))
    cpSync(join(repoRoot, 'supabase/migrations'), join(root, 'supabase/migrations'), { recursive: true })
    writeFileSync(
      join(root, 'supabase/migrations/29991231000000_typegen_probe.sql'),
      `create type public.probe_mood as enum ('calm', 'stormy');
       alter table public.stores add column mood public.probe_mood;`,
    )
    const changed = await generateDatabaseTypes({ root })
    expect(changed).not.toBe(embedded)
    expect(changed).toMatch(/probe_mood: "calm" \| "stormy"/)
    expect(changed).toMatch(/mood: Database\["public"\]\["Enums"\]\["probe_mood"\] \| null/)
  })
})
