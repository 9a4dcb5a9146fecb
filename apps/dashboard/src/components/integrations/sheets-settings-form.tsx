'use client'

import { Flex, Text, TextField } from '@radix-ui/themes'
import { useActionState } from 'react'
import { saveSheetsSettings } from '../../actions/integrations.ts'
import { idle } from '../../lib/action-state.ts'
import { FormMessage } from '../form-message.tsx'
import { SubmitButton } from '../submit-button.tsx'

/** Where "Add a row to Google Sheets" writes: a spreadsheet (its id or URL) and a sheet (tab) in it. */
export function SheetsSettingsForm({
  storeId,
  spreadsheetId,
  sheet,
}: {
  storeId: string
  spreadsheetId?: string
  sheet?: string
}) {
  const [state, action] = useActionState(saveSheetsSettings, idle)
  return (
    <form action={action}>
      <input type="hidden" name="storeId" value={storeId} />
      <Flex direction="column" gap="2">
        <Text as="label" size="2" weight="medium">
          Spreadsheet (id or URL)
          <TextField.Root
            name="spreadsheetId"
            required
            defaultValue={state.values?.spreadsheetId ?? spreadsheetId}
            placeholder="https://docs.google.com/spreadsheets/d/…"
          />
        </Text>
        <Text as="label" size="2" weight="medium">
          Sheet (tab)
          <TextField.Root
            name="sheet"
            required
            defaultValue={state.values?.sheet ?? sheet}
            placeholder="Leads"
          />
        </Text>
        <Flex>
          <SubmitButton>Save sheet</SubmitButton>
        </Flex>
        <FormMessage state={state} />
      </Flex>
    </form>
  )
}
