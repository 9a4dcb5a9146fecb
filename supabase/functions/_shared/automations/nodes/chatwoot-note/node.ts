import { z } from 'zod'
import { defineNode, hint, OUT } from '../../define.ts'
import { variables } from '../../facts.ts'
import { render } from '../../template.ts'

export default defineNode({
  id: 'chatwoot-note',
  version: 1,
  kind: 'action',
  title: 'Private note in Chatwoot',
  description: "Posts a note agents see in the conversation's Chatwoot conversation (never the visitor).",
  icon: 'sticky-note',
  config: z.object({
    note: hint(z.string().trim().min(1, { error: 'Write the note.' }).max(4000).prefault(''), {
      title: 'Note',
      widget: 'template',
      placeholder: 'Lead score {{session.lead_score}}: call back today',
    }),
  }),
  output: z.object({ chatwoot_message_id: z.number() }),
  ports: () => [OUT],
  connection: { provider: 'chatwoot', label: 'Chatwoot' },
  job: (c, facts) => ({
    topic: 'automations.chatwoot_note',
    payload: { note: render(c.note, variables(facts)) },
  }),
  dryRun: (c, facts) => ({ summary: `Chatwoot note: “${render(c.note, variables(facts))}”` }),
  retry: { attempts: 8, backoff: { first: 5, max: 900 } },
  idempotency: 'Posted with a source id of the run step; a retry finds the note it posted before.',
})
