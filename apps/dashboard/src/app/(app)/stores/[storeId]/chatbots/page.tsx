import { Card, Flex, Heading, Text } from '@radix-ui/themes'
import type { Metadata } from 'next'
import { notFound } from 'next/navigation'
import { BackLink } from '../../../../../components/chatbot/back-link.tsx'
import { ChatbotList } from '../../../../../components/chatbot/chatbot-list.tsx'
import { CreateChatbotForm } from '../../../../../components/chatbot/create-chatbot-form.tsx'
import { ReadOnlyNotice } from '../../../../../components/chatbot/read-only-notice.tsx'
import { LoadError } from '../../../../../components/load-error.tsx'
import { requireUser } from '../../../../../lib/auth.ts'
import { getMyRole, listChatbots } from '../../../../../lib/data/chatbots.ts'
import { getStore } from '../../../../../lib/data/stores.ts'
import { canManageMembers } from '../../../../../lib/roles.ts'

type Props = { params: Promise<{ storeId: string }> }

export const metadata: Metadata = { title: 'Chatbots' }

export default async function ChatbotsPage({ params }: Props) {
  const { storeId } = await params
  const user = await requireUser(`/stores/${storeId}/chatbots`)
  const [store, chatbots, role] = await Promise.all([
    getStore(storeId),
    listChatbots(storeId),
    getMyRole(storeId, user.id),
  ])
  if (!store.ok) return <LoadError message={store.error} />
  if (!store.data) notFound()
  const canEdit = canManageMembers(role)
  return (
    <Flex direction="column" gap="5">
      <BackLink href={`/stores/${storeId}`}>{store.data.name}</BackLink>
      <Flex direction="column" gap="1">
        <Heading as="h1" size="7">
          Chatbots
        </Heading>
        <Text color="gray" size="2">
          What each chatbot knows, how it looks on your site, and the code to embed it.
        </Text>
      </Flex>
      {chatbots.ok ? (
        <ChatbotList storeId={storeId} chatbots={chatbots.data} />
      ) : (
        <LoadError message={chatbots.error} />
      )}
      {canEdit ? (
        <Card size="2" asChild>
          <section aria-labelledby="create-chatbot-heading">
            <Flex direction="column" gap="3">
              <Heading as="h2" size="4" id="create-chatbot-heading">
                Create a chatbot
              </Heading>
              <CreateChatbotForm storeId={storeId} />
            </Flex>
          </section>
        </Card>
      ) : (
        <ReadOnlyNotice>
          You are an agent in this store: you can look at the chatbots; owners and admins edit them.
        </ReadOnlyNotice>
      )}
    </Flex>
  )
}
