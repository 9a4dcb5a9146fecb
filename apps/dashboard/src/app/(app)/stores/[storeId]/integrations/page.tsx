import { type AppDefinition, apps } from '@parley/supabase/apps'
import type { Tables } from '@parley/supabase/database'
import { ArrowLeftIcon, CheckCircledIcon, ExclamationTriangleIcon } from '@radix-ui/react-icons'
import { Badge, Callout, Card, Code, Flex, Grid, Heading, Link, Text } from '@radix-ui/themes'
import type { Metadata } from 'next'
import NextLink from 'next/link'
import { notFound } from 'next/navigation'
import {
  ConnectAppForm,
  DisconnectAppForm,
  SendTestForm,
} from '../../../../../components/integrations/app-actions.tsx'
import { CalcomEventTypePicker } from '../../../../../components/integrations/calcom-event-type-picker.tsx'
import { SheetsSettingsForm } from '../../../../../components/integrations/sheets-settings-form.tsx'
import { SlackChannelPicker } from '../../../../../components/integrations/slack-channel-picker.tsx'
import { LoadError } from '../../../../../components/load-error.tsx'
import { LocalDate } from '../../../../../components/local-format.tsx'
import { RetryJobButton } from '../../../../../components/store/retry-job-button.tsx'
import { requireUser } from '../../../../../lib/auth.ts'
import { listMembers } from '../../../../../lib/data/members.ts'
import { getStore } from '../../../../../lib/data/stores.ts'
import { describeError } from '../../../../../lib/errors.ts'
import { canManageMembers } from '../../../../../lib/roles.ts'
import { createClient } from '../../../../../lib/supabase/server.ts'

export const metadata: Metadata = { title: 'Integrations' }

type Props = {
  params: Promise<{ storeId: string }>
  searchParams: Promise<{ connected?: string; error?: string }>
}

type Connection = Pick<
  Tables<'integrations'>,
  | 'provider'
  | 'status'
  | 'config'
  | 'account_label'
  | 'expires_at'
  | 'last_success_at'
  | 'failing_since'
  | 'last_error'
>
type FailedJob = Pick<Tables<'outbox'>, 'id' | 'topic' | 'job_title' | 'status' | 'attempts' | 'last_error'>

const whenOptions: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' }
const when = (iso: string) => <LocalDate value={iso} options={whenOptions} />

/** A job topic's area is the app's id with underscores ('google-sheets' -> 'google_sheets.append_row'). */
const topicArea = (app: AppDefinition) => app.id.replace(/-/g, '_')

function status(connection: Connection | undefined): {
  label: string
  color: 'green' | 'amber' | 'gray' | 'red'
} {
  if (!connection || connection.status === 'disconnected') return { label: 'Not connected', color: 'gray' }
  if (connection.status === 'reconnect') return { label: 'Reconnect needed', color: 'amber' }
  if (connection.failing_since) return { label: 'Failing', color: 'red' }
  return { label: 'Connected', color: 'green' }
}

/** What the page says when the app sent the browser back (?connected=slack, ?error=slack:access_denied). */
function Outcome({ connected, error }: { connected?: string; error?: string }) {
  const name = (id: string | undefined) => apps.find((a) => a.id === id)?.name
  if (connected && name(connected))
    return (
      <Callout.Root color="green" role="status">
        <Callout.Icon>
          <CheckCircledIcon />
        </Callout.Icon>
        <Callout.Text>{name(connected)} is connected.</Callout.Text>
      </Callout.Root>
    )
  if (!error) return null
  const [app, ...reason] = error.split(':')
  const why = reason.join(':')
  return (
    <Callout.Root color="red" role="alert">
      <Callout.Icon>
        <ExclamationTriangleIcon />
      </Callout.Icon>
      <Callout.Text>
        {name(app) ?? 'The app'} was not connected
        {why === 'access_denied' ? ': the permission was refused.' : why ? `: ${why}` : '.'}
      </Callout.Text>
    </Callout.Root>
  )
}

