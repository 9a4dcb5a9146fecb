import { Card, Flex, Heading, Text } from '@radix-ui/themes'
import type { Metadata } from 'next'
import { LoadError } from '../../../../components/load-error.tsx'
import { CreateStoreForm } from '../../../../components/stores/create-store-form.tsx'
import { MyInvitations } from '../../../../components/stores/my-invitations.tsx'
import { StoreList } from '../../../../components/stores/store-list.tsx'
import { requireUser } from '../../../../lib/auth.ts'
import { listMyInvitations } from '../../../../lib/data/invitations.ts'
import { listMyStores } from '../../../../lib/data/stores.ts'

export const metadata: Metadata = { title: 'My stores' }

export default async function StoresPage() {
  const user = await requireUser('/stores')
  const [stores, invitations] = await Promise.all([
    listMyStores(user.id),
    listMyInvitations(user.email ?? ''),
  ])
  return (
    <Flex direction="column" gap="6">
      <Heading as="h1" size="7">
        My stores
      </Heading>
      {invitations.ok ? (
        <MyInvitations invitations={invitations.data} />
      ) : (
        <LoadError message={invitations.error} />
      )}
      <Flex asChild direction="column" gap="3">
        <section aria-label="Store list">
          {stores.ok ? <StoreList stores={stores.data} /> : <LoadError message={stores.error} />}
        </section>
      </Flex>
      <Card size="2" asChild>
        <section aria-labelledby="create-store-heading">
          <Flex direction="column" gap="3">
            <Heading as="h2" size="4" id="create-store-heading">
              Create a store
            </Heading>
            <Text size="2" color="gray">
              You become its owner and can invite admins and agents.
            </Text>
            <CreateStoreForm />
          </Flex>
        </section>
      </Card>
    </Flex>
  )
}
