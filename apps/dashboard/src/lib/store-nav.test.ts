import { describe, expect, it } from 'vitest'
import { activeSection, sectionHref } from './store-nav.ts'

describe('store navigation', () => {
  const store = 'de000000-0000-4000-8000-000000000010'
  it('marks the section of the page, including pages below it', () => {
    expect(activeSection(store, `/stores/${store}`)).toBe('')
    expect(activeSection(store, `/stores/${store}/automations`)).toBe('automations')
    expect(activeSection(store, `/stores/${store}/automations/abc`)).toBe('automations')
    expect(activeSection(store, `/stores/${store}/chatbotsx`)).toBeUndefined()
  })
  it('links the overview to the store itself', () => {
    expect(sectionHref(store, '')).toBe(`/stores/${store}`)
    expect(sectionHref(store, 'chatbots')).toBe(`/stores/${store}/chatbots`)
  })
})
