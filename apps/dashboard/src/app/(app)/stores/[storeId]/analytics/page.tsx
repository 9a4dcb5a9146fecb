import { Flex } from '@radix-ui/themes'
import type { Metadata } from 'next'
import { notFound } from 'next/navigation'
import { AnalyticsView } from '../../../../../components/analytics/analytics-view.tsx'
import { ReportSchedules } from '../../../../../components/analytics/report-schedules.tsx'
import { BackLink } from '../../../../../components/chatbot/back-link.tsx'
import { LoadError } from '../../../../../components/load-error.tsx'
import { todayIn } from '../../../../../lib/analytics/filters.ts'
import { readFilters, withDates } from '../../../../../lib/analytics/parse-filters.ts'
import { requireUser } from '../../../../../lib/auth.ts'
import { getReport, getStoreTimeZone, listReportSchedules } from '../../../../../lib/data/analytics.ts'
import { getMyRole, listChatbots } from '../../../../../lib/data/chatbots.ts'
import { listMembers } from '../../../../../lib/data/members.ts'
import { getStore } from '../../../../../lib/data/stores.ts'

type Props = {
  params: Promise<{ storeId: string }>
  searchParams: Promise<Record<string, string | string[] | undefined>>
}

export const metadata: Metadata = { title: 'Analytics' }

/**
 * The first view comes from the server; the client view refetches on filters and on the store's ping.
 * No loading.tsx here or above (the store's overview and list keep theirs in route groups): a streamed
 * page is revealed no sooner than 300 ms after its skeleton's first frame, a third of the page's 1 s
 * budget. It comes whole instead, and the store's navigation shows the clicked link waiting.
 */
export default async function AnalyticsPage({ params, searchParams }: Props) {
  const { storeId } = await params
  const asked = readFilters(await searchParams)
  // Everything starts at once, the report too (it names today in the store's time zone itself when the URL
  // gives no dates): the page waits for one round trip, not two.
  const user = requireUser(`/stores/${storeId}/analytics`)
  const role = user.then(
    (u) => getMyRole(storeId, u.id),
    () => undefined, // the redirect is thrown by awaiting `user` below
  )
  const report = getReport(storeId, asked)
  const rest = Promise.all([listChatbots(storeId), listReportSchedules(storeId), listMembers(storeId)])
  const [, store, timeZone] = await Promise.all([user, getStore(storeId), getStoreTimeZone(storeId)])
  if (!store.ok) return <LoadError message={store.error} />
  if (!store.data) notFound()
  const [loaded, [chatbots, schedules, members], myRole] = await Promise.all([report, rest, role])
  const filters = loaded.ok
    ? { ...asked, from: loaded.data.from, to: loaded.data.to }
    : withDates(asked, todayIn(timeZone))
  const canEdit = myRole === 'owner' || myRole === 'admin'
  return (
    <Flex direction="column" gap="4">
      <BackLink href={`/stores/${storeId}`}>{store.data.name}</BackLink>
      {!chatbots.ok ? <LoadError message={chatbots.error} /> : null}
      <AnalyticsView
        storeId={storeId}
        storeName={store.data.name}
        timeZone={timeZone}
        initialFilters={filters}
        initialReport={loaded.ok ? loaded.data : null}
        initialError={loaded.ok ? null : loaded.error}
        chatbots={
          chatbots.ok ? chatbots.data.map((c) => ({ id: c.id, name: c.name, languages: c.languages })) : []
        }
        canEditFaqs={canEdit}
      />
      {schedules.ok && members.ok ? (
        <ReportSchedules
          storeId={storeId}
          timeZone={timeZone}
          schedules={schedules.data}
          members={members.data}
          canEdit={canEdit}
        />
      ) : (
        <LoadError message={!schedules.ok ? schedules.error : !members.ok ? members.error : ''} />
      )}
    </Flex>
  )
}
