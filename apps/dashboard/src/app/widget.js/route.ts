import widget from '@parley/widget/built'

/**
 * The one script a store pastes: `<script src=".../widget.js" data-chatbot="<public id>" async></script>`.
 * Cached for an hour by browsers and CDNs (a day stale-while-revalidate), so changes reach sites quickly.
 */
export function GET() {
  return new Response(widget.loader, {
    headers: {
      'Content-Type': 'text/javascript; charset=utf-8',
      'Cache-Control': 'public, max-age=3600, stale-while-revalidate=86400',
      'Access-Control-Allow-Origin': '*',
      'X-Content-Type-Options': 'nosniff',
    },
  })
}
