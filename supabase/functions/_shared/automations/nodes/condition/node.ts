import { z } from 'zod'
import { Group, testGroup } from '../../conditions.ts'
import { defineNode, hint } from '../../define.ts'

export default defineNode({
  id: 'condition',
  version: 1,
  kind: 'condition',
  title: 'Condition',
  description:
    'Goes on through Yes or No: rules on the message, intent, sentiment, lead score, language, status, tags and attributes, combined with AND/OR.',
  icon: 'split',
  config: z.object({
    when: hint(
      Group.default({
        combinator: 'and',
        rules: [{ field: 'session.lead_score', operator: 'gte', value: 50 }],
      }),
      {
        title: 'When',
        widget: 'conditions',
      },
    ),
  }),
  output: z.object({ port: z.string() }),
  ports: () => [
    { id: 'yes', label: 'Yes' },
    { id: 'no', label: 'No' },
  ],
  evaluate: (c, facts) => (testGroup(c.when, facts) ? 'yes' : 'no'),
})
