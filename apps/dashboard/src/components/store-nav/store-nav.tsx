'use client'

import { HamburgerMenuIcon } from '@radix-ui/react-icons'
import { Box, Button, DropdownMenu, Flex, Spinner, Text } from '@radix-ui/themes'
import NextLink, { useLinkStatus } from 'next/link'
import { usePathname } from 'next/navigation'
import { activeSection, sectionHref, storeSections } from '../../lib/store-nav.ts'

/**
 * The store's one navigation: a sidebar from md up, a menu on a phone. Both read the one list of sections
 * (lib/store-nav.ts), and mark the section of the current page with aria-current.
 */
export function StoreNav({ storeId, storeName }: { storeId: string; storeName: string }) {
  const pathname = usePathname()
  const active = activeSection(storeId, pathname)
  const current = storeSections.find((s) => s.segment === active)
  return (
    <>
      <Box display={{ initial: 'none', md: 'block' }} asChild style={{ width: 200, flexShrink: 0 }}>
        <nav aria-label="Store">
          <Text as="p" size="1" color="gray" weight="medium" mb="2" className="truncate">
            {storeName}
          </Text>
          <Flex direction="column" gap="1">
            {storeSections.map(({ segment, label, icon: Icon }) => (
              <Button
                key={segment}
                asChild
                variant={segment === active ? 'soft' : 'ghost'}
                color={segment === active ? undefined : 'gray'}
                style={{ justifyContent: 'flex-start', margin: 0 }}
              >
                <NextLink
                  href={sectionHref(storeId, segment)}
                  aria-current={segment === active ? 'page' : undefined}
                >
                  <Icon aria-hidden /> {label}
                  <Pending />
                </NextLink>
              </Button>
            ))}
          </Flex>
        </nav>
      </Box>
      <Box display={{ initial: 'block', md: 'none' }} mb="4">
        <DropdownMenu.Root>
          <DropdownMenu.Trigger>
            <Button variant="soft" color="gray" aria-label={`Store menu: ${current?.label ?? storeName}`}>
              <HamburgerMenuIcon aria-hidden /> {current?.label ?? storeName}
              <DropdownMenu.TriggerIcon />
            </Button>
          </DropdownMenu.Trigger>
          <DropdownMenu.Content>
            <DropdownMenu.Label>{storeName}</DropdownMenu.Label>
            {storeSections.map(({ segment, label, icon: Icon }) => (
              <DropdownMenu.Item key={segment} asChild>
                <NextLink
                  href={sectionHref(storeId, segment)}
                  aria-current={segment === active ? 'page' : undefined}
                >
                  <Icon aria-hidden /> {label}
                </NextLink>
              </DropdownMenu.Item>
            ))}
          </DropdownMenu.Content>
        </DropdownMenu.Root>
      </Box>
    </>
  )
}

/**
 * A spinner in the link whose page is on its way. Pages such as Analytics stream no skeleton (they come
 * whole, sooner), so the clicked link is where the wait shows.
 */
function Pending() {
  const { pending } = useLinkStatus()
  return pending ? <Spinner size="1" aria-hidden /> : null
}
