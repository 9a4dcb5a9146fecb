'use client'

import {
  DEFAULT_TIERS,
  FIELD_TYPES,
  type FormField,
  type LeadRule,
  type LeadScoring,
  type PrechatForm,
  RULE_OPS,
  RULE_SOURCES,
  readForm,
  readScoring,
  SHOW_WHEN,
  type Tier,
} from '@parley/supabase/leads'
import { Button, Card, Checkbox, Flex, Grid, Heading, Text, TextField } from '@radix-ui/themes'
import { useActionState, useMemo, useState } from 'react'
import { updateLeadForm } from '../../actions/lead-form.ts'
import { idle } from '../../lib/action-state.ts'
import type { Chatbot } from '../../lib/chatbot/types.ts'
import { FormMessage } from '../form-message.tsx'
import { SubmitButton } from '../submit-button.tsx'
import { WidgetPreview } from './widget-preview.tsx'

const SHOW_LABELS: Record<(typeof SHOW_WHEN)[number], string> = {
  always: 'Before every new conversation',
  new_visitors: 'Only to new visitors',
  never: 'Never',
}

const selectStyle = { font: 'inherit', padding: '4px 6px', borderRadius: 6 }

/** Moves item i one place up (-1) or down (+1). */
function moved<T>(list: T[], i: number, by: -1 | 1): T[] {
  const j = i + by
  if (j < 0 || j >= list.length) return list
  const next = [...list]
  ;[next[i], next[j]] = [next[j] as T, next[i] as T]
  return next
}

function Labels({
  value,
  languages,
  onChange,
  name,
}: {
  value: Record<string, string>
  languages: string[]
  onChange: (v: Record<string, string>) => void
  name: string
}) {
  return (
    <Flex gap="2" wrap="wrap">
      {languages.map((lang) => (
        <TextField.Root
          key={lang}
          aria-label={`${name} (${lang})`}
          placeholder={`${name} (${lang})`}
          value={value[lang] ?? ''}
          onChange={(e) => onChange({ ...value, [lang]: e.currentTarget.value })}
          style={{ minWidth: '12rem' }}
        />
      ))}
    </Flex>
  )
}

function FieldRow({
  field,
  index,
  languages,
  onChange,
  onMove,
  onRemove,
}: {
  field: FormField
  index: number
  languages: string[]
  onChange: (f: FormField) => void
  onMove: (by: -1 | 1) => void
  onRemove: () => void
}) {
  return (
    <Card size="1" aria-label={`Field ${index + 1}`} asChild>
      <fieldset style={{ border: 0 }}>
        <Flex direction="column" gap="2">
          <Flex gap="2" align="center" wrap="wrap">
            <TextField.Root
              aria-label={`Field ${index + 1} key`}
              value={field.key}
              onChange={(e) => onChange({ ...field, key: e.currentTarget.value })}
              style={{ width: '10rem' }}
            />
            <select
              aria-label={`Field ${index + 1} type`}
              value={field.type}
              onChange={(e) => onChange({ ...field, type: e.currentTarget.value as FormField['type'] })}
              style={selectStyle}
            >
              {FIELD_TYPES.map((t) => (
                <option key={t}>{t}</option>
              ))}
            </select>
            <Text as="label" size="2">
              <Flex gap="1" align="center">
                <Checkbox
                  checked={field.required}
                  onCheckedChange={(c) => onChange({ ...field, required: c === true })}
                />
                Required
              </Flex>
            </Text>
            <Button type="button" size="1" variant="soft" onClick={() => onMove(-1)} aria-label="Move up">
              ↑
            </Button>
            <Button type="button" size="1" variant="soft" onClick={() => onMove(1)} aria-label="Move down">
              ↓
            </Button>
            <Button type="button" size="1" variant="soft" color="red" onClick={onRemove}>
              Remove
            </Button>
          </Flex>
          <Labels
            name={`Field ${index + 1} label`}
            value={field.label}
            languages={languages}
            onChange={(label) => onChange({ ...field, label })}
          />
          {field.type === 'select' ? (
            <textarea
              aria-label={`Field ${index + 1} options`}
              rows={3}
              placeholder="One option a line: value = Label"
              value={field.options.map((o) => `${o.value} = ${o.label.en ?? ''}`).join('\n')}
              onChange={(e) =>
                onChange({
                  ...field,
                  options: e.currentTarget.value
                    .split('\n')
                    .map((line) => line.split('='))
                    .filter(([v]) => v?.trim())
                    .map(([v = '', ...rest]) => {
                      const value = v.trim()
                      const previous = field.options.find((o) => o.value === value)?.label ?? {}
                      return { value, label: { ...previous, en: rest.join('=').trim() || value } }
                    }),
                })
              }
            />
          ) : null}
        </Flex>
      </fieldset>
    </Card>
  )
}

