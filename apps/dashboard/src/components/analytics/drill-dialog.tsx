'use client'

import { Badge, Button, Dialog, Flex, Link, Spinner, Table, Text } from '@radix-ui/themes'
import NextLink from 'next/link'
import { useEffect, useState } from 'react'
import { type AnalyticsFilters, filterArgs } from '../../lib/analytics/filters.ts'
import { browserClient } from '../../lib/realtime.ts'
import { EmptyState } from '../empty-state.tsx'
import { LoadError } from '../load-error.tsx'
import { LocalDate } from '../local-format.tsx'
import type { Drill } from './drill.ts'

type Row = {
  session_id: string
  at: string
  status: string
  language: string | null
  lead_score: number | null
  contact_name: string | null
}

type Props = { storeId: string; filters: AnalyticsFilters; drill: Drill | null; onClose: () => void }

/** The conversations behind a bar, point, funnel step or card; each opens in the conversations screen. */
export function DrillDialog({ storeId, filters, drill, onClose }: Props) {
  const [rows, setRows] = useState<Row[] | null>(null)
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    if (!drill) return
    let cancelled = false
    setRows(null)
    setError(null)
    void browserClient()
      .rpc('analytics_conversations', {
        ...filterArgs(storeId, filters),
        p_kinds: [...drill.kinds],
        p_day: drill.day,
        p_intent: drill.intent,
        p_agent: drill.agent,
        p_limit: 200,
      })
      .then(({ data, error }) => {
        if (cancelled) return
        if (error) setError('Could not load these conversations. Try again.')
        else setRows(data ?? [])
      })
    return () => {
      cancelled = true
    }
  }, [storeId, filters, drill])

  return (
    <Dialog.Root open={drill !== null} onOpenChange={(open) => (open ? null : onClose())}>
      <Dialog.Content maxWidth="640px" aria-describedby={undefined}>
        <Dialog.Title>{drill?.title}</Dialog.Title>
        {error ? <LoadError message={error} /> : null}
        {rows === null && !error ? (
          <Flex align="center" gap="2">
            <Spinner /> <Text size="2">Loading the conversations…</Text>
          </Flex>
        ) : null}
        {rows?.length === 0 ? <EmptyState title="No conversations behind this figure." /> : null}
        {rows && rows.length > 0 ? (
          <Table.Root size="1" aria-label="Conversations">
            <Table.Header>
              <Table.Row>
                <Table.ColumnHeaderCell>Conversation</Table.ColumnHeaderCell>
                <Table.ColumnHeaderCell>When</Table.ColumnHeaderCell>
                <Table.ColumnHeaderCell>Status</Table.ColumnHeaderCell>
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {rows.map((row) => (
                <Table.Row key={row.session_id}>
                  <Table.Cell>
                    <Link asChild>
                      <NextLink href={`/stores/${storeId}/conversations?session=${row.session_id}`}>
                        {row.contact_name ?? `Visitor ${row.session_id.slice(0, 8)}`}
                      </NextLink>
                    </Link>
                  </Table.Cell>
                  <Table.Cell>
                    <LocalDate value={row.at} options={{ dateStyle: 'medium', timeStyle: 'short' }} />
                  </Table.Cell>
                  <Table.Cell>
                    <Badge variant="soft">{row.status}</Badge>
                  </Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table.Root>
        ) : null}
        <Flex justify="end" mt="4">
          <Dialog.Close>
            <Button variant="soft" color="gray">
              Close
            </Button>
          </Dialog.Close>
        </Flex>
      </Dialog.Content>
    </Dialog.Root>
  )
}
