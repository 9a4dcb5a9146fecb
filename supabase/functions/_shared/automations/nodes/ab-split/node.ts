import { z } from 'zod'
import { defineNode, hint } from '../../define.ts'

const Branch = z.object({
  id: z.string().regex(/^[a-z0-9_-]{1,20}$/, { error: 'Branch ids are short: letters, digits, - and _.' }),
  label: z.string().trim().min(1).max(40),
  percent: z.number().int().min(0).max(100),
})

export default defineNode({
  id: 'ab-split',
  version: 1,
  kind: 'split',
  title: 'A/B split',
  description:
    'Sends each conversation down one branch by percentage; a conversation always gets the same branch again.',
  icon: 'git-fork',
  config: z.object({
    branches: hint(
      z
        .array(Branch)
        .min(2, { error: 'A split needs at least two branches.' })
        .max(5)
        .default([
          { id: 'a', label: 'A', percent: 50 },
          { id: 'b', label: 'B', percent: 50 },
        ])
        .refine((bs) => bs.reduce((sum, b) => sum + b.percent, 0) === 100, {
          error: 'The percentages add up to 100.',
        })
        .refine((bs) => new Set(bs.map((b) => b.id)).size === bs.length, {
          error: 'Each branch needs its own id.',
        }),
      { title: 'Branches', widget: 'branches' },
    ),
  }),
  output: z.object({ branch: z.string() }),
  ports: (c) => c.branches.map((b) => ({ id: b.id, label: `${b.label} (${b.percent}%)` })),
  choose(c, roll) {
    let edge = 0
    for (const b of c.branches) {
      edge += b.percent / 100
      if (roll < edge) return b.id
    }
    return (c.branches.at(-1) as { id: string }).id
  },
})
