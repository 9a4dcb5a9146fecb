// Each node type: its config schema (defaults and refusals), its ports and its pure runtime.
import { describe, expect, it } from 'vitest'
import type {
  ActionNode,
  ConditionNode,
  DelayNode,
  NodeDefinition,
  SplitNode,
  TriggerNode,
} from '../define.ts'
import { describeNode } from '../define.ts'
import { nodes, nodeType } from '../registry.ts'
import { event, facts } from './fixtures.ts'

const trigger = (id: string) => nodeType(id) as TriggerNode
const action = (id: string) => nodeType(id) as ActionNode
const condition = (id: string) => nodeType(id) as ConditionNode
const config = (node: NodeDefinition, input: unknown = {}) => node.config.parse(input) as never
const refusal = (node: NodeDefinition, input: unknown) => {
  const result = node.config.safeParse(input)
  return result.success ? null : result.error.issues.map((i) => i.message).join(' ')
}

describe('the registry', () => {
  it('has every node type the product offers, each describable as JSON for the builder', () => {
    expect(nodes.map((n) => n.id).sort()).toEqual(
      [
        'ab-split',
        'add-tags',
        'agent-no-reply',
        'business-hours',
        'change-lead-score',
        'chatwoot-note',
        'close-conversation',
        'condition',
        'contact-attribute-changed',
        'conversation-resolved',
        'conversation-started',
        'handoff',
        'handoff-requested',
        'image-uploaded',
        'intent-detected',
        'lead-score-crossed',
        'message-received',
        'schedule',
        'send-reply',
        'sentiment-below',
        'set-contact-attribute',
        'wait',
        'wait-for-reply',
        // connected apps' actions (supabase/functions/_shared/apps/<app>/nodes)
        'slack-post-message',
        'google-sheets-append-row',
        'hubspot-sync-lead',
        'calcom-offer-booking',
        'calcom-booking-created',
        'calcom-booking-rescheduled',
        'calcom-booking-cancelled',
        'stripe-request-payment',
        'stripe-payment-succeeded',
        'stripe-payment-failed',
        'stripe-payment-expired',
        'webhook-send',
      ].sort(),
    )
    for (const node of nodes) {
      const described = JSON.parse(JSON.stringify(describeNode(node)))
      expect(described.configSchema.type).toBe('object')
      expect(described.title.length).toBeGreaterThan(0)
    }
  })

  it('keeps the form hints in the JSON schema', () => {
    const schema = describeNode(action('send-reply')).configSchema as {
      properties: Record<string, Record<string, unknown>>
    }
    expect(schema.properties.message).toMatchObject({ title: 'Message', widget: 'template' })
  })
})

