import { Flex, Heading, Skeleton } from '@radix-ui/themes'

export default function Loading() {
  return (
    <Flex direction="column" gap="4" aria-busy="true" aria-label="Loading your stores">
      <Heading as="h1" size="7">
        My stores
      </Heading>
      <Skeleton height="64px" />
      <Skeleton height="64px" />
      <Skeleton height="140px" />
    </Flex>
  )
}
