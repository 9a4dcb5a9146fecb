'use client'

import type { Tables } from '@parley/supabase/database'
import { Badge, Button, Callout, Card, Code, Flex, Select, Text } from '@radix-ui/themes'
import { useCallback, useEffect, useRef, useState, useTransition } from 'react'
import { rerunRun, retryRunStep } from '../../../actions/automations.ts'
import { ago, duration, runStatusColor } from '../../../lib/automations/format.ts'
import { browserClient, useLiveChannel } from '../../../lib/realtime.ts'
import { LiveIndicator } from '../../conversations/live-indicator.tsx'

type Run = Pick<
  Tables<'workflow_runs'>,
  'id' | 'status' | 'workflow_version' | 'started_at' | 'finished_at' | 'error' | 'session_id' | 'rerun_of'
>
type Step = Pick<
  Tables<'workflow_run_steps'>,
  | 'id'
  | 'run_id'
  | 'seq'
  | 'node_id'
  | 'node_type'
  | 'status'
  | 'port'
  | 'input'
  | 'output'
  | 'error'
  | 'attempts'
  | 'started_at'
  | 'finished_at'
>

const RUN_COLUMNS = 'id, status, workflow_version, started_at, finished_at, error, session_id, rerun_of'
const STEP_COLUMNS =
  'id, run_id, seq, node_id, node_type, status, port, input, output, error, attempts, started_at, finished_at'
const STATUSES = ['running', 'waiting', 'succeeded', 'failed', 'cancelled'] as const
const ALL = 'all'

type Props = {
  storeId: string
  workflowId: string
  canAct: boolean
  /** The watched run's steps by node id (their latest status), for the canvas. */
  onWatch: (path: ReadonlyMap<string, string>) => void
}

/**
 * The workflow's runs, live over Realtime (workflow_runs and workflow_run_steps under RLS): filter by
 * status, version and failed step; open one to see its steps; the watched run (the one opened, else the
 * newest) lights up its steps on the canvas. Owners and admins retry a failed step or re-run on the
 * latest version.
 */
