import { Card, Flex, Heading, Text } from '@radix-ui/themes'
import { roleLabel } from '../../lib/roles.ts'
import type { MyInvitation } from '../../lib/types.ts'
import { LocalDate } from '../local-format.tsx'
import { AcceptInvitationButton } from './accept-invitation-button.tsx'

const dateOptions: Intl.DateTimeFormatOptions = { dateStyle: 'medium' }

/** Invitations addressed to me; shown only when there are some. */
export function MyInvitations({ invitations }: { invitations: MyInvitation[] }) {
  if (invitations.length === 0) return null
  return (
    <Flex asChild direction="column" gap="3">
      <section aria-labelledby="my-invitations-heading">
        <Heading as="h2" size="4" id="my-invitations-heading">
          Invitations for you
        </Heading>
        {invitations.map((inv) => {
          const role = roleLabel[inv.role].toLowerCase()
          return (
            <Card key={inv.id} data-testid="my-invitation">
              <Flex justify="between" align="center" gap="3" wrap="wrap">
                <Flex direction="column" minWidth="0">
                  <Text>
                    {inv.store_name ? (
                      <>
                        Join <strong>{inv.store_name}</strong> as {role}
                      </>
                    ) : (
                      `An invitation to join a store as ${role}`
                    )}
                  </Text>
                  <Text size="1" color="gray">
                    Expires <LocalDate value={inv.expires_at} options={dateOptions} />
                  </Text>
                </Flex>
                <AcceptInvitationButton token={inv.token} storeName={inv.store_name} />
              </Flex>
            </Card>
          )
        })}
      </section>
    </Flex>
  )
}