describe('triggers', () => {
  it('conversation started and image uploaded fire on their events', () => {
    expect(trigger('conversation-started').match({}, event('conversation.started', {}))).toBe(true)
    expect(trigger('image-uploaded').match({}, event('image.uploaded', { message_id: 1, images: [] }))).toBe(
      true,
    )
  })

  it('message received: any message, keywords as words, a pattern, a language', () => {
    const node = trigger('message-received')
    const msg = (text: string, language = 'en') =>
      event('message.received', { message_id: 1, text, language, attachments: 0 })
    expect(node.match(config(node), msg('hello'))).toBe(true)
    const refund = config(node, { keywords: ['refund', 'money back'] })
    expect(node.match(refund, msg('I want a REFUND now'))).toBe(true)
    expect(node.match(refund, msg('can I get my money back?'))).toBe(true)
    expect(node.match(refund, msg('refunding is not a word here'))).toBe(false)
    const order = config(node, { pattern: '#\\d{5}' })
    expect(node.match(order, msg('order #12345 is late'))).toBe(true)
    expect(node.match(order, msg('order 12345'))).toBe(false)
    const german = config(node, { languages: ['de'] })
    expect(node.match(german, msg('Hallo', 'de'))).toBe(true)
    expect(node.match(german, msg('Hello', 'en'))).toBe(false)
    expect(refusal(node, { pattern: '(' })).toMatch(/not a valid regular expression/)
  })

  it('intent detected needs an intent and matches it', () => {
    const node = trigger('intent-detected')
    expect(refusal(node, {})).toMatch(/at least one intent/)
    const c = config(node, { intents: ['return_request'] })
    expect(node.match(c, event('intent.detected', { message_id: 1, intent: 'return_request' }))).toBe(true)
    expect(node.match(c, event('intent.detected', { message_id: 1, intent: 'shipping' }))).toBe(false)
  })

  it('sentiment fires once when it crosses down to the threshold', () => {
    const node = trigger('sentiment-below')
    const c = config(node, { threshold: -0.3 })
    expect(node.match(c, event('sentiment.changed', { previous: 0.2, current: -0.3 }))).toBe(true)
    expect(node.match(c, event('sentiment.changed', { previous: -0.4, current: -0.6 }))).toBe(false)
    expect(node.match(c, event('sentiment.changed', { previous: null, current: -0.5 }))).toBe(true)
    expect(node.match(c, event('sentiment.changed', { previous: 0, current: 0.1 }))).toBe(false)
  })

  it('lead score crosses up or down', () => {
    const node = trigger('lead-score-crossed')
    const up = config(node, { threshold: 75 })
    expect(node.match(up, event('lead_score.changed', { previous: 60, current: 80 }))).toBe(true)
    expect(node.match(up, event('lead_score.changed', { previous: 80, current: 90 }))).toBe(false)
    const down = config(node, { threshold: 30, direction: 'down' })
    expect(node.match(down, event('lead_score.changed', { previous: 40, current: 20 }))).toBe(true)
    expect(refusal(node, { threshold: 101 })).not.toBeNull()
  })

  it('handoff requested and conversation resolved filter by who', () => {
    const handoff = trigger('handoff-requested')
    expect(handoff.match(config(handoff), event('handoff.requested', { by: 'visitor' }))).toBe(true)
    expect(
      handoff.match(config(handoff, { by: ['bot'] }), event('handoff.requested', { by: 'visitor' })),
    ).toBe(false)
    const resolved = trigger('conversation-resolved')
    expect(resolved.match(config(resolved), event('conversation.resolved', { by: 'agent' }))).toBe(true)
    expect(
      resolved.match(config(resolved, { by: 'bot' }), event('conversation.resolved', { by: 'agent' })),
    ).toBe(false)
  })

  it('no agent reply waits N minutes and fires only if still unanswered and with a person', () => {
    const node = trigger('agent-no-reply')
    const c = config(node, { minutes: 10 })
    const e = event('handoff.requested', { by: 'visitor' }, '2026-12-01T10:00:00.000Z')
    expect(node.defer?.seconds(c)).toBe(600)
    const base = facts()
    const session = base.session as NonNullable<typeof base.session>
    const waiting = facts({ session: { ...session, status: 'queued' } })
    expect(node.defer?.stillTrue(c, e, waiting)).toBe(true)
    const answered = facts({
      session: { ...session, status: 'human', last_agent_reply_at: '2026-12-01T10:04:00.000Z' },
    })
    expect(node.defer?.stillTrue(c, e, answered)).toBe(false)
    expect(node.defer?.stillTrue(c, e, facts())).toBe(false) // back with the bot
  })

  it('no agent reply: a line after an agent answered waits again; one before waits on the handoff', () => {
    const node = trigger('agent-no-reply')
    const c = config(node, { minutes: 10 })
    const line = event('message.awaiting_agent', { message_id: 3 }, '2026-12-01T10:05:00.000Z')
    const base = facts()
    const session = base.session as NonNullable<typeof base.session>
    const repliedBefore = facts({
      session: { ...session, status: 'human', last_agent_reply_at: '2026-12-01T10:04:00.000Z' },
    })
    expect(node.defer?.stillTrue(c, line, repliedBefore)).toBe(true)
    const neverAnswered = facts({ session: { ...session, status: 'queued' } })
    expect(node.defer?.stillTrue(c, line, neverAnswered)).toBe(false)
  })

  it('contact attribute changed: the key, optionally a value', () => {
    const node = trigger('contact-attribute-changed')
    expect(refusal(node, {})).toMatch(/Name the attribute/)
    const c = config(node, { key: 'plan', to: 'pro' })
    expect(node.match(c, event('contact.attribute_changed', { key: 'plan', current: 'pro' }))).toBe(true)
    expect(node.match(c, event('contact.attribute_changed', { key: 'plan', current: 'free' }))).toBe(false)
    expect(node.match(c, event('contact.attribute_changed', { key: 'tier', current: 'pro' }))).toBe(false)
  })

  it('schedule: a cron and a time zone', async () => {
    const node = trigger('schedule')
    expect(refusal(node, { cron: 'every monday' })).toMatch(/not a cron schedule/)
    expect(refusal(node, { time_zone: 'Mars/Olympus' })).toMatch(/Unknown time zone/)
    const { nextFire } = await import('../nodes/schedule/node.ts')
    // 09:00 in Vienna on a Monday is 08:00 UTC in winter
    expect(nextFire('0 9 * * 1', 'Europe/Vienna', new Date('2026-12-01T10:00:00Z'))?.toISOString()).toBe(
      '2026-12-07T08:00:00.000Z',
    )
  })
})

