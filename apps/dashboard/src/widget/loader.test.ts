import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { loaderScript } from './loader-script.ts'

const script = loaderScript(fileURLToPath(new URL('.', import.meta.url)))

describe('/widget.js', () => {
  it('stays under 3 KB gzipped, as the issue requires', () => {
    const gzipped = gzipSync(script, { level: 9 }).length
    console.log(`widget loader: ${script.length} bytes, ${gzipped} bytes gzipped`)
    expect(gzipped).toBeLessThanOrEqual(3 * 1024)
  })

  it('is valid JavaScript once comments and indentation are dropped', () => {
    expect(() => new Function(script)).not.toThrow()
    expect(script).not.toMatch(/^\/\//m)
  })

  it('creates the iframe only on open and checks the origin of every message', () => {
    // The chat UI is never requested before the visitor opens the widget.
    const show = script.slice(script.indexOf('const show'), script.indexOf("w.addEventListener('message'"))
    expect(show).toContain("createElement('iframe')")
    expect(show).toMatch(/if \(open && !frame\)/)
    expect(script).toContain('e.source !== frame.contentWindow || e.origin !== origin')
    expect(script).toContain('postMessage({ parley: 1, ...m }, origin)')
  })
})
