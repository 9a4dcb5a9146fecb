'use client'

import { Badge, Checkbox, Flex, Grid, Heading, Link, Table, Text } from '@radix-ui/themes'
import NextLink from 'next/link'
import { useActionState, useMemo, useState } from 'react'
import { updateConsent } from '../../actions/chatbot-consent.ts'
import { idle } from '../../lib/action-state.ts'
import { chatbotLanguages, languageName } from '../../lib/chatbot/languages.ts'
import type { Chatbot, ConsentRecord } from '../../lib/chatbot/types.ts'
import type { Loaded } from '../../lib/data/stores.ts'
import { FormMessage } from '../form-message.tsx'
import { LoadError } from '../load-error.tsx'
import { LocalDate } from '../local-format.tsx'
import { SubmitButton } from '../submit-button.tsx'
import { LanguagePicker } from './language-picker.tsx'
import { TextAreaField } from './textarea-field.tsx'
import { WidgetPreview } from './widget-preview.tsx'

type Props = { storeId: string; chatbot: Chatbot; canEdit: boolean; consents: Loaded<ConsentRecord[]> }

const when: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' }

/**
 * Consent before the chat: on or off, its text per language (like the greeting), the version visitors agree
 * to and since when, the real widget asking it, and who agreed. Agents see it read-only.
 */
export function ConsentSettings({ storeId, chatbot, canEdit, consents }: Props) {
  const [state, action] = useActionState(updateConsent, idle)
  const languages = chatbotLanguages(chatbot.languages)
  const main = languages[0] ?? 'en'
  const [required, setRequired] = useState(chatbot.consent_required)
  const [texts, setTexts] = useState<Record<string, string>>(() => ({
    ...((chatbot.consent_texts ?? {}) as Record<string, string>),
    [main]: chatbot.consent_text,
  }))
  const [editing, setEditing] = useState(main)
  const shown = languages.includes(editing) ? editing : main
  const changed =
    JSON.stringify(texts) !==
    JSON.stringify({
      ...((chatbot.consent_texts ?? {}) as Record<string, string>),
      [main]: chatbot.consent_text,
    })
  const preview = useMemo(
    () => ({
      type: 'parley:preview-theme',
      theme: chatbot.theme ?? {},
      greeting: chatbot.greeting,
      consent: required ? { text: texts[main] ?? '', texts } : null,
    }),
    [chatbot.theme, chatbot.greeting, required, texts, main],
  )

  return (
    <Grid columns={{ initial: '1', md: '2' }} gap="5">
      <Flex direction="column" gap="5">
        <form action={action} noValidate aria-label="Consent">
          <input type="hidden" name="storeId" value={storeId} />
          <input type="hidden" name="chatbotId" value={chatbot.id} />
          <input type="hidden" name="main" value={main} />
          {languages.map((l) =>
            l === shown ? null : <input key={l} type="hidden" name={`consent:${l}`} value={texts[l] ?? ''} />,
          )}
          <fieldset disabled={!canEdit} style={{ border: 0, padding: 0, margin: 0 }}>
            <Flex direction="column" gap="3">
              <Text as="label" size="2">
                <Flex gap="2" align="center">
                  <Checkbox
                    name="required"
                    value="on"
                    checked={required}
                    onCheckedChange={(v) => setRequired(v === true)}
                  />
                  Ask for consent before the chat
                </Flex>
              </Text>
              <Text size="2" color="gray">
                Visitors read this text and accept it before anything of theirs is stored; the chat refuses to
                store messages, files or form answers from anyone who has not accepted the current version.
              </Text>
              <Flex gap="2" align="center" wrap="wrap" data-testid="consent-version">
                <Badge color="gray" variant="soft">
                  Version {chatbot.consent_version}
                </Badge>
                <Text size="2" color="gray">
                  since <LocalDate value={chatbot.consent_changed_at} options={when} />
                </Text>
                {changed ? (
                  <Text size="2" color="amber">
                    Saving the changed text makes version {chatbot.consent_version + 1}: every visitor is
                    asked again.
                  </Text>
                ) : null}
              </Flex>
              <LanguagePicker label="Text in" languages={languages} value={shown} onChange={setEditing} />
              <TextAreaField
                key={shown}
                idPrefix="consent-text"
                name={`consent:${shown}`}
                label={`Consent text (${languageName(shown)})`}
                hint={
                  shown === main
                    ? 'The main text: visitors in a language without its own text read this one.'
                    : 'Leave empty to show these visitors the main text.'
                }
                rows={5}
                maxLength={2000}
                value={texts[shown] ?? ''}
                onChange={(e) => {
                  const text = e.currentTarget.value
                  setTexts((t) => ({ ...t, [shown]: text }))
                }}
              />
              <FormMessage state={state} />
              {canEdit ? (
                <Flex>
                  <SubmitButton>Save consent</SubmitButton>
                </Flex>
              ) : null}
            </Flex>
          </fieldset>
        </form>
        <ConsentList storeId={storeId} consents={consents} />
      </Flex>
      <WidgetPreview
        publicId={chatbot.public_id}
        message={preview}
        title="Consent preview"
        height={560}
        caption="The real widget; it asks with the text as you write it."
      />
    </Grid>
  )
}

