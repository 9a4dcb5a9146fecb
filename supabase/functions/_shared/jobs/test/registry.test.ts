import { spawnSync } from 'node:child_process'
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'

// `pnpm gen` (scripts/gen.mjs) keeps the job registry and its migrations in step with the *.job.ts files;
// `pnpm gen --check` fails on drift. This runs both on the repository and on a copy that a job changes in.
const repo = fileURLToPath(new URL('../../../../../', import.meta.url))
const gen = (root: string, ...args: string[]) =>
  spawnSync(process.execPath, [join(repo, 'scripts/gen.mjs'), '--root', root, '--only', 'jobs', ...args], {
    encoding: 'utf8',
  })

describe('the generated job registry', () => {
  const copy = mkdtempSync(join(tmpdir(), 'parley-gen-'))
  afterAll(() => rmSync(copy, { recursive: true, force: true }))

  it('is up to date in this checkout', () => {
    const check = gen(repo, '--check')
    expect(check.stderr.replace(/.*Node\.js 20.*\n?/g, '')).toBe('')
    expect(check.status).toBe(0)
  }, 60_000)

  it('reports a changed job as drift until `pnpm gen` writes a new migration (never editing an old one)', () => {
    cpSync(join(repo, 'supabase'), join(copy, 'supabase'), {
      recursive: true,
      filter: (source) => !source.includes('node_modules'),
    })
    symlinkSync(join(repo, 'supabase/node_modules'), join(copy, 'supabase/node_modules'))
    const migrations = () => readdirSync(join(copy, 'supabase/migrations')).sort()
    const before = migrations()
    const job = join(copy, 'supabase/functions/_shared/chatwoot-jobs/sync-contact.job.ts')
    writeFileSync(
      job,
      readFileSync(job, 'utf8').replace(
        "coalesce: 'contact:{contact_id}'",
        "coalesce: 'person:{contact_id}'",
      ),
    )

    const drift = gen(copy, '--check')
    expect(drift.status).toBe(1)
    expect(drift.stderr).toMatch(/the job topics changed since \d{14}_job_topics\.sql/)
    expect(migrations()).toEqual(before)

    const written = gen(copy)
    expect(written.status).toBe(0)
    const added = migrations().filter((name) => !before.includes(name))
    expect(added).toHaveLength(1)
    expect(added[0] > (before.at(-1) as string)).toBe(true)
    expect(readFileSync(join(copy, 'supabase/migrations', added[0] as string), 'utf8')).toContain(
      "'person:{contact_id}'",
    )
    for (const name of before)
      expect(readFileSync(join(copy, 'supabase/migrations', name), 'utf8')).toBe(
        readFileSync(join(repo, 'supabase/migrations', name), 'utf8'),
      )
    expect(gen(copy, '--check').status).toBe(0)
  }, 60_000)

  it('lists a new job file in the registry, and refuses a template naming a field the payload lacks', () => {
    const dir = join(copy, 'supabase/functions/_shared/chatwoot-jobs')
    const source = readFileSync(join(dir, 'erase-contact.job.ts'), 'utf8')
    writeFileSync(
      join(dir, 'ping.job.ts'),
      source
        .replace("'chatwoot.erase_contact'", "'chatwoot.ping'")
        .replace("key: 'contact:{contact_id}'", "key: 'ping:{contact_id}'"),
    )
    const drift = gen(copy, '--check')
    expect(drift.stderr).toContain('registry.gen.ts does not list the *.job.ts files as they are')
    expect(gen(copy).status).toBe(0)
    expect(readFileSync(join(copy, 'supabase/functions/_shared/jobs/registry.gen.ts'), 'utf8')).toContain(
      "import chatwootJobsPing from '../chatwoot-jobs/ping.job.ts'",
    )

    writeFileSync(
      join(dir, 'ping.job.ts'),
      readFileSync(join(dir, 'ping.job.ts'), 'utf8').replace("'ping:{contact_id}'", "'ping:{contact}'"),
    )
    const refused = gen(copy)
    expect(refused.status).not.toBe(0)
    expect(refused.stderr).toContain('job chatwoot.ping: the key template names contact not in the payload')
  }, 60_000)
})
