'use client'

import { Button, Card, Flex, Select, Text, TextField } from '@radix-ui/themes'
import { type FormEvent, useId } from 'react'
import { type AnalyticsFilters, addDays } from '../../lib/analytics/filters.ts'

type Props = {
  filters: AnalyticsFilters
  today: string
  chatbots: { id: string; name: string; languages: string[] }[]
  onChange: (filters: AnalyticsFilters) => void
}

const ranges = [
  { label: '7 days', days: 7 },
  { label: '30 days', days: 30 },
  { label: '90 days', days: 90 },
  { label: '12 months', days: 365 },
]

/** Period and dimensions; each change lands in the URL (the view can be bookmarked and shared). */
export function FiltersBar({ filters, today, chatbots, onChange }: Props) {
  const id = useId()
  const languages = [...new Set(chatbots.flatMap((c) => c.languages))]
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    const text = (name: string) => String(form.get(name) ?? '').trim() || null
    onChange({
      ...filters,
      from: text('from') ?? filters.from,
      to: text('to') ?? filters.to,
      language: text('language'),
      channel: text('channel'),
      tag: text('tag'),
    })
  }
  return (
    <Card>
      <form onSubmit={submit} aria-label="Filters" key={JSON.stringify(filters)}>
        <Flex direction="column" gap="3">
          <Flex gap="2" wrap="wrap" role="group" aria-label="Period">
            {ranges.map((r) => {
              const from = addDays(today, -(r.days - 1))
              const active = filters.to === today && filters.from === from
              return (
                <Button
                  key={r.label}
                  type="button"
                  size="1"
                  variant={active ? 'solid' : 'soft'}
                  aria-pressed={active}
                  onClick={() => onChange({ ...filters, from, to: today })}
                >
                  Last {r.label}
                </Button>
              )
            })}
          </Flex>
          <Flex gap="3" wrap="wrap" align="end">
            <Flex direction="column" gap="1">
              <Text as="label" size="1" htmlFor={`${id}-from`}>
                From
              </Text>
              <TextField.Root
                id={`${id}-from`}
                name="from"
                type="date"
                defaultValue={filters.from}
                max={today}
              />
            </Flex>
            <Flex direction="column" gap="1">
              <Text as="label" size="1" htmlFor={`${id}-to`}>
                To
              </Text>
              <TextField.Root id={`${id}-to`} name="to" type="date" defaultValue={filters.to} />
            </Flex>
            <Flex direction="column" gap="1">
              <Text as="label" size="1" htmlFor={`${id}-chatbot`}>
                Chatbot
              </Text>
              <Select.Root
                value={filters.chatbot ?? 'all'}
                onValueChange={(v) => onChange({ ...filters, chatbot: v === 'all' ? null : v })}
              >
                <Select.Trigger id={`${id}-chatbot`} />
                <Select.Content>
                  <Select.Item value="all">All chatbots</Select.Item>
                  {chatbots.map((c) => (
                    <Select.Item key={c.id} value={c.id}>
                      {c.name}
                    </Select.Item>
                  ))}
                </Select.Content>
              </Select.Root>
            </Flex>
            <Flex direction="column" gap="1">
              <Text as="label" size="1" htmlFor={`${id}-language`}>
                Language
              </Text>
              <TextField.Root
                id={`${id}-language`}
                name="language"
                list={`${id}-languages`}
                placeholder="any"
                defaultValue={filters.language ?? ''}
                maxLength={16}
                style={{ width: 90 }}
              />
              <datalist id={`${id}-languages`}>
                {languages.map((l) => (
                  <option key={l} value={l} />
                ))}
              </datalist>
            </Flex>
            <Flex direction="column" gap="1">
              <Text as="label" size="1" htmlFor={`${id}-channel`}>
                Channel
              </Text>
              <TextField.Root
                id={`${id}-channel`}
                name="channel"
                placeholder="any"
                defaultValue={filters.channel ?? ''}
                maxLength={32}
                style={{ width: 100 }}
              />
            </Flex>
            <Flex direction="column" gap="1">
              <Text as="label" size="1" htmlFor={`${id}-tag`}>
                Tag
              </Text>
              <TextField.Root
                id={`${id}-tag`}
                name="tag"
                placeholder="any"
                defaultValue={filters.tag ?? ''}
                maxLength={80}
                style={{ width: 120 }}
              />
            </Flex>
            <Button type="submit">Apply</Button>
          </Flex>
        </Flex>
      </form>
    </Card>
  )
}
