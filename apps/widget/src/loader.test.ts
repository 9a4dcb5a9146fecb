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

  it("words the launcher in each of the chat's languages", () => {
    for (const lang of ['en', 'de', 'fr', 'es', 'nl', 'pt', 'ar'])
      expect(source).toMatch(new RegExp(`\\n  ${lang}: '[^|']+\\|[^|']+\\|`))
  })

  it('listens only to its own iframe at the widget origin and posts only to that origin', () => {
    expect(source).toContain('e.source !== frame.contentWindow || e.origin !== origin')
    expect(source).toContain('postMessage({ parley: 1, ...m }, origin)')
  })

  it('stores nothing and talks to no one but its own origin before the visitor opens the chat', () => {
    // Privacy by default: no cookie, no storage of any kind, no socket or beacon; the one request is the
    // launcher's public look, from the origin that served this script (no credentials cross-origin).
    // the browser's languages (to word the launcher as the chat will) are neither storage nor a connection
    for (const api of [
      'document.cookie',
      'd.cookie',
      'localStorage',
      'sessionStorage',
      'indexedDB',
      'caches',
      'WebSocket',
      'EventSource',
      'sendBeacon',
      'XMLHttpRequest',
      'navigator.',
    ])
      expect(source.replaceAll('navigator.languages', ''), api).not.toContain(api)
    expect(source.match(/fetch\(/g)).toHaveLength(1)
    expect(source).toContain(['fetch(`$', '{base}/settings`)'].join(''))
    expect(source).toContain(['const base = `$', '{origin}/widget/$', '{id}`'].join(''))
  })
})
