'use client'

import { Flex, Select, Text } from '@radix-ui/themes'
import { useId } from 'react'
import { languageName } from '../../lib/chatbot/languages.ts'

type Props = {
  label: string
  languages: string[]
  value: string
  onChange?: (language: string) => void
  /** set in a form: submitted under this name */
  name?: string
  /** an extra first choice (for example "All languages") with this value */
  all?: { value: string; label: string }
}

/** One of the chatbot's languages, by name in the admin's own language. */
export function LanguagePicker({ label, languages, value, onChange, name, all }: Props) {
  const id = useId()
  return (
    <Flex direction="column" gap="1">
      <Text as="label" size="2" weight="medium" id={id}>
        {label}
      </Text>
      <Select.Root
        {...(name ? { name } : {})}
        {...(onChange ? { value, onValueChange: onChange } : { defaultValue: value })}
      >
        <Select.Trigger aria-labelledby={id} style={{ maxWidth: '16rem' }} />
        <Select.Content>
          {all ? <Select.Item value={all.value}>{all.label}</Select.Item> : null}
          {languages.map((l) => (
            <Select.Item key={l} value={l}>
              {languageName(l)} ({l})
            </Select.Item>
          ))}
        </Select.Content>
      </Select.Root>
    </Flex>
  )
}
