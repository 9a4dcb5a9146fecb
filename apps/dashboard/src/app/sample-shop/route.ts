import { isPublicId } from '../../lib/public-id.ts'
import { sampleShopHtml, widgetOriginFor } from '../../lib/sample-shop.ts'

const DEMO_CHATBOT = 'acmeoutdoor0001'

/** The demo shop page with the widget embedded; `?chatbot=<public id>` tries another chatbot. */
export function GET(request: Request) {
  const url = new URL(request.url)
  const host = request.headers.get('host') ?? url.host
  const chatbot = url.searchParams.get('chatbot') ?? DEMO_CHATBOT
  if (!isPublicId(chatbot)) return new Response('Invalid chatbot id', { status: 400 })
  return new Response(sampleShopHtml(widgetOriginFor(host, url.protocol), chatbot), {
    headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' },
  })
}
