import { Card, Flex, Text } from '@radix-ui/themes'
import { roleLabel } from '../../lib/roles.ts'
import type { StoreInvitation } from '../../lib/types.ts'
import { EmptyState } from '../empty-state.tsx'
import { LocalDate } from '../local-format.tsx'
import { CopyLinkField } from './copy-link-field.tsx'
import { RevokeInvitationButton } from './revoke-invitation-button.tsx'

const dateOptions: Intl.DateTimeFormatOptions = { dateStyle: 'medium' }

/** Pending invitations with their accept links; nobody gets an email yet, so the link is shared by hand. */
export function PendingInvitations({
  storeId,
  invitations,
  origin,
}: {
  storeId: string
  invitations: StoreInvitation[]
  origin: string
}) {
  if (invitations.length === 0) {
    return <EmptyState title="No pending invitations">Invite someone above to give them access.</EmptyState>
  }
  return (
    <Flex asChild direction="column" gap="2" m="0" p="0">
      <ul aria-label="Pending invitations" style={{ listStyle: 'none' }}>
        {invitations.map((inv) => (
          <li key={inv.id} data-testid="pending-invitation">
            <Card>
              <Flex direction="column" gap="3">
                <Flex justify="between" align="start" gap="3" wrap="wrap">
                  <Flex direction="column" minWidth="0">
                    <Text weight="medium" className="truncate">
                      {inv.email}
                    </Text>
                    <Text size="1" color="gray">
                      {roleLabel[inv.role]} · expires{' '}
                      <LocalDate value={inv.expires_at} options={dateOptions} />
                    </Text>
                  </Flex>
                  <RevokeInvitationButton storeId={storeId} invitationId={inv.id} email={inv.email} />
                </Flex>
                <CopyLinkField
                  url={`${origin}/invitations/${inv.token}`}
                  label={`Accept link for ${inv.email}`}
                />
              </Flex>
            </Card>
          </li>
        ))}
      </ul>
    </Flex>
  )
}