function RuleRow({
  rule,
  index,
  onChange,
  onRemove,
}: {
  rule: LeadRule
  index: number
  onChange: (r: LeadRule) => void
  onRemove: () => void
}) {
  return (
    <Flex gap="2" align="center" wrap="wrap" aria-label={`Rule ${index + 1}`} role="group">
      <select
        aria-label={`Rule ${index + 1} source`}
        value={rule.source}
        onChange={(e) => onChange({ ...rule, source: e.currentTarget.value as LeadRule['source'] })}
        style={selectStyle}
      >
        {RULE_SOURCES.map((s) => (
          <option key={s}>{s}</option>
        ))}
      </select>
      <TextField.Root
        aria-label={`Rule ${index + 1} key`}
        placeholder="field, attribute or intent"
        value={rule.key}
        onChange={(e) => onChange({ ...rule, key: e.currentTarget.value })}
        style={{ width: '10rem' }}
      />
      <select
        aria-label={`Rule ${index + 1} test`}
        value={rule.op}
        onChange={(e) => onChange({ ...rule, op: e.currentTarget.value as LeadRule['op'] })}
        style={selectStyle}
      >
        {RULE_OPS.map((o) => (
          <option key={o}>{o}</option>
        ))}
      </select>
      <TextField.Root
        aria-label={`Rule ${index + 1} value`}
        value={rule.value === undefined ? '' : String(rule.value)}
        onChange={(e) => {
          const v = e.currentTarget.value
          onChange({ ...rule, value: v === '' ? undefined : Number.isFinite(Number(v)) ? Number(v) : v })
        }}
        style={{ width: '7rem' }}
      />
      <TextField.Root
        aria-label={`Rule ${index + 1} points`}
        type="number"
        value={String(rule.points)}
        onChange={(e) => onChange({ ...rule, points: Math.trunc(Number(e.currentTarget.value) || 0) })}
        style={{ width: '5rem' }}
      />
      <TextField.Root
        aria-label={`Rule ${index + 1} reason`}
        placeholder="Reason shown to agents"
        value={rule.reason ?? ''}
        onChange={(e) => onChange({ ...rule, reason: e.currentTarget.value || undefined })}
        style={{ minWidth: '14rem' }}
      />
      <Button type="button" size="1" variant="soft" color="red" onClick={onRemove}>
        Remove
      </Button>
    </Flex>
  )
}

function TierCard({
  tier,
  index,
  languages,
  onChange,
}: {
  tier: Tier
  index: number
  languages: string[]
  onChange: (t: Tier) => void
}) {
  return (
    <Card size="1" aria-label={`Tier ${index + 1}`}>
      <Flex direction="column" gap="2">
        <Flex gap="2" align="center" wrap="wrap">
          <Text size="2">From score</Text>
          <TextField.Root
            aria-label={`Tier ${index + 1} lowest score`}
            type="number"
            value={String(tier.min)}
            onChange={(e) => onChange({ ...tier, min: Math.trunc(Number(e.currentTarget.value) || 0) })}
            style={{ width: '5rem' }}
          />
          <TextField.Root
            aria-label={`Tier ${index + 1} name`}
            value={tier.name}
            onChange={(e) => onChange({ ...tier, name: e.currentTarget.value })}
            style={{ width: '10rem' }}
          />
          <TextField.Root
            aria-label={`Tier ${index + 1} tone`}
            placeholder="Tone"
            value={tier.tone}
            onChange={(e) => onChange({ ...tier, tone: e.currentTarget.value })}
            style={{ flex: 1, minWidth: '14rem' }}
          />
        </Flex>
        {languages.map((lang) => (
          <textarea
            key={lang}
            aria-label={`Tier ${index + 1} opening (${lang})`}
            placeholder={`First message (${lang}); {{name}} and other field keys are filled in`}
            rows={2}
            value={tier.opening[lang] ?? ''}
            onChange={(e) =>
              onChange({ ...tier, opening: { ...tier.opening, [lang]: e.currentTarget.value } })
            }
          />
        ))}
      </Flex>
    </Card>
  )
}

/**
 * The pre-chat form (fields, labels per language, when to show it) and the lead rules and persona tiers,
 * with the real widget beside it: the unsaved form is posted to the preview as the appearance editor does.
 */
