import { Badge, Flex, Heading, Text } from '@radix-ui/themes'
import type { Role } from '../../lib/roles.ts'
import type { Store } from '../../lib/types.ts'
import { LocalDate } from '../local-format.tsx'
import { RoleBadge } from '../role-badge.tsx'

const dateOptions: Intl.DateTimeFormatOptions = { dateStyle: 'medium' }

export function StoreSummary({ store, myRole }: { store: Store; myRole: Role | undefined }) {
  return (
    <Flex direction="column" gap="2">
      <Flex align="center" gap="3" wrap="wrap">
        <Heading as="h1" size="7" className="truncate" data-testid="store-heading">
          {store.name}
        </Heading>
        {store.status === 'suspended' ? <Badge color="red">Suspended</Badge> : null}
      </Flex>
      <Flex align="center" gap="2" wrap="wrap">
        <Text size="2" color="gray">
          {store.slug} · created <LocalDate value={store.created_at} options={dateOptions} /> · your role
        </Text>
        {myRole ? <RoleBadge role={myRole} /> : null}
      </Flex>
    </Flex>
  )
}
