import { z } from 'zod'
import { defineNode, hint, OUT } from '../../define.ts'

export default defineNode({
  id: 'add-tags',
  version: 1,
  kind: 'action',
  title: 'Add tags',
  description: 'Tags the conversation (tags it already has stay).',
  icon: 'tag',
  config: z.object({
    tags: hint(
      z
        .array(z.string().trim().min(1).max(40))
        .min(1, { error: 'Add at least one tag.' })
        .max(20)
        .prefault([]),
      { title: 'Tags', widget: 'tags' },
    ),
  }),
  output: z.object({ tags: z.array(z.string()) }),
  ports: () => [OUT],
  job: (c) => ({ topic: 'automations.add_tags', payload: { tags: c.tags } }),
  dryRun: (c) => ({ summary: `Tag the conversation: ${c.tags.join(', ')}`, output: { tags: c.tags } }),
  idempotency: 'Adding a tag the conversation has changes nothing.',
})
