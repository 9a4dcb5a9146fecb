import { z } from 'zod'
import { defineNode, hint, OUT } from '../../define.ts'

export default defineNode({
  id: 'change-lead-score',
  version: 1,
  kind: 'action',
  title: 'Change the lead score',
  description: "Raises, lowers or sets the conversation's lead score (kept within 0–100).",
  icon: 'gauge',
  config: z.object({
    mode: hint(z.enum(['add', 'set']).default('add'), {
      title: 'How',
      description: 'Add (a negative amount lowers it) or set.',
      widget: 'select',
      order: 1,
    }),
    amount: hint(z.number().int().min(-100).max(100).default(10), {
      title: 'Amount',
      widget: 'number',
      order: 2,
    }),
  }),
  output: z.object({ lead_score: z.number() }),
  ports: () => [OUT],
  job: (c) => ({ topic: 'automations.change_lead_score', payload: { mode: c.mode, amount: c.amount } }),
  dryRun(c, facts) {
    const before = facts.session?.lead_score ?? 0
    const after = Math.max(0, Math.min(100, c.mode === 'set' ? c.amount : before + c.amount))
    return { summary: `Lead score ${before} → ${after}`, output: { lead_score: after } }
  },
  idempotency: 'Once per run step (the job key); an added amount is never added twice.',
  retriggers: ['lead-score-crossed'],
})
