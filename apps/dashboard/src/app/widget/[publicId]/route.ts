import widget from '@parley/widget/built'
import { widgetPage } from '@parley/widget/serve'
import { supabaseAnonKey, supabaseUrl } from '../../../lib/env.ts'
import { isPublicId } from '../../../lib/public-id.ts'

/**
 * The chat UI that /widget.js opens in an iframe on a store's site (public: no dashboard login). A static
 * page of the widget's build; the chatbot's settings are read by the widget itself. Checked on every open,
 * since it names the current build's assets.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ publicId: string }> }) {
  const { publicId } = await params
  // No page for what cannot be a public id (a NUL, a slash, ...): a plain 404.
  if (!isPublicId(publicId)) return new Response('Not found', { status: 404 })
  return new Response(widgetPage(widget, { publicId, supabaseUrl, anonKey: supabaseAnonKey }), {
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-cache',
      'X-Content-Type-Options': 'nosniff',
    },
  })
}
