'use client'

import { funnelLabels, type Report } from '@parley/supabase/analytics'
import { Button, Flex, Grid, Heading, Text } from '@radix-ui/themes'
import dynamic from 'next/dynamic'
import { useCallback, useRef, useState } from 'react'
import { type AnalyticsFilters, filterArgs, filtersToSearch, todayIn } from '../../lib/analytics/filters.ts'
import type { LiveStatus } from '../../lib/realtime.ts'
import { LiveIndicator } from '../conversations/live-indicator.tsx'
import { EmptyState } from '../empty-state.tsx'
import { LoadError } from '../load-error.tsx'
import { AgentsTable } from './agents-table.tsx'
import { Attribution } from './attribution.tsx'
import { BarList } from './bar-list.tsx'
import type { Drill } from './drill.ts'
import { FiltersBar } from './filters-bar.tsx'
import { KpiCards } from './kpi-cards.tsx'
import { SeriesChart } from './series-chart.tsx'
import { UnansweredList } from './unanswered-list.tsx'

// supabase-js (the live channel, the refetch, a drill's list) and zod (checking a refetched report) are
// needed only after the first view: they load then, apart from the page's own script.
const AnalyticsLive = dynamic(() => import('./analytics-live.tsx').then((m) => m.AnalyticsLive), {
  ssr: false,
})
const DrillDialog = dynamic(() => import('./drill-dialog.tsx').then((m) => m.DrillDialog), { ssr: false })
const supabase = () => import('../../lib/realtime.ts').then((m) => m.browserClient())
const reportSchema = () => import('@parley/supabase/analytics/schema').then((m) => m.reportSchema)

type Props = {
  storeId: string
  storeName: string
  timeZone: string
  initialFilters: AnalyticsFilters
  initialReport: Report | null
  initialError: string | null
  chatbots: { id: string; name: string; languages: string[] }[]
  canEditFaqs: boolean
}

/**
 * The store's analytics, live: on each ping of the store's channel (AnalyticsLive) the view refetches its
 * report under RLS, at most one request at a time (a ping during a request asks for one more after it).
 */
export function AnalyticsView(props: Props) {
  const { storeId, storeName, timeZone, chatbots, canEditFaqs } = props
  const [filters, setFilters] = useState(props.initialFilters)
  const [report, setReport] = useState(props.initialReport)
  const [error, setError] = useState(props.initialError)
  const [drill, setDrill] = useState<Drill | null>(null)
  const filtersRef = useRef(filters)
  filtersRef.current = filters
  const inFlight = useRef(false)
  const again = useRef(false)
  const [status, setStatus] = useState<LiveStatus>('connecting')

  const refetch = useCallback(async () => {
    if (inFlight.current) {
      again.current = true
      return
    }
    inFlight.current = true
    try {
      do {
        again.current = false
        const asked = filtersRef.current
        const { data, error } = await (await supabase()).rpc('analytics_report', filterArgs(storeId, asked))
        if (asked !== filtersRef.current) again.current = true
        else if (error) setError('Could not refresh the analytics. Retrying on the next change.')
        else {
          const parsed = (await reportSchema()).safeParse(data)
          if (parsed.success) {
            setReport(parsed.data)
            setError(null)
          }
        }
      } while (again.current)
    } finally {
      inFlight.current = false
    }
  }, [storeId])

  const ping = useCallback(() => void refetch(), [refetch])

  const changeFilters = (next: AnalyticsFilters) => {
    setFilters(next)
    filtersRef.current = next
    // The URL says what is shown; no server round trip (the client reads the report itself).
    window.history.replaceState(null, '', `?${filtersToSearch(next)}`)
    void refetch()
  }

  const exportHref = (format: string) =>
    `/stores/${storeId}/analytics/export?format=${format}&${filtersToSearch(filters)}`
  const k = report?.kpis
  const total = report ? report.kpis.conversations + report.previous.conversations : 0

  return (
    <Flex direction="column" gap="4">
      <Flex justify="between" align="center" wrap="wrap" gap="2">
        <Flex direction="column">
          <Heading as="h1" size="6">
            Analytics
          </Heading>
          <Text size="1" color="gray">
            {storeName} · days in {timeZone}
          </Text>
        </Flex>
        <Flex gap="2" align="center" wrap="wrap">
          <LiveIndicator status={status} label="Analytics" />
          <Button asChild size="1" variant="soft">
            <a href={exportHref('conversations')} download>
              CSV per conversation
            </a>
          </Button>
          <Button asChild size="1" variant="soft">
            <a href={exportHref('days')} download>
              CSV per day
            </a>
          </Button>
          <Button asChild size="1" variant="soft">
            <a href={exportHref('pdf')} download>
              PDF report
            </a>
          </Button>
        </Flex>
      </Flex>
      <FiltersBar filters={filters} today={todayIn(timeZone)} chatbots={chatbots} onChange={changeFilters} />
      {error ? <LoadError message={error} /> : null}
      {report && k ? (
        <>
          {total === 0 ? (
            <EmptyState title="No conversations in this period">
              When shoppers chat with your bot, their conversations, handoffs and questions show up here
              within seconds. Try a longer period, or fewer filters.
            </EmptyState>
          ) : null}
          <KpiCards kpis={k} previous={report.previous} onDrill={setDrill} />
          <Attribution kpis={k} onDrill={setDrill} />
          <SeriesChart series={report.series} onDrill={setDrill} />
          <Grid columns={{ initial: '1', md: '2' }} gap="4">
            <BarList
              title="Funnel"
              hint="From the pre-chat form to an engaged shopper (a second line); click a step for its conversations."
              testId="funnel-chart"
              empty="No conversations in this period yet."
              items={report.funnel.map((step, i) => {
                const before = i > 0 ? report.funnel[i - 1]?.events : undefined
                return {
                  label: funnelLabels[step.kind] ?? step.kind,
                  value: step.events,
                  note:
                    before && step.kind !== 'conversation_started'
                      ? `${Math.round((1 - step.events / before) * 100)} % drop`
                      : undefined,
                  onClick: step.events
                    ? () =>
                        setDrill({
                          title: funnelLabels[step.kind] ?? step.kind,
                          kinds: [step.kind as Drill['kinds'][number]],
                        })
                    : undefined,
                }
              })}
            />
            <BarList
              title="Top intents"
              hint="What shoppers' lines were about."
              testId="intents-chart"
              empty="No intent recognised in this period."
              color="violet"
              items={report.intents.map((i) => ({
                label: i.intent,
                value: i.events,
                onClick: () =>
                  setDrill({
                    title: `Intent: ${i.intent}`,
                    kinds: ['bot_answered', 'unanswered_question'],
                    intent: i.intent,
                  }),
              }))}
            />
            <BarList
              title="Sentiment"
              hint="Each shopper line, from very negative to very positive."
              testId="sentiment-chart"
              empty="No sentiment measured in this period."
              color="teal"
              items={report.sentiment.map((b) => ({ label: b.bucket, value: b.events }))}
            />
            <UnansweredList
              storeId={storeId}
              questions={report.unanswered}
              chatbots={chatbots}
              chatbotId={filters.chatbot}
              canEditFaqs={canEditFaqs}
              onDrill={setDrill}
            />
          </Grid>
          <AgentsTable agents={report.agents} onDrill={setDrill} />
        </>
      ) : null}
      <AnalyticsLive storeId={storeId} onPing={ping} onStatus={setStatus} />
      <DrillDialog storeId={storeId} filters={filters} drill={drill} onClose={() => setDrill(null)} />
    </Flex>
  )
}
