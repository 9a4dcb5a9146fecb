'use client'

import { Flex, TextField } from '@radix-ui/themes'
import { useActionState } from 'react'
import { connectApp, disconnectApp, sendAppTest } from '../../actions/integrations.ts'
import { idle } from '../../lib/action-state.ts'
import { FormMessage } from '../form-message.tsx'
import { SubmitButton } from '../submit-button.tsx'
import { SecretShownOnce } from './secret-shown-once.tsx'

type Props = { storeId: string; app: string; name: string }

/**
 * Connect (or connect again): OAuth apps go to the app's consent screen; API-key apps take the key once.
 * `url` asks for the address Parley will call (Webhook's endpoint); `keyOptional`: Parley makes the key
 * when none is pasted, and shows it once in a dialog.
 */
export function ConnectAppForm({
  storeId,
  app,
  name,
  apiKeyLabel,
  again,
  url,
  keyOptional,
}: Props & {
  apiKeyLabel?: string
  again?: boolean
  url?: { setting: string; label: string }
  keyOptional?: boolean
}) {
  const [state, action] = useActionState(connectApp, idle)
  if (state.oneTimeSecret) return <SecretShownOnce name={name} secret={state.oneTimeSecret} />
  return (
    <form action={action}>
      <input type="hidden" name="storeId" value={storeId} />
      <input type="hidden" name="app" value={app} />
      <Flex direction="column" gap="2">
        {url ? (
          <>
            <input type="hidden" name="urlSetting" value={url.setting} />
            <TextField.Root
              aria-label={url.label}
              name="url"
              type="url"
              required
              defaultValue={state.values?.url}
              placeholder="https://example.com/hooks/parley"
            />
          </>
        ) : null}
        {apiKeyLabel ? (
          <TextField.Root
            aria-label={apiKeyLabel}
            name="apiKey"
            type="password"
            autoComplete="off"
            required={!keyOptional}
            minLength={8}
            placeholder={keyOptional ? `${apiKeyLabel} (optional: Parley makes one)` : apiKeyLabel}
          />
        ) : null}
        <SubmitButton aria-label={`${again ? 'Reconnect' : 'Connect'} ${name}`}>
          {again ? 'Reconnect' : 'Connect'}
        </SubmitButton>
        <FormMessage state={state} />
      </Flex>
    </form>
  )
}

export function DisconnectAppForm({ storeId, app, name }: Props) {
  const [state, action] = useActionState(disconnectApp, idle)
  return (
    <form action={action}>
      <input type="hidden" name="storeId" value={storeId} />
      <input type="hidden" name="app" value={app} />
      <Flex direction="column" gap="2">
        <SubmitButton color="red" variant="soft" aria-label={`Disconnect ${name}`}>
          Disconnect
        </SubmitButton>
        <FormMessage state={state} />
      </Flex>
    </form>
  )
}

export function SendTestForm({ storeId, app, name }: Props) {
  const [state, action] = useActionState(sendAppTest, idle)
  return (
    <form action={action}>
      <input type="hidden" name="storeId" value={storeId} />
      <input type="hidden" name="app" value={app} />
      <Flex direction="column" gap="2">
        <SubmitButton variant="soft" aria-label={`Send a test to ${name}`}>
          Send a test
        </SubmitButton>
        <FormMessage state={state} />
      </Flex>
    </form>
  )
}
