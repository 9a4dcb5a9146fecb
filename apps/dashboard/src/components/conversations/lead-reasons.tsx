'use client'

import type { Database } from '@parley/supabase/database'
import { Flex, Text } from '@radix-ui/themes'
import type { SupabaseClient } from '@supabase/supabase-js'
import { useEffect, useState } from 'react'
import { z } from 'zod'

const leadSchema = z.object({
  score: z.number(),
  tier: z.string().nullable(),
  reasons: z.array(z.object({ reason: z.string(), points: z.number() })).catch([]),
})
type Lead = z.infer<typeof leadSchema>

/**
 * Why a session has its lead score and which persona tier answers it (session_leads; RLS: members only).
 * Read again when the score changes (the parent sees the session's score live).
 */
export function LeadReasons({
  client,
  sessionId,
  score,
}: {
  client: SupabaseClient<Database>
  sessionId: string
  score: number | null
}) {
  const [lead, setLead] = useState<Lead | null>(null)
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new score has new reasons: read them again
  useEffect(() => {
    let live = true
    void client
      .from('session_leads')
      .select('score, tier, reasons')
      .eq('session_id', sessionId)
      .maybeSingle()
      .then(({ data }) => {
        const parsed = leadSchema.safeParse(data)
        if (live) setLead(parsed.success ? parsed.data : null)
      })
    return () => {
      live = false
    }
  }, [client, sessionId, score])

  if (!lead) return null
  return (
    <Flex direction="column" gap="1" data-testid="lead-reasons">
      <Text size="1" color="gray">
        Lead {lead.score}
        {lead.tier ? ` · persona ${lead.tier}` : ''}
      </Text>
      {lead.reasons.length ? (
        <Flex asChild direction="column" gap="0" m="0" pl="4">
          <ul>
            {lead.reasons.map((r) => (
              <li key={r.reason}>
                <Text size="1">
                  {r.reason} ({r.points > 0 ? '+' : ''}
                  {r.points})
                </Text>
              </li>
            ))}
          </ul>
        </Flex>
      ) : null}
    </Flex>
  )
}
