import { Flex, Skeleton } from '@radix-ui/themes'

export default function Loading() {
  return (
    <Flex justify="center" aria-busy="true" aria-label="Loading the invitation">
      <Skeleton height="220px" width="100%" maxWidth="480px" />
    </Flex>
  )
}
