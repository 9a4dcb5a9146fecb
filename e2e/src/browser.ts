import { type Browser, chromium } from 'playwright-core'

/** Debian's Chromium, driven by playwright-core: no browser download, no sandbox inside containers. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}

/** A browser with one page, its waits long enough for `next dev` compiling a page on its first visit. */
export async function openPage(viewport = { width: 1280, height: 900 }) {
  const browser = await launchBrowser()
  const context = await browser.newContext({ viewport })
  context.setDefaultTimeout(90_000)
  context.setDefaultNavigationTimeout(120_000)
  const page = await context.newPage()
  return {
    page,
    async close() {
      await context.close()
      await browser.close()
    },
  }
}
