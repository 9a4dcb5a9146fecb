#!/usr/bin/env node
// `pnpm gen`: writes what is generated from another source of truth: the connected apps registry
// (scripts/generators/apps.mjs), the automation node registry
// (scripts/generators/nodes.mjs), the job registry and its migrations (jobs.mjs), then the Database type
// from all migrations (database-types.mjs).
// `pnpm gen --check` writes nothing and fails when something is out of date, which the test command runs.
// A generator is a function (root, { check }) -> { written, stale }; add the next one to the list below.
// --root <dir> runs them on another checkout (the drift test uses a copy); --only <name> runs one.
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { register } from 'tsx/esm/api'
import { appsRegistry } from './generators/apps.mjs'
import { databaseTypes } from './generators/database-types.mjs'
import { jobsRegistry } from './generators/jobs.mjs'
import { nodesRegistry } from './generators/nodes.mjs'

// The generators read TypeScript sources (the *.job.ts files) the way the functions run them.
register()

// In this order: a new job topic writes a migration, which the Database type is generated from.
const generators = { apps: appsRegistry, nodes: nodesRegistry, jobs: jobsRegistry, types: databaseTypes }

const { values } = parseArgs({
  options: { check: { type: 'boolean' }, root: { type: 'string' }, only: { type: 'string' } },
})
const root = resolve(values.root ?? fileURLToPath(new URL('..', import.meta.url)))
let stale = 0
for (const [name, generate] of Object.entries(generators)) {
  if (values.only && values.only !== name) continue
  const result = await generate(root, { check: Boolean(values.check) })
  for (const file of result.written) console.log(`wrote ${file}`)
  for (const problem of result.stale) console.error(`✗ ${problem}`)
  stale += result.stale.length
}
if (stale) {
  console.error('Generated files are out of date: run `pnpm gen` and commit what it writes.')
  process.exit(1)
}
if (values.check) console.log('Generated files are up to date.')
