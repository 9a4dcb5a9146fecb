import { Card, Flex, Heading, Link, Table, Text } from '@radix-ui/themes'
import type { BillingOverview } from '../../lib/data/billing.ts'
import { Day, Money } from './format.tsx'

/** The latest invoices Stripe sent us (by webhook), with Stripe's page for each. */
export function Invoices({ invoices }: { invoices: BillingOverview['invoices'] }) {
  return (
    <Card size="2" asChild>
      <section aria-labelledby="invoices-heading">
        <Flex direction="column" gap="3">
          <Heading as="h2" size="4" id="invoices-heading">
            Recent invoices
          </Heading>
          {invoices.length === 0 ? (
            <Text size="2" color="gray">
              No invoices yet. They appear here once Stripe bills a paid plan.
            </Text>
          ) : (
            <Table.Root size="1">
              <Table.Header>
                <Table.Row>
                  <Table.ColumnHeaderCell>Invoice</Table.ColumnHeaderCell>
                  <Table.ColumnHeaderCell>Date</Table.ColumnHeaderCell>
                  <Table.ColumnHeaderCell>Amount</Table.ColumnHeaderCell>
                  <Table.ColumnHeaderCell>Status</Table.ColumnHeaderCell>
                </Table.Row>
              </Table.Header>
              <Table.Body>
                {invoices.map((i) => (
                  <Table.Row key={i.id}>
                    <Table.RowHeaderCell>
                      {i.hosted_invoice_url ? (
                        <Link href={i.hosted_invoice_url} target="_blank" rel="noreferrer">
                          {i.number ?? i.id}
                        </Link>
                      ) : (
                        (i.number ?? i.id)
                      )}
                    </Table.RowHeaderCell>
                    <Table.Cell>
                      <Day iso={i.created_at} />
                    </Table.Cell>
                    <Table.Cell>
                      <Money cents={i.amount_due} currency={i.currency} />
                    </Table.Cell>
                    <Table.Cell>{i.status}</Table.Cell>
                  </Table.Row>
                ))}
              </Table.Body>
            </Table.Root>
          )}
        </Flex>
      </section>
    </Card>
  )
}
