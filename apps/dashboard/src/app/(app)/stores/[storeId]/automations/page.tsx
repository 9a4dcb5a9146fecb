import { templates } from '@parley/supabase/automations'
import { Card, Flex, Heading, Text } from '@radix-ui/themes'
import type { Metadata } from 'next'
import { notFound } from 'next/navigation'
import { NewWorkflow } from '../../../../../components/automations/new-workflow.tsx'
import { WorkflowList } from '../../../../../components/automations/workflow-list.tsx'
import { ReadOnlyNotice } from '../../../../../components/chatbot/read-only-notice.tsx'
import { LoadError } from '../../../../../components/load-error.tsx'
import { requireUser } from '../../../../../lib/auth.ts'
import { listWorkflows } from '../../../../../lib/data/automations.ts'
import { getMyRole } from '../../../../../lib/data/chatbots.ts'
import { getStore } from '../../../../../lib/data/stores.ts'
import { canManageMembers } from '../../../../../lib/roles.ts'

type Props = { params: Promise<{ storeId: string }> }

export const metadata: Metadata = { title: 'Automations' }

export default async function AutomationsPage({ params }: Props) {
  const { storeId } = await params
  const user = await requireUser(`/stores/${storeId}/automations`)
  const [store, workflows, role] = await Promise.all([
    getStore(storeId),
    listWorkflows(storeId),
    getMyRole(storeId, user.id),
  ])
  if (!store.ok) return <LoadError message={store.error} />
  if (!store.data) notFound()
  const canEdit = canManageMembers(role)
  return (
    <Flex direction="column" gap="5">
      <Flex direction="column" gap="1">
        <Heading as="h1" size="7">
          Automations
        </Heading>
        <Text color="gray" size="2">
          What the bot and your team do when something happens in a conversation: tag, hand off, reply, call a
          webhook, wait.
        </Text>
      </Flex>
      {workflows.ok ? (
        <WorkflowList storeId={storeId} workflows={workflows.data} canEdit={canEdit} />
      ) : (
        <LoadError message={workflows.error} />
      )}
      {canEdit ? (
        <Card size="2" asChild>
          <section aria-labelledby="new-automation-heading">
            <Flex direction="column" gap="3">
              <Heading as="h2" size="4" id="new-automation-heading">
                New automation
              </Heading>
              <NewWorkflow storeId={storeId} templates={templates} />
            </Flex>
          </section>
        </Card>
      ) : (
        <ReadOnlyNotice>
          You are an agent in this store: you can look at automations and their runs; owners and admins edit
          them.
        </ReadOnlyNotice>
      )}
    </Flex>
  )
}
