import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { repoRoot } from '../src/config.ts'
import { startDatabase } from '../src/db/index.ts'
import { createScratchDatabase } from '../src/db/testing.ts'
import { testDatabaseUrl } from '../src/testing.ts'

// A copy of supabase/ so the test can add a migration without touching the real one.
let root: string
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'devstack-db-'))
  cpSync(join(repoRoot, 'supabase'), join(root, 'supabase'), { recursive: true })
})
afterAll(() => rmSync(root, { recursive: true, force: true }))

const engines = [
  { name: 'PGlite', server: undefined },
  ...(testDatabaseUrl ? [{ name: 'PostgreSQL', server: testDatabaseUrl }] : []),
]

describe.each(engines)('database lifecycle on $name', ({ server }) => {
  it('bootstraps, migrates and seeds once; a restart applies only new migrations and keeps the data', async () => {
    const dataDir = join(root, `.data-${Math.random().toString(36).slice(2)}`)
    const scratch = server ? await createScratchDatabase(server) : undefined
    const options = { root, dataDir, port: 0, databaseUrl: scratch?.url, seed: true }
    try {
      const first = await startDatabase(options)
      expect(first.applied.length).toBeGreaterThan(0)
      expect(first.seeded).toBe(true)
      const { rows } = await first.pool.query<{ n: number }>('select count(*)::int as n from public.stores')
      expect(rows[0]?.n).toBeGreaterThan(0)
      await first.pool.query(
        `insert into public.stores (name, slug) values ('Kept across restarts', 'kept-across-restarts')`,
      )
      await first.stop()

      writeFileSync(
        join(root, 'supabase/migrations/29991231000000_later.sql'),
        'create table public.later (id int);',
      )
      const second = await startDatabase(options)
      try {
        expect(second.applied).toEqual(['29991231000000'])
        expect(second.seeded).toBe(false)
        const kept = await second.pool.query(
          `select 1 from public.stores where slug = 'kept-across-restarts'`,
        )
        expect(kept.rowCount).toBe(1)
        const recorded = await second.pool.query(
          'select version from supabase_migrations.schema_migrations order by version',
        )
        expect(recorded.rows.at(-1)?.version).toBe('29991231000000')
      } finally {
        await second.stop()
      }
    } finally {
      rmSync(join(root, 'supabase/migrations/29991231000000_later.sql'), { force: true })
      rmSync(dataDir, { recursive: true, force: true })
      await scratch?.drop()
    }
  })

  it('a failing migration is rolled back whole and not recorded', async () => {
    const scratch = server ? await createScratchDatabase(server) : undefined
    const bad = join(root, 'supabase/migrations/29991231000001_broken.sql')
    writeFileSync(bad, 'create table public.half_done (id int);\nselect * from no_such_table;')
    try {
      await expect(
        startDatabase({ root, dataDir: 'memory://', port: 0, databaseUrl: scratch?.url, seed: false }),
      ).rejects.toThrow(/no_such_table/)
      if (scratch) {
        const client = new pg.Client({ connectionString: scratch.url })
        await client.connect()
        const { rowCount } = await client.query(`select 1 from pg_tables where tablename = 'half_done'`)
        await client.end()
        expect(rowCount).toBe(0)
      }
    } finally {
      rmSync(bad, { force: true })
      await scratch?.drop()
    }
  })
})

describe('embedded engine shared by many clients', () => {
  it('keeps each client’s transaction to itself', async () => {
    const db = await startDatabase({ root, dataDir: 'memory://', port: 0, seed: false })
    try {
      const a = await db.pool.connect()
      await a.query('begin')
      await a.query(
        `select set_config('request.jwt.claims', '{"sub":"00000000-0000-0000-0000-00000000000a"}', true)`,
      )
      // Another client's query must wait for A's transaction rather than run inside it.
      const other = db.pool.query<{ uid: string | null }>('select auth.uid() as uid')
      const mine = await a.query<{ uid: string }>('select auth.uid() as uid')
      await a.query('commit')
      a.release()
      expect(mine.rows[0]?.uid).toBe('00000000-0000-0000-0000-00000000000a')
      expect((await other).rows[0]?.uid).toBeNull()
      // Many parallel parameterised queries (unnamed statements) never see each other's parameters.
      const results = await Promise.all(
        Array.from({ length: 40 }, (_, i) => db.pool.query<{ n: number }>('select $1::int as n', [i])),
      )
      expect(results.map((r) => r.rows[0]?.n)).toEqual(Array.from({ length: 40 }, (_, i) => i))
    } finally {
      await db.stop()
    }
  })
})
