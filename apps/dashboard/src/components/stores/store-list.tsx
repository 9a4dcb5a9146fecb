import { Card, Flex, Link, Text } from '@radix-ui/themes'
import NextLink from 'next/link'
import type { MyStore } from '../../lib/types.ts'
import { EmptyState } from '../empty-state.tsx'
import { RoleBadge } from '../role-badge.tsx'

export function StoreList({ stores }: { stores: MyStore[] }) {
  if (stores.length === 0) {
    return (
      <EmptyState title="You are not in any store yet">
        Create one below, or accept an invitation from a store's owner.
      </EmptyState>
    )
  }
  return (
    <Flex asChild direction="column" gap="2" m="0" p="0">
      <ul aria-label="My stores" style={{ listStyle: 'none' }}>
        {stores.map(({ store, role }) => (
          <li key={store.id} data-testid="store-item">
            <Card asChild>
              <NextLink href={`/stores/${store.id}`} aria-label={`${store.name} (${role})`}>
                <Flex justify="between" align="center" gap="3">
                  <Flex direction="column" minWidth="0">
                    <Link asChild weight="medium">
                      <span className="truncate" data-testid="store-name">
                        {store.name}
                      </span>
                    </Link>
                    <Text size="1" color="gray" className="truncate">
                      {store.slug}
                      {store.status === 'suspended' ? ' · suspended' : ''}
                    </Text>
                  </Flex>
                  <RoleBadge role={role} />
                </Flex>
              </NextLink>
            </Card>
          </li>
        ))}
      </ul>
    </Flex>
  )
}
