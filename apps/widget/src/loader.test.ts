import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

// The loader's behaviour on a real page is covered by e2e/tests/visitor-widget.test.ts; these pin the
// two rules a refactor must not lose. Its size is checked with the rest of the build in size.test.ts.
const source = readFileSync(new URL('./loader.ts', import.meta.url), 'utf8')

describe('/widget.js', () => {
  it('creates the iframe only when the visitor opens the chat', () => {
    const show = source.slice(source.indexOf('const show'), source.indexOf("w.addEventListener('message'"))
    expect(show).toContain("createElement('iframe')")
    expect(show).toMatch(/if \(open && !frame\)/)
  })

  it('listens only to its own iframe at the widget origin and posts only to that origin', () => {
    expect(source).toContain('e.source !== frame.contentWindow || e.origin !== origin')
    expect(source).toContain('postMessage({ parley: 1, ...m }, origin)')
  })
})
