// Generated TypeScript as Biome leaves it (formatted, imports organised), so `pnpm gen --check` and
// `biome check` agree on every byte.
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'

/** @param {string} root @param {string} file the path Biome judges it as @param {string} text */
export function biomeFixed(root, file, text) {
  const result = spawnSync(
    join(root, 'node_modules/.bin/biome'),
    ['check', '--write', `--stdin-file-path=${file}`],
    { cwd: root, input: text, encoding: 'utf8' },
  )
  if (result.status !== 0) throw new Error(`biome check ${file} failed: ${result.stderr}`)
  return result.stdout
}
