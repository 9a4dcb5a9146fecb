'use client'

import { Flex, Text } from '@radix-ui/themes'
import { useActionState, useState } from 'react'
import { updateLanguages } from '../../actions/chatbot-languages.ts'
import { idle } from '../../lib/action-state.ts'
import { chatbotLanguages, languageName } from '../../lib/chatbot/languages.ts'
import type { Chatbot } from '../../lib/chatbot/types.ts'
import { FormMessage } from '../form-message.tsx'
import { SubmitButton } from '../submit-button.tsx'
import { TextInput } from '../text-input.tsx'
import { LanguagePicker } from './language-picker.tsx'
import { TextAreaField } from './textarea-field.tsx'

type Props = { storeId: string; chatbot: Chatbot; canEdit: boolean }

/**
 * The languages the chatbot speaks (the first is its main one) and its greeting in each: pick a language,
 * write its greeting. Visitors get the widget, greeting and FAQs in their language when it is one of these.
 */
export function LanguageSettings({ storeId, chatbot, canEdit }: Props) {
  const [state, action] = useActionState(updateLanguages, idle)
  const [languagesText, setLanguagesText] = useState(chatbotLanguages(chatbot.languages).join(', '))
  const languages = chatbotLanguages(languagesText.split(/[\s,]+/).filter((l) => /^[a-z]{2}$/i.test(l)))
  const main = languages[0] ?? 'en'
  const [greetings, setGreetings] = useState<Record<string, string>>(() => ({
    ...((chatbot.greetings ?? {}) as Record<string, string>),
    [chatbotLanguages(chatbot.languages)[0] ?? 'en']: chatbot.greeting,
  }))
  const [editing, setEditing] = useState(main)
  const shown = languages.includes(editing) ? editing : main

  return (
    <form action={action} noValidate aria-label="Languages">
      <input type="hidden" name="storeId" value={storeId} />
      <input type="hidden" name="chatbotId" value={chatbot.id} />
      {languages.map((l) =>
        l === shown ? null : (
          <input key={l} type="hidden" name={`greeting:${l}`} value={greetings[l] ?? ''} />
        ),
      )}
      <Flex direction="column" gap="3">
        <TextInput
          name="languages"
          label="Languages"
          hint="Two-letter codes, the main language first (for example: en, de, fr). The widget's own texts exist in en, de, fr, es, nl, pt and ar."
          value={languagesText}
          onChange={(e) => setLanguagesText(e.currentTarget.value)}
          disabled={!canEdit}
        />
        <LanguagePicker label="Greeting in" languages={languages} value={shown} onChange={setEditing} />
        <TextAreaField
          key={shown}
          idPrefix="language-greeting"
          name={`greeting:${shown}`}
          label={`Greeting (${languageName(shown)})`}
          hint={
            shown === main
              ? 'The main greeting: visitors in a language without its own greeting see this one.'
              : 'Leave empty to greet these visitors with the main greeting.'
          }
          rows={3}
          maxLength={500}
          value={greetings[shown] ?? ''}
          onChange={(e) => {
            const text = e.currentTarget.value
            setGreetings((g) => ({ ...g, [shown]: text }))
          }}
          disabled={!canEdit}
        />
        <Text size="2" color="gray">
          FAQs are written in one language each (chosen when you add or edit one); the bot answers from those
          in the visitor's language and says so when it only has an answer in another.
        </Text>
        <FormMessage state={state} />
        {canEdit ? (
          <Flex>
            <SubmitButton>Save languages</SubmitButton>
          </Flex>
        ) : null}
      </Flex>
    </form>
  )
}
