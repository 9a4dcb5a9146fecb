import { Card, Flex, Heading, Text } from '@radix-ui/themes'
import type { Metadata } from 'next'
import { signOut } from '../../../../actions/auth.ts'
import { AcceptInvitationButton } from '../../../../components/stores/accept-invitation-button.tsx'
import { SubmitButton } from '../../../../components/submit-button.tsx'
import { requireUser } from '../../../../lib/auth.ts'
import { findInvitationByToken } from '../../../../lib/data/invitations.ts'
import { roleLabel } from '../../../../lib/roles.ts'

export const metadata: Metadata = { title: 'Invitation' }

type Props = { params: Promise<{ token: string }> }

export default async function InvitationPage({ params }: Props) {
  const { token } = await params
  const user = await requireUser(`/invitations/${encodeURIComponent(token)}`)
  // Shown only if the database lets the invitee read it; accepting works either way and explains failures.
  const invitation = await findInvitationByToken(token)
  return (
    <Flex justify="center">
      <Card size="3" style={{ width: '100%', maxWidth: 480 }}>
        <Flex direction="column" gap="4">
          <Heading as="h1" size="6">
            {invitation?.store_name ? `Join ${invitation.store_name}` : 'You have been invited'}
          </Heading>
          <Text color="gray">
            {invitation
              ? `You are invited to join as ${roleLabel[invitation.role].toLowerCase()}.`
              : 'Accept to join the store that invited you.'}{' '}
            You are signed in as <strong>{user.email}</strong>; the invitation must be addressed to this
            email.
          </Text>
          <AcceptInvitationButton token={token} storeName={invitation?.store_name} />
          <form action={signOut}>
            <input type="hidden" name="next" value={`/invitations/${encodeURIComponent(token)}`} />
            <Flex align="center" gap="2" wrap="wrap">
              <Text size="2" color="gray">
                Not you?
              </Text>
              <SubmitButton variant="soft" color="gray" size="1">
                Sign out and switch account
              </SubmitButton>
            </Flex>
          </form>
        </Flex>
      </Card>
    </Flex>
  )
}
