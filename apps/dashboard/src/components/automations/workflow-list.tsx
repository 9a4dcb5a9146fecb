'use client'

import { DotsHorizontalIcon } from '@radix-ui/react-icons'
import {
  AlertDialog,
  Badge,
  Button,
  Card,
  DropdownMenu,
  Flex,
  IconButton,
  Link,
  Table,
  Text,
  VisuallyHidden,
} from '@radix-ui/themes'
import NextLink from 'next/link'
import { useState, useTransition } from 'react'
import { deleteWorkflow, duplicateWorkflow, setWorkflowEnabled } from '../../actions/automations.ts'
import { ago, runStatusColor, stateColor, stateLabel, workflowState } from '../../lib/automations/format.ts'
import type { WorkflowSummary } from '../../lib/data/automations.ts'
import { EmptyState } from '../empty-state.tsx'
import { LoadError } from '../load-error.tsx'

type Props = { storeId: string; workflows: WorkflowSummary[]; canEdit: boolean }

/** The store's automations: state, live version, runs and failures of the last day, the latest run. */
export function WorkflowList({ storeId, workflows, canEdit }: Props) {
  const [error, setError] = useState<string | null>(null)
  const [pending, startTransition] = useTransition()
  const [deleting, setDeleting] = useState<WorkflowSummary | null>(null)

  const act = (work: () => Promise<{ ok: boolean; error?: string }>) =>
    startTransition(async () => {
      setError(null)
      const result = await work()
      if (!result.ok) setError(result.error ?? 'Something went wrong.')
    })

  if (!workflows.length)
    return (
      <EmptyState title="No automations yet">
        {canEdit
          ? 'Start from a template or a blank canvas below.'
          : 'Owners and admins create automations; they will show up here.'}
      </EmptyState>
    )

  return (
    <Flex direction="column" gap="3">
      {error ? <LoadError message={error} /> : null}
      <Card size="1" style={{ overflowX: 'auto' }}>
        <Table.Root size="2" aria-label="Automations" aria-busy={pending}>
          <Table.Header>
            <Table.Row>
              <Table.ColumnHeaderCell>Name</Table.ColumnHeaderCell>
              <Table.ColumnHeaderCell>Status</Table.ColumnHeaderCell>
              <Table.ColumnHeaderCell>Version</Table.ColumnHeaderCell>
              <Table.ColumnHeaderCell>Runs (24 h)</Table.ColumnHeaderCell>
              <Table.ColumnHeaderCell>Failures (24 h)</Table.ColumnHeaderCell>
              <Table.ColumnHeaderCell>Last run</Table.ColumnHeaderCell>
              <Table.ColumnHeaderCell>
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.ColumnHeaderCell>
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {workflows.map((w) => {
              const state = workflowState(w)
              return (
                <Table.Row key={w.id} data-testid="workflow-row">
                  <Table.RowHeaderCell>
                    <Link asChild weight="medium">
                      <NextLink href={`/stores/${storeId}/automations/${w.id}`}>{w.name}</NextLink>
                    </Link>
                    {w.description ? (
                      <Text as="p" size="1" color="gray" className="truncate" style={{ maxWidth: 320 }}>
                        {w.description}
                      </Text>
                    ) : null}
                  </Table.RowHeaderCell>
                  <Table.Cell>
                    <Badge color={stateColor[state]}>{stateLabel[state]}</Badge>
                  </Table.Cell>
                  <Table.Cell>{w.published_version ? `v${w.published_version}` : '—'}</Table.Cell>
                  <Table.Cell>{w.runs24h}</Table.Cell>
                  <Table.Cell>
                    <Text color={w.failures24h ? 'red' : undefined}>{w.failures24h}</Text>
                  </Table.Cell>
                  <Table.Cell>
                    {w.lastRun ? (
                      <Flex gap="2" align="center">
                        <Badge variant="soft" color={runStatusColor[w.lastRun.status] ?? 'gray'}>
                          {w.lastRun.status}
                        </Badge>
                        <Text size="1" color="gray">
                          {ago(w.lastRun.started_at)}
                        </Text>
                      </Flex>
                    ) : (
                      <Text color="gray">Never</Text>
                    )}
                  </Table.Cell>
                  <Table.Cell>
                    <DropdownMenu.Root>
                      <DropdownMenu.Trigger>
                        <IconButton variant="ghost" color="gray" aria-label={`Actions for ${w.name}`}>
                          <DotsHorizontalIcon />
                        </IconButton>
                      </DropdownMenu.Trigger>
                      <DropdownMenu.Content>
                        <DropdownMenu.Item asChild>
                          <NextLink href={`/stores/${storeId}/automations/${w.id}`}>
                            {canEdit ? 'Edit' : 'Open'}
                          </NextLink>
                        </DropdownMenu.Item>
                        <DropdownMenu.Item asChild>
                          <a href={`/stores/${storeId}/automations/${w.id}/export`} download>
                            Export
                          </a>
                        </DropdownMenu.Item>
                        {canEdit ? (
                          <>
                            <DropdownMenu.Item onSelect={() => act(() => duplicateWorkflow(storeId, w.id))}>
                              Duplicate
                            </DropdownMenu.Item>
                            {state !== 'draft' ? (
                              <DropdownMenu.Item
                                onSelect={() =>
                                  act(() => setWorkflowEnabled(storeId, w.id, state !== 'live'))
                                }
                              >
                                {state === 'live' ? 'Pause' : 'Resume'}
                              </DropdownMenu.Item>
                            ) : null}
                            <DropdownMenu.Separator />
                            <DropdownMenu.Item color="red" onSelect={() => setDeleting(w)}>
                              Delete…
                            </DropdownMenu.Item>
                          </>
                        ) : null}
                      </DropdownMenu.Content>
                    </DropdownMenu.Root>
                  </Table.Cell>
                </Table.Row>
              )
            })}
          </Table.Body>
        </Table.Root>
      </Card>
      <AlertDialog.Root open={deleting !== null} onOpenChange={(open) => !open && setDeleting(null)}>
        <AlertDialog.Content maxWidth="420px">
          <AlertDialog.Title>Delete “{deleting?.name}”?</AlertDialog.Title>
          <AlertDialog.Description size="2">
            Its versions and run history go with it. Runs in progress stop.
          </AlertDialog.Description>
          <Flex gap="3" mt="4" justify="end">
            <AlertDialog.Cancel>
              <Button variant="soft" color="gray">
                Cancel
              </Button>
            </AlertDialog.Cancel>
            <AlertDialog.Action>
              <Button
                color="red"
                onClick={() => {
                  const target = deleting
                  if (target) act(() => deleteWorkflow(storeId, target.id))
                }}
              >
                Delete
              </Button>
            </AlertDialog.Action>
          </Flex>
        </AlertDialog.Content>
      </AlertDialog.Root>
    </Flex>
  )
}
