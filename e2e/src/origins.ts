import type { FrameLocator, Page } from 'playwright-core'

/** The same page under the other loopback name, so the widget (served by baseUrl) is cross-origin. */
export function otherOrigin(base: string): string {
  const url = new URL(base)
  url.hostname = url.hostname === 'localhost' ? '127.0.0.1' : 'localhost'
  return url.origin
}

/**
 * A shopper on the sample shop (the store's own site, on the other origin) opens the chat: the widget's frame.
 * `search` picks another chatbot (`?chatbot=…`); the first visit may wait for `next dev` to compile the page.
 */
export async function openShopChat(page: Page, baseUrl: string, search = ''): Promise<FrameLocator> {
  await page.goto(`${otherOrigin(baseUrl)}/sample-shop${search}`, { timeout: 300_000 })
  await page.getByRole('button', { name: /^Open chat/ }).click()
  return page.frameLocator('iframe[title^="Chat"]')
}
