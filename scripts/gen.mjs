#!/usr/bin/env node
// `pnpm gen`: rewrites every committed file that is generated from another source of truth, formatted with
// Biome so a regeneration is byte-stable. `pnpm gen --check` (a step of `pnpm test`) changes nothing and fails
// when a committed file differs from a fresh generation, naming the command that fixes it.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))

/** One entry per generated file: `generate()` returns its text before formatting. */
const generators = [
  {
    file: 'supabase/functions/_shared/database.types.ts',
    from: 'supabase/migrations',
    // `supabase gen types typescript --local`, from a throwaway database (DATABASE_URL: on that server).
    generate: () => run(process.execPath, ['packages/devstack/bin/devstack.mjs', 'gen', 'types']),
  },
]

function run(command, args, input) {
  const result = spawnSync(command, args, {
    cwd: root,
    input,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    stdio: ['pipe', 'pipe', 'inherit'],
  })
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${result.status}`)
  return result.stdout
}

/** Biome with the repository's settings, as `pnpm format` would leave the file. */
const format = (file, text) =>
  run(join(root, 'node_modules/.bin/biome'), ['format', `--stdin-file-path=${file}`], text)

/** What changed, for the failure message (the first lines of a unified diff). */
function diff(file, fresh) {
  const dir = mkdtempSync(join(tmpdir(), 'parley-gen-'))
  try {
    const freshFile = join(dir, 'fresh')
    writeFileSync(freshFile, fresh)
    const committed = existsSync(join(root, file)) ? file : '/dev/null'
    const { stdout } = spawnSync('git', ['diff', '--no-index', '--no-color', '--', committed, freshFile], {
      cwd: root,
      encoding: 'utf8',
    })
    return (stdout ?? '')
      .split('\n')
      .filter((line) => !/^(diff --git|index |new file mode)/.test(line))
      .slice(0, 40)
      .join('\n')
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

const check = process.argv.includes('--check')
let stale = 0
for (const { file, from, generate } of generators) {
  const fresh = format(file, await generate())
  const path = join(root, file)
  const committed = existsSync(path) ? readFileSync(path, 'utf8') : undefined
  if (committed === fresh) {
    console.log(`✓ ${file} is up to date`)
  } else if (check) {
    stale += 1
    console.error(`✗ ${file} differs from what ${from} generates:\n${diff(file, fresh)}`)
  } else {
    writeFileSync(path, fresh)
    console.log(`✎ ${file} regenerated from ${from}`)
  }
}
if (stale) {
  console.error(`\n${stale} generated file(s) out of date: run \`pnpm gen\` and commit the result.`)
  process.exit(1)
}