/** Who agreed, as a person on the team reads it: the contact when the visitor gave a name or e-mail. */
function whoAgreed(c: ConsentRecord): { who: string; detail?: string } {
  if (!c.visitor_id) return { who: 'erased' }
  if (c.contact_name || c.contact_email) {
    const who = (c.contact_name || c.contact_email) as string
    return c.contact_name && c.contact_email ? { who, detail: c.contact_email } : { who }
  }
  return { who: 'Anonymous visitor', detail: c.visitor_id.slice(0, 8) }
}

function ConsentList({ storeId, consents }: { storeId: string; consents: Loaded<ConsentRecord[]> }) {
  if (!consents.ok) return <LoadError message={consents.error} />
  return (
    <Flex direction="column" gap="2" asChild>
      <section aria-labelledby="consents-heading">
        <Heading as="h3" size="3" id="consents-heading">
          Who agreed
        </Heading>
        {consents.data.length === 0 ? (
          <Text size="2" color="gray">
            Nobody has agreed yet.
          </Text>
        ) : (
          <Table.Root size="1" aria-labelledby="consents-heading">
            <Table.Header>
              <Table.Row>
                <Table.ColumnHeaderCell>Visitor</Table.ColumnHeaderCell>
                <Table.ColumnHeaderCell>Language</Table.ColumnHeaderCell>
                <Table.ColumnHeaderCell>When</Table.ColumnHeaderCell>
                <Table.ColumnHeaderCell>Version</Table.ColumnHeaderCell>
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {consents.data.map((c) => {
                const { who, detail } = whoAgreed(c)
                return (
                  <Table.Row key={c.id} data-testid="consent-row">
                    <Table.Cell>
                      <Flex direction="column">
                        {c.session_id ? (
                          <Link asChild>
                            <NextLink href={`/stores/${storeId}/conversations?session=${c.session_id}`}>
                              {who}
                            </NextLink>
                          </Link>
                        ) : (
                          <Text color={c.visitor_id ? undefined : 'gray'}>{who}</Text>
                        )}
                        {detail ? (
                          <Text size="1" color="gray">
                            {detail}
                          </Text>
                        ) : null}
                      </Flex>
                    </Table.Cell>
                    <Table.Cell>{c.language ? languageName(c.language) : '—'}</Table.Cell>
                    <Table.Cell>
                      <LocalDate value={c.given_at} options={when} />
                    </Table.Cell>
                    <Table.Cell>{c.consent_version}</Table.Cell>
                  </Table.Row>
                )
              })}
            </Table.Body>
          </Table.Root>
        )}
      </section>
    </Flex>
  )
}
