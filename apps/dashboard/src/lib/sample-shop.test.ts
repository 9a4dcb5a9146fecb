import { describe, expect, it } from 'vitest'
import { widgetOriginFor } from './sample-shop.ts'

describe('sample shop', () => {
  it('embeds the widget from the other loopback name, so the iframe is cross-origin', () => {
    expect(widgetOriginFor('localhost:3000', 'http:')).toBe('http://127.0.0.1:3000')
    expect(widgetOriginFor('127.0.0.1:3210', 'http:')).toBe('http://localhost:3210')
    expect(widgetOriginFor('shop.example', 'https:')).toBe('https://shop.example')
  })
})
