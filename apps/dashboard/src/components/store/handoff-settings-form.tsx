'use client'

import { formatBusinessHours } from '@parley/widget/handoff-notice'
import { DataList, Flex, Grid, Radio, Text } from '@radix-ui/themes'
import { useActionState } from 'react'
import { type HandoffSettings, saveHandoffSettings } from '../../actions/store-settings.ts'
import { idle } from '../../lib/action-state.ts'
import { parseBusinessHours, replyTimes, weekdays } from '../../lib/schemas.ts'
import { TextAreaField } from '../chatbot/textarea-field.tsx'
import { FormMessage } from '../form-message.tsx'
import { SubmitButton } from '../submit-button.tsx'
import { TextInput } from '../text-input.tsx'

type Props = { storeId: string; settings: HandoffSettings; canEdit: boolean }

const fieldset = { border: 0, margin: 0, padding: 0, minWidth: 0 }

/**
 * What the widget tells a visitor handed to a person: the usual reply time and business hours, and a
 * phone number or email address offered while the team cannot be reached; and the offline message that
 * answers conversations beyond the plan's monthly conversations (followed by that phone or email).
 * Read-only for those who may not change it.
 */
export function HandoffSettingsForm({ storeId, settings, canEdit }: Props) {
  const [state, action] = useActionState(saveHandoffSettings, idle)
  if (!canEdit) return <HandoffSettingsSummary settings={settings} />

  const saved = parseBusinessHours(settings.business_hours)
  // After a refused submit the form shows what was typed; otherwise what is saved.
  const value = (name: string, fallback: string) => state.values?.[name] ?? fallback
  const replyTime = value('replyTime', settings.reply_time ?? '')

  return (
    <form action={action} noValidate aria-label="Handoff settings">
      <Flex direction="column" gap="4">
        <input type="hidden" name="storeId" value={storeId} />
        <fieldset
          style={fieldset}
          aria-describedby={state.fieldErrors?.replyTime ? 'reply-error' : undefined}
        >
          <Text asChild size="2" weight="medium">
            <legend style={{ padding: 0, marginBottom: 'var(--space-2)' }}>We usually reply</legend>
          </Text>
          <Flex gap="4" wrap="wrap" key={replyTime}>
            {[...replyTimes, ''].map((choice) => (
              <Text as="label" size="2" key={choice || 'none'}>
                <Flex gap="2" align="center">
                  <Radio name="replyTime" value={choice} defaultChecked={choice === replyTime} />
                  {choice || 'Not said'}
                </Flex>
              </Text>
            ))}
          </Flex>
          {state.fieldErrors?.replyTime ? (
            <Text id="reply-error" size="1" color="red">
              {state.fieldErrors.replyTime.join(' ')}
            </Text>
          ) : null}
        </fieldset>

        <fieldset style={fieldset}>
          <Text asChild size="2" weight="medium">
            <legend style={{ padding: 0, marginBottom: 'var(--space-1)' }}>Business hours</legend>
          </Text>
          <Text as="p" size="1" color="gray" mb="2">
            In the store's local time. Leave both times empty on days the store is closed.
          </Text>
          <Grid columns={{ initial: '1', sm: '2' }} gap="3">
            {weekdays.map((day) => (
              <Grid columns="2" gap="2" key={day} data-testid={`hours-${day}`}>
                <TextInput
                  name={`${day}-open`}
                  label={`${day} opens`}
                  type="time"
                  size="2"
                  defaultValue={value(`${day}-open`, saved[day]?.open ?? '')}
                  errors={state.fieldErrors?.[`${day}-open`]}
                />
                <TextInput
                  name={`${day}-close`}
                  label={`${day} closes`}
                  type="time"
                  size="2"
                  defaultValue={value(`${day}-close`, saved[day]?.close ?? '')}
                />
              </Grid>
            ))}
          </Grid>
        </fieldset>

        <Grid columns={{ initial: '1', sm: '2' }} gap="3">
          <TextInput
            name="fallbackPhone"
            label="Fallback phone"
            type="tel"
            autoComplete="off"
            placeholder="+43 512 123456"
            hint="Offered while the team cannot be reached."
            defaultValue={value('fallbackPhone', settings.fallback_phone ?? '')}
            errors={state.fieldErrors?.fallbackPhone}
          />
          <TextInput
            name="fallbackEmail"
            label="Fallback email"
            type="email"
            autoComplete="off"
            placeholder="help@example.com"
            hint="Offered while the team cannot be reached."
            defaultValue={value('fallbackEmail', settings.fallback_email ?? '')}
            errors={state.fieldErrors?.fallbackEmail}
          />
        </Grid>
        <TextAreaField
          name="offlineMessage"
          idPrefix="handoff"
          label="Offline message"
          rows={3}
          maxLength={500}
          placeholder="We are away this week. Your message is saved and we answer it on Monday."
          hint="Answers shoppers who start a conversation once the plan's monthly conversations are used up, followed by the fallback phone and email. Left empty: the store can't answer in the chat right now, the message is saved."
          defaultValue={value('offlineMessage', settings.offline_message ?? '')}
          errors={state.fieldErrors?.offlineMessage}
        />
        <FormMessage state={state} />
        <Flex>
          <SubmitButton size="3" pendingLabel="Saving…">
            Save handoff settings
          </SubmitButton>
        </Flex>
      </Flex>
    </form>
  )
}

function HandoffSettingsSummary({ settings }: { settings: HandoffSettings }) {
  const notSet = <Text color="gray">Not set</Text>
  return (
    <DataList.Root data-testid="handoff-settings-summary">
      <DataList.Item>
        <DataList.Label>We usually reply</DataList.Label>
        <DataList.Value>{settings.reply_time || notSet}</DataList.Value>
      </DataList.Item>
      <DataList.Item>
        <DataList.Label>Business hours</DataList.Label>
        <DataList.Value>{formatBusinessHours(settings.business_hours) || notSet}</DataList.Value>
      </DataList.Item>
      <DataList.Item>
        <DataList.Label>Fallback phone</DataList.Label>
        <DataList.Value>{settings.fallback_phone || notSet}</DataList.Value>
      </DataList.Item>
      <DataList.Item>
        <DataList.Label>Fallback email</DataList.Label>
        <DataList.Value>{settings.fallback_email || notSet}</DataList.Value>
      </DataList.Item>
      <DataList.Item>
        <DataList.Label>Offline message</DataList.Label>
        <DataList.Value>{settings.offline_message || notSet}</DataList.Value>
      </DataList.Item>
    </DataList.Root>
  )
}
