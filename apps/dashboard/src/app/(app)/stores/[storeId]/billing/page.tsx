import { ExclamationTriangleIcon, InfoCircledIcon } from '@radix-ui/react-icons'
import { Badge, Callout, Card, Flex, Heading, Text } from '@radix-ui/themes'
import type { Metadata } from 'next'
import { notFound } from 'next/navigation'
import { openPortal } from '../../../../../actions/billing.ts'
import { Day } from '../../../../../components/billing/format.tsx'
import { Invoices } from '../../../../../components/billing/invoices.tsx'
import { PlanComparison } from '../../../../../components/billing/plan-comparison.tsx'
import { RefreshWhileConfirming } from '../../../../../components/billing/refresh-while-confirming.tsx'
import { UsageMeters } from '../../../../../components/billing/usage-meters.tsx'
import { BackLink } from '../../../../../components/chatbot/back-link.tsx'
import { LoadError } from '../../../../../components/load-error.tsx'
import { SubmitButton } from '../../../../../components/submit-button.tsx'
import { requireUser } from '../../../../../lib/auth.ts'
import { getBillingOverview } from '../../../../../lib/data/billing.ts'
import { getStore } from '../../../../../lib/data/stores.ts'

type Props = {
  params: Promise<{ storeId: string }>
  searchParams: Promise<{ checkout?: string; error?: string }>
}

export const metadata: Metadata = { title: 'Billing' }

const statusText: Record<string, string> = {
  none: 'No subscription',
  active: 'Active',
  trialing: 'Trial',
  past_due: 'Payment due',
  unpaid: 'Unpaid',
  canceled: 'Canceled',
  incomplete: 'Awaiting payment',
  incomplete_expired: 'Expired',
  paused: 'Paused',
}

/** The store's plan, usage against it, the plans, and the way to Stripe (owners; admins read only). */
export default async function BillingPage({ params, searchParams }: Props) {
  const { storeId } = await params
  const { checkout, error } = await searchParams
  await requireUser(`/stores/${storeId}/billing`)
  const [store, overview] = await Promise.all([getStore(storeId), getBillingOverview(storeId)])
  if (!store.ok) return <LoadError message={store.error} />
  if (!store.data) notFound()

  const header = (
    <>
      <BackLink href={`/stores/${storeId}`}>{store.data.name}</BackLink>
      <Flex direction="column" gap="1">
        <Heading as="h1" size="7">
          Billing
        </Heading>
        <Text color="gray" size="2">
          Your plan, what the store has used of it, and invoices. Payments are handled by Stripe.
        </Text>
      </Flex>
    </>
  )
  if (!overview.ok)
    return (
      <Flex direction="column" gap="5">
        {header}
        <LoadError message={overview.error} />
      </Flex>
    )
  if (!overview.data)
    return (
      <Flex direction="column" gap="5">
        {header}
        <Callout.Root>
          <Callout.Icon>
            <InfoCircledIcon />
          </Callout.Icon>
          <Callout.Text>Only the store’s owners and admins can see its billing.</Callout.Text>
        </Callout.Root>
      </Flex>
    )

  const o = overview.data
  const plan = o.plans.find((p) => p.id === o.plan_id) ?? o.plans[0]
  if (!plan) return <LoadError message="No plans are configured." />
  const subscribed = ['active', 'trialing', 'past_due'].includes(o.status) && o.has_customer
  const confirming = checkout === 'success' && !subscribed

  return (
    <Flex direction="column" gap="5">
      {header}
      {confirming ? (
        <Callout.Root color="blue" role="status">
          <Callout.Icon>
            <InfoCircledIcon />
          </Callout.Icon>
          <Callout.Text>
            Thank you! Your new plan appears here as soon as Stripe confirms the payment.
          </Callout.Text>
          <RefreshWhileConfirming />
        </Callout.Root>
      ) : null}
      {checkout === 'canceled' ? (
        <Callout.Root color="gray" role="status">
          <Callout.Text>Checkout was canceled: nothing was charged and your plan is unchanged.</Callout.Text>
        </Callout.Root>
      ) : null}
      {error ? <LoadError message={error} /> : null}
      {o.notices.map((n) => (
        <Callout.Root key={n.id} color={n.kind === 'usage_80' ? 'amber' : 'red'} role="alert">
          <Callout.Icon>
            <ExclamationTriangleIcon />
          </Callout.Icon>
          <Callout.Text>{n.message}</Callout.Text>
        </Callout.Root>
      ))}

      <Card size="2" asChild>
        <section aria-labelledby="plan-heading">
          <Flex direction="column" gap="3">
            <Flex gap="3" align="center" wrap="wrap">
              <Heading as="h2" size="4" id="plan-heading">
                {plan.name} plan
              </Heading>
              <Badge color={o.status === 'past_due' || o.status === 'unpaid' ? 'red' : 'gray'}>
                {statusText[o.status] ?? o.status}
              </Badge>
            </Flex>
            <Text size="2">
              Current period: <Day iso={o.period_start} /> to <Day iso={o.period_end} />.{' '}
              {o.cancel_at_period_end ? (
                <>
                  The subscription ends on <Day iso={o.period_end} />; the store then moves to Free.
                </>
              ) : subscribed ? (
                <>
                  Renews on <Day iso={o.period_end} />.
                </>
              ) : null}
            </Text>
            {o.role === 'owner' ? (
              o.has_customer ? (
                <form action={openPortal}>
                  <input type="hidden" name="storeId" value={storeId} />
                  <SubmitButton variant="soft" pendingLabel="Opening the Stripe portal">
                    Manage billing
                  </SubmitButton>
                </form>
              ) : null
            ) : (
              <Text size="2" color="gray">
                Only the store’s owners can change the plan or payment details.
              </Text>
            )}
          </Flex>
        </section>
      </Card>
      <UsageMeters overview={o} plan={plan} />
      <PlanComparison overview={o} storeId={storeId} />
      <Invoices invoices={o.invoices} />
    </Flex>
  )
}
