import { Card, Flex, Heading, Text } from '@radix-ui/themes'
import { roleLabel } from '../../lib/roles.ts'
import type { MyInvitation } from '../../lib/types.ts'
import { AcceptInvitationButton } from './accept-invitation-button.tsx'

/** Invitations addressed to me; shown only when there are some. */
export function MyInvitations({ invitations }: { invitations: MyInvitation[] }) {
  if (invitations.length === 0) return null
  return (
    <Flex asChild direction="column" gap="3">
      <section aria-labelledby="my-invitations-heading">
        <Heading as="h2" size="4" id="my-invitations-heading">
          Invitations for you
        </Heading>
        {invitations.map((inv) => (
          <Card key={inv.id} data-testid="my-invitation">
            <Flex justify="between" align="center" gap="3" wrap="wrap">
              <Text>
                Join <strong>{inv.store_name ?? 'a store'}</strong> as {roleLabel[inv.role].toLowerCase()}
              </Text>
              <AcceptInvitationButton token={inv.token} storeName={inv.store_name} />
            </Flex>
          </Card>
        ))}
      </section>
    </Flex>
  )
}
