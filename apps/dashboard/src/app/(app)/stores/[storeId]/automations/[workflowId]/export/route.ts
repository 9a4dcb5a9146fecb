import { exportWorkflow } from '@parley/supabase/automations'
import { getCurrentUser } from '../../../../../../../lib/auth.ts'
import { getWorkflow } from '../../../../../../../lib/data/automations.ts'

type Context = { params: Promise<{ storeId: string; workflowId: string }> }

/** The workflow's draft as a `parley.workflow` file (secret fields left out), downloaded. */
export async function GET(_request: Request, { params }: Context) {
  const { storeId, workflowId } = await params
  if (!(await getCurrentUser())) return Response.json({ message: 'Sign in first.' }, { status: 401 })
  const workflow = await getWorkflow(storeId, workflowId)
  if (!workflow.ok) return Response.json({ message: workflow.error }, { status: 502 })
  if (!workflow.data) return Response.json({ message: 'No such automation.' }, { status: 404 })
  const file = exportWorkflow(workflow.data)
  const slug =
    workflow.data.name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'workflow'
  return new Response(JSON.stringify(file, null, 2), {
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Disposition': `attachment; filename="${slug}.parley.json"`,
      'Cache-Control': 'no-store',
    },
  })
}
