import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { repoRoot } from '../src/config.ts'
import type { Database } from '../src/db/index.ts'
import { loadPgTap, type PgTapResult, parseTap, readPgTapFile, runPgTapFile } from '../src/db/pgtap.ts'
import { openTestDatabase } from '../src/db/testing.ts'
import { testDatabaseUrl } from '../src/testing.ts'

const testsDir = join(repoRoot, 'supabase/tests')
const testFiles = readdirSync(testsDir)
  .filter((f) => f.endsWith('.test.sql'))
  .sort()

const engines = [
  { name: 'PGlite', databaseUrl: undefined },
  ...(testDatabaseUrl ? [{ name: 'PostgreSQL', databaseUrl: testDatabaseUrl }] : []),
]

/** Fails with every TAP diagnostic, so a red test says which assertion broke and why. */
function expectAllPassed(result: PgTapResult): void {
  const report = result.failed.map((f) => `not ok - ${f.description}\n${f.diag}`).join('\n\n')
  expect(report, report).toBe('')
  expect(result.planned).toBeGreaterThan(0)
  expect(result.passed).toBe(result.planned)
}

describe('TAP parsing', () => {
  it('counts passes, failures and their diagnostics', () => {
    const result = parseTap([
      '1..3',
      'ok 1 - first',
      'not ok 2 - second',
      '# Failed test 2: "second"',
      '#         have: 1',
      '#         want: 2',
      'ok 3 - third # SKIP no reason',
    ])
    expect(result).toMatchObject({ planned: 3, run: 3, passed: 2 })
    expect(result.failed).toEqual([
      { description: 'second', diag: '# Failed test 2: "second"\n#         have: 1\n#         want: 2' },
    ])
  })
})

describe.each(engines)('pgTAP on $name', ({ databaseUrl }) => {
  let db: Database

  beforeAll(async () => {
    db = await openTestDatabase({ databaseUrl })
    await loadPgTap(db.pool)
  })
  afterAll(async () => {
    await db?.stop()
  })

  it.each(testFiles)('supabase/tests/%s', async (file) => {
    expectAllPassed(await runPgTapFile(db.pool, readPgTapFile(join(testsDir, file))))
  })

  it('reports failing assertions and SQL errors instead of passing', async () => {
    const result = await runPgTapFile(
      db.pool,
      `begin; select plan(3); select ok(true, 'fine'); select is(1, 2, 'wrong');
       select * from no_such_table; rollback;`,
    )
    expect(result.passed).toBe(1)
    expect(result.failed.map((f) => f.description)).toEqual(['wrong', 'SQL error after test 2'])
    expect(result.failed[1]?.diag).toMatch(/42P01 relation "no_such_table" does not exist\n.*at line 2/s)
  })

  it('rolls back a file that does not, and flags a file that commits', async () => {
    const kept = await runPgTapFile(
      db.pool,
      `select plan(1); create table public.leftover (id int); select pass('x');`,
    )
    expect(kept.failed).toEqual([])
    expect((await db.pool.query(`select to_regclass('public.leftover') as t`)).rows[0].t).toBeNull()

    const committed = await runPgTapFile(db.pool, `begin; select plan(1); select pass('x'); commit;`)
    expect(committed.failed.map((f) => f.description)).toEqual(['the file committed its transaction'])
    // pgTAP's state did not leak: the next file can plan again
    expectAllPassed(await runPgTapFile(db.pool, `begin; select plan(1); select pass('y'); rollback;`))
  })

  it('supabase/seed.sql applies cleanly after the migrations', async () => {
    const seed = readFileSync(join(repoRoot, 'supabase/seed.sql'), 'utf8')
    const owner = 'de000000-0000-4000-8000-000000000001'
    const agent = 'de000000-0000-4000-8000-000000000002'
    const as = (id: string) =>
      `set local role authenticated; select set_config('request.jwt.claims', '{"sub": "${id}", "role": "authenticated"}', true);`
    const result = await runPgTapFile(
      db.pool,
      `begin;
       ${seed}
       ;
       select plan(9);
       select is((select count(*) from auth.users where email in ('demo@parley.dev', 'agent@parley.dev')
         and encrypted_password = extensions.crypt('parley-demo-2026', encrypted_password)), 2::bigint,
         'the demo users have the documented password');
       select is((select count(*) from auth.identities where provider = 'email' and email in ('demo@parley.dev', 'agent@parley.dev')),
         2::bigint, 'the demo users have e-mail identities');
       select is((select count(*) from public.outbox where topic = 'chatwoot.provision_account'), 1::bigint,
         'the demo store waits for its Chatwoot account');
       ${as(owner)}
       select is((select name from public.stores), 'Acme Outdoor', 'the demo owner sees Acme Outdoor');
       select is((select role from public.memberships where user_id = '${owner}'), 'owner', 'as its owner');
       select ok((select count(*) from public.faqs) >= 8, 'the chatbot has FAQs');
       select is((select array_agg(distinct status order by status) from public.chat_sessions),
         enum_range(null::public.chat_session_status), 'conversations in every status');
       ${as(agent)}
       select ok((select count(*) from public.messages where sender = 'agent') > 0, 'the agent sees the conversations');
       select is((select count(*) from public.chatbot_secrets), 0::bigint, 'but not the chatbot secret');
       select * from finish();
       rollback;`,
    )
    expectAllPassed(result)
  })
})
