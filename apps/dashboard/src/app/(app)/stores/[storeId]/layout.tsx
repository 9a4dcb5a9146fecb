import { Box, Flex } from '@radix-ui/themes'
import type { ReactNode } from 'react'
import { StoreNav } from '../../../../components/store-nav/store-nav.tsx'
import { getStore } from '../../../../lib/data/stores.ts'

type Props = { children: ReactNode; params: Promise<{ storeId: string }> }

/** Every page of a store sits beside the store's navigation (a sidebar, or a menu on a phone). */
export default async function StoreLayout({ children, params }: Props) {
  const { storeId } = await params
  const store = await getStore(storeId)
  // Not a store I can see: the page says so (not found, or the load error) without a navigation.
  if (!store.ok || !store.data) return children
  return (
    <Flex direction={{ initial: 'column', md: 'row' }} gap={{ initial: '0', md: '6' }}>
      <StoreNav storeId={storeId} storeName={store.data.name} />
      <Box flexGrow="1" minWidth="0">
        {children}
      </Box>
    </Flex>
  )
}
