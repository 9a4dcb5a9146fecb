import { describe, expect, it } from 'vitest'
import type { WidgetBuild } from './build-output.ts'
import { widgetAsset, widgetPage } from './serve.ts'

const build: WidgetBuild = {
  loader: '',
  page: { script: 'main-A.js', modules: ['chunk-B.js'], styles: ['main-C.css'] },
  assets: { 'main-A.js': 'a', 'chunk-B.js': 'b', 'main-C.css': 'c', 'faq-tab-D.js': 'd' },
}

describe('the iframe page', () => {
  it('links the styles, preloads the chunks and loads the entry as a module', () => {
    const html = widgetPage(build, { publicId: 'abc', supabaseUrl: 'http://api', anonKey: 'key' })
    expect(html).toContain('<link rel="stylesheet" href="/widget/assets/main-C.css">')
    expect(html).toContain('<link rel="modulepreload" href="/widget/assets/chunk-B.js">')
    expect(html).toContain('<script type="module" src="/widget/assets/main-A.js"></script>')
    expect(html).not.toContain('faq-tab')
    expect(html).toContain('data-public-id="abc" data-supabase-url="http://api" data-anon-key="key"')
  })

  it('escapes what it is given, so a setting can never become markup', () => {
    const html = widgetPage(build, { publicId: 'a', supabaseUrl: 'http://x/"><script>', anonKey: 'k' })
    expect(html).not.toContain('"><script>')
    expect(html).toContain('data-supabase-url="http://x/&#34;&#62;&#60;script&#62;"')
  })
})

describe('assets', () => {
  it('serves files of the build with their type, and nothing else', () => {
    expect(widgetAsset(build, 'main-A.js')).toEqual({ body: 'a', type: 'text/javascript; charset=utf-8' })
    expect(widgetAsset(build, 'main-C.css')?.type).toBe('text/css; charset=utf-8')
    expect(widgetAsset(build, 'main-OLD.js')).toBeNull()
    expect(widgetAsset(build, 'constructor')).toBeNull()
    expect(widgetAsset(build, '__proto__')).toBeNull()
  })
})
