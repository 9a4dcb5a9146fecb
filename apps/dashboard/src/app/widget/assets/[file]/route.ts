import widget from '@parley/widget/built'
import { widgetAsset } from '@parley/widget/serve'

/** The chat UI's scripts and styles. Their names carry a content hash, so they are cached for a year. */
export async function GET(_request: Request, { params }: { params: Promise<{ file: string }> }) {
  const asset = widgetAsset(widget, (await params).file)
  if (!asset) return new Response('Not found', { status: 404, headers: { 'Cache-Control': 'no-store' } })
  return new Response(asset.body, {
    headers: {
      'Content-Type': asset.type,
      'Cache-Control': 'public, max-age=31536000, immutable',
      'X-Content-Type-Options': 'nosniff',
    },
  })
}
