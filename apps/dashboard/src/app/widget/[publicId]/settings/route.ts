import { parseTheme } from '@parley/widget/config'
import type { WidgetConfig } from '@parley/widget/rows'
import { createClient } from '@supabase/supabase-js'
import { supabaseAnonKey, supabaseUrl } from '../../../../lib/env.ts'
import { isPublicId } from '../../../../lib/public-id.ts'
import { serverClientOptions } from '../../../../lib/supabase/server-options.ts'

/**
 * The launcher's look (colour, side, title) and the chatbot's languages for /widget.js, fetched lazily by the loader so a theme change
 * in the dashboard reaches every site without a new embed code. Public data only; cached five minutes.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ publicId: string }> }) {
  const { publicId } = await params
  const headers = {
    'Access-Control-Allow-Origin': '*',
    'Cache-Control': 'public, max-age=300, stale-while-revalidate=3600',
  }
  // No database round trip (where a NUL would be a 5xx) for what cannot be a public id.
  if (!isPublicId(publicId)) return Response.json({ error: 'unknown chatbot' }, { status: 404, headers })
  const supabase = createClient(supabaseUrl, supabaseAnonKey, {
    ...serverClientOptions,
    auth: { persistSession: false, autoRefreshToken: false },
  })
  const { data, error } = await supabase.rpc('widget_config', { p_public_id: publicId })
  if (error)
    return Response.json(
      { error: 'unavailable' },
      { status: 503, headers: { ...headers, 'Cache-Control': 'no-store' } },
    )
  const config = data as WidgetConfig | null
  if (!config) return Response.json({ error: 'unknown chatbot' }, { status: 404, headers })
  const theme = parseTheme(config.chatbot.theme, config.chatbot.name)
  // languages: the launcher words its label in the one the chat will speak
  return Response.json(
    { color: theme.color, position: theme.position, title: theme.title, languages: config.chatbot.languages },
    { headers },
  )
}