export function LeadFormEditor({
  storeId,
  chatbot,
  canEdit,
}: {
  storeId: string
  chatbot: Chatbot
  canEdit: boolean
}) {
  const languages = chatbot.languages.length ? chatbot.languages : ['en']
  const [state, action] = useActionState(updateLeadForm, idle)
  const [form, setForm] = useState<PrechatForm>(() => readForm(chatbot.prechat_form))
  const [scoring, setScoring] = useState<LeadScoring>(() => readScoring(chatbot.lead_scoring))
  const preview = useMemo(
    () => ({
      type: 'parley:preview-theme',
      theme: chatbot.theme ?? {},
      greeting: chatbot.greeting,
      prechatForm: form,
    }),
    [chatbot.theme, chatbot.greeting, form],
  )

  const setField = (i: number, f: FormField) =>
    setForm((d) => ({ ...d, fields: d.fields.map((x, j) => (j === i ? f : x)) }))
  const setRule = (i: number, r: LeadRule) =>
    setScoring((s) => ({ ...s, rules: s.rules.map((x, j) => (j === i ? r : x)) }))
  const setTier = (i: number, t: Tier) =>
    setScoring((s) => ({ ...s, tiers: s.tiers.map((x, j) => (j === i ? t : x)) }))

  return (
    <Grid columns={{ initial: '1', md: '2' }} gap="5">
      <form action={action} aria-label="Pre-chat form and lead rules">
        <input type="hidden" name="storeId" value={storeId} />
        <input type="hidden" name="chatbotId" value={chatbot.id} />
        <input type="hidden" name="config" value={JSON.stringify({ form, scoring })} />
        <fieldset disabled={!canEdit} style={{ border: 0, margin: 0, padding: 0, minWidth: 0 }}>
          <Flex direction="column" gap="4">
            <Heading as="h3" size="3">
              Pre-chat form
            </Heading>
            <Flex gap="3" align="center" wrap="wrap">
              <Text as="label" size="2" htmlFor="prechat-show">
                Show the form
              </Text>
              <select
                id="prechat-show"
                value={form.show}
                onChange={(e) =>
                  setForm((f) => ({ ...f, show: e.currentTarget.value as PrechatForm['show'] }))
                }
                style={selectStyle}
              >
                {SHOW_WHEN.map((s) => (
                  <option key={s} value={s}>
                    {SHOW_LABELS[s]}
                  </option>
                ))}
              </select>
              <Text as="label" size="2">
                <Flex gap="1" align="center">
                  <Checkbox
                    checked={form.blocking}
                    onCheckedChange={(c) => setForm((f) => ({ ...f, blocking: c === true }))}
                  />
                  Visitors write only after sending it
                </Flex>
              </Text>
            </Flex>
            <Labels
              name="Intro"
              value={form.intro}
              languages={languages}
              onChange={(intro) => setForm((f) => ({ ...f, intro }))}
            />
            {form.fields.map((field, i) => (
              <FieldRow
                // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place, the key may change
                key={i}
                field={field}
                index={i}
                languages={languages}
                onChange={(f) => setField(i, f)}
                onMove={(by) => setForm((d) => ({ ...d, fields: moved(d.fields, i, by) }))}
                onRemove={() => setForm((d) => ({ ...d, fields: d.fields.filter((_, j) => j !== i) }))}
              />
            ))}
            <Flex>
              <Button
                type="button"
                variant="soft"
                onClick={() =>
                  setForm((d) => ({
                    ...d,
                    fields: [
                      ...d.fields,
                      {
                        key: `field_${d.fields.length + 1}`,
                        type: 'text',
                        label: { en: '' },
                        required: false,
                        options: [],
                      },
                    ],
                  }))
                }
              >
                Add a field
              </Button>
            </Flex>

            <Heading as="h3" size="3">
              Lead score
            </Heading>
            <Text size="2" color="gray">
              Score = base + the points of every rule that holds (0–100), recomputed with every message.
              Sources: a form answer, a contact attribute (e.g. order_count, order_value), an intent
              (purchase, bulk_order, demo_request, pricing, complaint) or engagement (the visitor's message
              count).
            </Text>
            <Flex gap="2" align="center">
              <Text as="label" size="2" htmlFor="lead-base">
                Base score
              </Text>
              <TextField.Root
                id="lead-base"
                type="number"
                value={String(scoring.base)}
                onChange={(e) =>
                  setScoring((s) => ({ ...s, base: Math.trunc(Number(e.currentTarget.value) || 0) }))
                }
                style={{ width: '5rem' }}
              />
            </Flex>
            {scoring.rules.map((rule, i) => (
              <RuleRow
                // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place
                key={i}
                rule={rule}
                index={i}
                onChange={(r) => setRule(i, r)}
                onRemove={() => setScoring((s) => ({ ...s, rules: s.rules.filter((_, j) => j !== i) }))}
              />
            ))}
            <Flex>
              <Button
                type="button"
                variant="soft"
                onClick={() =>
                  setScoring((s) => ({
                    ...s,
                    rules: [...s.rules, { source: 'intent', key: 'purchase', op: 'present', points: 10 }],
                  }))
                }
              >
                Add a rule
              </Button>
            </Flex>

            <Heading as="h3" size="3">
              Persona tiers
            </Heading>
            <Text size="2" color="gray">
              The tier a score falls in chooses the bot's tone and its first message after the form.
            </Text>
            {(scoring.tiers.length ? scoring.tiers : DEFAULT_TIERS).map((tier, i) => (
              <TierCard
                // biome-ignore lint/suspicious/noArrayIndexKey: tiers are edited in place
                key={i}
                tier={tier}
                index={i}
                languages={languages}
                onChange={(t) => setTier(i, t)}
              />
            ))}
            <FormMessage state={state} />
            {canEdit ? (
              <Flex>
                <SubmitButton>Save form and lead rules</SubmitButton>
              </Flex>
            ) : null}
          </Flex>
        </fieldset>
      </form>
      <WidgetPreview
        publicId={chatbot.public_id}
        message={preview}
        title="Form preview"
        height={620}
        caption="The real widget; the form shows here before you save it."
      />
    </Grid>
  )
}