export function RunLog({ storeId, workflowId, canAct, onWatch }: Props) {
  const [runs, setRuns] = useState<Run[] | null>(null)
  const [loadError, setLoadError] = useState<string | null>(null)
  const [status, setStatus] = useState<string>(ALL)
  const [version, setVersion] = useState<string>(ALL)
  const [failedStep, setFailedStep] = useState<string>(ALL)
  const [failedSteps, setFailedSteps] = useState<string[]>([])
  const [openId, setOpenId] = useState<string | null>(null)
  const [steps, setSteps] = useState<Step[]>([])
  const [actionError, setActionError] = useState<string | null>(null)
  const [acting, startAct] = useTransition()

  const load = useCallback(async () => {
    const supabase = browserClient()
    let query = supabase
      .from('workflow_runs')
      .select(failedStep === ALL ? RUN_COLUMNS : `${RUN_COLUMNS}, failed:workflow_run_steps!inner(node_id)`)
      .eq('workflow_id', workflowId)
      .order('started_at', { ascending: false })
      .limit(50)
    if (status !== ALL) query = query.eq('status', status as (typeof STATUSES)[number])
    if (version !== ALL) query = query.eq('workflow_version', Number(version))
    if (failedStep !== ALL) query = query.eq('failed.node_id', failedStep).eq('failed.status', 'failed')
    const { data, error } = await query
    if (error) setLoadError('Could not load the runs.')
    else {
      setLoadError(null)
      setRuns(data as unknown as Run[])
    }
    // The steps that have failed in this workflow's runs, for the filter.
    const failed = await supabase
      .from('workflow_run_steps')
      .select('node_id, workflow_runs!inner(workflow_id)')
      .eq('workflow_runs.workflow_id', workflowId)
      .eq('status', 'failed')
      .limit(500)
    setFailedSteps([...new Set((failed.data ?? []).map((s) => s.node_id))].sort())
  }, [workflowId, status, version, failedStep])

  useEffect(() => {
    void load()
  }, [load])

  const watchedId = openId ?? runs?.[0]?.id ?? null
  const watchedRef = useRef(watchedId)
  watchedRef.current = watchedId

  const loadSteps = useCallback(async (runId: string | null) => {
    if (!runId) {
      setSteps([])
      return
    }
    const { data } = await browserClient()
      .from('workflow_run_steps')
      .select(STEP_COLUMNS)
      .eq('run_id', runId)
      .order('seq', { ascending: true })
    setSteps(data ?? [])
  }, [])

  useEffect(() => {
    void loadSteps(watchedId)
  }, [watchedId, loadSteps])

  useEffect(() => {
    onWatch(new Map(steps.map((s) => [s.node_id, s.status])))
  }, [steps, onWatch])

  const live = useLiveChannel(
    `store:${storeId}`,
    (channel) =>
      channel
        .on<Tables<'workflow_runs'>>(
          'postgres_changes',
          { event: '*', schema: 'public', table: 'workflow_runs', filter: `workflow_id=eq.${workflowId}` },
          // A run's change comes with its steps' (one transaction): read the watched run's steps again, so
          // step events that arrived before the run was listed are not missed.
          () => void load().then(() => loadSteps(watchedRef.current)),
        )
        .on<Tables<'workflow_run_steps'>>(
          'postgres_changes',
          { event: '*', schema: 'public', table: 'workflow_run_steps', filter: `store_id=eq.${storeId}` },
          (payload) => {
            if (payload.eventType === 'DELETE') return
            const row = payload.new
            setSteps((list) => {
              if (row.run_id !== watchedRef.current) return list
              const others = list.filter((s) => s.id !== row.id)
              return [...others, row].sort((a, b) => a.seq - b.seq || a.id - b.id)
            })
          },
        ),
    () => {
      void load()
      void loadSteps(watchedRef.current)
    },
  )

  const act = (work: () => Promise<{ ok: boolean; error?: string }>) =>
    startAct(async () => {
      setActionError(null)
      const result = await work()
      if (!result.ok) setActionError(result.error ?? 'Something went wrong.')
      await load()
      await loadSteps(watchedRef.current)
    })

  const open = runs?.find((r) => r.id === watchedId)
  const versions = [...new Set((runs ?? []).map((r) => r.workflow_version))].sort((a, b) => b - a)

  return (
    <Flex direction="column" gap="3" data-testid="run-log">
      <Flex justify="between" align="center">
        <Text size="2" weight="medium">
          Runs
        </Text>
        <LiveIndicator status={live} label="Run log" />
      </Flex>
      <Flex gap="2" wrap="wrap">
        <Filter label="Status" value={status} onChange={setStatus} options={STATUSES.map((s) => [s, s])} />
        <Filter
          label="Version"
          value={version}
          onChange={setVersion}
          options={versions.map((v) => [String(v), `v${v}`])}
        />
        <Filter
          label="Failed step"
          value={failedStep}
          onChange={setFailedStep}
          options={failedSteps.map((s) => [s, s])}
        />
      </Flex>
      {loadError ? (
        <Callout.Root color="red" size="1" role="alert">
          <Callout.Text>{loadError}</Callout.Text>
        </Callout.Root>
      ) : null}
      {runs && !runs.length ? (
        <Text size="2" color="gray">
          {status === ALL && version === ALL && failedStep === ALL
            ? 'No runs yet. Publish the automation; runs show up here as they happen.'
            : 'No runs match these filters.'}
        </Text>
      ) : null}
      <Flex direction="column" gap="1" role="list" aria-label="Runs">
        {(runs ?? []).map((run) => (
          <Card
            key={run.id}
            size="1"
            role="listitem"
            variant={run.id === watchedId ? 'classic' : 'surface'}
            asChild
          >
            <button
              type="button"
              aria-pressed={run.id === watchedId}
              onClick={() => setOpenId(run.id === openId ? null : run.id)}
              data-testid="run-row"
              style={{ textAlign: 'left', font: 'inherit', color: 'inherit', cursor: 'pointer' }}
            >
              <Flex justify="between" align="center" gap="2">
                <Badge color={runStatusColor[run.status] ?? 'gray'}>{run.status}</Badge>
                <Text size="1" color="gray">
                  v{run.workflow_version} · {ago(run.started_at)}
                  {run.rerun_of ? ' · re-run' : ''}
                </Text>
              </Flex>
              {run.error ? (
                <Text as="p" size="1" color="red" className="truncate">
                  {run.error}
                </Text>
              ) : null}
            </button>
          </Card>
        ))}
      </Flex>
      {open ? (
        <Flex direction="column" gap="2" aria-label="Steps of the run" role="region">
          <Flex justify="between" align="center" wrap="wrap" gap="2">
            <Text size="2" weight="medium">
              {openId ? 'This run' : 'Latest run'}, step by step
            </Text>
            {canAct ? (
              <Flex gap="2">
                {open.status === 'failed' ? (
                  <Button
                    size="1"
                    variant="soft"
                    disabled={acting}
                    onClick={() => act(() => retryRunStep(storeId, open.id))}
                  >
                    Retry failed step
                  </Button>
                ) : null}
                <Button
                  size="1"
                  variant="soft"
                  color="gray"
                  disabled={acting}
                  onClick={() => act(() => rerunRun(storeId, open.id))}
                >
                  Re-run on latest version
                </Button>
              </Flex>
            ) : null}
          </Flex>
          {actionError ? (
            <Text size="1" color="red" role="alert">
              {actionError}
            </Text>
          ) : null}
          {steps.map((s) => (
            <Card key={s.id} size="1" data-testid="run-step">
              <Flex justify="between" align="center" gap="2">
                <Text size="2" weight="medium">
                  {s.seq}. {s.node_id}
                </Text>
                <Badge color={runStatusColor[s.status] ?? 'gray'}>{s.status}</Badge>
              </Flex>
              <Text as="p" size="1" color="gray">
                {s.node_type}
                {s.port ? ` → ${s.port}` : ''} · {s.attempts} attempt{s.attempts === 1 ? '' : 's'} ·{' '}
                {duration(s.started_at, s.finished_at)}
              </Text>
              {s.error ? (
                <Text as="p" size="1" color="red">
                  {s.error}
                </Text>
              ) : null}
              <Json label="Input" value={s.input} />
              <Json label="Output" value={s.output} />
            </Card>
          ))}
        </Flex>
      ) : null}
    </Flex>
  )
}

function Json({ label, value }: { label: string; value: unknown }) {
  if (value === null || value === undefined) return null
  return (
    <details>
      <summary>
        <Text size="1">{label}</Text>
      </summary>
      <Code
        size="1"
        variant="ghost"
        style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word', display: 'block' }}
      >
        {JSON.stringify(value, null, 2)}
      </Code>
    </details>
  )
}

function Filter({
  label,
  value,
  onChange,
  options,
}: {
  label: string
  value: string
  onChange: (v: string) => void
  options: [string, string][]
}) {
  return (
    <Select.Root value={value} onValueChange={onChange} size="1">
      <Select.Trigger aria-label={label} />
      <Select.Content>
        <Select.Item value={ALL}>{`${label}: all`}</Select.Item>
        {options.map(([v, text]) => (
          <Select.Item key={v} value={v}>
            {`${label}: ${text}`}
          </Select.Item>
        ))}
      </Select.Content>
    </Select.Root>
  )
}
