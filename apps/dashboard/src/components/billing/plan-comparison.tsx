import { CheckIcon } from '@radix-ui/react-icons'
import { Badge, Card, Flex, Heading, Table, Text } from '@radix-ui/themes'
import type { ReactNode } from 'react'
import { startCheckout } from '../../actions/billing.ts'
import type { BillingOverview, BillingPlan } from '../../lib/data/billing.ts'
import { SubmitButton } from '../submit-button.tsx'
import { featureNames, Limit, Money } from './format.tsx'

const rows: { label: string; value: (p: BillingPlan) => ReactNode }[] = [
  {
    label: 'Price',
    value: (p) =>
      p.monthly_price_cents ? (
        <>
          <Money cents={p.monthly_price_cents} currency={p.currency} /> / month
        </>
      ) : (
        'Free'
      ),
  },
  { label: 'Chatbots', value: (p) => <Limit value={p.max_chatbots} /> },
  { label: 'Seats', value: (p) => <Limit value={p.max_seats} /> },
  {
    label: 'Conversations / month',
    value: (p) => (
      <>
        <Limit value={p.max_conversations_per_month} />
        {p.allows_overage ? ', then billed' : ''}
      </>
    ),
  },
  { label: 'AI answers / month', value: (p) => <Limit value={p.max_ai_answers_per_month} /> },
]

/** The plans side by side; owners without a subscription upgrade from here (with one: Manage billing). */
export function PlanComparison({ overview, storeId }: { overview: BillingOverview; storeId: string }) {
  const current = overview.plans.find((p) => p.id === overview.plan_id)
  const subscribed = ['active', 'trialing', 'past_due'].includes(overview.status) && overview.has_customer
  return (
    <Card size="2" asChild>
      <section aria-labelledby="plans-heading">
        <Flex direction="column" gap="3">
          <Heading as="h2" size="4" id="plans-heading">
            Plans
          </Heading>
          <Table.Root variant="surface" size="1">
            <Table.Header>
              <Table.Row>
                <Table.ColumnHeaderCell>
                  <span className="visually-hidden">Limit</span>
                </Table.ColumnHeaderCell>
                {overview.plans.map((p) => (
                  <Table.ColumnHeaderCell key={p.id} scope="col">
                    <Flex gap="2" align="center" wrap="wrap">
                      {p.name}
                      {p.id === overview.plan_id ? <Badge color="green">Current</Badge> : null}
                    </Flex>
                  </Table.ColumnHeaderCell>
                ))}
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {rows.map((row) => (
                <Table.Row key={row.label}>
                  <Table.RowHeaderCell>{row.label}</Table.RowHeaderCell>
                  {overview.plans.map((p) => (
                    <Table.Cell key={p.id}>{row.value(p)}</Table.Cell>
                  ))}
                </Table.Row>
              ))}
              <Table.Row>
                <Table.RowHeaderCell>Includes</Table.RowHeaderCell>
                {overview.plans.map((p) => (
                  <Table.Cell key={p.id}>
                    <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
                      {p.features.map((f) => (
                        <li key={f}>
                          <Text size="1">
                            <CheckIcon aria-hidden /> {featureNames[f] ?? f}
                          </Text>
                        </li>
                      ))}
                    </ul>
                  </Table.Cell>
                ))}
              </Table.Row>
              {overview.role === 'owner' ? (
                <Table.Row>
                  <Table.RowHeaderCell>
                    <span className="visually-hidden">Choose</span>
                  </Table.RowHeaderCell>
                  {overview.plans.map((p) => (
                    <Table.Cell key={p.id}>
                      {p.price_lookup_key && p.position > (current?.position ?? 0) && !subscribed ? (
                        <form action={startCheckout}>
                          <input type="hidden" name="storeId" value={storeId} />
                          <input type="hidden" name="planId" value={p.id} />
                          <SubmitButton size="2" pendingLabel="Opening Stripe Checkout">
                            Upgrade to {p.name}
                          </SubmitButton>
                        </form>
                      ) : p.id !== overview.plan_id && subscribed && p.price_lookup_key ? (
                        <Text size="1" color="gray">
                          Switch under Manage billing
                        </Text>
                      ) : null}
                    </Table.Cell>
                  ))}
                </Table.Row>
              ) : null}
            </Table.Body>
          </Table.Root>
        </Flex>
      </section>
    </Card>
  )
}
