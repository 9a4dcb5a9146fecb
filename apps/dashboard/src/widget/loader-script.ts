import { readFileSync } from 'node:fs'
import { join } from 'node:path'

let cached: string | undefined

/**
 * The loader as served: src/widget/loader.js without its comment lines and indentation (both safe to drop
 * in that file: it has no multi-line strings). Read once per production server; Next runs from the app folder.
 */
export function loaderScript(dir = join(process.cwd(), 'src/widget')): string {
  // In development the file is read on every request, so edits show without a restart.
  if (cached && process.env.NODE_ENV === 'production') return cached
  const source = readFileSync(join(dir, 'loader.js'), 'utf8')
  cached = source
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('//'))
    .join('\n')
  return cached
}
