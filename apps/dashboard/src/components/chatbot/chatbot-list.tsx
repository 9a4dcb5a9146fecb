import { ChevronRightIcon } from '@radix-ui/react-icons'
import { Card, Flex, Text } from '@radix-ui/themes'
import NextLink from 'next/link'
import { type Chatbot, resolveTheme } from '../../lib/chatbot/types.ts'
import { EmptyState } from '../empty-state.tsx'

export function ChatbotList({ storeId, chatbots }: { storeId: string; chatbots: Chatbot[] }) {
  if (chatbots.length === 0) {
    return <EmptyState title="No chatbots yet">Owners and admins can create one below.</EmptyState>
  }
  return (
    <Flex asChild direction="column" gap="2" m="0" p="0">
      <ul aria-label="Chatbots" style={{ listStyle: 'none' }}>
        {chatbots.map((bot) => (
          <li key={bot.id} data-testid="chatbot-item">
            <Card asChild>
              <NextLink href={`/stores/${storeId}/chatbots/${bot.id}`}>
                <Flex align="center" justify="between" gap="3">
                  <Flex align="center" gap="3" minWidth="0">
                    <span
                      aria-hidden
                      style={{
                        width: 16,
                        height: 16,
                        borderRadius: '50%',
                        flex: 'none',
                        background: resolveTheme(bot.theme).color,
                      }}
                    />
                    <Flex direction="column" minWidth="0">
                      <Text weight="medium" className="truncate" data-testid="chatbot-name">
                        {bot.name}
                      </Text>
                      <Text size="1" color="gray" className="truncate">
                        Public id {bot.public_id}
                      </Text>
                    </Flex>
                  </Flex>
                  <ChevronRightIcon aria-hidden />
                </Flex>
              </NextLink>
            </Card>
          </li>
        ))}
      </ul>
    </Flex>
  )
}