describe('conditions', () => {
  const node = condition('condition')
  const when = (rules: unknown[], combinator = 'and') => config(node, { when: { combinator, rules } })

  it('tests typed fields with their operators, in AND/OR groups', () => {
    expect(node.evaluate(when([{ field: 'session.lead_score', operator: 'gte', value: 40 }]), facts())).toBe(
      'yes',
    )
    expect(
      node.evaluate(when([{ field: 'session.lead_score', operator: 'between', value: [50, 80] }]), facts()),
    ).toBe('no')
    expect(
      node.evaluate(when([{ field: 'message.text', operator: 'contains', value: 'ORDER' }]), facts()),
    ).toBe('yes')
    expect(
      node.evaluate(
        when([{ field: 'message.intent', operator: 'in', value: ['order_status', 'shipping'] }]),
        facts(),
      ),
    ).toBe('yes')
    expect(node.evaluate(when([{ field: 'session.tags', operator: 'is', value: 'vip' }]), facts())).toBe(
      'yes',
    )
    expect(
      node.evaluate(
        when([{ field: 'contact.attribute', key: 'orders', value_type: 'number', operator: 'gt', value: 2 }]),
        facts(),
      ),
    ).toBe('yes')
    expect(
      node.evaluate(
        when([{ field: 'contact.attribute', key: 'newsletter', value_type: 'boolean', operator: 'is_true' }]),
        facts(),
      ),
    ).toBe('yes')
    expect(
      node.evaluate(
        when([{ field: 'session.attribute', key: 'plan', operator: 'equals', value: 'Pro' }]),
        facts(),
      ),
    ).toBe('yes')
    expect(
      node.evaluate(when([{ field: 'session.status', operator: 'is_not', value: 'bot' }]), facts()),
    ).toBe('no')
    const nested = when(
      [
        { field: 'session.sentiment', operator: 'lt', value: -0.5 },
        {
          combinator: 'and',
          rules: [
            { field: 'session.language', operator: 'is', value: 'en' },
            { field: 'contact.email', operator: 'is_not_empty' },
          ],
        },
      ],
      'or',
    )
    expect(node.evaluate(nested, facts())).toBe('yes')
  })

  it('refuses an operator of another type and missing values, saying which', () => {
    expect(
      refusal(node, { when: { rules: [{ field: 'session.lead_score', operator: 'contains', value: 'x' }] } }),
    ).toMatch(/does not apply to lead score/)
    expect(refusal(node, { when: { rules: [{ field: 'message.text', operator: 'equals' }] } })).toMatch(
      /Give a value/,
    )
    expect(
      refusal(node, { when: { rules: [{ field: 'contact.attribute', operator: 'equals', value: 'x' }] } }),
    ).toMatch(/Name the contact attribute/)
    expect(refusal(node, { when: { rules: [] } })).toMatch(/at least one rule/)
  })

  it('business hours: open or closed in the store time zone', () => {
    const hours = condition('business-hours')
    expect(hours.evaluate({}, facts())).toBe('open') // Tuesday 11:00 in Vienna
    expect(hours.evaluate({}, facts({ now: new Date('2026-12-01T17:30:00Z') }))).toBe('closed') // 18:30
    expect(hours.evaluate({}, facts({ now: new Date('2026-12-05T10:00:00Z') }))).toBe('closed') // Saturday
  })
})