export default async function IntegrationsPage({ params, searchParams }: Props) {
  const { storeId } = await params
  const outcome = await searchParams
  const user = await requireUser(`/stores/${storeId}/integrations`)
  const [store, members] = await Promise.all([getStore(storeId), listMembers(storeId)])
  if (!store.ok) return <LoadError message={store.error} />
  if (!store.data) notFound()
  const canManage = canManageMembers(
    (members.ok ? members.data : []).find((m) => m.user_id === user.id)?.role,
  )

  const supabase = await createClient()
  const connections = await supabase
    .from('integrations')
    .select('provider, status, config, account_label, expires_at, last_success_at, failing_since, last_error')
    .eq('store_id', storeId)
  const jobs = canManage
    ? await supabase
        .from('outbox')
        .select('id, topic, job_title, status, attempts, last_error')
        .eq('store_id', storeId)
        .or(apps.map((a) => `topic.like.${topicArea(a)}.*`).join(','))
        .in('status', ['dead', 'pending'])
        .not('last_error', 'is', null)
        .order('id', { ascending: false })
        .limit(50)
    : undefined
  const byApp = new Map((connections.data ?? []).map((c) => [c.provider, c as Connection]))
  const failedJobs = (jobs?.data ?? []) as FailedJob[]

  return (
    <Flex direction="column" gap="5">
      <Link asChild size="2">
        <NextLink href={`/stores/${storeId}`}>
          <Flex align="center" gap="1" asChild>
            <span>
              <ArrowLeftIcon aria-hidden /> {store.data.name}
            </span>
          </Flex>
        </NextLink>
      </Link>
      <Flex direction="column" gap="1">
        <Heading as="h1" size="6">
          Integrations
        </Heading>
        <Text color="gray" size="2">
          Connect the tools your team uses; automations can then post, update and book through them.
          {canManage ? null : ' Owners and admins connect and disconnect apps; you see their status.'}
        </Text>
      </Flex>
      <Outcome connected={outcome.connected} error={outcome.error} />
      {connections.error ? (
        <LoadError message={describeError(connections.error, 'Could not load the connected apps.')} />
      ) : null}
      {jobs?.error ? <LoadError message={describeError(jobs.error, 'Could not load failed jobs.')} /> : null}
      <Grid columns={{ initial: '1', md: '2' }} gap="4" asChild>
        <ul aria-label="Apps" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {apps.map((app) => {
            const connection = byApp.get(app.id)
            const state = status(connection)
            const live = connection && connection.status !== 'disconnected'
            const settings = (connection?.config ?? {}) as Record<string, string | undefined>
            const failed = failedJobs.filter((j) => j.topic.startsWith(`${topicArea(app)}.`))
            return (
              <li key={app.id} data-testid={`app-${app.id}`}>
                <Card size="2" style={{ height: '100%' }}>
                  <Flex direction="column" gap="3">
                    <Flex justify="between" align="start" gap="2" wrap="wrap">
                      <Flex direction="column" gap="1" minWidth="0">
                        <Heading as="h2" size="4">
                          {app.name}
                        </Heading>
                        <Text size="2" color="gray">
                          {app.description}
                        </Text>
                      </Flex>
                      <Badge color={state.color} size="2">
                        {state.label}
                      </Badge>
                    </Flex>
                    {live ? (
                      <Flex direction="column" gap="1" asChild>
                        <dl style={{ margin: 0 }}>
                          {app.publicUrlSettings?.map((key) =>
                            settings[key] ? (
                              <Text size="2" key={key}>
                                <dt style={{ display: 'inline' }}>Endpoint: </dt>
                                <dd style={{ display: 'inline', margin: 0 }}>
                                  <Code>{settings[key]}</Code>
                                </dd>
                              </Text>
                            ) : null,
                          )}
                          {connection.account_label ? (
                            <Text size="2">
                              <dt style={{ display: 'inline' }}>Account: </dt>
                              <dd style={{ display: 'inline', margin: 0 }}>{connection.account_label}</dd>
                            </Text>
                          ) : null}
                          <Text size="2">
                            <dt style={{ display: 'inline' }}>Last success: </dt>
                            <dd style={{ display: 'inline', margin: 0 }}>
                              {connection.last_success_at ? when(connection.last_success_at) : 'not yet'}
                            </dd>
                          </Text>
                          {connection.expires_at ? (
                            <Text size="2">
                              <dt style={{ display: 'inline' }}>Access token: </dt>
                              <dd style={{ display: 'inline', margin: 0 }}>
                                {Date.parse(connection.expires_at) < Date.now() + 3_600_000 ? (
                                  <>expiring ({when(connection.expires_at)}), renewed at the next call</>
                                ) : (
                                  <>renewed automatically; this one expires {when(connection.expires_at)}</>
                                )}
                              </dd>
                            </Text>
                          ) : null}
                          {connection.failing_since ? (
                            <Text size="2" color="red">
                              <dt style={{ display: 'inline' }}>Failing since: </dt>
                              <dd style={{ display: 'inline', margin: 0 }}>
                                {when(connection.failing_since)}: {connection.last_error}
                              </dd>
                            </Text>
                          ) : connection.status === 'reconnect' && connection.last_error ? (
                            <Text size="2" color="amber">
                              {connection.last_error}
                            </Text>
                          ) : null}
                        </dl>
                      </Flex>
                    ) : null}
                    {canManage ? (
                      <Flex direction="column" gap="3">
                        {app.id === 'slack' && connection?.status === 'connected' ? (
                          <SlackChannelPicker
                            storeId={storeId}
                            current={
                              settings.default_channel
                                ? {
                                    id: settings.default_channel,
                                    name: settings.default_channel_name ?? settings.default_channel,
                                  }
                                : undefined
                            }
                          />
                        ) : null}
                        {app.id === 'calcom' && connection?.status === 'connected' ? (
                          <CalcomEventTypePicker
                            storeId={storeId}
                            current={
                              settings.event_type_id && settings.booking_url
                                ? {
                                    id: Number(settings.event_type_id),
                                    title: settings.event_type_title ?? '',
                                    bookingUrl: settings.booking_url,
                                  }
                                : undefined
                            }
                          />
                        ) : null}
                        {app.id === 'google-sheets' && connection?.status === 'connected' ? (
                          <SheetsSettingsForm
                            storeId={storeId}
                            spreadsheetId={settings.spreadsheet_id}
                            sheet={settings.sheet}
                          />
                        ) : null}
                        <Flex gap="3" wrap="wrap" align="start">
                          {!live || connection.status === 'reconnect' ? (
                            <ConnectAppForm
                              storeId={storeId}
                              app={app.id}
                              name={app.name}
                              again={connection?.status === 'reconnect'}
                              apiKeyLabel={app.auth.type === 'api_key' ? app.auth.label : undefined}
                              keyOptional={app.auth.type === 'api_key' && Boolean(app.auth.generate)}
                              url={
                                app.publicUrlSettings?.[0]
                                  ? { setting: app.publicUrlSettings[0], label: `${app.name} endpoint URL` }
                                  : undefined
                              }
                            />
                          ) : null}
                          {live && connection.status === 'connected' && app.testable ? (
                            <SendTestForm storeId={storeId} app={app.id} name={app.name} />
                          ) : null}
                          {live ? <DisconnectAppForm storeId={storeId} app={app.id} name={app.name} /> : null}
                        </Flex>
                      </Flex>
                    ) : null}
                    {failed.length ? (
                      <Flex direction="column" gap="2" asChild>
                        <section aria-label={`${app.name} jobs that need attention`}>
                          <Heading as="h3" size="2">
                            Jobs that need attention
                          </Heading>
                          {failed.map((job) => (
                            <Card key={job.id} size="1" variant="surface" data-testid="app-failed-job">
                              <Flex gap="3" justify="between" align="start" wrap="wrap">
                                <Flex direction="column" gap="1" minWidth="0" flexBasis="14rem" flexGrow="1">
                                  <Flex gap="2" align="center" wrap="wrap">
                                    <Text size="2" weight="medium">
                                      #{job.id} {job.job_title ?? job.topic}
                                    </Text>
                                    <Badge color={job.status === 'dead' ? 'red' : 'amber'}>
                                      {job.status === 'dead' ? 'failed' : `retrying (${job.attempts})`}
                                    </Badge>
                                  </Flex>
                                  <Text size="2">{job.last_error}</Text>
                                  <Code variant="ghost" size="1" color="gray">
                                    {job.topic}
                                  </Code>
                                </Flex>
                                <RetryJobButton
                                  storeId={storeId}
                                  jobId={job.id}
                                  title={job.job_title ?? job.topic}
                                />
                              </Flex>
                            </Card>
                          ))}
                        </section>
                      </Flex>
                    ) : null}
                  </Flex>
                </Card>
              </li>
            )
          })}
        </ul>
      </Grid>
    </Flex>
  )
}
