import 'server-only'
import type { Enums } from '@parley/supabase/database'
import { Badge, Tooltip } from '@radix-ui/themes'
import { cache } from 'react'
import { createClient } from '../../lib/supabase/server.ts'

/** One read per store and request, whatever the number of members (RLS: owners and admins only). */
const agentStates = cache(async (storeId: string) => {
  const supabase = await createClient()
  const { data } = await supabase
    .from('chatwoot_agents')
    .select('user_id, status, last_error')
    .eq('store_id', storeId)
  return new Map((data ?? []).map((row) => [row.user_id, row]))
})

const look = {
  synced: { color: 'green', label: 'Chatwoot: synced' },
  pending: { color: 'amber', label: 'Chatwoot: pending' },
  removing: { color: 'amber', label: 'Chatwoot: removing' },
  failed: { color: 'red', label: 'Chatwoot: failed' },
} as const satisfies Record<Enums<'chatwoot_agent_status'>, { color: string; label: string }>

/** A member's seat in the store's Chatwoot account; nothing for members without one (or readers without access). */
export async function ChatwootSyncBadge({ storeId, userId }: { storeId: string; userId: string }) {
  const state = (await agentStates(storeId)).get(userId)
  if (!state) return null
  const { color, label } = look[state.status]
  const badge = (
    <Badge color={color} variant="outline" data-testid="chatwoot-sync" data-status={state.status}>
      {label}
    </Badge>
  )
  return state.last_error ? <Tooltip content={state.last_error}>{badge}</Tooltip> : badge
}
