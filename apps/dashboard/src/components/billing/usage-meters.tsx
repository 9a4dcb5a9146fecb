import { Card, Flex, Grid, Heading, Progress, Text } from '@radix-ui/themes'
import type { BillingOverview, BillingPlan } from '../../lib/data/billing.ts'
import { LocalNumber } from '../local-format.tsx'
import { Day, Limit } from './format.tsx'

type Meter = { id: string; label: string; used: number; max: number | null; monthly: boolean }

/** Usage against the plan: a bar per limit, amber from 80 %, red at the cap. */
export function UsageMeters({ overview, plan }: { overview: BillingOverview; plan: BillingPlan }) {
  const meters: Meter[] = [
    {
      id: 'conversations',
      label: 'Conversations this period',
      used: overview.usage.conversations,
      max: plan.max_conversations_per_month,
      monthly: true,
    },
    {
      id: 'ai_answers',
      label: 'AI answers this period',
      used: overview.usage.ai_answers,
      max: plan.max_ai_answers_per_month,
      monthly: true,
    },
    {
      id: 'chatbots',
      label: 'Chatbots',
      used: overview.usage.chatbots,
      max: plan.max_chatbots,
      monthly: false,
    },
    {
      id: 'seats',
      label: 'Seats (members and pending invitations)',
      used: overview.usage.seats,
      max: plan.max_seats,
      monthly: false,
    },
  ]
  return (
    <Card size="2" asChild>
      <section aria-labelledby="usage-heading">
        <Flex direction="column" gap="4">
          <Flex direction="column" gap="1">
            <Heading as="h2" size="4" id="usage-heading">
              Usage
            </Heading>
            <Text size="2" color="gray">
              Conversations and AI answers reset on <Day iso={overview.period_end} />. Answers written with
              your own AI provider key are not counted.
            </Text>
          </Flex>
          <Grid columns={{ initial: '1', sm: '2' }} gap="4">
            {meters.map((m) => {
              const percent = m.max
                ? Math.min(100, Math.round((m.used / m.max) * 100))
                : m.max === 0
                  ? 100
                  : 0
              const color = percent >= 100 ? 'red' : percent >= 80 ? 'amber' : undefined
              return (
                <Flex key={m.id} direction="column" gap="2">
                  <Flex justify="between" gap="2" wrap="wrap">
                    <Text size="2" weight="medium" id={`meter-${m.id}`}>
                      {m.label}
                    </Text>
                    <Text size="2" color={color}>
                      <LocalNumber value={m.used} /> of <Limit value={m.max} />
                    </Text>
                  </Flex>
                  <Progress
                    value={m.max === null ? 0 : percent}
                    color={color}
                    aria-labelledby={`meter-${m.id}`}
                    aria-valuetext={`${m.used} of ${m.max ?? 'unlimited'}`}
                  />
                </Flex>
              )
            })}
          </Grid>
        </Flex>
      </section>
    </Card>
  )
}
