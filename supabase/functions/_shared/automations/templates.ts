// Ready-made workflows the builder offers ("Start from a template"). Each is a graph as the builder
// stores it, so picking one copies it into a new draft; a test keeps every template valid.
import { type Graph, buildGraph as graph } from './graph.ts'

export interface WorkflowTemplate {
  id: string
  name: string
  description: string
  graph: Graph
}

export const templates: readonly WorkflowTemplate[] = [
  {
    id: 'negative-sentiment-escalation',
    name: 'Escalate unhappy visitors',
    description:
      'When sentiment turns negative: tag the conversation, hand it off with high priority and brief the agent.',
    graph: graph(
      [
        ['trigger', 'sentiment-below', { threshold: -0.4 }],
        ['tag', 'add-tags', { tags: ['unhappy'] }],
        [
          'handoff',
          'handoff',
          {
            team: 'Support',
            priority: 'high',
            message: "I'm sorry this has been frustrating. I'm bringing in a colleague who can sort it out.",
          },
        ],
        [
          'note',
          'chatwoot-note',
          {
            note: 'Escalated by automation: sentiment {{session.sentiment}}. Last message: “{{message.text}}”',
          },
          ['out'],
        ],
      ],
      [
        ['trigger', 'tag'],
        ['tag', 'handoff'],
        ['handoff', 'note'],
      ],
    ),
  },
  {
    id: 'high-value-lead-follow-up',
    name: 'Follow up on hot leads',
    description:
      'When the lead score rises above 75: tag the lead, and hand it to sales during business hours or offer a call back after hours.',
    graph: graph(
      [
        ['trigger', 'lead-score-crossed', { threshold: 75, direction: 'up' }],
        ['tag', 'add-tags', { tags: ['hot-lead'] }],
        ['stage', 'set-contact-attribute', { key: 'lead_stage', value: 'sales-qualified' }],
        ['hours', 'business-hours', {}],
        [
          'sales',
          'handoff',
          {
            team: 'Sales',
            priority: 'high',
            message: 'Great question. Let me bring in someone from our team who can help you choose.',
          },
          ['out'],
        ],
        [
          'offer',
          'send-reply',
          {
            message:
              'Our team is out right now. Leave your phone number or e-mail and we will get back to you first thing, or call {{store.fallback_phone | "us"}}.',
          },
          ['out'],
        ],
      ],
      [
        ['trigger', 'tag'],
        ['tag', 'stage'],
        ['stage', 'hours'],
        ['hours', 'sales', 'open'],
        ['hours', 'offer', 'closed'],
      ],
      { offer: 1 },
    ),
  },
  {
    id: 'after-hours-reply',
    name: 'After-hours reply',
    description:
      'When a conversation starts outside business hours, say when the team is back and how to reach it.',
    graph: graph(
      [
        ['trigger', 'conversation-started', {}],
        ['hours', 'business-hours', {}, ['open']],
        [
          'reply',
          'send-reply',
          {
            message:
              'Thanks for reaching out! Our team is offline right now. I can help with most questions, and for anything urgent you can e-mail {{store.fallback_email | "us"}}.',
          },
          ['out'],
        ],
      ],
      [
        ['trigger', 'hours'],
        ['hours', 'reply', 'closed'],
      ],
    ),
  },
  {
    id: 'unanswered-nudge',
    name: 'Nobody answered in 10 minutes',
    description:
      'When a visitor waiting for a person has had no answer for 10 minutes: apologise, give the phone number and alert the team.',
    graph: graph(
      [
        ['trigger', 'agent-no-reply', { minutes: 10 }],
        [
          'apology',
          'send-reply',
          {
            message:
              'Sorry for the wait! Our team is busier than usual. If it is urgent, call us on {{store.fallback_phone | "our shop number"}}.',
          },
        ],
        ['tag', 'add-tags', { tags: ['waited-10-min'] }],
        ['note', 'chatwoot-note', { note: 'This visitor has waited 10 minutes without an answer.' }, ['out']],
      ],
      [
        ['trigger', 'apology'],
        ['apology', 'tag'],
        ['tag', 'note'],
      ],
    ),
  },
  {
    id: 'return-request-with-photo',
    name: 'Return request with a photo',
    description:
      'When a visitor asks about a return: ask for the order number and a photo, then hand the request to the returns team, or remind them after a day.',
    graph: graph(
      [
        ['trigger', 'intent-detected', { intents: ['return_request'] }],
        [
          'ask',
          'send-reply',
          {
            message:
              'I can help with your return. Please send your order number and a photo of the item (and of any damage).',
          },
        ],
        ['wait', 'wait-for-reply', { amount: 1, unit: 'days' }],
        ['tag', 'add-tags', { tags: ['return-request'] }],
        ['returns', 'handoff', { team: 'Returns', priority: 'medium' }, ['out']],
        [
          'remind',
          'send-reply',
          {
            message:
              'Just checking in: send your order number and a photo whenever you are ready, and we will take it from there.',
          },
          ['out'],
        ],
      ],
      [
        ['trigger', 'ask'],
        ['ask', 'wait'],
        ['wait', 'tag', 'replied'],
        ['tag', 'returns'],
        ['wait', 'remind', 'timeout'],
      ],
      { remind: 1 },
    ),
  },
]

export const templateById = (id: string) => templates.find((t) => t.id === id)
