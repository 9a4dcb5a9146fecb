'use client'

import {
  change,
  formatChange,
  type KpiDefinition,
  type KpiKey,
  type Kpis,
  kpiDefinitions,
} from '@parley/supabase/analytics'
import { Box, Card, Grid, Text } from '@radix-ui/themes'
import type { Drill, OpenDrill } from './drill.ts'

/** The conversations behind a card, where a card has them. */
const drills: Partial<Record<KpiKey, Drill>> = {
  conversations: { title: 'Conversations started', kinds: ['conversation_started'] },
  bot_resolution: { title: 'Resolved by the bot', kinds: ['resolved_by_bot'] },
  handoff_rate: { title: 'Handed to a person', kinds: ['handoff_requested'] },
  agent_first_reply: { title: 'Answered by a person', kinds: ['agent_first_reply'] },
  resolution: { title: 'Resolved', kinds: ['resolved_by_bot', 'resolved_by_agent'] },
  leads: { title: 'Lead score changes', kinds: ['lead_score_changed'] },
  automation_runs: { title: 'Conversations with automation runs', kinds: ['automation_run_finished'] },
}

function ChangeLine({ kpi, kpis, previous }: { kpi: KpiDefinition; kpis: Kpis; previous: Kpis }) {
  const delta = change(kpi.value(kpis), kpi.value(previous), kpi.kind)
  const text = formatChange(delta, kpi.kind)
  if (delta === null || text === null) {
    return (
      <Text size="1" color="gray">
        {delta === 0 ? 'no change' : 'nothing to compare'}
      </Text>
    )
  }
  const good = delta > 0 === (kpi.better === 'up')
  return (
    <Text size="1" color={good ? 'green' : 'red'}>
      {delta > 0 ? '▲' : '▼'} {text} vs previous period
    </Text>
  )
}

/** The headline figures, each beside the previous period of the same length; a card with a drill opens it. */
export function KpiCards({ kpis, previous, onDrill }: { kpis: Kpis; previous: Kpis; onDrill: OpenDrill }) {
  return (
    <Grid columns={{ initial: '2', sm: '3', md: '5' }} gap="3">
      {kpiDefinitions.map((kpi) => {
        const body = (
          <>
            <Text as="div" size="1" color="gray">
              {kpi.label}
            </Text>
            <Text as="div" size="5" weight="bold" data-kpi={kpi.key}>
              {kpi.format(kpi.value(kpis))}
            </Text>
            <ChangeLine kpi={kpi} kpis={kpis} previous={previous} />
          </>
        )
        const drill = drills[kpi.key]
        return drill ? (
          <Card key={kpi.key} asChild>
            <button
              type="button"
              onClick={() => onDrill(drill)}
              style={{ textAlign: 'left', cursor: 'pointer' }}
            >
              {body}
            </button>
          </Card>
        ) : (
          <Card key={kpi.key}>
            <Box>{body}</Box>
          </Card>
        )
      })}
    </Grid>
  )
}
