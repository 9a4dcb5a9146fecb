'use server'

import { apps } from '@parley/supabase/apps'
import { FunctionsHttpError } from '@supabase/supabase-js'
import { revalidatePath } from 'next/cache'
import { redirect } from 'next/navigation'
import { z } from 'zod'
import { type ActionState, failure, success } from '../lib/action-state.ts'
import { describeError } from '../lib/errors.ts'
import { createClient } from '../lib/supabase/server.ts'

const AppForm = z.object({ storeId: z.uuid(), app: z.string().regex(/^[a-z][a-z0-9-]{1,39}$/) })

/** The apps function's own words ({ code, message }) when it refused, else a general sentence. */
async function functionError(error: unknown, fallback: string): Promise<string> {
  if (error instanceof FunctionsHttpError) {
    const body = (await error.context.json().catch(() => ({}))) as { message?: string }
    if (body.message) return body.message
  }
  return describeError(error as { message?: string }, fallback)
}

async function callApps<T>(route: string, body: Record<string, unknown>) {
  const supabase = await createClient()
  return supabase.functions.invoke<T>(`apps/${route}`, { body })
}

/**
 * Owners and admins start connecting: OAuth apps send the browser to the app's consent screen. An app that
 * makes its own key (Webhook's signing secret) answers it once: it is shown in the form's message and the
 * page is not refreshed, so the message stays until the owner has copied it.
 */
export async function connectApp(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const parsed = AppForm.extend({
    apiKey: z.string().trim().optional(),
    urlSetting: z
      .string()
      .regex(/^[a-z_]{1,40}$/)
      .optional(),
    url: z.string().trim().max(2000).optional(),
  }).safeParse(Object.fromEntries(formData))
  if (!parsed.success) return failure('That app could not be found.')
  const { storeId, app, apiKey, urlSetting, url } = parsed.data
  const { data, error } = await callApps<{ authorize_url?: string; connected?: boolean; secret?: string }>(
    'connect',
    {
      store_id: storeId,
      app,
      ...(apiKey ? { api_key: apiKey } : {}),
      ...(urlSetting && url ? { settings: { [urlSetting]: url } } : {}),
    },
  )
  if (error)
    return failure(await functionError(error, 'Could not start connecting.'), { values: url ? { url } : {} })
  if (data?.authorize_url) redirect(data.authorize_url)
  // Not revalidated yet: the connected card would replace the form showing the secret (it refreshes on "Done").
  if (data?.secret) return { ...success('Connected.'), oneTimeSecret: data.secret }
  revalidatePath(`/stores/${storeId}/integrations`)
  return success('Connected.')
}

export async function disconnectApp(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const parsed = AppForm.safeParse(Object.fromEntries(formData))
  if (!parsed.success) return failure('That app could not be found.')
  const { storeId, app } = parsed.data
  const { data, error } = await callApps<{ revoked: boolean }>('disconnect', { store_id: storeId, app })
  if (error) return failure(await functionError(error, 'Could not disconnect.'))
  revalidatePath(`/stores/${storeId}/integrations`)
  return success(
    data?.revoked === false
      ? 'Disconnected. The app could not be told to revoke its access: remove it in the app too.'
      : 'Disconnected.',
  )
}

export async function sendAppTest(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const parsed = AppForm.safeParse(Object.fromEntries(formData))
  if (!parsed.success) return failure('That app could not be found.')
  const { storeId, app } = parsed.data
  const { error } = await callApps('test', { store_id: storeId, app })
  if (error) return failure(await functionError(error, 'Could not send a test.'))
  revalidatePath(`/stores/${storeId}/integrations`)
  return success('Test sent. If it fails, it shows up below with the reason and a Retry button.')
}

export type SlackChannelPage = {
  channels: { id: string; name: string; is_private: boolean }[]
  nextCursor: string
}

/** One page of the store's Slack channels for the picker (owners and admins). */
export async function listSlackChannels(
  storeId: string,
  cursor?: string,
): Promise<{ ok: true; page: SlackChannelPage } | { ok: false; error: string }> {
  if (!z.uuid().safeParse(storeId).success) return { ok: false, error: 'That store could not be found.' }
  const { data, error } = await callApps<SlackChannelPage>('channels', {
    store_id: storeId,
    app: 'slack',
    ...(cursor ? { cursor } : {}),
  })
  if (error || !data) return { ok: false, error: await functionError(error, 'Could not load the channels.') }
  return { ok: true, page: data }
}

const slackSettings = apps.find((a) => a.id === 'slack')?.settings

/** Saves an app's settings (owners and admins; RLS decides), checked with the app's own schema. */
export async function saveSlackChannel(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const parsed = z
    .object({ storeId: z.uuid(), channel: z.string(), channelName: z.string().max(100) })
    .safeParse(Object.fromEntries(formData))
  if (!parsed.success || !slackSettings) return failure('Pick a channel.')
  const { storeId, channel, channelName } = parsed.data
  const settings = slackSettings.safeParse({ default_channel: channel, default_channel_name: channelName })
  if (!settings.success) return failure('Pick a channel.')
  const supabase = await createClient()
  const { data, error } = await supabase
    .from('integrations')
    .update({ config: settings.data as Record<string, string> })
    .eq('store_id', storeId)
    .eq('provider', 'slack')
    .select('id')
  if (error) return failure(describeError(error, 'Could not save the channel.'))
  if (!data?.length) return failure('Only owners and admins choose the channel, once Slack is connected.')
  revalidatePath(`/stores/${storeId}/integrations`)
  return success(`Automations post to #${channelName} unless they name another channel.`)
}

const sheetsSettings = apps.find((a) => a.id === 'google-sheets')?.settings

/** The spreadsheet and sheet rows go to (owners and admins; RLS decides), checked with the app's schema. */
export async function saveSheetsSettings(_prev: ActionState, formData: FormData): Promise<ActionState> {
  const parsed = z
    .object({ storeId: z.uuid(), spreadsheetId: z.string().trim(), sheet: z.string().trim() })
    .safeParse(Object.fromEntries(formData))
  if (!parsed.success || !sheetsSettings) return failure('Give the spreadsheet and the sheet.')
  const { storeId, spreadsheetId, sheet } = parsed.data
  // A pasted URL works too: the id is the part after /d/.
  const id = /\/d\/([A-Za-z0-9_-]+)/.exec(spreadsheetId)?.[1] ?? spreadsheetId
  const settings = sheetsSettings.safeParse({ spreadsheet_id: id, sheet })
  if (!settings.success)
    return failure('Paste the spreadsheet id (or its URL) and the name of the sheet (tab).', {
      values: { spreadsheetId, sheet },
    })
  const supabase = await createClient()
  const { data, error } = await supabase
    .from('integrations')
    .update({ config: settings.data as Record<string, string> })
    .eq('store_id', storeId)
    .eq('provider', 'google-sheets')
    .select('id')
  if (error) return failure(describeError(error, 'Could not save the sheet.'))
  if (!data?.length)
    return failure('Only owners and admins choose the sheet, once Google Sheets is connected.')
  revalidatePath(`/stores/${storeId}/integrations`)
  return success(`Rows go to the sheet “${sheet}”.`)
}
