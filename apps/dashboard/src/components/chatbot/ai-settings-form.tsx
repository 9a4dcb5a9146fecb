'use client'

import { Constants, type Enums } from '@parley/supabase/database'
import { Badge, Callout, Checkbox, Flex, Select, Text } from '@radix-ui/themes'
import { useActionState, useEffect, useRef, useState } from 'react'
import { updateAiSettings } from '../../actions/chatbots.ts'
import { idle } from '../../lib/action-state.ts'
import type { AiSettings, ResponderFailure } from '../../lib/chatbot/types.ts'
import { FormMessage } from '../form-message.tsx'
import { LocalDate } from '../local-format.tsx'
import { SubmitButton } from '../submit-button.tsx'
import { TextInput } from '../text-input.tsx'

/** Every provider the database allows, with what the form suggests for it. */
const providers: Record<Enums<'ai_provider'>, { label: string; baseUrl: string; model: string }> = {
  openai: { label: 'OpenAI-compatible', baseUrl: 'https://api.openai.com/v1', model: 'gpt-4o-mini' },
  anthropic: { label: 'Anthropic', baseUrl: 'https://api.anthropic.com', model: 'claude-3-5-haiku-latest' },
}

const dateOptions: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' }

type Props = { storeId: string; chatbotId: string; settings: AiSettings; failures: ResponderFailure[] }

/** The optional LLM behind the chatbot. The API key goes in and never comes back out. */
export function AiSettingsForm({ storeId, chatbotId, settings, failures }: Props) {
  const [state, action] = useActionState(updateAiSettings, idle)
  const [provider, setProvider] = useState<string>(state.values?.provider ?? settings.provider ?? '')
  const keyField = useRef<HTMLFormElement>(null)
  useEffect(() => {
    // The key field is cleared after each save so the key does not linger in the page.
    if (state.status === 'success') {
      const input = keyField.current?.elements.namedItem('apiKey') as HTMLInputElement | null
      if (input) input.value = ''
    }
  }, [state])
  const known = Constants.public.Enums.ai_provider.find((p) => p === provider)
  const hint = known ? providers[known] : undefined
  const errors = state.fieldErrors ?? {}
  return (
    <Flex direction="column" gap="5">
      <form ref={keyField} action={action} noValidate aria-label="AI provider">
        <input type="hidden" name="storeId" value={storeId} />
        <input type="hidden" name="chatbotId" value={chatbotId} />
        <input type="hidden" name="provider" value={provider} />
        <Flex direction="column" gap="4">
          <Text size="2" color="gray">
            Without a provider the chatbot answers from your FAQs and knowledge, asks to clarify, or offers a
            human. With one, a language model writes the answers using the same passages.
          </Text>
          <Flex direction="column" gap="1">
            <Text as="label" size="2" weight="medium" id="ai-provider-label">
              Provider
            </Text>
            <Select.Root value={provider || 'none'} onValueChange={(v) => setProvider(v === 'none' ? '' : v)}>
              <Select.Trigger aria-labelledby="ai-provider-label" style={{ maxWidth: '20rem' }} />
              <Select.Content>
                <Select.Item value="none">None (FAQs and knowledge only)</Select.Item>
                {Constants.public.Enums.ai_provider.map((p) => (
                  <Select.Item key={p} value={p}>
                    {providers[p].label}
                  </Select.Item>
                ))}
              </Select.Content>
            </Select.Root>
          </Flex>
          {provider ? (
            <>
              <TextInput
                name="baseUrl"
                label="Base URL"
                size="2"
                type="url"
                placeholder={hint?.baseUrl}
                defaultValue={state.values?.baseUrl ?? settings.base_url ?? ''}
                errors={errors.baseUrl}
                hint="Leave empty for the provider's own API; set it for gateways or self-hosted servers."
              />
              <TextInput
                name="model"
                label="Model"
                size="2"
                placeholder={hint?.model}
                defaultValue={state.values?.model ?? settings.model ?? ''}
                errors={errors.model}
              />
              <Flex direction="column" gap="2">
                <Flex align="center" gap="2">
                  <Text size="2" weight="medium">
                    API key
                  </Text>
                  <Badge color={settings.has_api_key ? 'green' : 'gray'} data-testid="api-key-status">
                    {settings.has_api_key ? 'A key is set' : 'No key'}
                  </Badge>
                </Flex>
                <TextInput
                  name="apiKey"
                  label={settings.has_api_key ? 'Replace the key' : 'Key'}
                  size="2"
                  type="password"
                  autoComplete="off"
                  placeholder={settings.has_api_key ? 'Leave empty to keep the current key' : 'sk-…'}
                  errors={errors.apiKey}
                  hint="Stored on the server and used only by the chat function; it is never shown again."
                />
                {settings.has_api_key ? (
                  <Text as="label" size="2">
                    <Flex gap="2" align="center">
                      <Checkbox name="clearKey" value="on" /> Remove the stored key
                    </Flex>
                  </Text>
                ) : null}
              </Flex>
              <Flex gap="3" wrap="wrap">
                <TextInput
                  name="timeoutMs"
                  label="Timeout (ms)"
                  size="2"
                  type="number"
                  inputMode="numeric"
                  min={1000}
                  max={120000}
                  step={1000}
                  defaultValue={state.values?.timeoutMs ?? String(settings.timeout_ms)}
                  errors={errors.timeoutMs}
                />
                <TextInput
                  name="maxTokens"
                  label="Longest answer (tokens)"
                  size="2"
                  type="number"
                  inputMode="numeric"
                  min={16}
                  max={8192}
                  defaultValue={state.values?.maxTokens ?? String(settings.max_tokens)}
                  errors={errors.maxTokens}
                />
              </Flex>
            </>
          ) : (
            <>
              <input type="hidden" name="baseUrl" value="" />
              <input type="hidden" name="model" value="" />
              <input type="hidden" name="apiKey" value="" />
              <input type="hidden" name="timeoutMs" value={settings.timeout_ms} />
              <input type="hidden" name="maxTokens" value={settings.max_tokens} />
            </>
          )}
          <FormMessage state={state} />
          <Flex>
            <SubmitButton>Save AI settings</SubmitButton>
          </Flex>
        </Flex>
      </form>
      <Flex direction="column" gap="2" asChild>
        <section aria-labelledby="failures-heading">
          <Text size="2" weight="medium" id="failures-heading">
            Recent provider failures
          </Text>
          {failures.length === 0 ? (
            <Text size="2" color="gray">
              None. When the provider fails or times out, visitors get a fallback answer and the failure is
              listed here.
            </Text>
          ) : (
            <Callout.Root color="amber" size="1">
              <ul style={{ margin: 0, paddingLeft: '1.2em' }} aria-label="Provider failures">
                {failures.map((f) => (
                  <li key={f.id}>
                    <Text size="2">
                      <LocalDate value={f.created_at} options={dateOptions} />: {f.provider}{' '}
                      {f.kind.replace('_', ' ')}
                      {f.http_status ? ` (HTTP ${f.http_status})` : ''}
                      {f.detail ? ` — ${f.detail.slice(0, 200)}` : ''}
                    </Text>
                  </li>
                ))}
              </ul>
            </Callout.Root>
          )}
        </section>
      </Flex>
    </Flex>
  )
}
