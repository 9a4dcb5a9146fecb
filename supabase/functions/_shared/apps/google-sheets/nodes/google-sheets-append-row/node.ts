import { z } from 'zod'
import { defineNode, hint, OUT } from '../../../../automations/define.ts'
import { variables } from '../../../../automations/facts.ts'
import { render } from '../../../../automations/template.ts'

export default defineNode({
  id: 'google-sheets-append-row',
  version: 1,
  kind: 'action',
  title: 'Add a row to Google Sheets',
  description:
    "Appends a row to the store's sheet: Parley's row id in column A, then your columns in order. Retried safely: a row is never added twice.",
  icon: 'sheet',
  config: z.object({
    columns: hint(
      z.array(z.string().max(1000)).min(1, { error: 'Add at least one column.' }).max(25).prefault([]),
      {
        title: 'Columns (B, C, …)',
        description: 'One value per column; variables like {{contact.email}} are filled in.',
        widget: 'tags',
        order: 1,
      },
    ),
    sheet: hint(z.string().trim().max(100).prefault(''), {
      title: 'Sheet (tab)',
      description: 'Empty: the sheet chosen on the Integrations page.',
      order: 2,
    }),
  }),
  output: z.object({ updated_range: z.string() }),
  ports: () => [OUT],
  connection: { provider: 'google-sheets', label: 'Google Sheets' },
  job: (c, facts) => {
    const vars = variables(facts)
    return {
      topic: 'google_sheets.append_row',
      payload: { cells: c.columns.map((column) => render(column, vars)), sheet: c.sheet || null },
    }
  },
  dryRun: (c, facts) => ({
    summary: `Add a row: ${c.columns.map((column) => render(column, variables(facts))).join(' | ')}`,
  }),
  retry: { attempts: 8, backoff: { first: 10, max: 1800 } },
  idempotency: "Column A holds the run step's row id; a retry looks for it before appending again.",
  needsSession: false,
})
