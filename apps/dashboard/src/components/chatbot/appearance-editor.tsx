'use client'

import { Flex, Grid, Radio, Text, TextField } from '@radix-ui/themes'
import { useActionState, useEffect, useId, useMemo, useState } from 'react'
import { updateAppearance } from '../../actions/chatbots.ts'
import { idle } from '../../lib/action-state.ts'
import { type Chatbot, type ChatbotTheme, resolveTheme } from '../../lib/chatbot/types.ts'
import { FormMessage } from '../form-message.tsx'
import { SubmitButton } from '../submit-button.tsx'
import { TextInput } from '../text-input.tsx'
import { TextAreaField } from './textarea-field.tsx'
import { WidgetPreview } from './widget-preview.tsx'

type Draft = {
  name: string
  title: string
  greeting: string
  color: string
  position: 'left' | 'right'
  avatarUrl: string
}

/** What the widget's preview mode listens for (the widget applies it without saving anything). */
export type PreviewMessage = { type: 'parley:preview-theme'; theme: ChatbotTheme; greeting: string }

const toTheme = (d: Draft): ChatbotTheme => ({
  color: d.color,
  position: d.position,
  ...(d.title ? { title: d.title } : {}),
  ...(d.avatarUrl ? { avatarUrl: d.avatarUrl } : {}),
})

/**
 * Colour, position, title, greeting and avatar, with the real widget beside the form: unsaved changes are
 * posted to it (`parley:preview-theme`), and it reloads after each save in case it does not listen.
 */
export function AppearanceEditor({
  storeId,
  chatbot,
  canEdit,
}: {
  storeId: string
  chatbot: Chatbot
  canEdit: boolean
}) {
  const saved = resolveTheme(chatbot.theme)
  const [state, action] = useActionState(updateAppearance, idle)
  const [draft, setDraft] = useState<Draft>({
    name: chatbot.name,
    title: saved.title ?? '',
    greeting: chatbot.greeting,
    color: saved.color,
    position: saved.position,
    avatarUrl: saved.avatarUrl ?? '',
  })
  const [previewKey, setPreviewKey] = useState(0)
  const idPrefix = useId()
  const preview = useMemo<PreviewMessage>(
    () => ({ type: 'parley:preview-theme', theme: toTheme(draft), greeting: draft.greeting }),
    [draft],
  )
  useEffect(() => {
    if (state.status === 'success') setPreviewKey((k) => k + 1)
  }, [state])

  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }))
  const errors = state.fieldErrors ?? {}

  return (
    <Grid columns={{ initial: '1', md: '2' }} gap="5">
      <form action={action} noValidate aria-label="Appearance">
        <input type="hidden" name="storeId" value={storeId} />
        <input type="hidden" name="chatbotId" value={chatbot.id} />
        <fieldset disabled={!canEdit} style={{ border: 0, margin: 0, padding: 0, minWidth: 0 }}>
          <Flex direction="column" gap="4">
            <TextInput
              name="name"
              label="Chatbot name"
              size="2"
              maxLength={80}
              value={draft.name}
              onChange={(e) => set('name', e.currentTarget.value)}
              errors={errors.name}
            />
            <TextInput
              name="title"
              label="Title in the chat header"
              size="2"
              maxLength={60}
              placeholder={draft.name}
              value={draft.title}
              onChange={(e) => set('title', e.currentTarget.value)}
              errors={errors.title}
              hint="Leave empty to show the chatbot's name."
            />
            <TextAreaField
              idPrefix={idPrefix}
              name="greeting"
              label="Greeting"
              rows={3}
              maxLength={500}
              value={draft.greeting}
              onChange={(e) => set('greeting', e.currentTarget.value)}
              errors={errors.greeting}
            />
            <Flex direction="column" gap="1">
              <Text as="label" htmlFor={`${idPrefix}-color`} size="2" weight="medium">
                Colour
              </Text>
              <Flex gap="2" align="center">
                <input
                  type="color"
                  aria-label="Pick a colour"
                  value={draft.color}
                  onChange={(e) => set('color', e.currentTarget.value)}
                  style={{ width: 40, height: 32, padding: 0, border: 0, background: 'none' }}
                />
                <TextField.Root
                  id={`${idPrefix}-color`}
                  name="color"
                  value={draft.color}
                  maxLength={7}
                  onChange={(e) => set('color', e.currentTarget.value)}
                  aria-invalid={errors.color ? true : undefined}
                  style={{ width: '8rem' }}
                />
              </Flex>
              {errors.color ? (
                <Text size="1" color="red">
                  {errors.color.join(' ')}
                </Text>
              ) : null}
            </Flex>
            <fieldset style={{ border: 0, margin: 0, padding: 0 }}>
              <Text asChild size="2" weight="medium">
                <legend style={{ padding: 0, marginBottom: 'var(--space-2)' }}>Position on the page</legend>
              </Text>
              <Flex gap="4">
                {(['right', 'left'] as const).map((p) => (
                  <Text as="label" size="2" key={p}>
                    <Flex gap="2" align="center">
                      <Radio
                        name="position"
                        value={p}
                        checked={draft.position === p}
                        onChange={() => set('position', p)}
                      />
                      Bottom {p}
                    </Flex>
                  </Text>
                ))}
              </Flex>
            </fieldset>
            <TextInput
              name="avatarUrl"
              label="Avatar image URL"
              size="2"
              type="url"
              placeholder="https://…/avatar.png"
              value={draft.avatarUrl}
              onChange={(e) => set('avatarUrl', e.currentTarget.value)}
              errors={errors.avatarUrl}
            />
            <FormMessage state={state} />
            {canEdit ? (
              <Flex>
                <SubmitButton>Save appearance</SubmitButton>
              </Flex>
            ) : null}
          </Flex>
        </fieldset>
      </form>
      <WidgetPreview
        publicId={chatbot.public_id}
        message={preview}
        reloadKey={previewKey}
        title="Widget preview"
        height={520}
        caption="The real widget; changes show here before you save them."
      />
    </Grid>
  )
}
