import { Card, Flex, Text } from '@radix-ui/themes'
import type { Member } from '../../lib/types.ts'
import { ChatwootSyncBadge } from '../agent-context/chatwoot-sync-badge.tsx'
import { EmptyState } from '../empty-state.tsx'
import { RoleBadge } from '../role-badge.tsx'
import { RemoveMemberButton } from './remove-member-button.tsx'

type Props = { storeId: string; members: Member[]; currentUserId: string; canManage: boolean }

export function MembersList({ storeId, members, currentUserId, canManage }: Props) {
  if (members.length === 0) return <EmptyState title="No members to show" />
  return (
    <Flex asChild direction="column" gap="2" m="0" p="0">
      <ul aria-label="Members" style={{ listStyle: 'none' }}>
        {members.map((m) => {
          const name = m.profile?.full_name || m.profile?.email || 'Unknown user'
          const isMe = m.user_id === currentUserId
          return (
            <li key={m.user_id} data-testid="member-item">
              <Card>
                <Flex justify="between" align="center" gap="3" wrap="wrap">
                  <Flex direction="column" minWidth="0" style={{ flex: '1 1 12rem' }}>
                    <Text weight="medium" className="truncate">
                      <span data-testid="member-name">{name}</span>
                      {isMe ? (
                        <Text color="gray" weight="regular">
                          {' '}
                          (you)
                        </Text>
                      ) : null}
                    </Text>
                    {m.profile?.email && m.profile.full_name ? (
                      <Text size="1" color="gray" className="truncate">
                        {m.profile.email}
                      </Text>
                    ) : null}
                  </Flex>
                  <Flex align="center" gap="3">
                    <RoleBadge role={m.role} />
                    {canManage ? <ChatwootSyncBadge storeId={storeId} userId={m.user_id} /> : null}
                    {canManage && m.role !== 'owner' && !isMe ? (
                      <RemoveMemberButton storeId={storeId} userId={m.user_id} name={name} />
                    ) : null}
                  </Flex>
                </Flex>
              </Card>
            </li>
          )
        })}
      </ul>
    </Flex>
  )
}
