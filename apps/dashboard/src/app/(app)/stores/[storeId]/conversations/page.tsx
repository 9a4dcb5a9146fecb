import { Flex } from '@radix-ui/themes'
import type { Metadata } from 'next'
import { notFound } from 'next/navigation'
import { BackLink } from '../../../../../components/chatbot/back-link.tsx'
import { ConversationsView } from '../../../../../components/conversations/conversations-view.tsx'
import { LoadError } from '../../../../../components/load-error.tsx'
import { requireUser } from '../../../../../lib/auth.ts'
import { getMyRole } from '../../../../../lib/data/chatbots.ts'
import { listMessages, listSessions } from '../../../../../lib/data/conversations.ts'
import { getStore } from '../../../../../lib/data/stores.ts'

type Props = { params: Promise<{ storeId: string }>; searchParams: Promise<{ session?: string }> }

export const metadata: Metadata = { title: 'Conversations' }

/** Initial rows come from the server; the client view keeps them live over realtime. */
export default async function ConversationsPage({ params, searchParams }: Props) {
  const { storeId } = await params
  const { session } = await searchParams
  const user = await requireUser(
    `/stores/${storeId}/conversations${session ? `?session=${encodeURIComponent(session)}` : ''}`,
  )
  const selectedId = typeof session === 'string' && /^[0-9a-f-]{36}$/i.test(session) ? session : null
  const [store, sessions, messages, role] = await Promise.all([
    getStore(storeId),
    listSessions(storeId),
    selectedId ? listMessages(storeId, selectedId) : Promise.resolve({ ok: true as const, data: [] }),
    getMyRole(storeId, user.id),
  ])
  if (!store.ok) return <LoadError message={store.error} />
  if (!store.data) notFound()
  return (
    <Flex direction="column" gap="4">
      <BackLink href={`/stores/${storeId}`}>{store.data.name}</BackLink>
      {!sessions.ok ? <LoadError message={sessions.error} /> : null}
      {!messages.ok ? <LoadError message={messages.error} /> : null}
      <ConversationsView
        storeId={storeId}
        initialSessions={sessions.ok ? sessions.data : []}
        initialSelectedId={selectedId}
        initialMessages={messages.ok ? messages.data : []}
        isOwner={role === 'owner'}
      />
    </Flex>
  )
}