describe('actions', () => {
  it('reply renders its template for the job and the dry run', () => {
    const node = action('send-reply')
    const c = config(node, { message: 'Hi {{contact.name | "there"}}, call {{store.fallback_phone}}' })
    expect(node.job(c, facts())).toEqual({
      topic: 'automations.send_reply',
      payload: { content: 'Hi Mia, call +43 512 123456' },
    })
    expect(node.job(c, facts({ contact: null })).payload.content).toBe('Hi there, call +43 512 123456')
    expect(node.dryRun(c, facts()).summary).toContain('Hi Mia')
    expect(refusal(node, {})).toMatch(/Write the message/)
  })

  it("connected apps' actions render their templates into their jobs and need their app", () => {
    const f = facts()
    const slack = action('slack-post-message')
    expect(slack.job(config(slack, { text: '{{contact.name}} needs help' }), f)).toEqual({
      topic: 'slack.post_message',
      payload: { text: 'Mia needs help', channel: null, thread: true },
    })
    expect(refusal(slack, { text: 'x', channel: '#general' })).toMatch(/channel id/)
    expect(slack.connection?.provider).toBe('slack')
    const sheet = action('google-sheets-append-row')
    expect(sheet.job(config(sheet, { columns: ['{{contact.name}}', 'lead'] }), f)).toEqual({
      topic: 'google_sheets.append_row',
      payload: { cells: ['Mia', 'lead'], sheet: null },
    })
    expect(refusal(sheet, {})).toMatch(/at least one column/)
    const hubspot = action('hubspot-sync-lead')
    const lead = hubspot.job(config(hubspot, { deal: 'Chat lead: {{contact.name}}' }), f)
    expect(lead).toMatchObject({ topic: 'hubspot.sync_lead', payload: { deal: 'Chat lead: Mia' } })
    expect(lead.payload.properties).toMatchObject({ firstname: 'Mia' })
    const offer = action('calcom-offer-booking')
    expect(offer.job(config(offer, { text: 'Pick a time, {{contact.name}}' }), f)).toMatchObject({
      topic: 'calcom.offer_booking',
      payload: { text: 'Pick a time, Mia', name: 'Mia' },
    })
    expect(refusal(offer, {})).toMatch(/Write the message/)
    expect(offer.connection?.provider).toBe('calcom')
    const pay = action('stripe-request-payment')
    expect(pay.job(config(pay, { amount: 4250, description: 'Deposit for {{contact.name}}' }), f)).toEqual({
      topic: 'stripe.request_payment',
      payload: { amount: 4250, currency: 'eur', description: 'Deposit for Mia', expires_in_minutes: 1440 },
    })
    expect(refusal(pay, { amount: 10, description: 'x' })).toMatch(/At least 50/)
    expect(refusal(pay, { amount: 100, description: 'x', currency: 'euro' })).toMatch(/three-letter/)
    expect(pay.connection?.provider).toBe('stripe')
  })

  it('payment triggers fire on their outcome, from an amount on', () => {
    const paid = (amount: number) =>
      event('payment.succeeded', {
        payment_request_id: '00000000-0000-4000-8000-0000000000aa',
        amount,
        currency: 'eur',
        description: 'Order 1042',
      })
    const node = trigger('stripe-payment-succeeded')
    expect(node.events).toEqual(['payment.succeeded'])
    expect(node.match(config(node), paid(100))).toBe(true)
    expect(node.match(config(node, { min_amount: 5000 }), paid(4250))).toBe(false)
    expect(trigger('stripe-payment-failed').events).toEqual(['payment.failed'])
    expect(trigger('stripe-payment-expired').events).toEqual(['payment.expired'])
  })

  it('tags, note, handoff, attribute, lead score, close and webhook make their jobs', () => {
    const f = facts()
    expect(action('add-tags').job(config(action('add-tags'), { tags: ['unhappy'] }), f)).toEqual({
      topic: 'automations.add_tags',
      payload: { tags: ['unhappy'] },
    })
    expect(action('chatwoot-note').connection?.provider).toBe('chatwoot')
    expect(
      action('chatwoot-note').job(
        config(action('chatwoot-note'), { note: 'Score {{session.lead_score}}' }),
        f,
      ).payload,
    ).toEqual({
      note: 'Score 40',
    })
    expect(
      action('handoff').job(config(action('handoff'), { priority: 'high', team: 'Support' }), f).payload,
    ).toEqual({
      team: 'Support',
      priority: 'high',
      message: null,
    })
    expect(refusal(action('handoff'), { priority: 'asap' })).not.toBeNull()
    const attribute = action('set-contact-attribute')
    expect(
      attribute.job(config(attribute, { key: 'orders', value: '{{contact.attributes.orders}}' }), f).payload,
    ).toEqual({ key: 'orders', value: 3 })
    expect(attribute.job(config(attribute, { key: 'vip', value: 'true' }), f).payload.value).toBe(true)
    expect(refusal(attribute, { key: 'Bad Key' })).toMatch(/lower case/)
    const score = action('change-lead-score')
    expect(score.dryRun(config(score, { mode: 'add', amount: 70 }), f)).toEqual({
      summary: 'Lead score 40 → 100',
      output: { lead_score: 100 },
    })
    expect(action('close-conversation').job(config(action('close-conversation')), f).payload).toEqual({
      message: null,
    })
    const webhook = action('webhook-send')
    expect(refusal(webhook, { url: 'ftp://x' })).toMatch(/http\(s\) URL/)
    // No URL: the Webhook app's endpoint.
    expect(webhook.job(config(webhook, {}), f).payload).toMatchObject({ url: null })
    const job = webhook.job(
      config(webhook, { url: 'https://example.com/h', fields: { who: '{{contact.name}}' } }),
      f,
    )
    expect(job.payload).toMatchObject({
      url: 'https://example.com/h',
      body: { event: 'message.received', data: { who: 'Mia' } },
    })
    expect(webhook.secretFields).toEqual(['headers'])
  })

  it('actions that change what triggers watch say so', () => {
    expect(action('handoff').retriggers).toContain('handoff-requested')
    expect(action('change-lead-score').retriggers).toContain('lead-score-crossed')
    expect(action('set-contact-attribute').retriggers).toContain('contact-attribute-changed')
    expect(action('close-conversation').retriggers).toContain('conversation-resolved')
  })
})

