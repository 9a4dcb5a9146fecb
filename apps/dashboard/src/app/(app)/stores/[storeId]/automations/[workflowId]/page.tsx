import { Flex } from '@radix-ui/themes'
import type { Metadata } from 'next'
import { notFound } from 'next/navigation'
import { WorkflowEditor } from '../../../../../../components/automations/editor/workflow-editor.tsx'
import { BackLink } from '../../../../../../components/chatbot/back-link.tsx'
import { LoadError } from '../../../../../../components/load-error.tsx'
import { requireUser } from '../../../../../../lib/auth.ts'
import { getWorkflow } from '../../../../../../lib/data/automations.ts'
import { getMyRole } from '../../../../../../lib/data/chatbots.ts'
import { canManageMembers } from '../../../../../../lib/roles.ts'

type Props = { params: Promise<{ storeId: string; workflowId: string }> }

export const metadata: Metadata = { title: 'Automation' }

export default async function WorkflowPage({ params }: Props) {
  const { storeId, workflowId } = await params
  const user = await requireUser(`/stores/${storeId}/automations/${workflowId}`)
  const [workflow, role] = await Promise.all([getWorkflow(storeId, workflowId), getMyRole(storeId, user.id)])
  if (!workflow.ok) return <LoadError message={workflow.error} />
  if (!workflow.data) notFound()
  return (
    <Flex direction="column" gap="3">
      <BackLink href={`/stores/${storeId}/automations`}>Automations</BackLink>
      <WorkflowEditor storeId={storeId} workflow={workflow.data} readOnly={!canManageMembers(role)} />
    </Flex>
  )
}
