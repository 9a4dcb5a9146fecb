import { Flex, Skeleton } from '@radix-ui/themes'

export default function Loading() {
  return (
    <Flex direction="column" gap="4" aria-busy="true" aria-label="Loading the store">
      <Skeleton height="40px" width="60%" />
      <Skeleton height="20px" width="40%" />
      <Skeleton height="64px" />
      <Skeleton height="64px" />
      <Skeleton height="180px" />
    </Flex>
  )
}
