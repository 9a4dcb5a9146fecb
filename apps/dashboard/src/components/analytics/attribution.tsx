'use client'

import { formatDuration, type Kpis } from '@parley/supabase/analytics'
import { Button, Card, Flex, Grid, Heading, Text } from '@radix-ui/themes'
import { LocalNumber } from '../local-format.tsx'
import type { OpenDrill } from './drill.ts'

/** Bot versus people: every conversation of the period resolved by the bot, by a person, or not (yet). */
export function Attribution({ kpis, onDrill }: { kpis: Kpis; onDrill: OpenDrill }) {
  const total = kpis.conversations
  const share = (n: number) => (total ? `${Math.round((n / total) * 100)} %` : '–')
  const columns = [
    {
      title: 'Resolved by the bot',
      n: kpis.resolved_by_bot,
      time: kpis.median_resolution_bot_s,
      color: 'green' as const,
      kinds: ['resolved_by_bot'] as const,
    },
    {
      title: 'Resolved by people',
      n: kpis.resolved_by_agent,
      time: kpis.median_resolution_agent_s,
      color: 'blue' as const,
      kinds: ['resolved_by_agent'] as const,
    },
    {
      title: 'Not resolved',
      n: kpis.abandoned,
      time: null,
      color: 'gray' as const,
      kinds: null,
    },
  ]
  return (
    <Card>
      <Heading as="h3" size="3" mb="2">
        Bot versus people
      </Heading>
      <Grid columns={{ initial: '1', sm: '3' }} gap="3">
        {columns.map((c) => (
          <Flex
            key={c.title}
            direction="column"
            gap="1"
            p="2"
            style={{ borderLeft: `3px solid var(--${c.color}-9)` }}
          >
            <Text size="2" weight="medium">
              {c.title}
            </Text>
            <Text size="6" weight="bold">
              <LocalNumber value={c.n} />{' '}
              <Text size="2" color="gray" weight="regular">
                {share(c.n)} of conversations
              </Text>
            </Text>
            <Text size="1" color="gray">
              {c.kinds ? `median time to resolution ${formatDuration(c.time)}` : 'abandoned, or still open'}
            </Text>
            {c.kinds && c.n > 0 ? (
              <Flex>
                <Button size="1" variant="ghost" onClick={() => onDrill({ title: c.title, kinds: c.kinds })}>
                  See the conversations
                </Button>
              </Flex>
            ) : null}
          </Flex>
        ))}
      </Grid>
    </Card>
  )
}