describe('waits and splits', () => {
  it('wait: minutes to days, at most 30 days', () => {
    const wait = nodeType('wait') as DelayNode
    expect(wait.seconds(config(wait, { amount: 3, unit: 'days' }), facts())).toBe(259_200)
    expect(refusal(wait, { amount: 31, unit: 'days' })).toMatch(/at most 30 days/)
    const reply = nodeType('wait-for-reply') as DelayNode
    expect(reply.ports(config(reply)).map((p) => p.id)).toEqual(['replied', 'timeout'])
    expect(reply.replyPort).toBe('replied')
  })

  it('A/B split: branches by percentage adding up to 100', () => {
    const split = nodeType('ab-split') as SplitNode
    const c = config(split, {
      branches: [
        { id: 'a', label: 'A', percent: 20 },
        { id: 'b', label: 'B', percent: 80 },
      ],
    })
    expect(split.ports(c).map((p) => p.id)).toEqual(['a', 'b'])
    expect(split.choose(c, 0.1)).toBe('a')
    expect(split.choose(c, 0.5)).toBe('b')
    expect(split.choose(c, 0.999)).toBe('b')
    expect(
      refusal(split, {
        branches: [
          { id: 'a', label: 'A', percent: 50 },
          { id: 'b', label: 'B', percent: 40 },
        ],
      }),
    ).toMatch(/add up to 100/)
  })
})
