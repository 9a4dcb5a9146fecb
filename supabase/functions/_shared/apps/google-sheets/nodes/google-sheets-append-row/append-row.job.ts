// Appends an automation's row to the store's sheet. values.append has no idempotency key, so column A holds
// the row id `parley:<run>:<step>`: a job that may follow a lost answer (a rerun, or any attempt after the
// first) reads column A and does not append a row that is already there.
import { z } from 'zod'
import { RUN_STEP_KEY, runFields } from '../../../../automations/action-job.ts'
import { dead, defineJob, done } from '../../../../jobs/define.ts'
import { appBaseUrl } from '../../../base-url.ts'
import { withCredential } from '../../../connection.ts'
import { appDestination } from '../../../destination.ts'
import sheets from '../../app.ts'
import { SheetsClient } from '../../client.ts'

export default defineJob({
  topic: 'google_sheets.append_row',
  title: 'Add a row to Google Sheets (automation)',
  payload: z.object({
    ...runFields,
    cells: z.array(z.string().max(1000)).min(1).max(25),
    sheet: z.string().max(100).nullable(),
  }),
  destination: appDestination(sheets),
  retry: { attempts: 8, backoff: { first: 10, max: 1800 } },
  key: RUN_STEP_KEY,
  async run(p, ctx) {
    return await withCredential(ctx.db, p.store_id, sheets, async (token, config) => {
      const settings = sheets.settings.safeParse(config)
      const spreadsheet = settings.success ? settings.data.spreadsheet_id : undefined
      const sheet = p.sheet || (settings.success ? settings.data.sheet : undefined)
      if (!spreadsheet || !sheet) return dead('Choose the spreadsheet and sheet on the Integrations page')
      const client = new SheetsClient({ token, baseUrl: appBaseUrl(sheets), breaker: ctx.breaker })
      const rowId = `parley:${p.run_id}:${p.step}`
      if (ctx.job.rerun || ctx.job.attempt > 1) {
        const ids = await client.column(spreadsheet, sheet, 'A')
        if (ids.includes(rowId)) return done({ updated_range: 'already appended', row_id: rowId })
      }
      const appended = await client.appendRow(spreadsheet, sheet, [rowId, ...p.cells])
      return done({ updated_range: appended.updatedRange, row_id: rowId })
    })
  },
})
